// Hostile input is always a 4xx problem, never a 500, and writes nothing: NUL characters
// (PostgreSQL refuses U+0000 in text) in names, profile fields, personalization text, the sign-in
// firm, path and query; bodies nested thousands of levels deep (they overflowed the stack).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { buildableDesign, type BuildableDesign } from './helpers/designs.ts';
import { snapshotDatabase } from './helpers/db.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
let buyer: SignedIn;
let design: BuildableDesign;

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
  buyer = await t.signIn(firm, 'buyer');
  design = await buildableDesign(t, firm);
});
after(() => t.close());

type Problem = { status: number; detail: string; errors: { field: string; message: string }[] };

function assertBadRequestNaming(
  res: { statusCode: number; headers: Record<string, unknown>; body: string; json<T>(): T },
  field: string,
  what: string,
) {
  assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what);
  const problem = res.json<Problem>();
  assert.ok(
    problem.errors.some((e) => e.field === field),
    `${what}: names ${field}; got ${JSON.stringify(problem.errors)}`,
  );
}

const NUL = 'a\u0000b';

test('a NUL character in any text field answers 400 naming the field, and nothing is stored', async () => {
  const cases: {
    what: string;
    method: 'POST' | 'PATCH';
    url: string;
    headers?: Record<string, string>;
    payload: unknown;
    field: string;
  }[] = [
    {
      what: 'the firm at sign-in',
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: NUL, email: 'x@example.com', password: 'whatever' },
      field: 'tenant',
    },
    {
      what: 'the name at sign-up',
      method: 'POST',
      url: '/api/v1/account/signup',
      payload: {
        tenant: 'alpha',
        email: 'new@example.com',
        name: NUL,
        password: 'long password 1',
      },
      field: 'name',
    },
    {
      what: 'a staff member’s name',
      method: 'POST',
      url: '/api/v1/users',
      headers: owner.headers,
      payload: { email: 'n@example.com', name: NUL, password: 'long password 1', role: 'sales' },
      field: 'name',
    },
    {
      what: 'the phone in a profile',
      method: 'PATCH',
      url: '/api/v1/account/profile',
      headers: buyer.headers,
      payload: { phone: NUL },
      field: 'phone',
    },
    {
      what: 'a design’s name',
      method: 'POST',
      url: '/api/v1/shop/alpha/designs',
      payload: { versionId: design.versionId, name: NUL, choices: design.choices },
      field: 'name',
    },
    {
      what: 'personalization text on a design',
      method: 'POST',
      url: '/api/v1/shop/alpha/designs',
      payload: {
        versionId: design.versionId,
        name: 'Mine',
        choices: design.choices,
        personalization: { engraving: NUL },
      },
      field: 'personalization.engraving',
    },
    {
      what: 'personalization text in a quote',
      method: 'POST',
      url: '/api/v1/shop/alpha/quote',
      payload: {
        versionId: design.versionId,
        choices: design.choices,
        personalization: { engraving: NUL },
      },
      field: 'personalization.engraving',
    },
  ];
  const before = await snapshotDatabase(t.testDb.database);
  for (const c of cases) {
    const res = await t.app.inject({
      method: c.method,
      url: c.url,
      headers: c.headers,
      payload: c.payload as object,
    });
    assertBadRequestNaming(res, c.field, c.what);
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing was stored');
});

test('a NUL character in the path or the query answers 400 before any lookup', async () => {
  const inPath = await t.app.inject({ method: 'GET', url: '/api/v1/shop/al%00pha/products' });
  assertBadRequestNaming(inPath, 'tenant', 'a firm slug with NUL');
  const inQuery = await t.app.inject({
    method: 'GET',
    url: '/api/v1/orders?status=a%00b',
    headers: owner.headers,
  });
  assertBadRequestNaming(inQuery, 'status', 'a query value with NUL');
});

test('a NUL character in a form-encoded body (the punch-out forms) answers 400 naming the field, and nothing is stored', async () => {
  const before = await snapshotDatabase(t.testDb.database);
  const form = (url: string, payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
  for (const [field, payload] of [
    ['USERNAME', 'USERNAME=a%00b&PASSWORD=secret&HOOK_URL=https%3A%2F%2Fsrm.example.com%2Fhook'],
    ['PASSWORD', 'USERNAME=buyer&PASSWORD=a%00b&HOOK_URL=https%3A%2F%2Fsrm.example.com%2Fhook'],
    ['HOOK_URL', 'USERNAME=buyer&PASSWORD=secret&HOOK_URL=https%3A%2F%2Fsrm.example.com%2F%00'],
  ] as const)
    assertBadRequestNaming(
      await form('/api/v1/shop/alpha/punchout/oci', payload),
      field,
      `OCI ${field} with NUL`,
    );
  const cart = await form('/punchout/cart', 'csrf=a%00b', buyer.headers);
  assertBadRequestNaming(cart, 'csrf', 'the punch-out cart form with NUL');
  // A cXML document with a NUL character (not allowed in XML) is refused in cXML.
  const setup = readFileSync(
    new URL('./fixtures/cxml/punchout-setup-request.xml', import.meta.url),
    'utf8',
  );
  const cxml = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/punchout/cxml',
    headers: { 'content-type': 'text/xml' },
    payload: setup.replace('</Identity>', '\u0000</Identity>'),
  });
  assert.ok(cxml.statusCode >= 400 && cxml.statusCode < 500, `cXML with NUL: ${cxml.statusCode}`);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing was written');
});

test('a body nested 5,000 levels deep answers 400 on every kind of route, even with an Idempotency-Key', async () => {
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  const deepObject = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const routes: { url: string; headers?: Record<string, string> }[] = [
    { url: '/api/v1/auth/login' },
    { url: '/api/v1/account/signup' },
    { url: '/api/v1/shop/alpha/quote' },
    { url: '/api/v1/shop/alpha/designs' },
    { url: '/api/v1/shop/alpha/orders' },
    { url: '/api/v1/users', headers: owner.headers },
    { url: '/api/v1/feedback', headers: buyer.headers },
  ];
  const before = await snapshotDatabase(t.testDb.database);
  for (const route of routes) {
    for (const payload of [deep, deepObject, `{"name": ${deep}}`]) {
      const res = await t.app.inject({
        method: 'POST',
        url: route.url,
        headers: {
          ...route.headers,
          'content-type': 'application/json',
          'idempotency-key': `deep-${route.url}`,
        },
        payload,
      });
      assertBadRequestNaming(res, 'body', `POST ${route.url} with a 5,000-deep body`);
    }
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing was stored');
});

test('ordinary nesting and strings that merely look like brackets or escapes are accepted', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/quote',
    payload: {
      versionId: design.versionId,
      choices: design.choices,
      personalization: { engraving: '[[[[{{{{ \\"quoted\\" \\u0000 ]]]' },
    },
  });
  assert.notEqual(res.statusCode, 500, res.body);
  assert.ok(
    !res.json<Problem>().errors?.some((e) => e.field === 'body'),
    `the body itself is fine: ${res.body}`,
  );
});

test('a body over 1 MiB answers 413 problem+json', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/quote',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ versionId: design.versionId, pad: 'x'.repeat(1024 * 1024) }),
  });
  assert.equal(res.statusCode, 413, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
});
