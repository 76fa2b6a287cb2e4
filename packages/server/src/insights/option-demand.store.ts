// Demand by option, counted in SQL: every option value of the product's saved designs (each
// design's current version) and orders (not cancelled, not waiting for a guest's confirmation),
// per time bucket (in the firm's time zone) and per customer-value segment. A customer's segment
// counts only while their personalization consent holds now (the set-based form of the one
// consent check, privacy/consent.ts); everyone else counts as "unsegmented".
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { consentingCustomersSql } from '../privacy/consent.ts';
import type { Value } from '@customerize/engine';

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;

export const UNSEGMENTED = 'unsegmented';

/** The period asked for: whole days in the firm's time zone, both ends included. */
export type Period = { from: string; to: string; timezone: string };

/** Orders that count as demand: everything but cancelled and unconfirmed guest holds. */
export const COUNTED_ORDER = sql`o.status not in ('cancelled', 'pending_confirmation')`;

export function inPeriod(column: SQL, p: Period): SQL {
  return sql`${column} >= (${p.from}::date)::timestamp at time zone ${p.timezone}
    and ${column} < ((${p.to}::date + 1)::timestamp at time zone ${p.timezone})`;
}

/** The customer's segment under consent now, else "unsegmented" (guests, no consent, not scored). */
function segmentOf(tenantId: string, customer: SQL): SQL {
  return sql`case when ${customer} in ${consentingCustomersSql(tenantId, 'personalization')}
    then coalesce((select cv.segment from customer_values cv
      where cv.tenant_id = ${tenantId} and cv.customer_id = ${customer}), ${UNSEGMENTED})
    else ${UNSEGMENTED} end`;
}

export type DemandRow = {
  source: 'designs' | 'orders';
  feature: string;
  value: Value;
  bucket: string;
  segment: string;
  n: number;
};

export async function optionDemandRows(
  db: Db,
  tenantId: string,
  productId: string,
  period: Period,
  bucket: 'week' | 'month',
  segment: string | null,
): Promise<DemandRow[]> {
  const bucketOf = (col: SQL) =>
    sql`to_char(date_trunc(${bucket}, ${col} at time zone ${period.timezone}), 'YYYY-MM-DD')`;
  const onlySegment = (seg: SQL) => (segment === null ? sql`true` : sql`${seg} = ${segment}`);
  const orderSeg = segmentOf(tenantId, sql`o.customer_id`);
  const designSeg = segmentOf(tenantId, sql`d.customer_id`);
  const rows = rowsOf<{
    source: 'designs' | 'orders';
    feature: string;
    value: Value;
    bucket: string;
    segment: string;
    n: number;
  }>(
    await db.execute(sql`
      with picked as (
        select 'orders' as source, o.choices, ${bucketOf(sql`o.created_at`)} as bucket,
               ${orderSeg} as segment
        from orders o
        where o.tenant_id = ${tenantId} and o.product_id = ${productId} and ${COUNTED_ORDER}
          and ${inPeriod(sql`o.created_at`, period)}
        union all
        select 'designs', v.choices, ${bucketOf(sql`v.created_at`)}, ${designSeg}
        from designs d
        join design_versions v on v.tenant_id = d.tenant_id and v.design_id = d.id
          and v.number = d.current_version
        where d.tenant_id = ${tenantId} and d.product_id = ${productId}
          and ${inPeriod(sql`v.created_at`, period)}
      )
      select p.source, c.key as feature, c.value as value, p.bucket, p.segment,
             count(*)::int as n
      from picked p, jsonb_each(p.choices) c
      where ${onlySegment(sql`p.segment`)}
      group by 1, 2, 3, 4, 5
      order by 2, 4, 5`),
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Designs and orders counted in the period (a value's share is of these). */
export async function demandTotals(
  db: Db,
  tenantId: string,
  productId: string,
  period: Period,
  segment: string | null,
): Promise<{ designs: number; orders: number }> {
  const orderSeg = segmentOf(tenantId, sql`o.customer_id`);
  const designSeg = segmentOf(tenantId, sql`d.customer_id`);
  const only = (seg: SQL) => (segment === null ? sql`true` : sql`${seg} = ${segment}`);
  const [row] = rowsOf<{ designs: number; orders: number }>(
    await db.execute(sql`
      select
        (select count(*)::int from orders o
          where o.tenant_id = ${tenantId} and o.product_id = ${productId} and ${COUNTED_ORDER}
            and ${inPeriod(sql`o.created_at`, period)} and ${only(orderSeg)}) as orders,
        (select count(*)::int from designs d
          join design_versions v on v.tenant_id = d.tenant_id and v.design_id = d.id
            and v.number = d.current_version
          where d.tenant_id = ${tenantId} and d.product_id = ${productId}
            and ${inPeriod(sql`v.created_at`, period)} and ${only(designSeg)}) as designs`),
  );
  return { designs: Number(row?.designs ?? 0), orders: Number(row?.orders ?? 0) };
}
