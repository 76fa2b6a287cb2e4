// The provider network in Chromium against the real server (its CLI on a free port, a fresh data
// folder with the demo firm): the owner sends a city-bike order to the partner frame builder
// from the console's order page, the frame builder's staff member signs in, sees the order in
// the provider view — with what building it needs and nothing about the customer — accepts it,
// and the firm's console shows it accepted. Screenshots go to test-artifacts/provider-view/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite({ shots: 'provider-view' });

async function signIn(page: Page, who: { email: string; password: string }) {
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind: 'staff' },
  });
  assert.equal(r.status(), 200, await r.text());
}

test('a provider’s staff member accepts the order routed to them and the firm sees it accepted', async () => {
  const owner = suite.server.accounts.get('staff owner');
  const frames = suite.server.accounts.get('staff frame-provider');
  assert.ok(owner && frames, 'the demo prints the owner’s and the frame builder’s sign-ins');
  const boss = await suite.newPage();
  const builder = await suite.newPage();
  const problems: string[] = [];
  for (const page of [boss, builder]) page.on('pageerror', (e) => problems.push(e.message));
  await signIn(boss, owner);
  const orders = (await (
    await boss.request.get(`${suite.baseUrl}/api/v1/orders?product=city-bike`)
  ).json()) as { id: string; number: number; email: string }[];
  const order = orders[0];
  assert.ok(order, 'the demo has a city-bike order');

  // The owner sends it to the frame builder from the order page.
  await boss.goto(`${suite.baseUrl}/console/orders/${order.id}`);
  const provider = boss.getByRole('region', { name: 'Provider' });
  await provider.getByText('Our workshop', { exact: true }).first().waitFor();
  await provider
    .getByRole('combobox', { name: 'Send to' })
    .selectOption({ label: 'Velo Frames Ltd.' });
  await provider.getByRole('button', { name: 'Send' }).click();
  await provider.getByText('waiting for the provider to accept').waitFor();

  // The frame builder signs in and sees it in the provider view.
  await signIn(builder, frames);
  await builder.goto(`${suite.baseUrl}/console`);
  await builder.getByRole('heading', { name: 'Orders to build' }).waitFor();
  const card = builder.getByRole('region', { name: new RegExp(`^Order ${order.number}: `) });
  await card.waitFor();
  const shown = await builder.locator('main').innerText();
  assert.ok(!shown.includes(order.email), 'the provider view does not show the customer’s email');
  await builder.screenshot({ path: join(suite.shots, '01-provider-view.png'), fullPage: true });
  await card.getByRole('button', { name: `Accept order ${order.number}` }).click();
  await builder.getByText(`Accepted order ${order.number}.`).waitFor();
  await builder.getByTestId(`routing-${order.number}`).filter({ hasText: 'accepted' }).waitFor();

  // The firm's console shows it accepted, with the provider's answer in the timeline.
  await boss.reload();
  await boss
    .getByTestId('routing-status')
    .filter({ hasText: /^accepted$/ })
    .waitFor();
  await boss.getByText('Accepted by the provider.').waitFor();
  await boss.screenshot({ path: join(suite.shots, '02-console-accepted.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no errors in the pages');
});
