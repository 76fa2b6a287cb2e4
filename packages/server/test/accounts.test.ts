// Customer accounts through the API: sign-up verified through a real SMTP server, single-use
// expiring reset links, sign out everywhere, the profile, and unsubscribing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ACCOUNT_EMAIL_LIMIT, RESET_TTL_MS } from '../src/accounts/accounts.routes.ts';
import { notify } from '../src/notify/notify.ts';
import { runRetention } from '../src/privacy/retention.ts';
import { startWorkers } from '../src/notify/workers.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { eq } from 'drizzle-orm';
import { outbox } from '../src/notify/notify.schema.ts';
import { lastMailTo, linkToken, signInCustomer, signUpCustomer } from './helpers/accounts.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';
import pino from 'pino';
import { defaultAppConfig } from '../src/config.ts';

type Received = { from: string; to: string[]; raw: string };
const inbox: Received[] = [];
let smtp: SMTPServer;
let t: TestApp;
let firm: Firm;
let stopWorkers: () => Promise<void>;

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    config: { smtpUrl: `smtp://127.0.0.1:${port}`, publicUrl: 'https://shop.example.test' },
  });
  firm = await t.seedFirm('alpha');
  const config = { ...defaultAppConfig, webDir: null, smtpUrl: `smtp://127.0.0.1:${port}` };
  stopWorkers = startWorkers(
    { db: t.db, clock: t.clock, ids: t.ids, logger: pino({ level: 'silent' }), config },
    { pollMs: 100 },
  );
});
after(async () => {
  await stopWorkers();
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The text of a received email with quoted-printable soft breaks undone. */
function plain(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

test('the verification email arrives over SMTP and its link verifies the account', async () => {
  const signup = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/signup',
    payload: {
      tenant: 'alpha',
      email: 'Gwen.Hart@Example.org',
      name: 'Gwen Hart',
      password: 'a long secret 123',
    },
  });
  assert.equal(signup.statusCode, 202, signup.body);
  const login = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: {
        tenant: 'alpha',
        email: 'gwen.hart@example.org',
        password: 'a long secret 123',
        kind: 'customer',
      },
    });
  assert.equal((await login()).statusCode, 403, 'no account before the address is verified');

  const deadline = Date.now() + 10_000;
  while (!inbox.some((m) => m.to.includes('gwen.hart@example.org')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const mail = inbox.find((m) => m.to.includes('gwen.hart@example.org'));
  assert.ok(mail, 'the SMTP server received the verification email');
  const text = plain(mail.raw);
  assert.match(text, /Subject: Confirm your email address/);
  const link = /https:\/\/shop\.example\.test\/account\/verify\?token=([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(link, 'the email carries the verification link');
  assert.doesNotMatch(text, /unsubscribe/i, 'verification is essential mail');

  const verify = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/verify',
    payload: { token: link[1] },
  });
  assert.equal(verify.statusCode, 200, verify.body);
  assert.equal(verify.json<{ email: string }>().email, 'gwen.hart@example.org');
  assert.equal((await login()).statusCode, 200, 'the account works');
  const again = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/verify',
    payload: { token: link[1] },
  });
  assert.equal(again.statusCode, 410, 'the link works once');
  const [sent] = await t.db
    .select()
    .from(outbox)
    .where(eq(outbox.toEmail, 'gwen.hart@example.org'));
  assert.equal(sent!.status, 'sent', 'the outbox records that SMTP accepted it');
});

