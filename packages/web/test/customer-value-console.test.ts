// The console's Customers page, in Chromium against the real server: two demo customers consent
// to personalization and order several times; their orders are moved back over the past months
// (the server stopped, the dates changed in its database, the server started again), so there is
// a purchase history to fit. Sales staff recompute customer value on the Customers page, filter
// by the buyer's segment, and open the buyer's timeline from the list: it shows their consent,
// orders and value figures. Screenshots go to test-artifacts/customer-value/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Page } from 'playwright-core';
import { createSession, type ProductModel } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';
import { enterMeasurements } from './helpers/measurements.ts';

const suite = browserSuite({ shots: 'customer-value' });

interface ProductDetail {
  product: { slug: string };
  version: { id: string };
  model: ProductModel;
  compiledUrl: string;
}

async function signIn(
  page: Page,
  kind: 'customer' | 'staff',
  who: { email: string; password: string },
) {
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()) as { csrfToken: string; user: { id: string } };
}

async function send<T>(page: Page, csrf: string, method: string, path: string, data?: unknown) {
  const r = await page.request.fetch(suite.baseUrl + path, {
    method,
    headers: { 'x-csrf-token': csrf, 'idempotency-key': `${path}-${Math.random()}` },
    ...(data === undefined ? {} : { data }),
  });
  assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Signs the customer in, gives personalization consent, places `count` orders; their ids. */
async function consentAndOrder(page: Page, role: string, count: number): Promise<string[]> {
  const who = suite.server.accounts.get(`customer ${role}`)!;
  const { csrfToken: csrf } = await signIn(page, 'customer', who);
  const consents = await send<{ purposes: { purpose: string; notice: { version: number } }[] }>(
    page,
    csrf,
    'GET',
    '/api/v1/privacy/consents',
  );
  const version = consents.purposes.find((p) => p.purpose === 'personalization')!.notice.version;
  await send(page, csrf, 'POST', '/api/v1/privacy/consents', {
    purpose: 'personalization',
    given: true,
    screen: 'privacy-centre',
    noticeVersion: version,
  });
  const shop = '/api/v1/shop/demo';
  const products = (await (await page.request.get(`${suite.baseUrl}${shop}/products`)).json()) as {
    slug: string;
  }[];
  const detail = (await (
    await page.request.get(`${suite.baseUrl}${shop}/products/${products[0]!.slug}`)
  ).json()) as ProductDetail;
  const session = createSession(await compiledOf(suite.baseUrl, detail));
  enterMeasurements(session);
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const q = await send<{ total: number; currency: string; promisedDate: string }>(
      page,
      csrf,
      'POST',
      `${shop}/quote`,
      { versionId: detail.version.id, choices },
    );
    const order = await send<{ id: string }>(page, csrf, 'POST', `${shop}/orders`, {
      versionId: detail.version.id,
      choices,
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    });
    ids.push(order.id);
  }
  return ids;
}

test('sales staff recompute customer value, filter by segment and open a customer’s timeline from the list', async () => {
  const shopper = await suite.newPage();
  const buyerOrders = await consentAndOrder(shopper, 'buyer', 3);
  const other = await suite.newPage();
  const approverOrders = await consentAndOrder(other, 'approver', 2);

  // A history: the same orders, placed over the past months.
  assert.equal(await suite.server.stop(), 0);
  const pg = new PGlite(join(suite.server.dataDir, 'pgdata'));
  const ages = new Map<string, number>([
    [buyerOrders[0]!, 100],
    [buyerOrders[1]!, 70],
    [buyerOrders[2]!, 40],
    [approverOrders[0]!, 130],
    [approverOrders[1]!, 110],
  ]);
  for (const [id, days] of ages)
    await pg.query(
      `update orders set created_at = created_at - make_interval(days => $2) where id = $1`,
      [id, days],
    );
  await pg.close();
  await suite.server.restart();

  const staff = await suite.newPage();
  const problems: string[] = [];
  staff.on('pageerror', (e) => problems.push(e.message));
  const sales = suite.server.accounts.get('staff sales')!;
  await signIn(staff, 'staff', sales);
  await staff.goto(`${suite.baseUrl}/console/customers`);
  await staff.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  await staff.getByRole('button', { name: 'Recompute now' }).click();
  await staff.getByText('2 customers scored').waitFor();

  const buyerEmail = suite.server.accounts.get('customer buyer')!.email;
  const listed = (await (
    await staff.request.get(`${suite.baseUrl}/api/v1/customer-values`)
  ).json()) as { items: { email: string; segment: string }[] };
  const segment = listed.items.find((c) => c.email === buyerEmail)!.segment;
  const labels: Record<string, string> = {
    best: 'Best',
    growing: 'Growing',
    'at-risk': 'At risk',
    lapsed: 'Lapsed',
    costly: 'Costs more than they bring',
  };
  await staff.getByLabel('Segment').selectOption({ label: labels[segment]! });
  const table = staff.getByRole('region', { name: /customers?$/ });
  const link = table.getByRole('link', { name: 'Acme Buyer' });
  await link.waitFor();
  await staff.screenshot({ path: join(suite.shots, 'customers.png'), fullPage: true });
  await link.click();

  await staff.getByRole('heading', { name: 'Acme Buyer', level: 1 }).waitFor();
  const timeline = staff.getByTestId('customer-timeline');
  await timeline.getByText('Consent to personalization given').waitFor();
  assert.equal(await timeline.getByText(/Order \d+ placed/).count(), 3, 'the buyer’s three orders');
  const items = await timeline.getByRole('listitem').allTextContents();
  assert.match(items[0]!, /Order \d+ placed/, 'the oldest order (100 days ago) first');
  assert.match(items.at(-1)!, /Consent to personalization given/, 'consent was given today');
  const value = staff.getByTestId('customer-value');
  await value.waitFor();
  assert.match((await value.textContent()) ?? '', new RegExp(labels[segment]!));
  await staff.screenshot({ path: join(suite.shots, 'timeline.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no errors in the pages');
});
