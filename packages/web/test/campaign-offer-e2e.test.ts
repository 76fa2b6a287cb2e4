// One-to-one marketing end to end (issue 13), in Chromium against the real server (its
// background worker sends the campaign): staff build a segment, send a campaign with a hold-out
// and a personal offer, a customer opens the link and orders with the offer, the console shows
// the conversion.
//
// The segment is real customer value: five customers sign up (known passwords), give marketing
// and personalization consent and each order once; two demo customers order repeatedly. The
// server is stopped and the orders moved back in its database — the five bought once, 400 days
// ago (more than the one-year horizon: "Lapsed", whatever the fit), the two bought again over the
// past months (so the firm's figures can be fitted). Staff press "Recompute now" on the Customers
// page (building the segment), create an offer for the Lapsed segment on the Offers page, and
// write a campaign for that segment with the default 10 % hold-out and {{offer}}, and send it.
// The hold-out draw is random per campaign, so the test reads each customer's arm from the
// database: the held-out ones got no mail; one from the mailed arm opens the offer link from the
// mail (read from the SMTP sink), lands in the studio with the offer applied (`?offer=`), orders
// with it (the offer's price line), and the campaign's results show the conversion in the mailed
// group.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createSession, type ProductModel } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';
import { startMailbox } from './helpers/live-server.ts';
import { enterMeasurements } from './helpers/measurements.ts';

const mailbox = await startMailbox();
// Seven customers order from this one test client: more than the default orders per client.
const suite = browserSuite({
  server: { env: { SMTP_URL: mailbox.url, ORDER_LIMIT_PER_CLIENT: '50' } },
});
after(() => mailbox.close());

type Session = { cookie: string; csrf: string; userId: string };

