import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, ApiError, normalizeField } from '../src/api/client.ts';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

/** A client whose requests are recorded and answered by `answer` (in order). */
function clientAnswering(...answers: (() => Response)[]) {
  const sent: Sent[] = [];
  const client = new ApiClient({
    baseUrl: 'http://customerize.test',
    fetch: async (input, init) => {
      sent.push({
        url: String(input),
        method: init?.method ?? 'GET',
        headers: { ...(init?.headers as Record<string, string>) },
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
        credentials: init?.credentials,
      });
      const next = answers.shift();
      if (!next) throw new Error('no answer left for ' + String(input));
      return next();
    },
  });
  return { client, sent };
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const problem = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
const noContent = () => new Response(null, { status: 204 });

const session = {
  user: { id: 'u1', email: 'o@demo.test', name: 'Olivia', role: 'owner', kind: 'staff' },
  tenant: { id: 't1', slug: 'demo', name: 'Demo' },
  csrfToken: 'csrf-1',
};

test('a problem+json answer becomes an ApiError with status, title, detail and field errors', async () => {
  const { client } = clientAnswering(
    problem(400, {
      type: 'https://customerize.dev/problems/validation',
      title: 'Invalid request',
      status: 400,
      detail: 'Some fields are not valid.',
      errors: [
        { field: 'settings.currency', message: 'must be a 3-letter code' },
        { field: 'name', message: 'must not be empty' },
        { field: 'name', message: 'second message for the same field' },
      ],
    }),
  );
  const error = await client.tenant.update({ name: '' }).then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 400);
  assert.equal(error.title, 'Invalid request');
  assert.equal(error.detail, 'Some fields are not valid.');
  assert.equal(error.type, 'https://customerize.dev/problems/validation');
  assert.equal(error.errors.length, 3);
  assert.deepEqual(error.fieldErrors(), {
    'settings.currency': 'must be a 3-letter code',
    name: 'must not be empty',
  });
});

test('field names given as JSON pointers or with a body prefix are keyed as dotted paths', () => {
  assert.equal(normalizeField('/settings/currency'), 'settings.currency');
  assert.equal(normalizeField('body.email'), 'email');
  assert.equal(normalizeField('/body/email'), 'email');
  assert.equal(normalizeField('items[2].qty'), 'items.2.qty');
  assert.equal(normalizeField('name'), 'name');
});

test('an error answer without JSON still gives a title a person understands', async () => {
  const { client } = clientAnswering(
    () => new Response('<html>Bad gateway</html>', { status: 502, statusText: '' }),
  );
  await assert.rejects(client.users.list(), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 502);
    assert.equal(e.title, 'The server had a problem');
    assert.deepEqual(e.errors, []);
    return true;
  });
});

test('writes carry the CSRF token from sign-in; reads do not; every call sends cookies', async () => {
  const { client, sent } = clientAnswering(
    json(200, session),
    json(200, []),
    json(201, { id: 'k1', name: 'ERP', role: 'sales', prefix: 'cz_1', createdAt: '', secret: 's' }),
    noContent,
  );
  await client.auth.login({ tenant: 'demo', email: 'o@demo.test', password: 'pw' });
  await client.apiKeys.list();
  await client.apiKeys.create({ name: 'ERP', role: 'sales' });
  await client.apiKeys.revoke('k/1');

  assert.deepEqual(sent[0]?.body, { tenant: 'demo', email: 'o@demo.test', password: 'pw' });
  assert.equal(sent[0]?.headers['x-csrf-token'], undefined, 'no token before sign-in');
  assert.equal(sent[1]?.method, 'GET');
  assert.equal(sent[1]?.headers['x-csrf-token'], undefined);
  assert.equal(sent[2]?.headers['x-csrf-token'], 'csrf-1');
  assert.equal(sent[2]?.headers['content-type'], 'application/json');
  assert.equal(sent[3]?.method, 'DELETE');
  assert.equal(sent[3]?.url, 'http://customerize.test/api/v1/api-keys/k%2F1');
  assert.equal(sent[3]?.headers['x-csrf-token'], 'csrf-1');
  assert.ok(sent.every((s) => s.credentials === 'include'));
});

test('each creating POST sends its own Idempotency-Key; updates and sign-in send none', async () => {
  const user = { id: 'u2', email: 'd@demo.test', name: 'D', role: 'designer', disabled: false };
  const { client, sent } = clientAnswering(
    json(200, session),
    json(201, user),
    json(201, user),
    json(200, user),
  );
  await client.auth.login({ tenant: 'demo', email: 'o@demo.test', password: 'pw' });
  const input = { email: 'd@demo.test', name: 'D', role: 'designer' as const, password: 'pw' };
  await client.users.create(input);
  await client.users.create(input);
  await client.users.update('u2', { role: 'sales' });
  const first = sent[1]?.headers['idempotency-key'];
  const second = sent[2]?.headers['idempotency-key'];
  assert.ok(first && first.length >= 16);
  assert.ok(second && second !== first);
  assert.equal(sent[0]?.headers['idempotency-key'], undefined);
  assert.equal(sent[3]?.headers['idempotency-key'], undefined);
  assert.deepEqual(sent[3]?.body, { role: 'sales' });
});

