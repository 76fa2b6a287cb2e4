// The feedback–revise–respond loop end to end, in Chromium, against the real server (started
// through its CLI on a free port with a fresh data folder, so the demo firm, catalog and accounts
// exist): a signed-in customer saves a design, opens it and asks the firm for a change; a
// designer finds the conversation in the console inbox and proposes a revised design made in the
// studio editor (the engine runs in the browser); the customer compares both versions side by
// side, accepts, and orders the accepted version. Customer and staff use separate browsers.
// Screenshots go to test-artifacts/revision/NN-step.png (git-ignored).
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  createSession,
  type Configuration,
  type Session,
  type FeatureDef,
  type ProductModel,
} from '@customerize/engine';
import {
  ensureWebBuilt,
  launchBrowser,
  root,
  startLiveServer,
  startMailbox,
  type LiveServer,
} from './helpers/live-server.ts';
import { compiledOf } from './helpers/compiled.ts';

const shots = join(root, 'test-artifacts/revision');

let server: LiveServer;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let baseUrl: string;
/** Printed demo accounts, keyed `staff owner`, `customer buyer`, … */
let accounts: LiveServer['accounts'];
const contexts: BrowserContext[] = [];

/** A browser of its own for each person, so customer and staff sessions stay apart. */
async function newBrowser(): Promise<BrowserContext> {
  const context = await launchBrowser();
  contexts.push(context);
  return context;
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(shots, { recursive: true });
  mailbox = await startMailbox();
  server = await startLiveServer({ env: { SMTP_URL: mailbox.url } });
  baseUrl = server.baseUrl;
  accounts = server.accounts;
});

after(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
  await mailbox?.close();
});

