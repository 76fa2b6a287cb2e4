// Ideas end to end (issue 14), in Chromium against the real server: a customer opens "Suggest an
// option" from a product's studio page, agrees to co-creation where it is asked, and suggests
// "A longer frame" under a name of their choosing; another customer votes for it; staff mark it
// planned with a public answer in the console; the author sees the answer on /ideas (and was
// told by email, kept in the outbox without SMTP).
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite();

async function signedIn(role: string, kind: 'staff' | 'customer'): Promise<Page> {
  const who = suite.server.accounts.get(`${kind} ${role}`);
  assert.ok(who, `the demo ${kind} ${role}`);
  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const login = await page.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(login.status(), 200, await login.text());
  return page;
}

test('a customer suggests an option, another votes, staff plan it with an answer, the author sees the answer', async () => {
  // The author: from the studio of the city bike to the ideas of that product.
  const author = await signedIn('buyer', 'customer');
  await author.goto(`${suite.baseUrl}/p/city-bike`);
  await author.getByRole('link', { name: 'Suggest an option' }).click();
  await author.waitForURL((url) => url.pathname === '/ideas');
  assert.equal(new URL(author.url()).searchParams.get('product'), 'city-bike');
  await author.getByRole('heading', { name: 'Ideas', level: 1 }).waitFor();
  await author.getByRole('button', { name: 'Agree and take part' }).click();
  await author.getByLabel('Your idea').fill('A longer frame');
  await author.getByLabel('What it is and why you want it').fill('An XL frame for tall riders.');
  await author.getByLabel('Show my idea as').fill('Tall rider');
  assert.equal(await author.getByLabel('Product').inputValue(), 'city-bike');
  await author.getByRole('button', { name: 'Suggest it' }).click();
  const mine = author.getByTestId('idea').filter({ hasText: 'A longer frame' });
  await mine.getByText('by Tall rider (you)').waitFor();

  // Another customer votes for it.
  const voter = await signedIn('approver', 'customer');
  await voter.goto(`${suite.baseUrl}/ideas`);
  await voter.getByRole('button', { name: 'Agree and take part' }).click();
  await voter.getByRole('button', { name: 'Vote for “A longer frame”' }).click();
  const voted = voter.getByTestId('idea').filter({ hasText: 'A longer frame' });
  await voted.getByTestId('idea-votes').getByText('1 vote').waitFor();
  const shown = await voted.textContent();
  assert.ok(!shown?.includes(suite.server.accounts.get('customer buyer')!.email), 'no email');

  // Staff plan it, with a public answer.
  const staff = await signedIn('owner', 'staff');
  await staff.goto(`${suite.baseUrl}/console/ideas`);
  await staff.getByRole('heading', { name: 'Ideas', level: 1 }).waitFor();
  const row = staff.getByTestId('staff-idea').filter({ hasText: 'A longer frame' });
  await row.getByRole('cell', { name: '1', exact: true }).waitFor();
  await row.getByLabel('Status').selectOption('planned');
  await row.getByLabel('Public answer').fill('Planned for the spring models.');
  await row.getByRole('button', { name: 'Save answer' }).click();
  await row.getByText('Saved; the author is told.').waitFor();

  // The author sees the answer and the status.
  await author.reload();
  const answered = author.getByTestId('idea').filter({ hasText: 'A longer frame' });
  await answered.getByTestId('idea-answer').getByText('Planned for the spring models.').waitFor();
  assert.equal(await answered.getByTestId('idea-status').textContent(), 'Planned');
  // …and was told: the email waits in the outbox (no SMTP in this test).
  const outbox = (await (
    await staff.request.get(`${suite.baseUrl}/api/v1/outbox?limit=200`)
  ).json()) as { to?: string; toEmail?: string; subject: string }[];
  const buyer = suite.server.accounts.get('customer buyer')!.email;
  assert.ok(
    outbox.some((m) => (m.to ?? m.toEmail) === buyer && /A longer frame/.test(m.subject)),
    `an email to the author in ${JSON.stringify(outbox.map((m) => m.subject))}`,
  );
});

test('operations read the module demand page: its chart’s numbers and tables, each with a CSV download', async () => {
  const ops = await signedIn('operations', 'staff');
  const problems: string[] = [];
  ops.on('pageerror', (e) => problems.push(e.message));
  await ops.goto(`${suite.baseUrl}/console/module-demand`);
  await ops.getByRole('heading', { name: 'Module demand', level: 1 }).waitFor();
  await ops.getByRole('button', { name: 'Show the numbers' }).click();
  for (const caption of [
    'Expected use of the most used parts',
    'Expected use of every part, per week',
    'Use of every part in the weeks it was fitted on',
    'Order trend per product',
  ])
    await ops.getByRole('table', { name: new RegExp(caption) }).waitFor();
  await ops.getByLabel('Weeks ahead').selectOption('4');
  await ops.getByRole('columnheader', { name: 'Total, 4 weeks' }).waitFor();
  assert.deepEqual(problems, []);
});
