// Contract prices and approvals in the browser, against the real server (its CLI on a free port,
// a fresh data folder with the demo firm): a buyer of the demo company orders 10 of a saved
// laptop design inside Acme's approved space from the studio's order panel, with a purchase-order
// number, sees the price lines with the contract terms (5 % off, the volume tier from 10), places
// the order — above the buyer's €5,000 limit, so it waits for approval with nothing booked; the
// approver approves it in the company portal's Approvals page; the console's order page shows it
// placed, with the line, its quantity, the contract terms and the PO number, and the console's
// Approvals page lists it as approved; the Price lists page shows the company's list.
// Screenshots go to test-artifacts/contract-order/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createSession, type Restriction } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';
import { enterMeasurements } from './helpers/measurements.ts';

const suite = browserSuite({ shots: 'contract-order' });

async function signIn(page: Page, kind: 'customer' | 'staff', account: string): Promise<string> {
  const who = suite.server.accounts.get(account)!;
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

test('a company buyer orders 10 laptops at contract prices, the approver approves in the portal, and the console shows the placed order', async () => {
  const buyer = await suite.newPage();
  const problems: string[] = [];
  buyer.on('pageerror', (e) => problems.push(e.message));
  const csrf = await signIn(buyer, 'customer', 'customer buyer');
  // Acme approved a space of laptops: the buyer designs inside it, as the portal's studio does.
  const portal = (await (
    await buyer.request.get(`${suite.baseUrl}/api/v1/shop/demo/company/acme`)
  ).json()) as {
    configurations: { configuration: { id: string; kind: string }; product: { slug: string } }[];
  };
  const space = portal.configurations.find(
    (c) => c.product.slug === 'laptop' && c.configuration.kind === 'space',
  );
  assert.ok(space, 'Acme approved a space of laptops');
  const detail = (await (
    await buyer.request.get(
      `${suite.baseUrl}/api/v1/shop/demo/products/laptop?approved=${space.configuration.id}`,
    )
  ).json()) as { version: { id: string }; compiledUrl: string; restrictions: Restriction[] };
  const session = createSession(
    await compiledOf(suite.baseUrl, detail),
    {},
    {
      restrictions: detail.restrictions,
    },
  );
  enterMeasurements(session);
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices);
  const saved = await buyer.request.post(`${suite.baseUrl}/api/v1/shop/demo/designs`, {
    headers: { 'x-csrf-token': csrf, 'idempotency-key': `design-${Date.now()}` },
    data: { versionId: detail.version.id, name: 'Team laptop', choices },
  });
  assert.ok(saved.ok(), await saved.text());
  const design = (await saved.json()) as { id: string };

  await buyer.goto(`${suite.baseUrl}/designs/${design.id}`);
  await buyer.getByRole('heading', { level: 1, name: 'Team laptop' }).waitFor();
  await buyer.getByRole('button', { name: 'Order', exact: true }).click();
  await buyer.getByLabel('Quantity').fill('10');
  const lines = buyer.getByTestId('contract-lines');
  await lines.getByText(/volume from 10/).waitFor();
  assert.match((await lines.textContent()) ?? '', /contract: 5 % off/);
  assert.match((await lines.textContent()) ?? '', /× 10/);
  await buyer.getByText(/at your company’s contract prices/).waitFor();
  await buyer.getByLabel('Purchase order number').fill('PO-ACME-77');
  await buyer.screenshot({ path: join(suite.shots, 'order-panel.png'), fullPage: true });
  await buyer.getByRole('button', { name: 'Place order' }).click();
  await buyer.getByTestId('order-status').waitFor();
  const orderId = /\/orders\/([^?]+)/.exec(buyer.url())?.[1];
  assert.ok(orderId, buyer.url());
  // Above the buyer's limit: it waits for Acme's approver, and says so.
  assert.equal(await buyer.getByTestId('order-status').textContent(), 'Waiting for approval');
  assert.equal(await buyer.getByTestId('po-number').textContent(), 'PO-ACME-77');
  assert.equal(await buyer.getByTestId('payment-terms').textContent(), 'Net 30 days');
  await buyer.screenshot({ path: join(suite.shots, 'waiting-for-approval.png'), fullPage: true });

  // The approver finds it in the portal and approves it: placed, its production time booked.
  const approver = await suite.newPage();
  approver.on('pageerror', (e) => problems.push(e.message));
  await signIn(approver, 'customer', 'customer approver');
  await approver.goto(`${suite.baseUrl}/company/acme`);
  await approver.getByRole('link', { name: 'Approvals' }).click();
  const card = approver.getByRole('article', { name: /^Order \d+$/ });
  await card.waitFor();
  assert.match((await card.textContent()) ?? '', /PO-ACME-77/);
  assert.match((await card.textContent()) ?? '', /Above the buyer’s order limit/);
  await approver.screenshot({ path: join(suite.shots, 'portal-approvals.png'), fullPage: true });
  await card.getByRole('button', { name: 'Approve' }).click();
  await approver
    .getByTestId('approval-notice')
    .getByText(/approved and placed/)
    .waitFor();
  await approver.getByText('Nothing waits for you.').waitFor();
  await buyer.reload();
  await buyer.getByTestId('order-status').getByText('Placed').waitFor();

  const staff = await suite.newPage();
  await signIn(staff, 'staff', 'staff sales');
  await staff.goto(`${suite.baseUrl}/console/orders/${orderId}`);
  const items = staff.getByTestId('order-items');
  await items.waitFor();
  const row = items.getByRole('row').nth(1);
  assert.equal(await row.getByRole('cell').nth(1).textContent(), '10');
  assert.match((await items.textContent()) ?? '', /volume tier/);
  assert.equal(await staff.getByTestId('order-status').textContent(), 'Placed');
  assert.equal(await staff.getByTestId('po-number').textContent(), 'PO-ACME-77');
  assert.equal(await staff.getByTestId('approval-status').textContent(), 'Approved');
  await staff.screenshot({ path: join(suite.shots, 'console-order.png'), fullPage: true });

  await staff.goto(`${suite.baseUrl}/console/approvals`);
  await staff.getByRole('button', { name: /^Approved \(1\)$/ }).click();
  const approved = staff.getByTestId('console-approvals');
  await approved.waitFor();
  assert.match((await approved.textContent()) ?? '', /Acme Interiors · Acme Buyer/);
  assert.match((await approved.textContent()) ?? '', /Approved by Acme Approver/);
  await staff.screenshot({ path: join(suite.shots, 'console-approvals.png'), fullPage: true });

  // Acme's admin sees the limits that sent the order for approval, and may change them.
  const admin = await suite.newPage();
  admin.on('pageerror', (e) => problems.push(e.message));
  await signIn(admin, 'customer', 'customer admin');
  await admin.goto(`${suite.baseUrl}/company/acme`);
  await admin.getByRole('heading', { name: 'Spend limits and approvals' }).waitFor();
  assert.equal(await admin.getByLabel('Acme Buyer: order limit').inputValue(), '5000');
  assert.equal(
    await admin.getByLabel('Acme Buyer: cost center').locator('option:checked').textContent(),
    'Design studio',
  );
  await admin.screenshot({ path: join(suite.shots, 'portal-limits.png'), fullPage: true });

  await staff.goto(`${suite.baseUrl}/console/price-lists`);
  await staff.getByRole('form', { name: 'Acme Interiors contract' }).waitFor();
  assert.equal(
    await staff
      .getByRole('form', { name: 'Acme Interiors contract' })
      .getByLabel('Percent off list')
      .inputValue(),
    '5',
  );
  await staff.screenshot({ path: join(suite.shots, 'price-lists.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
