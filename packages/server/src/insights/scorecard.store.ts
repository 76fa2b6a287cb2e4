// The scorecard's figures over one product's orders in a period (the orders that count as
// demand: not cancelled, not a guest's unconfirmed hold), read from the roll-ups kept by the
// triggers of migration 0034 (insight-rollups.schema.ts): orders per configuration, per lead time
// and delivery, per model version and option value. Also the models, providers' option costs and
// the per-version variety facts kept once computed. Every query is scoped by tenant.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ProductModel, Value } from '@customerize/engine';
import { productVersions } from '../catalog/catalog.schema.ts';
import type { Db } from '../db/types.ts';
import { providerProducts } from '../providers/providers.schema.ts';
import { rollupSpan, type Period } from './option-demand.store.ts';
import { versionVarietyFacts } from './scorecard.schema.ts';

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;

export type OrderFigures = {
  orders: number;
  distinctConfigurations: number;
  /** Orders delivered (an order event to `delivered`). */
  delivered: number;
  /** Delivered on or before the promised date (days in the firm's time zone). */
  deliveredOnTime: number;
  leadAverage: number | null;
  leadP50: number | null;
  leadP90: number | null;
  /** Orders of the most ordered configurations, most first (at most 100). */
  topCounts: number[];
};

const DAYS = (p: Period) => sql`day between ${p.from}::date and ${p.to}::date`;

export async function orderFigures(
  db: Db,
  tenantId: string,
  productId: string,
  period: Period,
): Promise<OrderFigures> {
  // Lead times as a histogram (lead → orders); the nearest-rank percentiles as percentile_disc
  // takes them: the value at position max(1, ceil(f × n)) in lead order.
  const [row] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      with h as (
        select lead_known, lead, delivered, on_time, sum(n)::bigint as n from order_lead_daily
        where tenant_id = ${tenantId} and product_id = ${productId} and ${DAYS(period)}
        group by 1, 2, 3, 4 having sum(n) > 0),
      l as (
        select lead, sum(n) as n, sum(sum(n)) over (order by lead) as upto
        from h where lead_known group by lead),
      k as (select coalesce(sum(n), 0) as known from l)
      select (select coalesce(sum(n), 0) from h)::int as orders,
        (select coalesce(sum(n) filter (where delivered), 0) from h)::int as delivered,
        (select coalesce(sum(n) filter (where on_time), 0) from h)::int as on_time,
        (select (sum(lead * n)::numeric / nullif(sum(n), 0)::numeric)::float8 from l)
          as lead_average,
        (select lead from l, k where k.known > 0
          and l.upto >= greatest(1, ceil(0.5::float8 * k.known)) order by lead limit 1) as lead_p50,
        (select lead from l, k where k.known > 0
          and l.upto >= greatest(1, ceil(0.9::float8 * k.known)) order by lead limit 1) as lead_p90`),
  );
  const top = rowsOf<{ n: number; distinct: number }>(
    await db.execute(sql`
      select n, count(*) over ()::int as distinct from (
        select sum(d.n)::int as n from order_config_rollup d
        where d.tenant_id = ${tenantId} and d.product_id = ${productId}
          and ${rollupSpan(period, 'month')}
        group by d.config having sum(n) > 0) c
      order by n desc limit 100`),
  );
  const num = (v: string | number | null | undefined) =>
    v === null || v === undefined ? null : Number(v);
  return {
    orders: Number(row?.orders ?? 0),
    distinctConfigurations: Number(top[0]?.distinct ?? 0),
    delivered: Number(row?.delivered ?? 0),
    deliveredOnTime: Number(row?.on_time ?? 0),
    leadAverage: num(row?.lead_average),
    leadP50: num(row?.lead_p50),
    leadP90: num(row?.lead_p90),
    topCounts: top.map((r) => Number(r.n)),
  };
}

/** Orders and their summed totals per model version ordered at. */
export async function ordersPerVersion(
  db: Db,
  tenantId: string,
  productId: string,
  period: Period,
): Promise<{ versionId: string; orders: number; total: number }[]> {
  const rows = rowsOf<{ version_id: string; orders: number; total: string | number }>(
    await db.execute(sql`
      select d.version_id, sum(d.n)::int as orders, sum(d.total)::bigint as total
      from option_demand_rollup d
      where d.tenant_id = ${tenantId} and d.product_id = ${productId}
        and ${rollupSpan(period, 'month')} and d.source = 1 and d.feature = ''
      group by 1 having sum(d.n) > 0 order by 1`),
  );
  return rows.map((r) => ({
    versionId: r.version_id,
    orders: Number(r.orders),
    total: Number(r.total),
  }));
}

/** How many orders chose each value, per model version ordered at. */
export async function valuesPerVersion(
  db: Db,
  tenantId: string,
  productId: string,
  period: Period,
): Promise<{ versionId: string; feature: string; value: Value; orders: number }[]> {
  const rows = rowsOf<{ version_id: string; feature: string; value: Value; orders: number }>(
    await db.execute(sql`
      select d.version_id, d.feature, d.value, sum(d.n)::int as orders
      from option_demand_rollup d
      where d.tenant_id = ${tenantId} and d.product_id = ${productId}
        and ${rollupSpan(period, 'month')} and d.source = 1 and d.feature <> ''
      group by 1, 2, 3 having sum(d.n) > 0 order by 2, 1`),
  );
  return rows.map((r) => ({ ...r, versionId: r.version_id, orders: Number(r.orders) }));
}

export async function versionModels(
  db: Db,
  tenantId: string,
  versionIds: string[],
): Promise<Map<string, ProductModel>> {
  if (versionIds.length === 0) return new Map();
  const rows = await db
    .select({ id: productVersions.id, model: productVersions.model })
    .from(productVersions)
    .where(and(eq(productVersions.tenantId, tenantId), inArray(productVersions.id, versionIds)));
  return new Map(rows.map((r) => [r.id, r.model]));
}

/** The models of every version of a product, newest first (for labels). */
export async function productModels(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<{ id: string; status: string; model: ProductModel }[]> {
  return db
    .select({
      id: productVersions.id,
      status: productVersions.status,
      model: productVersions.model,
    })
    .from(productVersions)
    .where(and(eq(productVersions.tenantId, tenantId), eq(productVersions.productId, productId)))
    .orderBy(sql`${productVersions.number} desc`);
}

/** Each provider's option costs for the product (`feature=value` → minor units). */
export async function providerOptionCosts(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<Record<string, number>[]> {
  const rows = await db
    .select({ optionCosts: providerProducts.optionCosts })
    .from(providerProducts)
    .where(and(eq(providerProducts.tenantId, tenantId), eq(providerProducts.productId, productId)));
  return rows.map((r) => r.optionCosts);
}

export type VarietyFactsRow = typeof versionVarietyFacts.$inferSelect;

export async function getVarietyFacts(
  db: Db,
  tenantId: string,
  versionId: string,
): Promise<VarietyFactsRow | null> {
  const rows = await db
    .select()
    .from(versionVarietyFacts)
    .where(
      and(
        eq(versionVarietyFacts.tenantId, tenantId),
        eq(versionVarietyFacts.productVersionId, versionId),
      ),
    );
  return rows[0] ?? null;
}

export async function putVarietyFacts(db: Db, row: VarietyFactsRow): Promise<void> {
  await db.insert(versionVarietyFacts).values(row).onConflictDoNothing();
}
