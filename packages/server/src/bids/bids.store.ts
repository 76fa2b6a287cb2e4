// SQL for bids and the capacity their open offers hold. Every function is scoped by tenant,
// except the maintenance sweep over all firms.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import type { PageKey } from '../http/pagination.ts';
import type { Bid } from './bids.ts';
import { bidHolds, bids, type BidStatus } from './bids.schema.ts';

export async function insertBid(db: Db, row: typeof bids.$inferInsert): Promise<Bid> {
  const rows = await db.insert(bids).values(row).returning();
  return rows[0]!;
}

export async function getBid(db: Db, tenantId: string, id: string): Promise<Bid | null> {
  const rows = await db
    .select()
    .from(bids)
    .where(and(eq(bids.tenantId, tenantId), eq(bids.id, id)));
  return rows[0] ?? null;
}

export async function getBidForUpdate(db: Db, tenantId: string, id: string): Promise<Bid | null> {
  const rows = await db
    .select()
    .from(bids)
    .where(and(eq(bids.tenantId, tenantId), eq(bids.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function updateBid(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<Pick<Bid, 'status' | 'orderId'>>,
): Promise<Bid> {
  const rows = await db
    .update(bids)
    .set(change)
    .where(and(eq(bids.tenantId, tenantId), eq(bids.id, id)))
    .returning();
  return rows[0]!;
}

export type HoldRow = { workCenterId: string; day: string; minutes: number };

export async function insertHolds(db: Db, rows: (typeof bidHolds.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(bidHolds).values(rows);
}

/** Deletes a bid's holds and returns them (to turn them into an order's bookings). */
export async function takeHolds(db: Db, tenantId: string, bidId: string): Promise<HoldRow[]> {
  return db
    .delete(bidHolds)
    .where(and(eq(bidHolds.tenantId, tenantId), eq(bidHolds.bidId, bidId)))
    .returning({
      workCenterId: bidHolds.workCenterId,
      day: bidHolds.day,
      minutes: bidHolds.minutes,
    });
}

/** Who bids: a signed-in customer, or a guest by email and by client address. */
export type Bidder = { customerId: string | null; email: string | null; clientHash: string | null };

function bidderMatch(b: Bidder) {
  const parts = [
    ...(b.customerId ? [eq(bids.customerId, b.customerId)] : []),
    ...(b.customerId === null && b.email
      ? [and(isNull(bids.customerId), eq(bids.email, b.email))]
      : []),
    ...(b.clientHash ? [eq(bids.clientHash, b.clientHash)] : []),
  ];
  return parts.length ? or(...parts) : sql`false`;
}

/** The latest refusal of the same bid by this bidder since `since`, if any. */
export async function lastSameRefusal(
  db: Db,
  tenantId: string,
  rebidKeyHash: string,
  bidder: Bidder,
  since: Date,
): Promise<Bid | null> {
  const rows = await db
    .select()
    .from(bids)
    .where(
      and(
        eq(bids.tenantId, tenantId),
        eq(bids.rebidKeyHash, rebidKeyHash),
        eq(bids.status, 'refused'),
        gt(bids.createdAt, since),
        bidderMatch(bidder),
      ),
    )
    .orderBy(desc(bids.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

/** The lowest price of a bid for the product accepted (offered) since `since`. */
export async function lowestAccepted(
  db: Db,
  tenantId: string,
  productId: string,
  since: Date,
): Promise<number | null> {
  const rows = await db
    .select({ min: sql<number | null>`min(${bids.price})::int` })
    .from(bids)
    .where(
      and(
        eq(bids.tenantId, tenantId),
        eq(bids.productId, productId),
        inArray(bids.status, ['accepted', 'expired', 'converted']),
        gte(bids.createdAt, since),
      ),
    );
  const min = rows[0]?.min;
  return min === null || min === undefined ? null : Number(min);
}

/** Newest first, keyset-paginated: a customer's bids, or all of a firm's (optionally by status). */
export async function listBids(
  db: Db,
  tenantId: string,
  filter: { customerId?: string; status?: BidStatus },
  page: { after: PageKey | null; limit: number },
): Promise<Bid[]> {
  return db
    .select()
    .from(bids)
    .where(
      and(
        eq(bids.tenantId, tenantId),
        ...(filter.customerId ? [eq(bids.customerId, filter.customerId)] : []),
        ...(filter.status ? [eq(bids.status, filter.status)] : []),
        ...(page.after
          ? [
              sql`(${bids.createdAt}, ${bids.id}) < (${page.after.at.toISOString()}::timestamptz, ${page.after.id}::uuid)`,
            ]
          : []),
      ),
    )
    .orderBy(desc(bids.createdAt), desc(bids.id))
    .limit(page.limit);
}

/** Every bid of a firm for the statistics (status, price, floor, provider). */
export async function allBids(db: Db, tenantId: string): Promise<Bid[]> {
  return db.select().from(bids).where(eq(bids.tenantId, tenantId)).orderBy(asc(bids.createdAt));
}

/**
 * Maintenance: deletes every expired hold and marks unconfirmed offers past their expiry as
 * expired, in every firm. Capacity is already free at expiry (the capacity query ignores expired
 * holds); this only tidies up. Returns how many bids expired.
 */
export async function expireBidOffers(db: Db, now: Date): Promise<number> {
  await db.delete(bidHolds).where(lte(bidHolds.expiresAt, now));
  const rows = await db
    .update(bids)
    .set({ status: 'expired' })
    .where(and(eq(bids.status, 'accepted'), lte(bids.expiresAt, now)))
    .returning({ id: bids.id });
  return rows.length;
}
