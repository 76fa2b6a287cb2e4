// The console as a keyboard and screen-reader user meets it, in Chromium, against the real
// server (started through its CLI on a free port with a fresh data folder; the web app talks to
// it over HTTP only). Needs the built app in packages/web/dist (`npm run build:web`; built on
// install) and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  chromiumOptions,
  ensureWebBuilt,
  startLiveServer,
  type LiveServer,
} from './helpers/live-server.ts';

let server: LiveServer;
let baseUrl: string;
let browser: Browser;

before(async () => {
  ensureWebBuilt();
  server = await startLiveServer();
  baseUrl = server.baseUrl;
  assert.ok(server.accounts.get('staff owner'), 'the demo owner account was printed');
  // Each test page opens in a fresh context of one browser, so sign-ins do not leak between tests.
  browser = await chromium.launch(chromiumOptions());
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function signedInPage(
  role = 'owner',
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const account = server.accounts.get(`staff ${role}`);
  assert.ok(account, `demo ${role} account`);
  const page = await browser.newPage({ viewport });
  await page.goto(baseUrl + '/console');
  await page.getByLabel('Firm').fill('demo');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

const consolePages = [
  { link: 'Overview', heading: 'Overview' },
  { link: 'Settings', heading: 'Settings' },
  { link: 'Users', heading: 'Users' },
  { link: 'API keys', heading: 'API keys' },
  { link: 'Punch-out', heading: 'Punch-out' },
  { link: 'Customers', heading: 'Customers' },
  { link: 'Comments', heading: 'Comments' },
  { link: 'Campaigns', heading: 'Campaigns' },
  { link: 'Capacity changes', heading: 'Capacity changes' },
];

async function openSection(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('.loading').waitFor({ state: 'detached' });
}

/** Form controls a person cannot name: no <label>, aria-label or aria-labelledby. */
function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, textarea, button')]
      .filter((el) => {
        if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
        const labels = 'labels' in el ? (el as HTMLInputElement).labels : null;
        const named =
          (labels && [...labels].some((l) => l.textContent?.trim())) ||
          el.getAttribute('aria-label')?.trim() ||
          el.getAttribute('aria-labelledby') ||
          (el.tagName === 'BUTTON' && el.textContent?.trim());
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

test('every form control on the sign-in form and on each console page has a name', async () => {
  const page = await browser.newPage();
  await page.goto(baseUrl + '/console');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.deepEqual(await unlabelledControls(page), [], 'sign-in form');
  await page.close();

  const staffPage = await signedInPage();
  for (const { link, heading } of consolePages) {
    await openSection(staffPage, link, heading);
    assert.deepEqual(await unlabelledControls(staffPage), [], heading);
  }
  await staffPage.close();
});

test('the skip link is the first Tab stop and takes keyboard users to the main content', async () => {
  const page = await browser.newPage();
  await page.goto(baseUrl + '/');
  await page.getByRole('heading', { level: 1, name: 'Design your product' }).waitFor();
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  assert.equal(await focused.textContent(), 'Skip to main content');
  assert.ok(await focused.isVisible(), 'the skip link shows when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await page.close();
});

test('the console nav marks the current page and moves focus to it after a keyboard choice', async () => {
  const page = await signedInPage();
  const nav = page.getByRole('navigation', { name: 'Console' });
  assert.equal(await nav.locator('[aria-current="page"]').textContent(), 'Overview');
  await nav.getByRole('link', { name: 'Users' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/console/users');
  assert.deepEqual(await nav.locator('[aria-current="page"]').allTextContents(), ['Users']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  assert.deepEqual(await nav.locator('[aria-current="page"]').allTextContents(), ['Overview']);
  await page.close();
});

test('a field the server rejects is marked invalid, described by its message, and focused', async () => {
  const page = await signedInPage();
  await openSection(page, 'Users', 'Users');
  await page.getByLabel('Name', { exact: true }).fill('Short Password');
  await page.getByLabel('Email', { exact: true }).fill('short.password@example.com');
  await page.getByLabel('Password', { exact: true }).fill('x');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /correct the marked fields/);
  const password = page.getByLabel('Password', { exact: true });
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  const described = await password.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
  assert.match(described, /Password must be at least \d+ characters/);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'password');
  assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), null);
  await page.close();
});

test('a wrong password is refused with an alert and the form stays', async () => {
  const page = await browser.newPage();
  await page.goto(baseUrl + '/console');
  await page.getByLabel('Email').fill(server.accounts.get('staff owner')!.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /not right/);
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
  await page.close();
});

test('staff who are not owners see the firm settings but cannot change them', async () => {
  const page = await signedInPage('sales');
  await openSection(page, 'Settings', 'Settings');
  assert.ok(await page.getByLabel('Firm name').isDisabled());
  assert.equal(await page.getByRole('button', { name: 'Save settings' }).count(), 0);
  await openSection(page, 'API keys', 'API keys');
  assert.equal(await page.getByRole('button', { name: 'Create key' }).count(), 0);
  await page.close();
});

test('every page fits a 360 px wide phone without sideways scrolling', async () => {
  const page = await signedInPage('owner', { width: 360, height: 740 });
  for (const { link, heading } of consolePages) {
    await openSection(page, link, heading);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${heading} is ${width}px wide`);
  }
  await page.goto(baseUrl + '/');
  await page.getByRole('heading', { level: 1, name: 'Design your product' }).waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'home');
  await page.close();
});

test('signing out closes the console: a deep link then asks to sign in', async () => {
  const page = await signedInPage();
  await openSection(page, 'API keys', 'API keys');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.goto(baseUrl + '/console/users');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1, name: 'Users' }).count(), 0);
  await page.close();
});
