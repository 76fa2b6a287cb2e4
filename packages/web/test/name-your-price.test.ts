// "Name your price" in Chromium against the real server (its CLI on a free port, a fresh data
// folder with the demo firm). The owner pauses the firm's own workshop, so offers go to a partner.
// A guest designs part of a city bike (a steel frame and their height, the rest left open),
// names a price far too low and is not accepted, raises the price and accepts a later date (the
// same must-haves and date may not be bid again for a day), is accepted with the exact bike the
// frame builder will build, confirms, and the order page shows the price they named. The frame
// builder's staff accept the order in the provider view; the firm's Bids page counts the refusal
// and the order and links to it. Screenshots go to test-artifacts/name-your-price/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ensureWebBuilt,
  launchBrowser,
  root,
  startLiveServer,
  type LiveServer,
} from './helpers/live-server.ts';

const shots = join(root, 'test-artifacts/name-your-price');

let server: LiveServer;
let baseUrl: string;
const contexts: BrowserContext[] = [];

before(async () => {
  ensureWebBuilt();
  mkdirSync(shots, { recursive: true });
  server = await startLiveServer();
  baseUrl = server.baseUrl;
});

after(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
});

async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
  const context = await launchBrowser(undefined, viewport);
  contexts.push(context);
  return context.newPage();
}

