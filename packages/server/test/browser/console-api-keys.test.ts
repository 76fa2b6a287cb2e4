// End to end, as an operator sees it: start the real server on a fresh data folder, sign in to
// the console in Chromium, create an API key, restart the server on the same folder, and find
// the key still listed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(repo, 'packages/server/bin/customerize.mjs');
const CHROMIUM = '/usr/bin/chromium';
const scratch = mkdtempSync(join(tmpdir(), 'customerize-browser-'));
const running: ChildProcess[] = [];

after(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

type Served = { child: ChildProcess; output: () => string };

/** Starts `customerize serve` and resolves once /healthz answers. */
async function serve(port: number, dataDir: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir],
    {
      cwd: repo,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy within 60 s:\n${output}`);
}

async function stop(served: Served): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    served.child.once('exit', (code) => resolve(code)),
  );
  served.child.kill('SIGTERM');
  return exited;
}

async function signInIfAsked(page: Page, email: string, password: string): Promise<void> {
  const signIn = page.getByRole('button', { name: 'Sign in' });
  const keysLink = page.getByRole('link', { name: 'API keys' });
  await signIn.or(keysLink).first().waitFor();
  if (await signIn.isVisible()) {
    assert.equal(await page.getByLabel('Firm').inputValue(), 'demo', 'the firm field is prefilled');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await signIn.click();
  }
}

test(
  'a staff member creates an API key in the console and finds it again after a restart',
  { timeout: 240_000 },
  async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    assert.ok(
      existsSync(join(repo, 'packages/web/dist/index.html')),
      'the web app is not built: npm run build -w @customerize/web',
    );
    const dataDir = join(scratch, 'data');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = await serve(port, dataDir);
    const owner = /staff owner\s+(\S+@\S+)\s+(\S+)/.exec(first.output());
    assert.ok(owner, `the owner's credentials are printed on first start:\n${first.output()}`);
    const [, email, password] = owner;

    let context: BrowserContext | null = null;
    try {
      context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${base}/console`);
      await signInIfAsked(page, email!, password!);

      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByLabel('Key name').fill('Warehouse sync');
      await page.getByLabel('Role').selectOption('operations');
      await page.getByRole('button', { name: 'Create key' }).click();
      await page
        .getByRole('table')
        .getByRole('cell', { name: 'Warehouse sync', exact: true })
        .waitFor();

      assert.equal(await stop(first), 0, 'SIGTERM shuts the server down cleanly');

      const second = await serve(port, dataDir);
      assert.doesNotMatch(
        second.output(),
        /staff owner/,
        'the demo is seeded once, not on every start',
      );

      await page.goto(`${base}/console`);
      await signInIfAsked(page, email!, password!);
      await page.getByRole('link', { name: 'API keys' }).click();
      await page
        .getByRole('table')
        .getByRole('cell', { name: 'Warehouse sync', exact: true })
        .waitFor();
      assert.equal(await stop(second), 0);
    } finally {
      await context?.close();
    }
  },
);
