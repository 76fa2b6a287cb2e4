// "Where customers get stuck" end to end (issue 14), in Chromium against the real server: a guest
// starts the city bike from the carbon preset, opens 8-speed hub gears (excluded: our carbon frame
// has no horizontal dropouts), reads why and chooses it anyway; the studio sends these events in
// a batch (as a guest: anonymous counts, no identifier). The owner then finds that rule on the
// console's stuck page, with the events counted, and the studio visit in the funnel.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite();
const RULE = 'hub-gears-not-on-carbon';

test('a guest runs into a rule in the studio; the console’s stuck page lists it', async () => {
  const guest = await suite.newPage();
  const problems: string[] = [];
  guest.on('pageerror', (e) => problems.push(e.message));
  const batches: { entry: string; events: { type: string; rules?: string[] }[] }[] = [];
  guest.on('request', (r) => {
    if (r.url().endsWith('/studio-events') && r.method() === 'POST')
      batches.push(r.postDataJSON() as (typeof batches)[number]);
  });

  await guest.goto(`${suite.baseUrl}/p/city-bike`);
  await guest.getByRole('heading', { level: 1, name: 'City bike, built to order' }).waitFor();
  await guest.getByRole('button', { name: 'Start from Light and quick' }).click();
  const gears = guest.getByRole('group', { name: /^Gears/ });
  await gears.getByText('8-speed hub gears', { exact: true }).click();
  const why = gears.getByRole('alert');
  await why.waitFor();
  assert.match((await why.textContent()) ?? '', /not possible with your current choices/);
  await why.getByText('Why?', { exact: true }).click();
  await why.getByText(/Hub gears need horizontal dropouts/).waitFor();
  const sent = guest.waitForResponse(
    (r) => r.url().endsWith('/studio-events') && r.request().method() === 'POST',
  );
  await why.getByRole('button', { name: 'Choose it anyway' }).click();
  await gears.getByRole('status').waitFor();
  assert.ok(await gears.getByLabel(/8-speed hub gears/).isChecked());
  // The batch goes out within a few seconds of the first event.
  const answer = await sent;
  assert.equal(answer.status(), 202, await answer.text());
  assert.equal(((await answer.json()) as { recorded: string }).recorded, 'anonymous');
  const events = batches.flatMap((b) => b.events);
  assert.deepEqual(
    events.map((e) => e.type),
    ['studio_opened', 'excluded_opened', 'why_read', 'chose_anyway'],
  );
  assert.equal(batches[0]!.entry, 'preset');
  assert.ok(events.slice(1).every((e) => e.rules?.includes(RULE)));
  // Nothing personal leaves the browser: no rider height, no name, email or visitor id.
  const body = JSON.stringify(batches);
  assert.doesNotMatch(body, /rider_height|email|name|customer/i);
  assert.deepEqual(problems, []);

  const owner = suite.server.accounts.get('staff owner')!;
  const staff = await suite.newPage();
  const login = await staff.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: owner.email, password: owner.password, kind: 'staff' },
  });
  assert.equal(login.status(), 200, await login.text());
  await staff.goto(`${suite.baseUrl}/console/stuck`);
  await staff.getByRole('heading', { level: 1, name: 'Where customers get stuck' }).waitFor();
  const table = staff.getByRole('table', { name: /Rules customers ran into/ });
  const row = table.getByRole('row').filter({ hasText: RULE });
  await row.waitFor();
  const cells = (await row.getByRole('cell').allTextContents()).map((c) => c.trim());
  // Product, rule, message, sessions, share, opened, why read, chose anyway, abandoned, revenue.
  assert.deepEqual(cells.slice(0, 2), ['City bike, built to order', RULE]);
  assert.match(cells[2]!, /Hub gears need horizontal dropouts/);
  assert.deepEqual(cells.slice(3, 9), ['1', '100 %', '1', '1', '1', '0']);
  // The chart's numbers are a table too.
  await staff.getByRole('button', { name: 'Show the numbers' }).click();
  await staff.getByRole('table', { name: 'Rules touching the most studio sessions' }).waitFor();

  await staff.goto(`${suite.baseUrl}/console/funnel`);
  const funnel = staff.getByRole('table', { name: /Studio funnel per product and way in/ });
  const preset = funnel
    .getByRole('row')
    .filter({ hasText: 'City bike, built to order' })
    .filter({ hasText: 'Preset or popular design' });
  await preset.waitFor();
  assert.equal((await preset.getByRole('cell').nth(2).textContent())?.trim(), '1');
});
