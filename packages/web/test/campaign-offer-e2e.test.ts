// One-to-one marketing end to end (issue 13), in Chromium against the real server (its
// background worker sends the campaign): a customer signs up and gives marketing and
// personalization consent; the owner creates an offer for that customer on the console's Offers
// page and writes a campaign carrying it ({{offer}}) with a hold-out on the Campaigns page, and
// sends it; the customer opens the offer link from the mail (read from the SMTP sink), lands in
// the studio with the offer applied (`?offer=`), orders with it (the offer's price line), and the
// campaign's results show the conversion in the mailed group.
//
// The audience is "every customer with marketing consent" with a 0 % hold-out (the hold-out is
// still drawn and shown): a fresh customer is in no customer-value segment until the firm's
// figures are fitted on order history, and a random hold-out could keep the test customer back.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from './helpers/browser-suite.ts';
import { startMailbox } from './helpers/live-server.ts';

const mailbox = await startMailbox();
const suite = browserSuite({ server: { env: { SMTP_URL: mailbox.url } } });
after(() => mailbox.close());

type Session = { cookie: string; csrf: string; userId: string };

async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; session?: Session } = {},
): Promise<{ body: T; headers: Headers }> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.session ? { cookie: init.session.cookie, 'x-csrf-token': init.session.csrf } : {}),
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

test('staff send a campaign with a personal offer and a hold-out; the customer orders through its link; the console shows the conversion', async () => {
  const email = 'una.campaign@example.org';
  const password = 'a campaign just for me';
  await api('/account/signup', { body: { tenant: 'demo', email, name: 'Una Campaign', password } });
  const verify = await mailbox.waitFor(email, /account\/verify\?token=/);
  const token = /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(verify.text)![1]!;
  await api('/account/verify', { body: { token } });
  const customer = await signIn(email, password);
  for (const purpose of ['marketing', 'personalization'])
    await api('/privacy/consents', {
      session: customer,
      body: { purpose, given: true, screen: 'privacy-centre', noticeVersion: 1 },
    });
  const { body: products } = await api<{ id: string; slug: string }[]>('/shop/demo/products');
  const bike = products.find((p) => p.slug === 'city-bike');
  assert.ok(bike, 'the demo shop has the city bike');

  // Staff: the offer, on the console's Offers page.
  const owner = suite.server.accounts.get('staff owner')!;
  const staff = await suite.newPage();
  const problems: string[] = [];
  staff.on('pageerror', (e) => problems.push(e.message));
  const login = await staff.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: owner.email, password: owner.password, kind: 'staff' },
  });
  assert.equal(login.status(), 200, await login.text());
  await staff.goto(`${suite.baseUrl}/console/offers`);
  const offerForm = staff.getByRole('form', { name: 'New offer' });
  await offerForm.getByLabel('Title').fill('Spring thanks for Una');
  await offerForm.getByLabel('What it gives').selectOption('percent');
  await offerForm.getByLabel('Percent off').fill('15');
  await offerForm.getByLabel('Product id (empty: every product)').fill(bike.id);
  await offerForm.getByLabel('For').selectOption('customer');
  await offerForm.getByLabel('Customer id').fill(customer.userId);
  await offerForm.getByRole('button', { name: 'Create offer' }).click();
  await staff.getByRole('region', { name: 'Offers' }).getByText('Spring thanks for Una').waitFor();

  // Staff: the campaign, with the offer and a hold-out, sent now.
  await staff.goto(`${suite.baseUrl}/console/campaigns`);
  await staff.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  await staff.getByLabel('Name', { exact: true }).fill('Spring for Una');
  await staff
    .getByLabel('Message', { exact: true })
    .fill('Hello {{name}},\n\n{{offer|Nothing for you this time.}}\n\nThe shop: {{shop.link}}');
  await staff.getByLabel('Audience', { exact: true }).selectOption('');
  const offerSelect = staff.getByLabel('Offer ({{offer}})');
  await until('the offer in the campaign form', async () =>
    (await offerSelect.locator('option').allTextContents()).some((o) =>
      o.includes('Spring thanks for Una'),
    ),
  );
  await offerSelect.selectOption({
    label: (await offerSelect.locator('option').allTextContents()).find((o) =>
      o.includes('Spring thanks for Una'),
    )!,
  });
  await staff.getByLabel('Hold-out (% of the audience that gets nothing)').fill('0');
  await staff.getByRole('button', { name: 'Save as draft' }).click();
  await staff.getByRole('heading', { name: 'Spring for Una', level: 1 }).waitFor();
  const campaignId = new URL(staff.url()).pathname.split('/').at(-1)!;
  await staff.getByRole('button', { name: 'Send now' }).click();
  const counts = staff.getByTestId('campaign-counts');
  await until('the campaign worker to send everyone', async () => {
    const text = (await counts.textContent().catch(() => '')) ?? '';
    if (/ 0 waiting/.test(text) && /[1-9]\d* sent/.test(text)) return true;
    await staff.getByRole('button', { name: 'Refresh' }).click();
    return false;
  });

  // The customer: the mail, its offer link, the studio with the offer, the order.
  const raw = await mailbox.waitFor(email, /offer=/);
  // The raw message: its text part is quoted-printable (soft line breaks joined here).
  const mail = { text: raw.text.replace(/=\r?\n/g, '') };
  assert.match(mail.text, /Spring thanks for Una: 15 % off, valid until /);
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
    .getByText(/Spring thanks for Una/)
    .waitFor();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  await page
    .getByRole('region', { name: 'What you ordered' })
    .getByRole('row', { name: /Spring thanks for Una/ })
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
