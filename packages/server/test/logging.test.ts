// The log keeps no secrets and no personal data: a run of real requests (sign-ins, a sign-up, a
// guest's design and order opened by their tokens, a search by email, an API key) is logged
// through the server's own logger, and the captured lines are searched for every secret and
// address that was sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, scrubUrl } from '../src/logging.ts';
import { createTestApp, sessionCookie, type Firm, type TestApp } from './helpers/app.ts';
import { lastMailTo, linkToken } from './helpers/accounts.ts';
import { buildableDesign } from './helpers/designs.ts';
import { orderAsGuest } from './helpers/shop.ts';

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});
let t: TestApp;
let firm: Firm;

before(async () => {
  t = await createTestApp({ logger: createLogger({ level: 'trace', destination: capture }) });
  firm = await t.seedFirm('alpha');
});
after(() => t.close());

test('a run of requests leaves no password, token, cookie, key, email or name in the log', async () => {
  const secrets: string[] = [];
  const owner = firm.credential('owner');
  const signedIn = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { tenant: 'alpha', email: owner.email, password: owner.password },
  });
  assert.equal(signedIn.statusCode, 200);
  const cookie = sessionCookie(signedIn);
  const csrf = signedIn.json<{ csrfToken: string }>().csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf };
  secrets.push(owner.email, owner.password, cookie.split('=')[1]!, csrf);
  const wrong = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { tenant: 'alpha', email: 'mallory.guess@example.net', password: 'hunter2 guess' },
  });
  assert.equal(wrong.statusCode, 401);
  secrets.push('mallory.guess@example.net', 'hunter2 guess');

  const zoe = {
    email: 'zoe.quill@example.org',
    name: 'Zoe Quillfeather',
    password: 'zoe secret 987',
  };
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/signup',
    payload: { tenant: 'alpha', ...zoe },
  });
  const verifyToken = linkToken((await lastMailTo(t, zoe.email)).text);
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/verify',
    payload: { token: verifyToken },
  });
  assert.equal(verified.statusCode, 200);
  secrets.push(zoe.email, zoe.name, zoe.password, verifyToken);

  const design = await buildableDesign(t, firm);
  const saved = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    payload: {
      versionId: design.versionId,
      name: 'Quillfeather commuter',
      choices: design.choices,
    },
  });
  assert.equal(saved.statusCode, 201, saved.body);
  const guestDesign = saved.json<{ id: string; token: string }>();
  const opened = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/designs/${guestDesign.id}?token=${guestDesign.token}`,
  });
  assert.equal(opened.statusCode, 200);
  secrets.push(guestDesign.token, encodeURIComponent(guestDesign.token));

  const order = await orderAsGuest(t, 'alpha', design.versionId, design.choices);
  const lookedUp = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${order.id}?token=${order.token}`,
  });
  assert.equal(lookedUp.statusCode, 200);
  secrets.push(order.token, 'guest.buyer@example.com');

  await t.app.inject({
    method: 'GET',
    url: `/api/v1/customers?q=${encodeURIComponent('zoe.quill@example.org')}&email=zoe.quill%40example.org&name=Zoe+Quillfeather&limit=5`,
    headers,
  });
  await t.app.inject({ method: 'GET', url: '/account/verify?token=' + verifyToken });

  const key = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers,
    payload: { name: 'ERP', role: 'sales' },
  });
  const apiKey = key.json<{ secret: string }>().secret;
  await t.app.inject({
    method: 'GET',
    url: '/api/v1/orders',
    headers: { authorization: `Bearer ${apiKey}` },
  });
  secrets.push(apiKey);

  // An error that quotes what it failed on, as database and mail errors do.
  t.app.log.error(
    {
      err: Object.assign(
        new Error(
          'Failed query: insert into "customers" ("email") values ($1)\nparams: zoe.quill@example.org,Zoe Quillfeather',
        ),
        { detail: 'Key (tenant_id, email)=(x, zoe.quill@example.org) already exists.' },
      ),
    },
    'unhandled error',
  );
  t.app.log.warn(
    { err: new Error('550 <zoe.quill@example.org>: mailbox unavailable') },
    'email not sent',
  );
  t.app.log.info(
    {
      req: { headers: { authorization: `Bearer ${apiKey}`, cookie } },
      body: { password: zoe.password, email: zoe.email, name: zoe.name },
    },
    'a careless log line with headers and a body',
  );

  assert.ok(lines.length > 20, `requests were logged (${lines.length} lines)`);
  const log = lines.join('\n');
  for (const secret of secrets) {
    assert.ok(!log.includes(secret), `the log does not contain ${JSON.stringify(secret)}`);
  }
  assert.ok(!/zoe|quill|mallory|@example/i.test(log), 'no address or name in any form');
  assert.match(log, /"url":"\/api\/v1\/shop\/alpha\/orders\/[^"?]+\?token=\[redacted\]"/);
  assert.match(log, /limit=5/, 'allow-listed parameters stay readable');
});

test('a logged URL keeps its path and only allow-listed query values', () => {
  assert.equal(scrubUrl('/api/v1/orders'), '/api/v1/orders');
  assert.equal(
    scrubUrl('/api/v1/orders?status=placed&token=abc&q=ann%40x.org&limit=5'),
    '/api/v1/orders?status=placed&token=[redacted]&q=[redacted]&limit=5',
  );
  assert.equal(scrubUrl('/x?ann@example.org'), '/x?[redacted]', 'odd parameter names go too');
  assert.equal(scrubUrl('/x?%E0%A4%A=1'), '/x?[redacted]', 'undecodable names go too');
});
