// Capacity changes through the API (capacity/capacity-changes.ts): staff close the paint shop
// for two days; the preview moves the orders booked there, latest promise last; applying it
// re-books them, moves their promised dates and tells each affected customer once (a message
// in the order's conversation and an email); what-if plans (a second shift, a partner taking
// orders) side by side, and the partner plan applied routes the orders it moves there; the
// studio's next date honours the closed days.
// Refused, with nothing written: changes from today back, a last day before the first, a plan
// applied over bookings that changed since its preview, a change applied twice, a change
// overlapping an applied one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { addDays } from '../src/capacity/capacity.ts';
import { conversations, messages } from '../src/dialogue/dialogue.schema.ts';
import { outbox } from '../src/notify/notify.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { placeTestOrder } from './helpers/designs.ts';
import { completePreset, quote, shopProduct } from './helpers/shop.ts';

type Plan = {
  changeId: string;
  start: string;
  fingerprint: string;
  late: number;
  averageDelayDays: number;
  overtimeHours: number;
  orders: {
    orderId: string;
    number: number;
    previousDate: string;
    promisedDate: string;
    earliestDate: string;
    delayDays: number;
    movedTo: string | null;
  }[];
};

let t: TestApp;
let firm: Firm;
let operations: SignedIn;
let paint: { id: string; code: string };
let bike: Awaited<ReturnType<typeof shopProduct>>;
let design: { versionId: string; choices: Record<string, unknown> };
const placed: { id: string; promisedDate: string; customerId: string | null }[] = [];

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({
    method,
    url,
    headers: operations.headers,
    ...(payload ? { payload } : {}),
  });
}

async function paintDays(): Promise<Map<string, number>> {
  const rows = await t.db.execute(sql`
    select day::text as day, sum(minutes)::int as minutes from capacity_bookings
    where tenant_id = ${firm.tenant.id} and work_center_id = ${paint.id} group by day`);
  return new Map(
    (rows as unknown as { rows: { day: string; minutes: number }[] }).rows.map((r) => [
      r.day,
      Number(r.minutes),
    ]),
  );
}

/** Minutes booked per order and center (all days): what a re-plan moves but never loses. */
async function bookedWork(): Promise<Record<string, number>> {
  const rows = await t.db.execute(sql`
    select order_id::text || '|' || work_center_id::text as k, sum(minutes)::int as minutes
    from capacity_bookings where tenant_id = ${firm.tenant.id} group by 1 order by 1`);
  return Object.fromEntries(
    (rows as unknown as { rows: { k: string; minutes: number }[] }).rows.map((r) => [
      r.k,
      Number(r.minutes),
    ]),
  );
}

