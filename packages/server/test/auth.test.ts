// Sign-in, sessions, CSRF, API keys, roles and sign-in throttling, through HTTP.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN_BACKOFF } from '../src/auth/login-throttle.ts';
import {
  createTestApp,
  sessionCookie,
  type Firm,
  type SignedIn,
  type TestApp,
} from './helpers/app.ts';
import { apiOperations, isIdParam, sampleValue } from './helpers/openapi.ts';
import { snapshotDatabase } from './helpers/db.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;

before(async () => {
  t = await createTestApp();
});
beforeEach(async () => {
  await t.reset();
  firm = await t.seedFirm('alpha', 'Alpha Joinery');
  owner = await t.signIn(firm, 'owner');
});
after(() => t.close());

const login = (body: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body });

test('signing in returns the person, the firm and a CSRF token, and sets an httpOnly SameSite cookie', async () => {
  const c = firm.credential('sales');
  const res = await login({ tenant: 'alpha', email: c.email.toUpperCase(), password: c.password });
  assert.equal(res.statusCode, 200);
  const body = res.json<{
    user: Record<string, string>;
    tenant: Record<string, string>;
    csrfToken: string;
  }>();
  assert.deepEqual(
    { email: body.user.email, role: body.user.role, kind: body.user.kind },
    { email: c.email, role: 'sales', kind: 'staff' },
  );
  assert.deepEqual(body.tenant, { id: firm.tenant.id, slug: 'alpha', name: 'Alpha Joinery' });
  assert.ok(body.csrfToken.length >= 20);
  const cookie = res.cookies.find((x) => x.name === 'cz_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  assert.equal(cookie.secure, undefined, 'plain http in tests: not Secure');
});

test('a customer signs in as a customer with their business role', async () => {
  const c = firm.credential('approver');
  const res = await login({ tenant: 'alpha', email: c.email, password: c.password });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(
    (({ kind, role }) => ({ kind, role }))(
      res.json<{ user: { kind: string; role: string } }>().user,
    ),
    { kind: 'customer', role: 'approver' },
  );
});

test('a wrong password, unknown email or unknown firm all answer the same 401 problem', async () => {
  const c = firm.credential('owner');
  const answers = await Promise.all([
    login({ tenant: 'alpha', email: c.email, password: 'wrong password' }),
    login({ tenant: 'alpha', email: 'nobody@example.com', password: c.password }),
    login({ tenant: 'nope', email: c.email, password: c.password }),
  ]);
  for (const res of answers) {
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(
      res.json<{ detail: string }>().detail,
      'The firm, email or password is not right.',
    );
    assert.equal(res.cookies.length, 0);
  }
});

test('me answers the signed-in session and 401 without one', async () => {
  const me = await t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { cookie: owner.cookie },
  });
  assert.equal(me.statusCode, 200);
  assert.equal(me.json<{ csrfToken: string }>().csrfToken, owner.csrfToken);
  const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
  assert.equal(anonymous.statusCode, 401);
});

test('signing out revokes the session on the server, not only the cookie', async () => {
  const out = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    headers: owner.headers,
  });
  assert.equal(out.statusCode, 204);
  const replayed = await t.app.inject({
    method: 'GET',
    url: '/api/v1/users',
    headers: { cookie: owner.cookie },
  });
  assert.equal(replayed.statusCode, 401);
});

test('an expired session no longer works', async () => {
  t.clock.advance(15 * 24 * 60 * 60 * 1000);
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/users',
    headers: { cookie: owner.cookie },
  });
  assert.equal(res.statusCode, 401);
});

test('a cookie-authenticated write without the CSRF token is refused with 403', async () => {
  const payload = { name: 'ERP', role: 'sales' };
  const without = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { cookie: owner.cookie },
    payload,
  });
  assert.equal(without.statusCode, 403);
  const wrong = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { cookie: owner.cookie, 'x-csrf-token': 'guess' },
    payload,
  });
  assert.equal(wrong.statusCode, 403);
  const right = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload,
  });
  assert.equal(right.statusCode, 201);
});

test('an API key authenticates with its role, needs no CSRF token, and stops working when revoked', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: 'Shop sync', role: 'sales' },
  });
  const key = created.json<{ id: string; secret: string; prefix: string }>();
  assert.match(key.secret, /^cz_[A-Za-z0-9_-]{40,}$/);
  assert.ok(key.secret.startsWith(key.prefix));
  const bearer = { authorization: `Bearer ${key.secret}` };
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer });
  assert.equal(list.statusCode, 200);
  const write = await t.app.inject({
    method: 'POST',
    url: '/api/v1/customers',
    headers: bearer,
    payload: { email: 'new.client@example.com', name: 'New Client' },
  });
  assert.equal(write.statusCode, 201, 'sales may add customers; no CSRF token needed');
  const ownerOnly = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: bearer,
    payload: { name: 'escalate', role: 'owner' },
  });
  assert.equal(ownerOnly.statusCode, 403, 'a sales key cannot mint an owner key');
  const listed = await t.app.inject({
    method: 'GET',
    url: '/api/v1/api-keys',
    headers: owner.headers,
  });
  const row = listed
    .json<{ id: string; lastUsedAt: string | null }[]>()
    .find((k) => k.id === key.id)!;
  assert.equal(row.lastUsedAt, t.clock.now().toISOString());
  assert.ok(!listed.body.includes(key.secret), 'the secret is never listed');

  const revoked = await t.app.inject({
    method: 'DELETE',
    url: `/api/v1/api-keys/${key.id}`,
    headers: owner.headers,
  });
  assert.equal(revoked.statusCode, 200);
  assert.equal(revoked.json<{ revokedAt: string }>().revokedAt, t.clock.now().toISOString());
  const after = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer });
  assert.equal(after.statusCode, 401);
});