async function signIn(
  page: Page,
  who: { email: string; password: string },
  kind: 'staff' | 'customer' = 'staff',
) {
  const r = await page.request.post(baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
}

/** Today plus `days`, as the date input takes it (YYYY-MM-DD, the browser's local day). */
function inDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('a guest names a price on a partly designed bike, is refused, bids again, is accepted and orders at that price', async () => {
  const problems: string[] = [];
  const owner = server.accounts.get('staff owner');
  const frames = server.accounts.get('staff frame-provider');
  assert.ok(owner && frames, 'the demo prints the owner’s and the frame builder’s sign-ins');

  // 0. The owner pauses the own workshop: only the partners take work now.
  const boss = await newPage();
  boss.on('pageerror', (e) => problems.push(e.message));
  await signIn(boss, owner);
  await boss.goto(`${baseUrl}/console/providers`);
  await boss.getByRole('button', { name: 'Pause Our workshop' }).click();
  await boss.getByText('Our workshop is now paused.').waitFor();
  // Offers hold for 20 minutes instead of 30 (the Settings page's "Name your price" part).
  await boss.goto(`${baseUrl}/console/settings`);
  await boss.getByLabel('An accepted offer holds for (minutes)').fill('20');
  await boss.getByRole('button', { name: 'Save Name your price settings' }).click();
  await boss.getByText('Saved how bids are answered.').waitFor();

  // A phone: the studio and its answers work at that width too.
  const page = await newPage({ width: 390, height: 844 });
  page.on('pageerror', (e) => problems.push(e.message));

  // 1. Part of a bike: a steel frame and the rider's height; everything else left open.
  await page.goto(baseUrl + '/p/city-bike');
  await page.getByRole('button', { name: 'Choose option by option' }).click();
  await page
    .getByRole('group', { name: /^Frame material/ })
    .getByText('Chromoly steel', { exact: true })
    .click();
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('175');
  await page.getByTestId('choices-left').waitFor();

  // 2. "Name your price": the choices so far, each a must-have unless made flexible.
  await page.getByRole('button', { name: 'Name your price', expanded: false }).click();
  const form = page.getByRole('form', { name: 'Name your price' });
  const steel = form.getByRole('group', { name: 'Frame material: Chromoly steel' });
  assert.ok(await steel.getByLabel('Must have').isChecked(), 'a choice is a must-have at first');
  assert.ok(
    await form
      .getByRole('group', { name: /^Your height: 175/ })
      .getByText('Must have')
      .isVisible(),
  );
  const hint = await form.getByText(/^As designed so far, the list price is/).textContent();
  assert.match(hint ?? '', /€/, 'the list price of the design so far is the hint');

  // 3. Far too low: not accepted, with what would work.
  await form.getByLabel('Your price (EUR)').fill('100');
  await form.getByLabel('Your email').fill('bidder@example.com');
  await form.getByRole('button', { name: 'Name your price' }).click();
  const answer = page.getByTestId('bid-answer');
  await answer.getByRole('heading', { name: 'Not accepted' }).waitFor();
  await answer.getByText('Raise your price.').waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    'Not accepted',
    'the answer takes the focus, so a screen reader reads it',
  );
  await answer.screenshot({ path: join(shots, '01-not-accepted.png') });
  assert.ok(
    (await page.evaluate(() => document.documentElement.scrollWidth)) <= 390,
    'the answer fits the phone without sideways scrolling',
  );
  // "Make flexible" is one key press away; the customer then keeps the steel frame after all.
  await answer.getByRole('button', { name: 'Make frame material flexible' }).focus();
  await page.keyboard.press('Enter');
  await form.getByRole('status').getByText('Frame material is now flexible: any value.').waitFor();
  const materials = steel.getByRole('group', { name: 'Acceptable values of Frame material' });
  assert.equal(await materials.getByRole('checkbox', { checked: true }).count(), 3);
  await steel.getByLabel('Must have').check();
  assert.equal(await materials.count(), 0);

  // 4. The same must-haves and date cannot be bid again for a day, whatever the price: said in
  //    words, with the time. A later date makes it a new bid.
  await form.getByLabel('Your price (EUR)').fill('1500');
  await form.getByRole('button', { name: 'Name this price again' }).click();
  const tooSoon = form
    .getByRole('alert')
    .filter({ hasText: 'You made this same bid a short while ago' });
  await tooSoon.waitFor();
  assert.match((await tooSoon.textContent()) ?? '', /It can be made again from .*20\d\d/);
  await form.getByLabel('Latest delivery date').fill(inDays(90));
  await form.getByRole('button', { name: 'Name this price again' }).click();
  await answer.getByRole('heading', { name: 'Accepted' }).waitFor();
  const price = (await answer.getByTestId('bid-price').textContent()) ?? '';
  assert.match(price, /1,500|1\.500/);
  const design = answer.locator('.name-price__design');
  assert.equal(
    (await design.getByRole('definition').filter({ hasText: 'Chromoly steel' }).count()) > 0,
    true,
    'the offered bike keeps the must-have steel frame',
  );
  assert.ok(
    (await design.locator('dt').count()) >= 10,
    'every feature of the bike that will be built is named',
  );
  const holds = (await answer.getByText(/^This offer holds until/).textContent()) ?? '';
  assert.match(holds, /: (20:00|19:\d\d) left\.$/, 'the offer holds for the firm’s 20 minutes');
  assert.equal(
    await answer.getByTestId('bid-provider').textContent(),
    'Velo Frames Ltd.',
    'the partner that builds steel frames makes the offer',
  );
  await answer.screenshot({ path: join(shots, '02-accepted.png') });

  // 5. Confirm: the order page, at the price named.
  await answer.getByRole('button', { name: 'Confirm and order' }).click();
  await page.waitForURL(/\/orders\/[^/?]+\?token=/);
  const total = page.getByRole('row', { name: /^Total/ });
  await total.waitFor();
  assert.equal((await total.getByRole('cell').textContent())?.trim(), price.trim());
  await page.getByTestId('order-from-bid').getByText('The price you named').waitFor();
  const number = ((await page.locator('.eyebrow').textContent()) ?? '').replace(/^Order\s+/, '');
  assert.match(number, /^\d+$/);
  await page.screenshot({ path: join(shots, '03-order.png') });

  // 6. The frame builder's staff accept the order in the provider view, seeing nothing of the
  //    customer.
  const builder = await newPage();
  builder.on('pageerror', (e) => problems.push(e.message));
  await signIn(builder, frames);
  await builder.goto(`${baseUrl}/console`);
  const card = builder.getByRole('region', { name: new RegExp(`^Order ${number}: `) });
  await card.waitFor();
  assert.ok(
    !(await builder.locator('main').innerText()).includes('bidder@example.com'),
    'the provider sees nothing of the customer',
  );
  await card.getByRole('button', { name: `Accept order ${number}` }).click();
  await builder.getByText(`Accepted order ${number}.`).waitFor();
  await builder.screenshot({ path: join(shots, '04-provider-accepted.png'), fullPage: true });

  // 7. The firm's Bids page: one refusal, one bid that became an order, with its link; the order
  //    was accepted by the frame builder.
  await boss.goto(`${baseUrl}/console/bids`);
  const counts = boss.getByTestId('bid-counts');
  await counts.waitFor();
  const figure = (label: string) => counts.locator(`dt:text-is("${label}") + dd`).textContent();
  assert.equal(await figure('Not accepted'), '1');
  assert.equal(await figure('Ordered'), '1');
  await boss.screenshot({ path: join(shots, '05-console-bids.png'), fullPage: true });
  const list = boss.getByTestId('bid-list');
  await list.getByRole('link', { name: /^Open the order/ }).click();
  await boss.getByRole('heading', { name: `Order ${number}` }).waitFor();
  await boss.getByTestId('order-from-bid').waitFor();
  await boss
    .getByTestId('routing-status')
    .filter({ hasText: /^accepted$/ })
    .waitFor();
  await boss.screenshot({ path: join(shots, '06-console-order.png'), fullPage: true });

  assert.deepEqual(problems, [], 'no errors in the pages');
});

