// The history recommendations learn from: a product's orders (not cancelled) and saved designs
// (their current version; a design that was ordered counts once, as its order). Scoped by tenant.
import { sql } from 'drizzle-orm';
import type { Value } from '@customerize/engine';
import type { Db } from '../db/types.ts';
import type { HistoryRow } from './recommendations.ts';

type Raw = { kind: 'order' | 'design'; person: string; choices: Record<string, Value> };

function rowsOf(result: unknown): Raw[] {
  return (result as { rows: Raw[] }).rows;
}

/** The product's newest `limit` history rows. The person is a customer id or a guest record's
 * id — an opaque key for counting distinct customers, never answered. */
export async function productHistory(
  db: Db,
  tenantId: string,
  productId: string,
  limit: number,
): Promise<HistoryRow[]> {
  const result = await db.execute(sql`
    select kind, person, choices from (
      select 'order' as kind, coalesce(o.customer_id::text, 'order:' || o.id::text) as person,
             o.choices as choices, o.created_at as at
      from orders o
      where o.tenant_id = ${tenantId} and o.product_id = ${productId} and o.status <> 'cancelled'
      union all
      select 'design' as kind, coalesce(d.customer_id::text, 'design:' || d.id::text) as person,
             v.choices as choices, v.created_at as at
      from designs d
      join design_versions v
        on v.tenant_id = d.tenant_id and v.design_id = d.id and v.number = d.current_version
      where d.tenant_id = ${tenantId} and d.product_id = ${productId}
        and not exists (
          select 1 from orders o
          where o.tenant_id = d.tenant_id and o.design_id = d.id and o.status <> 'cancelled')
    ) h
    order by at desc
    limit ${limit}`);
  return rowsOf(result);
}

/** One customer's own orders and saved designs of the product (personal basis only). */
export async function customerProductHistory(
  db: Db,
  tenantId: string,
  customerId: string,
  productId: string,
  limit: number,
): Promise<HistoryRow[]> {
  const result = await db.execute(sql`
    select kind, person, choices from (
      select 'order' as kind, o.customer_id::text as person, o.choices as choices,
             o.created_at as at
      from orders o
      where o.tenant_id = ${tenantId} and o.customer_id = ${customerId}
        and o.product_id = ${productId} and o.status <> 'cancelled'
      union all
      select 'design' as kind, d.customer_id::text as person, v.choices as choices,
             v.created_at as at
      from designs d
      join design_versions v
        on v.tenant_id = d.tenant_id and v.design_id = d.id and v.number = d.current_version
      where d.tenant_id = ${tenantId} and d.customer_id = ${customerId}
        and d.product_id = ${productId}
        and not exists (
          select 1 from orders o
          where o.tenant_id = d.tenant_id and o.design_id = d.id and o.status <> 'cancelled')
    ) h
    order by at desc
    limit ${limit}`);
  return rowsOf(result);
}

/**
 * A cheap summary that changes whenever the history does (a new, changed, cancelled, erased
 * order or design): counts and latest change times.
 */
export async function historyFingerprint(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<string> {
  const result = await db.execute(sql`
    select
      (select count(*) from orders o
        where o.tenant_id = ${tenantId} and o.product_id = ${productId})::text
      || '/' || coalesce((select max(o.updated_at) from orders o
        where o.tenant_id = ${tenantId} and o.product_id = ${productId})::text, '-')
      || '/' || (select count(*) from designs d
        where d.tenant_id = ${tenantId} and d.product_id = ${productId})::text
      || '/' || coalesce((select max(d.updated_at) from designs d
        where d.tenant_id = ${tenantId} and d.product_id = ${productId})::text, '-')
      as fingerprint`);
  return (result as unknown as { rows: { fingerprint: string }[] }).rows[0]!.fingerprint;
}
