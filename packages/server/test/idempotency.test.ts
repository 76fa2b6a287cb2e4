// A POST retried with the same Idempotency-Key creates once and gets the first answer again.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';

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
