// Reading the order history customer value is fitted to, and keeping the figures. Every query
// is scoped by tenant.
import { and, asc, count, desc, eq, inArray, isNotNull, notInArray } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { conversations, revisions } from '../dialogue/dialogue.schema.ts';
import { orderChanges, orders } from '../orders/orders.schema.ts';
import { customers } from '../users/users.schema.ts';
import {
  customerValueRuns,
  customerValues,
  type CustomerValueRunFacts,
  type Segment,
} from './customer-value.schema.ts';

export type CustomerValueRow = typeof customerValues.$inferSelect;
export type CustomerValueRun = typeof customerValueRuns.$inferSelect;

/**
 * The orders of signed-in customers that count as purchases: not cancelled, not a guest order
 * still waiting for its confirmation, in the firm's currency. Oldest first.
 */
export async function purchaseHistory(db: Db, tenantId: string, currency: string) {
  return db
    .select({ customerId: orders.customerId, at: orders.createdAt, total: orders.total })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        isNotNull(orders.customerId),
        notInArray(orders.status, ['cancelled', 'pending_confirmation']),
        eq(orders.currency, currency),
      ),
    )
    .orderBy(asc(orders.createdAt), asc(orders.id)) as Promise<
    { customerId: string; at: Date; total: number }[]
  >;
}

/** Service interactions per customer: conversations, design revisions and order changes. */
export async function interactionCounts(
  db: Db,
  tenantId: string,
  customerIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (customerIds.length === 0) return out;
  const add = (rows: { customerId: string | null; n: number }[]) => {
    for (const r of rows)
      if (r.customerId) out.set(r.customerId, (out.get(r.customerId) ?? 0) + r.n);
  };
  const ids = [...customerIds];
  add(
    await db
      .select({ customerId: conversations.customerId, n: count() })
      .from(conversations)
      .where(and(eq(conversations.tenantId, tenantId), inArray(conversations.customerId, ids)))
      .groupBy(conversations.customerId),
  );
  add(
    await db
      .select({ customerId: conversations.customerId, n: count() })
      .from(revisions)
      .innerJoin(
        conversations,
        and(
          eq(conversations.tenantId, revisions.tenantId),
          eq(conversations.id, revisions.conversationId),
        ),
      )
      .where(and(eq(revisions.tenantId, tenantId), inArray(conversations.customerId, ids)))
      .groupBy(conversations.customerId),
  );
  add(
    await db
      .select({ customerId: orders.customerId, n: count() })
      .from(orderChanges)
      .innerJoin(
        orders,
        and(eq(orders.tenantId, orderChanges.tenantId), eq(orders.id, orderChanges.orderId)),
      )
      .where(and(eq(orderChanges.tenantId, tenantId), inArray(orders.customerId, ids)))
      .groupBy(orders.customerId),
  );
  return out;
}

/** Replaces the firm's figures and its run record at once (a reader sees the old or the new). */
export async function replaceCustomerValues(
  db: Db,
  tenantId: string,
  rows: CustomerValueRow[],
  run: {
    status: CustomerValueRun['status'];
    message: string | null;
    facts: CustomerValueRunFacts;
    computedAt: Date;
  },
): Promise<CustomerValueRun> {
  return db.transaction(async (tx) => {
    await tx.delete(customerValues).where(eq(customerValues.tenantId, tenantId));
    for (let i = 0; i < rows.length; i += 500)
      await tx.insert(customerValues).values(rows.slice(i, i + 500));
    const values = { tenantId, customers: rows.length, ...run };
    const [saved] = await tx
      .insert(customerValueRuns)
      .values(values)
      .onConflictDoUpdate({ target: customerValueRuns.tenantId, set: values })
      .returning();
    return saved!;
  });
}

export async function getRun(db: Db, tenantId: string): Promise<CustomerValueRun | null> {
  const [run] = await db
    .select()
    .from(customerValueRuns)
    .where(eq(customerValueRuns.tenantId, tenantId));
  return run ?? null;
}

export async function getCustomerValue(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<CustomerValueRow | null> {
  const [row] = await db
    .select()
    .from(customerValues)
    .where(and(eq(customerValues.tenantId, tenantId), eq(customerValues.customerId, customerId)));
  return row ?? null;
}

/** One page of figures, highest expected value first, with the customer's name and email. */
export async function listCustomerValues(
  db: Db,
  tenantId: string,
  filter: { segment?: Segment; offset: number; limit: number },
) {
  const where = and(
    eq(customerValues.tenantId, tenantId),
    ...(filter.segment ? [eq(customerValues.segment, filter.segment)] : []),
  );
  const items = await db
    .select({ value: customerValues, name: customers.name, email: customers.email })
    .from(customerValues)
    .innerJoin(
      customers,
      and(
        eq(customers.tenantId, customerValues.tenantId),
        eq(customers.id, customerValues.customerId),
      ),
    )
    .where(where)
    .orderBy(desc(customerValues.expectedValue), asc(customerValues.customerId))
    .offset(filter.offset)
    .limit(filter.limit);
  const [total] = await db.select({ n: count() }).from(customerValues).where(where);
  return { items, total: total?.n ?? 0 };
}

/** Firms with at least one customer order: the ones the schedule recomputes. */
export async function tenantsWithCustomerOrders(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: orders.tenantId })
    .from(orders)
    .where(isNotNull(orders.customerId));
  return rows.map((r) => r.tenantId);
}

/** When the firm's figures were last computed (null: never). */
export async function lastComputedAt(db: Db, tenantId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: customerValueRuns.computedAt })
    .from(customerValueRuns)
    .where(eq(customerValueRuns.tenantId, tenantId));
  return row?.at ?? null;
}
