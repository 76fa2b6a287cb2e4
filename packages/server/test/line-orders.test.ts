// Several designs × quantities in one quote or order: a company buyer gets their contract's
// prices on every line (re-priced by the server), quantities follow the product's rule, and
// capacity, BOM and routing scale with quantity, spilling over days; the order promises the
// latest line's date. Single-design orders stay one line of quantity 1.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Configuration } from '@customerize/engine';
import { capacityBookings } from '../src/capacity/capacity.schema.ts';
import { orderLines } from '../src/contracts/contracts.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { completePreset, orderAsGuest, shopProduct } from './helpers/shop.ts';

type Term = { kind: string; minQuantity?: number; percentOffBp?: number; key?: string };
type CLine = {
  kind: string;
  feature?: string;
  label: string;
  quantity: number;
  unitList: number;
  unitAmount: number;
  amount: number;
  term: Term;
};
type LinesQuote = {
  valid: boolean;
  currency: string;
  priceListId: string | null;
  listTotal: number;
  total: number;
  promisedDate: string;
  lines: {
    quantity: number;
    total: number;
    listTotal: number;
    promisedDate: string;
    lines: CLine[];
    workCenters: { center: string; hours: number; startDate: string; endDate: string }[];
  }[];
};

let t: TestApp;
let alpha: Firm;
let buyer: SignedIn;
let versionId: string;
let laptopId: string;
let everyday: Configuration;
let bigMemory: Configuration;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());
beforeEach(async () => {
  await t.reset();
  alpha = await t.seedFirm('alpha');
  buyer = await t.signIn(alpha, 'buyer');
  const laptop = await shopProduct(t, 'alpha', 'laptop');
  versionId = laptop.version.id;
  laptopId = laptop.product.id;
  // The buyer is Acme's, and Acme approved laptops with Windows Pro and the 3-year cover only.
  everyday = { ...completePreset(laptop, 0), os: 'win_pro', warranty: 'premium3' };
  bigMemory = { ...everyday, ram: 'gb32' };
});

const lines = (q40: number, q5: number) => [
  { versionId, choices: everyday, quantity: q40 },
  { versionId, choices: bigMemory, quantity: q5 },
];

async function quoteLines(body: unknown, who?: SignedIn) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/quotes/lines',
    headers: who?.headers ?? {},
    payload: body as object,
  });
}

test('a company buyer’s quote of 40 laptops and 5 with more memory names the contract term of every line', async () => {
  const res = await quoteLines({ lines: lines(40, 5) }, buyer);
  assert.equal(res.statusCode, 200, res.body);
  const q = res.json<LinesQuote>();
  assert.ok(q.valid);
  assert.notEqual(q.priceListId, null);
  const [forty, five] = q.lines;
  // The demo contract: 5 % off list, 32 GB at 90.00, 5 % more from 10 units, 8 % from 50.
  const base = forty!.lines.find((l) => l.kind === 'base')!;
  assert.equal(base.term.kind, 'percent-off');
  assert.equal(base.unitAmount, base.unitList - Math.floor((base.unitList * 500 + 5_000) / 10_000));
  assert.equal(base.amount, base.unitAmount * 40);
  const tier = forty!.lines.find((l) => l.kind === 'volume-tier')!;
  assert.deepEqual(tier.term, { kind: 'volume-tier', minQuantity: 10, percentOffBp: 500 });
  assert.equal(
    five!.lines.find((l) => l.kind === 'volume-tier'),
    undefined,
    'no tier below 10',
  );
  const ram = five!.lines.find((l) => l.feature === 'ram')!;
  assert.deepEqual([ram.unitAmount, ram.term], [9_000, { kind: 'option-price', key: 'ram=gb32' }]);
  for (const line of q.lines) {
    assert.equal(
      line.total,
      line.lines.reduce((s, l) => s + l.amount, 0),
    );
    assert.ok(line.total < line.listTotal);
  }
  assert.equal(q.total, forty!.total + five!.total);
  assert.equal(q.promisedDate, [forty!.promisedDate, five!.promisedDate].sort().at(-1));

  // A guest (or anyone outside the company) pays list prices for the same lines.
  const guest = (await quoteLines({ lines: lines(40, 5) })).json<LinesQuote>();
  assert.equal(guest.priceListId, null);
  assert.ok(guest.lines.every((l) => l.lines.every((c) => c.term.kind === 'list')));
  assert.equal(guest.total, guest.listTotal);
  assert.equal(guest.listTotal, q.listTotal);
});