let shot = 0;
/** A screenshot of the page, or of one part of it (`part`). */
async function screenshot(page: Page, step: string, part?: Locator): Promise<void> {
  shot += 1;
  const path = join(shots, `${String(shot).padStart(2, '0')}-${step}.png`);
  if (part) await part.screenshot({ path });
  else await page.screenshot({ path, fullPage: false });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface ProductDetail {
  product: { slug: string; name: string };
  version: { id: string };
  model: ProductModel;
  compiledUrl: string;
}

/** The customer enters their own measurements (customer-input features): mid-range values. */
function enterOwnMeasurements(session: Session): void {
  for (const f of session.missingInput()) {
    const values = session.domains()[f] ?? [];
    session.select(f, values[Math.floor(values.length / 2)]!);
  }
}

/**
 * A complete valid design of the product (the engine's cheapest), and one change to it that is
 * still valid: an enum feature moved to another option, nothing else touched.
 */
async function designAndChange(detail: ProductDetail): Promise<{
  base: Configuration;
  feature: Extract<FeatureDef, { type: 'enum' }>;
  option: { id: string; label?: string };
}> {
  const compiled = await compiledOf(baseUrl, detail);
  const session = createSession(compiled);
  enterOwnMeasurements(session);
  const base = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(base, 'the product has a valid design');
  for (const f of detail.model.features) {
    if (f.type !== 'enum') continue;
    for (const o of f.options) {
      if (o.id === base[f.id]) continue;
      if (createSession(compiled, base).select(f.id, o.id).ok) {
        return { base, feature: f, option: o };
      }
    }
  }
  throw new Error('no single-option change keeps the design valid');
}

test('a customer asks for a change, staff propose a revised design, the customer compares, accepts and orders it', async (t) => {
  const customer = accounts.get('customer buyer');
  const designer = accounts.get('staff designer');
  assert.ok(customer && designer, 'the demo customer and designer were printed');

  const shopper = await (await newBrowser()).newPage();
  const staff = await (await newBrowser()).newPage();
  const problems: string[] = [];
  for (const page of [shopper, staff]) page.on('pageerror', (e) => problems.push(e.message));
  t.after(async () => {
    for (const [name, page] of [
      ['customer', shopper],
      ['staff', staff],
    ] as const) {
      if (!page.isClosed()) await page.screenshot({ path: join(shots, `last-state-${name}.png`) });
    }
  });

  // 1. The customer signs in on the customer sign-in page and comes back to their details.
  await shopper.goto(baseUrl + '/account/signin');
  await shopper.getByLabel('Email').fill(customer.email);
  await shopper.getByLabel('Password').fill(customer.password);
  await shopper.getByRole('button', { name: 'Sign in' }).click();
  await shopper.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();

  // 2. A saved design of theirs (saved through the shop API, as the studio does).
  const storefront = (await (await shopper.request.get(baseUrl + '/api/v1/storefront')).json()) as {
    tenant: { slug: string };
  };
  const shopBase = `${baseUrl}/api/v1/shop/${storefront.tenant.slug}`;
  const products = (await (await shopper.request.get(`${shopBase}/products`)).json()) as Array<{
    slug: string;
  }>;
  assert.ok(products.length > 0, 'the demo catalog has products');
  const detail = (await (
    await shopper.request.get(`${shopBase}/products/${products[0]!.slug}`)
  ).json()) as ProductDetail;
  const { base, feature, option } = await designAndChange(detail);
  const me = (await (await shopper.request.get(baseUrl + '/api/v1/auth/me')).json()) as {
    csrfToken: string;
  };
  const saved = await shopper.request.post(`${shopBase}/designs`, {
    headers: { 'x-csrf-token': me.csrfToken, 'idempotency-key': `revision-${Date.now()}` },
    data: { versionId: detail.version.id, name: 'My revision test design', choices: base },
  });
  assert.equal(saved.status(), 201, await saved.text());
  const design = (await saved.json()) as { id: string; currentVersion: number };

  // 3. On the design page the customer writes to the firm and asks for a change.
  await shopper.goto(`${baseUrl}/designs/${design.id}`);
  await shopper.getByRole('heading', { level: 1, name: 'My revision test design' }).waitFor();
  await shopper.getByLabel('Your message').fill('I love it, one question about the options.');
  await shopper.getByLabel('Attach files').setInputFiles({
    name: 'sketch.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('A sketch of what I mean.\n'),
  });
  await shopper.getByRole('button', { name: 'Send to the firm' }).click();
  await shopper.getByText('I love it, one question about the options.').waitFor();
  const optionLabel = option.label ?? option.id;
  const featureLabel = feature.label ?? feature.id;
  const request = `Could the ${featureLabel} be ${optionLabel} instead?`;
  await shopper.getByRole('button', { name: 'Ask for a change' }).click();
  await shopper.getByLabel('What should change?').fill(request);
  await shopper.getByRole('button', { name: 'Send the change request' }).click();
  await shopper.getByText('Change requested').waitFor();
  const conversation = shopper.getByRole('region', { name: 'About my design' });
  await screenshot(shopper, 'customer-asks-for-a-change', conversation);

  // 4. A designer finds the conversation in the inbox (unassigned, with an unread count).
  await staff.goto(baseUrl + '/console');
  await staff.getByLabel('Firm').fill(storefront.tenant.slug);
  await staff.getByLabel('Email').fill(designer.email);
  await staff.getByLabel('Password').fill(designer.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Inbox' })
    .click();
  await staff.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
  const unassignedTab = staff.getByRole('tab', { name: /^Unassigned \((\d+) unread\)$/ });
  await unassignedTab.waitFor();
  const unread = Number(/\((\d+) unread\)/.exec((await unassignedTab.textContent()) ?? '')?.[1]);
  assert.ok(unread >= 2, `the customer's two messages count as unread (got ${unread})`);
  const row = staff.getByRole('row', { name: /About my design/ });
  // The Unread column found by its header, so added columns (priority, reply due) do not shift it.
  const headers = await staff.getByRole('columnheader').allTextContents();
  const unreadColumn = headers.indexOf('Unread');
  assert.ok(unreadColumn >= 0, 'the inbox has an Unread column');
  assert.equal(
    (await row.getByRole('cell').allTextContents())[unreadColumn],
    '2',
    'two unread in the row',
  );
  await screenshot(staff, 'staff-inbox');
  await staff.getByRole('link', { name: 'About my design' }).click();
  await staff.getByText(request).first().waitFor();
  const attachment = staff.getByRole('link', { name: 'sketch.txt' });
  const file = await staff.request.get(baseUrl + ((await attachment.getAttribute('href')) ?? ''));
  assert.equal(await file.text(), 'A sketch of what I mean.\n', 'staff download the attachment');

  // 5. …proposes a revised design in the studio editor, changing exactly what was asked.
  await staff.getByRole('button', { name: 'Propose revised design' }).click();
  const editor = staff.getByRole('region', { name: 'Propose a revised design' });
  // With the keyboard, as the option cards cover their radio buttons.
  const radio = editor
    .getByRole('group', { name: new RegExp(`^${escape(featureLabel)}`) })
    .getByRole('radio', { name: new RegExp(`^${escape(optionLabel)}`) });
  await radio.focus();
  await staff.keyboard.press('Space');
  assert.equal(await radio.isChecked(), true, 'the asked-for option is chosen');
  await editor.getByLabel('Message to the customer').fill(`Yes: here it is with ${optionLabel}.`);
  await screenshot(staff, 'staff-proposes', editor);
  await editor.getByRole('button', { name: 'Send the proposal' }).click();
  await staff.getByText('Revised design proposed').first().waitFor();
  await staff.getByText('Proposed a revised design').waitFor();

  // 6. The customer sees both versions side by side, the changed feature marked, and accepts.
  await shopper.reload();
  const compare = shopper.getByRole('table', { name: 'Your design and the firm’s proposal' });
  await compare.waitFor();
  const changedRow = compare.getByRole('row', {
    name: new RegExp(`^${escape(featureLabel)} changed`),
  });
  await changedRow.waitFor();
  const cells = await changedRow.getByRole('cell').allTextContents();
  assert.equal(cells[1], optionLabel, 'the proposal has the option asked for');
  assert.notEqual(cells[0], optionLabel, 'the current version does not');
  assert.equal(
    await compare.getByText('changed').count(),
    1,
    'exactly the one feature asked about changed',
  );
  await screenshot(shopper, 'customer-compares', conversation);
  await shopper.getByRole('button', { name: 'Accept the revised design' }).click();
  await shopper.getByText(/You accepted it: it is now version 2 of your design/).waitFor();

  // 7. …and orders the accepted version from the design page.
  await shopper.getByRole('link', { name: 'Open the design to order it' }).click();
  await shopper.reload();
  await shopper.getByText('Saved design, version 2.').waitFor();
  await shopper.getByRole('button', { name: 'Order', exact: true }).click();
  await shopper.getByRole('button', { name: 'Place order' }).click();
  await shopper.waitForURL(/\/orders\/[0-9a-f-]+/);
  await shopper.getByRole('heading', { name: 'Timeline' }).waitFor();
  await screenshot(shopper, 'customer-ordered');
  const orderId = /\/orders\/([0-9a-f-]+)/.exec(shopper.url())![1]!;
  const order = (await (await shopper.request.get(`${shopBase}/orders/${orderId}`)).json()) as {
    choices: Configuration;
    status: string;
  };
  assert.equal(order.status, 'placed');
  assert.deepEqual(
    order.choices,
    { ...base, [feature.id]: option.id },
    'the order is the proposal',
  );

  // 8. The whole story is in the conversation's history, for staff too.
  await staff.reload();
  await staff.getByText('Accepted the revised design').first().waitFor();
  await staff.getByText('Accepted: it became version 2 of the design.').waitFor();
  await screenshot(staff, 'staff-sees-acceptance');
  assert.deepEqual(problems, [], 'no errors in the pages');
});

test('a new customer signs up by the emailed link, shares preferences for the offered reward, withdraws, downloads and erases their data', async (t) => {
  const owner = accounts.get('staff owner');
  assert.ok(owner, 'the demo owner was printed');
  const firm = await (await newBrowser()).newPage();
  const person = await (await newBrowser()).newPage();
  await person.setViewportSize({ width: 360, height: 780 });
  const problems: string[] = [];
  for (const page of [firm, person]) page.on('pageerror', (e) => problems.push(e.message));
  t.after(async () => {
    if (!person.isClosed()) await person.screenshot({ path: join(shots, 'last-state-signup.png') });
  });
  const slug = 'demo';
  const email = `ada.${Date.now()}@example.com`;

  // 1. The owner offers a reward for opting in to personalization.
  await firm.goto(baseUrl + '/console');
  await firm.getByLabel('Firm').fill(slug);
  await firm.getByLabel('Email').fill(owner.email);
  await firm.getByLabel('Password').fill(owner.password);
  await firm.getByRole('button', { name: 'Sign in' }).click();
  await firm
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Privacy' })
    .click();
  await firm.getByRole('tab', { name: 'Incentives' }).click();
  await firm.getByLabel('Description').fill('10 off your next bike');
  await firm.getByLabel('Amount').fill('10');
  await firm.getByRole('button', { name: 'Offer the reward' }).click();
  await firm.getByRole('button', { name: 'Stop offering 10 off your next bike' }).waitFor();

  // 2. Ada signs up on a phone-sized screen.
  await person.goto(baseUrl + '/account/signup');
  await person.getByLabel('Name').fill('Ada Lovelace');
  await person.getByLabel('Email').fill(email);
  await person.getByLabel('Password').fill('analytical-engine-1843');
  await person.getByRole('button', { name: 'Create account' }).click();
  await person.getByRole('heading', { name: 'Check your email' }).waitFor();

  // 3. The owner sees the mail in the outbox, its link hidden; Ada's own mail carries it.
  await firm.getByRole('tab', { name: 'Outbox' }).click();
  const mail = firm.getByRole('listitem').filter({ hasText: email });
  await mail.locator('summary').click();
  const body = (await mail.textContent()) ?? '';
  assert.match(body, /\/account\/verify\?token=\[hidden\]/, 'staff do not see the link');
  const received = await mailbox.waitFor(email, /account\/verify\?token=/);
  const link = /\/account\/verify\?token=[\w-]+/.exec(received.text)?.[0];
  assert.ok(link, `the verification mail carries the link:\n${received.text}`);
  await person.goto(baseUrl + link);
  await person.getByText(`${email} is confirmed`).waitFor();
  await person.getByRole('link', { name: 'Sign in' }).click();
  await person.getByLabel('Email').fill(email);
  await person.getByLabel('Password').fill('analytical-engine-1843');
  await person.getByRole('button', { name: 'Sign in' }).click();

  // 4. Her details: a phone number and an address.
  await person.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();
  await person.getByLabel('Phone').fill('+44 20 7946 0018');
  await person.getByRole('button', { name: 'Add an address' }).click();
  await person.getByLabel('Address 1 street').fill('12 Marylebone Road');
  await person.getByLabel('Address 1 postal code').fill('NW1 5LR');
  await person.getByLabel('Address 1 city').fill('London');
  await person.getByLabel('Address 1 country').fill('United Kingdom');
  await person.getByRole('button', { name: 'Save details' }).click();
  await person.getByText('Your details are saved.').waitFor();

  // 5. In the privacy centre the offer is shown; opting in grants it, withdrawing is one click too.
  await person.getByRole('link', { name: 'Privacy centre' }).click();
  const personalization = person.getByRole('group', { name: 'Personalization' });
  await personalization.getByText('Offered for sharing: 10 off your next bike').waitFor();
  const allow = personalization.getByRole('switch', { name: 'Allow personalization' });
  assert.equal(await allow.isChecked(), false, 'nothing is allowed by default');
  await allow.check();
  await person.getByText('Thank you: your reward was added below.').waitFor();
  const rewards = person.getByRole('region', { name: 'Your rewards' });
  await rewards.getByText(/10 off your next bike.*: available/).waitFor();
  await screenshot(person, 'privacy-centre-opted-in');
  assert.ok(
    await person.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the privacy centre fits a 360 px wide phone without sideways scrolling',
  );
  await allow.uncheck();
  await personalization.getByText(/^Withdrawn on/).waitFor();
  assert.equal(await allow.isChecked(), false, 'withdrawn with the same one click');
  await rewards.getByText(/10 off your next bike.*: revoked/).waitFor();

  // 6. "Download my data" gives everything she entered, as JSON.
  const [download] = await Promise.all([
    person.waitForEvent('download'),
    person.getByRole('button', { name: 'Download my data' }).click(),
  ]);
  const exported = await download.path();
  const text = (await import('node:fs')).readFileSync(exported, 'utf8');
  for (const value of [email, 'Ada Lovelace', '+44 20 7946 0018', '12 Marylebone Road']) {
    assert.ok(text.includes(value), `the export contains ${value}`);
  }
  assert.equal((JSON.parse(text) as { format?: string }).format, 'customerize-export/1');

  // 7. "Erase my data", confirmed, says what was kept and why, and ends the session.
  await person.getByRole('button', { name: 'Erase my data' }).click();
  await person.getByRole('dialog').getByRole('button', { name: 'Yes, erase my data' }).click();
  await person.getByRole('heading', { level: 1, name: 'Your data was erased' }).waitFor();
  await person
    .getByText(/history of your consent choices/)
    .first()
    .waitFor();
  await screenshot(person, 'erased');
  const after = await person.request.get(baseUrl + '/api/v1/account/profile');
  assert.equal(after.status(), 401, 'the session ended with the erasure');
  assert.deepEqual(problems, [], 'no errors in the pages');
});

test('a customer declines a proposal with a reason, and the firm sees why in its inbox', async () => {
  const customer = accounts.get('customer approver');
  const designer = accounts.get('staff sales');
  assert.ok(customer && designer, 'the demo approver and sales accounts were printed');
  const shopper = await (await newBrowser()).newPage();
  const staff = await (await newBrowser()).newPage();
  const problems: string[] = [];
  for (const page of [shopper, staff]) page.on('pageerror', (e) => problems.push(e.message));

  // Set up through the API: a design of the customer's, a conversation, a request, a proposal.
  const signIn = async (
    page: Page,
    kind: 'customer' | 'staff',
    who: { email: string; password: string },
  ) => {
    const r = await page.request.post(baseUrl + '/api/v1/auth/login', {
      data: { tenant: 'demo', email: who.email, password: who.password, kind },
    });
    assert.equal(r.status(), 200, await r.text());
    return ((await r.json()) as { csrfToken: string }).csrfToken;
  };
  const post = async (page: Page, csrf: string, path: string, data: unknown) => {
    const r = await page.request.post(baseUrl + path, {
      headers: { 'x-csrf-token': csrf, 'idempotency-key': `${path}-${Math.random()}` },
      data,
    });
    assert.ok(r.ok(), `${path}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as Record<string, unknown>;
  };
  const customerCsrf = await signIn(shopper, 'customer', customer);
  const staffCsrf = await signIn(staff, 'staff', designer);
  const products = (await (
    await shopper.request.get(baseUrl + '/api/v1/shop/demo/products')
  ).json()) as Array<{ slug: string }>;
  const detail = (await (
    await shopper.request.get(`${baseUrl}/api/v1/shop/demo/products/${products[0]!.slug}`)
  ).json()) as ProductDetail;
  const { base, feature, option } = await designAndChange(detail);
  const design = await post(shopper, customerCsrf, '/api/v1/shop/demo/designs', {
    versionId: detail.version.id,
    name: 'Design to decline',
    choices: base,
  });
  const started = (await post(shopper, customerCsrf, '/api/v1/conversations', {
    subject: { kind: 'design', id: design.id },
    topic: 'A different option?',
    body: 'What would it look like?',
  })) as { conversation: { id: string } };
  const revision = await post(
    shopper,
    customerCsrf,
    `/api/v1/conversations/${started.conversation.id}/revisions`,
    {
      request: 'Show me another option, please.',
    },
  );
  await post(staff, staffCsrf, `/api/v1/revisions/${String(revision.id)}/proposal`, {
    message: 'How about this?',
    choices: { ...base, [feature.id]: option.id },
  });

  // The customer declines in the browser, saying why.
  await shopper.goto(`${baseUrl}/account/messages/${started.conversation.id}`);
  await shopper.getByRole('table', { name: 'Your design and the firm’s proposal' }).waitFor();
  await shopper.getByRole('button', { name: 'Decline…' }).click();
  await shopper.getByLabel('Why are you declining?').fill('I prefer my original choice after all.');
  await shopper.getByRole('button', { name: 'Decline the proposal' }).click();
  await shopper.getByText('You declined it: I prefer my original choice after all.').waitFor();
  assert.equal(await shopper.getByRole('button', { name: 'Accept the revised design' }).count(), 0);
  await screenshot(
    shopper,
    'customer-declined',
    shopper.getByRole('region', { name: 'A different option?' }),
  );

  // The firm sees the reason; the design stayed as it was.
  await staff.goto(`${baseUrl}/console/inbox/${started.conversation.id}`);
  await staff.getByText('Declined because: I prefer my original choice after all.').waitFor();
  const after = (await (
    await shopper.request.get(`${baseUrl}/api/v1/shop/demo/designs/${String(design.id)}`)
  ).json()) as {
    currentVersion: number;
  };
  assert.equal(after.currentVersion, 1, 'a declined proposal does not change the design');
  assert.deepEqual(problems, [], 'no errors in the pages');
});

test('a customer who forgot the password sets a new one by the emailed link, which works only once', async () => {
  const owner = accounts.get('staff owner');
  const customer = accounts.get('customer approver');
  assert.ok(owner && customer, 'the demo owner and approver were printed');
  const firm = await (await newBrowser()).newPage();
  const person = await (await newBrowser()).newPage();

  await person.goto(baseUrl + '/account/signin');
  await person.getByRole('link', { name: 'Forgot your password?' }).click();
  await person.getByLabel('Email').fill(customer.email);
  await person.getByRole('button', { name: 'Send the link' }).click();
  await person.getByText(/we sent it a link to set a new password/).waitFor();

  await firm.goto(baseUrl + '/console');
  await firm.getByLabel('Firm').fill('demo');
  await firm.getByLabel('Email').fill(owner.email);
  await firm.getByLabel('Password').fill(owner.password);
  await firm.getByRole('button', { name: 'Sign in' }).click();
  await firm
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Privacy' })
    .click();
  const mail = firm.getByRole('listitem').filter({ hasText: customer.email }).first();
  await mail.locator('summary').click();
  assert.match(
    (await mail.textContent()) ?? '',
    /\/account\/reset-password\?token=\[hidden\]/,
    'the owner does not see a link that would let them set the customer’s password',
  );
  const received = await mailbox.waitFor(customer.email, /reset-password\?token=/);
  const link = /\/account\/reset-password\?token=[\w-]+/.exec(received.text)?.[0];
  assert.ok(link, 'the reset mail carries the link');

  const fresh = 'a-brand-new-password-42';
  await person.goto(baseUrl + link);
  await person.getByLabel('New password', { exact: true }).fill(fresh);
  await person.getByLabel('Repeat the new password').fill(fresh);
  await person.getByRole('button', { name: 'Set the new password' }).click();
  await person.getByText('Your password is changed and you were signed out everywhere.').waitFor();

  // The old password no longer works, the new one does.
  await person.getByRole('link', { name: 'Sign in' }).click();
  await person.getByLabel('Email').fill(customer.email);
  await person.getByLabel('Password').fill(customer.password);
  await person.getByRole('button', { name: 'Sign in' }).click();
  await person.getByRole('alert').waitFor();
  await person.getByLabel('Password').fill(fresh);
  await person.getByRole('button', { name: 'Sign in' }).click();
  await person.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();

  // The same link a second time is refused, with a way to ask for a new one.
  await person.goto(baseUrl + link);
  await person.getByLabel('New password', { exact: true }).fill('yet-another-password-7');
  await person.getByLabel('Repeat the new password').fill('yet-another-password-7');
  await person.getByRole('button', { name: 'Set the new password' }).click();
  await person.getByRole('alert').getByText('This link no longer works').waitFor();
  await person.getByRole('link', { name: 'Ask for a new link' }).waitFor();
});
