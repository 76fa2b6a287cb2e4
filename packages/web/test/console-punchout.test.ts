// End to end, as an owner sees it: give the demo company punch-out credentials in the console,
// copy the shared secret shown once, let a procurement system sign in with it, then give a new
// secret — the old one stops working, the new one works, and neither is shown again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import {
  ensureWebBuilt,
  launchBrowser,
  startLiveServer,
  type LiveServer,
} from './helpers/live-server.ts';

let server: LiveServer | undefined;

before(() => ensureWebBuilt());
after(() => server?.close());

const SETUP = readFileSync(
  new URL('../../server/test/fixtures/cxml/punchout-setup-request.xml', import.meta.url),
  'utf8',
);

async function punchOut(baseUrl: string, secret: string): Promise<number> {
  const values: Record<string, string> = {
    PAYLOAD_ID: `${secret.slice(0, 8)}@procurement.example.com`,
    DOMAIN: 'NetworkID',
    IDENTITY: 'AN-CONSOLE-TEST',
    SECRET: secret,
    BROWSER_FORM_POST: 'https://procurement.example.com/return',
  };
  const res = await fetch(`${baseUrl}/api/v1/shop/demo/punchout/cxml`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: SETUP.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? ''),
  });
  return res.status;
}

test(
  'an owner gives a company punch-out credentials, and a new secret replaces the old one',
  { timeout: 240_000 },
  async () => {
    server = await startLiveServer();
    const owner = server.accounts.get('staff owner');
    assert.ok(owner, `the owner's credentials are printed on first start:\n${server.output()}`);
    let context: BrowserContext | null = null;
    try {
      context = await launchBrowser();
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.baseUrl}/console`);
      await page.getByLabel('Email').fill(owner.email);
      await page.getByLabel('Password').fill(owner.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      await page.getByRole('link', { name: 'Punch-out' }).click();
      await page.getByLabel('Company', { exact: true }).selectOption({ label: 'Acme Interiors' });
      await page.getByLabel('Identity', { exact: true }).fill('AN-CONSOLE-TEST');
      await page.getByRole('button', { name: 'Give credentials' }).click();
      await page.getByRole('cell', { name: 'AN-CONSOLE-TEST', exact: true }).waitFor();
      const first = await page.locator('#punchout-secret').inputValue();
      assert.ok(first.length >= 32, 'a long random secret');
      assert.equal(await punchOut(server.baseUrl, first), 200, 'the procurement system signs in');
      await page.getByRole('button', { name: 'I have stored it' }).click();
      assert.equal(await page.locator('#punchout-secret').count(), 0, 'never shown again');

      const row = page.getByRole('row').filter({ hasText: 'AN-CONSOLE-TEST' });
      await row.getByRole('button', { name: 'New secret' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Give a new secret' }).click();
      const second = await page.locator('#punchout-secret').inputValue();
      assert.notEqual(second, first);
      assert.equal(await punchOut(server.baseUrl, first), 401, 'the old secret no longer works');
      assert.equal(await punchOut(server.baseUrl, second), 200, 'the new one does');
    } finally {
      await context?.close();
    }
  },
);
