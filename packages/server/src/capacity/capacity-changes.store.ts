// SQL for capacity changes and the data a re-plan reads and writes. Every function is scoped by
// tenant.
import { and, asc, desc, eq, gte, inArray, lte, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { orders, type OrderStatus, type RoutingStep } from '../orders/orders.schema.ts';
import { capacityBookings, capacityChanges, type CapacityChangeStatus } from './capacity.schema.ts';
import type { CenterCapacity, IsoDate } from './capacity.ts';
import type { WorkCenter } from './capacity.store.ts';

export type CapacityChange = typeof capacityChanges.$inferSelect;

export async function insertCapacityChange(
  db: Db,
  c: Omit<CapacityChange, 'appliedAt' | 'ordersMoved' | 'status'>,
): Promise<CapacityChange> {
  const rows = await db
    .insert(capacityChanges)
    .values({ ...c, status: 'draft' })
    .returning();
  return rows[0]!;
}

export async function getCapacityChange(
  db: Db,
  tenantId: string,
  id: string,
): Promise<CapacityChange | null> {
  const rows = await db
    .select()
    .from(capacityChanges)
    .where(and(eq(capacityChanges.tenantId, tenantId), eq(capacityChanges.id, id)));
  return rows[0] ?? null;
}

/** Newest first; drafts and applied changes that are not over before `from`. */
export async function listCapacityChanges(
  db: Db,
  tenantId: string,
  from: IsoDate,
): Promise<CapacityChange[]> {
  return db
    .select()
    .from(capacityChanges)
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        ne(capacityChanges.status, 'discarded'),
        gte(capacityChanges.lastDay, from),
      ),
    )
    .orderBy(desc(capacityChanges.createdAt))
    .limit(500);
}

/** Applied changes of a center overlapping [firstDay, lastDay]. */
export async function appliedOverlapping(
  db: Db,
  tenantId: string,
  workCenterId: string,
  firstDay: IsoDate,
  lastDay: IsoDate,
): Promise<CapacityChange[]> {
  return db
    .select()
    .from(capacityChanges)
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        eq(capacityChanges.workCenterId, workCenterId),
        eq(capacityChanges.status, 'applied'),
        lte(capacityChanges.firstDay, lastDay),
        gte(capacityChanges.lastDay, firstDay),
      ),
    );
}

/** Moves a change on from `from` (e.g. draft → applied); false when it was no longer `from`. */
export async function setCapacityChangeStatus(
  db: Db,
  tenantId: string,
  id: string,
  from: CapacityChangeStatus,
  to: CapacityChangeStatus,
  extra: { appliedAt?: Date; ordersMoved?: number } = {},
): Promise<boolean> {
  const rows = await db
    .update(capacityChanges)
    .set({ status: to, ...extra })
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        eq(capacityChanges.id, id),
        eq(capacityChanges.status, from),
      ),
    )
    .returning({ id: capacityChanges.id });
  return rows.length === 1;
}

/**
 * The firm's work centers as the scheduler sees them from `from` on: each with its calendar of
 * applied changes (plus `extra`, a draft being previewed). `provider` as in listWorkCenters.
 */
export async function centersWithCalendars(
  db: Db,
  tenantId: string,
  centers: WorkCenter[],
  from: IsoDate,
  extra: Pick<CapacityChange, 'workCenterId' | 'firstDay' | 'lastDay' | 'minutesPerDay'>[] = [],
): Promise<CenterCapacity[]> {
  if (centers.length === 0) return centers;
  const applied = await db
    .select({
      workCenterId: capacityChanges.workCenterId,
      firstDay: capacityChanges.firstDay,
      lastDay: capacityChanges.lastDay,
      minutesPerDay: capacityChanges.minutesPerDay,
    })
    .from(capacityChanges)
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        eq(capacityChanges.status, 'applied'),
        gte(capacityChanges.lastDay, from),
      ),
    )
    .orderBy(asc(capacityChanges.appliedAt));
  if (applied.length === 0 && extra.length === 0) return centers;
  const calendars = new Map<string, Map<IsoDate, number>>();
  for (const c of [...applied, ...extra]) {
    let days = calendars.get(c.workCenterId);
    if (!days) calendars.set(c.workCenterId, (days = new Map()));
    for (let day = c.firstDay; day <= c.lastDay; day = nextDay(day)) days.set(day, c.minutesPerDay);
  }
  return centers.map((c) => {
    const calendar = calendars.get(c.id);
    return calendar ? { ...c, calendar } : c;
  });
}

