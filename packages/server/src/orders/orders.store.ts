// SQL for orders and their events. Every function is scoped by tenant.
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import type { PageKey } from '../http/pagination.ts';
import { orderChanges, orderEvents, orders, type OrderStatus } from './orders.schema.ts';

export type Order = typeof orders.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;

/** Inserts with the next per-firm number (callers hold the firm's capacity lock). */
export async function insertOrder(
  db: Db,
  o: Omit<
    Order,
    | 'number'
    | 'updatedAt'
    | 'holdExpiresAt'
    | 'confirmTokenHash'
    | 'providerId'
    | 'routingStatus'
    | 'routingDeadline'
    | 'declinedProviders'
    | 'bidId'
    | 'poNumber'
    | 'paymentTerms'
    | 'locationId'
  > &
    Partial<
      Pick<
        Order,
        | 'holdExpiresAt'
        | 'confirmTokenHash'
        | 'providerId'
        | 'routingStatus'
        | 'routingDeadline'
        | 'declinedProviders'
        | 'bidId'
        | 'poNumber'
        | 'paymentTerms'
        | 'locationId'
      >
    >,
): Promise<Order> {
  const last = await db
    .select({ n: sql<number>`coalesce(max(${orders.number}), 0)::int` })
    .from(orders)
    .where(eq(orders.tenantId, o.tenantId));
  const rows = await db
    .insert(orders)
    .values({ ...o, number: Number(last[0]?.n ?? 0) + 1, updatedAt: o.createdAt })
    .returning();
  return rows[0]!;
}

export async function getOrder(db: Db, tenantId: string, id: string): Promise<Order | null> {
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  return rows[0] ?? null;
}

export async function getOrderForUpdate(
  db: Db,
  tenantId: string,
  id: string,
): Promise<Order | null> {
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function listOrders(
  db: Db,
  tenantId: string,
  filter: {
    status?: OrderStatus;
    productId?: string;
    from?: Date;
    to?: Date;
    /** Only orders with (true) or without (false) a change request waiting for the firm. */
    changeWaiting?: boolean;
  },
): Promise<Order[]> {
  const waiting = sql`exists (select 1 from ${orderChanges} where ${orderChanges.tenantId} = ${orders.tenantId} and ${orderChanges.orderId} = ${orders.id} and ${orderChanges.status} = 'requested')`;
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        ...(filter.status ? [eq(orders.status, filter.status)] : []),
        ...(filter.productId ? [eq(orders.productId, filter.productId)] : []),
        ...(filter.from ? [gte(orders.createdAt, filter.from)] : []),
        ...(filter.to ? [lt(orders.createdAt, filter.to)] : []),
        ...(filter.changeWaiting === undefined
          ? []
          : [filter.changeWaiting ? waiting : sql`not ${waiting}`]),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.number))
    .limit(500);
}

/**
 * A signed-in customer's orders (placed signed in, or as a guest and claimed), newest first,
 * after `after` (keyset pagination); `limit` rows at most.
 */
export async function listCustomerOrders(
  db: Db,
  tenantId: string,
  customerId: string,
  page: { after: PageKey | null; limit: number },
): Promise<Order[]> {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.customerId, customerId),
        ...(page.after
          ? [
              sql`(${orders.createdAt}, ${orders.id}) < (${page.after.at.toISOString()}::timestamptz, ${page.after.id}::uuid)`,
            ]
          : []),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(page.limit);
}

/** The events of several orders of one firm, oldest first. */
export async function listEventsOfOrders(
  db: Db,
  tenantId: string,
  orderIds: string[],
): Promise<OrderEvent[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.tenantId, tenantId), inArray(orderEvents.orderId, orderIds)))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id));
}

export async function setOrderStatus(
  db: Db,
  tenantId: string,
  id: string,
  status: OrderStatus,
  now: Date,
): Promise<Order> {
  const rows = await db
    .update(orders)
    .set({ status, updatedAt: now })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)))
    .returning();
  return rows[0]!;
}

export async function insertOrderEvent(db: Db, e: OrderEvent): Promise<void> {
  await db.insert(orderEvents).values(e);
}

export async function listOrderEvents(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<OrderEvent[]> {
  return db
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.orderId, orderId)))
    .orderBy(asc(orderEvents.at));
}

export async function countOrders(db: Db, tenantId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(eq(orders.tenantId, tenantId));
  return Number(rows[0]?.n ?? 0);
}

/** Replaces an order's private token (a signed-in customer confirming a bid again). */
export async function setOrderTokenHash(
  db: Db,
  tenantId: string,
  id: string,
  tokenHash: string,
): Promise<Order> {
  const rows = await db
    .update(orders)
    .set({ tokenHash })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)))
    .returning();
  return rows[0]!;
}
