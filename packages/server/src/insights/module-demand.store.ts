// What module demand is fitted on, in SQL: per product and week of the history window, the
// units ordered and the quantity of each BOM line (sku and unit) they used. An order of several
// lines counts each line (its product, its quantity, its BOM already scaled by the quantity);
// a single-design order counts as one unit of its product with the order's BOM.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';

/** Orders that are demand: placed and on their way. Not cancelled, not a guest's unconfirmed
 * order, not a company order still awaiting approval. */
export const DEMAND_STATUSES = ['placed', 'confirmed', 'in_production', 'shipped', 'delivered'];

const WEEK_SECONDS = 7 * 24 * 3600;

export type WeeklyUnits = { productId: string; productName: string; week: number; units: number };
export type WeeklyPartUse = {
  productId: string;
  week: number;
  sku: string;
  unit: string;
  description: string | null;
  qty: number;
};

function weeklyItems(tenantId: string, from: Date, to: Date) {
  const statuses = sql.join(
    DEMAND_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const f = from.toISOString();
  const t = to.toISOString();
  // An order placed at `to` itself (this very moment) belongs to the last history week.
  const lastWeek = Math.max(
    0,
    Math.round((to.getTime() - from.getTime()) / (WEEK_SECONDS * 1000)) - 1,
  );
  return sql`items as (
      select o.product_id, o.created_at, 1::numeric as quantity, o.bom
      from orders o
      where o.tenant_id = ${tenantId} and o.status in (${statuses})
        and o.created_at >= ${f}::timestamptz and o.created_at <= ${t}::timestamptz
        and not exists (select 1 from order_lines l
                        where l.tenant_id = o.tenant_id and l.order_id = o.id)
      union all
      select l.product_id, o.created_at, l.quantity::numeric, l.bom
      from order_lines l
      join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
      where l.tenant_id = ${tenantId} and o.status in (${statuses})
        and o.created_at >= ${f}::timestamptz and o.created_at <= ${t}::timestamptz
    ), weekly as (
      select product_id, quantity, bom,
        least(floor(extract(epoch from (created_at - ${f}::timestamptz)) / ${WEEK_SECONDS})::int,
              ${lastWeek}) as week
      from items
    )`;
}

/** Units ordered per product and week index (0 = oldest week of [from, to]). */
export async function weeklyUnits(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<WeeklyUnits[]> {
  const result = await db.execute(sql`
    with ${weeklyItems(tenantId, from, to)}
    select w.product_id, p.name as product_name, w.week, sum(w.quantity)::float8 as units
    from weekly w join products p on p.tenant_id = ${tenantId} and p.id = w.product_id
    group by w.product_id, p.name, w.week
    order by w.product_id, w.week`);
  return (
    result as unknown as {
      rows: { product_id: string; product_name: string; week: number; units: number }[];
    }
  ).rows.map((r) => ({
    productId: r.product_id,
    productName: r.product_name,
    week: Number(r.week),
    units: Number(r.units),
  }));
}

/** BOM quantities per product, week index, sku and unit. */
export async function weeklyPartUse(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<WeeklyPartUse[]> {
  const result = await db.execute(sql`
    with ${weeklyItems(tenantId, from, to)}
    select w.product_id, w.week, b->>'sku' as sku, coalesce(b->>'unit', '') as unit,
      max(b->>'description') as description, sum((b->>'qty')::numeric)::float8 as qty
    from weekly w cross join lateral jsonb_array_elements(w.bom) b
    group by w.product_id, w.week, b->>'sku', coalesce(b->>'unit', '')
    order by 1, 2, 3, 4`);
  return (
    result as unknown as {
      rows: {
        product_id: string;
        week: number;
        sku: string;
        unit: string;
        description: string | null;
        qty: number;
      }[];
    }
  ).rows.map((r) => ({
    productId: r.product_id,
    week: Number(r.week),
    sku: r.sku,
    unit: r.unit,
    description: r.description,
    qty: Number(r.qty),
  }));
}
