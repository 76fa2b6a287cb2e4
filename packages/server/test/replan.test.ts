// Re-planning after a capacity change (capacity/replan.ts), over plain data: hand-computed
// cases, and random small firms checked against an independent scheduler that finds each
// order's earliest possible last work day by packing its work backwards from a candidate day
// (a different algorithm from the forward placement under test), plus the invariants: no day
// over capacity, every remaining minute placed, operations in routing order, final work not
// before the parts are in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, type BookedMinutes, type CenterCapacity } from '../src/capacity/capacity.ts';
import { replan, replanOrder, type OrderToReplan } from '../src/capacity/replan.ts';

const WEEKDAYS = [1, 2, 3, 4, 5];
// 2027-03-01 is a Monday.
const MON = '2027-03-01';

function center(code: string, minutesPerDay: number, calendar?: [string, number][]) {
  return {
    id: `id-${code}`,
    code,
    name: code,
    minutesPerDay,
    workingDays: WEEKDAYS,
    ...(calendar ? { calendar: new Map(calendar) } : {}),
  } satisfies CenterCapacity;
}

function order(n: number, promisedDate: string, work: OrderToReplan['work'], extra = {}) {
  return {
    orderId: `o${n}`,
    number: n,
    orderDay: addDays(MON, -7),
    leadTimeDays: 0,
    promisedDate,
    priority: 0,
    mayUseReserve: false,
    work,
    ...extra,
  } satisfies OrderToReplan;
}

test('a two-day outage moves the work of the orders promised latest, not the ones due first', () => {
  // 480 minutes a day; Tuesday and Wednesday closed.
  const frame = center('frame', 480, [
    [addDays(MON, 1), 0],
    [addDays(MON, 2), 0],
  ]);
  const due = (n: number, date: string) =>
    order(n, date, [{ center: 'frame', minutes: 480, final: false }]);
  const plan = replan({
    start: MON,
    centers: [frame],
    fixed: new Map(),
    // Listed out of order on purpose: the plan sorts by promised date.
    orders: [due(3, addDays(MON, 3)), due(1, addDays(MON, 1)), due(2, addDays(MON, 2))],
  });
  const byNumber = new Map(plan.orders.map((o) => [o.number, o]));
  // Order 1 keeps Monday; order 2 gets Thursday; order 3 Friday.
  assert.deepEqual(byNumber.get(1)!.allocations, [
    { centerId: 'id-frame', day: MON, minutes: 480 },
  ]);
  assert.equal(byNumber.get(2)!.allocations[0]!.day, addDays(MON, 3));
  assert.equal(byNumber.get(3)!.allocations[0]!.day, addDays(MON, 4));
  assert.equal(byNumber.get(1)!.promisedDate, addDays(MON, 1), 'kept');
  assert.equal(byNumber.get(2)!.promisedDate, addDays(MON, 4));
  assert.equal(byNumber.get(2)!.delayDays, 2);
  assert.equal(byNumber.get(3)!.promisedDate, addDays(MON, 5));
  assert.equal(plan.late, 2);
  assert.equal(plan.averageDelayDays, 2);
  assert.equal(plan.overtimeMinutes, 0);
});

test('a Saturday shift absorbs the outage and counts as overtime; promises are never made earlier', () => {
  const saturday = addDays(MON, 5);
  const frame = center('frame', 480, [
    [addDays(MON, 1), 0],
    [saturday, 480],
  ]);
  const plan = replan({
    start: addDays(MON, 1),
    centers: [frame],
    fixed: new Map([
      [
        'id-frame',
        new Map([
          [addDays(MON, 2), 480],
          [addDays(MON, 3), 480],
          [addDays(MON, 4), 480],
        ]),
      ],
    ]),
    orders: [order(1, addDays(MON, 2), [{ center: 'frame', minutes: 300, final: false }])],
  });
  const [o] = plan.orders;
  assert.deepEqual(o!.allocations, [{ centerId: 'id-frame', day: saturday, minutes: 300 }]);
  assert.equal(o!.promisedDate, addDays(saturday, 1));
  assert.equal(plan.overtimeMinutes, 300);

  const early = replan({
    start: MON,
    centers: [center('frame', 480)],
    fixed: new Map(),
    orders: [order(1, addDays(MON, 9), [{ center: 'frame', minutes: 60, final: false }])],
  });
  assert.equal(early.orders[0]!.earliestDate, addDays(MON, 1));
  assert.equal(early.orders[0]!.promisedDate, addDays(MON, 9), 'the promise stays');
  assert.equal(early.orders[0]!.delayDays, 0);
  assert.equal(early.late, 0);
});

