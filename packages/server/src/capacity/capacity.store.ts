// SQL for work centers and capacity bookings. Every function is scoped by tenant.
import { and, asc, eq, gt, gte, isNull, ne, sql } from 'drizzle-orm';
import { bidHolds } from '../bids/bids.schema.ts';
import type { Db } from '../db/types.ts';
import { capacityBookings, workCenters } from './capacity.schema.ts';
import type { BookedMinutes, IsoDate } from './capacity.ts';

export type WorkCenter = typeof workCenters.$inferSelect;

/**
 * A firm's work centers: all of them, or only one provider's (`provider: null` is the firm's own
 * workshop).
 */
export async function listWorkCenters(
  db: Db,
  tenantId: string,
  options: { provider?: string | null } = {},
): Promise<WorkCenter[]> {
  const p = options.provider;
  return db
    .select()
    .from(workCenters)
    .where(
      and(
        eq(workCenters.tenantId, tenantId),
        ...(p === undefined
          ? []
          : [p === null ? isNull(workCenters.providerId) : eq(workCenters.providerId, p)]),
      ),
    )
    .orderBy(asc(workCenters.code));
}

export async function getWorkCenter(
  db: Db,
  tenantId: string,
  id: string,
): Promise<WorkCenter | null> {
  const rows = await db
    .select()
    .from(workCenters)
    .where(and(eq(workCenters.tenantId, tenantId), eq(workCenters.id, id)));
  return rows[0] ?? null;
}

export type NewWorkCenter = {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  description: string;
  minutesPerDay: number;
  reservedMinutesPerDay?: number;
  workingDays: number[];
  providerId?: string | null;
  now: Date;
};

export async function insertWorkCenter(db: Db, c: NewWorkCenter): Promise<WorkCenter> {
  const { now, ...fields } = c;
  const rows = await db
    .insert(workCenters)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  return rows[0]!;
}

export async function updateWorkCenter(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<
    Pick<
      WorkCenter,
      'name' | 'description' | 'minutesPerDay' | 'reservedMinutesPerDay' | 'workingDays'
    >
  > & {
    now: Date;
  },
): Promise<WorkCenter | null> {
  const { now, ...fields } = change;
  const rows = await db
    .update(workCenters)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(workCenters.tenantId, tenantId), eq(workCenters.id, id)))
    .returning();
  return rows[0] ?? null;
}

/**
 * Booked minutes per center per day from `from` on (leaving out `exceptOrderId`'s own): orders'
 * bookings plus the holds of accepted bid offers still open at `now` — an expired hold counts
 * for nothing even before maintenance deletes it, so its capacity is free exactly at expiry.
 */
export async function bookedMinutes(
  db: Db,
  tenantId: string,
  from: IsoDate,
  now: Date,
  exceptOrderId?: string,
): Promise<BookedMinutes> {
  const rows = await db
    .select({
      centerId: capacityBookings.workCenterId,
      day: capacityBookings.day,
      minutes: sql<number>`sum(${capacityBookings.minutes})::int`,
    })
    .from(capacityBookings)
    .where(
      and(
        eq(capacityBookings.tenantId, tenantId),
        gte(capacityBookings.day, from),
        ...(exceptOrderId ? [ne(capacityBookings.orderId, exceptOrderId)] : []),
      ),
    )
    .groupBy(capacityBookings.workCenterId, capacityBookings.day);
  const held = await db
    .select({
      centerId: bidHolds.workCenterId,
      day: bidHolds.day,
      minutes: sql<number>`sum(${bidHolds.minutes})::int`,
    })
    .from(bidHolds)
    .where(
      and(eq(bidHolds.tenantId, tenantId), gte(bidHolds.day, from), gt(bidHolds.expiresAt, now)),
    )
    .groupBy(bidHolds.workCenterId, bidHolds.day);
  const out: BookedMinutes = new Map();
  for (const r of [...rows, ...held]) {
    let days = out.get(r.centerId);
    if (!days) out.set(r.centerId, (days = new Map()));
    days.set(r.day, (days.get(r.day) ?? 0) + Number(r.minutes));
  }
  return out;
}

export async function bookedBetween(
  db: Db,
  tenantId: string,
  from: IsoDate,
  until: IsoDate,
  now: Date,
): Promise<BookedMinutes> {
  const all = await bookedMinutes(db, tenantId, from, now);
  for (const days of all.values())
    for (const day of [...days.keys()]) if (day >= until) days.delete(day);
  return all;
}

export async function insertBookings(
  db: Db,
  rows: {
    id: string;
    tenantId: string;
    workCenterId: string;
    orderId: string;
    day: IsoDate;
    minutes: number;
    now: Date;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(capacityBookings).values(rows.map(({ now, ...r }) => ({ ...r, createdAt: now })));
}

/** An order's booked minutes per center per day. */
export async function orderBookings(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<{ workCenterId: string; day: IsoDate; minutes: number }[]> {
  return db
    .select({
      workCenterId: capacityBookings.workCenterId,
      day: capacityBookings.day,
      minutes: capacityBookings.minutes,
    })
    .from(capacityBookings)
    .where(and(eq(capacityBookings.tenantId, tenantId), eq(capacityBookings.orderId, orderId)))
    .orderBy(asc(capacityBookings.day), asc(capacityBookings.workCenterId));
}

/** Frees an order's capacity; returns the number of booking rows removed. */
export async function deleteOrderBookings(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<number> {
  const rows = await db
    .delete(capacityBookings)
    .where(and(eq(capacityBookings.tenantId, tenantId), eq(capacityBookings.orderId, orderId)))
    .returning({ id: capacityBookings.id });
  return rows.length;
}

export async function countBookings(db: Db, tenantId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(capacityBookings)
    .where(eq(capacityBookings.tenantId, tenantId));
  return Number(rows[0]?.n ?? 0);
}

/** Serializes capacity decisions of one firm (schedule + book) across processes. */
export async function lockCapacity(db: Db, tenantId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`capacity:${tenantId}`}))`);
}
