// Revisions reach orders, in Chromium against the real server (its CLI on a free port, a fresh
// data folder with the demo firm): a signed-in customer orders a saved design, the firm proposes
// a revised one (new option, another price), the customer accepts it in the conversation, and
// the order page shows the change — the new price with the difference, the new delivery date.
// When the firm approves changes itself, the order page shows the waiting request until staff
// approve it on the console's order page. Screenshots go to test-artifacts/order-changes/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createSession, priceOf, type Configuration, type ProductModel } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';
import { enterMeasurements } from './helpers/measurements.ts';

const suite = browserSuite({ shots: 'order-changes' });

interface ProductDetail {
  product: { slug: string };
  version: { id: string };
  model: ProductModel;
  compiledUrl: string;
}

/** The cheapest valid design and a valid one-option change of it that costs something else. */
async function designAndPricedChange(detail: ProductDetail): Promise<{
  base: Configuration;
  changed: Configuration;
}> {
  const compiled = await compiledOf(suite.baseUrl, detail);
  const session = createSession(compiled);
  enterMeasurements(session);
  const base = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(base, 'the product has a valid design');
  const price = priceOf(compiled, base).total;
  for (const f of detail.model.features) {
    if (f.type !== 'enum') continue;
    for (const o of f.options) {
      if (o.id === base[f.id]) continue;
      const changed = { ...base, [f.id]: o.id };
      if (
        createSession(compiled, base).select(f.id, o.id).ok &&
        priceOf(compiled, changed).total !== price
      )
        return { base, changed };
    }
  }
  throw new Error('no single-option change keeps the design valid at another price');
}

