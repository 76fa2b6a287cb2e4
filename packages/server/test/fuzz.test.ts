// Fuzzing the HTTP API: every write route (POST, PUT, PATCH, DELETE in the OpenAPI document) gets
// bodies generated from its JSON Schema — valid-shaped with the firm's real ids and words, and
// with hostile edits — sent as a visitor, a customer and a staff member. Whatever arrives, the
// server never answers 5xx, and every 4xx is problem+json. The YAML/JSON model source reader is
// fuzzed too. Seeded: FUZZ_SEED replays a run, FUZZ_RUNS sets the runs per route.
//
// NUL characters and bodies nested thousands deep are also sent to every route systematically
// (not left to chance): the JSON body parser refuses both with 400 (issue 9, branch h/network);
// without that parser this file fails on those cases, as it should.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { checkModelSource } from '../src/catalog/model-source.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import {
  hostileBody,
  validShaped,
  type BodySchema,
  type Vocabulary,
} from './helpers/arbitraries.ts';
import { apiOperations, isIdParam, sampleValue, type Operation } from './helpers/openapi.ts';
import { withField } from './helpers/routes.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);

const t: TestApp = await createTestApp();
/** Routes that end the caller's own session or account go last, so the others run signed in. */
const ENDS_THE_CALLER = [
  '/api/v1/auth/logout',
  '/api/v1/account/sign-out-everywhere',
  '/api/v1/privacy/erasure',
];
const operations = apiOperations(t.app)
  .filter((op) => op.method !== 'GET')
  .sort(
    (a, b) => Number(ENDS_THE_CALLER.includes(a.path)) - Number(ENDS_THE_CALLER.includes(b.path)),
  );
let firm: Firm;
let vocabulary: Vocabulary;
const principals: Record<'visitor' | 'customer' | 'staff' | 'provider', SignedIn | null> = {
  visitor: null,
  customer: null,
  staff: null,
  provider: null,
};

before(async () => {
  firm = await t.seedFirm('alpha', 'Alpha Joinery');
});
after(() => t.close());

/**
 * Ids of the firm's records (a few of every kind, including those earlier routes created) and the
 * words of its product models. The signed-in owner and customer are left out, so that a fuzzed
 * request does not delete or erase the very accounts the next requests are sent as.
 */
async function vocabularyOf(tenantId: string, keep: string[]): Promise<Vocabulary> {
  const tables = await t.db.execute(
    sql`select table_name from information_schema.columns where table_schema = current_schema()
        and column_name in ('id', 'tenant_id') group by table_name having count(*) = 2`,
  );
  const ids = [tenantId];
  for (const { table_name } of (tables as unknown as { rows: { table_name: string }[] }).rows) {
    const rows = await t.db.execute(
      sql`select id::text as id from ${sql.identifier(table_name)} where tenant_id = ${tenantId}
          order by id limit 3`,
    );
    ids.push(...(rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
  }
  const mine = new Set(keep);
  const models = await t.db.execute(
    sql`select model::text as model from product_versions where tenant_id = ${tenantId}`,
  );
  const words = new Set<string>(['alpha', 'privacy-centre', 'EUR']);
  for (const { model } of (models as unknown as { rows: { model: string }[] }).rows) {
    for (const m of model.matchAll(/"(?:id|slug)":\s*"([^"]{1,60})"/g)) words.add(m[1]!);
  }
  return { ids: ids.filter((id) => !mine.has(id)), words: [...words] };
}

/**
 * Before each route: signs in again where an earlier route ended the session (sign-ins count
 * against the sign-in rate limit, so a live session is kept), and refreshes the vocabulary.
 */
async function refreshSessions(): Promise<void> {
  const live = async (signedIn: SignedIn | null) =>
    signedIn !== null &&
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: signedIn.headers }))
      .statusCode === 200;
  const attempt = async (role: string) => {
    try {
      return await t.signIn(firm, role);
    } catch {
      return null; // e.g. the customer erased themself on an earlier route
    }
  };
  if (!(await live(principals.staff))) principals.staff = await attempt('owner');
  if (!(await live(principals.customer))) principals.customer = await attempt('buyer');
  if (!(await live(principals.provider))) principals.provider = await attempt('frame-provider');
  vocabulary = await vocabularyOf(
    firm.tenant.id,
    [principals.staff?.userId, principals.customer?.userId].filter((id) => id !== undefined),
  );
}

