// The console's business-customer pages and the company member's order panel in the browser,
// against the real server (its CLI on a free port, a fresh data folder with the demo firm):
// sales staff give Acme's Design studio location a price list with an approved-design price, and
// the buyer of that location sees that price on their order; the buyer picks payment terms among
// the company's allowed ones and the order shows them.
// Screenshots go to test-artifacts/b2b-console/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createSession, type Restriction } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';
import { enterMeasurements } from './helpers/measurements.ts';

const suite = browserSuite({ shots: 'b2b-console' });

async function signIn(page: Page, kind: 'customer' | 'staff', account: string): Promise<string> {
  const who = suite.server.accounts.get(account)!;
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

/** A saved laptop design of the buyer inside Acme's approved space; its id. */
async function savedDesignInSpace(buyer: Page, csrf: string, name: string): Promise<string> {
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
    headers: { 'x-csrf-token': csrf, 'idempotency-key': `design-${name}-${Date.now()}` },
    data: { versionId: detail.version.id, name, choices },
  });
  assert.ok(saved.ok(), await saved.text());
  return ((await saved.json()) as { id: string }).id;
}

test('sales staff add a price list for one company location with an approved-design price, and the buyer of that location orders at that price', async () => {
  const problems: string[] = [];
  const staff = await suite.newPage();
  staff.on('pageerror', (e) => problems.push(e.message));
  await signIn(staff, 'staff', 'staff sales');
  await staff.goto(`${suite.baseUrl}/console/price-lists`);
  const form = staff.getByRole('form', { name: 'Add a price list for Acme Interiors' });
  await form.waitFor();
  await form.getByLabel('Name').fill('Acme Design studio');
  await form.getByLabel('Location').selectOption({ label: 'Design studio' });
  await form.getByLabel('Percent off list').fill('0');
  await form.getByLabel('Engineer laptop (approved range): unit price').fill('1234.50');
  await staff.screenshot({ path: join(suite.shots, 'new-location-list.png'), fullPage: true });
  await form.getByRole('button', { name: 'Add price list' }).click();
  await staff.getByRole('status').getByText('Added Acme Design studio.').waitFor();
  const added = staff.getByRole('form', { name: 'Acme Design studio' });
  await added.waitFor();
  assert.match((await added.textContent()) ?? '', /For the location Design studio/);
  assert.equal(
    await added.getByLabel('Engineer laptop (approved range): unit price').inputValue(),
    '1234.5',
  );

  // The buyer belongs to the Design studio: every laptop of the approved range costs 1,234.50.
  const buyer = await suite.newPage();
  buyer.on('pageerror', (e) => problems.push(e.message));
  const csrf = await signIn(buyer, 'customer', 'customer buyer');
  const designId = await savedDesignInSpace(buyer, csrf, 'Studio laptop');
  await buyer.goto(`${suite.baseUrl}/designs/${designId}`);
  await buyer.getByRole('heading', { level: 1, name: 'Studio laptop' }).waitFor();
  await buyer.getByRole('button', { name: 'Order', exact: true }).click();
  await buyer.getByLabel('Quantity').fill('2');
  const lines = buyer.getByTestId('contract-lines');
  await lines.getByText(/approved design price/).waitFor();
  // 2 × 1,234.50: the design's price replaces its base and options.
  assert.match((await lines.textContent()) ?? '', /€2,469(?![.\d])/);
  await buyer.screenshot({ path: join(suite.shots, 'design-price.png'), fullPage: true });

  // Changing the price in place: the buyer's next quote has the new one.
  await added.getByLabel('Engineer laptop (approved range): unit price').fill('1000');
  await added.getByRole('button', { name: 'Save Acme Design studio' }).click();
  await staff.getByRole('status').getByText('Saved Acme Design studio.').waitFor();
  await buyer.getByLabel('Quantity').fill('3');
  await lines.getByText(/€3,000(?![.\d])/).waitFor();
  assert.deepEqual(problems, []);
});

