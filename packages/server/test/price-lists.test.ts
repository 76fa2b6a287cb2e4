// Price lists over HTTP: owner and sales staff set a company's contract terms; bad terms are a
// 400 naming the field with nothing written; every change is audited; other firms' companies
// and lists are not found.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { priceLists } from '../src/contracts/contracts.schema.ts';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { listBusinessAccounts } from '../src/users/users.store.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';

let t: TestApp;
let alpha: Firm;
let beta: Firm;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());
beforeEach(async () => {
  await t.reset();
  alpha = await t.seedFirm('alpha');
  beta = await t.seedFirm('beta');
});

const companyOf = async (firm: Firm) => (await listBusinessAccounts(t.db, firm.tenant.id))[0]!;
const body = (companyId: string, over: Record<string, unknown> = {}) => ({
  companyId,
  name: 'Globex contract',
  currency: 'EUR',
  terms: {
    percentOffBp: 700,
    optionPrices: [{ feature: 'ram', value: 'gb32', unitPrice: 8_500 }],
    tiers: [
      { minQuantity: 50, percentOffBp: 800 },
      { minQuantity: 10, percentOffBp: 500 },
    ],
  },
  ...over,
});

test('sales staff give a company a price list; it reads back with its terms and is audited', async () => {
  const sales = await t.signIn(alpha, 'sales');
  const added = await t.app.inject({
    method: 'POST',
    url: '/api/v1/business-accounts',
    headers: sales.headers,
    payload: { name: 'Globex' },
  });
  const company = added.json<{ id: string }>();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/price-lists',
    headers: sales.headers,
    payload: body(company.id),
  });
  assert.equal(res.statusCode, 201, res.body);
  const created = res.json();
  assert.equal(created.companyId, company.id);
  assert.deepEqual(created.terms, {
    percentOffBp: 700,
    optionPrices: [{ feature: 'ram', value: 'gb32', unitPrice: 8_500 }],
    designPrices: [],
    // Sorted by quantity.
    tiers: [
      { minQuantity: 10, percentOffBp: 500 },
      { minQuantity: 50, percentOffBp: 800 },
    ],
  });
  const read = await t.app.inject({
    method: 'GET',
    url: `/api/v1/price-lists/${created.id}`,
    headers: sales.headers,
  });
  assert.deepEqual(read.json(), created);
  const audit = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, alpha.tenant.id), eq(auditLog.resourceId, created.id)));
  assert.deepEqual(
    audit.map((a) => [a.action, a.resource, a.actorStaffId]),
    [['change', 'price-list', sales.userId]],
  );

  const patched = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/price-lists/${created.id}`,
    headers: sales.headers,
    payload: { terms: { percentOffBp: 1_000 } },
  });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.deepEqual(patched.json().terms, {
    percentOffBp: 1_000,
    optionPrices: [],
    designPrices: [],
    tiers: [],
  });
});

test('bad terms are a 400 naming the field, and nothing is written', async () => {
  const owner = await t.signIn(alpha, 'owner');
  const company = await companyOf(alpha);
  const cases: [Record<string, unknown>, string][] = [
    [{ terms: { percentOffBp: 10_001 } }, 'terms.percentOffBp'],
    [{ terms: { percentOffBp: 2.5 } }, 'terms.percentOffBp'],
    [{ terms: { tiers: [{ minQuantity: 0, percentOffBp: 100 }] } }, 'terms.tiers.0.minQuantity'],
    [
      {
        terms: {
          tiers: [
            { minQuantity: 10, percentOffBp: 100 },
            { minQuantity: 10, percentOffBp: 200 },
          ],
        },
      },
      'terms.tiers.1.minQuantity',
    ],
    [
      {
        terms: {
          optionPrices: [
            { feature: 'ram', value: 'gb32', unitPrice: 1 },
            { feature: 'ram', value: 'gb32', unitPrice: 2 },
          ],
        },
      },
      'terms.optionPrices.1.value',
    ],
    [
      { terms: { optionPrices: [{ feature: 'ram', value: 'gb32', unitPrice: -1 }] } },
      'terms.optionPrices.0.unitPrice',
    ],
    [{ currency: 'eur' }, 'currency'],
  ];
  const before = await snapshotDatabase(t.testDb.database);
  for (const [over, field] of cases) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/price-lists',
      headers: owner.headers,
      payload: body(company.id, over),
    });
    assert.equal(res.statusCode, 400, `${JSON.stringify(over)}: ${res.body}`);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    assert.ok(fields.includes(field), `${field} not in ${fields.join(', ')}`);
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('a second list for the same company is a conflict', async () => {
  const owner = await t.signIn(alpha, 'owner');
  const company = await companyOf(alpha);
  // The demo seeds the company-wide list already.
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/price-lists',
    headers: owner.headers,
    payload: body(company.id),
  });
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().errors[0].field, 'companyId');
});

test('another firm’s company is not found, and only owner and sales manage price lists', async () => {
  const owner = await t.signIn(alpha, 'owner');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/price-lists',
    headers: owner.headers,
    payload: body((await companyOf(beta)).id),
  });
  assert.equal(res.statusCode, 404);
  const designer = await t.signIn(alpha, 'designer');
  const list = await t.app.inject({
    method: 'GET',
    url: '/api/v1/price-lists',
    headers: designer.headers,
  });
  assert.equal(list.statusCode, 403);
  const rows = await t.db.select().from(priceLists).where(eq(priceLists.tenantId, alpha.tenant.id));
  assert.equal(rows.length, 1);
});