const who = fc.constantFrom<keyof typeof principals>('visitor', 'customer', 'staff', 'provider');

function urlArbitrary(op: Operation): fc.Arbitrary<string> {
  const params = op.pathParams.map((name) => {
    const schema = op.paramSchemas[name] ?? {};
    if (name === 'tenant') return fc.oneof(fc.constant('alpha'), fc.string({ maxLength: 20 }));
    if (!isIdParam(schema))
      return fc.oneof(fc.constant(String(sampleValue(schema, name))), fc.integer().map(String));
    return fc.oneof(
      fc.constantFrom(...vocabulary.ids),
      fc.uuid(),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
  });
  return fc
    .tuple(...params)
    .map((values) =>
      op.url(Object.fromEntries(op.pathParams.map((name, i) => [name, values[i]!]))),
    );
}

function bodyArbitrary(op: Operation): fc.Arbitrary<string | undefined> {
  if (!op.body) {
    return fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    );
  }
  const schema = op.body as BodySchema;
  return fc
    .oneof(
      { weight: 1, arbitrary: validShaped(schema, vocabulary) },
      { weight: 3, arbitrary: hostileBody(schema, vocabulary) },
    )
    .map((body) => JSON.stringify(body));
}

type Sent = {
  as: keyof typeof principals;
  url: string;
  body: string | undefined;
  key?: string;
  /** The client address (fuzzed, so per-address rate limits never lock the test's own sign-ins). */
  from?: string;
};