async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; session?: Session; idempotent?: boolean } = {},
): Promise<{ body: T; headers: Headers }> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.session ? { cookie: init.session.cookie, 'x-csrf-token': init.session.csrf } : {}),
      ...(init.idempotent ? { 'idempotency-key': `${path}-${crypto.randomUUID()}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return { body: (res.status === 204 ? null : await res.json()) as T, headers: res.headers };
}

async function signIn(email: string, password: string, kind?: 'staff'): Promise<Session> {
  const { body, headers } = await api<{ csrfToken: string; user: { id: string } }>('/auth/login', {
    body: { tenant: 'demo', email, password, ...(kind ? { kind } : {}) },
  });
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cz_session='))!;
  return { cookie, csrf: body.csrfToken, userId: body.user.id };
}

/** Polls `check` until it is true, at most `ms`; fails naming `what`. */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Gives the signed-in customer's consent to each purpose (the notice version they were shown). */
async function consent(session: Session, purposes: string[]) {
  const { body } = await api<{ purposes: { purpose: string; notice: { version: number } }[] }>(
    '/privacy/consents',
    { session },
  );
  for (const purpose of purposes)
    await api('/privacy/consents', {
      session,
      body: {
        purpose,
        given: true,
        screen: 'privacy-centre',
        noticeVersion: body.purposes.find((p) => p.purpose === purpose)!.notice.version,
      },
    });
}

interface ProductDetail {
  version: { id: string };
  model: ProductModel;
  compiledUrl: string;
}

/** The signed-in customer orders the city bike (cheapest build) `count` times; the order ids. */
async function order(session: Session, count: number): Promise<string[]> {
  const shop = '/shop/demo';
  const { body: detail } = await api<ProductDetail>(`${shop}/products/city-bike`);
  const engine = createSession(await compiledOf(suite.baseUrl, detail));
  enterMeasurements(engine);
  const choices = engine.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices, 'the city bike can be built');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { body: q } = await api<{ total: number; currency: string; promisedDate: string }>(
      `${shop}/quote`,
      { session, idempotent: true, body: { versionId: detail.version.id, choices } },
    );
    const { body: placed } = await api<{ id: string }>(`${shop}/orders`, {
      session,
      idempotent: true,
      body: {
        versionId: detail.version.id,
        choices,
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    });
    ids.push(placed.id);
  }
  return ids;
}

/** Stops the server, runs `work` on its database, starts it again. */
async function withDatabase<T>(work: (pg: PGlite) => Promise<T>): Promise<T> {
  assert.equal(await suite.server.stop(), 0);
  const pg = new PGlite(join(suite.server.dataDir, 'pgdata'));
  try {
    return await work(pg);
  } finally {
    await pg.close();
    await suite.server.restart();
  }
}

const backdate = (pg: PGlite, orderId: string, days: number) =>
  pg.query(`update orders set created_at = created_at - make_interval(days => $2) where id = $1`, [
    orderId,
    days,
  ]);

test('staff build a segment, send a campaign with a hold-out and a personal offer; a mailed customer orders through its link; the console shows the conversion', async () => {
  // Five customers who bought once, long ago: the Lapsed segment once recomputed.
  const lapsed: { email: string; password: string; name: string; id: string; orders: string[] }[] =
    [];
  for (const n of [1, 2, 3, 4, 5]) {
    const email = `una.campaign${n}@example.org`;
    const password = `a campaign just for me ${n}`;
    const name = `Una Campaign ${n}`;
    await api('/account/signup', { body: { tenant: 'demo', email, name, password } });
    const verify = await mailbox.waitFor(email, /account\/verify\?token=/);
    const token = /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(verify.text)![1]!;
    await api('/account/verify', { body: { token } });
    const session = await signIn(email, password);
    await consent(session, ['marketing', 'personalization']);
    lapsed.push({ email, password, name, id: session.userId, orders: await order(session, 1) });
  }
  // Two demo customers who buy again (the fit needs repeat buyers); no marketing consent.
  const repeat: [string, number[]][] = [];
  for (const [role, ages] of [
    ['buyer', [100, 70, 40]],
    ['approver', [130, 110]],
  ] as const) {
    const who = suite.server.accounts.get(`customer ${role}`)!;
    const session = await signIn(who.email, who.password);
    await consent(session, ['personalization']);
    const ids = await order(session, ages.length);
    ids.forEach((id, i) => repeat.push([id, [ages[i]!]]));
  }
  await withDatabase(async (pg) => {
    for (const c of lapsed) for (const id of c.orders) await backdate(pg, id, 400);
    for (const [id, [days]] of repeat) await backdate(pg, id, days!);
  });

  // Staff: recompute customer value on the Customers page — the segment.
  const owner = suite.server.accounts.get('staff owner')!;
  const staff = await suite.newPage();
  const problems: string[] = [];
  staff.on('pageerror', (e) => problems.push(e.message));
  const login = await staff.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: owner.email, password: owner.password, kind: 'staff' },
  });
  assert.equal(login.status(), 200, await login.text());
  await staff.goto(`${suite.baseUrl}/console/customers`);
  await staff.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  await staff.getByRole('button', { name: 'Recompute now' }).click();
  await staff.getByText('7 customers scored').waitFor();
  await staff.getByLabel('Segment').selectOption({ label: 'Lapsed' });
  const listedLapsed = staff.getByRole('region', { name: /customers?$/ });
  for (const c of lapsed) await listedLapsed.getByRole('link', { name: c.name }).waitFor();
  const values = (await (
    await staff.request.get(`${suite.baseUrl}/api/v1/customer-values`)
  ).json()) as { items: { customerId: string; segment: string }[] };
  for (const c of lapsed)
    assert.equal(
      values.items.find((v) => v.customerId === c.id)?.segment,
      'lapsed',
      `${c.name} bought once, 400 days ago`,
    );

  const { body: products } = await api<{ id: string; slug: string }[]>('/shop/demo/products');
  const bike = products.find((p) => p.slug === 'city-bike');
  assert.ok(bike, 'the demo shop has the city bike');

  // Staff: the offer for the segment, on the console's Offers page.
  await staff.goto(`${suite.baseUrl}/console/offers`);
  const offerForm = staff.getByRole('form', { name: 'New offer' });
  await offerForm.getByLabel('Title').fill('Come back, Una');
  await offerForm.getByLabel('What it gives').selectOption('percent');
  await offerForm.getByLabel('Percent off').fill('15');
  await offerForm.getByLabel('Product id (empty: every product)').fill(bike.id);
  await offerForm.getByLabel('For').selectOption('segment');
  await offerForm.getByLabel('Segment').selectOption({ label: 'Lapsed' });
  await offerForm.getByRole('button', { name: 'Create offer' }).click();
  await staff.getByRole('region', { name: 'Offers' }).getByText('Come back, Una').waitFor();

  // Staff: the campaign for the segment, with the offer and the default hold-out, sent now.
  await staff.goto(`${suite.baseUrl}/console/campaigns`);
  await staff.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  await staff.getByLabel('Name', { exact: true }).fill('Come back');
  await staff
    .getByLabel('Message', { exact: true })
    .fill('Hello {{name}},\n\n{{offer|Nothing for you this time.}}\n\nThe shop: {{shop.link}}');
  await staff.getByLabel('Audience', { exact: true }).selectOption({ label: 'Segment: Lapsed' });
  const offerSelect = staff.getByLabel('Offer ({{offer}})');
  await until('the offer in the campaign form', async () =>
    (await offerSelect.locator('option').allTextContents()).some((o) =>
      o.includes('Come back, Una'),
    ),
  );
  await offerSelect.selectOption({
    label: (await offerSelect.locator('option').allTextContents()).find((o) =>
      o.includes('Come back, Una'),
    )!,
  });
  const holdout = staff.getByLabel('Hold-out (% of the audience that gets nothing)');
  assert.equal(await holdout.inputValue(), '10', 'the default hold-out');
  await staff.getByRole('button', { name: 'Save as draft' }).click();
  await staff.getByRole('heading', { name: 'Come back', level: 1 }).waitFor();
  const campaignId = new URL(staff.url()).pathname.split('/').at(-1)!;
  await staff.getByRole('button', { name: 'Send now' }).click();
  const counts = staff.getByTestId('campaign-counts');
  const countsRe = /Audience (\d+): (\d+) sent, (\d+) held out, (\d+) waiting/;
  await until('the campaign worker to queue the segment and send everyone', async () => {
    const m = countsRe.exec((await counts.textContent().catch(() => '')) ?? '');
    if (m && m[1] === String(lapsed.length) && m[4] === '0') return true;
    await staff.getByRole('button', { name: 'Refresh' }).click();
    return false;
  });
  const [, , sentCount, heldCount] = countsRe.exec((await counts.textContent()) ?? '')!;
  assert.equal(Number(sentCount) + Number(heldCount), lapsed.length, 'each one sent or held out');

  // Who landed in which arm: the seeded draw, read from the database.
  const arms = await withDatabase(async (pg) => {
    const r = await pg.query<{ customer_id: string; arm: string; state: string }>(
      `select customer_id, arm, state from campaign_recipients where campaign_id = $1`,
      [campaignId],
    );
    return new Map(r.rows.map((row) => [row.customer_id, row]));
  });
  assert.deepEqual(
    [...arms.keys()].sort(),
    lapsed.map((c) => c.id).sort(),
    'the audience is the Lapsed segment, every one of the five',
  );
  assert.equal(
    [...arms.values()].filter((r) => r.arm === 'holdout').length,
    Number(heldCount),
    'the console counts the held-out arm drawn',
  );
  for (const c of lapsed) {
    const mailed = mailbox.received.some(
      (m) => m.to.includes(c.email) && m.text.includes(`campaign=${campaignId}`),
    );
    if (arms.get(c.id)!.arm === 'holdout')
      assert.ok(!mailed, `${c.name} is held out and got no campaign mail`);
    else assert.equal(arms.get(c.id)!.state, 'sent', `${c.name} is mailed`);
  }
  const chosen = lapsed.find((c) => arms.get(c.id)!.arm === 'mail');
  assert.ok(chosen, 'someone of the five is in the mailed arm');
  const { email, password } = chosen;

  // The customer: the mail, its offer link, the studio with the offer, the order.
  const mail = await mailbox.waitFor(email, new RegExp(`campaign=${campaignId}`));
  assert.match(mail.text, /Come back, Una: 15 % off, valid until /);
  const sent = /(https?:\/\/\S+\?offer=[0-9a-f-]+&campaign=[0-9a-f-]+)/.exec(mail.text)?.[1];
  assert.ok(sent, `the offer link is in the mail: ${mail.text}`);
  const link = new URL(sent);
  assert.equal(link.pathname, '/p/city-bike');
  assert.equal(link.searchParams.get('campaign'), campaignId);
  const page = await suite.newPage();
  await page.goto(`${suite.baseUrl}/account/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/signin'));
  // The mail's links are built on the firm's PUBLIC_URL; the test server listens elsewhere.
  await page.goto(`${suite.baseUrl}${link.pathname}${link.search}`);
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('175');
  await page.getByRole('combobox', { name: 'Frame size', exact: true }).selectOption('52');
  await page.getByText('Every choice is made.').waitFor();
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByText('Price details').click();
  await page
    .getByTestId('offer-line')
    .getByText(/Come back, Una/)
    .waitFor();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  await page
    .getByRole('region', { name: 'What you ordered' })
    .getByRole('row', { name: /Come back, Una/ })
    .waitFor();

  // Staff: the conversion in the mailed group.
  await until('the conversion in the results', async () => {
    await staff.reload();
    const results = staff.getByTestId('campaign-results');
    await results.waitFor();
    const row = (await results.getByRole('row', { name: /Conversion/ }).textContent()) ?? '';
    return /\(1\)/.test(row);
  });
  const conversion =
    (await staff
      .getByTestId('campaign-results')
      .getByRole('row', { name: /Conversion/ })
      .locator('td')
      .first()
      .textContent()) ?? '';
  assert.match(conversion, /\(1\)$/, 'one customer of the mailed group converted');
  assert.deepEqual(problems, []);
});
