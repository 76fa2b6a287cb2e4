// SQL for order change requests. Every function is scoped by tenant.
import { and, asc, desc, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import {
  orderChanges,
  orders,
  type OrderChangeStatus,
  type OrderSpecSnapshot,
} from './orders.schema.ts';
import type { Order } from './orders.store.ts';

export type OrderChange = typeof orderChanges.$inferSelect;

export async function insertOrderChange(db: Db, c: OrderChange): Promise<OrderChange> {
  const rows = await db.insert(orderChanges).values(c).returning();
  return rows[0]!;
}

export async function getOrderChange(
  db: Db,
  tenantId: string,
  id: string,
): Promise<OrderChange | null> {
  const rows = await db
    .select()
    .from(orderChanges)
    .where(and(eq(orderChanges.tenantId, tenantId), eq(orderChanges.id, id)));
  return rows[0] ?? null;
}

export async function getOrderChangeForUpdate(
  db: Db,
  tenantId: string,
  id: string,
): Promise<OrderChange | null> {
  const rows = await db
    .select()
    .from(orderChanges)
    .where(and(eq(orderChanges.tenantId, tenantId), eq(orderChanges.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function updateOrderChange(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<
    Pick<
      OrderChange,
      | 'status'
      | 'reason'
      | 'newTotal'
      | 'newCurrency'
      | 'newPromisedDate'
      | 'decidedAt'
      | 'decidedBy'
    >
  >,
): Promise<OrderChange> {
  const rows = await db
    .update(orderChanges)
    .set(change)
    .where(and(eq(orderChanges.tenantId, tenantId), eq(orderChanges.id, id)))
    .returning();
  return rows[0]!;
}

/** An order's changes, oldest first. */
export async function listOrderChanges(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<OrderChange[]> {
  return db
    .select()
    .from(orderChanges)
    .where(and(eq(orderChanges.tenantId, tenantId), eq(orderChanges.orderId, orderId)))
    .orderBy(asc(orderChanges.createdAt), asc(orderChanges.toDesignVersion));
}

/** The firm's changes with their order numbers, newest first (optionally of one status). */
export async function listFirmOrderChanges(
  db: Db,
  tenantId: string,
  status: OrderChangeStatus | undefined,
): Promise<(OrderChange & { orderNumber: number })[]> {
  const rows = await db
    .select({ change: orderChanges, orderNumber: orders.number })
    .from(orderChanges)
    .innerJoin(
      orders,
      and(eq(orders.tenantId, orderChanges.tenantId), eq(orders.id, orderChanges.orderId)),
    )
    .where(
      and(
        eq(orderChanges.tenantId, tenantId),
        ...(status ? [eq(orderChanges.status, status)] : []),
      ),
    )
    .orderBy(desc(orderChanges.createdAt))
    .limit(500);
  return rows.map((r) => ({ ...r.change, orderNumber: r.orderNumber }));
}

/** The pending (requested) changes of an order, locked. */
export async function pendingOrderChangesForUpdate(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<OrderChange[]> {
  return db
    .select()
    .from(orderChanges)
    .where(
      and(
        eq(orderChanges.tenantId, tenantId),
        eq(orderChanges.orderId, orderId),
        eq(orderChanges.status, 'requested'),
      ),
    )
    .for('update');
}

/** The design's orders that are neither delivered nor cancelled, locked, by number. */
export async function openOrdersOfDesignForUpdate(
  db: Db,
  tenantId: string,
  designId: string,
): Promise<Order[]> {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.designId, designId),
        notInArray(orders.status, ['delivered', 'cancelled']),
      ),
    )
    .orderBy(asc(orders.number))
    .for('update');
}

/** Writes the order's new spec (snapshot, price, date, BOM, routing). */
export async function setOrderSpec(
  db: Db,
  tenantId: string,
  id: string,
  spec: Pick<
    Order,
    | 'productVersionId'
    | 'choices'
    | 'personalization'
    | 'lines'
    | 'total'
    | 'currency'
    | 'leadTimeDays'
    | 'promisedDate'
    | 'bom'
    | 'routing'
  >,
  now: Date,
): Promise<Order> {
  const rows = await db
    .update(orders)
    .set({ ...spec, updatedAt: now })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)))
    .returning();
  return rows[0]!;
}

export function specSnapshot(o: Order): OrderSpecSnapshot {
  return {
    productVersionId: o.productVersionId,
    choices: o.choices,
    personalization: o.personalization,
    lines: o.lines,
    total: o.total,
    currency: o.currency,
    leadTimeDays: o.leadTimeDays,
    promisedDate: o.promisedDate,
  };
}