test('a read-only API key reads orders but every write answers 403, whatever its role', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: 'Reporting', role: 'owner', access: 'read' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const key = created.json<{ id: string; secret: string; access: string }>();
  assert.equal(key.access, 'read');
  const bearer = { authorization: `Bearer ${key.secret}` };
  const orders = await t.app.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer });
  assert.equal(orders.statusCode, 200, 'it reads orders');
  const writes = [
    { method: 'POST', url: '/api/v1/customers', payload: { email: 'ro@example.com', name: 'R O' } },
    { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'escalate', role: 'owner' } },
    { method: 'PATCH', url: `/api/v1/users/${owner.userId}`, payload: { name: 'Renamed' } },
    { method: 'DELETE', url: `/api/v1/api-keys/${key.id}` },
    { method: 'POST', url: '/api/v1/auth/logout' },
  ] as const;
  for (const w of writes) {
    const res = await t.app.inject({ ...w, headers: bearer });
    assert.equal(res.statusCode, 403, `${w.method} ${w.url}: ${res.body}`);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
  }
  const listed = await t.app.inject({
    method: 'GET',
    url: '/api/v1/api-keys',
    headers: owner.headers,
  });
  const row = listed.json<{ id: string; access: string; revokedAt: string | null }[]>();
  assert.deepEqual(
    row.filter((k) => k.id === key.id).map((k) => [k.access, k.revokedAt]),
    [['read', null]],
    'the list shows the key as read-only, and it revoked nothing',
  );
  const writer = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: 'ERP', role: 'sales' },
  });
  assert.equal(writer.json<{ access: string }>().access, 'write', 'keys write by default');
});

test('a read-only API key is refused every write route of the OpenAPI document, with a sample body, and changes nothing', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: 'Reporting', role: 'owner', access: 'read' },
  });
  const bearer = { authorization: `Bearer ${created.json<{ secret: string }>().secret}` };
  const before = await snapshotDatabase(t.testDb.database);
  const writes = apiOperations(t.app).filter((op) => op.method !== 'GET');
  assert.ok(writes.length > 50, `${writes.length} write routes`);
  const allowed: string[] = [];
  for (const op of writes) {
    const url = op.url((name) => {
      const schema = op.paramSchemas[name] ?? {};
      return isIdParam(schema)
        ? '00000000-0000-4000-8000-000000000000'
        : name === 'tenant'
          ? 'alpha'
          : String(sampleValue(schema, name));
    });
    for (const spelled of [url, url.replace('/api/', '/%61pi/')]) {
      const res = await t.app.inject({
        method: op.method,
        url: spelled,
        headers: { ...bearer, 'content-type': 'application/json' },
        payload: JSON.stringify(op.body ? sampleValue(op.body) : {}),
      });
      if (res.statusCode !== 403) allowed.push(`${op.method} ${spelled}: ${res.statusCode}`);
    }
  }
  assert.deepEqual(allowed, [], 'every write answers 403 to a read-only key');
  // The key's own last-use time is the one thing a request with it updates.
  const { api_keys: _keyUsedAfter, ...after } = await snapshotDatabase(t.testDb.database);
  const { api_keys: _keyUsedBefore, ...unchanged } = before;
  assert.deepEqual(after, unchanged, 'nothing was written');
  assert.equal(_keyUsedAfter!.split(':')[0], '1', 'no key was made');
});

test('roles are enforced on the server: a designer cannot add users or change the firm', async () => {
  const designer = await t.signIn(firm, 'designer');
  const add = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: designer.headers,
    payload: { email: 'x@example.com', name: 'X', role: 'owner', password: 'a long password' },
  });
  assert.equal(add.statusCode, 403);
  assert.match(add.json<{ detail: string }>().detail, /owner/);
  const rename = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/tenant',
    headers: designer.headers,
    payload: { name: 'Mine' },
  });
  assert.equal(rename.statusCode, 403);
  const read = await t.app.inject({
    method: 'GET',
    url: '/api/v1/tenant',
    headers: designer.headers,
  });
  assert.equal(read.statusCode, 200);
});

test('customers cannot use staff routes', async () => {
  const buyer = await t.signIn(firm, 'buyer');
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: buyer.headers });
  assert.equal(res.statusCode, 403);
});

const loginFrom = (
  remoteAddress: string,
  body: Record<string, string>,
  cookie?: string,
): ReturnType<typeof login> =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: body,
    remoteAddress,
    ...(cookie ? { headers: { cookie } } : {}),
  });

