// The console's insight pages in Chromium against the real server: a demo customer orders the
// first shop product twice; the owner opens the Scorecard page for that product and sees every
// figure with its explanation (orders counted: the demo's and these two, configurations offered
// from the engine's exact count), "Show the numbers" turns a chart into its table with a CSV download; the Demand by
// option page shows the ordered values in its per-value table.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createSession } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';
import { enterMeasurements } from './helpers/measurements.ts';

const suite = browserSuite({ shots: 'insight-console' });

async function signIn(page: Page, kind: 'customer' | 'staff', role: string) {
  const who = suite.server.accounts.get(`${kind} ${role}`)!;
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

async function send<T>(page: Page, csrf: string, path: string, data: unknown) {
  const r = await page.request.post(suite.baseUrl + path, {
    headers: { 'x-csrf-token': csrf, 'idempotency-key': `${path}-${Math.random()}` },
    data,
  });
  assert.ok(r.ok(), `${path}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

/** The buyer orders the cheapest design of the first shop product `count` times; its name. */
async function orderTwice(page: Page): Promise<string> {
  const csrf = await signIn(page, 'customer', 'buyer');
  const shop = `${suite.baseUrl}/api/v1/shop/demo`;
  const products = (await (await page.request.get(`${shop}/products`)).json()) as {
    slug: string;
    name: string;
  }[];
  const detail = (await (
    await page.request.get(`${shop}/products/${products[0]!.slug}`)
  ).json()) as { version: { id: string }; compiledUrl: string };
  const session = createSession(await compiledOf(suite.baseUrl, detail));
  enterMeasurements(session);
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices);
  for (let i = 0; i < 2; i++) {
    const q = await send<{ total: number; currency: string; promisedDate: string }>(
      page,
      csrf,
      '/api/v1/shop/demo/quote',
      { versionId: detail.version.id, choices },
    );
    await send(page, csrf, '/api/v1/shop/demo/orders', {
      versionId: detail.version.id,
      choices,
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    });
  }
  return products[0]!.name;
}

type Figures = { figures: { key: string; value: number | string | null }[] };
type Demand = { values: { valueLabel: string; orders: number }[] };

test('the scorecard shows every figure explained, and each chart’s numbers as a table with CSV', async () => {
  const staff = await suite.newPage();
  const problems: string[] = [];
  staff.on('pageerror', (e) => problems.push(e.message));
  await signIn(staff, 'staff', 'owner');
  const products = (await (await staff.request.get(`${suite.baseUrl}/api/v1/products`)).json()) as {
    id: string;
    name: string;
  }[];
  const report = async <T>(path: string, name: string) =>
    (await (
      await staff.request.get(
        `${suite.baseUrl}/api/v1/insights/${path}?product=${products.find((p) => p.name === name)!.id}`,
      )
    ).json()) as T;
  const shopFirst = (await (
    await staff.request.get(`${suite.baseUrl}/api/v1/shop/demo/products`)
  ).json()) as { name: string }[];
  const ordersOf = (f: Figures) => Number(f.figures.find((x) => x.key === 'ordersCounted')!.value);
  // The demo firm has orders of its own: the buyer's two come on top.
  const before = ordersOf(await report<Figures>('scorecard', shopFirst[0]!.name));
  const product = await orderTwice(await suite.newPage());
  assert.equal(product, shopFirst[0]!.name);

  await staff.goto(`${suite.baseUrl}/console/scorecard`);
  await staff
    .getByRole('heading', { name: 'Variety and effectiveness scorecard', level: 1 })
    .waitFor();
  await staff.getByLabel('Product').selectOption({ label: product });
  const orders = staff.getByTestId('figure-ordersCounted');
  await orders.getByText(String(before + 2), { exact: true }).waitFor();
  const offered = staff.getByTestId('figure-configurationsOffered');
  assert.match(await offered.locator('.figure-value').innerText(), /^[\d,]+$/);
  for (const key of [
    'distinctConfigurationsOrdered',
    'top10Share',
    'promisedDatesKept',
    'leadTimeP90',
    'pricePremium',
    'effectivenessIndex',
  ]) {
    const card = staff.getByTestId(`figure-${key}`);
    await card.waitFor();
    assert.ok((await card.locator('p').nth(1).innerText()).length > 20, `${key} is explained`);
  }
  await staff.getByTestId('figure-top10Share').getByText('How it is computed').click();
  await staff
    .getByTestId('figure-top10Share')
    .getByText(/Formula:/)
    .waitFor();
  assert.match(
    await staff.getByTestId('figure-top10Share').locator('.figure-value').innerText(),
    /^100 %$/,
  );

  const chart = staff.locator('figure', { hasText: 'Parts of the effectiveness index' });
  await chart.getByRole('button', { name: 'Show the numbers' }).click();
  const table = chart.getByRole('table', { name: /Parts of the effectiveness index/ });
  await table.waitFor();
  assert.ok((await table.getByRole('row').count()) >= 4, 'a row per part of the index');
  await chart.getByRole('button', { name: 'Download CSV' }).waitFor();
  await staff.screenshot({ path: `${suite.shots}/scorecard.png`, fullPage: true });

  await staff.goto(`${suite.baseUrl}/console/insight`);
  await staff.getByRole('heading', { name: 'Demand by option', level: 1 }).waitFor();
  await staff.getByLabel('Product').selectOption({ label: product });
  const bars = staff.locator('figure', { hasText: 'Chosen per option value' });
  await bars.getByRole('button', { name: 'Show the numbers' }).click();
  const rows = bars.getByRole('table').getByRole('row');
  await rows.nth(1).waitFor();
  // The table shows the report's numbers: value and orders, row by row.
  const cells = await rows.evaluateAll((trs) =>
    trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  );
  const demand = await report<Demand>('option-demand', product);
  assert.ok(demand.values.length > 0);
  assert.deepEqual(
    cells.map((c) => [c[1], c[3]]),
    demand.values.map((v) => [v.valueLabel, String(v.orders)]),
  );
  await bars.getByRole('button', { name: 'Download CSV' }).waitFor();
  await staff.screenshot({ path: `${suite.shots}/option-demand.png`, fullPage: true });
  assert.deepEqual(problems, []);
});
