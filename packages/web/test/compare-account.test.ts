// Compare on a new device, in Chromium against the real server: a signed-in customer whose
// designs were saved elsewhere (this browser remembers none) opens "Compare" from the menu and
// picks from the designs of their account, then sees them side by side.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { createSession } from '@customerize/engine';
import {
  ensureWebBuilt,
  launchBrowser,
  startLiveServer,
  type LiveServer,
} from './helpers/live-server.ts';
import { compiledOf } from './helpers/compiled.ts';

let server: LiveServer;
let context: BrowserContext | undefined;

before(async () => {
  ensureWebBuilt();
  server = await startLiveServer();
});

after(async () => {
  await context?.close();
  await server?.close();
});

async function api<T>(
  path: string,
  init?: { method: string; body: unknown; headers?: Record<string, string> },
): Promise<{ body: T; headers: Headers }> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: init?.method ?? 'GET',
    headers: init ? { 'content-type': 'application/json', ...init.headers } : {},
    ...(init ? { body: JSON.stringify(init.body) } : {}),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return { body: (await res.json()) as T, headers: res.headers };
}

test('a signed-in customer compares the designs of their account on a device that saved none', async () => {
  // On another device the customer, signed in, saves two designs to the account.
  const buyer = server.accounts.get('customer buyer')!;
  const { body: storefront } = await api<{ tenant: { slug: string } }>('/storefront');
  const tenant = storefront.tenant.slug;
  const signedIn = await api<{ csrfToken: string }>('/auth/login', {
    method: 'POST',
    body: { tenant, email: buyer.email, password: buyer.password, kind: 'customer' },
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cz_session='))!;
  const asBuyer = { cookie, 'x-csrf-token': signedIn.body.csrfToken };
  const shop = `/shop/${tenant}`;
  const { body: products } = await api<{ slug: string }[]>(`${shop}/products`);
  const { body: product } = await api<{ version: { id: string }; compiledUrl: string }>(
    `${shop}/products/${products[0]!.slug}`,
  );
  const engine = await compiledOf(server.baseUrl, product);
  const cheapest = createSession(engine).optimize({ sense: 'min', weights: { price: 1 } });
  const dearest = createSession(engine).optimize({ sense: 'max', weights: { price: 1 } });
  assert.ok(cheapest && dearest);
  for (const [name, choices] of [
    ['The plain one', cheapest],
    ['The one with everything', dearest],
  ] as const) {
    await api(`${shop}/designs`, {
      method: 'POST',
      body: { versionId: product.version.id, name, choices },
      headers: asBuyer,
    });
  }

  // A new device: nothing in its storage. She signs in and opens Compare from the menu.
  context = await launchBrowser();
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.baseUrl}/account/signin?next=/account`);
  await page.getByLabel('Email').fill(buyer.email);
  await page.getByLabel('Password').fill(buyer.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.baseUrl}/account`);
  assert.equal(
    await page.evaluate(() => localStorage.getItem('customerize.designs')),
    null,
    'this browser remembers no designs',
  );
  await page.getByRole('link', { name: 'Compare', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Compare designs' }).waitFor();

  const picker = page.getByRole('group', { name: 'Pick two or three of your saved designs' });
  await picker.getByRole('checkbox', { name: /The plain one/ }).check();
  await picker.getByRole('checkbox', { name: /The one with everything/ }).check();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();

  const table = page.getByRole('region', { name: 'Designs side by side' });
  await table.getByRole('link', { name: 'The plain one' }).waitFor();
  await table.getByRole('link', { name: 'The one with everything' }).waitFor();
  await table.getByRole('row', { name: /Price/ }).waitFor();
  assert.match((await page.textContent('main')) ?? '', /choices? differs?/);
});
