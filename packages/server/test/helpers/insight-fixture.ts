// A small firm with known designs and orders for the insight reports (option demand, scorecard):
// a product "Chair" (colour red/blue, arms yes/no; blue chairs have no arms; base 100.00 EUR,
// cost 50.00), three customers (Ann: personalization consent, segment best; Bob: segment best
// but no consent; a guest), designs and orders inserted with exact dates, promised dates,
// deliveries and prices. The figures the tests expect are computed by hand from these rows.
import assert from 'node:assert/strict';
import { orderEvents, orders } from '../../src/orders/orders.schema.ts';
import { designs, designVersions } from '../../src/studio/studio.schema.ts';
import type { Firm, SignedIn, TestApp } from './app.ts';
import { putInSegment, shopper } from './service-levels.ts';

export const CHAIR_MODEL = {
  id: 'chair',
  name: 'Chair',
  currency: 'EUR',
  base: { price: 10000, cost: 5000, leadTimeDays: 5 },
  features: [
    {
      id: 'colour',
      label: 'Colour',
      type: 'enum',
      options: [
        { id: 'red', label: 'Red', price: 0, cost: 0 },
        { id: 'blue', label: 'Blue', price: 1000, cost: 400 },
      ],
    },
    {
      id: 'arms',
      label: 'Arms',
      type: 'bool',
      whenTrue: { label: 'With arms', price: 2000, cost: 2500 },
      whenFalse: { label: 'No arms' },
    },
  ],
  rules: [
    { id: 'blue-no-arms', expr: 'colour = blue -> arms = false', message: 'Blue has no arms' },
  ],
};

export type InsightFixture = { productId: string; versionId: string; ann: string; bob: string };

export async function publishChair(t: TestApp, owner: SignedIn) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: owner.headers,
    payload: { slug: 'chair', name: 'Chair' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const productId = created.json<{ id: string }>().id;
  const up = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${productId}/versions`,
    headers: owner.headers,
    payload: { source: JSON.stringify(CHAIR_MODEL), format: 'json' },
  });
  assert.equal(up.statusCode, 201, up.body);
  const versionId = up.json<{ id: string }>().id;
  const pub = await t.app.inject({
    method: 'POST',
    url: `/api/v1/product-versions/${versionId}/publish`,
    headers: owner.headers,
  });
  assert.equal(pub.statusCode, 200, pub.body);
  return { productId, versionId };
}

type Choice = { colour: 'red' | 'blue'; arms: boolean };

export async function seedInsightFixture(
  t: TestApp,
  firm: Firm,
  owner: SignedIn,
): Promise<InsightFixture> {
  const { productId, versionId } = await publishChair(t, owner);
  const ann = (await shopper(t, firm, 'ann', true)).id;
  const bob = (await shopper(t, firm, 'bob', false)).id;
  await putInSegment(t, firm, ann, 'best');
  await putInSegment(t, firm, bob, 'best');
  const tenantId = firm.tenant.id;
  let n = 0;
  const order = async (
    customerId: string | null,
    choices: Choice,
    total: number,
    placed: string,
    promised: string,
    status: (typeof orders.$inferInsert)['status'],
    delivered?: string,
  ) => {
    n++;
    const id = t.ids.uuid();
    const at = new Date(`${placed}T10:00:00Z`);
    await t.db.insert(orders).values({
      id,
      tenantId,
      number: 90_000 + n,
      tokenHash: `fixture-${n}`,
      status,
      productId,
      productVersionId: versionId,
      customerId,
      email: `fixture${n}@example.test`,
      choices,
      personalization: {},
      lines: [],
      total,
      currency: 'EUR',
      leadTimeDays: 5,
      promisedDate: promised,
      bom: [],
      routing: [],
      createdAt: at,
      updatedAt: at,
    });
    if (delivered)
      await t.db.insert(orderEvents).values({
        id: t.ids.uuid(),
        tenantId,
        orderId: id,
        fromStatus: 'shipped',
        toStatus: 'delivered',
        byKind: 'staff',
        byLabel: 'fixture',
        at: new Date(`${delivered}T10:00:00Z`),
      });
  };
  // O1 … O5 count; O6 is cancelled, O7 placed before the period.
  await order(
    ann,
    { colour: 'red', arms: true },
    12000,
    '2026-01-05',
    '2026-01-12',
    'delivered',
    '2026-01-11',
  );
  await order(
    ann,
    { colour: 'red', arms: true },
    12000,
    '2026-01-06',
    '2026-01-13',
    'delivered',
    '2026-01-15',
  );
  await order(
    bob,
    { colour: 'blue', arms: false },
    11000,
    '2026-01-20',
    '2026-01-27',
    'delivered',
    '2026-01-27',
  );
  await order(null, { colour: 'red', arms: false }, 10000, '2026-02-03', '2026-02-10', 'confirmed');
  await order(bob, { colour: 'red', arms: true }, 12000, '2026-02-04', '2026-02-14', 'placed');
  await order(ann, { colour: 'blue', arms: false }, 11000, '2026-02-05', '2026-02-12', 'cancelled');
  await order(
    ann,
    { colour: 'red', arms: true },
    12000,
    '2025-12-20',
    '2025-12-27',
    'delivered',
    '2025-12-27',
  );

  const design = async (customerId: string | null, versions: [Choice, string][]) => {
    const id = t.ids.uuid();
    const first = new Date(`${versions[0]![1]}T10:00:00Z`);
    await t.db.insert(designs).values({
      id,
      tenantId,
      productId,
      customerId,
      name: 'Fixture chair',
      tokenHash: `fixture-design-${id}`,
      currentVersion: versions.length,
      createdAt: first,
      updatedAt: first,
    });
    let number = 0;
    for (const [choices, saved] of versions) {
      number++;
      await t.db.insert(designVersions).values({
        id: t.ids.uuid(),
        tenantId,
        designId: id,
        number,
        productVersionId: versionId,
        choices,
        personalization: {},
        quote: { total: 0, currency: 'EUR', promisedDate: null, valid: true },
        createdAt: new Date(`${saved}T10:00:00Z`),
      });
    }
  };
  // D1's first version (blue) is not counted: only each design's current version is.
  await design(ann, [
    [{ colour: 'blue', arms: false }, '2026-01-02'],
    [{ colour: 'red', arms: true }, '2026-01-10'],
  ]);
  await design(null, [[{ colour: 'blue', arms: false }, '2026-02-02']]);
  await design(bob, [[{ colour: 'red', arms: false }, '2026-01-25']]);
  return { productId, versionId, ann, bob };
}

export const FIXTURE_PERIOD = 'from=2026-01-01&to=2026-02-28';
