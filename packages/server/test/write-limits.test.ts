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

test('every write a guest or customer can reach is rate-limited per client (walks the OpenAPI document)', async () => {
  const writes = apiOperations(t.app).filter((op) => op.method !== 'GET');
  let limited = 0;
  for (const op of writes) {
    const url = op.url((name) => {
      const schema = op.paramSchemas[name] ?? {};
      return isIdParam(schema)
        ? '00000000-0000-4000-8000-000000000000'
        : name === 'tenant'
          ? 'alpha'
          : String(sampleValue(schema, name));
    });
    for (const who of [null, buyer]) {
      const client = freshClient();
      const send = () =>
        t.app.inject({
          method: op.method,
          url,
          remoteAddress: client,
          headers: { ...(who?.headers ?? {}), 'content-type': 'application/json' },
          payload: '{}',
        });
      const first = await send();
      if (first.statusCode === 401 || first.statusCode === 403) continue; // not theirs to call
      const rule = url.endsWith('/orders') && url.includes('/shop/') ? limits.order : limits.write;
      for (let i = 1; i < rule.perClient.limit; i++) await send();
      assertTooMany(await send(), `${op.method} ${op.path} as ${who ? 'customer' : 'guest'}`);
      limited += 1;
    }
  }
  // Quotes, designs, guest orders, messages, feedback, sign-up, sign-in, password reset, … .
  assert.ok(limited >= 15, `limited ${limited} route/caller pairs`);
  for (const path of [
    '/api/v1/shop/{tenant}/quote',
    '/api/v1/shop/{tenant}/provider-quotes',
    '/api/v1/shop/{tenant}/designs',
    '/api/v1/shop/{tenant}/orders',
    '/api/v1/account/signup',
    '/api/v1/feedback',
    '/api/v1/conversations/{id}/messages',
  ])
    assert.ok(
      writes.some((op) => op.path === path),
      `${path} is in the document (and was walked)`,
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