function nextDay(day: IsoDate): IsoDate {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Statuses whose orders still have work to do (their bookings may be moved). */
const DONE: ('shipped' | 'delivered' | 'cancelled')[] = ['shipped', 'delivered', 'cancelled'];

export type OpenOrderWork = {
  id: string;
  number: number;
  status: OrderStatus;
  customerId: string | null;
  email: string;
  createdAt: Date;
  leadTimeDays: number;
  promisedDate: IsoDate;
  routing: RoutingStep[];
  providerId: string | null;
  bookings: { workCenterId: string; day: IsoDate; minutes: number }[];
};

/**
 * Open orders with bookings at any of `centerIds` from `from` on, each with all its bookings
 * (at every center) from `bookingsFrom` on — the work a re-plan starting then may move.
 */
export async function openOrdersBookedAt(
  db: Db,
  tenantId: string,
  centerIds: string[],
  from: IsoDate,
  bookingsFrom: IsoDate,
): Promise<OpenOrderWork[]> {
  if (centerIds.length === 0) return [];
  const affected = db
    .selectDistinct({ orderId: capacityBookings.orderId })
    .from(capacityBookings)
    .where(
      and(
        eq(capacityBookings.tenantId, tenantId),
        inArray(capacityBookings.workCenterId, centerIds),
        gte(capacityBookings.day, from),
      ),
    );
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      customerId: orders.customerId,
      email: orders.email,
      createdAt: orders.createdAt,
      leadTimeDays: orders.leadTimeDays,
      promisedDate: orders.promisedDate,
      routing: orders.routing,
      providerId: orders.providerId,
    })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        notInArray(orders.status, DONE),
        inArray(orders.id, affected),
      ),
    );
  if (rows.length === 0) return [];
  const bookings = await db
    .select({
      orderId: capacityBookings.orderId,
      workCenterId: capacityBookings.workCenterId,
      day: capacityBookings.day,
      minutes: capacityBookings.minutes,
    })
    .from(capacityBookings)
    .where(
      and(
        eq(capacityBookings.tenantId, tenantId),
        gte(capacityBookings.day, bookingsFrom),
        inArray(capacityBookings.orderId, affected),
      ),
    )
    .orderBy(asc(capacityBookings.day));
  const byOrder = new Map<string, OpenOrderWork['bookings']>();
  for (const b of bookings) {
    let list = byOrder.get(b.orderId);
    if (!list) byOrder.set(b.orderId, (list = []));
    list.push({ workCenterId: b.workCenterId, day: b.day, minutes: b.minutes });
  }
  return rows.map((r) => ({ ...r, bookings: byOrder.get(r.id) ?? [] }));
}

/**
 * What a plan was computed from, as one string: every booking from `from` on (order, center,
 * day, minutes) and the promised dates of the orders holding them. Applying compares it with
 * the preview's, so a plan is never applied over bookings that changed since (optimistic
 * concurrency).
 */
export async function bookingsFingerprint(
  db: Db,
  tenantId: string,
  from: IsoDate,
): Promise<string> {
  const rows = await db.execute(sql`
    select count(*)::text as n,
           coalesce(sum(hashtext(b.order_id::text || b.work_center_id::text || b.day::text
                     || b.minutes::text || o.promised_date::text)::bigint), 0)::text as h
    from ${capacityBookings} b join ${orders} o on o.tenant_id = b.tenant_id and o.id = b.order_id
    where b.tenant_id = ${tenantId} and b.day >= ${from}`);
  const r = (rows as unknown as { rows: { n: string; h: string }[] }).rows[0]!;
  return `${r.n}:${r.h}`;
}

/** Removes the bookings of `orderIds` from `from` on (their remaining work, to be placed again). */
export async function deleteBookingsFrom(
  db: Db,
  tenantId: string,
  orderIds: string[],
  from: IsoDate,
): Promise<void> {
  if (orderIds.length === 0) return;
  for (let i = 0; i < orderIds.length; i += 1000)
    await db
      .delete(capacityBookings)
      .where(
        and(
          eq(capacityBookings.tenantId, tenantId),
          inArray(capacityBookings.orderId, orderIds.slice(i, i + 1000)),
          gte(capacityBookings.day, from),
        ),
      );
}
