// The scorecard's figures counted in SQL over one product's orders in a period (the orders that
// count as demand, option-demand.store.ts), the model versions they were ordered at, providers'
// option costs, and the per-version variety facts kept once computed. Every query is scoped by
// tenant.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ProductModel, Value } from '@customerize/engine';
import { productVersions } from '../catalog/catalog.schema.ts';
import type { Db } from '../db/types.ts';
import { providerProducts } from '../providers/providers.schema.ts';
import { COUNTED_ORDER, inPeriod, type Period } from './option-demand.store.ts';
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

/** The orders counted; with `dates`, the day placed and the day delivered (firm's time zone). */
function countedOrders(tenantId: string, productId: string, period: Period, dates = false) {
  const more = dates
    ? sql`, o.promised_date, (o.created_at at time zone ${period.timezone})::date as placed_on,
      (select (min(e.at) at time zone ${period.timezone})::date from order_events e
        where e.tenant_id = o.tenant_id and e.order_id = o.id and e.to_status = 'delivered')
        as delivered_on`
    : sql``;
  return sql`select o.choices, o.total, o.product_version_id ${more}
    from orders o
    where o.tenant_id = ${tenantId} and o.product_id = ${productId} and ${COUNTED_ORDER}
      and ${inPeriod(sql`o.created_at`, period)}`;
}

export async function orderFigures(
  db: Db,
  tenantId: string,
  productId: string,
  period: Period,
): Promise<OrderFigures> {
  const [row] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      with o as (${countedOrders(tenantId, productId, period, true)}),
      l as (select o.*, coalesce(o.delivered_on, o.promised_date) - o.placed_on as lead from o)
      select count(*)::int as orders,
        count(distinct choices)::int as distinct_configurations,
        count(*) filter (where delivered_on is not null)::int as delivered,
        count(*) filter (where delivered_on <= promised_date)::int as on_time,
        avg(lead)::float8 as lead_average,
        percentile_disc(0.5) within group (order by lead) as lead_p50,
        percentile_disc(0.9) within group (order by lead) as lead_p90
      from l`),
  );
  const top = rowsOf<{ n: number }>(
    await db.execute(sql`
      with o as (${countedOrders(tenantId, productId, period)})
      select count(*)::int as n from o group by choices order by n desc limit 100`),
  );
  const num = (v: string | number | null | undefined) =>
    v === null || v === undefined ? null : Number(v);
  return {
    orders: Number(row?.orders ?? 0),
    distinctConfigurations: Number(row?.distinct_configurations ?? 0),
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
      with o as (${countedOrders(tenantId, productId, period)})
      select product_version_id as version_id, count(*)::int as orders, sum(total)::bigint as total
      from o group by 1 order by 1`),
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
      with o as (${countedOrders(tenantId, productId, period)})
      select o.product_version_id as version_id, c.key as feature, c.value as value,
             count(*)::int as orders
      from o, jsonb_each(o.choices) c group by 1, 2, 3 order by 2, 1`),
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