test('a priority customer goes first among orders due the same day, and only they use the reserve', () => {
  const frame = { ...center('frame', 480), reservedMinutesPerDay: 240 };
  const plan = replan({
    start: MON,
    centers: [frame],
    fixed: new Map(),
    orders: [
      order(1, addDays(MON, 1), [{ center: 'frame', minutes: 240, final: false }]),
      order(2, addDays(MON, 1), [{ center: 'frame', minutes: 480, final: false }], {
        priority: 1,
        mayUseReserve: true,
      }),
    ],
  });
  assert.deepEqual(
    plan.orders.map((o) => [o.number, o.allocations.map((a) => a.day)]),
    [
      [2, [MON]],
      [1, [addDays(MON, 1)]],
    ],
  );
});

test('what-if on a hand-computed week: the outage alone, with a Saturday shift, with a partner taking two orders', () => {
  // Four orders of a full day each at the frame shop, booked Monday to Thursday and each due the
  // day after; Tuesday and Wednesday the shop is down.
  const outage: [string, number][] = [
    [addDays(MON, 1), 0],
    [addDays(MON, 2), 0],
  ];
  const orders = [1, 2, 3, 4].map((n) =>
    order(n, addDays(MON, n), [{ center: 'frame', minutes: 480, final: false }]),
  );
  const alone = replan({
    start: MON,
    centers: [center('frame', 480, outage)],
    fixed: new Map(),
    orders,
  });
  // 1 keeps Monday; 2 Thursday, 3 Friday (two days late each); 4 the next Monday (four days).
  assert.deepEqual(
    alone.orders.map((o) => [o.number, o.allocations[0]!.day, o.delayDays]),
    [
      [1, MON, 0],
      [2, addDays(MON, 3), 2],
      [3, addDays(MON, 4), 2],
      [4, addDays(MON, 7), 4],
    ],
  );
  assert.equal(alone.late, 3);
  assert.equal(alone.averageDelayDays, 8 / 3);
  assert.equal(alone.overtimeMinutes, 0);
  assert.equal(alone.toPartner, 0);

  // A Saturday shift of 8 hours: order 4 is built on Saturday, two days late; 8 hours overtime.
  const saturday = replan({
    start: MON,
    centers: [center('frame', 480, [...outage, [addDays(MON, 5), 480]])],
    fixed: new Map(),
    orders,
  });
  assert.deepEqual(
    saturday.orders.map((o) => [o.number, o.allocations[0]!.day, o.delayDays]),
    [
      [1, MON, 0],
      [2, addDays(MON, 3), 2],
      [3, addDays(MON, 4), 2],
      [4, addDays(MON, 5), 2],
    ],
  );
  assert.equal(saturday.late, 3);
  assert.equal(saturday.averageDelayDays, 2);
  assert.equal(saturday.overtimeMinutes, 480);

  // A partner (a day's extra lead, its own frame shop full on Monday) may take orders 3 and 4.
  // Order 2 it may not take: Thursday, two days late. Order 3 would be late at home (Friday):
  // the partner builds it Tuesday, in time. Order 4 then finds Friday free at home, still late;
  // the partner builds it Wednesday, in time. Nothing else moves.
  const partnerFrame = { ...center('frame', 480), id: 'id-partner-frame' };
  const partner = replan({
    start: MON,
    centers: [center('frame', 480, outage)],
    fixed: new Map([['id-partner-frame', new Map([[MON, 480]])]]),
    orders,
    partner: {
      providerId: 'p1',
      centers: [partnerFrame],
      extraLeadDays: 1,
      mayTake: new Set(['o3', 'o4']),
    },
  });
  assert.deepEqual(
    partner.orders.map((o) => [
      o.number,
      o.allocations[0]!.centerId,
      o.allocations[0]!.day,
      o.movedTo,
      o.delayDays,
    ]),
    [
      [1, 'id-frame', MON, null, 0],
      [2, 'id-frame', addDays(MON, 3), null, 2],
      [3, 'id-partner-frame', addDays(MON, 1), 'p1', 0],
      [4, 'id-partner-frame', addDays(MON, 2), 'p1', 0],
    ],
  );
  assert.equal(partner.late, 1);
  assert.equal(partner.averageDelayDays, 2);
  assert.equal(partner.overtimeMinutes, 0);
  assert.equal(partner.toPartner, 2);
  // Order 4 tried Friday at home first and gave it back: nothing is booked at home on Friday.
  assert.ok(!partner.orders.some((o) => o.allocations.some((a) => a.day === addDays(MON, 4))));
});