async function send(op: Operation, sent: Sent) {
  const signedIn = principals[sent.as];
  return t.app.inject({
    method: op.method,
    url: sent.url,
    headers: {
      ...(signedIn?.headers ?? {}),
      ...(sent.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(sent.key === undefined ? {} : { 'idempotency-key': sent.key }),
    },
    ...(sent.body === undefined ? {} : { payload: sent.body }),
    remoteAddress: sent.from ?? '192.0.2.1',
  });
}

/** The answer is no server error, and a client error is an RFC 9457 problem. */
function assertWellFormedAnswer(
  op: Operation,
  sent: Sent,
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
): void {
  const what = `${op.method} ${sent.url} as ${sent.as} with ${String(sent.body).slice(0, 300)}`;
  assert.ok(res.statusCode < 500, `${what} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
  if (res.statusCode >= 400) {
    assert.match(
      String(res.headers['content-type']),
      /^application\/problem\+json/,
      `${what} answered ${res.statusCode} without problem+json`,
    );
  }
}

for (const [index, op] of operations.entries()) {
  test(`${op.method} ${op.path} never answers 5xx, and its 4xx are problem+json`, async () => {
    await refreshSessions();
    const sent = fc.record(
      {
        as: who,
        url: urlArbitrary(op),
        body: bodyArbitrary(op),
        key: fc.oneof(
          fc.uuid(),
          fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme-ascii' }),
        ),
        from: fc.ipV4(),
      },
      { requiredKeys: ['as', 'url', 'body'] },
    );
    await fc.assert(
      fc.asyncProperty(sent, async (s) => assertWellFormedAnswer(op, s, await send(op, s))),
      { seed: SEED + index, numRuns: RUNS },
    );
  });
}

test('bodies with NUL characters or nested thousands deep answer 4xx problem+json on every write route', async () => {
  await refreshSessions();
  const failures: string[] = [];
  for (const op of operations.filter((o) => o.body)) {
    const valid = sampleValue(op.body!) as Record<string, unknown>;
    const deep = '['.repeat(5000) + '1' + ']'.repeat(5000);
    const open = openField(op.body as BodySchema);
    const bodies = [
      deep,
      JSON.stringify({ ...valid, notAField: 0 }).replace('"notAField":0', `"notAField":${deep}`),
      ...(open ? [JSON.stringify(withField(valid, open, 'DEEP')).replace('"DEEP"', deep)] : []),
      ...Object.keys(valid)
        .filter((k) => typeof valid[k] === 'string')
        .map((k) => JSON.stringify({ ...valid, [k]: `${String(valid[k])}\u0000` })),
    ];
    for (const body of bodies) {
      for (const as of ['visitor', 'customer', 'staff'] as const) {
        const s: Sent = {
          as,
          url: urlFor(op),
          body,
          key: `fuzz-${failures.length}-${body.length}`,
          from: `198.51.100.${failures.length % 250}`,
        };
        try {
          assertWellFormedAnswer(op, s, await send(op, s));
        } catch (error) {
          failures.push((error as Error).message.split(': {"type"')[0]!);
        }
      }
    }
  }
  assert.deepEqual(failures, [], 'every answer is a 4xx problem');
});

/** A field that accepts any JSON value (e.g. a free-form map), as a dotted path, if there is one. */
function openField(schema: BodySchema, path = ''): string | null {
  for (const [name, s] of Object.entries(schema.properties ?? {}) as [string, BodySchema][]) {
    const here = path ? `${path}.${name}` : name;
    if (!s.type && !s.anyOf && !s.oneOf && !s.enum && s.const === undefined) return here;
    const extra = s.additionalProperties;
    if (typeof extra === 'object' && !extra.type && !extra.anyOf) return `${here}.any`;
    const inner = openField(s, here);
    if (inner) return inner;
  }
  return null;
}

function urlFor(op: Operation): string {
  return op.url((name) => {
    const schema = op.paramSchemas[name] ?? {};
    if (name === 'tenant') return 'alpha';
    return isIdParam(schema) ? (vocabulary.ids[0] ?? '') : String(sampleValue(schema, name));
  });
}

const YAML_SEED = `id: bike
name: Bike
currency: EUR
features:
  - id: frame
    type: enum
    options:
      - { id: steel, price: 10000 }
      - { id: carbon, price: 42000 }
  - id: size
    type: int
    min: 1
    max: 5
rules:
  - id: light
    expr: frame = carbon -> size <= 4
presets:
  - id: basic
    label: Basic
    choices: { frame: steel }
`;

test('the model source reader answers with issues, never an internal error, for any YAML or JSON text', () => {
  const internal =
    /Maximum call stack|is not a function|Cannot read prop|is not iterable|Invalid code point|undefined/;
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 8 }),
    insert: fc.oneof(
      fc.constantFrom(
        ':',
        '- ',
        '\n  ',
        '{',
        '[',
        '&a ',
        '*a',
        '!!binary ',
        '\0',
        '"',
        'presets: {}',
        '\n  - ',
        '(((((',
        'null',
        '1e999',
      ),
      fc.string({ maxLength: 6 }),
    ),
  });
  const source = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(YAML_SEED, JSON.stringify({ id: 'x', features: [] })),
        fc.array(edit, { maxLength: 6 }),
      )
      .map(([seed, edits]) =>
        edits.reduce((text, e) => {
          const at = e.at % (text.length + 1);
          return text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }, seed),
      ),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  fc.assert(
    fc.property(source, fc.constantFrom<'yaml' | 'json'>('yaml', 'json'), (text, format) => {
      const checked = checkModelSource(text, format);
      for (const issue of checked.issues)
        assert.doesNotMatch(issue.message, internal, `${format} ${JSON.stringify(text)}`);
    }),
    {
      seed: SEED,
      numRuns: RUNS * 20,
      examples: [
        [
          YAML_SEED.replace('choices: { frame: steel }', '').replace(
            '  - id: basic\n    label: Basic\n',
            '',
          ) + 'presets: {}\n',
          'yaml',
        ],
        [
          YAML_SEED.replace(
            'frame = carbon',
            '('.repeat(3000) + 'frame = carbon' + ')'.repeat(3000),
          ),
          'yaml',
        ],
      ],
    },
  );
});

/** The cXML fixtures (test/fixtures/cxml), with the alpha firm's demo punch-out identity. */
function cxmlSeeds(): string[] {
  return ['punchout-setup-request.xml', 'order-request.xml', 'xxe.xml', 'billion-laughs.xml'].map(
    (name) =>
      readFileSync(new URL(`./fixtures/cxml/${name}`, import.meta.url), 'utf8').replace(
        /\{\{(\w+)\}\}/g,
        (_, key: string) =>
          ({
            DOMAIN: 'NetworkID',
            IDENTITY: 'acme-procurement',
            BROWSER_FORM_POST: 'https://procurement.example.com/return',
            QUANTITY: '1',
            CURRENCY: 'EUR',
            UNIT_PRICE: '10.00',
            TOTAL: '10.00',
          })[key] ?? 'x',
      ),
  );
}

test('the cXML endpoint answers any edit of the cXML fixtures with a cXML status or a problem, never 5xx', async () => {
  await refreshSessions();
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 12 }),
    insert: fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '&',
        '&lol;',
        '<!DOCTYPE cXML [<!ENTITY a "b">]>',
        '<![CDATA[',
        ']]>',
        '</Header>',
        '<Request><OrderRequest/></Request>',
        'quantity="-1"',
        'quantity="1e9"',
        '"',
        '\u0000',
        '\uffff',
      ),
      fc.string({ maxLength: 8 }),
    ),
  });
  const document = fc
    .tuple(fc.constantFrom(...cxmlSeeds()), fc.array(edit, { maxLength: 5 }))
    .map(([seed, edits]) =>
      edits.reduce((text, e) => {
        const at = e.at % (text.length + 1);
        return text.slice(0, at) + e.insert + text.slice(at + e.remove);
      }, seed),
    );
  await fc.assert(
    fc.asyncProperty(
      document,
      fc.constantFrom('text/xml', 'application/xml; charset=utf-8'),
      async (body, type) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/shop/alpha/punchout/cxml',
          headers: { 'content-type': type },
          payload: body,
          remoteAddress: '203.0.113.7',
        });
        const what = `${type} ${body.slice(0, 300)}`;
        assert.ok(res.statusCode < 500, `${what} answered ${res.statusCode}: ${res.body}`);
        if (res.statusCode >= 400)
          assert.match(
            String(res.headers['content-type']),
            /^(text\/xml|application\/problem\+json)/,
            `${what} answered ${res.statusCode} in ${String(res.headers['content-type'])}`,
          );
      },
    ),
    { seed: SEED, numRuns: RUNS * 10 },
  );
});

/** GET routes whose query carries the request (reports): fuzzed by their query parameters. */
const QUERY_ROUTES = ['/api/v1/insights/option-demand', '/api/v1/insights/scorecard'];

test('report queries: whatever the query, never 5xx, and every 4xx is problem+json', async () => {
  const owner = await t.signIn(firm, 'owner');
  const doc = t.app.swagger() as unknown as {
    paths: Record<string, { get?: { parameters?: { in: string; name: string }[] } }>;
  };
  const products = await t.db.execute(
    sql`select id::text as id from products where tenant_id = ${firm.tenant.id} order by id limit 3`,
  );
  const productIds = (products as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  const anything = fc.oneof(
    fc.constantFrom(...productIds, '2026-01-01', '2025-02-29', 'week', 'month', 'best', ''),
    fc.uuid(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.string({ maxLength: 40 }),
  );
  for (const path of QUERY_ROUTES) {
    const names = (doc.paths[path]?.get?.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => p.name);
    assert.ok(names.length > 0, `${path} is in the OpenAPI document with query parameters`);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...names), anything, { maxKeys: names.length }),
        async (query) => {
          const url = `${path}?${new URLSearchParams(query).toString()}`;
          const res = await t.app.inject({ method: 'GET', url, headers: owner.headers });
          assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}: ${res.body}`);
          if (res.statusCode >= 400)
            assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url);
        },
      ),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  }
});
