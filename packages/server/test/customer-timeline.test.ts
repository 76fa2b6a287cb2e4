// A customer's timeline in the console: every kind of event the customer caused, oldest first,
// for owner and sales staff only, every read audited, and no secret in it.
import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { bids } from '../src/bids/bids.schema.ts';
import { orders } from '../src/orders/orders.schema.ts';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { designs } from '../src/studio/studio.schema.ts';
import { customers } from '../src/users/users.schema.ts';
import { createTestApp, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { buildableDesign, placeTestOrder } from './helpers/designs.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

const t: TestApp = await createTestApp();
after(() => t.close());
beforeEach(() => t.reset());

const HOUR = 3_600_000;

async function call(who: SignedIn, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

async function consent(noah: SignedIn, given: boolean) {
  const state = await call(noah, 'GET', '/api/v1/privacy/consents');
  const version = state
    .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
    .purposes.find((p) => p.purpose === 'personalization')!.notice.version;
  const res = await call(noah, 'POST', '/api/v1/privacy/consents', {
    purpose: 'personalization',
    given,
    screen: 'privacy-centre',
    noticeVersion: version,
  });
  assert.equal(res.statusCode, 200, res.body);
}

test('the timeline shows each kind of event in time order, to owner and sales only, audited, without secrets', async () => {
  const alpha = await t.seedFirm('alpha');
  const noah = await signUpCustomer(t, alpha, {
    email: 'noah@example.org',
    name: 'Noah Berg',
    password: 'cedar and brass 19',
  });
  const later = () => t.clock.advance(HOUR);

  later();
  await consent(noah, true);
  later();
  const card = await shopProduct(t, 'alpha', 'greeting-card');
  const created = await call(noah, 'POST', '/api/v1/shop/alpha/designs', {
    versionId: card.version.id,
    name: 'Birthday card',
    choices: completePreset(card),
  });
  assert.equal(created.statusCode, 201, created.body);
  const designId = created.json<{ id: string }>().id;
  later();
  const saved = await call(noah, 'POST', `/api/v1/shop/alpha/designs/${designId}/versions`, {
    choices: completePreset(card),
    note: 'Second try',
  });
  assert.equal(saved.statusCode, 201, saved.body);
  later();
  const talk = await call(noah, 'POST', '/api/v1/conversations', {
    subject: { kind: 'customer' },
    topic: 'Delivery times',
    body: 'How long does it take?',
  });
  assert.equal(talk.statusCode, 201, talk.body);
  later();
  const design = await buildableDesign(t, alpha);
  const order = await placeTestOrder(t, alpha, design, {
    customerId: noah.userId,
    email: 'noah@example.org',
  });
  const ops = await t.signIn(alpha, 'operations');
  for (const to of ['confirmed', 'in_production', 'shipped', 'delivered']) {
    later();
    const res = await call(ops, 'POST', `/api/v1/orders/${order.id}/transitions`, { to });
    assert.equal(res.statusCode, 200, res.body);
  }
  later();
  const rated = await call(noah, 'POST', '/api/v1/feedback', {
    orderId: order.id,
    rating: 4,
    public: false,
  });
  assert.equal(rated.statusCode, 201, rated.body);
  later();
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const bid = await call(noah, 'POST', '/api/v1/shop/alpha/bids', {
    versionId: bike.version.id,
    mustHave: { rider_height: 170, frame_material: 'steel' },
    price: { amount: 400_000, currency: 'EUR' },
    latestDate: '2026-03-01',
  });
  assert.ok(bid.statusCode === 200 || bid.statusCode === 201, bid.body);
  later();
  await consent(noah, false);

  const owner = await t.signIn(alpha, 'owner');
  const res = await call(owner, 'GET', `/api/v1/customers/${noah.userId}/timeline`);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json<{
    customer: { name: string };
    value: unknown;
    events: { at: string; kind: string; summary: string }[];
  }>();
  assert.equal(body.customer.name, 'Noah Berg');
  assert.equal(body.value, null, 'no figures without personalization consent');
  assert.deepEqual(
    body.events.map((e) => e.kind),
    [
      'consent',
      'design',
      'design-version',
      'design-version',
      'conversation',
      'order',
      'order-status',
      'order-status',
      'order-status',
      'order-status',
      'feedback',
      'bid',
      'consent',
    ],
    JSON.stringify(body.events, null, 1),
  );
  const times = body.events.map((e) => Date.parse(e.at));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
    'oldest first',
  );
  assert.match(body.events.at(-1)!.summary, /personalization withdrawn/);
  assert.match(body.events[9]!.summary, /shipped → delivered/);

  const secrets = [
    ...(await t.db
      .select({ s: customers.passwordHash })
      .from(customers)
      .where(eq(customers.id, noah.userId))),
    ...(await t.db.select({ s: designs.tokenHash }).from(designs).where(eq(designs.id, designId))),
    ...(await t.db.select({ s: orders.tokenHash }).from(orders).where(eq(orders.id, order.id))),
    ...(await t.db
      .select({ s: bids.tokenHash })
      .from(bids)
      .where(eq(bids.customerId, noah.userId))),
  ].map((r) => r.s!);
  assert.ok(secrets.length >= 4);
  for (const secret of secrets) assert.ok(!res.body.includes(secret), 'no hash in the timeline');
  assert.doesNotMatch(res.body, /hash|token|floor|cedar and brass/i);

  const audited = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.customerId, noah.userId), eq(auditLog.resource, 'timeline')));
  assert.equal(audited.length, 1, 'the read is in the audit log');
  assert.equal(audited[0]!.actorStaffId, owner.userId);

  const sales = await t.signIn(alpha, 'sales');
  assert.equal(
    (await call(sales, 'GET', `/api/v1/customers/${noah.userId}/timeline`)).statusCode,
    200,
  );
  for (const role of ['designer', 'operations']) {
    const who = await t.signIn(alpha, role);
    const refused = await call(who, 'GET', `/api/v1/customers/${noah.userId}/timeline`);
    assert.equal(refused.statusCode, 403, `${role}: ${refused.body}`);
  }
  assert.equal(
    (await call(noah, 'GET', `/api/v1/customers/${noah.userId}/timeline`)).statusCode,
    403,
    'not the customer either (they have their privacy export)',
  );
});
