// The studio end to end, in Chromium, against the real server (started through its CLI on a free
// port with a fresh data folder, so the demo catalog is loaded): a new customer designs a city
// bike through the needs questions, picks an option the design excludes and accepts the minimal
// change, saves, compares two designs, orders as a guest and sees the order; an operations user
// moves it to production in the console; the customer's order page then shows the new status.
// Screenshots of each step go to test-artifacts/studio/NN-step.png (git-ignored).
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

const shots = join(root, 'test-artifacts/studio');

let server: LiveServer;
let baseUrl: string;
let context: BrowserContext;

before(async () => {
  ensureWebBuilt();
  mkdirSync(shots, { recursive: true });
  server = await startLiveServer();
  baseUrl = server.baseUrl;
  context = await launchBrowser();
});

after(async () => {
  await context?.close();
  await server?.close();
});

let shot = 0;
async function screenshot(page: Page, step: string): Promise<void> {
  shot += 1;
  const name = `${String(shot).padStart(2, '0')}-${step}.png`;
  await page.screenshot({ path: join(shots, name), fullPage: false });
}

const total = (page: Page) => page.getByTestId('total').locator('output').textContent();

/** Enters a customer-input value as a customer does: the first one still possible. */
async function enterFirstPossible(page: Page, label: string): Promise<void> {
  const select = page.getByRole('combobox', { name: label, exact: true });
  const options = await select
    .locator('option')
    .evaluateAll((els) =>
      els.map((e) => ({ value: (e as HTMLOptionElement).value, text: e.textContent ?? '' })),
    );
  const possible = options.find((o) => o.value !== '' && !o.text.includes('not available'));
  assert.ok(possible, `some ${label} is possible`);
  await select.selectOption(possible.value);
}

