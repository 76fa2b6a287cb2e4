// A capacity change end to end (issue 15), in Chromium against the real server: a customer orders
// a city bike; staff mark the bike assembly down for two days from the day the bike is to be
// assembled on /console/capacity-changes, preview the re-plan (the bike's order is late), and
// apply it with the apology the firm writes there; the calendar shows the closed days; the
// customer, signed in, sees the later delivery date on the order's page and the message about
// it — why, and the apology — in the order's conversation.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';
import { startMailbox } from './helpers/live-server.ts';

const mailbox = await startMailbox();
const suite = browserSuite({ server: { env: { SMTP_URL: mailbox.url } } });
after(() => mailbox.close());

type Person = { email: string; name: string; password: string };

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

async function signUp(person: Person): Promise<void> {
  await api('/account/signup', { tenant: 'demo', ...person });
  const mail = await mailbox.waitFor(person.email, /account\/verify\?token=/);
  const token = /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  await api('/account/verify', { token });
}

async function customerPage(person: Person): Promise<Page> {
  const page = await suite.newPage();
  await page.goto(`${suite.baseUrl}/account/signin`);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/signin'));
  return page;
}

/** Designs a city bike from a preset, saves and orders it; returns the order page's URL. */
async function orderBike(page: Page): Promise<string> {
  await page.goto(`${suite.baseUrl}/p/city-bike`);
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('175');
  await page.getByRole('combobox', { name: 'Frame size', exact: true }).selectOption('52');
  await page.getByText('Every choice is made.').waitFor();
  await page.getByRole('button', { name: 'Save design', exact: true }).click();
  const form = page.getByRole('form', { name: 'Save design' });
  await form.getByLabel('Design name').fill('My commuter');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/designs/'));
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
  return page.url();
}

const deliveryBy = (page: Page) =>
  page
    .locator('.order-status')
    .getByText(/^Delivery by/)
    .locator('strong')
    .innerText();

test('staff mark the assembly down for two days, preview and apply the re-plan; the customer sees the new date and the message', async () => {
  const customer: Person = {
    email: 'cleo.capacity@example.org',
    name: 'Cleo',
    password: 'correct horse battery staple',
  };
  await signUp(customer);
  const page = await customerPage(customer);
  const orderUrl = await orderBike(page);
  const before = await deliveryBy(page);
  const orderId = new URL(orderUrl).pathname.split('/').at(-1)!;

  // Staff: the order's assembly (its final step) is on the day before the parts are in.
  const staff = await suite.newPage();
  const owner = suite.server.accounts.get('staff owner')!;
  const login = await staff.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: owner.email, password: owner.password, kind: 'staff' },
  });
  assert.equal(login.status(), 200, await login.text());
  const order = (await (
    await staff.request.get(`${suite.baseUrl}/api/v1/orders/${orderId}`)
  ).json()) as {
    number: number;
    promisedDate: string;
    routing: { center: string; startDate: string; final: boolean }[];
  };
  const assembly = order.routing.find((s) => s.center === 'assembly' && s.final)!;
  assert.ok(assembly, 'the bike is assembled last');

  await staff.goto(`${suite.baseUrl}/console/capacity-changes`);
  await staff.getByRole('heading', { name: 'Capacity changes', level: 1 }).waitFor();
  const record = staff.getByRole('region', { name: 'Record a change' });
  await record
    .getByRole('combobox', { name: 'Work center' })
    .selectOption({ label: 'Bike assembly' });
  await record.getByRole('combobox', { name: 'What changes' }).selectOption('down');
  await record.getByLabel('First day').fill(assembly.startDate);
  await record.getByLabel('Number of days').fill('2');
  await record.getByLabel(/^Why/).fill('The assembly line’s conveyor is repaired');
  await record.getByRole('button', { name: 'Record and preview the re-plan' }).click();

  // The preview: the plan as recorded, the bike's order late, its new date shown.
  await staff.waitForURL((url) => /\/console\/capacity-changes\/[0-9a-f-]+$/.test(url.pathname));
  const plans = staff.getByRole('table', { name: /Plans side by side/ });
  await plans.getByRole('row').filter({ hasText: 'As recorded' }).waitFor();
  const orders = staff.getByRole('table', { name: /Orders of “As recorded”/ });
  const row = orders
    .getByRole('row')
    .filter({ has: staff.getByRole('cell', { name: String(order.number), exact: true }) });
  await row.waitFor();
  const cells = await row.getByRole('cell').allInnerTexts();
  assert.equal(cells[1], order.promisedDate, 'promised before');
  const newDate = cells[2]!;
  assert.ok(newDate > order.promisedDate, `${newDate} is later than ${order.promisedDate}`);
  assert.equal(cells[4], 'late');
  // The firm's apology, written at the apply step, is what the customers will read.
  await staff.getByLabel('Apology').fill('We are truly sorry, and your next service is on us.');
  await staff
    .getByRole('blockquote')
    .getByText(/your next service is on us/)
    .waitFor();
  await staff.getByRole('button', { name: /^Apply “As recorded”/ }).click();
  await staff.getByRole('status').getByText('Applied').waitFor();

  // The calendar marks the two closed days with the reason.
  await staff.goto(`${suite.baseUrl}/console/capacity-changes`);
  const calendar = staff.getByRole('region', { name: 'Calendar' });
  await calendar
    .getByRole('combobox', { name: 'Work center' })
    .selectOption({ label: 'Bike assembly' });
  await calendar.getByLabel('From').fill(assembly.startDate);
  await calendar.getByRole('button', { name: /^Show/ }).click();
  const days = calendar
    .getByRole('row')
    .filter({ hasText: 'The assembly line’s conveyor is repaired' });
  await days.first().waitFor();
  assert.equal(await days.count(), 2);
  for (const text of await days.allInnerTexts()) assert.match(text, /closed/);

  // The customer: the order's page shows the later date and the message about it.
  await page.goto(orderUrl);
  await page.getByTestId('order-status').waitFor();
  const after = await deliveryBy(page);
  assert.notEqual(after, before, 'the delivery date moved');
  const message = page.getByText(
    `will now be ready on ${newDate} instead of ${order.promisedDate}`,
  );
  await message.waitFor();
  const text = await message.innerText();
  assert.match(text, /conveyor is repaired/);
  assert.match(text, /your next service is on us/);
  await mailbox.waitFor(
    customer.email,
    /new delivery date|Order \d+: new delivery date|will now be delivered/i,
  );
});
