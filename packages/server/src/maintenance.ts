// Deleting what has run its course: expired or revoked sessions, idempotency records past their
// TTL, rate-limit windows long over, bid offers past their expiry (holds deleted, bids marked
// expired). Safe to run from every process at once (plain deletes).
import { and, isNotNull, lt, or } from 'drizzle-orm';
import { rateLimitBuckets, sessions } from './auth/auth.schema.ts';
import { expireBidOffers } from './bids/bids.store.ts';
import type { Db } from './db/types.ts';
import { IDEMPOTENCY_TTL_MS } from './http/idempotency.ts';
import { idempotencyRecords } from './http/idempotency.schema.ts';

/** Ended sessions are kept this long (who signed in when), then deleted. */
export const ENDED_SESSION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Longer than any rate-limit window in use. */
export const RATE_LIMIT_BUCKET_RETENTION_MS = 24 * 60 * 60 * 1000;
export const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;

export type Purged = {
  sessions: number;
  idempotencyRecords: number;
  rateLimitBuckets: number;
  /** Accepted bid offers that lapsed unconfirmed (their holds deleted). */
  bidOffers: number;
};

export async function purgeExpired(db: Db, now: Date): Promise<Purged> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const endedBefore = before(ENDED_SESSION_RETENTION_MS);
  const deletedSessions = await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.expiresAt, endedBefore),
        and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, endedBefore)),
      ),
    )
    .returning({ id: sessions.id });
  const deletedRecords = await db
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.createdAt, before(IDEMPOTENCY_TTL_MS)))
    .returning({ key: idempotencyRecords.key });
  const deletedBuckets = await db
    .delete(rateLimitBuckets)
    .where(lt(rateLimitBuckets.windowStart, before(RATE_LIMIT_BUCKET_RETENTION_MS)))
    .returning({ key: rateLimitBuckets.key });
  const expiredOffers = await expireBidOffers(db, now);
  return {
    bidOffers: expiredOffers,
    sessions: deletedSessions.length,
    idempotencyRecords: deletedRecords.length,
    rateLimitBuckets: deletedBuckets.length,
  };
}
