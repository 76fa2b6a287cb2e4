// Contract prices in the browser, against the real server (its CLI on a free port, a fresh data
// folder with the demo firm): a buyer of the demo company orders 10 of a saved laptop design
// from the studio's order panel, sees the price lines with the contract terms (5 % off, the
// volume tier from 10), places the order; the console's order page shows the line and its
// quantity, and the Price lists page shows the company's list. Screenshots go to
// test-artifacts/contract-order/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createSession, deserialize, type Restriction } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
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

test('a company buyer orders 10 laptops at contract prices; the console shows the line and its quantity', async () => {
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
  ).json()) as { version: { id: string }; compiled: string; restrictions: Restriction[] };
  const session = createSession(
    deserialize(Buffer.from(detail.compiled, 'base64')),
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
  await buyer.screenshot({ path: join(suite.shots, 'order-panel.png'), fullPage: true });
  await buyer.getByRole('button', { name: 'Place order' }).click();
  await buyer.getByTestId('order-status').waitFor();
  const orderId = /\/orders\/([^?]+)/.exec(buyer.url())?.[1];
  assert.ok(orderId, buyer.url());

  const staff = await suite.newPage();
  await signIn(staff, 'staff', 'staff sales');
  await staff.goto(`${suite.baseUrl}/console/orders/${orderId}`);
  const items = staff.getByTestId('order-items');
  await items.waitFor();
  const row = items.getByRole('row').nth(1);
  assert.equal(await row.getByRole('cell').nth(1).textContent(), '10');
  assert.match((await items.textContent()) ?? '', /volume tier/);
  await staff.screenshot({ path: join(suite.shots, 'console-order.png'), fullPage: true });

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
