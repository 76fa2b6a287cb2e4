// Small things a customer notices (issue 10, item 10), in Chromium against the real server: the
// product cards picture a whole default design, a design with one possible price says "Price",
// the order page writes its dates one way, focus keeps its place when the studio's start and
// "Fill in the rest" buttons go away, and the demo conversation lies in the past.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createSession, type Configuration, type ProductModel } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';

const suite = browserSuite({ sharedBrowser: true });

async function api<T>(path: string, init?: { method: string; body: unknown }): Promise<T> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: init?.method ?? 'GET',
    headers: init ? { 'content-type': 'application/json' } : {},
    ...(init ? { body: JSON.stringify(init.body) } : {}),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

interface Detail {
  product: { name: string };
  version: { id: string };
  compiledUrl: string;
  model: ProductModel;
}

const cityBike = () => api<Detail>('/shop/demo/products/city-bike');

/** The model's defaults completed at the lowest price, computed here with the engine. */
async function defaultDesign(detail: Detail): Promise<Configuration> {
  const session = createSession(
    await compiledOf(suite.baseUrl, detail),
    detail.model.defaults ?? {},
  );
  const design = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(design, 'the city bike has a valid design');
  return design;
}

/** The default design with the rider's height entered, as a customer orders it. */
async function orderableDesign(detail: Detail): Promise<Configuration> {
  const session = createSession(await compiledOf(suite.baseUrl, detail), {
    ...(detail.model.defaults ?? {}),
    rider_height: 175,
  });
  const design = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(design, 'a 175 cm rider has a valid city bike');
  return design;
}

/** Asset keys the chosen options bring, in feature order (as the model lists them). */
function layerKeys(model: ProductModel, design: Configuration): string[] {
  const keys: string[] = [];
  for (const f of model.features) {
    const v = design[f.id];
    const assets =
      f.type === 'enum'
        ? f.options.find((o) => o.id === v)?.assets
        : f.type === 'bool'
          ? (v ? f.whenTrue : f.whenFalse)?.assets
          : undefined;
    for (const a of assets ?? []) if (!keys.includes(a)) keys.push(a);
  }
  return keys;
}

async function newPage(): Promise<Page> {
  return suite.context.newPage();
}

test('the landing page’s city bike card draws the default design’s layers over the base picture', async () => {
  const detail = await cityBike();
  const keys = layerKeys(detail.model, await defaultDesign(detail));
  assert.ok(keys.length >= 2, `the default design brings layers (${keys.join(', ')})`);
  const page = await newPage();
  await page.goto(suite.baseUrl + '/');
  const card = page
    .locator('.product-card')
    .filter({ has: page.getByRole('link', { name: detail.product.name }) });
  const layers = card.getByTestId('card-preview').locator('img');
  await layers.first().waitFor({ state: 'attached' });
  const srcs = await layers.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''));
  assert.equal(srcs.length, 1 + keys.length, `base and every layer: ${srcs.join(' ')}`);
  assert.match(srcs[0]!, /\/base$/, 'the base picture first');
  srcs.slice(1).forEach((src, i) => {
    assert.ok(src.endsWith(`/${encodeURIComponent(keys[i]!)}`), `${src} draws ${keys[i]}`);
  });
  await page.close();
});

test('a design with only one possible price says "Price", not "Price range"', async () => {
  const page = await newPage();
  await page.goto(suite.baseUrl + '/p/city-bike');
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  // The preset never guesses the rider's height: the customer enters it.
  await page.getByTestId('still-needed').getByText('Your height').waitFor();
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('175');
  await page.getByRole('combobox', { name: 'Frame size', exact: true }).selectOption('52');
  await page.getByText('Every choice is made.').waitFor();
  const total = (await page.getByTestId('total').locator('output').textContent()) ?? '';
  // The rider's height costs nothing: without it the price is still the one price.
  await page.getByRole('button', { name: 'Clear your height' }).click();
  await page.getByTestId('still-needed').getByText('Your height').waitFor();
  const caption = page.getByTestId('total').locator('.summary__caption');
  assert.equal(await caption.textContent(), 'Price');
  assert.equal(await page.getByTestId('total').locator('output').textContent(), total);
  await page.close();
});

