// What the studio promises a guest ("We send you the link to this design", "We send the
// confirmation and every status change here") arrives in the outbox: a private link per saved
// design and an order confirmation saying what was ordered, for how much and by when, in plain
// text and escaped HTML; staff reading the outbox never see the links' secrets.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq } from 'drizzle-orm';
import { createSession } from '@customerize/engine';
import { outbox } from '../src/notify/notify.schema.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { completePreset, quote, shopProduct } from './helpers/shop.ts';

const GUEST = 'rosa.guest@example.com';
const HOSTILE_NAME = '<script>alert("name")</script> & Rosa\'s card';
const HOSTILE_MESSAGE = '<img src=x onerror=alert(1)> Happy birthday & more';

let t: TestApp;
let held: TestApp;
let firm: Firm;

before(async () => {
  t = await createTestApp();
  held = await createTestApp({ config: { guestOrderHoldMs: 30 * 60_000 } });
});
beforeEach(async () => {
  await t.reset();
  await held.reset();
  firm = await t.seedFirm('alpha');
  await held.seedFirm('alpha');
});
after(async () => {
  await t.close();
  await held.close();
});

type Mail = typeof outbox.$inferSelect;
type Card = Awaited<ReturnType<typeof shopProduct>> & {
  model: { features: { id: string; label?: string; options?: { id: string; label?: string }[] }[] };
};

async function mailsTo(app: TestApp, email: string): Promise<Mail[]> {
  return app.db
    .select()
    .from(outbox)
    .where(eq(outbox.toEmail, email))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));
}

/** The message as the recipient gets it (the outbox keeps secrets out of what staff see). */
const delivered = (m: Mail) => m.deliveryText ?? m.text;
const deliveredHtml = (m: Mail) => m.deliveryHtml ?? m.html;

function privateLink(text: string, kind: 'designs' | 'orders') {
  const match = new RegExp(`/${kind}/([0-9a-f-]{36})\\?token=([A-Za-z0-9_-]+)`).exec(text);
  assert.ok(match, `a private ${kind} link in: ${text}`);
  return { id: match[1]!, token: match[2]! };
}

async function saveDesign(app: TestApp, card: Card, name: string, email?: string, headers = {}) {
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    headers,
    payload: {
      versionId: card.version.id,
      name,
      choices: completePreset(card),
      personalization: { message: HOSTILE_MESSAGE },
      ...(email ? { email } : {}),
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ id: string; token: string }>();
}