test('a guest designs a bike from needs, accepts a minimal change, saves, compares, orders and follows it to production', async (t) => {
  const page = await context.newPage();
  t.after(async () => {
    if (!page.isClosed()) await page.screenshot({ path: join(shots, 'last-state.png') });
  });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  // 1. The product list, then the city bike's studio.
  await page.goto(baseUrl + '/');
  await page.getByRole('link', { name: 'City bike, built to order' }).click();
  await page.getByRole('heading', { level: 1, name: 'City bike, built to order' }).waitFor();
  await screenshot(page, 'needs-questions');

  // 2. Needs-based path: answers become constraints and preferences; the engine proposes a design.
  await page.getByLabel('Commuting every day, in any weather').check();
  await page.getByLabel('In a garage or bike shed').check();
  await page.getByLabel('165 to 180 cm').check();
  await page.getByRole('button', { name: 'Propose a design' }).click();
  // The proposal picks a frame size for the height range; the exact height is the rider's to enter.
  await page.getByTestId('still-needed').getByText('Your height').waitFor();
  await enterFirstPossible(page, 'Your height');
  await page.getByText('Every choice is made.').waitFor();
  assert.match(
    (await page.locator('.studio-head__lead').textContent()) ?? '',
    /Commuting every day/,
  );
  const mudguards = page.getByRole('group', { name: /^Mudguards/ });
  assert.ok(
    await mudguards.getByLabel(/With mudguards/).isChecked(),
    'commuting requires mudguards',
  );
  const proposedTotal = await total(page);
  assert.match(proposedTotal ?? '', /€/);
  await screenshot(page, 'proposed-design');

  // 3. An excluded option explains itself; "Choose it anyway" applies the minimal change.
  const material = page.getByRole('group', { name: /^Frame material/ });
  await material.getByText('Carbon fibre').click();
  const why = material.getByRole('alert');
  await why.waitFor();
  assert.match((await why.textContent()) ?? '', /not possible with your current choices/);
  assert.match((await why.textContent()) ?? '', /Hub gears need horizontal dropouts|Carbon frames/);
  await screenshot(page, 'unavailable-explained');
  await why.getByRole('button', { name: 'Choose it anyway' }).click();
  const changed = material.getByRole('status');
  await changed.waitFor();
  assert.match((await changed.textContent()) ?? '', /we changed/);
  assert.ok(await material.getByLabel(/Carbon fibre/).isChecked());
  assert.ok(await changed.getByRole('button', { name: 'Undo' }).isVisible());
  await screenshot(page, 'minimal-change');
  await page.getByRole('button', { name: 'Fill in the rest for me' }).click();
  await page.getByText('Every choice is made.').waitFor();
  await page
    .getByTestId('delivery')
    .getByText(/Delivery by/)
    .waitFor();

  // 4. Save: the first save creates the design and asks for a name.
  await page.getByRole('button', { name: 'Save design' }).click();
  await page.getByLabel('Design name').fill('Carbon commuter');
  await page.getByLabel('Your email').fill('guest.rider@example.com');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Carbon commuter' }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/designs\//);
  await page.getByRole('heading', { name: 'Versions' }).waitFor();
  await screenshot(page, 'saved-design');

  // Every save is a version; an earlier one can be restored.
  const stand = page.getByRole('group', { name: /^Kickstand/ });
  const standBefore = await stand.getByLabel('With kickstand').isChecked();
  await stand.getByText(standBefore ? 'No' : 'With kickstand', { exact: true }).click();
  await page.getByRole('button', { name: 'Save a new version' }).click();
  await page.getByLabel('What changed').fill('Kickstand changed');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const versions = page.getByRole('region', { name: 'Versions' });
  await versions.getByRole('cell', { name: 'Kickstand changed' }).waitFor();
  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  await page.getByText('Version 1 restored as version 3.').waitFor();
  assert.equal(await stand.getByLabel('With kickstand').isChecked(), standBefore);

  // A second design from a preset, to compare with.
  await page.goto(baseUrl + '/p/city-bike');
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  await enterFirstPossible(page, 'Your height');
  await page.getByRole('button', { name: 'Fill in the rest for me' }).click();
  await page.getByText('Every choice is made.').waitFor();
  await page.getByRole('button', { name: 'Save design' }).click();
  await page.getByLabel('Design name').fill('Daily commuter');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Daily commuter' }).waitFor();
  const secondDesign = page.url();

  // 5. Compare the two saved designs side by side.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Compare' })
    .click();
  await page.getByLabel(/Carbon commuter/).check();
  await page.getByLabel(/Daily commuter/).check();
  await page.getByRole('button', { name: 'Compare' }).click();
  const table = page.getByRole('region', { name: 'Designs side by side' });
  await table.waitFor();
  const materialRow = table.getByRole('row', { name: /Frame material/ });
  assert.match((await materialRow.textContent()) ?? '', /Carbon fibre.*Aluminium/);
  assert.match((await materialRow.getAttribute('class')) ?? '', /diff/);
  await screenshot(page, 'compare');

  // 6. Order the second design as a guest.
  await page.goto(secondDesign);
  await page.getByRole('heading', { level: 1, name: 'Daily commuter' }).waitFor();
  await page
    .getByTestId('delivery')
    .getByText(/Delivery by/)
    .waitFor();
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByLabel('Email for the order').fill('guest.rider@example.com');
  await screenshot(page, 'order-form');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  assert.equal(await page.getByTestId('order-status').textContent(), 'Placed');
  const orderUrl = page.url();
  assert.match(orderUrl, /\/orders\/[^?]+\?token=/);
  await screenshot(page, 'order-placed');

  // 7. Operations confirms it and starts production in the console.
  const staff = (await context.browser()?.newPage()) ?? (await context.newPage());
  const ops = server.accounts.get('staff operations');
  assert.ok(ops, 'the demo operations account was printed');
  await staff.goto(baseUrl + '/console');
  await staff.getByLabel('Firm').fill('demo');
  await staff.getByLabel('Email').fill(ops.email);
  await staff.getByLabel('Password').fill(ops.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Orders' })
    .click();
  await staff.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
  await staff
    .getByRole('link', { name: /^Order / })
    .first()
    .click();
  await staff.getByRole('heading', { name: 'Bill of materials' }).waitFor();
  await staff.getByRole('button', { name: 'Confirm order' }).click();
  await staff.getByRole('button', { name: 'Start production' }).click();
  await staff.getByTestId('order-status').getByText('In production').waitFor();
  await screenshot(staff, 'console-in-production');

  // 8. The customer's order page shows the new status.
  await page.goto(orderUrl);
  await page.getByTestId('order-status').waitFor();
  assert.equal(await page.getByTestId('order-status').textContent(), 'In production');
  await screenshot(page, 'customer-sees-production');
  assert.deepEqual(problems, [], 'no script errors in the page');
});

test('on a 360 px phone the studio fits the width, keeps price and date in a bottom bar, and works by keyboard', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(baseUrl + '/p/city-bike');
  const start = page.getByRole('button', { name: 'Start from Daily commuter' });
  await start.focus();
  await page.keyboard.press('Enter');
  await enterFirstPossible(page, 'Your height');
  await page.getByRole('button', { name: 'Fill in the rest for me' }).click();
  await page.getByText('Every choice is made.').waitFor();
  assert.ok(
    (await page.evaluate(() => document.documentElement.scrollWidth)) <= 360,
    'no sideways scroll',
  );
  const bar = page.locator('.bottombar');
  assert.ok(await bar.isVisible(), 'the bottom bar shows on a phone');
  const before = await bar.locator('.bottombar__price').textContent();

  // Arrow keys move between options of a feature, like any radio group.
  const colour = page.getByRole('group', { name: /^Colour/ });
  await colour.getByLabel(/Sage green/).focus();
  await page.keyboard.press('ArrowUp');
  assert.ok(await colour.getByLabel(/Chalk white/).isChecked(), 'the previous colour is chosen');
  const after = await bar.locator('.bottombar__price').textContent();
  assert.notEqual(after, before, 'the price follows the keyboard choice (white costs less)');

  // An excluded option reached by keyboard explains itself; its actions are the next Tab stops.
  const material = page.getByRole('group', { name: /^Frame material/ });
  await material.getByLabel(/Carbon fibre/).focus();
  await page.keyboard.press('Space');
  await material.getByRole('alert').waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Choose it anyway');
  await page.keyboard.press('Enter');
  assert.ok(await material.getByLabel(/Carbon fibre/).isChecked());
  await screenshot(page, 'phone-keyboard');
  await page.close();
});

