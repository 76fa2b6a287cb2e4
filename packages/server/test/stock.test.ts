// Modules in stock: the promise with stock against hand-computed dates, reserve / consume /
// return through the order lifecycle with the ledger matching the balances, refusals that write
// nothing, and the risk-pooling and build-ahead numbers on hand-computed cases.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { Configuration } from '@customerize/engine';
import {
  normalQuantile,
  riskPooling,
  stockNeeds,
  stockedLabel,
  stockPlan,
  suggestedBuild,
} from '../src/stock/stock.ts';
import { ledgerSums, listStockItems } from '../src/stock/stock.store.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { quote, shopProduct, type Quote } from './helpers/shop.ts';

type StockQuote = Quote & {
  fromStock: {
    promisedDate: string;
    madeToOrderDate: string;
    label: string;
    postponedSteps: string[];
  } | null;
};
type Item = {
  id: string;
  sku: string;
  unit: string;
  onHand: number;
  reserved: number;
  available: number;
};

/** A design every module of which the demo firm stocks (aluminium frame, black powder). */
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

describe('the promise with stock, over plain data', () => {
  test('an order needs its BOM in whole units, merged per sku and unit', () => {
    assert.deepEqual(
      stockNeeds([
        { sku: 'B', qty: 2 },
        { sku: 'A', qty: 0.5, unit: 'kg' },
        { sku: 'B', qty: 1 },
      ]),
      [
        { sku: 'A', unit: 'kg', qty: 1, description: '' },
        { sku: 'B', unit: '', qty: 3, description: '' },
      ],
    );
  });

  test('only a product with a postponement point and every module available is planned from stock', () => {
    const bom = [
      { sku: 'FRAME', qty: 1 },
      { sku: 'WHEEL', qty: 2 },
    ];
    const routing = [
      { center: 'frame-shop', hours: 3 },
      { center: 'assembly', hours: 2, final: true },
    ];
    const available = [
      { sku: 'FRAME', unit: '', available: 1, description: 'Frame' },
      { sku: 'WHEEL', unit: '', available: 2, description: 'Wheel' },
    ];
    const plan = stockPlan({ postponedCenters: ['assembly'], bom, routing, available });
    assert.deepEqual(plan?.postponed, [{ center: 'assembly', hours: 2, final: true }]);
    assert.equal(stockPlan({ postponedCenters: null, bom, routing, available }), null);
    assert.equal(
      stockPlan({
        postponedCenters: ['assembly'],
        bom,
        routing,
        available: [available[0]!, { ...available[1]!, available: 1 }],
      }),
      null,
      'one wheel short: made to order',
    );
  });
});

test('the studio names the generic modules a design is built from', () => {
  const part = { unit: '', qty: 1 };
  assert.equal(
    stockedLabel([
      { ...part, sku: 'BRK', description: '' },
      { ...part, sku: 'FRM', description: 'Steel frame', generic: true },
    ]),
    'the stocked Steel frame',
  );
  assert.equal(
    stockedLabel([
      { ...part, sku: 'A', description: 'frame', generic: true },
      { ...part, sku: 'B', description: 'fork', generic: true },
      { ...part, sku: 'C', description: 'wheels', generic: true },
    ]),
    'the stocked frame, fork and wheels',
  );
  assert.equal(stockedLabel([{ ...part, sku: 'BRK', description: '' }]), 'the stocked parts');
});

