// Stock under concurrency and crashes on PostgreSQL (when TEST_DATABASE_URL is set): many
// parallel orders against a few stocked frames, parallel reservations without the firm's
// capacity lock, and an order process killed with SIGKILL between writing its reservation and
// committing. Afterwards: no negative stock, no reservation beyond on hand, no lost or doubled
// reservation, and per item Σ ledger = balances.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Configuration } from '@customerize/engine';
import { randomIds } from '../src/ids.ts';
import {
  findStockItem,
  ledgerSums,
  listStockItems,
  openReservations,
  reserveForOrder,
  settleReservations,
} from '../src/stock/stock.store.ts';
import { InsufficientStock } from '../src/stock/stock.ts';

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { quote, shopProduct } from './helpers/shop.ts';

const STOCKED: Configuration = {
  rider_height: 175,
  frame_size: 52,
  frame_style: 'diamond',
  frame_material: 'aluminium',
  colour: 'black',
  fork: 'rigid_steel',
  drivetrain: 'derailleur9',
  brakes: 'rim',
  mudguards: false,
  rack: false,
  lights: 'none',
  kickstand: false,
};
const FRAME = 'TUB-AL6061-SET';

for (const target of testDatabaseTargets().filter((x) => x.name === 'postgres')) {
  describe(`stock on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let firm: Firm;
    let ops: SignedIn;
    let bike: Awaited<ReturnType<typeof shopProduct>>;

    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });
    beforeEach(async () => {
      await t.reset();
      firm = await t.seedFirm('alpha');
      ops = await t.signIn(firm, 'operations');
      bike = await shopProduct(t, 'alpha', 'city-bike');
    });

    const frame = async () => (await findStockItem(t.db, firm.tenant.id, null, FRAME, ''))!;
    /** Leaves exactly `n` frames on the shelf (none reserved yet). */
    const shelve = async (n: number) => {
      const f = await frame();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/stock-items/${f.id}/adjustments`,
        headers: ops.headers,
        payload: { quantity: n - f.onHand, note: 'test count' },
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    const consistent = async () => {
      const sums = await ledgerSums(t.db, firm.tenant.id);
      for (const i of await listStockItems(t.db, firm.tenant.id)) {
        assert.ok(i.onHand >= 0 && i.reserved >= 0 && i.reserved <= i.onHand, `${i.sku} balances`);
        assert.deepEqual(sums.get(i.id) ?? { onHand: 0, reserved: 0 }, {
          onHand: i.onHand,
          reserved: i.reserved,
        });
      }
    };

    test('many parallel orders against five stocked frames: five are promised from stock, the rest made to order, nothing lost', async () => {
      await shelve(5);
      const customer = async (i: number): Promise<{ id: string; promisedDate: string }> => {
        let q = await quote(t, 'alpha', { versionId: bike.version.id, choices: STOCKED });
        for (let attempt = 0; attempt < 40; attempt++) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/v1/shop/alpha/orders',
            payload: {
              versionId: bike.version.id,
              choices: STOCKED,
              email: `parallel-${i}@example.com`,
              expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
            },
          });
          if (res.statusCode === 201) return res.json();
          assert.equal(res.statusCode, 409, res.body);
          q = res.json<{ quote: typeof q }>().quote;
        }
        throw new Error(`customer ${i} never got an order in`);
      };
      const placed = await Promise.all(Array.from({ length: 20 }, (_, i) => customer(i)));
      const withStock = [];
      for (const o of placed)
        if ((await openReservations(t.db, firm.tenant.id, o.id)).length > 0) withStock.push(o);
      assert.equal(withStock.length, 5, 'exactly the five frames were reserved, once each');
      for (const o of withStock) assert.equal(o.promisedDate, '2026-01-17');
      const f = await frame();
      assert.deepEqual([f.onHand, f.reserved], [5, 5]);
      await consistent();

      // Cancel two and start production of three, all at once.
      const moves = withStock.map((o, i) => async () => {
        const steps = i < 2 ? ['cancelled'] : ['confirmed', 'in_production'];
        for (const to of steps) {
          const current = await t.app.inject({
            method: 'GET',
            url: `/api/v1/orders/${o.id}`,
            headers: ops.headers,
          });
          if (
            current.json<{ status: string }>().status === 'pending_confirmation' &&
            to !== 'cancelled'
          )
            await t.app.inject({
              method: 'POST',
              url: `/api/v1/orders/${o.id}/transitions`,
              headers: ops.headers,
              payload: { to: 'placed' },
            });
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/v1/orders/${o.id}/transitions`,
            headers: ops.headers,
            payload: { to },
          });
          assert.equal(res.statusCode, 200, res.body);
        }
      });
      await Promise.all(moves.map((m) => m()));
      const after = await frame();
      assert.deepEqual([after.onHand, after.reserved], [2, 0], '3 used, 2 back on the shelf');
      await consistent();
    });

    test('parallel reservations without any other lock never take the same unit twice', async () => {
      await shelve(15);
      const f = await frame();
      const need = [{ sku: FRAME, unit: '', qty: 1, description: '' }];
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, () =>
          t.db
            .transaction((tx) =>
              reserveForOrder(tx, randomIds, firm.tenant.id, randomIds.uuid(), null, need, {
                label: 'race',
                at: t.clock.now(),
              }),
            )
            .then(
              () => 'reserved',
              (e: unknown) => {
                assert.ok(e instanceof InsufficientStock, String(e));
                return 'short';
              },
            ),
        ),
      );
      assert.equal(outcomes.filter((o) => o === 'reserved').length, 15);
      const after = (await findStockItem(t.db, firm.tenant.id, null, FRAME, ''))!;
      assert.equal(after.id, f.id);
      assert.deepEqual([after.onHand, after.reserved], [15, 15]);
      await consistent();

      // Every reservation settled at once: one order consumes, the next returns, alternately.
      const orders = rowsOf<{ order_id: string }>(
        await t.db.execute(sql`select distinct order_id from stock_movements
          where tenant_id = ${firm.tenant.id} and kind = 'reservation'`),
      );
      assert.equal(orders.length, 15);
      await Promise.all(
        orders.map((o, i) =>
          t.db.transaction((tx) =>
            settleReservations(
              tx,
              randomIds,
              firm.tenant.id,
              o.order_id,
              i % 2 === 0 ? 'consume' : 'return',
              {
                label: 'race',
                at: t.clock.now(),
              },
            ),
          ),
        ),
      );
      const settled = (await findStockItem(t.db, firm.tenant.id, null, FRAME, ''))!;
      assert.deepEqual([settled.onHand, settled.reserved], [15 - 8, 0]);
      await consistent();
    });

    test('an order process killed with SIGKILL mid-order leaves stock as it was, and the next order gets the frame', async () => {
      await shelve(1);
      const before = await frame();
      const q = await quote(t, 'alpha', { versionId: bike.version.id, choices: STOCKED });
      const schema = rowsOf<{ s: string }>(
        await t.db.execute(sql`select current_schema() as s`),
      )[0]!.s;
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('./fixtures/stock-order-child.ts', import.meta.url)),
        ],
        {
          env: {
            ...process.env,
            STOCK_CHILD_INPUT: JSON.stringify({
              url: process.env.TEST_DATABASE_URL,
              schema,
              tenantId: firm.tenant.id,
              versionId: bike.version.id,
              now: t.clock.now().toISOString(),
              choices: STOCKED,
              expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
            }),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const orderId = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /reserved (\S+)\n/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
      });
      // Inside the child's open transaction the frame is reserved; outside nothing is visible yet.
      assert.equal((await frame()).reserved, 0);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const after = await frame();
      assert.deepEqual([after.onHand, after.reserved], [before.onHand, before.reserved]);
      assert.equal(
        rowsOf<{ n: number }>(
          await t.db.execute(sql`select count(*)::int as n from orders where id = ${orderId}`),
        )[0]!.n,
        0,
        'the killed order is not there',
      );
      await consistent();
      // The dead transaction's locks went with it: the next order reserves the frame.
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/orders',
        payload: {
          versionId: bike.version.id,
          choices: STOCKED,
          email: 'after-kill@example.com',
          expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await frame()).reserved, 1);
      await consistent();
    });
  });
}
