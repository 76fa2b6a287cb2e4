// Personal data in the studio's designs and the orders module's orders: export, erasure (orders
// stay for accounting with personal fields removed), claiming a guest's records at sign-up, and
// the retention purge of guests' abandoned designs.
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { orderChanges, orderEvents, orders } from '../orders/orders.schema.ts';
import { designComments, designs, designVersions } from '../studio/studio.schema.ts';
import type { DataSubject, PersonalDataHolder } from './personal-data.ts';

const sameEmail = (column: typeof designs.email | typeof orders.email, email: string) =>
  sql`lower(${column}) = ${email.toLowerCase()}`;

const designsOf = (s: DataSubject) =>
  and(
    eq(designs.tenantId, s.tenantId),
    or(eq(designs.customerId, s.customerId), sameEmail(designs.email, s.email)),
  );
const commentsOf = (s: DataSubject) =>
  and(eq(designComments.tenantId, s.tenantId), eq(designComments.customerId, s.customerId));
const ordersOf = (s: DataSubject) =>
  and(
    eq(orders.tenantId, s.tenantId),
    or(eq(orders.customerId, s.customerId), sameEmail(orders.email, s.email)),
  );

/** How long orders are kept for the books; told to the customer. */
export const ACCOUNTING_REASON =
  'Orders are accounting records the firm must keep (commonly 7 years); name, email and personal texts were removed from them.';

export const studioHolder: PersonalDataHolder = {
  name: 'designs-and-orders',
  async holdings(db, s) {
    const d = await db.select({ id: designs.id }).from(designs).where(designsOf(s));
    const o = await db.select({ id: orders.id }).from(orders).where(ordersOf(s));
    const c = await db.select({ id: designComments.id }).from(designComments).where(commentsOf(s));
    return [
      { purpose: 'necessary', what: 'saved designs', count: d.length },
      { purpose: 'necessary', what: 'orders', count: o.length },
      ...(c.length
        ? [{ purpose: 'necessary' as const, what: 'comments on shared designs', count: c.length }]
        : []),
    ];
  },
  async export(db, s) {
    const d = await db.select().from(designs).where(designsOf(s));
    const versions = d.length
      ? await db
          .select()
          .from(designVersions)
          .where(
            and(
              eq(designVersions.tenantId, s.tenantId),
              inArray(
                designVersions.designId,
                d.map((x) => x.id),
              ),
            ),
          )
      : [];
    const o = await db.select().from(orders).where(ordersOf(s));
    const events = o.length
      ? await db
          .select()
          .from(orderEvents)
          .where(
            and(
              eq(orderEvents.tenantId, s.tenantId),
              inArray(
                orderEvents.orderId,
                o.map((x) => x.id),
              ),
            ),
          )
      : [];
    const comments = await db.select().from(designComments).where(commentsOf(s));
    const changes = o.length
      ? await db
          .select()
          .from(orderChanges)
          .where(
            and(
              eq(orderChanges.tenantId, s.tenantId),
              inArray(
                orderChanges.orderId,
                o.map((x) => x.id),
              ),
            ),
          )
      : [];
    return {
      designComments: comments,
      designs: d.map(({ tokenHash: _t, ...x }) => ({
        ...x,
        versions: versions.filter((v) => v.designId === x.id),
      })),
      orders: o.map(({ tokenHash: _t, ...x }) => ({
        ...x,
        timeline: events.filter((e) => e.orderId === x.id),
        changes: changes.filter((c) => c.orderId === x.id),
      })),
    };
  },
  async erase(db, s) {
    const o = await db.select({ id: orders.id }).from(orders).where(ordersOf(s));
    const orderIds = o.map((x) => x.id);
    const d = await db.delete(designs).where(designsOf(s)).returning({ id: designs.id });
    const c = await db
      .delete(designComments)
      .where(commentsOf(s))
      .returning({ id: designComments.id });
    if (orderIds.length) {
      await db
        .update(orders)
        .set({
          email: `erased-${s.customerId}@erased.invalid`,
          personalization: {},
          designId: null,
        })
        .where(and(eq(orders.tenantId, s.tenantId), inArray(orders.id, orderIds)));
      // Who did what stays as a role; labels and notes may name the person.
      await db
        .update(orderEvents)
        .set({
          byLabel: sql`case when ${orderEvents.byKind} in ('customer', 'guest') then 'customer (erased)' else ${orderEvents.byLabel} end`,
          note: null,
        })
        .where(and(eq(orderEvents.tenantId, s.tenantId), inArray(orderEvents.orderId, orderIds)));
      // The order as it was before a revision kept its personal texts too.
      await db
        .update(orderChanges)
        .set({
          fromSnapshot: sql`jsonb_set(${orderChanges.fromSnapshot}, '{personalization}', '{}'::jsonb)`,
        })
        .where(and(eq(orderChanges.tenantId, s.tenantId), inArray(orderChanges.orderId, orderIds)));
    }
    return {
      deleted: { designs: d.length, ...(c.length ? { designComments: c.length } : {}) },
      kept: orderIds.length
        ? [
            {
              what: 'your orders (product, options, prices, dates)',
              count: orderIds.length,
              why: ACCOUNTING_REASON,
            },
          ]
        : [],
    };
  },
};

/** A guest's designs and orders placed with the email become the new customer's. */
export async function claimStudioRecords(
  db: Db,
  tenantId: string,
  customerId: string,
  email: string,
) {
  const d = await db
    .update(designs)
    .set({ customerId })
    .where(
      and(
        eq(designs.tenantId, tenantId),
        isNull(designs.customerId),
        sameEmail(designs.email, email),
      ),
    )
    .returning({ id: designs.id });
  const o = await db
    .update(orders)
    .set({ customerId })
    .where(
      and(eq(orders.tenantId, tenantId), isNull(orders.customerId), sameEmail(orders.email, email)),
    )
    .returning({ id: orders.id });
  return { designs: d.length, orders: o.length };
}

/** Guests' designs untouched since `cutoff` that no order points at. */
export async function purgeGuestDesigns(db: Db, tenantId: string, cutoff: Date): Promise<number> {
  const rows = await db
    .delete(designs)
    .where(
      and(
        eq(designs.tenantId, tenantId),
        isNull(designs.customerId),
        lt(designs.updatedAt, cutoff),
        sql`not exists (select 1 from ${orders} o where o.tenant_id = ${designs.tenantId} and o.design_id = ${designs.id})`,
      ),
    )
    .returning({ id: designs.id });
  return rows.length;
}