test('a signed-in customer finds an accepted bid on the account page and confirms it from there', async () => {
  const buyer = server.accounts.get('customer buyer');
  assert.ok(buyer, 'the demo prints the customer’s sign-in');
  const page = await newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await signIn(page, buyer, 'customer');

  // A steel frame and the height, with the colour flexible among three; no email asked.
  await page.goto(baseUrl + '/p/city-bike');
  await page.getByRole('button', { name: 'Choose option by option' }).click();
  await page
    .getByRole('group', { name: /^Frame material/ })
    .getByText('Chromoly steel', { exact: true })
    .click();
  await page
    .getByRole('group', { name: /^Colour/ })
    .getByText('Night black', { exact: true })
    .click();
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('180');
  await page.getByRole('button', { name: 'Name your price', expanded: false }).click();
  const form = page.getByRole('form', { name: 'Name your price' });
  const colour = form.getByRole('group', { name: 'Colour: Night black' });
  await colour.getByLabel('Flexible: any of these values').check();
  const acceptable = colour.getByRole('group', { name: 'Acceptable values of Colour' });
  for (const other of ['Signal red', 'Sage green', 'Harbour navy', 'Raw steel, clear coat']) {
    await acceptable.getByLabel(other).uncheck();
  }
  assert.equal(
    await form.getByLabel('Your email').count(),
    0,
    'a signed-in customer bids as themself',
  );
  await form.getByLabel('Your price (EUR)').fill('1,400');
  await form.getByLabel('Latest delivery date').fill(inDays(120));
  await form.getByRole('button', { name: 'Name your price' }).click();
  const answer = page.getByTestId('bid-answer');
  await answer.getByRole('heading', { name: 'Accepted' }).waitFor();
  const colourRow = answer.locator('.facts__row').filter({ hasText: /^Colour/ });
  assert.match(
    (await colourRow.textContent()) ?? '',
    /Night black|Chalk white/,
    'the offered colour is one the customer accepted',
  );

  // The account lists the bid, waiting to be confirmed; its page confirms it into an order.
  await page.goto(baseUrl + '/account');
  const bids = page.getByRole('region', { name: 'My bids' });
  const item = bids.getByTestId('account-bid').first();
  await item.getByText('Accepted, waiting for you to confirm').waitFor();
  await item.getByText('The offered design').click();
  await item.getByText('Chromoly steel').waitFor();
  await item.getByRole('link', { name: 'Confirm the offer' }).click();
  await page.getByRole('heading', { level: 1, name: /^Your bid of / }).waitFor();
  await page.getByRole('button', { name: 'Confirm and order' }).click();
  await page.waitForURL(/\/orders\//);
  const total = page.getByRole('row', { name: /^Total/ });
  assert.match((await total.getByRole('cell').textContent()) ?? '', /1,400|1\.400/);

  await page.goto(baseUrl + '/account');
  const ordered = page.getByRole('region', { name: 'My bids' }).getByTestId('account-bid').first();
  await ordered.getByText('Ordered', { exact: true }).waitFor();
  await ordered.getByRole('link', { name: 'See the order' }).click();
  await page.getByRole('row', { name: /^Total/ }).waitFor();
  await page.screenshot({ path: join(shots, '07-account-order.png') });
  assert.deepEqual(problems, [], 'no errors in the pages');
});