test('a company buyer picks net 60 among the company’s allowed payment terms in the order panel, and the order shows net 60', async () => {
  const problems: string[] = [];
  const buyer = await suite.newPage();
  buyer.on('pageerror', (e) => problems.push(e.message));
  const csrf = await signIn(buyer, 'customer', 'customer buyer');
  const designId = await savedDesignInSpace(buyer, csrf, 'Net 60 laptop');
  await buyer.goto(`${suite.baseUrl}/designs/${designId}`);
  await buyer.getByRole('heading', { level: 1, name: 'Net 60 laptop' }).waitFor();
  await buyer.getByRole('button', { name: 'Order', exact: true }).click();
  const terms = buyer.getByLabel('Payment terms');
  await terms.waitFor();
  // Acme pays net 30 unless the buyer picks another of its allowed terms.
  assert.equal(await terms.locator('option:checked').textContent(), 'Net 30 days');
  assert.deepEqual(await terms.locator('option').allTextContents(), [
    'Net 30 days',
    'Net 60 days',
    'Prepaid',
  ]);
  await terms.selectOption({ label: 'Net 60 days' });
  await buyer.getByLabel('Purchase order number').fill('PO-NET60');
  await buyer.screenshot({ path: join(suite.shots, 'payment-terms.png'), fullPage: true });
  await buyer.getByRole('button', { name: 'Place order' }).click();
  await buyer.getByTestId('order-status').waitFor();
  assert.equal(await buyer.getByTestId('payment-terms').textContent(), 'Net 60 days');
  assert.equal(await buyer.getByTestId('po-number').textContent(), 'PO-NET60');

  assert.deepEqual(problems, []);
});

test('sales staff set a company’s approval policy and a member’s limits and cost center on the Companies page', async () => {
  const problems: string[] = [];
  const staff = await suite.newPage();
  staff.on('pageerror', (e) => problems.push(e.message));
  await signIn(staff, 'staff', 'staff sales');
  await staff.goto(`${suite.baseUrl}/console/companies`);
  const policy = staff.getByRole('form', { name: 'Approval policy of Acme Interiors' });
  await policy.waitFor();
  assert.equal(
    await policy.getByLabel('Default payment terms').locator('option:checked').textContent(),
    'Net 30 days',
  );
  await policy.getByRole('checkbox', { name: 'Net 45 days' }).check();
  await policy.getByLabel('Default payment terms').selectOption({ label: 'Net 45 days' });
  await policy.getByLabel('Second approval above (EUR)').fill('30000');
  await policy.getByLabel('Budget period').selectOption({ label: 'Quarter' });
  await policy.getByRole('button', { name: 'Save approval policy' }).click();
  await staff
    .getByRole('status')
    .getByText('Saved the approval policy of Acme Interiors.')
    .waitFor();

  await staff.getByLabel('Acme Buyer: cost center').selectOption({ label: 'Head office' });
  await staff.getByLabel('Acme Buyer: order limit').fill('8000');
  await staff
    .getByRole('row', { name: /Acme Buyer/ })
    .getByRole('button', { name: 'Save' })
    .click();
  await staff.getByRole('status').getByText('Saved Acme Buyer’s limits.').waitFor();
  await staff.screenshot({ path: join(suite.shots, 'company-approvals.png'), fullPage: true });

  // Stored: the page shows them again after a reload.
  await staff.reload();
  await policy.waitFor();
  assert.equal(
    await policy.getByLabel('Default payment terms').locator('option:checked').textContent(),
    'Net 45 days',
  );
  assert.equal(await policy.getByRole('checkbox', { name: 'Net 45 days' }).isChecked(), true);
  assert.equal(await policy.getByLabel('Second approval above (EUR)').inputValue(), '30000');
  assert.equal(
    await policy.getByLabel('Budget period').locator('option:checked').textContent(),
    'Quarter',
  );
  assert.equal(await staff.getByLabel('Acme Buyer: order limit').inputValue(), '8000');
  assert.equal(
    await staff.getByLabel('Acme Buyer: cost center').locator('option:checked').textContent(),
    'Head office',
  );
  assert.deepEqual(problems, []);
});
