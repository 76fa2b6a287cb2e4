// Prescription glasses in Chromium against the real server (issue 10, items 6 and 8). The model
// keeps the prescription in quarter dioptres; its display scale makes the studio show the stored
// -10 as "−2.50 D", lets a customer type "-2.50" or "-2,50" (the engine receives -10) and says
// under the input why "-2.30" is not a value. With every option chosen and only personal details
// missing, the summary names exactly what is missing, and neither claims the workshop cannot
// build the design nor that every choice is made; the order page and the console show the order
// in dioptres too. A German reader sees and types a decimal comma.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { createSession, type Configuration } from '@customerize/engine';
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

type Glasses = { version: { id: string }; compiledUrl: string; model: unknown };

async function glasses(): Promise<Glasses> {
  return api<Glasses>('/shop/demo/products/eyeglasses');
}

/** The cheapest valid glasses with this prescription (integers in quarter dioptres), as the
 * customer entered it. */
async function design(product: Glasses, prescription: Configuration): Promise<Configuration> {
  const session = createSession(await compiledOf(suite.baseUrl, product));
  // The customer enters every prescription value; ADD is 0.00 unless the test gives one.
  for (const [f, v] of Object.entries({ addition: 0, ...prescription }))
    assert.ok(session.select(f, v).ok, f);
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices, 'the prescription can be made');
  return choices;
}

async function saved(
  product: Glasses,
  name: string,
  choices: Configuration,
  personalization: Record<string, string> = {},
): Promise<{ id: string; token: string }> {
  return api('/shop/demo/designs', {
    method: 'POST',
    body: { versionId: product.version.id, name, choices, personalization },
  });
}

const field = (page: Page, label: RegExp): Locator => page.getByRole('group', { name: label });

async function legend(group: Locator): Promise<string> {
  return ((await group.locator('legend').textContent()) ?? '').replace(/\s+/g, ' ');
}

