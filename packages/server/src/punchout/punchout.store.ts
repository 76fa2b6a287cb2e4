// Punch-out credentials, sessions and taken OrderRequests. Every query is scoped by tenant.
import { and, asc, eq, isNull, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { punchoutCredentials, punchoutOrderRequests, punchoutSessions } from './punchout.schema.ts';

export type PunchoutCredential = typeof punchoutCredentials.$inferSelect;
export type PunchoutSession = typeof punchoutSessions.$inferSelect;
export type PunchoutOrderRequest = typeof punchoutOrderRequests.$inferSelect;

export async function insertCredential(db: Db, c: PunchoutCredential): Promise<PunchoutCredential> {
  const [row] = await db.insert(punchoutCredentials).values(c).returning();
  return row!;
}

export async function listCredentials(db: Db, tenantId: string): Promise<PunchoutCredential[]> {
  return db
    .select()
    .from(punchoutCredentials)
    .where(eq(punchoutCredentials.tenantId, tenantId))
    .orderBy(asc(punchoutCredentials.createdAt), asc(punchoutCredentials.id));
}

export async function deleteCredential(db: Db, tenantId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(punchoutCredentials)
    .where(and(eq(punchoutCredentials.tenantId, tenantId), eq(punchoutCredentials.id, id)))
    .returning({ id: punchoutCredentials.id });
  return rows.length > 0;
}

/** A new shared secret (its hash) for credentials; null when there are none of that id. */
export async function rotateCredentialSecret(
  db: Db,
  tenantId: string,
  id: string,
  secretHash: string,
): Promise<PunchoutCredential | null> {
  const rows = await db
    .update(punchoutCredentials)
    .set({ secretHash })
    .where(and(eq(punchoutCredentials.tenantId, tenantId), eq(punchoutCredentials.id, id)))
    .returning();
  return rows[0] ?? null;
}

/**
 * The credentials of an identity, in a domain (compared case-insensitively) or, for OCI, which
 * knows no domains, in any.
 */
export async function findCredentials(
  db: Db,
  tenantId: string,
  domain: string | null,
  identity: string,
): Promise<PunchoutCredential[]> {
  return db
    .select()
    .from(punchoutCredentials)
    .where(
      and(
        eq(punchoutCredentials.tenantId, tenantId),
        ...(domain === null ? [] : [sql`lower(${punchoutCredentials.domain}) = lower(${domain})`]),
        eq(punchoutCredentials.identity, identity),
      ),
    )
    .orderBy(asc(punchoutCredentials.id))
    .limit(10);
}

export async function getCredential(
  db: Db,
  tenantId: string,
  id: string,
): Promise<PunchoutCredential | null> {
  const [row] = await db
    .select()
    .from(punchoutCredentials)
    .where(and(eq(punchoutCredentials.tenantId, tenantId), eq(punchoutCredentials.id, id)));
  return row ?? null;
}

export async function insertPunchoutSession(db: Db, s: PunchoutSession): Promise<void> {
  await db.insert(punchoutSessions).values(s);
}

/**
 * Takes a start token once: the session whose unexpired, unused token hashes to `tokenHash`,
 * marked started with the sign-in session made for it. Null when there is none (any more).
 */
export async function takeStartToken(
  db: Db,
  tokenHash: string,
  now: Date,
  authSessionId: string,
): Promise<PunchoutSession | null> {
  const [row] = await db
    .update(punchoutSessions)
    .set({ startedAt: now, authSessionId })
    .where(
      and(
        eq(punchoutSessions.startTokenHash, tokenHash),
        isNull(punchoutSessions.startedAt),
        gt(punchoutSessions.startExpiresAt, now),
      ),
    )
    .returning();
  return row ?? null;
}

/** The open punch-out of a sign-in session: started, not returned, not expired. */
export async function openPunchoutOf(
  db: Db,
  tenantId: string,
  authSessionId: string,
  now: Date,
): Promise<PunchoutSession | null> {
  const [row] = await db
    .select()
    .from(punchoutSessions)
    .where(
      and(
        eq(punchoutSessions.tenantId, tenantId),
        eq(punchoutSessions.authSessionId, authSessionId),
        isNull(punchoutSessions.returnedAt),
        gt(punchoutSessions.expiresAt, now),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function markReturned(
  db: Db,
  tenantId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(punchoutSessions)
    .set({ returnedAt: now })
    .where(
      and(
        eq(punchoutSessions.tenantId, tenantId),
        eq(punchoutSessions.id, id),
        isNull(punchoutSessions.returnedAt),
      ),
    )
    .returning({ id: punchoutSessions.id });
  return rows.length > 0;
}

export async function findOrderRequest(
  db: Db,
  tenantId: string,
  credentialId: string,
  payloadId: string,
): Promise<PunchoutOrderRequest | null> {
  const [row] = await db
    .select()
    .from(punchoutOrderRequests)
    .where(
      and(
        eq(punchoutOrderRequests.tenantId, tenantId),
        eq(punchoutOrderRequests.credentialId, credentialId),
        eq(punchoutOrderRequests.payloadId, payloadId),
      ),
    );
  return row ?? null;
}

export async function insertOrderRequest(db: Db, r: PunchoutOrderRequest): Promise<void> {
  await db.insert(punchoutOrderRequests).values(r);
}
