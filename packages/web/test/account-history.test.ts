// A customer's designs and orders on any device, in Chromium against the real server: a guest
// saves a design (two versions) and orders it, the firm confirms the order, the guest creates
// an account with the same email and follows the emailed link; then on a new device (a fresh
// browser, nothing in its storage) the customer signs in and /account shows the designs with
// their versions and the orders with status and timeline. And a guest's pages ask who is
// signed in without an error in the console.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { createSession, type Configuration } from '@customerize/engine';
import {
  ensureWebBuilt,
  launchBrowser,
  startLiveServer,
  startMailbox,
  type LiveServer,
} from './helpers/live-server.ts';
import { compiledOf } from './helpers/compiled.ts';
import { enterMeasurements } from './helpers/measurements.ts';

let server: LiveServer;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
const contexts: BrowserContext[] = [];

before(async () => {
  ensureWebBuilt();
  mailbox = await startMailbox();
  server = await startLiveServer({ env: { SMTP_URL: mailbox.url } });
});

after(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
  await mailbox?.close();
});

async function newDevice(): Promise<Page> {
  const context = await launchBrowser();
  contexts.push(context);
  return context.pages()[0] ?? context.newPage();
}

async function api<T>(
  path: string,
  init?: { method: string; body: unknown; headers?: Record<string, string> },
): Promise<{ body: T; headers: Headers }> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: init?.method ?? 'GET',
    headers: init ? { 'content-type': 'application/json', ...init.headers } : {},
    ...(init ? { body: JSON.stringify(init.body) } : {}),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return { body: (await res.json()) as T, headers: res.headers };
}

/** Watches a page for console errors and failed API answers (a 401 is logged as an error). */
function watch(page: Page): { errors: string[]; sessionChecks: number[] } {
  const seen = { errors: [] as string[], sessionChecks: [] as number[] };
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/') && r.status() >= 400)
      seen.errors.push(`${r.status()} ${r.request().method()} ${path}`);
    if (path.startsWith('/api/v1/auth/')) seen.sessionChecks.push(r.status());
  });
  return seen;
}