test('work scales with quantity and what one day cannot hold spills over the next working days', async () => {
  const one = (
    await quoteLines({ lines: [{ versionId, choices: everyday, quantity: 1 }] }, buyer)
  ).json<LinesQuote>();
  const forty = (
    await quoteLines({ lines: [{ versionId, choices: everyday, quantity: 40 }] }, buyer)
  ).json<LinesQuote>();
  const build1 = one.lines[0]!.workCenters.find((w) => w.center === 'pc-build')!;
  const build40 = forty.lines[0]!.workCenters.find((w) => w.center === 'pc-build')!;
  assert.equal(build40.hours, Math.round(build1.hours * 40 * 100) / 100);
  // 40 × the build hours is more than the line's 16 hours a day.
  assert.ok(build40.hours > 16);
  assert.ok(build40.endDate > build40.startDate, 'the build takes more than one day');
  assert.ok(forty.promisedDate > one.promisedDate);
});

test('quantities of 0, negative, fractional or outside the product’s rule are a 400 naming the line, and nothing is written', async () => {
  const owner = await t.signIn(alpha, 'owner');
  // The demo's laptop rule (1 to 500) becomes 5 to 100 in steps of 5.
  const rules = await t.app.inject({
    method: 'GET',
    url: '/api/v1/quantity-rules',
    headers: owner.headers,
  });
  const laptopRule = (rules.json() as { id: string; productId: string }[]).find(
    (r) => r.productId === laptopId,
  )!;
  const rule = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/quantity-rules/${laptopRule.id}`,
    headers: owner.headers,
    payload: { minQuantity: 5, maxQuantity: 100, increment: 5 },
  });
  assert.equal(rule.statusCode, 200, rule.body);
  const before = await snapshotDatabase(t.testDb.database);
  const cases: [[number, number], string, RegExp][] = [
    [[0, 5], 'lines.0.quantity', /at least 1|>= 1/],
    [[-3, 5], 'lines.0.quantity', /at least 1|>= 1/],
    [[2.5, 5], 'lines.0.quantity', /integer|whole/i],
    [[10, 7], 'lines.1.quantity', /one of 5, 10, 15/],
    [[105, 5], 'lines.0.quantity', /at most 100/],
    [[10, 3], 'lines.1.quantity', /at least 5/],
  ];
  for (const [[a, b], field, message] of cases) {
    for (const url of ['/api/v1/shop/alpha/quotes/lines', '/api/v1/shop/alpha/orders/lines']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: buyer.headers,
        payload: {
          lines: lines(a, b),
          ...(url.includes('/orders/')
            ? { expected: { total: 1, currency: 'EUR', promisedDate: '2030-01-01' } }
            : {}),
        },
      });
      assert.equal(res.statusCode, 400, `${a}, ${b} at ${url}: ${res.body}`);
      const error = (res.json().errors as { field: string; message: string }[]).find(
        (e) => e.field === field,
      );
      assert.ok(error, `${field} named for ${a}, ${b}: ${res.body}`);
      assert.match(error.message, message);
    }
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('a multi-line order is re-priced with the contract, books the scaled work and promises the latest line’s date', async () => {
  const q = (await quoteLines({ lines: lines(40, 5) }, buyer)).json<LinesQuote>();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders/lines',
    headers: buyer.headers,
    payload: {
      lines: lines(40, 5),
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const order = res.json();
  assert.equal(order.total, q.total);
  assert.equal(order.promisedDate, q.promisedDate);
  assert.deepEqual(
    order.items.map((i: { quantity: number; total: number }) => [i.quantity, i.total]),
    q.lines.map((l) => [l.quantity, l.total]),
  );
  assert.ok(
    order.items.every((i: { priceListId: string | null }) => i.priceListId === q.priceListId),
  );

  // The bookings are the quoted work: every line's hours, at the centers, over the quoted days.
  const booked = await t.db
    .select()
    .from(capacityBookings)
    .where(
      and(eq(capacityBookings.tenantId, alpha.tenant.id), eq(capacityBookings.orderId, order.id)),
    );
  const quotedMinutes = q.lines
    .flatMap((l) => l.workCenters)
    .reduce((s, w) => s + Math.round(w.hours * 60), 0);
  assert.equal(
    booked.reduce((s, b) => s + b.minutes, 0),
    quotedMinutes,
  );
  assert.ok(new Set(booked.map((b) => b.day)).size > 1, 'the work is split across days');

  // The console's order detail shows the lines with their quantities and contract lines.
  const sales = await t.signIn(alpha, 'sales');
  const detail = await t.app.inject({
    method: 'GET',
    url: `/api/v1/orders/${order.id}`,
    headers: sales.headers,
  });
  assert.equal(detail.statusCode, 200);
  const items = detail.json().items as { quantity: number; lines: CLine[] }[];
  assert.deepEqual(
    items.map((i) => i.quantity),
    [40, 5],
  );
  assert.ok(items[0]!.lines.some((l) => l.term.kind === 'volume-tier'));
  const bom = detail.json().bom as { sku: string; qty: number }[];
  assert.equal(bom.find((b) => b.sku === 'RAM-32-LP5X')?.qty, 5);

  // A second order sees the first one's capacity: its date is no earlier.
  const again = (await quoteLines({ lines: lines(40, 5) }, buyer)).json<LinesQuote>();
  assert.ok(again.promisedDate >= q.promisedDate);
  const rows = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  assert.equal(rows.length, 2);
});

test('a price the buyer did not see is refused with the server’s quote, and nothing is written', async () => {
  const q = (await quoteLines({ lines: lines(40, 5) }, buyer)).json<LinesQuote>();
  const before = await snapshotDatabase(t.testDb.database);
  // The client claims the list price of a guest: the server prices the contract itself.
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders/lines',
    headers: buyer.headers,
    payload: {
      lines: lines(40, 5),
      expected: { total: q.total - 1, currency: q.currency, promisedDate: q.promisedDate },
    },
  });
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().code, 'changed');
  assert.equal(res.json().quote.total, q.total);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('a single-design order is one line of quantity 1, at list price, as before', async () => {
  const placed = await orderAsGuest(t, 'alpha', versionId, everyday);
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${placed.id}?token=${placed.token}`,
  });
  const items = res.json().items as { quantity: number; total: number; priceListId: null }[];
  assert.deepEqual(
    items.map((i) => [i.quantity, i.total, i.priceListId]),
    [[1, placed.total, null]],
  );
});

