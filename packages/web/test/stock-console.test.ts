// Modules in stock on the web side. The studio's note for a design promised from stock ("Ready
// in 2 days with the stocked …"); and, in Chromium against the real server, the console's Stock
// page: operations read the demo bike's stocked modules, receive frames and see them in the
// history, read the suggested builds with both safety-stock numbers, and the postponement
// point. Screenshots go to test-artifacts/stock/. The browser part needs the built app in
// packages/web/dist and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ServerQuote } from '../src/api/types.ts';
import { stockNote } from '../src/studio/Summary.tsx';
import { browserSuite } from './helpers/browser-suite.ts';

const quoted: ServerQuote = {
  valid: true,
  violations: [],
  currency: 'EUR',
  lines: [],
  total: 54900,
  leadTimeDays: 1,
  promisedDate: '2026-01-17',
  workCenters: [],
  fromStock: {
    promisedDate: '2026-01-17',
    madeToOrderDate: '2026-01-21',
    label: 'the stocked Aluminium tube set and 9 more modules',
    postponedSteps: ['Final assembly'],
  },
};

test('the studio says how soon a design from stock is ready, and only then', () => {
  const note = stockNote(quoted, new Date(2026, 0, 15, 10));
  assert.match(
    note ?? '',
    /^Ready in 2 days with the stocked Aluminium tube set and 9 more modules/,
  );
  assert.equal(stockNote({ ...quoted, fromStock: null }, new Date(2026, 0, 15)), null);
  assert.equal(stockNote({ ...quoted, valid: false }, new Date(2026, 0, 15)), null);
  assert.equal(stockNote(null), null);
});

const suite = browserSuite({ shots: 'stock' });

test('operations receive stocked frames and read the history, the builds and the postponement point', async () => {
  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const who = suite.server.accounts.get('staff owner')!;
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind: 'staff' },
  });
  assert.equal(r.status(), 200, await r.text());

  await page.goto(`${suite.baseUrl}/console/stock`);
  await page.getByRole('heading', { name: 'Stock', level: 1 }).waitFor();
  const row = page.getByRole('row', { name: /TUB-AL6061-SET/ });
  await row.waitFor();
  const before = Number((await row.getByRole('cell').allTextContents())[0]);
  await row.getByRole('button', { name: 'History of TUB-AL6061-SET' }).click();
  const form = page.getByRole('form', { name: 'Receive or adjust' });
  await form.getByLabel('Quantity').fill('4');
  await form.getByLabel('Note').fill('built this week');
  await form.getByRole('button', { name: 'Receive' }).click();
  await page.getByRole('status').getByText('TUB-AL6061-SET: received 4.').waitFor();
  const history = page.getByRole('region', { name: 'Stock history' });
  await history.getByRole('row', { name: /built this week/ }).waitFor();
  assert.equal(
    Number((await row.getByRole('cell').allTextContents())[0]),
    before + 4,
    'the level shows the receipt',
  );

  const builds = page.getByRole('region', { name: 'Suggested builds' });
  await builds.getByRole('row', { name: /TUB-AL6061-SET/ }).waitFor();
  const headers = await builds.getByRole('columnheader').allTextContents();
  assert.ok(headers.includes('Safety stock, pooled'));
  assert.ok(headers.includes('Safety stock, per finished variant'));

  const postponement = page.getByRole('form', { name: 'Postponement point' });
  await postponement.getByLabel('Product').selectOption({ label: 'City bike, built to order' });
  await postponement.getByRole('checkbox', { name: 'assembly', exact: true }).waitFor();
  assert.equal(
    await postponement.getByRole('checkbox', { name: 'assembly', exact: true }).isChecked(),
    true,
  );
  await page.screenshot({ path: join(suite.shots, 'stock.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no errors in the page');
});

test('the studio shows a design built from stocked modules as ready sooner', async () => {
  const page = await suite.newPage();
  const product = await (
    await page.request.get(`${suite.baseUrl}/api/v1/shop/demo/products/city-bike`)
  ).json();
  const saved = await page.request.post(`${suite.baseUrl}/api/v1/shop/demo/designs`, {
    data: {
      versionId: product.version.id,
      name: 'Stocked commuter',
      choices: {
        rider_height: 175,
        frame_size: 52,
        frame_style: 'diamond',
        frame_material: 'aluminium',
        colour: 'black',
        fork: 'rigid_steel',
        drivetrain: 'derailleur9',
        brakes: 'rim',
        mudguards: false,
        rack: false,
        lights: 'none',
        kickstand: false,
      },
    },
  });
  assert.equal(saved.status(), 201, await saved.text());
  const design = (await saved.json()) as { id: string; token: string };
  await page.goto(`${suite.baseUrl}/designs/${design.id}?token=${design.token}`);
  const note = page.getByTestId('from-stock');
  await note.waitFor();
  assert.match((await note.textContent()) ?? '', /^Ready in \d+ days? with the stocked /);
  await page.screenshot({ path: join(suite.shots, 'studio-from-stock.png') });
});

test('the Stock page names every control and fits a 360 px wide phone', async () => {
  const page = await suite.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const who = suite.server.accounts.get('staff owner')!;
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind: 'staff' },
  });
  assert.equal(r.status(), 200, await r.text());
  await page.goto(`${suite.baseUrl}/console/stock`);
  await page.getByRole('heading', { name: 'Stock', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Suggested builds' }).waitFor();
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, textarea, button')]
      .filter((el) => {
        const labels = 'labels' in el ? (el as HTMLInputElement).labels : null;
        return !(
          (labels && [...labels].some((l) => l.textContent?.trim())) ||
          el.getAttribute('aria-label')?.trim() ||
          (el.tagName === 'BUTTON' && el.textContent?.trim())
        );
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(unnamed, []);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width}px wide`);
});
