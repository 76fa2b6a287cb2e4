// DealTime in Chromium against the real server (its CLI on a free port, a fresh data folder with
// the demo firm): a guest opens a finished aluminium city bike, compares the providers — the
// firm's workshop and its partner frame builder (the lens lab makes no bikes) — side by side,
// chooses the frame builder and orders; the order carries the frame builder's date, and the
// frame builder's staff member finds it in the provider view, to accept. Screenshots go to
// test-artifacts/provider-comparison/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSession, type Configuration } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';

const suite = browserSuite({ shots: 'provider-comparison' });

type ProviderQuote = {
  provider: { id: string | null; name: string };
  total: number;
  currency: string;
  promisedDate: string;
};

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/** The "daily commuter" preset (aluminium) for a 175 cm rider, at the lowest price. */
async function savedAluminiumBike() {
  const bike = await api<{
    version: { id: string };
    compiledUrl: string;
    model: { presets?: { choices: Configuration }[] };
  }>('/shop/demo/products/city-bike');
  const session = createSession(await compiledOf(suite.baseUrl, bike), {
    ...bike.model.presets![0]!.choices,
    rider_height: 175,
  });
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices && choices.frame_material === 'aluminium', 'an aluminium bike');
  const design = await api<{ id: string; token: string }>('/shop/demo/designs', {
    versionId: bike.version.id,
    name: 'Commuter from a partner',
    choices,
  });
  const { quotes } = await api<{ quotes: ProviderQuote[] }>('/shop/demo/provider-quotes', {
    versionId: bike.version.id,
    choices,
  });
  return { design, quotes };
}

test('a guest compares the providers of a finished bike, orders from the partner frame builder, and the order waits in its provider view', async () => {
  const frames = suite.server.accounts.get('staff frame-provider');
  assert.ok(frames, 'the demo prints the frame builder’s sign-in');
  const { design, quotes } = await savedAluminiumBike();
  const partner = quotes.find((q) => q.provider.name === 'Velo Frames Ltd.');
  assert.ok(partner, `the frame builder can build it (${JSON.stringify(quotes)})`);
  assert.deepEqual(
    quotes.map((q) => q.provider.name).sort(),
    ['Our workshop', 'Velo Frames Ltd.'],
    'the lens lab does not build bikes',
  );

  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${suite.baseUrl}/designs/${design.id}?token=${design.token}`);
  const comparison = page.getByRole('region', { name: 'Compare providers' });
  await comparison.getByRole('button', { name: 'Compare providers' }).click();
  const offers = comparison.getByRole('list', { name: 'Who can build your design, and when' });
  const items = offers.getByRole('listitem');
  await items.filter({ hasText: 'Velo Frames Ltd.' }).waitFor();
  assert.deepEqual(
    (await items.allInnerTexts()).map((text) => text.split('\n')[0]).sort(),
    ['Our workshop', 'Velo Frames Ltd.'],
    'one offer per provider able to build it',
  );
  const partnerRow = items.filter({ hasText: 'Velo Frames Ltd.' });
  const shownDate = await partnerRow.locator('time').getAttribute('datetime');
  assert.equal(shownDate, partner.promisedDate, 'the partner’s own date, side by side');
  await page.screenshot({ path: join(suite.shots, '01-compare.png'), fullPage: true });

  await partnerRow.getByRole('button', { name: 'Choose Velo Frames Ltd.' }).click();
  const orderForm = page.getByRole('form', { name: 'Order' });
  await orderForm.getByText('Velo Frames Ltd.').waitFor();
  await orderForm.getByLabel('Email for the order').fill('deal.hunter@example.com');
  await orderForm.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]+\?token=/);
  const url = new URL(page.url());
  const orderId = url.pathname.split('/').at(-1)!;
  const order = await api<{ number: number; promisedDate: string; total: number }>(
    `/shop/demo/orders/${orderId}?token=${url.searchParams.get('token')}`,
  );
  assert.equal(order.promisedDate, partner.promisedDate, 'ordered at the partner’s date');
  assert.equal(order.total, partner.total);
  await page.screenshot({ path: join(suite.shots, '02-ordered.png'), fullPage: true });

  // The frame builder's staff member sees it in the provider view, to accept.
  const builder = await suite.newPage();
  builder.on('pageerror', (e) => problems.push(e.message));
  const signIn = await builder.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: frames.email, password: frames.password, kind: 'staff' },
  });
  assert.equal(signIn.status(), 200, await signIn.text());
  await builder.goto(`${suite.baseUrl}/console`);
  const card = builder.getByRole('region', { name: new RegExp(`^Order ${order.number}: `) });
  await card.waitFor();
  await card.getByRole('button', { name: `Accept order ${order.number}` }).waitFor();
  assert.ok(
    !(await builder.locator('main').innerText()).includes('deal.hunter@example.com'),
    'the provider view does not show the customer’s email',
  );
  await builder.screenshot({ path: join(suite.shots, '03-provider-view.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no errors in the pages');
});
