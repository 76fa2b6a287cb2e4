// Module demand for operations against hand-computed fixtures: the least-squares line, the pure
// forecast, and the same forecast read from known orders (single designs, a multi-line order,
// and orders that are not demand) over known weeks with known BOMs; the route stays in its firm.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { BomLine } from '@customerize/engine';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { products, productVersions } from '../src/catalog/catalog.schema.ts';
import { orders } from '../src/orders/orders.schema.ts';
import { orderLines } from '../src/contracts/contracts.schema.ts';
import {
  forecastModuleDemand,
  linearTrend,
  moduleDemandForecast,
} from '../src/insights/module-demand.ts';

test('least squares by hand: 2, 4, 3, 7 → 1.9 + 1.4·x', () => {
  // x̄ = 1.5, ȳ = 4; Σ(x−x̄)(y−ȳ) = 3 + 0 − 0.5 + 4.5 = 7; Σ(x−x̄)² = 5 → slope 7/5.
  const { intercept, slope } = linearTrend([2, 4, 3, 7]);
  assert.ok(Math.abs(slope - 1.4) < 1e-12, String(slope));
  assert.ok(Math.abs(intercept - 1.9) < 1e-12, String(intercept));
  assert.deepEqual(linearTrend([5]), { intercept: 5, slope: 0 });
});

/*
 * The fixture, 4 history weeks, forecast 2 weeks (x = 4 and 5):
 *   product A units 1, 2, 3, 4 → 1 + 1·x → 5, 6
 *     FRAME (no unit) 1, 1, 2, 2 = 6 over 10 units → 0.6 per unit → 3, 3.6
 *     WHEEL pcs       2, 4, 6, 8 = 20 over 10 units → 2 per unit
 *   product B units 3, 3, 3, 3 → 3 + 0·x → 3, 3
 *     WHEEL pcs       6, 6, 6, 6 = 24 over 12 units → 2 per unit
 *     BASKET pcs      3, 0, 3, 0 = 6 over 12 units → 0.5 per unit → 1.5, 1.5
 *   WHEEL: 5·2 + 3·2 = 16, 6·2 + 3·2 = 18 (total 34); history 8, 10, 12, 14
 *   a falling product C 4, 3, 2, 1 → 4 − 1·x → 0, −1 floored to 0
 */
const EXPECTED_PARTS = [
  { sku: 'WHEEL', unit: 'pcs', history: [8, 10, 12, 14], forecast: [16, 18], total: 34 },
  { sku: 'FRAME', unit: '', history: [1, 1, 2, 2], forecast: [3, 3.6], total: 6.6 },
  { sku: 'BASKET', unit: 'pcs', history: [3, 0, 3, 0], forecast: [1.5, 1.5], total: 3 },
];

test('the pure forecast of the hand-computed fixture', () => {
  const out = forecastModuleDemand(
    {
      historyWeeks: 4,
      products: [
        {
          productId: 'a',
          productName: 'A',
          units: [1, 2, 3, 4],
          parts: [
            { sku: 'FRAME', unit: '', description: null, qty: [1, 1, 2, 2] },
            { sku: 'WHEEL', unit: 'pcs', description: 'Wheel', qty: [2, 4, 6, 8] },
          ],
        },
        {
          productId: 'b',
          productName: 'B',
          units: [3, 3, 3, 3],
          parts: [
            { sku: 'WHEEL', unit: 'pcs', description: 'Wheel', qty: [6, 6, 6, 6] },
            { sku: 'BASKET', unit: 'pcs', description: null, qty: [3, 0, 3, 0] },
          ],
        },
        { productId: 'c', productName: 'C', units: [4, 3, 2, 1], parts: [] },
      ],
    },
    2,
  );
  assert.deepEqual(
    out.products.map((p) => [p.productName, p.intercept, p.slope, p.forecast]),
    [
      ['A', 1, 1, [5, 6]],
      ['B', 3, 0, [3, 3]],
      ['C', 4, -1, [0, 0]],
    ],
  );
  assert.deepEqual(
    out.parts.map(({ sku, unit, history, forecast, total }) => ({
      sku,
      unit,
      history,
      forecast,
      total,
    })),
    EXPECTED_PARTS,
  );
  assert.deepEqual(out.parts.find((p) => p.sku === 'WHEEL')?.perUnit, [
    { productId: 'a', qty: 2 },
    { productId: 'b', qty: 2 },
  ]);
});

const WEEK = 7 * 24 * 3600 * 1000;
const NOW = new Date('2027-06-01T12:00:00.000Z');
/** A moment in history week `i` (0 = oldest of 4). */
const inWeek = (i: number) => new Date(NOW.getTime() - (4 - i) * WEEK + 24 * 3600 * 1000);

