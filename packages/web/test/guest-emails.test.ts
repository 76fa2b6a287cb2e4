// A guest in the studio, in Chromium against the real server sending mail to a local SMTP sink:
// saving a design with an email sends its private link, ordering sends a confirmation that says
// what was ordered (issue 10, item 1); and an order attempt at a stale price is answered with
// money written as money, not minor units (item 9).
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ensureWebBuilt,
  launchBrowser,
  startLiveServer,
  startMailbox,
  type LiveServer,
} from './helpers/live-server.ts';

let server: LiveServer;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let context: BrowserContext;

before(async () => {
  ensureWebBuilt();
  mailbox = await startMailbox();
  server = await startLiveServer({ env: { SMTP_URL: mailbox.url } });
  context = await launchBrowser();
});

after(async () => {
  await context?.close();
  await server?.close();
  await mailbox?.close();
});

/** A guest's saved city bike (the Daily commuter preset, for a 175 cm rider), on its design page. */
async function saveDesign(page: Page, name: string, email: string): Promise<string> {
  await page.goto(server.baseUrl + '/p/city-bike');
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  // The preset leaves the rider's height to the rider.
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('175');
  await page.getByRole('combobox', { name: 'Frame size', exact: true }).selectOption('52');
  await page.getByText('Every choice is made.').waitFor();
  await page.getByRole('button', { name: 'Save design' }).click();
  await page.getByLabel('Design name').fill(name);
  await page.getByLabel('Your email').fill(email);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return new URL(page.url()).pathname.split('/')[2]!;
}

const total = async (page: Page) =>
  (await page.getByTestId('total').locator('output').textContent()) ?? '';

test('a guest gets the design’s private link by email on save, and an order confirmation on order', async () => {
  const email = 'guest.with.mail@example.org';
  const page = await context.newPage();
  const id = await saveDesign(page, 'Bike for the office', email);

  const designMail = await mailbox.waitFor(email, new RegExp(`/designs/${id}\\?token=`));
  assert.match(designMail.text, /Bike for the office/, 'the email names the design');
  const designLink = new RegExp(`https?://[^\\s"<>]+/designs/${id}\\?token=[A-Za-z0-9_-]+`).exec(
    designMail.text,
  );
  assert.ok(designLink, 'the email carries the private link');
  const fromMail = await context.newPage();
  await fromMail.goto(designLink[0].replace(/^https?:\/\/[^/]+/, server.baseUrl));
  await fromMail.getByRole('heading', { level: 1, name: 'Bike for the office' }).waitFor();
  await fromMail.close();

  await page
    .getByTestId('delivery')
    .getByText(/Delivery by/)
    .waitFor();
  const price = await total(page);
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByLabel('Email for the order').fill(email);
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  assert.equal(await page.getByTestId('order-status').textContent(), 'Placed');
  const orderId = new URL(page.url()).pathname.split('/')[2]!;
  const number = /Order (\d+)/.exec((await page.locator('.eyebrow').textContent()) ?? '')?.[1];
  assert.ok(number, 'the order page shows the order number');

  const confirmation = await mailbox.waitFor(email, new RegExp(`/orders/${orderId}\\?token=`));
  assert.match(confirmation.text, new RegExp(`order ${number}`), 'names the order');
  assert.ok(confirmation.text.includes('City bike'), 'names the product');
  const euros = price.replace(/[^\d.,]/g, '');
  assert.ok(confirmation.text.includes(euros), `states the price the guest saw (${price})`);
  await page.close();
});

test('an order at a stale price is answered with the amounts as money, and can be placed at the new terms', async () => {
  const page = await context.newPage();
  await saveDesign(page, 'Bike at an old price', 'stale.price@example.org');
  await page
    .getByTestId('delivery')
    .getByText(/Delivery by/)
    .waitFor();
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByLabel('Email for the order').fill('stale.price@example.org');

  // The guest saw the price of an hour ago (€30 less), as from a tab left open.
  let first = true;
  await page.route('**/api/v1/shop/*/orders', async (route) => {
    const body = route.request().postDataJSON() as { expected: { total: number } };
    if (route.request().method() !== 'POST' || !first) return route.continue();
    first = false;
    body.expected.total -= 3000;
    await route.continue({ postData: JSON.stringify(body) });
  });
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/orders'),
  );
  await page.getByRole('button', { name: 'Place order' }).click();
  const refused = await answer;
  assert.equal(refused.status(), 409);
  const detail = ((await refused.json()) as { detail: string }).detail;
  assert.match(
    detail,
    /the price is EUR \d{1,3}(,\d{3})*\.\d{2} \(you saw EUR \d{1,3}(,\d{3})*\.\d{2}\)/,
    detail,
  );
  assert.doesNotMatch(detail, /\d{5,} ?EUR|EUR ?\d{5,}/, 'no minor units in the message');

  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'The price or delivery date has changed' });
  await alert.waitFor();
  const said = (await alert.textContent()) ?? '';
  assert.match(said, /It is now €\d{1,3}(,\d{3})*(\.\d{2})?,/, said);
  assert.doesNotMatch(said, /\d{5,}/, 'no minor units on screen');

  await page.getByRole('button', { name: 'Order at the new terms' }).click();
  await page.getByTestId('order-status').waitFor();
  assert.equal(await page.getByTestId('order-status').textContent(), 'Placed');
  await page.close();
});