test('a partner that would not be sooner takes nothing', () => {
  const plan = replan({
    start: MON,
    centers: [center('frame', 480, [[addDays(MON, 1), 0]])],
    fixed: new Map([
      [
        'id-partner-frame',
        new Map([
          [MON, 480],
          [addDays(MON, 1), 480],
          [addDays(MON, 2), 480],
        ]),
      ],
    ]),
    orders: [
      order(1, MON, [{ center: 'frame', minutes: 480, final: false }]),
      order(2, addDays(MON, 1), [{ center: 'frame', minutes: 480, final: false }]),
    ],
    partner: {
      providerId: 'p1',
      centers: [{ ...center('frame', 480), id: 'id-partner-frame' }],
      extraLeadDays: 0,
      mayTake: new Set(['o1', 'o2']),
    },
  });
  // Order 2 would be ready Thursday at home (Wednesday's work) and Friday at the partner.
  assert.equal(plan.toPartner, 0);
  assert.deepEqual(
    plan.orders.map((o) => [o.number, o.allocations[0]!.day, o.movedTo]),
    [
      [1, MON, null],
      [2, addDays(MON, 2), null],
    ],
  );
});

// --- random small firms against an independent scheduler -----------------------------------

type Case = {
  centers: CenterCapacity[];
  fixed: BookedMinutes;
  orders: OrderToReplan[];
};

const DAYS = 12;
const dayOf = (i: number) => addDays(MON, i);

/** Free minutes an order may use on center `c`, day index `d`, given `load` (minutes used). */
function freeOn(c: CenterCapacity, d: number, load: number[][], ci: number, reserve: boolean) {
  const day = dayOf(d);
  const weekday = ((d % 7) + 7) % 7; // 0 = Monday
  const capacity = c.calendar?.get(day) ?? (weekday < 5 ? c.minutesPerDay : 0);
  const usable = reserve ? capacity : capacity - Math.min(capacity, c.reservedMinutesPerDay ?? 0);
  return Math.max(0, usable - load[ci]![d]!);
}

/**
 * Can `o`'s work all end on or before day index `last`? Packs it backwards: the last operation
 * takes the latest free minutes up to `last`, each earlier one the latest up to the day the next
 * one starts, none before day 0 or (final work) before the parts are in.
 */
function fitsBy(x: Case, o: OrderToReplan, last: number, load: number[][], partsIn: number) {
  const work = [...o.work.filter((w) => !w.final), ...o.work.filter((w) => w.final)];
  const scratch = load.map((row) => [...row]);
  let end = last;
  for (let i = work.length - 1; i >= 0; i--) {
    const w = work[i]!;
    const ci = x.centers.findIndex((c) => c.code === w.center);
    const floor = w.final ? Math.max(0, partsIn) : 0;
    let remaining = w.minutes;
    let start = end;
    for (let d = end; remaining > 0; d--) {
      if (d < floor) return false;
      const take = Math.min(remaining, freeOn(x.centers[ci]!, d, scratch, ci, o.mayUseReserve));
      if (take > 0) {
        scratch[ci]![d]! += take;
        remaining -= take;
        start = d;
      }
    }
    end = start;
  }
  return true;
}