async function order(customerId: string | null, email: string) {
  const o = await placeTestOrder(t, firm, design as never, { customerId, email });
  placed.push({ id: o.id, promisedDate: o.promisedDate, customerId });
  return o;
}

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  operations = await t.signIn(firm, 'operations');
  const centers = (await call('GET', '/api/v1/work-centers')).json<
    { id: string; code: string }[]
  >();
  paint = centers.find((c) => c.code === 'paint')!;
  // One bike's painting (1.5 h) fills a day: each order paints on its own day.
  const patch = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/work-centers/${paint.id}`,
    headers: operations.headers,
    payload: { hoursPerDay: 1.5 },
  });
  assert.equal(patch.statusCode, 200, patch.body);
  bike = await shopProduct(t, 'alpha', 'city-bike');
  design = { versionId: bike.version.id, choices: completePreset(bike) };
  const ann = await signUpCustomer(t, firm, {
    email: 'ann@example.com',
    name: 'Ann',
    password: 'correct horse battery',
  });
  const ben = await signUpCustomer(t, firm, {
    email: 'ben@example.com',
    name: 'Ben',
    password: 'correct horse battery',
  });
  await order(ann.userId, 'ann@example.com');
  await order(ben.userId, 'ben@example.com');
  await order(null, 'guest@example.com');
});
after(() => t.close());

describe('a capacity change', () => {
  let firstPaintDay: string;
  /** The first two working days with painting booked: the days the change closes. */
  let lastClosedDay: string;
  let change: { id: string };
  let plan: Plan;

  test('days from today back and a last day before the first are refused, naming the field', async () => {
    const today = '2026-01-15';
    const past = await call('POST', '/api/v1/capacity-changes', {
      workCenterId: paint.id,
      firstDay: today,
      lastDay: today,
      hoursPerDay: 0,
      reason: 'Too late',
    });
    assert.equal(past.statusCode, 400, past.body);
    assert.match(past.body, /"field":"firstDay"/);
    const backwards = await call('POST', '/api/v1/capacity-changes', {
      workCenterId: paint.id,
      firstDay: '2026-02-10',
      lastDay: '2026-02-09',
      hoursPerDay: 0,
      reason: 'Backwards',
    });
    assert.equal(backwards.statusCode, 400, backwards.body);
    assert.match(backwards.body, /"field":"lastDay"/);
    const unknown = await call('POST', '/api/v1/capacity-changes', {
      workCenterId: '00000000-0000-4000-8000-000000000000',
      firstDay: '2026-02-10',
      lastDay: '2026-02-10',
      hoursPerDay: 0,
      reason: 'Nowhere',
    });
    assert.equal(unknown.statusCode, 404, unknown.body);
  });

  test('the preview moves every order painted on the closed days later, the earliest promise first', async () => {
    const before = await paintDays();
    [firstPaintDay, lastClosedDay] = [...before.keys()].sort() as [string, string];
    const created = await call('POST', '/api/v1/capacity-changes', {
      workCenterId: paint.id,
      firstDay: firstPaintDay,
      lastDay: lastClosedDay,
      hoursPerDay: 0,
      reason: 'The paint booth’s filter is replaced',
      apology: 'We are truly sorry for the wait.',
    });
    assert.equal(created.statusCode, 201, created.body);
    change = created.json<{ id: string }>();
    const preview = await call('GET', `/api/v1/capacity-changes/${change.id}/plan`);
    assert.equal(preview.statusCode, 200, preview.body);
    plan = preview.json<Plan>();
    // Our three orders and the demo firm's own order paint there.
    for (const p of placed)
      assert.ok(
        plan.orders.some((o) => o.orderId === p.id),
        'every order painting from the closed days on is re-planned',
      );
    assert.equal(plan.late, plan.orders.filter((o) => o.delayDays > 0).length);
    for (const o of plan.orders) {
      const was = placed.find((p) => p.id === o.orderId);
      if (was) assert.equal(o.previousDate, was.promisedDate);
      assert.ok(o.promisedDate >= o.previousDate, 'never promised earlier');
      assert.ok(o.earliestDate <= o.promisedDate);
    }
    assert.ok(plan.late >= 2, 'painting two days later delays orders');
    // Placed in promise order: the first order keeps the first place in the queue.
    const byNumber = [...plan.orders].sort((a, b) => a.number - b.number);
    assert.ok(byNumber[0]!.promisedDate <= byNumber[1]!.promisedDate);
    assert.ok(byNumber[1]!.promisedDate <= byNumber[2]!.promisedDate);
    assert.deepEqual(await paintDays(), before, 'a preview writes nothing');
  });

  test('what-if: the change alone, with a second shift, with the partner taking orders, side by side', async () => {
    // A second shift on the first working day after the closed days: room for two paint jobs.
    const nextWorkday = [1, 2, 3, 4, 5, 6, 7]
      .map((n) => addDays(lastClosedDay, n))
      .find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))!;
    const shift = (
      await call('POST', '/api/v1/capacity-changes', {
        workCenterId: paint.id,
        firstDay: nextWorkday,
        lastDay: nextWorkday,
        hoursPerDay: 3,
        reason: 'A second shift',
      })
    ).json<{ id: string }>();
    const providers = (await call('GET', '/api/v1/providers')).json<
      { id: string; name: string }[]
    >();
    const velo = providers.find((p) => p.name === 'Velo Frames Ltd.')!;
    const res = await call('POST', `/api/v1/capacity-changes/${change.id}/compare`, {
      alternatives: [
        { label: 'As recorded' },
        { label: 'Add a second shift', extraChangeIds: [shift.id] },
        { label: 'Move to Velo', partnerId: velo.id },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const [alone, withShift, withPartner] =
      res.json<(Plan & { label: string; toPartner: number; affected: number })[]>();
    assert.deepEqual(
      [alone!.label, withShift!.label, withPartner!.label],
      ['As recorded', 'Add a second shift', 'Move to Velo'],
    );
    // The change alone is the preview; every plan re-plans the same orders.
    assert.equal(alone!.late, plan.late);
    assert.equal(alone!.averageDelayDays, plan.averageDelayDays);
    assert.equal(alone!.fingerprint, plan.fingerprint);
    for (const p of [withShift!, withPartner!]) {
      assert.equal(p.affected, alone!.affected);
      assert.notEqual(
        p.fingerprint,
        alone!.fingerprint,
        'each plan is applied by its own fingerprint',
      );
      for (const o of p.orders) assert.ok(o.promisedDate >= o.previousDate);
    }
    // The second shift is worked (1.5 hours overtime) and no order is later than without it; one
    // order less is late.
    assert.equal(withShift!.overtimeHours, 1.5);
    assert.equal(withShift!.late, alone!.late - 1);
    const aloneDate = new Map(alone!.orders.map((o) => [o.orderId, o.promisedDate]));
    for (const o of withShift!.orders) assert.ok(o.promisedDate <= aloneDate.get(o.orderId)!);
    assert.equal(withShift!.toPartner, 0);
    // Velo takes only orders that would be late at home, and only where it is sooner.
    assert.equal(
      withPartner!.toPartner,
      withPartner!.orders.filter((o) => o.movedTo === velo.id).length,
    );
    assert.ok(withPartner!.late <= alone!.late);
    // A plan naming the change itself, an unknown partner, or the own workshop is refused.
    const itself = await call('POST', `/api/v1/capacity-changes/${change.id}/compare`, {
      alternatives: [{ label: 'Twice', extraChangeIds: [change.id] }],
    });
    assert.equal(itself.statusCode, 400, itself.body);
    assert.match(itself.body, /"field":"extraChangeIds.0"/);
    const nobody = await call('POST', `/api/v1/capacity-changes/${change.id}/compare`, {
      alternatives: [{ label: 'Nobody', partnerId: '00000000-0000-4000-8000-000000000000' }],
    });
    assert.equal(nobody.statusCode, 404, nobody.body);
    assert.equal((await call('DELETE', `/api/v1/capacity-changes/${shift.id}`)).statusCode, 204);
  });

  test('a plan is not applied over bookings that changed since its preview', async () => {
    const before = await paintDays();
    const stale = await call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
      fingerprint: 'not-the-preview',
    });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.match(stale.body, /"field":"fingerprint"/);
    // A new order after the preview changes the bookings: the preview's fingerprint is stale.
    await order(null, 'late@example.com');
    const afterOrder = await paintDays();
    const refused = await call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
      fingerprint: plan.fingerprint,
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.deepEqual(await paintDays(), afterOrder, 'nothing half-applied');
    assert.ok(afterOrder.size >= before.size);
  });

  test('applying re-books the orders off the closed days, moves their dates and tells each customer once', async () => {
    plan = (await call('GET', `/api/v1/capacity-changes/${change.id}/plan`)).json<Plan>();
    const workBefore = await bookedWork();
    const applied = await call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
      fingerprint: plan.fingerprint,
    });
    assert.equal(applied.statusCode, 200, applied.body);
    assert.deepEqual(
      await bookedWork(),
      workBefore,
      'every order keeps all its work, at every center',
    );
    const days = await paintDays();
    assert.equal(days.get(firstPaintDay) ?? 0, 0, 'nothing painted on the closed days');
    assert.equal(days.get(lastClosedDay) ?? 0, 0);
    for (const minutes of days.values()) assert.ok(minutes <= 90, 'no day over capacity');
    for (const o of plan.orders) {
      const got = (await call('GET', `/api/v1/orders/${o.orderId}`)).json<{
        promisedDate: string;
      }>();
      assert.equal(got.promisedDate, o.promisedDate);
    }
    // One message in each moved signed-in customer's order conversation, none for an order
    // whose promise holds; one email per moved order.
    const moved = new Set(plan.orders.filter((o) => o.delayDays > 0).map((o) => o.orderId));
    assert.ok(
      placed.some((p) => p.customerId && moved.has(p.id)),
      'a customer’s order moved',
    );
    for (const p of placed.filter((x) => x.customerId)) {
      const told = await t.db
        .select({ body: messages.body })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(conversations.subjectId, p.id), eq(messages.kind, 'rescheduled')));
      if (!moved.has(p.id)) {
        assert.equal(told.length, 0, 'a kept promise is not a change to tell');
        continue;
      }
      assert.equal(told.length, 1, `one message about order ${p.id}`);
      assert.match(told[0]!.body, /paint booth’s filter/);
      assert.match(told[0]!.body, /truly sorry/);
    }
    const mails = await t.db
      .select({ to: outbox.toEmail, text: outbox.text })
      .from(outbox)
      .where(eq(outbox.event, 'order.rescheduled'));
    assert.equal(mails.length, plan.late);
    assert.ok(mails.some((m) => m.to === 'guest@example.com'));
  });

  test('the capacity view reads the calendar: the closed days have no hours and name the change', async () => {
    const view = (await call('GET', `/api/v1/capacity?from=${firstPaintDay}&days=1`)).json<
      {
        center: { code: string };
        days: {
          available: number;
          normal: number;
          changes: { id: string; status: string; reason: string }[];
        }[];
      }[]
    >();
    const day = view.find((c) => c.center.code === 'paint')!.days[0]!;
    assert.equal(day.available, 0);
    assert.equal(day.normal, 1.5);
    assert.deepEqual(
      day.changes.map((c) => [c.id, c.status]),
      [[change.id, 'applied']],
    );
    assert.match(day.changes[0]!.reason, /paint booth’s filter/);
  });

  test('a change is applied once, and a change overlapping an applied one is refused', async () => {
    const again = await call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
      fingerprint: plan.fingerprint,
    });
    assert.equal(again.statusCode, 409, again.body);
    const overlap = (
      await call('POST', '/api/v1/capacity-changes', {
        workCenterId: paint.id,
        firstDay: lastClosedDay,
        lastDay: addDays(lastClosedDay, 2),
        hoursPerDay: 3,
        reason: 'Extra shift',
      })
    ).json<{ id: string }>();
    const overlapPlan = (
      await call('GET', `/api/v1/capacity-changes/${overlap.id}/plan`)
    ).json<Plan>();
    const refused = await call('POST', `/api/v1/capacity-changes/${overlap.id}/apply`, {
      fingerprint: overlapPlan.fingerprint,
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal((await call('DELETE', `/api/v1/capacity-changes/${overlap.id}`)).statusCode, 204);
    const listed = (await call('GET', '/api/v1/capacity-changes')).json<
      { id: string; status: string; ordersMoved: number | null }[]
    >();
    assert.equal(listed.find((c) => c.id === change.id)?.status, 'applied');
    assert.equal(listed.find((c) => c.id === change.id)?.ordersMoved, plan.late);
    assert.equal(
      listed.find((c) => c.id === overlap.id),
      undefined,
      'discarded drafts leave the list',
    );
  });

  test('closing a later day moves only the work from there on, the orders keep their earlier bookings, and the apology set at applying is the one kept', async () => {
    const lastPaintDay = [...(await paintDays()).entries()]
      .filter(([, m]) => m > 0)
      .map(([d]) => d)
      .sort()
      .at(-1)!;
    const later = (
      await call('POST', '/api/v1/capacity-changes', {
        workCenterId: paint.id,
        firstDay: lastPaintDay,
        lastDay: lastPaintDay,
        hoursPerDay: 0,
        reason: 'Inventory day',
      })
    ).json<{ id: string }>();
    const laterPlan = (await call('GET', `/api/v1/capacity-changes/${later.id}/plan`)).json<Plan>();
    assert.ok(laterPlan.orders.length >= 1);
    const workBefore = await bookedWork();
    const applied = await call('POST', `/api/v1/capacity-changes/${later.id}/apply`, {
      fingerprint: laterPlan.fingerprint,
      apology: 'Sorry: we count our stock that day.',
    });
    assert.equal(applied.statusCode, 200, applied.body);
    assert.deepEqual(await bookedWork(), workBefore, 'no work lost or added');
    // The apology written at the apply step is the one kept (and the one customers read).
    const listed = (await call('GET', '/api/v1/capacity-changes')).json<
      { id: string; apology: string }[]
    >();
    assert.equal(
      listed.find((c) => c.id === later.id)?.apology,
      'Sorry: we count our stock that day.',
    );
    if (laterPlan.late > 0) {
      const mails = await t.db
        .select({ text: outbox.text })
        .from(outbox)
        .where(eq(outbox.event, 'order.rescheduled'));
      assert.ok(mails.some((m) => m.text.includes('we count our stock that day')));
    }
    assert.equal((await paintDays()).get(lastPaintDay) ?? 0, 0);
  });

  test('applying the partner plan routes the orders it moves to the partner, keeping their work', async () => {
    // From the day after the last applied change on, for three weeks.
    const listed = (await call('GET', '/api/v1/capacity-changes')).json<
      { status: string; lastDay: string }[]
    >();
    const from = addDays(
      listed
        .filter((c) => c.status === 'applied')
        .map((c) => c.lastDay)
        .sort()
        .at(-1)!,
      1,
    );
    const until = addDays(from, 20);
    assert.ok([...(await paintDays()).entries()].some(([d, m]) => d >= from && m > 0));
    const closing = (
      await call('POST', '/api/v1/capacity-changes', {
        workCenterId: paint.id,
        firstDay: from,
        lastDay: until,
        hoursPerDay: 0,
        reason: 'The paint booth is replaced',
      })
    ).json<{ id: string }>();
    const providers = (await call('GET', '/api/v1/providers')).json<
      { id: string; name: string }[]
    >();
    const velo = providers.find((p) => p.name === 'Velo Frames Ltd.')!;
    const [partnerPlan] = (
      await call('POST', `/api/v1/capacity-changes/${closing.id}/compare`, {
        alternatives: [{ label: 'Velo', partnerId: velo.id }],
      })
    ).json<(Plan & { toPartner: number })[]>();
    assert.ok(partnerPlan!.toPartner >= 1, 'a closed paint shop for weeks sends orders to Velo');
    // The plan as previewed without the partner is another plan: its fingerprint is refused.
    const alone = (await call('GET', `/api/v1/capacity-changes/${closing.id}/plan`)).json<Plan>();
    const mixed = await call('POST', `/api/v1/capacity-changes/${closing.id}/apply`, {
      fingerprint: alone.fingerprint,
      partnerId: velo.id,
    });
    assert.equal(mixed.statusCode, 409, mixed.body);
    const applied = await call('POST', `/api/v1/capacity-changes/${closing.id}/apply`, {
      fingerprint: partnerPlan!.fingerprint,
      partnerId: velo.id,
    });
    assert.equal(applied.statusCode, 200, applied.body);
    for (const o of partnerPlan!.orders) {
      const got = (await call('GET', `/api/v1/orders/${o.orderId}`)).json<{
        promisedDate: string;
        providerId?: string | null;
        routingStatus?: string;
      }>();
      assert.equal(got.promisedDate, o.promisedDate);
      const row = (await t.db.execute(
        sql`select provider_id::text as p, routing_status as s from orders where id = ${o.orderId}`,
      )) as unknown as { rows: { p: string | null; s: string }[] };
      if (o.movedTo) {
        assert.equal(row.rows[0]!.p, velo.id);
        assert.equal(row.rows[0]!.s, 'routed', 'the partner is asked to accept it');
      } else assert.equal(row.rows[0]!.p, null);
    }
    // Nothing is painted at home while the booth is replaced.
    for (const [day, minutes] of await paintDays())
      if (day >= from && day <= until) assert.equal(minutes, 0, day);
  });

  test('the studio’s next date works around the closed days', async () => {
    const q = await quote(t, 'alpha', design as never);
    const painting = q.workCenters.find((w) => w.center === 'paint')!;
    assert.ok(
      painting.startDate > lastClosedDay || painting.endDate < firstPaintDay,
      `${painting.startDate}–${painting.endDate} avoids the closed days`,
    );
  });
});