for (const target of testDatabaseTargets()) {
  describe(`module demand from orders on ${target.name}`, () => {
    let t: TestApp;
    let alpha: Firm;
    let beta: Firm;
    let n = 10_000;

    before(async () => {
      t = await createTestApp({ testDb: await target.open() });
      await t.reset();
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
      const [a, b] = await productsOf(alpha.tenant.id);
      const frame: BomLine = { sku: 'FRAME', qty: 1 };
      const wheels: BomLine = { sku: 'WHEEL', qty: 2, unit: 'pcs', description: 'Wheel' };
      const basket: BomLine = { sku: 'BASKET', qty: 1, unit: 'pcs' };
      // A: week 0: 1 (frame); week 1: 2 (one frame); week 2: 3 (two frames); week 3: one order
      // of 4 units as an order line (BOM scaled: 2 frames, 8 wheels).
      await order(a!, 0, [frame, wheels]);
      await order(a!, 1, [frame, wheels]);
      await order(a!, 1, [wheels]);
      await order(a!, 2, [frame, wheels]);
      await order(a!, 2, [frame, wheels]);
      await order(a!, 2, [wheels]);
      await lineOrder(a!, 3, 4, [
        { sku: 'FRAME', qty: 2 },
        { sku: 'WHEEL', qty: 8, unit: 'pcs' },
      ]);
      // B: 3 a week; baskets in weeks 0 and 2.
      for (const w of [0, 1, 2, 3])
        for (let i = 0; i < 3; i += 1)
          await order(b!, w, w % 2 === 0 ? [wheels, basket] : [wheels]);
      // Not demand: cancelled, awaiting approval, an unconfirmed guest order, before the window.
      await order(a!, 3, [frame, wheels], 'cancelled');
      await order(a!, 3, [frame, wheels], 'awaiting_approval');
      await order(a!, 3, [frame, wheels], 'pending_confirmation');
      await order(a!, -1, [frame, wheels]);
      t.clock.set(NOW);
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    async function productsOf(tenantId: string) {
      const rows = await t.db
        .select({ productId: products.id, versionId: productVersions.id, name: products.name })
        .from(products)
        .innerJoin(
          productVersions,
          and(
            eq(productVersions.tenantId, products.tenantId),
            eq(productVersions.productId, products.id),
          ),
        )
        .where(eq(products.tenantId, tenantId))
        .orderBy(products.name, productVersions.number);
      const seen = new Map<string, (typeof rows)[number]>();
      for (const r of rows) if (!seen.has(r.productId)) seen.set(r.productId, r);
      return [...seen.values()];
    }

    type P = { productId: string; versionId: string };
    function orderRow(p: P, week: number, bom: BomLine[], status: string) {
      n += 1;
      const at = inWeek(week);
      return {
        id: t.ids.uuid(),
        tenantId: alpha.tenant.id,
        number: n,
        tokenHash: `hash-${n}`,
        status: status as 'placed',
        productId: p.productId,
        productVersionId: p.versionId,
        customerId: null,
        email: `buyer${n}@example.org`,
        choices: {},
        personalization: {},
        lines: [],
        total: 1000,
        currency: 'EUR',
        leadTimeDays: 10,
        promisedDate: '2027-07-01',
        bom,
        routing: [],
        createdAt: at,
        updatedAt: at,
      };
    }
    async function order(p: P, week: number, bom: BomLine[], status = 'placed') {
      await t.db.insert(orders).values(orderRow(p, week, bom, status));
    }
    async function lineOrder(p: P, week: number, quantity: number, bom: BomLine[]) {
      const row = orderRow(p, week, bom, 'confirmed');
      await t.db.insert(orders).values(row);
      await t.db.insert(orderLines).values({
        id: t.ids.uuid(),
        tenantId: row.tenantId,
        orderId: row.id,
        position: 0,
        productId: p.productId,
        productVersionId: p.versionId,
        choices: {},
        personalization: {},
        quantity,
        lines: [],
        listTotal: 4000,
        total: 4000,
        currency: 'EUR',
        promisedDate: '2027-07-01',
        bom,
        routing: [],
        createdAt: row.createdAt,
      });
    }

    test('moduleDemandForecast reads the fixture’s orders and gives the hand-computed quantities', async () => {
      const out = await moduleDemandForecast(t.db, alpha.tenant.id, {
        weeks: 2,
        historyWeeks: 4,
        now: NOW,
      });
      const [a, b] = await productsOf(alpha.tenant.id);
      assert.deepEqual(
        out.products.map((p) => [p.productId, p.history, p.intercept, p.slope, p.forecast]),
        [
          [a!.productId, [1, 2, 3, 4], 1, 1, [5, 6]],
          [b!.productId, [3, 3, 3, 3], 3, 0, [3, 3]],
        ].sort((x, y) =>
          (x[0] === a!.productId ? a!.name : b!.name).localeCompare(
            y[0] === a!.productId ? a!.name : b!.name,
          ),
        ),
      );
      assert.deepEqual(
        out.parts.map(({ sku, unit, history, forecast, total }) => ({
          sku,
          unit,
          history,
          forecast,
          total,
        })),
        EXPECTED_PARTS,
      );
      assert.equal(out.historyWeeks[0]?.start, new Date(NOW.getTime() - 4 * WEEK).toISOString());
      assert.equal(out.forecastWeeks[1]?.end, new Date(NOW.getTime() + 2 * WEEK).toISOString());
    });

    test('the route: operations read it, designers do not, and another firm sees none of it', async () => {
      const ops = await t.signIn(alpha, 'operations');
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/insights/module-demand?weeks=2&historyWeeks=4',
        headers: ops.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res
          .json<{ parts: { sku: string; forecast: number[] }[] }>()
          .parts.map((p) => [p.sku, p.forecast]),
        EXPECTED_PARTS.map((p) => [p.sku, p.forecast]),
      );
      const designer = await t.signIn(alpha, 'designer');
      const denied = await t.app.inject({
        method: 'GET',
        url: '/api/v1/insights/module-demand',
        headers: designer.headers,
      });
      assert.equal(denied.statusCode, 403);
      const betaOwner = await t.signIn(beta, 'owner');
      const theirs = await t.app.inject({
        method: 'GET',
        url: '/api/v1/insights/module-demand?weeks=2&historyWeeks=4',
        headers: betaOwner.headers,
      });
      assert.equal(theirs.statusCode, 200, theirs.body);
      const body = theirs.json<{ parts: unknown[]; products: unknown[] }>();
      assert.deepEqual([body.parts, body.products], [[], []]);
      const bad = await t.app.inject({
        method: 'GET',
        url: '/api/v1/insights/module-demand?weeks=0',
        headers: ops.headers,
      });
      assert.equal(bad.statusCode, 400);
    });
  });
}
