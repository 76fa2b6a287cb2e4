// End to end, as an operator sees it: start the real server on a fresh data folder, sign in to
// the console in Chromium, create an API key, restart the server on the same folder, and find
// the key still listed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ensureWebBuilt,
  launchBrowser,
  startLiveServer,
  type LiveServer,
} from './helpers/live-server.ts';

let server: LiveServer | undefined;

before(() => ensureWebBuilt());
after(() => server?.close());

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
    server = await startLiveServer();
    const owner = server.accounts.get('staff owner');
    assert.ok(owner, `the owner's credentials are printed on first start:\n${server.output()}`);
    const { email, password } = owner;

    let context: BrowserContext | null = null;
    try {
      context = await launchBrowser();
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.baseUrl}/console`);
      await signInIfAsked(page, email, password);

      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByLabel('Key name').fill('Warehouse sync');
      await page.getByLabel('Role').selectOption('operations');
      await page.getByLabel('Access').selectOption('read');
      await page.getByRole('button', { name: 'Create key' }).click();
      await page
        .getByRole('table')
        .getByRole('cell', { name: 'Warehouse sync', exact: true })
        .waitFor();
      const secret = await page.locator('#new-secret').inputValue();
      const write = await fetch(`${server.baseUrl}/api/v1/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'someone@example.com', name: 'Someone' }),
      });
      assert.equal(write.status, 403, 'the key chosen as read-only cannot write');
      const read = await fetch(`${server.baseUrl}/api/v1/orders`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(read.status, 200, 'but it reads');

      assert.equal(await server.stop(), 0, 'SIGTERM shuts the server down cleanly');

      await server.restart();
      assert.doesNotMatch(
        server.output(),
        /staff owner/,
        'the demo is seeded once, not on every start',
      );

      await page.goto(`${server.baseUrl}/console`);
      await signInIfAsked(page, email, password);
      await page.getByRole('link', { name: 'API keys' }).click();
      await page
        .getByRole('table')
        .getByRole('cell', { name: 'Warehouse sync', exact: true })
        .waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Warehouse sync' });
      await row.getByRole('cell', { name: 'Read only', exact: true }).waitFor();
      assert.equal(await server.stop(), 0);
    } finally {
      await context?.close();
    }
  },
);