test('wrong passwords from one client slow it down exponentially, with Retry-After, and the wait passes', async () => {
  const c = firm.credential('designer');
  const wrong = { tenant: 'alpha', email: c.email, password: 'wrong' };
  const right = { tenant: 'alpha', email: c.email, password: c.password };
  const guesser = '203.0.113.7';
  for (let i = 0; i < LOGIN_BACKOFF.perClient.freeAttempts; i++) {
    assert.equal((await loginFrom(guesser, wrong)).statusCode, 401);
  }
  const waitOne = await loginFrom(guesser, right);
  assert.equal(waitOne.statusCode, 429, 'not even the right password is checked while waiting');
  assert.equal(waitOne.headers['retry-after'], '1');
  t.clock.advance(1000);
  assert.equal((await loginFrom(guesser, wrong)).statusCode, 401);
  assert.equal((await loginFrom(guesser, right)).headers['retry-after'], '2', 'the wait doubles');
  t.clock.advance(2000);
  assert.equal((await loginFrom(guesser, wrong)).statusCode, 401);
  assert.equal((await loginFrom(guesser, right)).headers['retry-after'], '4');

  const otherAccount = await loginFrom(guesser, {
    tenant: 'alpha',
    email: firm.credential('sales').email,
    password: firm.credential('sales').password,
  });
  assert.equal(otherAccount.statusCode, 200, 'other accounts are not slowed down');
  assert.equal((await loginFrom('198.51.100.20', right)).statusCode, 200, 'nor other clients');
  t.clock.advance(4000);
  const later = await loginFrom(guesser, right);
  assert.equal(later.statusCode, 200);
  assert.ok(sessionCookie(later));
});

test('a guesser rotating through the addresses of one IPv6 /64 counts as one client', async () => {
  const c = firm.credential('designer');
  const wrong = { tenant: 'alpha', email: c.email, password: 'wrong' };
  // One subscriber usually holds a whole /64: each guess from a new address in it.
  const address = (i: number) => `2001:db8:7:9::${(i + 1).toString(16)}`;
  for (let i = 0; i < LOGIN_BACKOFF.perClient.freeAttempts; i++)
    assert.equal((await loginFrom(address(i), wrong)).statusCode, 401);
  const next = await loginFrom(address(100), wrong);
  assert.equal(next.statusCode, 429, 'the /64 waits as one client would');
  assert.equal(next.headers['retry-after'], '1');
  assert.equal(
    (await loginFrom('2001:db8:7:a::1', { ...wrong, password: c.password })).statusCode,
    200,
    'another /64 is another client',
  );
});

test('nobody can lock the owner out: after guesses from many addresses their known browser signs in at once, and a new one within a minute', async () => {
  const c = firm.credential('owner');
  const right = { tenant: 'alpha', email: c.email, password: c.password };
  const first = await loginFrom('192.0.2.10', right);
  assert.equal(first.statusCode, 200);
  const device = first.cookies.find((x) => x.name === 'cz_device');
  assert.ok(device, 'a signed-in browser is remembered by a device cookie');
  assert.equal(device.httpOnly, true);
  assert.equal(device.path, '/api/v1/auth');
  const deviceCookie = `cz_device=${device.value}`;

  // An attacker guesses from 40 addresses, waiting whenever told to.
  let refused = 0;
  for (let i = 0; i < 40; i++) {
    const res = await loginFrom(`198.18.0.${i + 1}`, { ...right, password: `guess ${i}` });
    if (res.statusCode === 429) {
      refused += 1;
      t.clock.advance(Number(res.headers['retry-after']) * 1000);
    } else assert.equal(res.statusCode, 401);
  }
  assert.ok(refused > 0, 'guesses spread over many addresses are slowed down too');

  const known = await loginFrom('192.0.2.10', right, deviceCookie);
  assert.equal(known.statusCode, 200, 'the owner’s browser is not slowed by others’ failures');
  const knownElsewhere = await loginFrom('100.64.0.9', right, deviceCookie);
  assert.equal(knownElsewhere.statusCode, 200, 'not even from another network');

  await loginFrom('198.18.1.1', { ...right, password: 'one more guess' });
  const fresh = await loginFrom('192.0.2.99', right);
  assert.equal(fresh.statusCode, 429, 'a new browser waits its turn…');
  const wait = Number(fresh.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 60, `…for at most a minute (${wait} s), never 15 minutes`);
  t.clock.advance(wait * 1000);
  assert.equal((await loginFrom('192.0.2.99', right)).statusCode, 200);
});

test('disabling a staff user ends their sessions at once', async () => {
  const sales = await t.signIn(firm, 'sales');
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${sales.userId}`,
    headers: owner.headers,
    payload: { disabled: true },
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json<{ disabled: boolean }>().disabled, true);
  const after = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: sales.headers });
  assert.equal(after.statusCode, 401);
  const again = await login({
    tenant: 'alpha',
    email: firm.credential('sales').email,
    password: firm.credential('sales').password,
  });
  assert.equal(again.statusCode, 401);
});