describe('risk pooling and build-ahead, hand-computed', () => {
  test('z for a 95 % service level is 1.6449', () => {
    assert.equal(Math.round(normalQuantile(0.95) * 10000) / 10000, 1.6449);
    assert.equal(Math.round(normalQuantile(0.5) * 10000) / 10000, 0);
  });

  test('two variants whose demands offset each other need no pooled safety stock', () => {
    // Variant A: 2,0,2,0 (σ = 1); variant B: 0,2,0,2 (σ = 1); together 2,2,2,2 (σ = 0).
    // L = 4 weeks, √L = 2, z = 2: pooled 2·0·2 = 0; separate 2·1·2 + 2·1·2 = 8.
    const r = riskPooling({
      variants: [
        [2, 0, 2, 0],
        [0, 2, 0, 2],
      ],
      leadTimeWeeks: 4,
      z: 2,
    });
    assert.deepEqual(r, { variants: 2, sigmaPooled: 0, sigmaSeparate: 2, pooled: 0, separate: 8 });
  });

  test('three independent-looking variants: pooled is less than the sum', () => {
    // A: 1,3 (σ 1); B: 3,1 (σ 1); C: 0,4 (σ 2). Total 4,8 (σ 2). L = 1 week, z = 1.
    const r = riskPooling({
      variants: [
        [1, 3],
        [3, 1],
        [0, 4],
      ],
      leadTimeWeeks: 1,
      z: 1,
    });
    assert.equal(r.pooled, 2);
    assert.equal(r.separate, 4);
  });

  test('the suggested build brings available stock up to lead-time demand plus safety stock', () => {
    // 10 a week over 2 weeks = 20, + 3.29 safety = 23.29; 5 available → build ⌈18.29⌉ = 19.
    assert.deepEqual(
      suggestedBuild({ weeklyDemand: 10, leadTimeWeeks: 2, safetyStock: 3.29, available: 5 }),
      { reorderLevel: 23.29, quantity: 19 },
    );
    assert.equal(
      suggestedBuild({ weeklyDemand: 1, leadTimeWeeks: 1, safetyStock: 0, available: 9 }).quantity,
      0,
    );
  });
});

