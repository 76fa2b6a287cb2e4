// Offers and their redemptions in SQL. Every query is scoped by tenant.
import { and, asc, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { customers } from '../users/users.schema.ts';
import { offerRedemptions, offers } from './offers.schema.ts';
import type { Offer } from './offers.ts';

export async function insertOffer(db: Db, row: typeof offers.$inferInsert): Promise<Offer> {
  const rows = await db.insert(offers).values(row).returning();
  return rows[0]!;
}

export async function getOffer(db: Db, tenantId: string, id: string): Promise<Offer | null> {
  const rows = await db
    .select()
    .from(offers)
    .where(and(eq(offers.tenantId, tenantId), eq(offers.id, id)));
  return rows[0] ?? null;
}

export async function listOffers(db: Db, tenantId: string) {
  return db
    .select({ offer: offers, customerName: customers.name })
    .from(offers)
    .leftJoin(customers, eq(customers.id, offers.customerId))
    .where(eq(offers.tenantId, tenantId))
    .orderBy(desc(offers.createdAt), desc(offers.id))
    .limit(500);
}

/** Ends an offer now (kept for the record with its uses). Null when not found. */
export async function endOffer(
  db: Db,
  tenantId: string,
  id: string,
  now: Date,
): Promise<Offer | null> {
  const rows = await db
    .update(offers)
    .set({ endedAt: now })
    .where(and(eq(offers.tenantId, tenantId), eq(offers.id, id), isNull(offers.endedAt)))
    .returning();
  return rows[0] ?? getOffer(db, tenantId, id);
}

/**
 * Offers that might be a customer's now: addressed to them, or to a segment (`segment`: the
 * customer's segment, already read under consent; null: none), running at `now`, not ended.
 * The caller still checks uses and redemptions (offers-service.ts).
 */
export async function candidateOffers(
  db: Db,
  tenantId: string,
  customerId: string,
  segment: string | null,
  now: Date,
): Promise<Offer[]> {
  return db
    .select()
    .from(offers)
    .where(
      and(
        eq(offers.tenantId, tenantId),
        or(
          eq(offers.customerId, customerId),
          segment === null ? sql`false` : eq(offers.segment, segment as Offer['segment'] & string),
        ),
        sql`${offers.startsAt} <= ${now}`,
        sql`${offers.endsAt} > ${now}`,
        or(isNull(offers.endedAt), sql`${offers.endedAt} > ${now}`),
        or(isNull(offers.usageLimit), lt(offers.uses, offers.usageLimit)),
      ),
    )
    .orderBy(asc(offers.endsAt), asc(offers.id));
}

export async function redeemedOfferIds(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<Set<string>> {
  const rows = await db
    .select({ offerId: offerRedemptions.offerId })
    .from(offerRedemptions)
    .where(
      and(eq(offerRedemptions.tenantId, tenantId), eq(offerRedemptions.customerId, customerId)),
    );
  return new Set(rows.map((r) => r.offerId));
}

/**
 * Counts one use if the limit allows it (one UPDATE: the row lock makes parallel orders take
 * turns, and the second sees the first's count). False: the limit was reached.
 */
export async function countUse(db: Db, tenantId: string, offerId: string): Promise<boolean> {
  const rows = await db
    .update(offers)
    .set({ uses: sql`${offers.uses} + 1` })
    .where(
      and(
        eq(offers.tenantId, tenantId),
        eq(offers.id, offerId),
        or(isNull(offers.usageLimit), lt(offers.uses, offers.usageLimit)),
      ),
    )
    .returning({ id: offers.id });
  return rows.length > 0;
}

export async function insertRedemption(
  db: Db,
  row: typeof offerRedemptions.$inferInsert,
): Promise<void> {
  await db.insert(offerRedemptions).values(row);
}

export async function listRedemptions(db: Db, tenantId: string, offerId: string) {
  return db
    .select()
    .from(offerRedemptions)
    .where(and(eq(offerRedemptions.tenantId, tenantId), eq(offerRedemptions.offerId, offerId)))
    .orderBy(asc(offerRedemptions.at));
}
