// Demand by option and the variety & effectiveness scorecard against a hand-computed fixture
// (test/helpers/insight-fixture.ts): every figure and every chart's table, the split by segment
// under personalization consent, roles, tenant isolation and bad input. On PGlite, and on
// PostgreSQL when TEST_DATABASE_URL is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import {
  FIXTURE_PERIOD,
  seedInsightFixture,
  type InsightFixture,
} from './helpers/insight-fixture.ts';
import { consent } from './helpers/service-levels.ts';
import { signInCustomer } from './helpers/accounts.ts';

type Row = { feature: string; value: unknown; designs: number; orders: number } & Record<
  string,
  unknown
>;
type Demand = {
  totals: { designs: number; orders: number };
  values: Row[];
  overTime: Row[];
  bySegment: Row[];
  explanation: { definition: string; formula: string; segments: string };
};
type Figure = {
  key: string;
  value: number | string | null;
  explanation: { definition: string; formula: string; inputs: { name: string; value: unknown }[] };
};
type Scorecard = {
  figures: Figure[];
  margins: {
    costsMissing: boolean;
    items: Row[];
    explanation: { definition: string };
  };
};

/** Rows as compact tuples, sorted, so a table compares in one assertion. */
const tuples = (rows: Row[], keys: string[]) =>
  rows
    .map((r) => keys.map((k) => r[k]))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

