// The console's Campaigns page, in Chromium against the real server (its background worker
// sends): a demo customer gives marketing consent; sales staff write a campaign — a mistyped
// personal field is refused naming it — preview it for that customer, send it now, and see it
// sent and its results table. The mail is in the outbox with the campaign in its links.
// Screenshots go to test-artifacts/campaigns/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite({ shots: 'campaigns' });

async function signIn(
  page: Page,
  kind: 'customer' | 'staff',
  who: { email: string; password: string },
) {
  const r = await page.request.post(suite.baseUrl + '/api/v1/auth/login', {
    data: { tenant: 'demo', email: who.email, password: who.password, kind },
  });
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()) as { csrfToken: string };
}

test('sales staff write a campaign, preview it for a consenting customer, send it now and see it sent', async () => {
  const customer = await suite.newPage();
  const buyer = suite.server.accounts.get('customer buyer')!;
  const { csrfToken } = await signIn(customer, 'customer', buyer);
  const consent = await customer.request.post(suite.baseUrl + '/api/v1/privacy/consents', {
    headers: { 'x-csrf-token': csrfToken },
    data: { purpose: 'marketing', given: true, screen: 'privacy-centre', noticeVersion: 1 },
  });
  assert.equal(consent.status(), 200, await consent.text());

  const staff = await suite.newPage();
  const problems: string[] = [];
  staff.on('pageerror', (e) => problems.push(e.message));
  await signIn(staff, 'staff', suite.server.accounts.get('staff sales')!);
  await staff.goto(`${suite.baseUrl}/console/campaigns`);
  await staff.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  await staff.getByLabel('Name').fill('Autumn');
  await staff.getByLabel('Message').fill('Hello {{nmae}}, see {{shop.link}}');
  await staff.getByLabel('Hold-out (% of the audience that gets nothing)').fill('0');
  await staff.getByRole('button', { name: 'Save as draft' }).click();
  await staff
    .getByText(/unknown personal field \{\{nmae\}\}/)
    .first()
    .waitFor();
  await staff.getByLabel('Message').fill('Hello {{name}},\n\nsee {{shop.link}}');
  await staff.getByRole('button', { name: 'Save as draft' }).click();
  await staff.getByRole('heading', { name: 'Autumn', level: 1 }).waitFor();
  await staff.getByText(/would get it/).waitFor();
  const preview = staff.frameLocator('iframe[title="Message preview"]');
  await preview.getByText(/Hello .+,/).waitFor();
  await staff.screenshot({ path: join(suite.shots, 'campaign-preview.png'), fullPage: true });

  await staff.getByRole('button', { name: 'Send now' }).click();
  const counts = staff.getByTestId('campaign-counts');
  for (let i = 0; i < 60; i++) {
    const text = (await counts.textContent().catch(() => '')) ?? '';
    if (/1 sent/.test(text)) break;
    await staff.waitForTimeout(500);
    await staff.getByRole('button', { name: 'Refresh' }).click();
  }
  assert.match((await counts.textContent()) ?? '', /Audience 1: 1 sent, 0 held out, 0 waiting/);
  const campaignId = new URL(staff.url()).pathname.split('/').at(-1)!;

  const outbox = (await (await staff.request.get(`${suite.baseUrl}/api/v1/outbox`)).json()) as {
    event: string;
    to: string;
    text: string;
  }[];
  const mail = outbox.find((m) => m.event === 'campaign');
  assert.ok(mail, 'the campaign mail is in the outbox');
  assert.equal(mail.to.toLowerCase(), buyer.email.toLowerCase());
  assert.match(mail.text, new RegExp(`campaign=${campaignId}`));

  await staff.reload();
  await staff.getByTestId('campaign-results').waitFor();
  await staff.getByTestId('campaign-verdict').waitFor();
  await staff.screenshot({ path: join(suite.shots, 'campaign-sent.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
