// The console as a keyboard and screen-reader user meets it, in Chromium, against the real
// server (started through its CLI on a free port with a fresh data folder; the web app talks to
// it over HTTP only). Needs the built app in packages/web/dist (`npm run build:web`; built on
// install) and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dist = join(root, 'packages/web/dist/index.html');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: ChildProcess;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
const accounts = new Map<string, { email: string; password: string }>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `customerize serve` and resolves once it runs, collecting the printed demo accounts. */
async function startServer(port: number): Promise<void> {
  server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/server/src/cli/main.ts',
      'serve',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const m of output.matchAll(/^\s+staff (\w+)\s+(\S+@\S+)\s+(\S+)\s*$/gm)) {
        accounts.set(m[1]!, { email: m[2]!, password: m[3]! });
      }
      if (output.includes('Customerize is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}:\n${output}`));
    });
  });
}

before(async () => {
  if (!existsSync(dist)) {
    const build = spawnSync('npm', ['run', 'build', '-w', '@customerize/web'], {
      cwd: root,
      stdio: 'inherit',
    });
    assert.equal(build.status, 0, 'building the web app failed');
  }
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}`);
  dataDir = mkdtempSync(join(tmpdir(), 'customerize-web-'));
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  await startServer(port);
  assert.ok(accounts.get('owner'), 'the demo owner account was printed');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signedInPage(
  role = 'owner',
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const account = accounts.get(role);
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
  await page.getByLabel('Email').fill(accounts.get('owner')!.email);
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
