// The demo company portal end to end, in Chromium against the real server (issue 12): Acme's
// buyer signs in, opens the Acme portal, opens the approved laptop range in the studio, is told
// "Not approved by Acme Interiors" on a value outside the range, completes a design inside it and
// orders one; the firm's sales staff find the order and the company in the console.
// Screenshots go to test-artifacts/company-portal/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite({ shots: 'company-portal' });

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(suite.shots, `${name}.png`), fullPage: true });

/** A demo account the server printed. */
function account(key: string) {
  const found = suite.server.accounts.get(key);
  assert.ok(found, `the demo account ${key} was printed`);
  return found;
}

test('an Acme buyer orders an approved laptop from the company portal; sales sees the order', async () => {
  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const buyer = account('customer buyer');

  // 1. Sign in as the buyer and open the company portal.
  await page.goto(`${suite.baseUrl}/account/signin`);
  await page.getByLabel('Email').fill(buyer.email);
  await page.getByLabel('Password').fill(buyer.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.includes('/signin'));
  await page.goto(`${suite.baseUrl}/company/acme`);
  await page.getByRole('heading', { level: 1, name: 'Acme Interiors' }).waitFor();
  await page.getByRole('img', { name: 'Acme Interiors logo' }).waitFor();
  const cards = page.getByRole('region', { name: 'Approved configurations' }).getByRole('link');
  assert.deepEqual(await cards.allTextContents(), [
    'Engineer laptop (approved range)',
    'Standard engineer laptop',
  ]);
  assert.equal(
    await page.getByRole('heading', { name: 'Locations and cost centers' }).count(),
    0,
    'a buyer does not manage the company',
  );
  await screenshot(page, 'portal');

  // 2. The approved range opens in the studio, restricted.
  await cards.first().click();
  await page.getByRole('heading', { level: 1, name: 'Laptop, configured to order' }).waitFor();
  await page.getByTestId('approved-space').waitFor();
  const memory = page.getByRole('group', { name: /^Memory/ });
  // Values the company left out say so on the card, apart from technical exclusions.
  assert.match(
    (await memory.getByRole('radio', { name: /64 GB/ }).locator('xpath=..').textContent()) ?? '',
    /Not approved by Acme Interiors/,
  );
  await memory.getByText('64 GB LPDDR5x').click();
  const why = memory.getByRole('alert');
  await why.waitFor();
  assert.match((await why.textContent()) ?? '', /Not approved by Acme Interiors/);
  assert.equal(
    await why.getByRole('button', { name: 'Choose it anyway' }).count(),
    0,
    'an approval is not the customer’s to override',
  );
  await screenshot(page, 'not-approved');
  await why.getByRole('button', { name: 'Keep my choices' }).click();
  await memory.getByText('32 GB LPDDR5x').click();
  await page.getByRole('button', { name: 'Fill in the rest for me' }).click();
  await page.getByText('Every choice is made.').waitFor();

  // 3. Order one.
  await page
    .getByTestId('delivery')
    .getByText(/Delivery by/)
    .waitFor();
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  assert.equal(await page.getByTestId('order-status').textContent(), 'Placed');
  const orderNumber = /Order (\d+)/.exec(
    (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
  )?.[1];
  await screenshot(page, 'ordered');

  // 4. Sales finds the order and the company in the console.
  const staff = await suite.newPage();
  const sales = account('staff sales');
  await staff.goto(`${suite.baseUrl}/console`);
  await staff.getByLabel('Firm').fill('demo');
  await staff.getByLabel('Email').fill(sales.email);
  await staff.getByLabel('Password').fill(sales.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Orders' })
    .click();
  await staff.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
  const orderLink = staff.getByRole('link', {
    name: orderNumber ? new RegExp(`^Order ${orderNumber}\\b`) : /^Order /,
  });
  await orderLink.first().waitFor();
  assert.match((await staff.getByRole('main').textContent()) ?? '', /Laptop, configured to order/);
  await staff
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Companies' })
    .click();
  await staff.getByRole('heading', { level: 2, name: 'Acme Interiors' }).waitFor();
  await staff.getByRole('link', { name: '/company/acme' }).waitFor();
  await staff.getByText('Engineer laptop (approved range)').waitFor();
  // The locations table (the members' limits below also offer Head office in their selects).
  await staff
    .locator('td', { hasText: /^Head office$/ })
    .first()
    .waitFor();
  await screenshot(staff, 'console-companies');
  assert.deepEqual(problems, [], 'no script errors in the page');
});
