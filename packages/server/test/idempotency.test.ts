// A POST retried with the same Idempotency-Key creates once and gets the first answer again.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { idempotencyRecords } from '../src/http/idempotency.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { completePreset, quote, shopProduct } from './helpers/shop.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;

before(async () => {
  t = await createTestApp();
});
beforeEach(async () => {
  await t.reset();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
});
after(() => t.close());

const createKey = (key: string, name = 'ERP sync') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { ...owner.headers, 'idempotency-key': key },
    payload: { name, role: 'sales' },
  });

async function keyNames(): Promise<string[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/api-keys',
    headers: owner.headers,
  });
  return res.json<{ name: string }[]>().map((k) => k.name);
}

test('the same key sent twice creates once and replays the first response', async () => {
  const first = await createKey('retry-1');
  const second = await createKey('retry-1');
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 201);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.equal(second.body, first.body, 'the retry sees the same secret, not a new key');
  assert.deepEqual(await keyNames(), ['ERP sync']);
});

test('a different key creates again', async () => {
  await createKey('one');
  await createKey('two');
  assert.deepEqual(await keyNames(), ['ERP sync', 'ERP sync']);
});

test('the same key with a different body answers 422 and creates nothing more', async () => {
  await createKey('reused');
  const res = await createKey('reused', 'Another name');
  assert.equal(res.statusCode, 422);
  assert.equal(res.json<{ errors: { field: string }[] }>().errors[0]!.field, 'Idempotency-Key');
  assert.deepEqual(await keyNames(), ['ERP sync']);
});

test('keys are per firm: another firm may use the same key', async () => {
  const other = await t.seedFirm('beta');
  const otherOwner = await t.signIn(other, 'owner');
  await createKey('shared-key');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { ...otherOwner.headers, 'idempotency-key': 'shared-key' },
    payload: { name: 'ERP sync', role: 'sales' },
  });
  assert.equal(res.statusCode, 201);
  assert.equal(res.headers['idempotent-replayed'], undefined);
});

test('a stored answer expires after a day, and the key then creates again', async () => {
  await createKey('daily');
  t.clock.advance(24 * 60 * 60 * 1000 + 1);
  const res = await createKey('daily');
  assert.equal(res.statusCode, 201);
  assert.equal(res.headers['idempotent-replayed'], undefined);
  assert.equal((await keyNames()).length, 2);
});

test('a refused request is replayed as refused, without running again', async () => {
  const body = {
    email: 'owner@alpha.customerize.dev',
    name: 'Twin',
    role: 'sales',
    password: 'a long password',
  };
  const send = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...owner.headers, 'idempotency-key': 'dup-user' },
      payload: body,
    });
  const first = await send();
  const second = await send();
  assert.equal(first.statusCode, 409);
  assert.equal(second.statusCode, 409);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.match(String(second.headers['content-type']), /application\/problem\+json/);
});

/** Everything stored for replays, as one text (every column of every record). */
async function storedReplays(): Promise<string> {
  return JSON.stringify(await t.db.select().from(idempotencyRecords));
}

test('a stored answer holds neither the secret it created nor the key in plain text', async () => {
  const first = await createKey('secret-key-retry');
  const secret = first.json<{ secret: string }>().secret;
  assert.match(secret, /^cz_/);
  const stored = await storedReplays();
  assert.ok(!stored.includes(secret), 'the API key secret is not stored readable');
  assert.ok(!stored.includes('secret-key-retry'), 'the Idempotency-Key is not stored readable');
  assert.ok(!stored.includes('ERP sync'), 'the answer is not stored readable');
  const retry = await createKey('secret-key-retry');
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(retry.json<{ secret: string }>().secret, secret, 'the retry still gets it');
});

test('a guest order token is not stored readable, and the retry gets the same token', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const q = await quote(t, 'alpha', { versionId: bike.version.id, choices });
  const send = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/orders',
      headers: { 'idempotency-key': 'guest-order-1' },
      payload: {
        versionId: bike.version.id,
        choices,
        email: 'guest@example.com',
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    });
  const first = await send();
  assert.equal(first.statusCode, 201, first.body);
  const token = first.json<{ token: string }>().token;
  const stored = await storedReplays();
  assert.ok(!stored.includes(token), 'the order token is not stored readable');
  assert.ok(!stored.includes('guest@example.com'), 'the guest email is not stored readable');
  const retry = await send();
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(retry.json<{ token: string }>().token, token);
});

test('keys belong to the caller: another customer sending the same key and body gets their own order', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const buyerSession = await t.signIn(firm, 'buyer');
  // Both are Acme's people: they are quoted (and pay) Acme's contract price.
  const q = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/quote',
      headers: buyerSession.headers,
      payload: { versionId: bike.version.id, choices },
    })
  ).json<{ total: number; currency: string; promisedDate: string }>();
  const orderAs = (who: SignedIn) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/orders',
      headers: { ...who.headers, 'idempotency-key': 'my-first-order' },
      payload: {
        versionId: bike.version.id,
        choices,
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    });
  const buyer = await orderAs(buyerSession);
  const approverSession = await t.signIn(firm, 'approver');
  const approver = await orderAs(approverSession);
  assert.equal(buyer.statusCode, 201, buyer.body);
  assert.equal(approver.statusCode, 201, approver.body);
  assert.equal(approver.headers['idempotent-replayed'], undefined, 'not the buyer’s answer');
  assert.notEqual(approver.json<{ id: string }>().id, buyer.json<{ id: string }>().id);
  assert.notEqual(approver.json<{ token: string }>().token, buyer.json<{ token: string }>().token);
  const again = await orderAs(approverSession);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.json<{ id: string }>().id, approver.json<{ id: string }>().id);
});

test('a retry that spells the same route differently (%-encoded) replays instead of ordering twice', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const buyer = await t.signIn(firm, 'buyer');
  // The buyer's own quote: a company member buys at the contract price.
  const quoted = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/quote',
    headers: buyer.headers,
    payload: { versionId: bike.version.id, choices },
  });
  assert.equal(quoted.statusCode, 200, quoted.body);
  const q = quoted.json<{ total: number; currency: string; promisedDate: string }>();
  const orderAt = (url: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...buyer.headers, 'idempotency-key': 'spelled-twice' },
      payload: {
        versionId: bike.version.id,
        choices,
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    });
  const first = await orderAt('/api/v1/shop/alpha/orders');
  assert.equal(first.statusCode, 201, first.body);
  for (const url of ['/api/v1/shop/alpha/order%73', '/%61pi/v1/shop/%61lpha/orders']) {
    const retry = await orderAt(url);
    assert.equal(retry.statusCode, 201, `${url}: ${retry.body}`);
    assert.equal(retry.headers['idempotent-replayed'], 'true', `${url} replays`);
    assert.equal(retry.json<{ id: string }>().id, first.json<{ id: string }>().id, url);
  }
});

test('a 5,000-deep JSON body with an Idempotency-Key is answered 4xx, never 500', async () => {
  const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/product-versions/00000000-0000-4000-8000-000000000000/publish',
    headers: { ...owner.headers, 'content-type': 'application/json', 'idempotency-key': 'deep' },
    payload: deep,
  });
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
});
