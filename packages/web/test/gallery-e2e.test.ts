// The co-creation gallery end to end (issue 14), in Chromium against the real server: customer A
// designs a city bike and publishes it to the gallery (under the co-creation consent, with a
// name they choose); customer B finds it in the gallery, remixes it (the studio opens at
// `/p/city-bike?remix=<id>` with its choices), saves the remix — credited to A's publication —
// and orders it; staff adopt A's design as a community pick with a reward on /console/gallery;
// A sees "Your design was adopted" and the reward in the account; the rule B ran into while
// remixing (an excluded option opened, its "why" read) is on the console's stuck page. Each step
// is a small helper so later tests can extend the story.
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
type Session = { cookie: string; csrf: string };

async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; session?: Session } = {},
): Promise<{ body: T; headers: Headers }> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.session ? { cookie: init.session.cookie, 'x-csrf-token': init.session.csrf } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return { body: (res.status === 204 ? null : await res.json()) as T, headers: res.headers };
}

/** Signs a customer up and follows the emailed verification link. */
async function signUp(person: Person): Promise<void> {
  await api('/account/signup', { body: { tenant: 'demo', ...person } });
  const mail = await mailbox.waitFor(person.email, /account\/verify\?token=/);
  const token = /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  await api('/account/verify', { body: { token } });
}

async function apiSession(person: Person): Promise<Session> {
  const { body, headers } = await api<{ csrfToken: string }>('/auth/login', {
    body: { tenant: 'demo', email: person.email, password: person.password },
  });
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cz_session='))!;
  return { cookie, csrf: body.csrfToken };
}

/** Gives the customer's co-creation consent (the notice version they were shown). */
async function giveCoCreationConsent(person: Person): Promise<void> {
  const session = await apiSession(person);
  const { body } = await api<{ purposes: { purpose: string; notice: { version: number } }[] }>(
    '/privacy/consents',
    { session },
  );
  await api('/privacy/consents', {
    session,
    body: {
      purpose: 'co-creation',
      given: true,
      screen: 'privacy-centre',
      noticeVersion: body.purposes.find((p) => p.purpose === 'co-creation')!.notice.version,
    },
  });
}

