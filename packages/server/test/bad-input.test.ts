// Every route with a JSON body refuses a malformed body and a wrong-typed field with 400
// problem+json naming the field, and writes nothing. Routes come from the OpenAPI document.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import {
  apiOperations,
  isIdParam,
  sampleValue,
  wrongTypedValue,
  type Operation,
} from './helpers/openapi.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
let buyer: SignedIn;
/** Staff of a partner provider: the provider view's routes are theirs. */
let provider: SignedIn;
let ownId: string;

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
  buyer = await t.signIn(firm, 'buyer');
  provider = await t.signIn(firm, 'frame-provider');
  ownId = owner.userId;
});
after(() => t.close());

type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: { field: string; message: string }[];
};

async function send(op: Operation, payload: string) {
  let res;
  for (const who of [owner, buyer, provider]) {
    res = await t.app.inject({
      method: op.method,
      url: op.url((name) => {
        const schema = op.paramSchemas[name] ?? {};
        return isIdParam(schema) ? ownId : String(sampleValue(schema, name));
      }),
      headers: { ...who.headers, 'content-type': 'application/json' },
      payload,
    });
    if (res.statusCode !== 401 && res.statusCode !== 403) return res;
  }
  return res!;
}

function assertProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json<T>(): T },
  field: string,
  what: string,
) {
  assert.equal(res.statusCode, 400, what);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what);
  const problem = res.json<Problem>();
  assert.equal(problem.status, 400, what);
  assert.ok(
    problem.title.length > 0 && problem.detail.length > 0,
    `${what}: a title and detail a person reads`,
  );
  assert.ok(
    problem.errors.some((e) => e.field === field && e.message.length > 0),
    `${what}: names ${field}; got ${JSON.stringify(problem.errors)}`,
  );
}

test('a malformed JSON body answers 400 naming the body, on every route that takes one', async () => {
  const ops = apiOperations(t.app).filter((op) => op.body);
  assert.ok(ops.length >= 6, 'the OpenAPI document lists the routes with bodies');
  const before = await snapshotDatabase(t.testDb.database);
  for (const op of ops) {
    for (const broken of ['{"name": "unterminated', '{name: 1}', '']) {
      const res = await send(op, broken);
      assertProblem(res, 'body', `${op.method} ${op.path} with ${JSON.stringify(broken)}`);
    }
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('a wrong-typed field answers 400 naming that field, on every route and every field', async () => {
  const ops = apiOperations(t.app).filter((op) => op.body?.properties);
  const before = await snapshotDatabase(t.testDb.database);
  let checked = 0;
  for (const op of ops) {
    const valid = sampleValue(op.body!) as Record<string, unknown>;
    for (const [field, schema] of Object.entries(op.body!.properties!)) {
      const wrong = wrongTypedValue(schema);
      if (wrong === undefined) continue; // the field accepts any JSON type
      const res = await send(op, JSON.stringify({ ...valid, [field]: wrong }));
      assertProblem(res, field, `${op.method} ${op.path} with a wrong-typed ${field}`);
      checked += 1;
    }
    const unknown = await send(op, JSON.stringify({ ...valid, notAField: 1 }));
    assertProblem(unknown, 'notAField', `${op.method} ${op.path} with an unknown field`);
  }
  assert.ok(checked >= 15, `checked ${checked} fields`);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'the database is unchanged');
});

test('a missing required field is named with “is required”', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: owner.headers,
    payload: {
      email: 'new.person@example.com',
      name: 'New Person',
      password: 'long enough password',
    },
  });
  assertProblem(res, 'role', 'POST /api/v1/users without role');
  assert.deepEqual(res.json<Problem>().errors, [{ field: 'role', message: 'is required' }]);
});

test('an invalid enum value lists the allowed values', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: 'ERP', role: 'admin' },
  });
  assertProblem(res, 'role', 'POST /api/v1/api-keys with role admin');
  assert.match(
    res.json<Problem>().errors[0]!.message,
    /"owner", "designer", "sales", "operations"/,
  );
});

test('a malformed id in the path answers 400 naming the parameter', async () => {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/users/not-a-uuid',
    headers: owner.headers,
  });
  assertProblem(res, 'id', 'GET /api/v1/users/not-a-uuid');
});

test('the cXML endpoint (an XML body, outside the JSON schemas above) answers a malformed document with a cXML 400, and writes nothing', async () => {
  const before = await snapshotDatabase(t.testDb.database);
  const setup = readFileSync(
    new URL('./fixtures/cxml/punchout-setup-request.xml', import.meta.url),
    'utf8',
  );
  for (const broken of [
    setup.replace('</Header>', ''),
    setup.replace('<BuyerCookie>', '<BuyerCookie>&undefined;'),
    setup.slice(0, setup.length / 2),
    '',
    'not xml at all',
  ]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/punchout/cxml',
      headers: { 'content-type': 'text/xml' },
      payload: broken,
    });
    assert.equal(res.statusCode, 400, `${broken.slice(0, 80)}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^text\/xml/);
    assert.match(res.body, /<Status code="400" text="Bad Request">[^<]+<\/Status>/);
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

/** GET routes that take their request in the query (reports), with a valid query to vary. */
const QUERY_ROUTES: Record<string, (productId: string) => Record<string, string>> = {
  '/api/v1/insights/option-demand': (product) => ({ product, bucket: 'month' }),
  '/api/v1/insights/scorecard': (product) => ({ product }),
};

test('a wrong-typed query parameter answers 400 naming it, on every report route', async () => {
  const doc = t.app.swagger() as unknown as {
    paths: Record<string, { get?: { parameters?: { in: string; name: string }[] } }>;
  };
  const product = (
    await t.app.inject({ method: 'GET', url: '/api/v1/products', headers: owner.headers })
  ).json<{ id: string }[]>()[0]!.id;
  for (const [path, valid] of Object.entries(QUERY_ROUTES)) {
    const names = (doc.paths[path]?.get?.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => p.name);
    assert.ok(names.length > 0, `${path} has query parameters`);
    const ok = await t.app.inject({
      method: 'GET',
      url: `${path}?${new URLSearchParams(valid(product)).toString()}`,
      headers: owner.headers,
    });
    assert.equal(ok.statusCode, 200, `${path} with a valid query: ${ok.body}`);
    for (const name of names) {
      const query = new URLSearchParams({ ...valid(product), [name]: '!!' }).toString();
      const res = await t.app.inject({
        method: 'GET',
        url: `${path}?${query}`,
        headers: owner.headers,
      });
      assertProblem(res, name, `GET ${path}?${query}`);
    }
  }
});