test('a password reset link works once, expires, and signs out every session', async () => {
  const ivo = { email: 'ivo@example.org', name: 'Ivo Brandt', password: 'first password 1' };
  const session1 = await signUpCustomer(t, firm, ivo);
  const session2 = await signInCustomer(t, firm, ivo);
  const ask = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/account/password-reset',
      payload: { tenant: 'alpha', email: ivo.email },
    });
  assert.equal((await ask()).statusCode, 202);
  const token = linkToken((await lastMailTo(t, ivo.email)).text);
  const confirm = (tok: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/account/password-reset/confirm',
      payload: { token: tok, password },
    });
  assert.equal((await confirm(token, 'second password 2')).statusCode, 204);
  assert.equal((await confirm(token, 'third password 33')).statusCode, 410, 'single use');
  for (const s of [session1, session2]) {
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });
    assert.equal(me.statusCode, 401, 'every session ended');
  }
  await signInCustomer(t, firm, { ...ivo, password: 'second password 2' });

  assert.equal((await ask()).statusCode, 202);
  const late = linkToken((await lastMailTo(t, ivo.email)).text);
  t.clock.advance(RESET_TTL_MS + 1);
  assert.equal((await confirm(late, 'fourth password 4')).statusCode, 410, 'expired');

  const unknown = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/password-reset',
    payload: { tenant: 'alpha', email: 'nobody@example.org' },
  });
  assert.equal(unknown.statusCode, 202, 'the same answer for unknown addresses');
});

test('signing in before following the email link says so, and the link can be sent again', async () => {
  const nora = { email: 'nora.vale@example.org', name: 'Nora Vale', password: 'a long secret 456' };
  const signup = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/signup',
    payload: { tenant: 'alpha', ...nora },
  });
  assert.equal(signup.statusCode, 202, signup.body);
  const firstToken = linkToken((await lastMailTo(t, nora.email)).text);
  const login = (password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'alpha', email: nora.email, password, kind: 'customer' },
    });

  const unverified = await login(nora.password);
  assert.equal(unverified.statusCode, 403, unverified.body);
  const problem = unverified.json<{ type: string; detail: string }>();
  assert.equal(problem.type, 'https://customerize.dev/problems/email-not-verified');
  assert.match(problem.detail, /not verified yet/);

  const wrong = await login('not the password at all');
  assert.equal(wrong.statusCode, 401, 'a wrong password learns nothing about the sign-up');
  assert.equal(
    wrong.json<{ detail: string }>().detail,
    'The firm, email or password is not right.',
  );

  const resend = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/account/verify/resend',
      payload: { tenant: 'alpha', email: nora.email },
    });
  assert.equal((await resend()).statusCode, 202);
  const secondToken = linkToken((await lastMailTo(t, nora.email)).text);
  assert.notEqual(secondToken, firstToken, 'a new link is sent');

  const stranger = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/verify/resend',
    payload: { tenant: 'alpha', email: 'nobody.here@example.org' },
  });
  assert.equal(stranger.statusCode, 202, 'an unknown email gets the same answer');
  const toStranger = await t.db
    .select()
    .from(outbox)
    .where(eq(outbox.toEmail, 'nobody.here@example.org'));
  assert.equal(toStranger.length, 0, 'and no email');

  const verify = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/verify',
    payload: { token: secondToken },
  });
  assert.equal(verify.statusCode, 200, verify.body);
  assert.equal(
    (await login(nora.password)).statusCode,
    200,
    'the new link makes the account usable',
  );
  assert.equal((await resend()).statusCode, 202);
  assert.equal(
    linkToken((await lastMailTo(t, nora.email)).text),
    secondToken,
    'a verified account gets no further link',
  );
});