test('a prescription reads in dioptres, is typed as written on the paper, and a value between steps is explained', async () => {
  const product = await glasses();
  const mine = await saved(
    product,
    'My reading glasses',
    await design(product, {
      sphere_right: -10,
      sphere_left: -9,
      cylinder_right: 0,
      cylinder_left: 0,
    }),
    { pupillary_distance: '63' },
  );
  const page = await suite.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${suite.baseUrl}/designs/${mine.id}?token=${mine.token}`);
  await page.getByRole('heading', { level: 1, name: 'My reading glasses' }).waitFor();

  // The stored -10 shows as −2.50 D; the help asks nobody to convert.
  const right = field(page, /^Sphere, right eye/);
  assert.match(await legend(right), /· −2\.50 D$/);
  const rightInput = right.getByLabel('Sphere, right eye (SPH)');
  assert.equal(await rightInput.inputValue(), '−2.50');
  assert.doesNotMatch(
    (await page.locator('#step-prescription').textContent()) ?? '',
    /quarter|¼/,
    'no quarter dioptres shown to the customer',
  );
  const left = field(page, /^Sphere, left eye/);
  assert.match(await legend(left), /· −2\.25 D$/);

  // A value between two quarter steps is refused under the input, naming the nearest values.
  const leftInput = left.getByLabel('Sphere, left eye (SPH)');
  await leftInput.fill('-2.30');
  await leftInput.press('Enter');
  const error = left.getByRole('alert');
  await error.waitFor();
  assert.equal(
    await error.textContent(),
    '−2.30 D is between two steps of 0.25 D: choose −2.50 D or −2.25 D.',
  );
  assert.equal(await leftInput.getAttribute('aria-invalid'), 'true');
  assert.match(await legend(left), /· −2\.25 D$/, 'nothing is chosen from a wrong value');

  // Typed with a decimal comma, as many prescriptions write it, and with a plus sign.
  await leftInput.fill('-2,50');
  await leftInput.press('Enter');
  await left.locator('legend').getByText('−2.50 D').waitFor();
  assert.equal(await left.getByRole('alert').count(), 0, 'the message is gone');
  const addition = field(page, /^Reading addition/);
  assert.match(await legend(addition), /· 0\.00 D$/);
  const cylinder = field(page, /^Cylinder, right eye/);
  await cylinder.getByLabel('Cylinder, right eye (CYL)').fill('-0.75');
  await cylinder.getByLabel('Cylinder, right eye (CYL)').press('Tab');
  await cylinder.locator('legend').getByText('−0.75 D').waitFor();
  await page.getByLabel('Axis, right eye').fill('90');

  // Saved as a new version: the engine and the server hold the integers.
  await page.getByRole('button', { name: 'Save a new version' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(/Saved design, version 2\./).waitFor();
  const stored = await api<{
    currentVersion: number;
    versions: { number: number; choices: Configuration }[];
  }>(`/shop/demo/designs/${mine.id}?token=${mine.token}`);
  assert.equal(stored.currentVersion, 2);
  const latest = stored.versions.find((v) => v.number === 2)!.choices;
  assert.equal(latest.sphere_left, -10, '-2,50 is stored as -10 quarter dioptres');
  assert.equal(latest.sphere_right, -10);
  assert.equal(latest.cylinder_right, -3, '-0.75 is stored as -3');
  assert.deepEqual(problems, [], 'no errors in the page');
});

test('a reader in German sees and types the prescription with a decimal comma', async () => {
  const product = await glasses();
  const mine = await saved(
    product,
    'Meine Brille',
    await design(product, {
      sphere_right: -2,
      sphere_left: 5,
      cylinder_right: 0,
      cylinder_left: 0,
    }),
  );
  const german = await suite.context.browser()!.newContext({ locale: 'de-DE' });
  const page = await german.newPage();
  await page.goto(`${suite.baseUrl}/designs/${mine.id}?token=${mine.token}`);
  const left = field(page, /^Sphere, left eye/);
  await left.waitFor();
  assert.match(await legend(field(page, /^Sphere, right eye/)), /· −0,50 D$/);
  assert.match(await legend(left), /· \+1,25 D$/);
  const input = left.getByLabel('Sphere, left eye (SPH)');
  assert.equal(await input.inputValue(), '+1,25');
  await input.fill('0,30');
  await input.press('Enter');
  assert.equal(
    await left.getByRole('alert').textContent(),
    '+0,30 D is between two steps of 0,25 D: choose +0,25 D or +0,50 D.',
  );
  await input.fill('-0.75');
  await input.press('Enter');
  await left.locator('legend').getByText('−0,75 D').waitFor();
  await german.close();
});

test('with every option chosen and only personal details missing, the summary names exactly what is missing', async () => {
  const product = await glasses();
  const astigmatic = await saved(
    product,
    'Glasses without my measurements',
    await design(product, {
      sphere_right: -10,
      sphere_left: -10,
      cylinder_right: -3,
      cylinder_left: 0,
    }),
  );
  const page = await suite.context.newPage();
  await page.goto(`${suite.baseUrl}/designs/${astigmatic.id}?token=${astigmatic.token}`);
  await page.getByRole('heading', { level: 1, name: 'Glasses without my measurements' }).waitFor();
  const summary = page.locator('#summary');
  // The server's quote has answered (it reports the missing fields as violations).
  await summary
    .getByTestId('delivery')
    .getByText(/Delivery by/)
    .waitFor();

  const missing = summary.getByTestId('still-needed');
  assert.equal(
    ((await missing.textContent()) ?? '').trim(),
    'Still needed from you: Axis, right eye, Pupillary distance (PD) in mm',
  );
  assert.equal(await summary.getByText('The workshop cannot build this design').count(), 0);
  assert.equal(await summary.getByText('Every choice is made.').count(), 0);
  await missing.getByRole('link', { name: 'Pupillary distance (PD) in mm' }).click();
  await page.getByLabel('Pupillary distance (PD) in mm').fill('63.5');
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="still-needed"]')?.textContent?.trim() ===
      'Still needed from you: Axis, right eye',
  );
  await page.getByLabel('Axis, right eye').fill('175');
  await summary.getByText('Every choice is made.').waitFor();
  assert.equal(await summary.getByTestId('still-needed').count(), 0);

  // A real refusal of the workshop is still said as one.
  await page.getByLabel('Axis, right eye').fill('181');
  await summary.getByText('The workshop cannot build this design').waitFor();
});

test('the customer’s order page and the console show an ordered prescription in dioptres', async () => {
  const product = await glasses();
  const choices = await design(product, {
    sphere_right: -10,
    sphere_left: -9,
    cylinder_right: 0,
    cylinder_left: 0,
  });
  const personalization = { pupillary_distance: '63' };
  const quote = await api<{ total: number; currency: string; promisedDate: string }>(
    '/shop/demo/quote',
    { method: 'POST', body: { versionId: product.version.id, choices, personalization } },
  );
  const order = await api<{ id: string; token: string }>('/shop/demo/orders', {
    method: 'POST',
    body: {
      versionId: product.version.id,
      choices,
      personalization,
      email: 'optics.guest@example.com',
      expected: { total: quote.total, currency: quote.currency, promisedDate: quote.promisedDate },
    },
  });
  const customer = await suite.context.newPage();
  await customer.goto(`${suite.baseUrl}/orders/${order.id}?token=${order.token}`);
  const choicesList = customer.getByRole('definition').filter({ hasText: '−2.50 D' });
  await choicesList.first().waitFor();
  const mine = ((await customer.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
  assert.match(mine, /Sphere, right eye \(SPH\)\s*−2\.50 D/);
  assert.match(mine, /Sphere, left eye \(SPH\)\s*−2\.25 D/);
  assert.match(mine, /Pupillary distance \(PD\) in mm: “63”/);
  assert.doesNotMatch(mine, /¼|pupillary_distance/);

  const owner = suite.server.accounts.get('staff owner');
  assert.ok(owner, 'the demo owner was printed');
  const page = await suite.context
    .browser()!
    .newContext()
    .then((c) => c.newPage());
  await page.goto(`${suite.baseUrl}/console`);
  await page.getByLabel('Firm').fill('demo');
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
  await page.goto(`${suite.baseUrl}/console/orders/${order.id}`);
  const facts = page.locator('.facts');
  await facts.getByText('Sphere, right eye (SPH)').waitFor();
  const text = ((await facts.textContent()) ?? '').replace(/\s+/g, ' ');
  assert.match(text, /Sphere, right eye \(SPH\)\s*−2\.50 D/);
  assert.match(text, /Sphere, left eye \(SPH\)\s*−2\.25 D/);
  assert.match(text, /Pupillary distance \(PD\) in mm\s*“63”/);
  assert.doesNotMatch(text, /¼/);
});
