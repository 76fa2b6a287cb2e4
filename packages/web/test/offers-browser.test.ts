// A personal offer reaches the customer's order (issue 13), in Chromium against the real server:
// staff give a customer 25 EUR off by name; the customer sees it on their account page and in
// the studio's order panel, uses it with one click, sees it as its own price line, and orders
// with it; the order's price lines carry it.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
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

async function signIn(email: string, password: string): Promise<Session> {
  const { body, headers } = await api<{ csrfToken: string; user: { id: string } }>('/auth/login', {
    body: { tenant: 'demo', email, password },
  });
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cz_session='))!;
  return { cookie, csrf: body.csrfToken, userId: body.user.id };
}

async function designBike(page: Page): Promise<void> {
  await page.goto(suite.baseUrl + '/p/city-bike');
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('175');
  await page.getByRole('combobox', { name: 'Frame size', exact: true }).selectOption('52');
  await page.getByText('Every choice is made.').waitFor();
  await page
    .getByTestId('delivery')
    .getByText(/Delivery by/)
    .waitFor();
}

const euros = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

async function totalIs(page: Page, expected: number) {
  await page.waitForFunction(
    (want) =>
      Number(
        (document.querySelector('[data-testid="total"] output')?.textContent ?? '').replace(
          /[^\d.]/g,
          '',
        ),
      ) === want,
    expected,
    { timeout: 10_000 },
  );
}

test('a customer with a personal offer sees it in the studio, uses it with one click and orders with it', async () => {
  const email = 'ida.offer@example.org';
  const password = 'an offer just for me';
  await api('/account/signup', { body: { tenant: 'demo', email, name: 'Ida Offer', password } });
  const mail = await mailbox.waitFor(email, /account\/verify\?token=/);
  const token = /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  await api('/account/verify', { body: { token } });
  const customer = await signIn(email, password);

  const owner = suite.server.accounts.get('staff owner')!;
  const staff = await signIn(owner.email, owner.password);
  const now = Date.now();
  await api('/offers', {
    session: staff,
    body: {
      title: 'Welcome back, Ida',
      kind: 'amount',
      amount: 2500,
      currency: 'EUR',
      customerId: customer.userId,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
    },
  });

  const guest = await suite.newPage();
  await designBike(guest);
  const full = euros(await guest.getByTestId('total').locator('output').textContent());
  assert.ok(full > 25, `a full price (${full})`);

  const page = await suite.newPage();
  await page.goto(`${suite.baseUrl}/account/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/signin'));
  await page.goto(`${suite.baseUrl}/account`);
  await page.getByTestId('my-offers').getByText('Welcome back, Ida').waitFor();

  await designBike(page);
  await totalIs(page, full);
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  const offers = page.getByTestId('your-offers');
  await offers.getByText('Welcome back, Ida').waitFor();
  await offers.getByRole('button', { name: 'Use this offer' }).click();
  await totalIs(page, full - 25);
  await page.getByText('Price details').click();
  assert.match(
    (await page.getByTestId('offer-line').textContent()) ?? '',
    /Your offer: Welcome back, Ida[-−]€25(\.00)?$/,
  );

  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  const lines = page.getByRole('region', { name: 'What you ordered' });
  await lines.getByRole('row', { name: /Your offer: Welcome back, Ida/ }).waitFor();
  assert.equal(
    euros(await lines.locator('tfoot').textContent()),
    full - 25,
    'the order is charged the total the studio showed',
  );
  const { body } = await api<{ offers: unknown[] }>('/account/offers', { session: customer });
  assert.deepEqual(body.offers, [], 'the offer is used');
});