const PRESCRIPTION = [
  'Sphere, right eye (SPH)',
  'Cylinder, right eye (CYL)',
  'Sphere, left eye (SPH)',
  'Cylinder, left eye (CYL)',
  'Reading addition (ADD)',
];

test('glasses from the needs questions or "Fill in the rest for me" leave the prescription to the customer, and ordering waits for it', async () => {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const order = page.getByRole('button', { name: 'Order', exact: true });
  const prescriptionLeftOpen = async (step: string) => {
    for (const label of PRESCRIPTION)
      assert.equal(
        await page.getByRole('textbox', { name: label, exact: true }).inputValue(),
        '',
        `${step}: ${label} is not filled in for the customer`,
      );
    const needed = (await page.getByTestId('still-needed').textContent()) ?? '';
    for (const label of PRESCRIPTION)
      assert.ok(needed.includes(label), `${step}: “${needed}” names ${label}`);
    assert.ok(await order.isDisabled(), `${step}: the order button waits for the prescription`);
    const hint = (await page.locator('#order-hint').textContent()) ?? '';
    for (const label of PRESCRIPTION)
      assert.ok(hint.includes(label), `${step}: the order hint “${hint}” names ${label}`);
  };

  // The needs questions propose lenses, coatings and a frame — never a prescription.
  await page.goto(baseUrl + '/p/eyeglasses');
  await page.getByLabel('Seeing clearly all day, one distance').check();
  await page.getByLabel('Mostly indoors').check();
  await page.getByLabel('A good price').check();
  await page.getByRole('button', { name: 'Propose a design' }).click();
  await page.getByTestId('still-needed').waitFor();
  await prescriptionLeftOpen('proposal');
  await screenshot(page, 'glasses-prescription-needed');

  // Option by option, "Fill in the rest for me" fills every choice but the prescription.
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.getByRole('button', { name: 'Choose option by option' }).click();
  await page.getByRole('button', { name: 'Fill in the rest for me' }).click();
  const status = page.locator('.summary__actions [role="status"]');
  await status.getByText(/Still needed from you/).waitFor();
  for (const label of PRESCRIPTION)
    assert.ok(((await status.textContent()) ?? '').includes(label), `the status names ${label}`);
  await prescriptionLeftOpen('fill in the rest');

  // The customer copies their prescription (no astigmatism, no reading addition): now it orders.
  for (const label of PRESCRIPTION) {
    const input = page.getByRole('textbox', { name: label, exact: true });
    await input.fill('0.00');
    await input.press('Tab');
  }
  // The pupillary distance is a personal detail the order needs too.
  await page.getByTestId('still-needed').getByText('Pupillary distance (PD) in mm').waitFor();
  await page.getByLabel('Pupillary distance (PD) in mm').fill('63');
  await page.getByText('Every choice is made.').waitFor();
  assert.ok(await order.isEnabled(), 'with the prescription entered, the design can be ordered');
  assert.deepEqual(problems, [], 'no script errors in the page');
  await page.close();
});

