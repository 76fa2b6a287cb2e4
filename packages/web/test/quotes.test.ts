// eQuotes in the browser, against the real server (its CLI on a free port, a fresh data folder
// with the demo firm): a buyer of the demo company asks in the portal for a quote of 12 standard
// engineer laptops, downloads its PDF (a real PDF naming the quote and its total), orders it at
// the quoted prices; the console's Quotes page shows the seeded open quote and this one won,
// with its PDF link. Screenshots go to test-artifacts/quotes/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { pdfText } from '../../server/test/helpers/pdf-text.ts';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite({ shots: 'quotes' });

async function signIn(page: Page, kind: 'customer' | 'staff', account: string): Promise<void> {
  const who = suite.server.accounts.get(account)!;
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
}

test('a buyer requests a quote in the company portal, downloads its PDF and orders it at the quoted prices; the console lists it as won', async () => {
  const buyer = await suite.newPage();
  const problems: string[] = [];
  buyer.on('pageerror', (e) => problems.push(e.message));
  await signIn(buyer, 'customer', 'customer buyer');
  await buyer.goto(`${suite.baseUrl}/company/acme`);
  await buyer.getByRole('heading', { name: 'Quotes' }).waitFor();
  const form = buyer.getByRole('form', { name: /Request a quote for/ });
  await form.getByLabel(/Quantity of/).fill('12');
  await form.getByRole('button', { name: 'Request a quote' }).click();
  const status = buyer.getByRole('status').filter({ hasText: /is ready/ });
  await status.waitFor();
  const announced = /Quote (Q-\d{5}) is ready: (.+), valid until/.exec(
    (await status.textContent()) ?? '',
  );
  assert.ok(announced, (await status.textContent()) ?? '');
  const [, number, totalText] = announced;
  const row = buyer.getByTestId('company-quote').filter({ hasText: number! });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /× 12/);
  await buyer.screenshot({ path: join(suite.shots, 'portal-quotes.png'), fullPage: true });

  const [download] = await Promise.all([
    buyer.waitForEvent('download'),
    row.getByRole('link', { name: 'PDF' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `quote-${number}.pdf`);
  const pdf = await readFile((await download.path())!);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = pdfText(pdf);
  assert.ok(text.includes(`Quote ${number}`), text);
  assert.ok(text.includes(`Total: ${totalText}`), text);
  assert.ok(text.includes('For: Acme Interiors'), text);

  await row.getByRole('button', { name: `Order ${number} at the quoted prices` }).click();
  await row.getByRole('link', { name: 'Your order' }).waitFor();
  assert.equal(await row.getByTestId('company-quote-status').textContent(), 'won');

  const staff = await suite.newPage();
  await signIn(staff, 'staff', 'staff sales');
  await staff.goto(`${suite.baseUrl}/console/quotes`);
  const card = staff.getByTestId('quote').filter({ hasText: number! });
  await card.waitFor();
  assert.equal(await card.getByTestId('quote-status').textContent(), 'won');
  assert.ok(await card.getByRole('link', { name: 'Download PDF' }).isVisible());
  // The demo's own quote (ten standard laptops) is still open.
  await staff.getByLabel('Status').selectOption('open');
  await staff.getByTestId('quote').first().waitFor();
  assert.equal(await staff.getByTestId('quote-status').first().textContent(), 'open');
  await staff.screenshot({ path: join(suite.shots, 'console-quotes.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('sales make a quote below the minimum margin in the console; it waits for the owner, who approves it there', async () => {
  const sales = await suite.newPage();
  const problems: string[] = [];
  sales.on('pageerror', (e) => problems.push(e.message));
  await signIn(sales, 'staff', 'staff sales');
  await sales.goto(`${suite.baseUrl}/console/quotes`);
  const form = sales.getByRole('form', { name: 'New quote' });
  await form.getByLabel('Company').selectOption({ label: 'Acme Interiors' });
  await form.getByLabel('Standard design').locator('option').first().waitFor({ state: 'attached' });
  await form.getByLabel('Quantity').fill('5');
  await form.getByLabel('Extra discount (%)').fill('45');
  await form.getByRole('button', { name: 'Make the quote' }).click();
  const made = sales.getByRole('status').filter({ hasText: /Quote Q-\d{5} made/ });
  await made.waitFor();
  const number = /Quote (Q-\d{5}) made/.exec((await made.textContent()) ?? '')![1]!;
  const card = sales.getByTestId('quote').filter({ hasText: number });
  await card.waitFor();
  assert.equal(await card.getByTestId('quote-status').textContent(), 'awaiting approval');
  assert.equal(await card.getByRole('button', { name: /Approve/ }).count(), 0, 'not for sales');

  const owner = await suite.newPage();
  owner.on('pageerror', (e) => problems.push(e.message));
  await signIn(owner, 'staff', 'staff owner');
  await owner.goto(`${suite.baseUrl}/console/quotes`);
  const ownerCard = owner.getByTestId('quote').filter({ hasText: number });
  await ownerCard.getByRole('button', { name: 'Approve below the minimum margin' }).click();
  await owner
    .getByRole('status')
    .filter({ hasText: `Quote ${number} approved` })
    .waitFor();
  assert.equal(await ownerCard.getByTestId('quote-status').textContent(), 'open');
  await owner.screenshot({ path: join(suite.shots, 'console-approved.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