describe('stock through the API', () => {
  let t: TestApp;
  let firm: Firm;
  let ops: SignedIn;
  let bike: Awaited<ReturnType<typeof shopProduct>>;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.reset();
    firm = await t.seedFirm('alpha');
    ops = await t.signIn(firm, 'operations');
    bike = await shopProduct(t, 'alpha', 'city-bike');
  });

  const items = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stock-items',
      headers: ops.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Item[]>();
  };
  const item = async (sku: string) => (await items()).find((i) => i.sku === sku)!;
  const stockQuote = async (choices: Configuration) =>
    (await quote(t, 'alpha', { versionId: bike.version.id, choices })) as StockQuote;
  const order = async (choices: Configuration, q: Quote) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/orders',
      payload: {
        versionId: bike.version.id,
        choices,
        email: 'stock.buyer@example.com',
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    });
  const move = (orderId: string, to: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${orderId}/transitions`,
      headers: ops.headers,
      payload: { to },
    });
  const ledgerMatchesBalances = async () => {
    const sums = await ledgerSums(t.db, firm.tenant.id);
    for (const i of await listStockItems(t.db, firm.tenant.id)) {
      const s = sums.get(i.id) ?? { onHand: 0, reserved: 0 };
      assert.deepEqual(s, { onHand: i.onHand, reserved: i.reserved }, `ledger of ${i.sku}`);
    }
  };

  test('a design whose modules are all in stock is promised from stock: only final assembly remains', async () => {
    // Today is Thursday 2026-01-15 (Amsterdam). Made to order: lead time max(5, 6 aluminium) = 6
    // days, frame and paint on Friday the 16th, final assembly when the parts are in (Tuesday the
    // 20th) → promised Wednesday 2026-01-21. From stock: assembly (2.5 h of 21) tomorrow, Friday
    // the 16th → promised Saturday 2026-01-17.
    const q = await stockQuote(STOCKED);
    assert.equal(q.valid, true, JSON.stringify(q.violations));
    assert.equal(q.promisedDate, '2026-01-17');
    assert.equal(q.fromStock?.promisedDate, '2026-01-17');
    assert.equal(q.fromStock?.madeToOrderDate, '2026-01-21');
    assert.deepEqual(q.fromStock?.postponedSteps, ['Final assembly, adjustment and test ride']);
    assert.equal(
      q.fromStock?.label,
      'the stocked Aluminium tube set',
      'the generic module is named',
    );
    assert.deepEqual(
      q.workCenters.map((w) => w.center),
      ['assembly'],
    );
  });

  test('a design with a module that is not stocked (sage powder) is made to order', async () => {
    // Sage: lead time 7 → parts in on Wednesday the 21st, assembly then → promised 2026-01-22.
    const q = await stockQuote({ ...STOCKED, colour: 'sage' });
    assert.equal(q.fromStock, null);
    assert.equal(q.promisedDate, '2026-01-22');
  });

  test('without a postponement point the same design is made to order', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/products/${bike.product.id}/postponement`,
      headers: ops.headers,
    });
    assert.equal(res.statusCode, 204, res.body);
    const q = await stockQuote(STOCKED);
    assert.equal(q.fromStock, null);
    assert.equal(q.promisedDate, '2026-01-21');
  });

  test('an order from stock reserves its modules, production consumes them, and the ledger matches', async () => {
    const before = await item('TUB-AL6061-SET');
    const q = await stockQuote(STOCKED);
    const res = await order(STOCKED, q);
    assert.equal(res.statusCode, 201, res.body);
    const placed = res.json<{ id: string; promisedDate: string }>();
    assert.equal(placed.promisedDate, '2026-01-17');
    const reserved = await item('TUB-AL6061-SET');
    assert.equal(reserved.reserved, before.reserved + 1);
    assert.equal(reserved.onHand, before.onHand);
    assert.equal((await item('BRK-VBRAKE')).reserved, 2, 'two rim brakes');
    const reservations = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stock-reservations',
      headers: ops.headers,
    });
    assert.equal(
      reservations.json<{ orderId: string }[]>().filter((r) => r.orderId === placed.id).length,
      10,
    );

    for (const to of ['placed', 'confirmed', 'in_production']) {
      const current = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${placed.id}`,
        headers: ops.headers,
      });
      if (current.json<{ status: string }>().status === to) continue;
      if (to === 'placed' && current.json<{ status: string }>().status !== 'pending_confirmation')
        continue;
      assert.equal((await move(placed.id, to)).statusCode, 200);
    }
    const consumed = await item('TUB-AL6061-SET');
    assert.equal(consumed.onHand, before.onHand - 1);
    assert.equal(consumed.reserved, before.reserved);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stock-items/${consumed.id}`,
      headers: ops.headers,
    });
    assert.deepEqual(
      history.json<{ movements: { kind: string }[] }>().movements.map((m) => m.kind),
      ['consumption', 'reservation', 'receipt'],
    );
    await ledgerMatchesBalances();
  });

  test('a cancelled order gives its stock back', async () => {
    const before = await item('TUB-AL6061-SET');
    const res = await order(STOCKED, await stockQuote(STOCKED));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await move(res.json<{ id: string }>().id, 'cancelled')).statusCode, 200);
    const after = await item('TUB-AL6061-SET');
    assert.deepEqual([after.onHand, after.reserved], [before.onHand, before.reserved]);
    await ledgerMatchesBalances();
  });

  test('when the last frame is taken, the next quote is made to order and an order expecting the stock date is refused with nothing written', async () => {
    const frame = await item('TUB-AL6061-SET');
    const fromStock = await stockQuote(STOCKED);
    // Staff count the shelf and find all but one frame missing; an order takes the last one.
    const adjust = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stock-items/${frame.id}/adjustments`,
      headers: ops.headers,
      payload: { quantity: -(frame.onHand - 1), note: 'counted' },
    });
    assert.equal(adjust.statusCode, 201, adjust.body);
    assert.equal((await order(STOCKED, fromStock)).statusCode, 201);
    const snapshot = await snapshotDatabase(t.testDb.database);
    const late = await order(STOCKED, fromStock);
    assert.equal(late.statusCode, 409, late.body);
    assert.equal(late.json<{ code: string }>().code, 'changed');
    assert.deepEqual(await snapshotDatabase(t.testDb.database), snapshot, 'nothing written');
    const made = await stockQuote(STOCKED);
    assert.equal(made.fromStock, null);
    assert.equal(made.promisedDate, '2026-01-21');
    assert.equal((await order(STOCKED, made)).statusCode, 201, 'made to order without stock');
    assert.equal((await item('TUB-AL6061-SET')).reserved, 1, 'the made-to-order one reserves none');
    await ledgerMatchesBalances();
  });

  test('negative receipts and adjustments below what is reserved are refused naming quantity, nothing changed', async () => {
    const frame = await item('TUB-AL6061-SET');
    assert.equal((await order(STOCKED, await stockQuote(STOCKED))).statusCode, 201);
    const snapshot = await snapshotDatabase(t.testDb.database);
    for (const [path, quantity] of [
      ['receipts', -3],
      ['receipts', 0],
      ['adjustments', -frame.onHand],
      ['adjustments', -(frame.onHand + 5)],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/stock-items/${frame.id}/${path}`,
        headers: ops.headers,
        payload: { quantity, note: 'x' },
      });
      assert.equal(res.statusCode, 400, `${path} ${quantity}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
      assert.ok(
        res
          .json<{ errors: { field: string }[] }>()
          .errors.some((e) => e.field.includes('quantity')),
        res.body,
      );
    }
    assert.deepEqual(await snapshotDatabase(t.testDb.database), snapshot);
  });

  test('the database itself refuses negative stock and reservations beyond on hand', async () => {
    const frame = await item('TUB-AL6061-SET');
    await assert.rejects(
      t.db.execute(sql`update stock_items set on_hand = -1, reserved = 0 where id = ${frame.id}`),
    );
    await assert.rejects(
      t.db.execute(sql`update stock_items set reserved = on_hand + 1 where id = ${frame.id}`),
    );
  });

  test('staff stock a part, receive it, and set a postponement point only to known work centers', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stock-items',
      headers: ops.headers,
      payload: { sku: 'FRM-CARBON-CITY', generic: true, onHand: 2, leadTimeDays: 21 },
    });
    assert.equal(created.statusCode, 201, created.body);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stock-items',
      headers: ops.headers,
      payload: { sku: 'FRM-CARBON-CITY' },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<{ errors: { field: string }[] }>().errors[0]?.field, 'sku');
    const received = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stock-items/${created.json<{ id: string }>().id}/receipts`,
      headers: ops.headers,
      payload: { quantity: 3 },
    });
    assert.equal(received.json<{ onHand: number }>().onHand, 5);
    const wrong = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/products/${bike.product.id}/postponement`,
      headers: ops.headers,
      payload: { postponedCenters: ['assembly', 'moon-base'] },
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(
      wrong.json<{ errors: { field: string }[] }>().errors[0]?.field,
      'postponedCenters.1',
    );
    const sales = await t.signIn(firm, 'sales');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stock-items',
      headers: sales.headers,
      payload: { sku: 'X' },
    });
    assert.equal(refused.statusCode, 403, 'sales look but do not change stock');
  });

  test('one firm’s stock, reservations and ledger are not another’s', async () => {
    const beta = await t.seedFirm('beta');
    const betaBike = await shopProduct(t, 'beta', 'city-bike');
    const q = (await quote(t, 'beta', {
      versionId: betaBike.version.id,
      choices: STOCKED,
    })) as StockQuote;
    assert.ok(q.fromStock, 'beta has its own stock');
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/beta/orders',
      payload: {
        versionId: betaBike.version.id,
        choices: STOCKED,
        email: 'beta.buyer@example.com',
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stock-reservations',
      headers: ops.headers,
    });
    assert.deepEqual(res.json(), [], 'alpha sees none of beta’s reservations');
    assert.equal((await item('TUB-AL6061-SET')).reserved, 0, 'nor is its own stock touched');
    const betaOps = await t.signIn(beta, 'operations');
    const betaList = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stock-reservations',
      headers: betaOps.headers,
    });
    assert.equal(betaList.json<unknown[]>().length, 10);
    const betaFrame = (await listStockItems(t.db, beta.tenant.id)).find(
      (i) => i.sku === 'TUB-AL6061-SET',
    )!;
    const cross = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stock-items/${betaFrame.id}`,
      headers: ops.headers,
    });
    assert.equal(cross.statusCode, 404);
  });

  test('replenishment suggests builds for generic modules and shows pooled and separate safety stock', async () => {
    // Two end variants of the aluminium frame, ordered in alternate weeks.
    for (let week = 0; week < 4; week++) {
      const choices = { ...STOCKED, colour: week % 2 === 0 ? 'black' : 'white' };
      const res = await order(choices, await stockQuote(choices));
      assert.equal(res.statusCode, 201, res.body);
      t.clock.advance(7 * 24 * 3600 * 1000);
    }
    ops = await t.signIn(firm, 'operations');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stock-replenishment?serviceLevel=0.95',
      headers: ops.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{
      z: number;
      suggestions: {
        sku: string;
        variants: number;
        safetyStockPooled: number;
        safetyStockSeparate: number;
        suggestedBuild: number;
      }[];
    }>();
    assert.equal(body.z, 1.6449);
    assert.deepEqual(
      body.suggestions.map((s) => s.sku).sort(),
      ['TUB-AL6061-SET', 'TUB-CRMO-SET'],
      'generic modules only',
    );
    const al = body.suggestions.find((s) => s.sku === 'TUB-AL6061-SET')!;
    assert.ok(al.variants >= 2);
    assert.ok(
      al.safetyStockPooled < al.safetyStockSeparate,
      `pooled ${al.safetyStockPooled} < separate ${al.safetyStockSeparate}`,
    );
    assert.ok(al.suggestedBuild >= 0);
  });
});