/** Signs the page's browser in through the API; the CSRF token for its writes. */
async function signIn(
  page: Page,
  kind: 'customer' | 'staff',
  who: { email: string; password: string },
) {
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

async function post<T>(
  page: Page,
  csrf: string,
  path: string,
  data: unknown,
  method = 'POST',
): Promise<T> {
  const r = await page.request.fetch(suite.baseUrl + path, {
    method,
    headers: { 'x-csrf-token': csrf, 'idempotency-key': `${path}-${Math.random()}` },
    data,
  });
  assert.ok(r.ok(), `${path}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

type Change = { status: string; difference: number | null; newPromisedDate: string | null };
type Order = {
  id: string;
  number: number;
  total: number;
  currency: string;
  promisedDate: string;
  changes: Change[];
};

/**
 * The customer's ordered design, a conversation about it, and the firm's proposal of `changed`;
 * what the customer needs to accept it in the browser.
 */
async function orderedAndProposed(shopper: Page, staff: Page, name: string) {
  const customer = suite.server.accounts.get('customer buyer')!;
  const designer = suite.server.accounts.get('staff designer')!;
  const csrf = await signIn(shopper, 'customer', customer);
  const staffCsrf = await signIn(staff, 'staff', designer);
  const shop = '/api/v1/shop/demo';
  const products = (await (
    await shopper.request.get(`${suite.baseUrl}${shop}/products`)
  ).json()) as {
    slug: string;
  }[];
  const detail = (await (
    await shopper.request.get(`${suite.baseUrl}${shop}/products/${products[0]!.slug}`)
  ).json()) as ProductDetail;
  const { base, changed } = await designAndPricedChange(detail);
  const design = await post<{ id: string }>(shopper, csrf, `${shop}/designs`, {
    versionId: detail.version.id,
    name,
    choices: base,
  });
  const q = await post<{ total: number; currency: string; promisedDate: string }>(
    shopper,
    csrf,
    `${shop}/quote`,
    {
      versionId: detail.version.id,
      choices: base,
    },
  );
  const order = await post<Order>(shopper, csrf, `${shop}/orders`, {
    designId: design.id,
    versionId: detail.version.id,
    choices: base,
    expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
  });
  const started = await post<{ conversation: { id: string } }>(
    shopper,
    csrf,
    '/api/v1/conversations',
    {
      subject: { kind: 'design', id: design.id },
      topic: name,
      body: 'Could it be a little different?',
    },
  );
  const revision = await post<{ id: string }>(
    shopper,
    csrf,
    `/api/v1/conversations/${started.conversation.id}/revisions`,
    { request: 'Another option, please.' },
  );
  await post(staff, staffCsrf, `/api/v1/revisions/${revision.id}/proposal`, {
    message: 'Here it is with the other option.',
    choices: changed,
  });
  return { order, conversationId: started.conversation.id, csrf };
}

/** Money as the app writes it (minor units; whole amounts without cents), in the page's locale. */
async function money(page: Page, minor: number, currency: string, signed = false): Promise<string> {
  return page.evaluate(
    ({ minor, currency, signed }) => {
      const digits =
        new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
      const major = Math.abs(minor) / 10 ** digits;
      const whole = Number.isInteger(major);
      const text = new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency,
        ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
      }).format(major);
      return signed ? `${minor > 0 ? '+' : '−'}${text}` : text;
    },
    { minor, currency, signed },
  );
}

test('the customer accepts a revised design of an ordered one: the order page shows the new spec, the price difference and the new date', async () => {
  const shopper = await suite.newPage();
  const staff = await suite.newPage();
  const problems: string[] = [];
  for (const page of [shopper, staff]) page.on('pageerror', (e) => problems.push(e.message));
  const { order, conversationId } = await orderedAndProposed(
    shopper,
    staff,
    'Changed after ordering',
  );

  await shopper.goto(`${suite.baseUrl}/account/messages/${conversationId}`);
  await shopper.getByRole('button', { name: 'Accept the revised design' }).click();
  await shopper.getByText(/You accepted it: it is now version 2 of your design/).waitFor();
  await shopper
    .getByText(new RegExp(`^Order ${order.number}: Changed to version 2 of the design`))
    .waitFor();

  await shopper.goto(`${suite.baseUrl}/orders/${order.id}`);
  const changes = shopper.getByRole('region', { name: 'Changes to this order' });
  await changes.waitFor();
  const now = (await (
    await shopper.request.get(`${suite.baseUrl}/api/v1/shop/demo/orders/${order.id}`)
  ).json()) as Order;
  const change = now.changes[0]!;
  assert.equal(change.status, 'applied');
  assert.notEqual(now.total, order.total, 'the order has the revised price');
  await changes.getByText('Applied', { exact: true }).waitFor();
  await changes
    .getByText(/version 2 of the design/)
    .first()
    .waitFor();
  assert.equal(
    await changes.getByTestId('price-difference').textContent(),
    await money(shopper, now.total - order.total, now.currency, true),
    'the price difference, in the currency’s minor units',
  );
  const priceRow = (await changes.getByText(/→/).first().textContent()) ?? '';
  assert.ok(priceRow.includes(await money(shopper, order.total, order.currency)), priceRow);
  assert.ok(priceRow.includes(await money(shopper, now.total, now.currency)), priceRow);
  const total = shopper.getByRole('row', { name: /^Total/ });
  assert.match(
    (await total.textContent()) ?? '',
    new RegExp(escape(await money(shopper, now.total, now.currency))),
  );
  // The new promised date, in the header and in the change (with the old one when it moved).
  assert.equal(change.newPromisedDate, now.promisedDate);
  const promised =
    (await shopper
      .getByText(/^Delivery by/)
      .locator('strong')
      .textContent()) ?? '';
  const delivery = changes.getByRole('definition').filter({ hasText: promised });
  assert.equal(await delivery.count(), 1, `the change shows the delivery date ${promised}`);
  await shopper.screenshot({
    path: join(suite.shots, '01-customer-order-changed.png'),
    fullPage: true,
  });
  assert.deepEqual(problems, [], 'no errors in the pages');
});

test('a firm that approves changes itself: the order page shows the waiting request until staff approve it in the console', async () => {
  const owner = suite.server.accounts.get('staff owner')!;
  const boss = await suite.newPage();
  const ownerCsrf = await signIn(boss, 'staff', owner);
  // The owner asks for approval of order changes in the console's settings.
  await boss.goto(`${suite.baseUrl}/console/settings`);
  const approve = boss.getByRole('checkbox', { name: 'Approve order changes before they apply' });
  assert.equal(await approve.isChecked(), false, 'changes apply at once by default');
  await approve.check();
  await boss.getByRole('button', { name: 'Save settings' }).click();
  await boss.getByText('Settings saved.').waitFor();
  const shopper = await suite.newPage();
  const staff = await suite.newPage();
  const problems: string[] = [];
  for (const page of [shopper, staff, boss]) page.on('pageerror', (e) => problems.push(e.message));
  const { order, conversationId } = await orderedAndProposed(
    shopper,
    staff,
    'Approved by the firm',
  );

  await shopper.goto(`${suite.baseUrl}/account/messages/${conversationId}`);
  await shopper.getByRole('button', { name: 'Accept the revised design' }).click();
  await shopper
    .getByText(new RegExp(`^Order ${order.number}: the firm will confirm the change`))
    .waitFor();
  await shopper.goto(`${suite.baseUrl}/orders/${order.id}`);
  const changes = shopper.getByRole('region', { name: 'Changes to this order' });
  await changes.getByText('Waiting for the firm’s approval', { exact: true }).waitFor();
  await shopper.screenshot({
    path: join(suite.shots, '02-customer-change-waiting.png'),
    fullPage: true,
  });

  // Staff find it in the order list: flagged, and alone when they ask for waiting changes.
  await boss.goto(`${suite.baseUrl}/console/orders`);
  const list = boss.getByRole('region', { name: /orders?$/ });
  const row = list.getByRole('row', { name: new RegExp(`^Order ${order.number}\\b`) });
  await row.getByText('Change waiting', { exact: true }).waitFor();
  await boss.getByLabel('Only orders with a change waiting for approval').check();
  await boss.getByRole('button', { name: 'Show orders' }).click();
  await boss.getByRole('heading', { name: '1 order', exact: true }).waitFor();
  assert.equal(await list.getByText('Change waiting', { exact: true }).count(), 1);
  await row.getByRole('link', { name: `Order ${order.number}` }).click();
  const consoleChanges = boss.getByRole('region', { name: 'Changes to this order' });
  await consoleChanges.getByRole('button', { name: 'Approve the change' }).click();
  await consoleChanges.getByText('Applied', { exact: true }).waitFor();
  await boss.goto(`${suite.baseUrl}/console/orders`);
  await boss.getByLabel('Only orders with a change waiting for approval').check();
  await boss.getByRole('button', { name: 'Show orders' }).click();
  await boss.getByText('No orders match.').waitFor();
  await boss.screenshot({ path: join(suite.shots, '03-staff-approved.png'), fullPage: true });

  await shopper.reload();
  await changes.getByText('Applied', { exact: true }).waitFor();
  await changes.getByTestId('price-difference').waitFor();
  await post(
    boss,
    ownerCsrf,
    '/api/v1/tenant',
    { settings: { orderChangesNeedApproval: false } },
    'PATCH',
  );
  assert.deepEqual(problems, [], 'no errors in the pages');
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
