// The order SQL (per-firm numbering, capacity bookings, popularity aggregates over jsonb) on
// PostgreSQL too, when TEST_DATABASE_URL is set; PGlite runs it in orders.test.ts and studio.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countBookings } from '../src/capacity/capacity.store.ts';
import { countProductOrders, topDesigns, valueCounts } from '../src/studio/studio.store.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { completePreset, orderAsGuest, shopProduct } from './helpers/shop.ts';

for (const target of testDatabaseTargets().filter((x) => x.name === 'postgres')) {
  describe(`orders on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let firm: Firm;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb });
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
  });
}