async function order(
  app: TestApp,
  card: Card,
  design: { id: string; token: string } | null,
  email?: string,
  headers = {},
) {
  const choices = completePreset(card);
  const personalization = { message: HOSTILE_MESSAGE };
  const q = await quote(app, 'alpha', { versionId: card.version.id, choices, personalization });
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders',
    headers,
    payload: {
      versionId: card.version.id,
      choices,
      personalization,
      ...(design ? { designId: design.id, token: design.token } : {}),
      ...(email ? { email } : {}),
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { placed: res.json<{ id: string; number: number; status: string }>(), quote: q };
}

const euros = (minor: number) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(minor / 100);
const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
const paperLabel = (card: Card, choices: Record<string, unknown>) =>
  card.model.features.find((f) => f.id === 'paper')!.options!.find((o) => o.id === choices.paper)!
    .label!;

function assertSaysWhatWasOrdered(
  mail: Mail,
  card: Card,
  placed: { number: number },
  q: { total: number; promisedDate: string },
) {
  const text = delivered(mail);
  assert.match(text, new RegExp(`order ${placed.number}`));
  assert.ok(text.includes(card.product.name), 'names the product');
  assert.ok(
    text.includes(`Paper: ${paperLabel(card, completePreset(card))}`),
    `shows the chosen paper by its label: ${text}`,
  );
  assert.ok(text.includes(`Your message: ${HOSTILE_MESSAGE}`), 'shows the personal text');
  assert.ok(text.includes(euros(q.total)), `the price in euros (${euros(q.total)}): ${text}`);
  assert.ok(text.includes(longDate(q.promisedDate)), `the promised date: ${text}`);
}

test('a guest who saves two designs and orders one gets each design’s link and an order confirmation that open them', async () => {
  const card = (await shopProduct(t, 'alpha', 'greeting-card')) as Card;
  const first = await saveDesign(t, card, HOSTILE_NAME, GUEST);
  const second = await saveDesign(t, card, 'For grandma', GUEST);
  const { placed, quote: q } = await order(t, card, first, GUEST);

  const mails = await mailsTo(t, GUEST);
  const designMails = mails.filter((m) => m.event === 'design.saved');
  assert.equal(designMails.length, 2, 'one email per saved design');
  const confirmations = mails.filter((m) => m.event === 'order.placed');
  assert.equal(confirmations.length, 1, 'one order confirmation');

  for (const [mail, design, name] of [
    [designMails[0]!, first, HOSTILE_NAME],
    [designMails[1]!, second, 'For grandma'],
  ] as const) {
    const link = privateLink(delivered(mail), 'designs');
    assert.equal(link.id, design.id);
    const opened = await t.app.inject({
      method: 'GET',
      url: `/api/v1/shop/alpha/designs/${link.id}?token=${link.token}`,
    });
    assert.equal(opened.statusCode, 200, 'the emailed link opens the design');
    assert.equal(opened.json<{ name: string }>().name, name);
  }

  const confirmation = confirmations[0]!;
  assertSaysWhatWasOrdered(confirmation, card, placed, q);
  const link = privateLink(delivered(confirmation), 'orders');
  const opened = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${link.id}?token=${link.token}`,
  });
  assert.equal(opened.statusCode, 200, 'the emailed link opens the order');
  assert.equal(opened.json<{ number: number }>().number, placed.number);
});

test('every email has an HTML part in which the design name and the personal text are escaped', async () => {
  const card = (await shopProduct(t, 'alpha', 'greeting-card')) as Card;
  const design = await saveDesign(t, card, HOSTILE_NAME, GUEST);
  await order(t, card, design, GUEST);

  const mails = await mailsTo(t, GUEST);
  assert.equal(mails.length, 2);
  for (const mail of mails) {
    const html = deliveredHtml(mail);
    assert.ok(html, `${mail.event} has an HTML part`);
    assert.doesNotMatch(html, /<script|<img/i, 'no markup from the customer');
    assert.ok(html.includes('<a href="http'), 'the link is a link');
  }
  const [designHtml, orderHtml] = mails.map((m) => deliveredHtml(m)!);
  assert.ok(
    designHtml!.includes(
      '&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; Rosa&#39;s card',
    ),
  );
  assert.ok(orderHtml!.includes('&lt;img src=x onerror=alert(1)&gt; Happy birthday &amp; more'));
  assert.ok(privateLink(designHtml!, 'designs').token, 'the HTML link carries the token too');
});

test('staff reading the outbox see the design and order emails with their private links hidden', async () => {
  const card = (await shopProduct(t, 'alpha', 'greeting-card')) as Card;
  const design = await saveDesign(t, card, 'For grandma', GUEST);
  await order(t, card, design, GUEST);
  const secrets = (await mailsTo(t, GUEST)).map((m) => {
    const kind = m.event === 'design.saved' ? 'designs' : 'orders';
    return privateLink(delivered(m), kind).token;
  });
  assert.equal(secrets.length, 2);

  for (const role of ['owner', 'sales']) {
    const staff = await t.signIn(firm, role);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/outbox',
      headers: staff.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const shown = res
      .json<{ to: string; event: string; text: string; html: string | null }[]>()
      .filter((m) => m.to === GUEST);
    assert.equal(shown.length, 2);
    for (const m of shown) {
      const all = `${m.text}\n${m.html ?? ''}`;
      assert.ok(m.text.includes('token=[hidden]'), `the text link is hidden: ${m.text}`);
      assert.ok(m.html?.includes('token=[hidden]'), 'the HTML link is hidden');
      for (const secret of secrets) assert.ok(!all.includes(secret), `${role} never sees a token`);
    }
  }
});

test('a signed-in customer’s order is confirmed by email too; saving a design sends no link', async () => {
  const card = (await shopProduct(t, 'alpha', 'greeting-card')) as Card;
  const person = { email: 'mara@example.org', name: 'Mara Lind', password: 'a long secret 123' };
  const signedIn = await signUpCustomer(t, firm, person);
  const design = await saveDesign(t, card, 'Mine', undefined, signedIn.headers);
  const { placed, quote: q } = await order(t, card, design, undefined, signedIn.headers);

  const mails = await mailsTo(t, person.email);
  assert.ok(!mails.some((m) => m.event === 'design.saved'), 'the design is in the account');
  const confirmation = mails.find((m) => m.event === 'order.placed');
  assert.ok(confirmation, 'an order confirmation');
  assertSaysWhatWasOrdered(confirmation, card, placed, q);
  assert.ok(deliveredHtml(confirmation));
});

test('a guest’s held order gets one email: the full confirmation with the confirm link and the private link', async () => {
  const card = (await shopProduct(held, 'alpha', 'greeting-card')) as Card;
  const { placed, quote: q } = await order(held, card, null, GUEST);
  assert.equal(placed.status, 'pending_confirmation');

  const mails = await mailsTo(held, GUEST);
  assert.deepEqual(
    mails.map((m) => m.event),
    ['order.confirm'],
  );
  const mail = mails[0]!;
  assertSaysWhatWasOrdered(mail, card, placed, q);
  const confirmLink = /\/orders\/([0-9a-f-]{36})\?confirm=([A-Za-z0-9_-]+)/.exec(delivered(mail));
  assert.ok(confirmLink, 'the confirm link');
  assert.ok(mail.text.includes('confirm=[hidden]'), 'staff never see the confirm secret');
  assert.ok(mail.html?.includes('confirm=[hidden]'));
  const confirmed = await held.app.inject({
    method: 'POST',
    url: `/api/v1/shop/alpha/orders/${confirmLink[1]}/confirm`,
    payload: { token: confirmLink[2] },
  });
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  const link = privateLink(delivered(mail), 'orders');
  const opened = await held.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${link.id}?token=${link.token}`,
  });
  assert.equal(opened.statusCode, 200, 'the private link opens the order');
  assert.equal(opened.json<{ status: string }>().status, 'placed');
});

