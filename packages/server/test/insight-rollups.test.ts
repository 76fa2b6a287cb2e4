// The insight pages' roll-ups (src/insights/insight-rollups.schema.ts, kept by the triggers of
// migration 0034) equal a recomputation from the raw rows after a series of writes of every
// kind: orders placed in one statement, confirmed, cancelled, revised and delivered (twice),
// designs saved, re-saved and deleted, customers re-scored, consent withdrawn and given again,
// the firm's time zone changed, and a customer's erasure — after which the customer's demand is
// in no segment. On PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomIds } from '../src/ids.ts';
import { customerValues } from '../src/insights/customer-value.schema.ts';
import { demandTotals, optionDemandRows } from '../src/insights/option-demand.store.ts';
import { orderEvents, orders } from '../src/orders/orders.schema.ts';
import { designs, designVersions } from '../src/studio/studio.schema.ts';
import { tenants } from '../src/tenants/tenants.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { seedInsightFixture, type InsightFixture } from './helpers/insight-fixture.ts';
import { consent, putInSegment, shopper, type Shopper } from './helpers/service-levels.ts';

type Row = Record<string, unknown>;

for (const target of testDatabaseTargets()) {
  describe(`insight roll-ups on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let alpha: Firm;
    let owner: SignedIn;
    let fx: InsightFixture;
    let cara: Shopper;

    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      alpha = await t.seedFirm('alpha');
      await t.seedFirm('beta');
      owner = await t.signIn(alpha, 'owner');
      fx = await seedInsightFixture(t, alpha, owner);
      cara = await shopper(t, alpha, 'cara', true);
      await putInSegment(t, alpha, cara.id, 'growing');
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    const result = async (query: string) =>
      ((await t.db.execute(sql.raw(query))) as unknown as { rows: Row[] }).rows;

    /** Every roll-up of the firm, rows netted to nothing left out, in one comparable list. */
    const rollups = async () => {
      const tenant = alpha.tenant.id;
      return {
        segments: await result(
          `select customer_id, segment from insight_customer_segments
           where tenant_id = '${tenant}' order by 1`,
        ),
        demand: await result(
          `select product_id, grain, day::text, source, segment, version_id, feature,
             value::text, n, total::text
           from option_demand_rollup where tenant_id = '${tenant}' and (n <> 0 or total <> 0)
           order by 1, 2, 3, 4, 5, 6, 7, 8`,
        ),
        configs: await result(
          `select product_id, grain, day::text, config, n from order_config_rollup
           where tenant_id = '${tenant}' and n <> 0 order by 1, 2, 3, 4`,
        ),
        leads: await result(
          `select product_id, day::text, lead_known, lead, delivered, on_time, n
           from order_lead_daily where tenant_id = '${tenant}' and n <> 0
           order by 1, 2, 3, 4, 5, 6`,
        ),
      };
    };
    const recomputed = async () => {
      await t.db.execute(sql`select insight_rebuild(${alpha.tenant.id})`);
      return rollups();
    };

    const order = (
      n: number,
      customerId: string | null,
      choices: { colour: string; arms: boolean },
      status: (typeof orders.$inferInsert)['status'],
      placed: string,
    ) => ({
      id: t.ids.uuid(),
      tenantId: alpha.tenant.id,
      number: 95_000 + n,
      tokenHash: `rollup-${n}`,
      status,
      productId: fx.productId,
      productVersionId: fx.versionId,
      customerId,
      email: `rollup${n}@example.test`,
      choices,
      personalization: {},
      lines: [],
      total: 10_000 + n,
      currency: 'EUR',
      leadTimeDays: 5,
      promisedDate: '2026-02-20',
      bom: [],
      routing: [],
      createdAt: new Date(`${placed}T22:30:00Z`),
      updatedAt: new Date(`${placed}T22:30:00Z`),
    });

    test('after writes, cancellations, re-scoring, consent changes and an erasure, the roll-ups equal a recomputation from the raw rows', async () => {
      const tenantId = alpha.tenant.id;
      assert.deepEqual(await rollups(), await recomputed(), 'the fixture as written');

      // Orders placed in one statement (one a guest's unconfirmed hold), then confirmed,
      // cancelled, revised; deliveries, one earlier than the first recorded.
      const placed = [
        order(1, cara.id, { colour: 'red', arms: true }, 'placed', '2026-02-02'),
        order(2, cara.id, { colour: 'blue', arms: false }, 'confirmed', '2026-02-04'),
        order(3, null, { colour: 'red', arms: false }, 'pending_confirmation', '2026-02-05'),
        order(4, fx.ann, { colour: 'blue', arms: false }, 'placed', '2026-01-31'),
      ];
      await t.db.insert(orders).values(placed);
      await t.db.update(orders).set({ status: 'confirmed' }).where(eq(orders.id, placed[2]!.id));
      await t.db.update(orders).set({ status: 'cancelled' }).where(eq(orders.id, placed[1]!.id));
      await t.db
        .update(orders)
        .set({ choices: { colour: 'red', arms: false }, total: 9_500, promisedDate: '2026-02-25' })
        .where(eq(orders.id, placed[0]!.id));
      const delivered = (orderId: string, at: string) =>
        t.db.insert(orderEvents).values({
          id: t.ids.uuid(),
          tenantId,
          orderId,
          fromStatus: 'shipped',
          toStatus: 'delivered',
          byKind: 'staff',
          byLabel: 'test',
          at: new Date(`${at}T10:00:00Z`),
        });
      await delivered(placed[0]!.id, '2026-02-22');
      await delivered(placed[0]!.id, '2026-02-19');
      await delivered(placed[3]!.id, '2026-02-28');
      assert.deepEqual(await rollups(), await recomputed(), 'after the orders');
      // A re-plan moves promised dates alone, of a delivered order (promise kept or not) and of
      // open ones (their expected lead time), in one statement.
      await t.db
        .update(orders)
        .set({ promisedDate: sql`promised_date + 3` })
        .where(inArray(orders.id, [placed[0]!.id, placed[2]!.id, placed[3]!.id]));
      assert.deepEqual(await rollups(), await recomputed(), 'after promised dates moved');

      // Designs: saved (the design first, then its version), saved again, one deleted.
      const design = async (customerId: string | null, name: string) => {
        const id = t.ids.uuid();
        await t.db.insert(designs).values({
          id,
          tenantId,
          productId: fx.productId,
          customerId,
          name,
          tokenHash: `rollup-${name}`,
          currentVersion: 1,
          createdAt: new Date('2026-02-01T08:00:00Z'),
          updatedAt: new Date('2026-02-01T08:00:00Z'),
        });
        return id;
      };
      const version = (designId: string, number: number, choices: object, at: string) =>
        t.db.insert(designVersions).values({
          id: t.ids.uuid(),
          tenantId,
          designId,
          number,
          productVersionId: fx.versionId,
          choices: choices as Record<string, string | boolean>,
          personalization: {},
          quote: { total: 0, currency: 'EUR', promisedDate: null, valid: true },
          createdAt: new Date(`${at}T08:00:00Z`),
        });
      const caraDesign = await design(cara.id, 'cara-1');
      await version(caraDesign, 1, { colour: 'red', arms: true }, '2026-02-01');
      await version(caraDesign, 2, { colour: 'blue', arms: false }, '2026-02-09');
      await t.db.update(designs).set({ currentVersion: 2 }).where(eq(designs.id, caraDesign));
      const guestDesign = await design(null, 'guest-1');
      await version(guestDesign, 1, { colour: 'blue', arms: false }, '2026-02-03');
      await t.db.delete(designs).where(eq(designs.id, guestDesign));
      assert.deepEqual(await rollups(), await recomputed(), 'after the designs');

      // Re-scoring (Bob has no consent: stays unsegmented), Ann withdrawing and giving again,
      // the firm moving to another time zone.
      await t.db
        .update(customerValues)
        .set({ segment: 'growing' })
        .where(and(eq(customerValues.tenantId, tenantId), eq(customerValues.customerId, fx.bob)));
      await t.db
        .update(customerValues)
        .set({ segment: 'at-risk' })
        .where(and(eq(customerValues.tenantId, tenantId), eq(customerValues.customerId, fx.ann)));
      t.clock.advance(60_000);
      await consent(t, cara.session, false);
      const withdrawn = await rollups();
      assert.ok(
        !withdrawn.segments.some((s) => s.customer_id === cara.id),
        'withdrawn: no segment',
      );
      assert.deepEqual(withdrawn, await recomputed(), 'after the withdrawal');
      t.clock.advance(60_000);
      await consent(t, cara.session, true);
      assert.deepEqual(await rollups(), await recomputed(), 'after re-scoring and consents');
      const [firm] = await t.db.select().from(tenants).where(eq(tenants.id, tenantId));
      await t.db
        .update(tenants)
        .set({ settings: { ...firm!.settings, timezone: 'America/New_York' } })
        .where(eq(tenants.id, tenantId));
      await t.db
        .insert(orders)
        .values(order(5, cara.id, { colour: 'red', arms: true }, 'placed', '2026-02-10'));
      assert.deepEqual(await rollups(), await recomputed(), 'after the time zone');
      const segmentsNow = await result(
        `select distinct segment from option_demand_rollup where tenant_id = '${tenantId}' and n > 0
         order by 1`,
      );
      assert.deepEqual(
        segmentsNow.map((r) => r.segment),
        ['at-risk', 'growing', 'unsegmented'],
        'Cara counts in her segment again, Ann in her new one; Bob (no consent) in none',
      );

      // Cara's erasure: her designs go, her orders stay for the accounts, in no segment.
      t.clock.advance(60_000);
      const erased = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/erasure',
        headers: cara.session.headers,
        payload: { confirm: true },
      });
      assert.equal(erased.statusCode, 200, erased.body);
      const after = await rollups();
      assert.deepEqual(after, await recomputed(), 'after the erasure');
      assert.ok(
        !after.segments.some((s) => s.customer_id === cara.id),
        'the erased customer is in no segment',
      );
      const growing = await result(
        `select coalesce(sum(n), 0)::int as n from option_demand_rollup
         where tenant_id = '${tenantId}' and segment = 'growing'`,
      );
      assert.equal(growing[0]!.n, 0, 'nothing is counted under her segment any more');
    });

    test('a period is read as its whole weeks or months and the days at its edges, each day once', async () => {
      // Orders and designs counted straight from the raw rows, per period, against the roll-up
      // read for months and for weeks.
      const tenantId = alpha.tenant.id;
      const [firm] = await t.db.select().from(tenants).where(eq(tenants.id, tenantId));
      const timezone = firm!.settings.timezone ?? 'UTC';
      const raw = async (from: string, to: string) => {
        const [row] = await result(
          `select
             (select count(*)::int from orders o where o.tenant_id = '${tenantId}'
               and o.product_id = '${fx.productId}'
               and o.status not in ('cancelled', 'pending_confirmation')
               and (o.created_at at time zone '${timezone}')::date between '${from}' and '${to}')
               as orders,
             (select count(*)::int from designs d join design_versions v
               on v.tenant_id = d.tenant_id and v.design_id = d.id and v.number = d.current_version
               where d.tenant_id = '${tenantId}' and d.product_id = '${fx.productId}'
               and (v.created_at at time zone '${timezone}')::date between '${from}' and '${to}')
               as designs`,
        );
        return { designs: Number(row!.designs), orders: Number(row!.orders) };
      };
      const periods: [string, string][] = [
        ['2026-01-01', '2026-02-28'], // two whole months
        ['2026-01-05', '2026-02-10'], // partial months at both ends
        ['2026-01-06', '2026-01-06'], // one day
        ['2026-01-05', '2026-01-11'], // one whole week (Monday to Sunday)
        ['2025-12-30', '2026-01-21'], // a year's end, weeks across months
        ['2026-02-01', '2026-03-31'], // a whole month and one with no data
        ['2025-01-01', '2026-12-31'], // two whole years
      ];
      for (const [from, to] of periods) {
        const period = { from, to, timezone };
        const expected = await raw(from, to);
        assert.deepEqual(
          await demandTotals(t.db, tenantId, fx.productId, period, null),
          expected,
          `${from}..${to}`,
        );
        for (const bucket of ['week', 'month'] as const) {
          const rows = await optionDemandRows(t.db, tenantId, fx.productId, period, bucket, null);
          const sum = (source: string) =>
            rows
              .filter((r) => r.source === source && r.feature === 'colour' && r.bucket !== null)
              .reduce((n, r) => n + r.n, 0);
          // Every design and order chooses a colour once: the colour rows sum to the totals.
          assert.deepEqual(
            { designs: sum('designs'), orders: sum('orders') },
            expected,
            `${from}..${to} by ${bucket}`,
          );
        }
      }
    });
  });
}