test('staff never see a usable verification or reset link: the outbox hides it from owner, sales and their API keys', async () => {
  const nia = { email: 'nia@example.org', name: 'Nia Okafor', password: 'only mine 12345' };
  const signup = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/signup',
    payload: { tenant: 'alpha', ...nia },
  });
  assert.equal(signup.statusCode, 202);
  const verifyToken = linkToken((await lastMailTo(t, nia.email)).text);
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/verify',
    payload: { token: verifyToken },
  });
  assert.equal(verified.statusCode, 200);
  const reset = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/password-reset',
    payload: { tenant: 'alpha', email: nia.email },
  });
  assert.equal(reset.statusCode, 202);
  const resetToken = linkToken((await lastMailTo(t, nia.email)).text);

  const owner = await t.signIn(firm, 'owner');
  const sales = await t.signIn(firm, 'sales');
  const key = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: 'CRM', role: 'sales' },
  });
  assert.equal(key.statusCode, 201, key.body);
  const bearer = { authorization: `Bearer ${key.json<{ secret: string }>().secret}` };
  for (const [who, headers] of [
    ['owner', owner.headers],
    ['sales', sales.headers],
    ['a sales API key', bearer],
  ] as const) {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/outbox', headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(resetToken), `${who} does not see the reset token`);
    assert.ok(!res.body.includes(verifyToken), `${who} does not see the verification token`);
    const mails = res.json<{ to: string; subject: string; text: string }[]>();
    const resetMail = mails.find((m) => m.to === nia.email && /Reset/.test(m.subject));
    assert.match(
      resetMail!.text,
      /reset-password\?token=\[hidden\]/,
      `${who} sees the link is hidden`,
    );
  }
  const stored = await t.db.select().from(outbox).where(eq(outbox.toEmail, nia.email));
  assert.ok(
    stored.every((m) => !m.text.includes(resetToken) && !m.text.includes(verifyToken)),
    'the text staff read is stored without the secrets',
  );

  const confirmed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/password-reset/confirm',
    payload: { token: resetToken, password: 'still only mine 1' },
  });
  assert.equal(confirmed.statusCode, 204, 'the customer’s own email still carries a working link');

  t.clock.advance(25 * 60 * 60_000);
  await runRetention({ db: t.db, clock: t.clock });
  const later = await t.db.select().from(outbox).where(eq(outbox.toEmail, nia.email));
  assert.ok(
    later.every((m) => m.deliveryText === null),
    'a day later not even the database keeps the deliverable links',
  );
});

test('mail written before links were hidden shows them hidden, and the retention job hides them in the database too', async () => {
  const live = 'k7Q2mVx9LrT4nB8pZc1YwE5uH3sJ6dFa0gKqXoNiMlR';
  const id = t.ids.uuid();
  await t.db.insert(outbox).values({
    id,
    tenantId: firm.tenant.id,
    event: 'account.reset',
    toEmail: 'old.mail@example.org',
    subject: 'Reset your password',
    text: `Choose a new password here:\nhttps://shop.example.test/account/reset-password?token=${live}\n`,
    status: 'kept',
    createdAt: t.clock.now(),
  });
  const owner = await t.signIn(firm, 'owner');
  const listed = await t.app.inject({
    method: 'GET',
    url: '/api/v1/outbox',
    headers: owner.headers,
  });
  assert.ok(!listed.body.includes(live), 'hidden when shown');
  await runRetention({ db: t.db, clock: t.clock });
  const [row] = await t.db.select().from(outbox).where(eq(outbox.id, id));
  assert.match(
    row!.text,
    /reset-password\?token=\[hidden\]/,
    'hidden where staff-visible text is stored',
  );
  assert.ok(row!.deliveryText?.includes(live), 'still deliverable while the link may work');
});

test('sign out everywhere ends every session of the customer', async () => {
  const jo = { email: 'jo@example.org', name: 'Jo Park', password: 'many devices 12' };
  const a = await signUpCustomer(t, firm, jo);
  const b = await signInCustomer(t, firm, jo);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/sign-out-everywhere',
    headers: a.headers,
  });
  assert.equal(res.statusCode, 204);
  for (const s of [a, b]) {
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers }))
        .statusCode,
      401,
    );
  }
});