const arbitraryCase: fc.Arbitrary<Case> = fc
  .record({
    centers: fc.array(
      fc.record({
        minutes: fc.integer({ min: 60, max: 480 }),
        reserve: fc.integer({ min: 0, max: 50 }),
        changes: fc.array(
          fc.tuple(fc.integer({ min: 0, max: DAYS - 1 }), fc.integer({ min: 0, max: 600 })),
          {
            maxLength: 3,
          },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    fixed: fc.array(
      fc.tuple(fc.nat(2), fc.integer({ min: 0, max: DAYS - 1 }), fc.integer({ min: 1, max: 200 })),
      {
        maxLength: 4,
      },
    ),
    orders: fc.array(
      fc.record({
        promised: fc.integer({ min: 0, max: 8 }),
        lead: fc.integer({ min: 0, max: 6 }),
        priority: fc.nat(1),
        reserve: fc.boolean(),
        work: fc.array(
          fc.record({
            c: fc.nat(2),
            minutes: fc.integer({ min: 1, max: 500 }),
            final: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map((r) => {
    const centers = r.centers.map((c, i) => ({
      ...center(
        `c${i}`,
        c.minutes,
        c.changes.map(([d, m]) => [dayOf(d), m] as [string, number]),
      ),
      reservedMinutesPerDay: c.reserve,
    }));
    const fixed: BookedMinutes = new Map();
    for (const [ci, d, m] of r.fixed) {
      const c = centers[ci % centers.length]!;
      const days = fixed.get(c.id) ?? new Map<string, number>();
      fixed.set(c.id, days);
      days.set(dayOf(d), (days.get(dayOf(d)) ?? 0) + m);
    }
    const orders = r.orders.map((o, n) =>
      order(
        n + 1,
        dayOf(o.promised),
        o.work.map((w) => ({
          center: `c${w.c % centers.length}`,
          minutes: w.minutes,
          final: w.final,
        })),
        {
          orderDay: dayOf(-1),
          leadTimeDays: o.lead,
          priority: o.priority,
          mayUseReserve: o.reserve,
        },
      ),
    );
    return { centers, fixed, orders };
  });

test('on random small firms every order ends on its earliest possible day, no day is over capacity, and all work is placed in order', () => {
  fc.assert(
    fc.property(arbitraryCase, (x) => {
      const horizon = 800;
      const plan = replan({ start: MON, centers: x.centers, fixed: x.fixed, orders: x.orders });
      const index = (day: string) =>
        Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${MON}T00:00:00Z`)) / 86_400_000);
      // The independent scheduler's view of the load, order by order in priority order.
      const load = x.centers.map((c) => {
        const row = new Array<number>(horizon).fill(0);
        for (const [day, m] of x.fixed.get(c.id) ?? []) row[index(day)]! += m;
        return row;
      });
      const sorted = [...x.orders].sort(replanOrder);
      assert.deepEqual(
        plan.orders.map((o) => o.number),
        sorted.map((o) => o.number),
      );
      for (const [k, o] of sorted.entries()) {
        const got = plan.orders[k]!;
        const partsIn = index(o.orderDay) + Math.max(0, o.leadTimeDays - 1);
        const lastWork = Math.max(...got.allocations.map((a) => index(a.day)));
        // Earliest: it fits by its last day (nothing is moved earlier than possible), and not
        // one day earlier (nothing is moved later than needed).
        assert.ok(fitsBy(x, o, lastWork, load, partsIn), `order ${o.number} fits by its day`);
        if (lastWork > 0)
          assert.ok(
            !fitsBy(x, o, lastWork - 1, load, partsIn),
            `order ${o.number} could end earlier`,
          );
        // Every minute placed, at the right centers, in routing order, final work after parts.
        const work = [...o.work.filter((w) => !w.final), ...o.work.filter((w) => w.final)];
        assert.deepEqual(
          got.operations.map((op) => [op.center, op.minutes]),
          work.map((w) => [w.center, w.minutes]),
        );
        for (let i = 1; i < got.operations.length; i++)
          assert.ok(got.operations[i]!.startDate >= got.operations[i - 1]!.endDate);
        for (const [i, w] of work.entries())
          if (w.final) assert.ok(index(got.operations[i]!.startDate) >= partsIn);
        // Its promise: the later of its current one and its earliest date.
        const earliest = dayOf(Math.max(lastWork + 1, index(o.orderDay) + o.leadTimeDays));
        assert.equal(got.earliestDate, earliest);
        assert.equal(got.promisedDate, earliest > o.promisedDate ? earliest : o.promisedDate);
        assert.ok(got.promisedDate >= o.promisedDate, 'never promised earlier');
        for (const a of got.allocations) {
          const ci = x.centers.findIndex((c) => c.id === a.centerId);
          assert.ok(a.minutes <= freeOn(x.centers[ci]!, index(a.day), load, ci, o.mayUseReserve));
          load[ci]![index(a.day)]! += a.minutes;
        }
      }
      // No day over its capacity, counting the fixed bookings.
      for (const [ci, c] of x.centers.entries())
        for (let d = 0; d < horizon; d++)
          assert.ok(
            load[ci]![d]! <=
              Math.max(
                freeOn(
                  c,
                  d,
                  load.map((r) => r.map(() => 0)),
                  ci,
                  true,
                ),
                x.fixed.get(c.id)?.get(dayOf(d)) ?? 0,
              ),
          );
    }),
    { seed: 20261207, numRuns: 300 },
  );
});
