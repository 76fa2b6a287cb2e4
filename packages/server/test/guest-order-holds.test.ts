// A guest's order only holds capacity until the guest confirms it by the emailed link; the
// background worker releases holds that expire unconfirmed. So fifty orders from addresses
// nobody reads cannot push a product's delivery date out for good.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { and, eq } from 'drizzle-orm';
import { capacityBookings } from '../src/capacity/capacity.schema.ts';
import { outbox as mailOutbox } from '../src/notify/notify.schema.ts';
import { releaseExpiredHolds } from '../src/orders/holds.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { completePreset, quote, shopProduct } from './helpers/shop.ts';

const HOLD_MS = 30 * 60_000;
let t: TestApp;
let firm: Firm;

before(async () => {
  t = await createTestApp({ config: { guestOrderHoldMs: HOLD_MS } });
});
beforeEach(async () => {
  await t.reset();
  firm = await t.seedFirm('alpha');
});
after(() => t.close());

const deps = () => ({
  db: t.db,
  clock: t.clock,
  ids: t.ids,
  logger: pino({ level: 'silent' }),
  config: { publicUrl: 'https://shop.example.test' } as never,
});

type Order = { id: string; status: string; promisedDate: string; timeline: { status: string }[] };

async function orderAsGuest(email: string) {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const q = await quote(t, 'alpha', { versionId: bike.version.id, choices });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders',
    payload: {
      versionId: bike.version.id,
      choices,
      email,
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { order: res.json<Order>(), quote: q, bike, choices };
}

async function confirmLink(email: string): Promise<{ orderId: string; token: string }> {
  const mails = await t.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.tenantId, firm.tenant.id), eq(mailOutbox.toEmail, email)));
  const mail = mails.find((m) => m.event === 'order.confirm');
  assert.ok(mail, `a confirmation email went to ${email}`);
  // The link as delivered (staff see its secret hidden).
  const text = mail.deliveryText ?? mail.text;
  const match = /\/orders\/([0-9a-f-]+)\?confirm=([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(match, text);
  return { orderId: match[1]!, token: match[2]! };
}

async function bookingsOf(orderId: string) {
  return t.db.select().from(capacityBookings).where(eq(capacityBookings.orderId, orderId));
}

function confirm(orderId: string, token: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/alpha/orders/${orderId}/confirm`,
    payload: { token },
  });
}

test('a guest order waits for confirmation, holding its capacity, and the emailed link places it', async () => {
  const { order } = await orderAsGuest('guest@example.com');
  assert.equal(order.status, 'pending_confirmation');
  assert.ok((await bookingsOf(order.id)).length > 0, 'capacity is held meanwhile');

  const link = await confirmLink('guest@example.com');
  assert.equal(link.orderId, order.id);
  assert.equal((await confirm(order.id, 'not-the-token')).statusCode, 404, 'a wrong token');
  const confirmed = await confirm(order.id, link.token);
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  assert.equal(confirmed.json<Order>().status, 'placed');
  assert.deepEqual(
    confirmed.json<Order>().timeline.map((e) => e.status),
    ['pending_confirmation', 'placed'],
  );

  t.clock.advance(HOLD_MS * 2);
  assert.equal(await releaseExpiredHolds(deps()), 0, 'a confirmed order is not released');
  assert.ok((await bookingsOf(order.id)).length > 0, 'and keeps its capacity');
  const again = await confirm(order.id, link.token);
  assert.equal(again.statusCode, 200, 'following the link again shows the order');
});

test('an unconfirmed guest order is released when its hold expires: cancelled, capacity freed, the link says so', async () => {
  const first = await orderAsGuest('nobody@example.com');
  const before = await quote(t, 'alpha', {
    versionId: first.bike.version.id,
    choices: first.choices,
  });
  t.clock.advance(HOLD_MS - 1000);
  assert.equal(await releaseExpiredHolds(deps()), 0, 'not before the hold expires');
  t.clock.advance(2000);
  assert.equal(await releaseExpiredHolds(deps()), 1);
  assert.equal((await bookingsOf(first.order.id)).length, 0, 'its capacity is free again');

  const link = await confirmLink('nobody@example.com');
  const late = await confirm(first.order.id, link.token);
  assert.equal(late.statusCode, 410, late.body);
  assert.match(String(late.headers['content-type']), /^application\/problem\+json/);

  const after = await quote(t, 'alpha', {
    versionId: first.bike.version.id,
    choices: first.choices,
  });
  assert.ok(after.promisedDate <= before.promisedDate, 'the delivery date did not move out');
});

test('many unconfirmed guest orders push the delivery date out only until their holds expire', async () => {
  const { bike, choices, quote: initial } = await orderAsGuest('spam0@example.com');
  for (let i = 1; i < 15; i++) await orderAsGuest(`spam${i}@example.com`);
  const during = await quote(t, 'alpha', { versionId: bike.version.id, choices });
  assert.ok(during.promisedDate > initial.promisedDate, 'the holds book capacity meanwhile');
  t.clock.advance(HOLD_MS + 1000);
  assert.equal(await releaseExpiredHolds(deps()), 15);
  const after = await quote(t, 'alpha', { versionId: bike.version.id, choices });
  assert.equal(after.promisedDate, initial.promisedDate, 'back to the date before the flood');
});