for (const target of testDatabaseTargets()) {
  describe(`insight reports on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let alpha: Firm;
    let beta: Firm;
    let owner: SignedIn;
    let fx: InsightFixture;

    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
      owner = await t.signIn(alpha, 'owner');
      fx = await seedInsightFixture(t, alpha, owner);
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    const get = (url: string, who: SignedIn = owner) =>
      t.app.inject({ method: 'GET', url, headers: who.headers });
    const demand = async (query = '') => {
      const res = await get(
        `/api/v1/insights/option-demand?product=${fx.productId}&${FIXTURE_PERIOD}${query}`,
      );
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Demand>();
    };

    test('demand by option: per value, with the model’s labels, in designs and orders', async () => {
      const d = await demand();
      assert.deepEqual(d.totals, { designs: 3, orders: 5 });
      assert.deepEqual(
        tuples(d.values, ['featureLabel', 'valueLabel', 'value', 'designs', 'orders']),
        [
          ['Arms', 'No arms', false, 2, 2],
          ['Arms', 'With arms', true, 1, 3],
          ['Colour', 'Blue', 'blue', 1, 1],
          ['Colour', 'Red', 'red', 2, 4],
        ],
      );
      assert.match(d.explanation.definition, /current version/);
    });

    test('demand by option over time: months and weeks (Monday) in the firm’s time zone', async () => {
      const d = await demand('&bucket=month');
      assert.deepEqual(tuples(d.overTime, ['bucket', 'feature', 'value', 'designs', 'orders']), [
        ['2026-01-01', 'arms', false, 1, 1],
        ['2026-01-01', 'arms', true, 1, 2],
        ['2026-01-01', 'colour', 'blue', 0, 1],
        ['2026-01-01', 'colour', 'red', 2, 2],
        ['2026-02-01', 'arms', false, 1, 1],
        ['2026-02-01', 'arms', true, 0, 1],
        ['2026-02-01', 'colour', 'blue', 1, 0],
        ['2026-02-01', 'colour', 'red', 0, 2],
      ]);
      const w = await demand('&bucket=week');
      const weeks = tuples(
        w.overTime.filter((r) => r.feature === 'colour'),
        ['bucket', 'value', 'designs', 'orders'],
      );
      // D1 (Sat 10 Jan) is in the week of Mon 5 Jan with O1, O2; D3 (Sun 25 Jan) with O3 (Tue 20).
      assert.deepEqual(weeks, [
        ['2026-01-05', 'red', 1, 2],
        ['2026-01-19', 'blue', 0, 1],
        ['2026-01-19', 'red', 1, 0],
        ['2026-02-02', 'blue', 1, 0],
        ['2026-02-02', 'red', 0, 2],
      ]);
    });

    test('demand by segment counts a customer’s segment only under personalization consent', async () => {
      const d = await demand();
      // Ann (consent, best): O1, O2, D1. Bob is scored best but has no consent: unsegmented.
      assert.deepEqual(tuples(d.bySegment, ['segment', 'feature', 'value', 'designs', 'orders']), [
        ['best', 'arms', true, 1, 2],
        ['best', 'colour', 'red', 1, 2],
        ['unsegmented', 'arms', false, 2, 2],
        ['unsegmented', 'arms', true, 0, 1],
        ['unsegmented', 'colour', 'blue', 1, 1],
        ['unsegmented', 'colour', 'red', 1, 2],
      ]);
      const best = await demand('&segment=best');
      assert.deepEqual(best.totals, { designs: 1, orders: 2 });
      assert.deepEqual(tuples(best.values, ['feature', 'value', 'designs', 'orders']), [
        ['arms', true, 1, 2],
        ['colour', 'red', 1, 2],
      ]);
    });

    test('the scorecard: every figure as computed by hand, each with its explanation', async () => {
      const res = await get(`/api/v1/insights/scorecard?product=${fx.productId}&${FIXTURE_PERIOD}`);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json<Scorecard>();
      const value = Object.fromEntries(s.figures.map((f) => [f.key, f.value]));
      assert.deepEqual(value, {
        // red+arms, red, blue (blue has no arms).
        configurationsOffered: '3',
        ordersCounted: 5,
        distinctConfigurationsOrdered: 3,
        top10Share: 100,
        top100Share: 100,
        // Delivered O1 (11 ≤ 12), O2 (15 > 13), O3 (27 ≤ 27).
        promisedDatesKept: 66.67,
        // 6, 9, 7, 7 (O4 promised), 10 (O5 promised).
        leadTimeAverage: 7.8,
        leadTimeP50: 7,
        leadTimeP90: 10,
        // Cheapest: red, no arms = 100.00; premiums 20, 20, 10, 0, 20.
        pricePremium: 14,
        // 100 × (0.25·0.6 + 0.15·0 + 0.35·0.6667 + 0.10·0.28 + 0.15·0.1).
        effectivenessIndex: 42.63,
      });
      for (const f of s.figures) {
        assert.ok(f.explanation.definition.length > 20, `${f.key} is defined`);
        assert.ok(f.explanation.formula.length > 5, `${f.key} has a formula`);
      }
      const kept = s.figures.find((f) => f.key === 'promisedDatesKept')!;
      assert.deepEqual(kept.explanation.inputs, [
        { name: 'deliveredOnTime', value: 2 },
        { name: 'delivered', value: 3 },
      ]);
      assert.equal(s.margins.costsMissing, false);
      assert.deepEqual(
        tuples(s.margins.items, [
          'feature',
          'value',
          'orders',
          'priceDelta',
          'costDelta',
          'marginPerOrder',
          'marginTotal',
          'costSource',
        ]),
        [
          ['arms', false, 2, 0, 0, 0, 0, 'model'],
          ['arms', true, 3, 2000, 2500, -500, -1500, 'model'],
          ['colour', 'blue', 1, 1000, 400, 600, 600, 'model'],
          ['colour', 'red', 4, 0, 0, 0, 0, 'model'],
        ],
      );
    });

    test('the exact count is kept per published version and read again, not recounted', async () => {
      const url = `/api/v1/insights/scorecard?product=${fx.productId}&${FIXTURE_PERIOD}`;
      const first = await get(url);
      await t.db.execute(
        sql`update version_variety_facts set configurations = '4' where product_version_id = ${fx.versionId}`,
      );
      const second = await get(url);
      const offered = (body: string) =>
        JSON.parse(body).figures.find((f: Figure) => f.key === 'configurationsOffered').value;
      assert.deepEqual([offered(first.body), offered(second.body)], ['3', '4']);
      await t.db.execute(
        sql`update version_variety_facts set configurations = '3' where product_version_id = ${fx.versionId}`,
      );
      const rows = await t.db.execute(
        sql`select configurations, cheapest_price from version_variety_facts where product_version_id = ${fx.versionId}`,
      );
      assert.deepEqual((rows as unknown as { rows: unknown[] }).rows, [
        { configurations: '3', cheapest_price: 10000 },
      ]);
    });

    test('without costs in the model or at providers, margins say so', async () => {
      const { productId } = await (async () => {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/v1/products',
          headers: owner.headers,
          payload: { slug: 'stool', name: 'Stool' },
        });
        const id = created.json<{ id: string }>().id;
        const up = await t.app.inject({
          method: 'POST',
          url: `/api/v1/products/${id}/versions`,
          headers: owner.headers,
          payload: {
            format: 'json',
            source: JSON.stringify({
              id: 'stool',
              name: 'Stool',
              currency: 'EUR',
              base: { price: 5000 },
              features: [
                { id: 'wood', type: 'enum', options: [{ id: 'oak', price: 500 }, { id: 'ash' }] },
              ],
            }),
          },
        });
        const versionId = up.json<{ id: string }>().id;
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/product-versions/${versionId}/publish`,
          headers: owner.headers,
        });
        const { orders } = await import('../src/orders/orders.schema.ts');
        await t.db.insert(orders).values({
          id: t.ids.uuid(),
          tenantId: alpha.tenant.id,
          number: 99_001,
          tokenHash: 'stool-1',
          status: 'placed',
          productId: id,
          productVersionId: versionId,
          customerId: null,
          email: 'stool@example.test',
          choices: { wood: 'oak' },
          personalization: {},
          lines: [],
          total: 5500,
          currency: 'EUR',
          leadTimeDays: 3,
          promisedDate: '2026-01-20',
          bom: [],
          routing: [],
          createdAt: new Date('2026-01-15T10:00:00Z'),
          updatedAt: new Date('2026-01-15T10:00:00Z'),
        });
        return { productId: id };
      })();
      const res = await get(`/api/v1/insights/scorecard?product=${productId}&${FIXTURE_PERIOD}`);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json<Scorecard>();
      assert.equal(s.margins.costsMissing, true);
      assert.deepEqual(
        tuples(s.margins.items, ['value', 'priceDelta', 'marginPerOrder', 'costSource']),
        [['oak', 500, null, 'missing']],
      );
      const value = Object.fromEntries(s.figures.map((f) => [f.key, f.value]));
      assert.equal(value.configurationsOffered, '2');
      assert.equal(value.promisedDatesKept, null);
      assert.equal(value.pricePremium, 10);
      // varietyUse 1, spread 0, premium 0.2 (no deliveries, no costs): 100 × (0.25 + 0 + 0.02) ÷ 0.5.
      assert.equal(value.effectivenessIndex, 54);
    });

    test('a withdrawal of consent moves the customer’s demand to unsegmented at once', async () => {
      const session = await signInCustomer(t, alpha, {
        email: 'ann.alpha@example.test',
        name: 'ann',
        password: 'ann walnut chair 42',
      });
      t.clock.advance(60_000);
      await consent(t, session, false);
      const d = await demand();
      assert.deepEqual([...new Set(d.bySegment.map((r) => r.segment))], ['unsegmented']);
      t.clock.advance(60_000);
      await consent(t, session, true);
      assert.ok((await demand()).bySegment.some((r) => r.segment === 'best'));
    });

    test('demand by option is for owner and sales; the scorecard also for operations; nobody else', async () => {
      const q = `product=${fx.productId}&${FIXTURE_PERIOD}`;
      const demandUrl = `/api/v1/insights/option-demand?${q}`;
      const scorecardUrl = `/api/v1/insights/scorecard?${q}`;
      const as = async (role: string, url: string) =>
        (await get(url, await t.signIn(alpha, role))).statusCode;
      assert.equal(await as('sales', demandUrl), 200);
      assert.equal(await as('operations', demandUrl), 403);
      for (const role of ['sales', 'operations'])
        assert.equal(await as(role, scorecardUrl), 200, role);
      for (const url of [demandUrl, scorecardUrl]) {
        for (const role of ['designer', 'frame-provider', 'buyer'])
          assert.equal(await as(role, url), 403, `${role} ${url}`);
        assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
      }
    });

    test('another firm’s product is not found, and shows nothing of it', async () => {
      const betaOwner = await t.signIn(beta, 'owner');
      for (const path of ['option-demand', 'scorecard']) {
        const res = await get(
          `/api/v1/insights/${path}?product=${fx.productId}&${FIXTURE_PERIOD}`,
          betaOwner,
        );
        assert.equal(res.statusCode, 404, res.body);
        assert.doesNotMatch(res.body, /Chair|colour/);
      }
    });

    test('bad input is refused with 400 naming the field', async () => {
      for (const [query, field] of [
        ['', 'product'],
        [`product=not-a-uuid`, 'product'],
        [`product=${fx.productId}&from=2026-13-45`, 'from'],
        [`product=${fx.productId}&from=2026-03-01&to=2026-01-01`, 'from'],
        [`product=${fx.productId}&from=1900-01-01&to=2026-01-01`, 'from'],
        [`product=${fx.productId}&bucket=day`, 'bucket'],
        [`product=${fx.productId}&segment=vip`, 'segment'],
      ] as const) {
        const res = await get(`/api/v1/insights/option-demand?${query}`);
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
        assert.ok(
          fields.some((f) => f.includes(field)),
          `${query} names ${field}: ${fields.join(', ')}`,
        );
      }
    });
  });
}
