// The console's Service levels page, in Chromium against the real server: the owner gives the
// default treatment priority 1 with a 24-hour response target and names themself as the best
// customers' contact; the inbox then shows the demo conversation at priority 1 with its
// reply due time, and the page keeps what was saved. Screenshots go to
// test-artifacts/service-levels/. Needs the built app in packages/web/dist and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite({ shots: 'service-levels' });

async function signIn(page: Page, who: { email: string; password: string }) {
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind: 'staff' },
  });
  assert.equal(r.status(), 200, await r.text());
}

test('the owner sets a segment’s priority and contact; the inbox shows the priority', async () => {
  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await signIn(page, suite.server.accounts.get('staff owner')!);

  await page.goto(`${suite.baseUrl}/console/service-levels`);
  await page.getByRole('heading', { name: 'Service levels', level: 1 }).waitFor();
  const fallback = page.getByRole('form', { name: 'Service for Everyone else (default)' });
  await fallback.getByLabel('Priority').selectOption({ label: 'Priority 1' });
  await fallback.getByLabel('Response target (hours)').fill('24');
  await fallback.getByRole('button', { name: 'Save' }).click();
  await fallback.getByRole('status').getByText('Saved.').waitFor();

  const best = page.getByRole('form', { name: 'Service for Best' });
  // The demo names the sales member; the owner takes the best customers over.
  await best.getByLabel('Named contact').selectOption({ label: 'Demo Owner' });
  await best.getByRole('button', { name: 'Save' }).click();
  await best.getByRole('status').getByText('Saved.').waitFor();
  await page.screenshot({ path: join(suite.shots, 'service-levels.png'), fullPage: true });

  // Kept after a reload, as the server has it.
  await page.reload();
  const again = page.getByRole('form', { name: 'Service for Best' });
  await again.getByLabel('Named contact').waitFor();
  assert.equal(
    await again
      .getByLabel('Named contact')
      .evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent),
    'Demo Owner',
  );
  assert.equal(
    await page
      .getByRole('form', { name: 'Service for Everyone else (default)' })
      .getByLabel('Response target (hours)')
      .inputValue(),
    '24',
  );

  await page.goto(`${suite.baseUrl}/console/inbox`);
  await page.getByRole('tab', { name: /^All/ }).click();
  const row = page.getByRole('row', { name: /Delivery to our new showroom/ });
  await row.waitFor();
  const cells = await row.getByRole('cell').allTextContents();
  assert.equal(cells[0], 'Priority 1', `the row shows the priority: ${cells.join(' | ')}`);
  assert.notEqual(cells[1], '—', 'and a reply due time');
  await page.screenshot({ path: join(suite.shots, 'inbox.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no errors in the pages');
});
