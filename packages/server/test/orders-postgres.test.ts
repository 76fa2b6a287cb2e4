// The order SQL (per-firm numbering, capacity bookings, popularity aggregates over jsonb) on
// PostgreSQL too, when TEST_DATABASE_URL is set; PGlite runs it in orders.test.ts and studio.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import {
  countBookings,
  listWorkCenters,
  updateWorkCenter,
} from '../src/capacity/capacity.store.ts';
import { randomIds } from '../src/ids.ts';
import { countProductOrders, topDesigns, valueCounts } from '../src/studio/studio.store.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { completePreset, orderAsGuest, quote, shopProduct } from './helpers/shop.ts';

for (const target of testDatabaseTargets().filter((x) => x.name === 'postgres')) {
  describe(`orders on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let firm: Firm;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      firm = await t.seedFirm('alpha');
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    test('orders are numbered, book capacity, and feed the popularity aggregates', async () => {
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const choices = completePreset(bike);
      const bookingsBefore = await countBookings(t.db, firm.tenant.id);
      const first = await orderAsGuest(t, 'alpha', bike.version.id, choices);
      const second = await orderAsGuest(t, 'alpha', bike.version.id, choices);
      assert.equal(second.number, first.number + 1);
      assert.ok((await countBookings(t.db, firm.tenant.id)) > bookingsBefore);
      const total = await countProductOrders(t.db, firm.tenant.id, bike.product.id);
      assert.ok(total >= 2);
      const counts = await valueCounts(t.db, firm.tenant.id, bike.product.id);
      const colour = counts.find(
        (c) => c.feature === 'colour' && c.value === String(choices.colour),
      );
      assert.ok(colour && colour.orders >= 2);
      const top = await topDesigns(t.db, firm.tenant.id, bike.product.id, 2, 3);
      assert.deepEqual(top[0]?.choices, choices);
    });

    test('many parallel orders on a scarce work center never overbook it, and each order is booked once', async () => {
      // Every center a day's worth of two orders at most: the pool runs the orders at once, and
      // only the capacity lock stands between them and a double-booked day. Earlier bookings
      // (made under the old capacity) are cleared, so the days are the burst's alone.
      await t.db.execute(sql`delete from capacity_bookings where tenant_id = ${firm.tenant.id}`);
      for (const center of await listWorkCenters(t.db, firm.tenant.id)) {
        await updateWorkCenter(t.db, firm.tenant.id, center.id, {
          minutesPerDay: 240,
          now: t.clock.now(),
        });
      }
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const choices = completePreset(bike);
      const q = await quote(t, 'alpha', { versionId: bike.version.id, choices });
      /** A customer who confirms the new date when told it changed (up to 30 times). */
      const customer = async (i: number): Promise<string | null> => {
        let expected = { total: q.total, currency: q.currency, promisedDate: q.promisedDate };
        for (let attempt = 0; attempt < 30; attempt++) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/v1/shop/alpha/orders',
            headers: { 'idempotency-key': `scarce-${i}-${attempt}` },
            payload: {
              versionId: bike.version.id,
              choices,
              email: `scarce-${i}@example.com`,
              expected,
            },
          });
          if (res.statusCode === 201) return res.json<{ id: string }>().id;
          assert.equal(res.statusCode, 409, res.body);
          const problem = res.json<{ code: string; quote: typeof q }>();
          assert.equal(problem.code, 'changed');
          expected = {
            total: problem.quote.total,
            currency: problem.quote.currency,
            promisedDate: problem.quote.promisedDate,
          };
        }
        return null;
      };
      const placed = await Promise.all(Array.from({ length: 24 }, (_, i) => customer(i)));
      const acknowledged = placed.filter((id): id is string => id !== null);
      assert.ok(
        acknowledged.length >= 12,
        `most customers got their order (${acknowledged.length})`,
      );

      const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
      const overbooked = rows<{ code: string; day: string; minutes: number; capacity: number }>(
        await t.db.execute(sql`
          select c.code, b.day::text as day, sum(b.minutes)::int as minutes, c.minutes_per_day as capacity
          from capacity_bookings b join work_centers c on c.id = b.work_center_id
          where b.tenant_id = ${firm.tenant.id}
          group by c.code, b.day, c.minutes_per_day
          having sum(b.minutes) > c.minutes_per_day`),
      );
      assert.deepEqual(overbooked, [], 'no center is booked beyond its day');
      const perOrder = rows<{ id: string; email: string; minutes: number }>(
        await t.db.execute(sql`
          select o.id, o.email, coalesce(sum(b.minutes), 0)::int as minutes
          from orders o left join capacity_bookings b on b.order_id = o.id
          where o.tenant_id = ${firm.tenant.id} and o.email like 'scarce-%'
          group by o.id, o.email`),
      );
      assert.deepEqual(
        perOrder.map((o) => o.id).sort(),
        [...acknowledged].sort(),
        'every acknowledged order is there, and nothing else',
      );
      assert.equal(new Set(perOrder.map((o) => o.email)).size, perOrder.length, 'one per customer');
      assert.equal(
        new Set(perOrder.map((o) => o.minutes)).size,
        1,
        'each identical order booked the same minutes, once',
      );
      assert.ok(perOrder[0]!.minutes > 0, 'the orders book capacity');
    });
  });
}
