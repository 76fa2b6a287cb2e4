// Guests and customers cannot flood a firm: every write they can make (quotes, designs, guest
// orders, messages, sign-ups, feedback, …) is limited per client address and per firm, with the
// counters in the database so they hold across server processes. Over the limit: 429
// problem+json with Retry-After. The firm's own staff are not limited by this.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WriteLimits } from '../src/http/write-limits.ts';
import { clientKey } from '../src/http/write-limits.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { isIdParam, sampleValue, apiOperations } from './helpers/openapi.ts';
import { servedRoutes } from './helpers/routes.ts';

const limits: WriteLimits = {
  write: {
    perClient: { limit: 3, windowMs: 60_000 },
    perFirm: { limit: 1_000, windowMs: 60_000 },
  },
  order: {
    perClient: { limit: 2, windowMs: 60 * 60_000 },
    perFirm: { limit: 1_000, windowMs: 60 * 60_000 },
  },
};

let t: TestApp;
let firm: Firm;
let buyer: SignedIn;
let owner: SignedIn;

before(async () => {
  t = await createTestApp({ config: { writeLimits: limits } });
});
beforeEach(async () => {
  await t.reset();
  firm = await t.seedFirm('alpha');
  buyer = await t.signIn(firm, 'buyer');
  owner = await t.signIn(firm, 'owner');
});
after(() => t.close());

let nextClient = 0;
/** A fresh client address for each scenario, so scenarios do not share a per-client bucket. */
const freshClient = () => `203.0.${Math.floor(++nextClient / 250)}.${nextClient % 250}`;

function post(url: string, client: string, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: client,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: '{}',
  });
}