test('a multi-line order stays in the own workshop: the firm cannot route it to a partner', async () => {
  const q = (await quoteLines({ lines: lines(10, 5) }, buyer)).json<LinesQuote>();
  const order = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/orders/lines',
      headers: buyer.headers,
      payload: {
        lines: lines(10, 5),
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    })
  ).json();
  const owner = await t.signIn(alpha, 'owner');
  const partners = (
    await t.app.inject({ method: 'GET', url: '/api/v1/providers', headers: owner.headers })
  ).json() as { id: string; kind: string }[];
  const partner = partners.find((p) => p.kind === 'partner')!;
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${order.id}/route`,
    headers: owner.headers,
    payload: { providerId: partner.id },
  });
  assert.equal(res.statusCode, 409, res.body);
  assert.match(res.json().detail, /several lines or quantities/);
});

test('a quantity no center can build within its horizon is a 409 naming that line’s quantity', async () => {
  const owner = await t.signIn(alpha, 'owner');
  const rules = await t.app.inject({
    method: 'GET',
    url: '/api/v1/quantity-rules',
    headers: owner.headers,
  });
  const laptopRule = (rules.json() as { id: string; productId: string }[]).find(
    (r) => r.productId === laptopId,
  )!;
  await t.app.inject({
    method: 'PUT',
    url: `/api/v1/quantity-rules/${laptopRule.id}`,
    headers: owner.headers,
    payload: { minQuantity: 1, maxQuantity: null, increment: 1 },
  });
  // 100 000 laptops need far more build hours than two years of 16-hour days hold.
  const res = await quoteLines({ lines: lines(1, 100_000) }, buyer);
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().errors[0].field, 'lines.1.quantity');
});
