// A reward for sharing data reaches the customer's order (issue 10, item 11), in Chromium against
// the real server: the firm offers 10 EUR off for opting in to research, a new customer opts in,
// designs a bike signed in and sees the reward taken off the total and named in the price details;
// the order's price lines carry it; the next design pays the full price.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';
import { startMailbox } from './helpers/live-server.ts';

const mailbox = await startMailbox();
const suite = browserSuite({ server: { env: { SMTP_URL: mailbox.url } } });
after(() => mailbox.close());

type Session = { cookie: string; csrf: string };

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
  const { body, headers } = await api<{ csrfToken: string }>('/auth/login', {
    body: { tenant: 'demo', email, password },
  });
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cz_session='))!;
  return { cookie, csrf: body.csrfToken };
}

/** The Daily commuter for a 175 cm rider, complete, with the workshop's date shown. */
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

test('a customer’s earned reward is taken off the studio total, named in the price lines and on the order, once', async () => {
  const owner = suite.server.accounts.get('staff owner')!;
  const staff = await signIn(owner.email, owner.password);
  await api('/privacy/incentives', {
    session: staff,
    body: {
      purpose: 'research',
      kind: 'discount',
      description: '10 EUR off your next order',
      amount: 1000,
      currency: 'EUR',
    },
  });

  const email = 'mila.reward@example.org';
  const password = 'rewarded for sharing';
  await api('/account/signup', { body: { tenant: 'demo', email, name: 'Mila Reward', password } });
  const mail = await mailbox.waitFor(email, /account\/verify\?token=/);
  const token = /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  await api('/account/verify', { body: { token } });
  const customer = await signIn(email, password);
  const { body: given } = await api<{ rewardsGranted: string[] }>('/privacy/consents', {
    session: customer,
    body: { purpose: 'research', given: true, screen: 'privacy-centre', noticeVersion: 1 },
  });
  assert.equal(given.rewardsGranted.length, 1, 'opting in earned the reward');

  // A guest sees the full price of the same bike.
  const guest = await suite.newPage();
  await designBike(guest);
  const full = euros(await guest.getByTestId('total').locator('output').textContent());
  assert.ok(full > 10, `a full price (${full})`);

  const page = await suite.newPage();
  await page.goto(`${suite.baseUrl}/account/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/signin'));
  await designBike(page);
  const total = page.getByTestId('total').locator('output');
  await page.waitForFunction(
    (expected) =>
      Number(
        (document.querySelector('[data-testid="total"] output')?.textContent ?? '').replace(
          /[^\d.]/g,
          '',
        ),
      ) === expected,
    full - 10,
    { timeout: 10_000 },
  );
  assert.equal(euros(await total.textContent()), full - 10, 'the studio total takes 10 EUR off');
  await page.getByText('Price details').click();
  const line = page.getByTestId('reward-line');
  assert.match(
    (await line.textContent()) ?? '',
    /^Your reward: 10 EUR off your next order[-−]€10(\.00)?$/,
  );

  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  const lines = page.getByRole('region', { name: 'What you ordered' });
  await lines.getByRole('row', { name: /10 EUR off your next order/ }).waitFor();
  assert.equal(
    euros(await lines.locator('tfoot').textContent()),
    full - 10,
    'the order is charged the total the studio showed',
  );

  // The reward is used: the next design pays the full price, with no reward line.
  await designBike(page);
  await page.waitForFunction(
    (expected) =>
      Number(
        (document.querySelector('[data-testid="total"] output')?.textContent ?? '').replace(
          /[^\d.]/g,
          '',
        ),
      ) === expected,
    full,
    { timeout: 10_000 },
  );
  assert.equal(await page.getByTestId('reward-line').count(), 0);
});
