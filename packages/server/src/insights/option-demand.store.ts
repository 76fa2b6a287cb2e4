// Demand by option, read from the roll-up (insight-rollups.schema.ts, kept by the triggers
// of migration 0034): every option value of the product's saved designs (each design's current
// version) and orders (not cancelled, not waiting for a guest's confirmation), per time bucket
// (in the firm's time zone) and per customer-value segment. A customer's demand is under their
// segment only while their personalization consent holds now — the triggers move it to
// "unsegmented" in the same transaction as a withdrawal or an erasure (the one consent check of
// privacy/consent.ts, set-based); everyone else counts as "unsegmented".
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import type { Value } from '@customerize/engine';

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;

export const UNSEGMENTED = 'unsegmented';

/** The period asked for: whole days in the firm's time zone, both ends included. */
export type Period = { from: string; to: string; timezone: string };

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** The first day of the week (Monday) or month `day` is in. */
function unitStart(day: string, unit: 'week' | 'month'): string {
  if (unit === 'month') return `${day.slice(0, 8)}01`;
  return addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
}
function nextUnit(start: string, unit: 'week' | 'month'): string {
  if (unit === 'week') return addDays(start, 7);
  const at = new Date(`${start}T00:00:00Z`);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))
    .toISOString()
    .slice(0, 10);
}

/**
 * The rows of a roll-up (alias `d`) that cover the period exactly: its whole weeks or months
 * (grain w/m, `day` their first day), and the days (grain d) before the first and after the
 * last of them — three key ranges, read through the primary key.
 */
export function rollupSpan(p: Period, unit: 'week' | 'month'): SQL {
  const after = addDays(p.to, 1);
  const first =
    unitStart(p.from, unit) === p.from ? p.from : nextUnit(unitStart(p.from, unit), unit);
  const end = nextUnit(unitStart(p.to, unit), unit) === after ? after : unitStart(p.to, unit);
  // [a, b): the whole units; none when the period holds no whole unit.
  const [a, b] = first < end ? [first, end] : [after, after];
  return sql`((d.grain = ${unit === 'week' ? 'w' : 'm'} and d.day >= ${a}::date and d.day < ${b}::date)
    or (d.grain = 'd' and ((d.day >= ${p.from}::date and d.day < ${a}::date)
      or (d.day >= ${b}::date and d.day <= ${p.to}::date))))`;
}

/**
 * Counts of one value: per time bucket (`segment` null) or per segment (`bucket` null) — the two
 * breakdowns the report shows, never their cross product.
 */
export type DemandRow = {
  source: 'designs' | 'orders';
  feature: string;
  value: Value;
  bucket: string | null;
  segment: string | null;
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
  const onlySegment = segment === null ? sql`` : sql`and d.segment = ${segment}`;
  const rows = rowsOf<DemandRow>(
    await db.execute(sql`
      select x.source, x.feature, x.value, to_char(x.bucket, 'YYYY-MM-DD') as bucket, x.segment,
        x.n
      from (
        select case d.source when 1 then 'orders' else 'designs' end as source, d.feature,
          d.value, date_trunc(${bucket}, d.day::timestamp) as bucket, d.segment,
          sum(d.n)::int as n
        from option_demand_rollup d
        where d.tenant_id = ${tenantId} and d.product_id = ${productId}
          and ${rollupSpan(period, bucket)} and d.feature <> '' ${onlySegment}
        group by grouping sets ((1, 2, 3, 4), (1, 2, 3, 5))
        having sum(d.n) > 0) x`),
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
  const onlySegment = segment === null ? sql`` : sql`and d.segment = ${segment}`;
  const [row] = rowsOf<{ designs: number; orders: number }>(
    await db.execute(sql`
      select coalesce(sum(d.n) filter (where d.source = 0), 0)::int as designs,
        coalesce(sum(d.n) filter (where d.source = 1), 0)::int as orders
      from option_demand_rollup d
      where d.tenant_id = ${tenantId} and d.product_id = ${productId} and ${rollupSpan(period, 'month')}
        and d.feature = '' ${onlySegment}`),
  );
  return { designs: Number(row?.designs ?? 0), orders: Number(row?.orders ?? 0) };
}
