// SQL for providers, what they build at what cost, and the orders routed to them. Every
// function is scoped by tenant.
import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import { bookedBetween, listWorkCenters } from '../capacity/capacity.store.ts';
import { addDays, isoWeekday, type IsoDate } from '../capacity/capacity.ts';
import type { Db } from '../db/types.ts';
import { orders } from '../orders/orders.schema.ts';
import type { Order } from '../orders/orders.store.ts';
import { providerProducts, providers } from './providers.schema.ts';

export type Provider = typeof providers.$inferSelect;
export type ProviderProduct = typeof providerProducts.$inferSelect;

export async function listProviders(db: Db, tenantId: string): Promise<Provider[]> {
  return db
    .select()
    .from(providers)
    .where(eq(providers.tenantId, tenantId))
    .orderBy(asc(providers.kind), asc(providers.name), asc(providers.id));
}

export async function getProvider(db: Db, tenantId: string, id: string): Promise<Provider | null> {
  const rows = await db
    .select()
    .from(providers)
    .where(and(eq(providers.tenantId, tenantId), eq(providers.id, id)));
  return rows[0] ?? null;
}

export async function insertProvider(db: Db, p: typeof providers.$inferInsert): Promise<Provider> {
  const rows = await db.insert(providers).values(p).returning();
  return rows[0]!;
}

export async function updateProvider(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<
    Pick<Provider, 'name' | 'active' | 'acceptDeadlineHours' | 'extraLeadDays' | 'floorPolicy'>
  > & { now: Date },
): Promise<Provider | null> {
  const { now, ...fields } = change;
  const rows = await db
    .update(providers)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(providers.tenantId, tenantId), eq(providers.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** What each provider builds of each product (all of a firm's, or one provider's). */
export async function listProviderProducts(
  db: Db,
  tenantId: string,
  filter: { providerId?: string; productId?: string } = {},
): Promise<ProviderProduct[]> {
  return db
    .select()
    .from(providerProducts)
    .where(
      and(
        eq(providerProducts.tenantId, tenantId),
        ...(filter.providerId ? [eq(providerProducts.providerId, filter.providerId)] : []),
        ...(filter.productId ? [eq(providerProducts.productId, filter.productId)] : []),
      ),
    )
    .orderBy(asc(providerProducts.providerId), asc(providerProducts.productId));
}

/** Sets what a provider builds of a product and at what cost (insert or replace). */
export async function upsertProviderProduct(
  db: Db,
  row: typeof providerProducts.$inferInsert & { updatedAt: Date },
): Promise<ProviderProduct> {
  const rows = await db
    .insert(providerProducts)
    .values(row)
    .onConflictDoUpdate({
      target: [providerProducts.tenantId, providerProducts.providerId, providerProducts.productId],
      set: {
        allowed: row.allowed,
        baseCost: row.baseCost,
        optionCosts: row.optionCosts,
        currency: row.currency,
        updatedAt: row.updatedAt,
      },
    })
    .returning();
  return rows[0]!;
}

/** Orders routed to one provider, open ones (not cancelled or delivered), oldest first. */
export async function listProviderOrders(
  db: Db,
  tenantId: string,
  providerId: string,
): Promise<Order[]> {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.providerId, providerId),
        inArray(orders.status, ['placed', 'confirmed', 'in_production', 'shipped']),
      ),
    )
    .orderBy(asc(orders.createdAt), asc(orders.id));
}

/** Orders whose provider let the accept deadline pass, across all firms. */
export async function overdueRoutedOrders(
  db: Db,
  now: Date,
): Promise<{ tenantId: string; id: string }[]> {
  return db
    .select({ tenantId: orders.tenantId, id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.routingStatus, 'routed'),
        isNotNull(orders.routingDeadline),
        lte(orders.routingDeadline, now),
      ),
    )
    .orderBy(asc(orders.routingDeadline), asc(orders.id));
}

export async function setOrderRouting(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<
    Pick<
      Order,
      | 'providerId'
      | 'routingStatus'
      | 'routingDeadline'
      | 'declinedProviders'
      | 'promisedDate'
      | 'leadTimeDays'
      | 'routing'
    >
  > & { now: Date },
): Promise<Order> {
  const { now, ...fields } = change;
  const rows = await db
    .update(orders)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)))
    .returning();
  return rows[0]!;
}

/**
 * How full a provider's calendar is between `from` and `until` (exclusive), 0..1: minutes booked
 * over minutes available at its work centers (`providerId` null: the own workshop). A provider
 * without working time in the window counts as full. The `capacityLoad` of floorFor. Open bid
 * holds count as booked while unexpired at `now` (default: the start of `from`).
 */
export async function providerLoad(
  db: Db,
  tenantId: string,
  providerId: string | null,
  from: IsoDate,
  until: IsoDate,
  now: Date = new Date(`${from}T00:00:00.000Z`),
): Promise<number> {
  const centers = await listWorkCenters(db, tenantId, { provider: providerId });
  const booked = await bookedBetween(db, tenantId, from, until, now);
  let available = 0;
  let used = 0;
  for (const c of centers) {
    for (let day = from; day < until; day = addDays(day, 1))
      if (c.workingDays.includes(isoWeekday(day))) available += c.minutesPerDay;
    for (const minutes of booked.get(c.id)?.values() ?? []) used += minutes;
  }
  return available > 0 ? Math.min(1, used / available) : 1;
}
