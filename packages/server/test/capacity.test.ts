// Capacity: the scheduler over plain data (exact dates), the bookings store on every database,
// and through the API: a nearly full work center moves the next promise later, and cancelling
// an order brings it back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleWork, type CenterCapacity, type BookedMinutes } from '../src/capacity/capacity.ts';
import {
  bookedMinutes,
  deleteOrderBookings,
  insertBookings,
  insertWorkCenter,
} from '../src/capacity/capacity.store.ts';
import { insertTenant } from '../src/tenants/tenants.store.ts';
import { defaultTenantSettings } from '../src/tenants/tenants.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { completePreset, orderAsGuest, quote, shopProduct } from './helpers/shop.ts';

const MON_FRI = [1, 2, 3, 4, 5];
const paint: CenterCapacity = {
  id: 'c-paint',
  code: 'paint',
  name: 'Paint shop',
  minutesPerDay: 120,
  workingDays: MON_FRI,
};
const assembly: CenterCapacity = {
  id: 'c-asm',
  code: 'assembly',
  name: 'Assembly',
  minutesPerDay: 480,
  workingDays: MON_FRI,
};

describe('the scheduler', () => {
  // 2026-01-15 is a Thursday.
  test('with free capacity the promise is today plus the lead time', () => {
    const s = scheduleWork({
      today: '2026-01-15',
      leadTimeDays: 5,
      routing: [
        { center: 'paint', hours: 1, operation: 'Paint' },
        { center: 'assembly', hours: 2, operation: 'Assemble', final: true },
      ],
      centers: [paint, assembly],
      booked: new Map(),
    });
    assert.equal(s.promisedDate, '2026-01-20');
    assert.deepEqual(
      s.operations.map((o) => [o.operation, o.startDate, o.endDate]),
      [
        ['Paint', '2026-01-16', '2026-01-16'],
        // The final step waits for the parts (the day before the promise), skipping the weekend.
        ['Assemble', '2026-01-19', '2026-01-19'],
      ],
    );
  });

  test('work spills over days and skips days that are full or not worked', () => {
    const booked: BookedMinutes = new Map([
      [
        'c-paint',
        new Map([
          ['2026-01-16', 120],
          ['2026-01-19', 60],
        ]),
      ],
    ]);
    const s = scheduleWork({
      today: '2026-01-15',
      leadTimeDays: 2,
      routing: [{ center: 'paint', hours: 3, operation: 'Paint' }],
      centers: [paint, assembly],
      booked,
    });
    // Friday is full; Monday has 60 free minutes, Tuesday 120 → 180 minutes end Tuesday.
    assert.deepEqual(
      s.operations[0]!.allocations.map((a) => [a.day, a.minutes]),
      [
        ['2026-01-19', 60],
        ['2026-01-20', 120],
      ],
    );
    assert.equal(
      s.promisedDate,
      '2026-01-21',
      'the day after the last operation, later than the lead time',
    );
    assert.deepEqual(s.workCenters, [
      { center: 'paint', hours: 3, startDate: '2026-01-19', endDate: '2026-01-20' },
    ]);
  });

  test('final operations come after every other operation, whatever the routing order', () => {
    const s = scheduleWork({
      today: '2026-01-15',
      leadTimeDays: 0,
      routing: [
        { center: 'assembly', hours: 1, operation: 'Engrave', final: true },
        { center: 'paint', hours: 4, operation: 'Paint' },
      ],
      centers: [paint, assembly],
      booked: new Map(),
    });
    assert.deepEqual(
      s.operations.map((o) => o.operation),
      ['Paint', 'Engrave'],
    );
    assert.equal(
      s.operations[1]!.startDate,
      '2026-01-19',
      'engraving starts the day painting ends',
    );
  });

  test('a center that never has room refuses to promise', () => {
    assert.throws(
      () =>
        scheduleWork({
          today: '2026-01-15',
          leadTimeDays: 1,
          routing: [{ center: 'paint', hours: 1 }],
          centers: [{ ...paint, workingDays: [] }],
          booked: new Map(),
        }),
      /no free capacity/,
    );
  });
});