test('a glasses order confirmation says the prescription in dioptres, as written on the paper', async () => {
  const glasses = await shopProduct(t, 'alpha', 'eyeglasses');
  const session = createSession(glasses.engine);
  for (const [f, v] of Object.entries({
    sphere_right: -2,
    sphere_left: 5,
    cylinder_right: -3,
    cylinder_left: 0,
    // The reading addition is the customer's own input too: no addition on this paper.
    addition: 0,
  }))
    assert.ok(session.select(f, v).ok, f);
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices);
  const personalization = { axis_right: '90', pupillary_distance: '63' };
  const q = await quote(t, 'alpha', { versionId: glasses.version.id, choices, personalization });
  assert.ok(q.valid, JSON.stringify(q.violations));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders',
    payload: {
      versionId: glasses.version.id,
      choices,
      personalization,
      email: GUEST,
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const [mail] = (await mailsTo(t, GUEST)).filter((m) => m.event === 'order.placed');
  const text = delivered(mail!);
  for (const line of [
    'Sphere, right eye (SPH): −0.50 D',
    'Sphere, left eye (SPH): +1.25 D',
    'Cylinder, right eye (CYL): −0.75 D',
    'Cylinder, left eye (CYL): 0.00 D',
    'Reading addition (ADD): 0.00 D',
    'Axis, right eye: 90',
  ])
    assert.ok(text.includes(line), `${line} in: ${text}`);
  assert.ok(!text.includes('¼'), 'no quarter dioptres');
});
