// Fixed-window counters in the database, so every server process sharing it counts together.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { rateLimitBuckets } from './auth.schema.ts';
import { sha256 } from './tokens.ts';

export type RateLimit = { limit: number; windowMs: number };

export type RateLimitOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one hit against `bucket` and says whether it is within the limit. Atomic: one upsert
 * that starts a new window when the old one has passed. Bucket names are hashed (they contain
 * emails and IP addresses).
 */
export async function hit(
  db: Db,
  bucket: string,
  rule: RateLimit,
  now: Date,
): Promise<RateLimitOutcome> {
  const key = sha256(bucket);
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  const rows = await db
    .insert(rateLimitBuckets)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        count: sql`case when ${rateLimitBuckets.windowStart} <= ${windowFloor.toISOString()} then 1 else ${rateLimitBuckets.count} + 1 end`,
        windowStart: sql`case when ${rateLimitBuckets.windowStart} <= ${windowFloor.toISOString()} then ${now.toISOString()}::timestamptz else ${rateLimitBuckets.windowStart} end`,
      },
    })
    .returning({ count: rateLimitBuckets.count, windowStart: rateLimitBuckets.windowStart });
  const row = rows[0]!;
  if (row.count <= rule.limit) return { allowed: true };
  const endsAt = row.windowStart.getTime() + rule.windowMs;
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)),
  };
}

export async function clear(db: Db, bucket: string): Promise<void> {
  await db.delete(rateLimitBuckets).where(eq(rateLimitBuckets.key, sha256(bucket)));
}