test('the order page writes the delivery date the way it writes every other date', async () => {
  const detail = await cityBike();
  const choices = await orderableDesign(detail);
  const quote = await api<{ total: number; currency: string; promisedDate: string }>(
    '/shop/demo/quote',
    { method: 'POST', body: { versionId: detail.version.id, choices } },
  );
  const order = await api<{ id: string; token: string }>('/shop/demo/orders', {
    method: 'POST',
    body: {
      versionId: detail.version.id,
      choices,
      email: 'dates@example.org',
      expected: { total: quote.total, currency: quote.currency, promisedDate: quote.promisedDate },
    },
  });
  const page = await newPage();
  await page.goto(`${suite.baseUrl}/orders/${order.id}?token=${order.token}`);
  const delivery = page.getByText('Delivery by');
  await delivery.waitFor();
  // The app's one date format is the reader's locale's medium date (time added for moments).
  const expected = await page.evaluate((iso) => {
    const [y, m, d] = iso.split('-').map(Number);
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(
      new Date(y!, m! - 1, d!),
    );
  }, quote.promisedDate);
  assert.equal(await delivery.locator('strong').textContent(), expected);
  const placed = page.getByRole('list').locator('time').first();
  const [shown, at] = [await placed.textContent(), await placed.getAttribute('datetime')];
  const placedDay = await page.evaluate(
    (iso) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso)),
    at!,
  );
  assert.ok(shown?.startsWith(placedDay), `the timeline says ${shown}, starting with ${placedDay}`);
  await page.close();
});

/** What has keyboard focus: the element and the feature (fieldset) it is in. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const fieldset = el?.closest('fieldset.feature');
    return {
      id: el?.id ?? '',
      tag: el?.tagName ?? '',
      inOpenFeature: fieldset ? fieldset.querySelector('.feature__todo') !== null : false,
      firstOpenFeature:
        [...document.querySelectorAll('fieldset.feature')].find(
          (f) => f.querySelector('.feature__todo') !== null,
        ) === fieldset && fieldset !== null,
    };
  });
}

test('focus moves to the first open choice after "Choose option by option" and to the summary after "Fill in the rest for me"', async () => {
  const page = await newPage();
  await page.goto(suite.baseUrl + '/p/city-bike');
  await page.getByRole('button', { name: 'Choose option by option' }).click();
  await page.getByRole('button', { name: 'Fill in the rest for me' }).waitFor();
  const afterStart = await focused(page);
  assert.ok(
    afterStart.firstOpenFeature,
    `focus is in the first choice still open, not on ${afterStart.tag}`,
  );
  await page.getByRole('button', { name: 'Fill in the rest for me' }).click();
  // Every option is filled in; the rider's height stays the customer's to enter.
  await page.getByText(/We filled in the open choices/).waitFor();
  const afterFill = await focused(page);
  assert.equal(afterFill.id, 'summary-title', `focus is on the summary, not on ${afterFill.tag}`);
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    'Your design',
    'the summary heading says what it is',
  );
  await page.close();
});

test('the demo buyer’s example conversation is dated in the past', async () => {
  const buyer = suite.server.accounts.get('customer buyer');
  assert.ok(buyer, 'the demo buyer account was printed');
  // The last test: signing in here leaves nothing the others depend on.
  const page = await newPage();
  await page.goto(suite.baseUrl + '/account/signin');
  await page.getByLabel('Email').fill(buyer.email);
  await page.getByLabel('Password').fill(buyer.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/signin'));
  await page.goto(suite.baseUrl + '/account/messages');
  await page.getByRole('link', { name: 'Delivery to our new showroom' }).click();
  await page.getByText('The driver calls 30 minutes before arriving.').waitFor();
  const times = await page
    .locator('time[datetime]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
  assert.ok(times.length >= 2, `both messages show when they were written (${times.length})`);
  const now = Date.now();
  for (const t of times) assert.ok(Date.parse(t) <= now, `${t} is not in the future`);
  await page.close();
});
