// Managing staff, customers and the firm's settings over HTTP.
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

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });

test('an owner adds a staff user who can then sign in with the role given', async () => {
  const res = await inject('POST', '/api/v1/users', {
    email: 'New.Designer@Example.com',
    name: 'Nora Designer',
    role: 'designer',
    password: 'correct horse battery',
  });
  assert.equal(res.statusCode, 201);
  assert.equal(res.json<{ email: string }>().email, 'new.designer@example.com');
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      tenant: 'alpha',
      email: 'new.designer@example.com',
      password: 'correct horse battery',
    },
  });
  assert.equal(login.json<{ user: { role: string } }>().user.role, 'designer');
});

test('an email already used in the firm answers 409 naming the field', async () => {
  const res = await inject('POST', '/api/v1/users', {
    email: 'SALES@alpha.customerize.dev',
    name: 'Twin',
    role: 'sales',
    password: 'correct horse battery',
  });
  assert.equal(res.statusCode, 409);
  assert.deepEqual(res.json<{ errors: unknown[] }>().errors, [
    { field: 'email', message: 'is already in use' },
  ]);
});

test('the last active owner cannot be demoted, disabled or removed', async () => {
  for (const [method, payload] of [
    ['PATCH', { role: 'sales' }],
    ['PATCH', { disabled: true }],
    ['DELETE', undefined],
  ] as const) {
    const res = await inject(method, `/api/v1/users/${owner.userId}`, payload);
    assert.equal(res.statusCode, 409, `${method} ${JSON.stringify(payload)}`);
  }
  const second = await inject('PATCH', `/api/v1/users/${(await t.signIn(firm, 'sales')).userId}`, {
    role: 'owner',
  });
  assert.equal(second.json<{ role: string }>().role, 'owner');
  const demoted = await inject('PATCH', `/api/v1/users/${owner.userId}`, { role: 'sales' });
  assert.equal(demoted.statusCode, 200, 'with a second owner the first may step down');
});

test('a removed staff user disappears from the list', async () => {
  const sales = await t.signIn(firm, 'sales');
  assert.equal((await inject('DELETE', `/api/v1/users/${sales.userId}`)).statusCode, 204);
  const list = await inject('GET', '/api/v1/users');
  assert.deepEqual(
    list
      .json<{ role: string }[]>()
      .map((u) => u.role)
      .sort(),
    ['designer', 'operations', 'owner'],
  );
});

test('the owner renames the firm and changes settings; unspecified settings stay', async () => {
  const res = await inject('PATCH', '/api/v1/tenant', {
    name: 'Alpha Joinery',
    settings: { currency: 'CHF' },
  });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json<{ name: string; settings: unknown }>().settings, {
    currency: 'CHF',
    timezone: 'Europe/Amsterdam',
    guestDesignRetentionDays: 30,
  });
  const bad = await inject('PATCH', '/api/v1/tenant', { settings: { timezone: 'Mars/Olympus' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json<{ errors: { field: string }[] }>().errors[0]!.field, 'settings.timezone');
});

test('customers join a business account of the same firm only', async () => {
  const account = await inject('POST', '/api/v1/business-accounts', { name: 'Globex' });
  assert.equal(account.statusCode, 201);
  const { id } = account.json<{ id: string }>();
  const member = await inject('POST', '/api/v1/customers', {
    email: 'approver@globex.example',
    name: 'Gloria',
    businessAccountId: id,
    businessRole: 'approver',
  });
  assert.equal(member.statusCode, 201);
  assert.equal(member.json<{ businessRole: string }>().businessRole, 'approver');
  const other = await t.seedFirm('beta');
  const otherOwner = await t.signIn(other, 'owner');
  const foreign = await t.app.inject({
    method: 'POST',
    url: '/api/v1/customers',
    headers: otherOwner.headers,
    payload: { email: 'spy@example.com', name: 'Spy', businessAccountId: id },
  });
  assert.equal(foreign.statusCode, 404);
});