test('a bike from "Under 165 cm", from a preset or from "Fill in the rest for me" leaves the rider’s height to the rider, and ordering waits for it', async () => {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const height = page.getByRole('combobox', { name: 'Your height', exact: true });
  const order = page.getByRole('button', { name: 'Order', exact: true });
  const heightLeftOpen = async (step: string) => {
    await page.getByTestId('still-needed').getByText('Your height').waitFor();
    assert.equal(await height.inputValue(), '', `${step}: no height is chosen for the rider`);
    assert.ok(await order.isDisabled(), `${step}: the order button waits for the height`);
    assert.match(
      (await page.locator('#order-hint').textContent()) ?? '',
      /Your height/,
      `${step}: the order hint names the height`,
    );
  };

  // The needs answer is a range: it picks a frame size for it, never a height (once: 150 cm).
  await page.goto(baseUrl + '/p/city-bike');
  await page.getByLabel('Shopping and errands').check();
  await page.getByLabel('In a garage or bike shed').check();
  await page.getByLabel('Under 165 cm').check();
  await page.getByRole('button', { name: 'Propose a design' }).click();
  await heightLeftOpen('proposal for under 165 cm');
  const frame = Number(
    await page.getByRole('combobox', { name: 'Frame size', exact: true }).inputValue(),
  );
  assert.ok(frame > 0 && frame <= 48, `a frame size for the range is proposed (${frame})`);

  // A preset sets equipment, not the rider (once: 160 cm).
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  await page.getByRole('combobox', { name: 'Frame size', exact: true }).waitFor();
  await heightLeftOpen('preset');

  // "Fill in the rest for me" completes every option but the height.
  await page.getByRole('button', { name: 'Fill in the rest for me' }).click();
  await page
    .locator('.summary__actions [role="status"]')
    .getByText(/Still needed from you/)
    .waitFor();
  await heightLeftOpen('fill in the rest');

  // The rider enters their height: now the bike can be ordered.
  await enterFirstPossible(page, 'Your height');
  await page.getByText('Every choice is made.').waitFor();
  assert.ok(await order.isEnabled(), 'with the height entered, the bike can be ordered');
  assert.deepEqual(problems, [], 'no script errors in the page');
  await page.close();
});