for (const target of testDatabaseTargets()) {
  describe(`capacity bookings on ${target.name}`, () => {
    test('sum per center per day, and an order’s bookings are freed together', async () => {
      const testDb = await target.open();
      try {
        const db = testDb.database.db;
        const now = new Date('2026-01-15T09:00:00.000Z');
        const tenant = await insertTenant(db, {
          id: '00000000-0000-4000-8000-0000000000a1',
          slug: 'cap',
          name: 'Cap',
          settings: defaultTenantSettings,
          now,
        });
        const center = await insertWorkCenter(db, {
          id: '00000000-0000-4000-8000-0000000000c1',
          tenantId: tenant.id,
          code: 'paint',
          name: 'Paint',
          description: '',
          minutesPerDay: 120,
          workingDays: MON_FRI,
          now,
        });
        // Bookings reference orders; make two minimal orders through SQL the orders store owns.
        const { insertProduct, insertVersion } = await import('../src/catalog/catalog.store.ts');
        const { insertOrder } = await import('../src/orders/orders.store.ts');
        const product = await insertProduct(db, {
          id: '00000000-0000-4000-8000-0000000000d1',
          tenantId: tenant.id,
          slug: 'p',
          name: 'P',
          description: '',
          now,
        });
        const version = await insertVersion(db, {
          id: '00000000-0000-4000-8000-0000000000e1',
          tenantId: tenant.id,
          productId: product.id,
          format: 'json',
          source: '{}',
          model: { id: 'p', name: 'P', currency: 'EUR', features: [] },
          issues: [],
          createdBy: null,
          createdAt: now,
        });
        const orderIds: string[] = [];
        for (const n of [1, 2]) {
          const o = await insertOrder(db, {
            id: `00000000-0000-4000-8000-0000000000f${n}`,
            tenantId: tenant.id,
            tokenHash: 'x',
            status: 'placed',
            productId: product.id,
            productVersionId: version.id,
            designId: null,
            customerId: null,
            email: 'a@example.com',
            choices: {},
            personalization: {},
            lines: [],
            total: 0,
            currency: 'EUR',
            leadTimeDays: 0,
            promisedDate: '2026-01-20',
            bom: [],
            routing: [],
            createdAt: now,
          });
          assert.equal(o.number, n, 'orders are numbered per firm');
          orderIds.push(o.id);
        }
        await insertBookings(db, [
          {
            id: '00000000-0000-4000-8000-000000000101',
            tenantId: tenant.id,
            workCenterId: center.id,
            orderId: orderIds[0]!,
            day: '2026-01-16',
            minutes: 90,
            now,
          },
          {
            id: '00000000-0000-4000-8000-000000000102',
            tenantId: tenant.id,
            workCenterId: center.id,
            orderId: orderIds[1]!,
            day: '2026-01-16',
            minutes: 20,
            now,
          },
          {
            id: '00000000-0000-4000-8000-000000000103',
            tenantId: tenant.id,
            workCenterId: center.id,
            orderId: orderIds[1]!,
            day: '2026-01-19',
            minutes: 45,
            now,
          },
          {
            id: '00000000-0000-4000-8000-000000000104',
            tenantId: tenant.id,
            workCenterId: center.id,
            orderId: orderIds[0]!,
            day: '2026-01-14',
            minutes: 45,
            now,
          },
        ]);
        const booked = await bookedMinutes(db, tenant.id, '2026-01-15', now);
        assert.deepEqual([...booked.get(center.id)!].sort(), [
          ['2026-01-16', 110],
          ['2026-01-19', 45],
        ]);
        assert.equal(await deleteOrderBookings(db, tenant.id, orderIds[1]!), 2);
        assert.deepEqual(
          [...(await bookedMinutes(db, tenant.id, '2026-01-15', now)).get(center.id)!],
          [['2026-01-16', 90]],
        );
        assert.equal(
          await deleteOrderBookings(db, '00000000-0000-4000-8000-0000000000a9', orderIds[0]!),
          0,
          'another tenant frees nothing',
        );
      } finally {
        await testDb.close();
      }
    });
  });
}

describe('capacity through the API', () => {
  let t: TestApp;
  let firm: Firm;
  let operations: SignedIn;
  before(async () => {
    t = await createTestApp();
    firm = await t.seedFirm('alpha');
    operations = await t.signIn(firm, 'operations');
  });
  after(() => t.close());

  test('a nearly full work center moves the next promise later; cancelling an order brings it back', async () => {
    const centers = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/work-centers',
        headers: operations.headers,
      })
    ).json<{ id: string; code: string }[]>();
    const paintShop = centers.find((c) => c.code === 'paint')!;
    // One bike's painting (1.5 h) fills a day: each order takes the next free day.
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/work-centers/${paintShop.id}`,
      headers: operations.headers,
      payload: { hoursPerDay: 1.5 },
    });
    assert.equal(patch.statusCode, 200, patch.body);

    const bike = await shopProduct(t, 'alpha', 'city-bike');
    const choices = completePreset(bike);
    const request = { versionId: bike.version.id, choices };
    const first = await quote(t, 'alpha', request);
    const promises = [first.promisedDate];
    const orders = [];
    // Fill the paint shop until the promise has to move.
    while (promises.at(-1) === first.promisedDate) {
      assert.ok(orders.length < 40, 'the promise moves once the paint shop is full');
      orders.push(await orderAsGuest(t, 'alpha', bike.version.id, choices));
      promises.push((await quote(t, 'alpha', request)).promisedDate);
    }
    const moved = promises.at(-1)!;
    assert.ok(moved > first.promisedDate, `${moved} is later than ${first.promisedDate}`);

    const capacity = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/capacity?from=2026-01-16&days=14',
        headers: operations.headers,
      })
    ).json<
      { center: { code: string }; days: { date: string; available: number; booked: number }[] }[]
    >();
    const paintDays = capacity.find((c) => c.center.code === 'paint')!.days;
    assert.deepEqual(paintDays.slice(0, 3), [
      { date: '2026-01-16', available: 1.5, booked: 1.5, normal: 1.5, changes: [] },
      { date: '2026-01-17', available: 0, booked: 0, normal: 0, changes: [] },
      { date: '2026-01-18', available: 0, booked: 0, normal: 0, changes: [] },
    ]);

    const last = orders.at(-1)!;
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${last.id}/transitions`,
      headers: operations.headers,
      payload: { to: 'cancelled', note: 'customer changed their mind' },
    });
    assert.equal(cancel.statusCode, 200, cancel.body);
    assert.equal(
      (await quote(t, 'alpha', request)).promisedDate,
      first.promisedDate,
      'the freed day is offered again',
    );
  });
});
