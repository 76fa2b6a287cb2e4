// SQL for sign-in sessions.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { customers, staffUsers } from '../users/users.schema.ts';
import type { Customer, StaffUser } from '../users/users.ts';
import { sessions } from './auth.schema.ts';

export type Session = typeof sessions.$inferSelect;

export async function insertSession(db: Db, s: typeof sessions.$inferInsert): Promise<Session> {
  const rows = await db.insert(sessions).values(s).returning();
  return rows[0]!;
}

export type LiveSession = Session & { staff: StaffUser | null; customer: Customer | null };

/**
 * The session with this token hash if it is not revoked, not expired, and its person still may
 * sign in (a disabled staff user's sessions stop working at once).
 */
export async function findLiveSession(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<LiveSession | null> {
  const rows = await db
    .select({ session: sessions, staff: staffUsers, customer: customers })
    .from(sessions)
    .leftJoin(
      staffUsers,
      and(eq(staffUsers.id, sessions.staffUserId), eq(staffUsers.tenantId, sessions.tenantId)),
    )
    .leftJoin(
      customers,
      and(eq(customers.id, sessions.customerId), eq(customers.tenantId, sessions.tenantId)),
    )
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
      ),
    );
  const row = rows[0];
  if (!row) return null;
  if (row.staff && row.staff.disabledAt !== null) return null;
  if (!row.staff && !row.customer) return null;
  return { ...row.session, staff: row.staff, customer: row.customer };
}

export async function revokeSession(
  db: Db,
  tenantId: string,
  id: string,
  now: Date,
): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function revokeStaffSessions(
  db: Db,
  tenantId: string,
  staffUserId: string,
  now: Date,
): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.tenantId, tenantId),
        eq(sessions.staffUserId, staffUserId),
        isNull(sessions.revokedAt),
      ),
    );
}
