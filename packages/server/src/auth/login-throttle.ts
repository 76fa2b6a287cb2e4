// Sign-in throttling with exponential backoff, never a lockout of the rightful owner.
//
// Every attempt is counted, before the password is checked, in the database (several server
// processes agree), in buckets of `rate_limit_buckets`:
//   - per account and client address: a guesser's own address slows down quickly (5 free, then
//     1 s, 2 s, 4 s … up to 15 minutes between tries);
//   - per account, from any address: a guesser spreading over many addresses slows down too,
//     but only to one try a minute, so a new browser of the owner waits at most a minute;
//   - per client address, over all accounts: slows credential stuffing (50 free).
// A browser that signed in to the account before (the `cz_device` cookie) is counted only in its
// own bucket: failures from elsewhere never slow it down.
// A successful sign-in clears the client's own bucket and takes its attempt back from the shared
// ones. A bucket idle for 24 hours starts again from zero (and is purged by maintenance).
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { knownDevices, rateLimitBuckets } from './auth.schema.ts';
import { sha256 } from './tokens.ts';

export type Backoff = {
  /** Attempts allowed without any wait. */
  freeAttempts: number;
  /** The wait after the free attempts; it doubles with every further attempt… */
  baseDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
};

export const LOGIN_BACKOFF = {
  perClient: { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 },
  perAccount: { freeAttempts: 10, baseDelayMs: 1000, maxDelayMs: 60_000 },
  perAddress: { freeAttempts: 50, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 },
} as const satisfies Record<string, Backoff>;

/** A bucket forgets its attempts after this long without one. */
export const BACKOFF_FORGET_MS = 24 * 60 * 60_000;
/** A known device stays known this long after its last sign-in. */
export const KNOWN_DEVICE_TTL_MS = 180 * 24 * 60 * 60_000;
export const DEVICE_COOKIE = 'cz_device';

/** The wait required before the next attempt, after `attempts` counted ones. */
export function backoffDelayMs(rule: Backoff, attempts: number): number {
  if (attempts < rule.freeAttempts) return 0;
  const doublings = Math.min(attempts - rule.freeAttempts, 40);
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** doublings);
}

export type Bucket = { name: string; rule: Backoff };

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt in every bucket if each allows it now; otherwise counts nothing and says how
 * long to wait. Atomic across processes: the rows are locked (in key order) for the decision.
 */
export async function admitAttempt(db: Db, buckets: Bucket[], now: Date): Promise<Admission> {
  const keyed = buckets
    .map((b) => ({ ...b, key: sha256(b.name) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const keys = keyed.map((b) => b.key);
  return db.transaction(async (tx) => {
    await tx
      .insert(rateLimitBuckets)
      .values(keys.map((key) => ({ key, windowStart: now, count: 0 })))
      .onConflictDoNothing();
    const rows = await tx
      .select()
      .from(rateLimitBuckets)
      .where(inArray(rateLimitBuckets.key, keys))
      .orderBy(rateLimitBuckets.key)
      .for('update');
    const counted = new Map(
      rows.map((r) => {
        const forgotten = now.getTime() - r.windowStart.getTime() >= BACKOFF_FORGET_MS;
        return [r.key, { attempts: forgotten ? 0 : r.count, last: r.windowStart }];
      }),
    );
    let waitMs = 0;
    for (const b of keyed) {
      const c = counted.get(b.key)!;
      const readyAt = c.last.getTime() + backoffDelayMs(b.rule, c.attempts);
      waitMs = Math.max(waitMs, readyAt - now.getTime());
    }
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
    for (const b of keyed) {
      await tx
        .update(rateLimitBuckets)
        .set({ count: counted.get(b.key)!.attempts + 1, windowStart: now })
        .where(eq(rateLimitBuckets.key, b.key));
    }
    return { allowed: true };
  });
}

/** After a successful sign-in: `clear` buckets start again; `undo` ones forget this attempt. */
export async function settleSuccess(
  db: Db,
  buckets: { clear: string[]; undo: string[] },
): Promise<void> {
  if (buckets.clear.length > 0) {
    await db
      .delete(rateLimitBuckets)
      .where(inArray(rateLimitBuckets.key, buckets.clear.map(sha256)));
  }
  if (buckets.undo.length > 0) {
    await db
      .update(rateLimitBuckets)
      .set({ count: sql`greatest(${rateLimitBuckets.count} - 1, 0)` })
      .where(inArray(rateLimitBuckets.key, buckets.undo.map(sha256)));
  }
}

/** The account key of known devices: SHA-256 of the normalized email, never the address. */
export function accountHash(email: string): string {
  return sha256(email);
}

/** Forgets every browser that signed in to this account (erasure: the hash is personal data). */
export async function forgetDevices(db: Db, tenantId: string, email: string): Promise<number> {
  const gone = await db
    .delete(knownDevices)
    .where(
      and(eq(knownDevices.tenantId, tenantId), eq(knownDevices.accountHash, accountHash(email))),
    )
    .returning({ tokenHash: knownDevices.tokenHash });
  return gone.length;
}

/** Whether the browser holding `deviceToken` signed in to this account recently. */
export async function isKnownDevice(
  db: Db,
  tenantId: string,
  email: string,
  deviceToken: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .select({ tokenHash: knownDevices.tokenHash })
    .from(knownDevices)
    .where(
      and(
        eq(knownDevices.tokenHash, sha256(deviceToken)),
        eq(knownDevices.tenantId, tenantId),
        eq(knownDevices.accountHash, accountHash(email)),
        gt(knownDevices.lastUsedAt, new Date(now.getTime() - KNOWN_DEVICE_TTL_MS)),
      ),
    );
  return rows.length > 0;
}

export async function rememberDevice(
  db: Db,
  tenantId: string,
  email: string,
  deviceToken: string,
  now: Date,
): Promise<void> {
  await db
    .insert(knownDevices)
    .values({
      tokenHash: sha256(deviceToken),
      tenantId,
      accountHash: accountHash(email),
      createdAt: now,
      lastUsedAt: now,
    })
    .onConflictDoUpdate({
      target: [knownDevices.tokenHash, knownDevices.tenantId, knownDevices.accountHash],
      set: { lastUsedAt: now },
    });
}