test('a guest’s pages ask who is signed in without an error in the console', async () => {
  const page = await newDevice();
  const seen = watch(page);
  await page.goto(`${server.baseUrl}/`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.goto(`${server.baseUrl}/account`);
  await page.getByRole('heading', { name: 'Designs saved in this browser' }).waitFor();
  await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
  assert.ok(seen.sessionChecks.length >= 1, 'the app asked who is signed in');
  assert.deepEqual(seen.errors, [], 'no console errors and no failed API calls');
  assert.ok(
    seen.sessionChecks.every((s) => s === 200),
    `the session check answers a guest 200: ${seen.sessionChecks.join(', ')}`,
  );
});

test('guest designs and orders are on the account, with versions and timeline, on a new device', async () => {
  const email = 'rosa.newdevice@example.org';
  const password = 'a password of my own';

  // As a guest: a design saved with her email, a second version, an order of it.
  const { body: storefront } = await api<{ tenant: { slug: string } }>('/storefront');
  const shop = `/shop/${storefront.tenant.slug}`;
  const { body: products } = await api<{ slug: string }[]>(`${shop}/products`);
  const { body: product } = await api<{
    version: { id: string };
    compiledUrl: string;
    model: { presets?: { choices: Configuration }[] };
  }>(`${shop}/products/${products[0]!.slug}`);
  const engine = await compiledOf(server.baseUrl, product);
  // The customer's own measurements (the bike's rider height) are entered, never guessed.
  const entered = enterMeasurements(createSession(engine));
  const cheapest = createSession(engine, entered).optimize({ sense: 'min', weights: { price: 1 } });
  const dearest = createSession(engine, entered).optimize({ sense: 'max', weights: { price: 1 } });
  assert.ok(cheapest && dearest);
  const { body: design } = await api<{ id: string; token: string }>(`${shop}/designs`, {
    method: 'POST',
    body: { versionId: product.version.id, name: 'Rosa’s first design', choices: cheapest, email },
  });
  await api(`${shop}/designs/${design.id}/versions?token=${design.token}`, {
    method: 'POST',
    body: { choices: dearest, note: 'All the extras' },
  });
  const { body: quote } = await api<{ total: number; currency: string; promisedDate: string }>(
    `${shop}/quote`,
    { method: 'POST', body: { versionId: product.version.id, choices: dearest } },
  );
  const { body: order } = await api<{ id: string; number: number }>(`${shop}/orders`, {
    method: 'POST',
    body: {
      versionId: product.version.id,
      choices: dearest,
      designId: design.id,
      token: design.token,
      email,
      expected: { total: quote.total, currency: quote.currency, promisedDate: quote.promisedDate },
    },
  });
  // The firm confirms the order (a second entry on its timeline).
  const owner = server.accounts.get('staff owner')!;
  const signedIn = await api<{ csrfToken: string }>('/auth/login', {
    method: 'POST',
    body: { tenant: storefront.tenant.slug, email: owner.email, password: owner.password },
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cz_session='))!;
  await api(`/orders/${order.id}/transitions`, {
    method: 'POST',
    body: { to: 'confirmed', note: 'Materials reserved' },
    headers: { cookie, 'x-csrf-token': signedIn.body.csrfToken },
  });

  // The guest creates an account with the same email and follows the link in the email.
  const guest = await newDevice();
  await guest.goto(`${server.baseUrl}/account/signup`);
  await guest.getByLabel('Name').fill('Rosa Newdevice');
  await guest.getByLabel('Email').fill(email);
  await guest.getByLabel('Password').fill(password);
  await guest.getByRole('button', { name: 'Create account' }).click();
  await guest.getByRole('heading', { name: 'Check your email' }).waitFor();
  const mail = await mailbox.waitFor(email, /account\/verify\?token=/);
  const token = /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  await guest.goto(`${server.baseUrl}/account/verify?token=${token}`);
  await guest.getByText('We added 1 design and 1 order you made as a guest').waitFor();

  // A new device: nothing in its storage; she signs in from the account page.
  const page = await newDevice();
  const seen = watch(page);
  await page.goto(`${server.baseUrl}/account`);
  assert.equal(
    await page.evaluate(() => localStorage.getItem('customerize.designs')),
    null,
    'this browser remembers no designs',
  );
  await page
    .getByRole('navigation', { name: 'Account' })
    .getByRole('link', { name: 'Sign in' })
    .click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.baseUrl}/account`);

  const designs = page.getByRole('region', { name: 'My designs' });
  await designs.getByRole('link', { name: 'Rosa’s first design' }).waitFor();
  assert.equal(await page.getByText(/Sign in or create an account/).count(), 0);
  assert.equal(await page.getByText('Signed in as').count(), 1);
  await designs.getByText('2 versions').click();
  const versions = designs.getByRole('region', { name: 'Versions of Rosa’s first design' });
  assert.equal(await versions.getByRole('row').count(), 3, 'a header and two versions');
  await versions.getByRole('cell', { name: 'All the extras' }).waitFor();
  const compared = designs.getByRole('region', {
    name: 'Version 1 and version 2 of Rosa’s first design',
  });
  await compared.getByRole('row', { name: /Price/ }).waitFor();
  assert.match((await designs.textContent()) ?? '', /choices? differs?/);

  const orders = page.getByRole('region', { name: 'My orders' });
  await orders.getByRole('link', { name: new RegExp(`^Order ${order.number}\\b`) }).waitFor();
  assert.equal(await orders.getByTestId('account-order-status').textContent(), 'Confirmed');
  const timeline = orders.getByRole('list', { name: `Timeline of order ${order.number}` });
  const steps = await timeline.getByRole('listitem').allTextContents();
  assert.equal(steps.length, 2, steps.join(' | '));
  assert.match(steps[0]!, /^Placed/);
  assert.match(steps[1]!, /^Confirmed.*Materials reserved/);

  // Both open on this device without the guest's private links.
  await designs.getByRole('link', { name: 'Rosa’s first design' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rosa’s first design' }).waitFor();
  await page.goBack();
  await orders.getByRole('link', { name: new RegExp(`^Order ${order.number}\\b`) }).click();
  await page.getByTestId('order-status').getByText('Confirmed').waitFor();
  assert.deepEqual(seen.errors, [], 'no console errors and no failed API calls');
});