test('me answers null when signed out, and a 401 forgets the CSRF token', async () => {
  const { client, sent } = clientAnswering(
    json(200, { signedIn: true, ...session }),
    problem(401, { title: 'Not signed in', status: 401, detail: 'Please sign in.' }),
    json(200, { signedIn: false }),
    problem(401, { title: 'Not signed in', status: 401 }),
  );
  assert.equal((await client.auth.me())?.tenant.slug, 'demo');
  assert.equal(client.csrfToken, 'csrf-1');
  await assert.rejects(client.tenant.update({ name: 'X' }), { status: 401 });
  assert.equal(client.csrfToken, null);
  assert.equal(await client.auth.me(), null, 'a guest: 200 signed out');
  assert.equal(await client.auth.me(), null, 'an older server: 401');
  assert.equal(sent[1]?.headers['x-csrf-token'], 'csrf-1');
  assert.equal(
    sent[0]?.url,
    'http://customerize.test/api/v1/auth/session',
    'never an error for guests',
  );
});

test('signing out forgets the CSRF token even when the server cannot be reached', async () => {
  const { client } = clientAnswering(json(200, session), () => {
    throw new TypeError('fetch failed');
  });
  await client.auth.login({ tenant: 'demo', email: 'o@demo.test', password: 'pw' });
  await assert.rejects(client.auth.logout(), { status: 0, title: 'Cannot reach the server' });
  assert.equal(client.csrfToken, null);
});

test('other errors from me (server down) are thrown, not taken as signed out', async () => {
  const { client } = clientAnswering(problem(503, { title: 'Unavailable', status: 503 }));
  await assert.rejects(client.auth.me(), { status: 503, title: 'Unavailable' });
});

test('a 401 on any call but sign-in tells the session listeners; a wrong password does not', async () => {
  const { client } = clientAnswering(
    problem(401, { title: 'Sign-in failed', status: 401 }),
    problem(401, { title: 'Not signed in', status: 401 }),
    problem(401, { title: 'Not signed in', status: 401 }),
  );
  let told = 0;
  const stop = client.onUnauthorized(() => told++);
  await assert.rejects(client.auth.login({ tenant: 'demo', email: 'a@b.c', password: 'x' }));
  assert.equal(told, 0);
  await assert.rejects(client.users.list(), { status: 401 });
  assert.equal(told, 1);
  stop();
  await assert.rejects(client.users.list(), { status: 401 });
  assert.equal(told, 1);
});

test('a 409 refusal keeps the members beyond problem+json (code, new quote) for the order panel', async () => {
  const quote = { total: 129900, currency: 'EUR', promisedDate: '2026-12-09' };
  const { client } = clientAnswering(
    problem(409, {
      type: 'https://customerize.dev/problems/order-refused',
      title: 'The price or delivery date changed',
      status: 409,
      detail: 'Please confirm.',
      code: 'changed',
      quote,
    }),
  );
  const error = await client
    .shop('demo')
    .order({
      versionId: 'v1',
      choices: {},
      email: 'guest@example.com',
      expected: { total: 1, currency: 'EUR', promisedDate: '2026-12-01' },
    })
    .catch((e: unknown) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 409);
  assert.equal(error.extra.code, 'changed');
  assert.deepEqual(error.extra.quote, quote);
});

test('shop calls are scoped to the firm and carry a guest token as a query parameter', async () => {
  const { client, sent } = clientAnswering(
    json(200, { id: 'd1' }),
    json(201, { id: 'd1' }),
    json(200, { id: 'o1' }),
  );
  const shop = client.shop('demo firm');
  await shop.design('d1', 'sec ret');
  await shop.saveVersion('d1', 'tok', { choices: { a: 1 } });
  await shop.getOrder('o1', null);
  assert.deepEqual(
    sent.map((s) => `${s.method} ${s.url}`),
    [
      'GET http://customerize.test/api/v1/shop/demo%20firm/designs/d1?token=sec%20ret',
      'POST http://customerize.test/api/v1/shop/demo%20firm/designs/d1/versions?token=tok',
      'GET http://customerize.test/api/v1/shop/demo%20firm/orders/o1',
    ],
  );
  assert.ok(sent[1]!.headers['idempotency-key'], 'saving a version is an idempotent create');
});