/** A browser of the customer's own, signed in through the sign-in page. */
async function customerPage(person: Person): Promise<Page> {
  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${suite.baseUrl}/account/signin`);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/signin'));
  return page;
}

/** Completes the city bike in the studio with the rider's own height (and the matching frame). */
async function enterHeight(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Your height', exact: true }).selectOption('175');
  await page.getByRole('combobox', { name: 'Frame size', exact: true }).selectOption('52');
  await page.getByText('Every choice is made.').waitFor();
}

/** Saves the design open in the studio; lands on its page (`/designs/:id`). */
async function saveDesign(page: Page, name: string): Promise<string> {
  await page.getByRole('button', { name: 'Save design', exact: true }).click();
  const form = page.getByRole('form', { name: 'Save design' });
  await form.getByLabel('Design name').fill(name);
  await form.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/designs/'));
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/** A designs a city bike from a preset and publishes it from the design's page. */
async function publishDesign(page: Page, title: string, shownAs: string): Promise<string> {
  await page.goto(`${suite.baseUrl}/p/city-bike`);
  await page.getByRole('button', { name: 'Start from Daily commuter' }).click();
  await enterHeight(page);
  await saveDesign(page, 'My commuter');
  const form = page.getByRole('form', { name: 'Publish to gallery' });
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Story').fill('The bike I ride to work every day, rain or shine.');
  await form.getByLabel('Shown as').fill(shownAs);
  await form.getByRole('button', { name: 'Publish' }).click();
  const published = page.getByTestId('publish-to-gallery').getByRole('link', {
    name: 'See it in the gallery',
  });
  await published.waitFor();
  return (await published.getAttribute('href'))!.split('/').at(-1)!;
}

/**
 * In the studio, opens the first option the current choices exclude and reads why, without
 * choosing it; returns the rules the studio reported (studio events, sent in a batch).
 */
async function tripARule(page: Page): Promise<string[]> {
  const batches: { events: { type: string; rules?: string[] }[] }[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/studio-events') && r.method() === 'POST')
      batches.push(r.postDataJSON() as (typeof batches)[number]);
  });
  const blocked = page.locator('.option--blocked').first();
  const group = page.getByRole('group').filter({ has: blocked });
  await blocked.click();
  const why = group.getByRole('alert');
  await why.waitFor();
  const sent = page.waitForResponse(
    (r) => r.url().endsWith('/studio-events') && r.request().method() === 'POST',
  );
  await why.getByText('Why?', { exact: true }).click();
  assert.equal((await sent).status(), 202);
  const rules = batches.flatMap((b) => b.events).find((e) => e.type === 'why_read')?.rules ?? [];
  assert.ok(rules.length > 0, 'the studio named the rule it read');
  return rules;
}

/**
 * B opens the publication from the gallery, remixes it (running into a rule on the way), saves
 * the remix: its design id and the rules B ran into.
 */
async function remixFromGallery(
  page: Page,
  title: string,
): Promise<{ designId: string; rules: string[] }> {
  await page.goto(`${suite.baseUrl}/gallery`);
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Remix this design' }).click();
  await page.waitForURL((url) => url.pathname === '/p/city-bike' && url.searchParams.has('remix'));
  await page.getByText(new RegExp(`Remixing “${title}”`)).waitFor();
  const rules = await tripARule(page);
  await enterHeight(page);
  return { designId: await saveDesign(page, 'My remix'), rules };
}

/** The console's stuck page lists `rule` for the city bike. */
async function stuckPageLists(page: Page, rule: string): Promise<void> {
  await page.goto(`${suite.baseUrl}/console/stuck`);
  await page.getByRole('heading', { level: 1, name: 'Where customers get stuck' }).waitFor();
  const table = page.getByRole('table', { name: /Rules customers ran into/ });
  await table.getByRole('row').filter({ hasText: rule }).waitFor();
}

/** Orders the design open on its page. */
async function orderOpenDesign(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Order', exact: true }).click();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByTestId('order-status').waitFor();
}

/** Staff adopt the publication as a community pick with a reward (in the firm's currency). */
async function adoptAsCommunityPick(page: Page, title: string, reward: string): Promise<void> {
  const owner = suite.server.accounts.get('staff owner')!;
  const login = await page.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: owner.email, password: owner.password, kind: 'staff' },
  });
  assert.equal(login.status(), 200, await login.text());
  await page.goto(`${suite.baseUrl}/console/gallery`);
  await page.getByRole('heading', { name: 'Gallery', level: 1 }).waitFor();
  const adopt = page.getByRole('form', { name: `Adopt ${title}` });
  await adopt.getByLabel(/Reward/).fill(reward);
  await adopt.getByRole('button', { name: 'Adopt as community pick' }).click();
  await page.getByRole('button', { name: `No longer a community pick: ${title}` }).waitFor();
}

test('A publishes, B remixes and orders the remix, staff adopt it as a community pick with a reward, A sees the reward, and the stuck page lists the rule B ran into', async () => {
  const a: Person = {
    email: 'ada.gallery@example.org',
    name: 'Ada Gallery',
    password: 'publish my bike 1',
  };
  const b: Person = {
    email: 'bo.remix@example.org',
    name: 'Bo Remix',
    password: 'remix that bike 2',
  };
  await signUp(a);
  await signUp(b);
  await giveCoCreationConsent(a);
  const title = 'Rain or shine commuter';

  const pageA = await customerPage(a);
  const publicationId = await publishDesign(pageA, title, 'Ada R.');

  const pageB = await customerPage(b);
  const { designId: remixId, rules } = await remixFromGallery(pageB, title);
  await orderOpenDesign(pageB);

  // The gallery credits the remix and never shows A's name or email.
  const { body: detail } = await api<{ publication: { remixes: number; displayName: string } }>(
    `/shop/demo/gallery-publications/${publicationId}`,
  );
  assert.equal(detail.publication.remixes, 1, `the saved remix ${remixId} is counted`);
  assert.equal(detail.publication.displayName, 'Ada R.');
  await pageB.goto(`${suite.baseUrl}/gallery/${publicationId}`);
  await pageB
    .getByTestId('gallery-counts')
    .getByText(/1 remix\b/)
    .waitFor();
  const shown = (await pageB.locator('main').textContent()) ?? '';
  assert.ok(!shown.includes(a.name) && !shown.includes(a.email), 'A stays private');

  const staff = await suite.newPage();
  await adoptAsCommunityPick(staff, title, '15');

  await pageA.goto(`${suite.baseUrl}/account`);
  await pageA
    .getByTestId('my-publications')
    .getByText(/Your design was adopted as a community pick\. Your reward: .*15/)
    .waitFor();
  await pageA.goto(`${suite.baseUrl}/account/privacy`);
  await pageA
    .getByText(/adopted as a community pick/)
    .first()
    .waitFor();

  // The studio offers it beside the presets.
  await pageB.goto(`${suite.baseUrl}/p/city-bike`);
  await pageB.getByText('Community pick by Ada R.').waitFor();

  // What B ran into while remixing is on the list R&D reads.
  await stuckPageLists(staff, rules[0]!);
});