test('the profile keeps name, contact channels and addresses', async () => {
  const kim = await signUpCustomer(t, firm, {
    email: 'kim@example.org',
    name: 'Kim Lee',
    password: 'profile time 42',
  });
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/account/profile',
    headers: kim.headers,
    payload: {
      name: 'Kim S. Lee',
      phone: '+44 20 7946 0958',
      channels: [{ kind: 'email', value: 'kim@example.org' }],
      addresses: [
        {
          label: 'work',
          lines: ['1 Main St'],
          postalCode: 'E1 6AN',
          city: 'London',
          country: 'GB',
        },
      ],
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  const profile = (
    await t.app.inject({ method: 'GET', url: '/api/v1/account/profile', headers: kim.headers })
  ).json<Record<string, unknown>>();
  assert.equal(profile.name, 'Kim S. Lee');
  assert.equal(profile.emailVerified, true);
  assert.equal(profile.phone, '+44 20 7946 0958');
  assert.equal((profile.addresses as { city: string }[])[0]!.city, 'London');
});

test('non-essential mail carries an unsubscribe link, and after using it no more is sent', async () => {
  const lu = { email: 'lu@example.org', name: 'Lu Chen', password: 'order news 1234' };
  await signUpCustomer(t, firm, lu);
  const deps = {
    db: t.db,
    clock: t.clock,
    ids: t.ids,
    logger: pino({ level: 'silent' }),
    config: {
      ...defaultAppConfig,
      webDir: null,
      publicUrl: 'https://shop.example.test',
      smtpUrl: null,
    },
  };
  const news = (n: string) =>
    notify(deps, firm.tenant.id, {
      kind: 'order.status_changed',
      orderId: '00000000-0000-4000-8000-0000000000aa',
      orderNumber: n,
      status: 'shipped',
      customerId: null,
      email: lu.email,
    });
  await news('7');
  const mail = await lastMailTo(t, lu.email);
  assert.match(mail.subject, /Order 7: shipped/);
  const token = /unsubscribe\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  assert.ok(token, 'an unsubscribe link');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/unsubscribe',
    payload: { token: token[1] },
  });
  assert.equal(res.statusCode, 204);
  await news('8');
  assert.match(
    (await lastMailTo(t, lu.email)).subject,
    /Order 7/,
    'nothing sent after unsubscribing',
  );
});

test('a guest’s design link arrives over SMTP with an HTML part that escapes the design name', async () => {
  const card = await shopProduct(t, 'alpha', 'greeting-card');
  const saved = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    payload: {
      versionId: card.version.id,
      name: '<b>Otto</b> & co',
      choices: completePreset(card),
      email: 'otto.guest@example.org',
    },
  });
  assert.equal(saved.statusCode, 201, saved.body);
  const design = saved.json<{ id: string; token: string }>();

  const deadline = Date.now() + 10_000;
  while (!inbox.some((m) => m.to.includes('otto.guest@example.org')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const mail = inbox.find((m) => m.to.includes('otto.guest@example.org'));
  assert.ok(mail, 'the SMTP server received the design link');
  const raw = plain(mail.raw);
  assert.match(raw, /multipart\/alternative/, 'plain text and HTML alternatives');
  const htmlStart = raw.indexOf('Content-Type: text/html');
  assert.ok(htmlStart >= 0, 'an HTML part');
  const html = raw.slice(htmlStart);
  assert.ok(html.includes('&lt;b&gt;Otto&lt;/b&gt; &amp; co'), 'the name is escaped in HTML');
  assert.ok(!html.includes('<b>Otto'), 'no markup from the customer');
  const link = `https://shop.example.test/designs/${design.id}?token=${design.token}`;
  assert.ok(html.includes(`href="${link}"`), 'the HTML link is delivered with its token');
});

test('emails asked for from the addresses of one IPv6 /64 are limited as from one client', async () => {
  const ask = (i: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/account/password-reset',
      remoteAddress: `2001:db8:5:6::${(i + 1).toString(16)}`,
      payload: { tenant: 'alpha', email: `someone.${i}@example.org` },
    });
  for (let i = 0; i < ACCOUNT_EMAIL_LIMIT.limit; i++) assert.equal((await ask(i)).statusCode, 202);
  const over = await ask(ACCOUNT_EMAIL_LIMIT.limit);
  assert.equal(over.statusCode, 429, 'a new address in the same /64 is the same client');
  assert.ok(Number(over.headers['retry-after']) >= 1);
});
