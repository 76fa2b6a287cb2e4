// Fifty bids at once on scarce capacity, on PostgreSQL (when TEST_DATABASE_URL is set): the
// firm's capacity lock serializes scheduling and holding, so no work center's day is ever held
// and booked beyond its minutes, and every accepted offer holds exactly its own work.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { listWorkCenters, updateWorkCenter } from '../src/capacity/capacity.store.ts';
import { defaultComputeConfig } from '../src/config.ts';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { shopProduct } from './helpers/shop.ts';

for (const target of testDatabaseTargets().filter((x) => x.name === 'postgres')) {
  describe(`bids on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let firm: Firm;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({
        testDb,
        ids: randomIds,
        // Room in the pool for the whole burst: what is tested is the capacity lock.
        config: { compute: { ...defaultComputeConfig, maxQueue: 64, maxPerTenant: 64 } },
      });
      firm = await t.seedFirm('alpha');
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    test('50 concurrent bids on scarce capacity never hold or book a center’s day twice', async () => {
      await t.db.execute(sql`delete from capacity_bookings where tenant_id = ${firm.tenant.id}`);
      for (const center of await listWorkCenters(t.db, firm.tenant.id))
        await updateWorkCenter(t.db, firm.tenant.id, center.id, {
          minutesPerDay: 240,
          now: t.clock.now(),
        });
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/shop/alpha/bids',
            remoteAddress: `10.1.${Math.floor(i / 200)}.${i % 200}`,
            payload: {
              versionId: bike.version.id,
              mustHave: { rider_height: 170, frame_material: 'aluminium' },
              price: { amount: 300_000, currency: 'EUR' },
              latestDate: '2026-02-10',
              email: `burst-${i}@example.com`,
            },
          }),
        ),
      );
      for (const a of answers) assert.equal(a.statusCode, 201, a.body);
      const statuses = answers.map((a) => a.json<{ status: string }>().status);
      assert.ok(statuses.includes('accepted'), 'some bids get the scarce capacity');
      assert.ok(statuses.includes('refused'), 'and the capacity runs out for the rest');
      const over = (await t.db.execute(sql`
        select c.id, u.day, sum(u.minutes)::int as used, c.minutes_per_day as cap
        from (
          select work_center_id, day, minutes from capacity_bookings where tenant_id = ${firm.tenant.id}
          union all
          select work_center_id, day, minutes from bid_holds
            where tenant_id = ${firm.tenant.id} and expires_at > ${t.clock.now().toISOString()}::timestamptz
        ) u join work_centers c on c.id = u.work_center_id
        group by c.id, u.day, c.minutes_per_day
        having sum(u.minutes) > c.minutes_per_day`)) as unknown as { rows: unknown[] };
      assert.deepEqual(over.rows, [], 'no center-day over its minutes');
      const holders = (await t.db.execute(
        sql`select count(distinct bid_id)::int as n from bid_holds where tenant_id = ${firm.tenant.id}`,
      )) as unknown as { rows: { n: number }[] };
      assert.equal(
        Number(holders.rows[0]!.n),
        statuses.filter((s) => s === 'accepted').length,
        'each accepted offer holds its work',
      );
    });
  });
}
