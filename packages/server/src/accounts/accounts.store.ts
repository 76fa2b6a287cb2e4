// SQL for email tokens and customer profiles.
import { and, desc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { sessions } from '../auth/auth.schema.ts';
import {
  accountTokens,
  customerProfiles,
  type ContactChannel,
  type PostalAddress,
} from './accounts.schema.ts';

export type AccountToken = typeof accountTokens.$inferSelect;
export type Profile = typeof customerProfiles.$inferSelect;

export async function insertToken(db: Db, t: typeof accountTokens.$inferInsert): Promise<void> {
  await db.insert(accountTokens).values(t);
}

/**
 * Marks the token used and returns it, if it is live (right purpose, unused, unexpired). The
 * conditional update makes a second use fail even when two requests race.
 */
export async function consumeToken(
  db: Db,
  purpose: 'verify' | 'reset',
  tokenHash: string,
  now: Date,
): Promise<AccountToken | null> {
  const rows = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, tokenHash),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/**
 * The newest sign-up still waiting for its email link (unused, with the chosen name and password
 * hash; it may have expired, so a new link can be sent), or null.
 */
export async function pendingSignUp(
  db: Db,
  tenantId: string,
  email: string,
): Promise<AccountToken | null> {
  const rows = await db
    .select()
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tenantId, tenantId),
        eq(accountTokens.email, email),
        eq(accountTokens.purpose, 'verify'),
        isNull(accountTokens.usedAt),
        isNotNull(accountTokens.passwordHash),
        isNotNull(accountTokens.name),
      ),
    )
    .orderBy(desc(accountTokens.createdAt), desc(accountTokens.id))
    .limit(1);
  return rows[0] ?? null;
}

export async function getProfile(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<Profile | null> {
  const rows = await db
    .select()
    .from(customerProfiles)
    .where(
      and(eq(customerProfiles.tenantId, tenantId), eq(customerProfiles.customerId, customerId)),
    );
  return rows[0] ?? null;
}

export async function upsertProfile(
  db: Db,
  tenantId: string,
  customerId: string,
  change: {
    phone?: string | null;
    channels?: ContactChannel[];
    addresses?: PostalAddress[];
    emailVerifiedAt?: Date;
  },
  now: Date,
): Promise<Profile> {
  const rows = await db
    .insert(customerProfiles)
    .values({ customerId, tenantId, ...change, updatedAt: now })
    .onConflictDoUpdate({ target: customerProfiles.customerId, set: { ...change, updatedAt: now } })
    .returning();
  return rows[0]!;
}

/** Sign out everywhere: every live session of the customer ends. */
export async function revokeCustomerSessions(
  db: Db,
  tenantId: string,
  customerId: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.tenantId, tenantId),
        eq(sessions.customerId, customerId),
        isNull(sessions.revokedAt),
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