function assertTooMany(res: Awaited<ReturnType<typeof post>>, what: string) {
  assert.equal(res.statusCode, 429, `${what}: ${res.statusCode} ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what);
  const retryAfter = Number(res.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `${what}: Retry-After ${retryAfter}`);
  assert.equal(res.json<{ status: number }>().status, 429);
}

test('every write a guest, customer, company admin or provider can reach is rate-limited per client (walks the OpenAPI document and the hidden routes)', async () => {
  const documented = apiOperations(t.app).filter((op) => op.method !== 'GET');
  const documentedKeys = new Set(documented.map((op) => `${op.method} ${op.path}`));
  // Routes the OpenAPI document hides are walked too (tenant-isolation.test.ts reviews them).
  const hidden = servedRoutes(t.app).filter(
    (r) => r.method !== 'GET' && !documentedKeys.has(`${r.method} ${r.path}`),
  );
  const walked = [
    ...documented.map((op) => ({
      method: op.method,
      path: op.path,
      url: op.url((name) => {
        const schema = op.paramSchemas[name] ?? {};
        return isIdParam(schema)
          ? '00000000-0000-4000-8000-000000000000'
          : name === 'tenant'
            ? 'alpha'
            : String(sampleValue(schema, name));
      }),
    })),
    ...hidden.map((r) => ({
      method: r.method as 'POST',
      path: r.path,
      url: r.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'tenant' ? 'alpha' : '00000000-0000-4000-8000-000000000000',
      ),
    })),
  ];
  // Every caller who is not the firm's own staff: a guest, a customer (Acme's buyer), a company
  // admin, and a partner provider's staff.
  t.clock.advance(limits.write.perClient.windowMs); // sign-ins are writes too
  const admin = await t.signIn(firm, 'admin');
  const provider = await t.signIn(firm, 'frame-provider');
  const callers: [string, SignedIn | null][] = [
    ['guest', null],
    ['customer', buyer],
    ['company admin', admin],
    ['provider', provider],
  ];
  // Routes that end the caller's session or account are not walked: the first call signs the
  // caller out (every later route would then answer 401, unchecked), and a signed-out caller
  // cannot call them again anyway.
  const ends = (path: string) =>
    /\/(auth\/logout|account\/sign-out-everywhere|privacy\/erasure)$/.test(path);
  let limited = 0;
  const refusedToAll: string[] = [];
  for (const op of walked.filter((w) => !ends(w.path))) {
    let reached = false;
    for (const [name, who] of callers) {
      const client = freshClient();
      const send = () =>
        t.app.inject({
          method: op.method,
          url: op.url,
          remoteAddress: client,
          headers: { ...(who?.headers ?? {}), 'content-type': 'application/json' },
          payload: '{}',
        });
      const first = await send();
      if (first.statusCode === 401 || first.statusCode === 403) continue; // not theirs to call
      reached = true;
      // The order class is stricter than the write class: either way, 429 by the write limit + 1.
      let last = first;
      for (let i = 1; i <= limits.write.perClient.limit && last.statusCode !== 429; i++)
        last = await send();
      assertTooMany(last, `${op.method} ${op.path} as ${name}`);
      limited += 1;
    }
    if (!reached) refusedToAll.push(`${op.method} ${op.path}`);
  }
  // Quotes, designs, guest orders, messages, feedback, sign-up, sign-in, password reset, bids,
  // punch-out, company routes, line quotes and orders, comments, provider quotes, … .
  assert.ok(limited >= 100, `limited ${limited} route/caller pairs`);
  assert.ok(
    hidden.some((r) => r.path === '/punchout/cart'),
    'hidden routes were walked',
  );
  for (const path of [
    '/api/v1/shop/{tenant}/quote',
    '/api/v1/shop/{tenant}/provider-quotes',
    '/api/v1/shop/{tenant}/designs',
    '/api/v1/shop/{tenant}/orders',
    '/api/v1/shop/{tenant}/bids',
    '/api/v1/shop/{tenant}/quotes/lines',
    '/api/v1/shop/{tenant}/orders/lines',
    '/api/v1/shop/{tenant}/bids/{id}/confirm',
    '/api/v1/shop/{tenant}/shared-designs/{id}/comments',
    '/api/v1/shop/{tenant}/punchout/oci',
    '/api/v1/shop/{tenant}/punchout/cxml',
    '/api/v1/shop/{tenant}/studio-events',
    '/api/v1/account/signup',
    '/api/v1/feedback',
    '/api/v1/conversations/{id}/messages',
    '/api/v1/company/locations',
  ])
    assert.ok(
      documented.some((op) => op.path === path) && !refusedToAll.includes(`POST ${path}`),
      `${path} is in the document and was reached (so its limit was checked)`,
    );
});

test('the punch-out cart’s form post, outside /api, is limited per client too', async () => {
  const client = freshClient();
  const answers: number[] = [];
  for (let i = 0; i < limits.write.perClient.limit + 2; i++)
    answers.push(
      (
        await t.app.inject({
          method: 'POST',
          url: '/punchout/cart',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'csrf=x',
          remoteAddress: client,
        })
      ).statusCode,
    );
  assert.deepEqual(answers, [404, 404, 404, 429, 429]);
});

test('a percent-encoded path reaches the same route and counts in the same limit', async () => {
  // The router decodes %61 to "a", so these are the quote and order routes; the limit must be
  // decided by the route matched, not by how its address was spelled.
  const client = freshClient();
  const spellings = [
    '/%61pi/v1/shop/alpha/quote',
    '/api/v1/shop/alpha/quot%65',
    '/api/v1/shop/%61lpha/quote',
  ];
  const answers: number[] = [];
  for (let i = 0; i < limits.write.perClient.limit + 2; i++)
    answers.push((await post(spellings[i % spellings.length]!, client)).statusCode);
  assert.deepEqual(
    answers.map((s) => s === 429),
    [false, false, false, true, true],
    `answers ${answers.join(', ')}`,
  );
  assertTooMany(await post('/api/v1/shop/alpha/quote', client), 'the plain spelling, after them');
  const orders = freshClient();
  for (let i = 0; i < limits.order.perClient.limit; i++)
    await post('/%61pi/v1/shop/alpha/orders', orders);
  assertTooMany(await post('/api/v1/shop/alpha/order%73', orders), 'an order by another spelling');
  const cart = freshClient();
  for (let i = 0; i < limits.write.perClient.limit; i++)
    await t.app.inject({
      method: 'POST',
      url: '/%70unchout/cart',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'csrf=x',
      remoteAddress: cart,
    });
  assertTooMany(
    await t.app.inject({
      method: 'POST',
      url: '/punchout/cart',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'csrf=x',
      remoteAddress: cart,
    }),
    'the punch-out cart after encoded posts',
  );
});

test('150 quotes in a row from one address: the ones over the limit answer 429 with Retry-After', async () => {
  const client = freshClient();
  const answers: number[] = [];
  for (let i = 0; i < 150; i++)
    answers.push((await post('/api/v1/shop/alpha/quote', client)).statusCode);
  assert.equal(answers.filter((s) => s === 429).length, 150 - limits.write.perClient.limit);
  assertTooMany(await post('/api/v1/shop/alpha/quote', client), 'the 151st quote');
  const other = await post('/api/v1/shop/alpha/quote', freshClient());
  assert.notEqual(other.statusCode, 429, 'another address is not affected');
});

test('guest orders have their own, stricter limit', async () => {
  const client = freshClient();
  for (let i = 0; i < limits.order.perClient.limit; i++)
    assert.notEqual((await post('/api/v1/shop/alpha/orders', client)).statusCode, 429);
  assertTooMany(await post('/api/v1/shop/alpha/orders', client), 'one guest order too many');
  assert.notEqual(
    (await post('/api/v1/shop/alpha/quote', client)).statusCode,
    429,
    'quoting is still allowed',
  );
});

test('the window passes and the client may write again', async () => {
  const client = freshClient();
  for (let i = 0; i < limits.write.perClient.limit; i++)
    await post('/api/v1/shop/alpha/quote', client);
  const refused = await post('/api/v1/shop/alpha/quote', client);
  assertTooMany(refused, 'over the limit');
  t.clock.advance(Number(refused.headers['retry-after']) * 1000);
  assert.notEqual((await post('/api/v1/shop/alpha/quote', client)).statusCode, 429);
});

test('a firm’s shop is limited as a whole, whatever the number of addresses', async () => {
  const perFirm: WriteLimits = {
    ...limits,
    write: { perClient: { limit: 100, windowMs: 60_000 }, perFirm: { limit: 5, windowMs: 60_000 } },
  };
  const second = await createTestApp({ testDb: t.testDb, config: { writeLimits: perFirm } });
  try {
    for (let i = 0; i < 5; i++)
      assert.notEqual(
        (
          await second.app.inject({
            method: 'POST',
            url: '/api/v1/shop/alpha/quote',
            remoteAddress: freshClient(),
            payload: {},
          })
        ).statusCode,
        429,
      );
    const res = await second.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/quote',
      remoteAddress: freshClient(),
      payload: {},
    });
    assertTooMany(res as Awaited<ReturnType<typeof post>>, 'the sixth quote from a sixth address');
    assert.match(res.json<{ detail: string }>().detail, /this shop/);
  } finally {
    await second.close();
  }
});

test('the limit holds across server processes sharing the database', async () => {
  const second = await createTestApp({ testDb: t.testDb, config: { writeLimits: limits } });
  try {
    const client = freshClient();
    for (let i = 0; i < limits.write.perClient.limit; i++)
      await post('/api/v1/shop/alpha/quote', client);
    const res = await second.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/quote',
      remoteAddress: client,
      payload: {},
    });
    assert.equal(res.statusCode, 429, 'the other process counts the same hits');
  } finally {
    await second.close();
  }
});

test('the firm’s own staff are not limited by it', async () => {
  const client = freshClient();
  for (let i = 0; i < limits.write.perClient.limit + 3; i++) {
    const res = await post('/api/v1/shop/alpha/quote', client, owner.headers);
    assert.notEqual(res.statusCode, 429);
  }
});

test('IPv6 clients are counted per /64 network; IPv4-mapped addresses as IPv4', () => {
  assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8:1:2:ffff:1:2:3'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(clientKey('::1'), '0:0:0:0::/64');
  assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(clientKey('203.0.113.9'), '203.0.113.9');
});
