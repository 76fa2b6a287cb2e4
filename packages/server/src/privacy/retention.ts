// Periodic deletion of data past its retention period. Guests' abandoned designs belong to the
// designs module, which registers its purge here; this job gives it each firm's cut-off date
// (now − settings.guestDesignRetentionDays).
import { lt } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { accountTokens } from '../accounts/accounts.schema.ts';
import { forgetDeliveredSecrets } from '../notify/mail.ts';
import { tenants } from '../tenants/tenants.schema.ts';

/** Deletes the tenant's guest designs untouched since `cutoff` that no order uses; returns how many. */
export type GuestDesignPurge = (db: Db, tenantId: string, cutoff: Date) => Promise<number>;

const purges: GuestDesignPurge[] = [];

export function registerGuestDesignPurge(purge: GuestDesignPurge): void {
  if (!purges.includes(purge)) purges.push(purge);
}

export type RetentionReport = {
  guestDesigns: number;
  expiredTokens: number;
  /** Outbox mail whose deliverable text (with its secret link) was forgotten. */
  forgottenMailSecrets: number;
};

export async function runRetention(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<RetentionReport> {
  const now = deps.clock.now();
  let guestDesigns = 0;
  const firms = await deps.db.select().from(tenants);
  for (const firm of firms) {
    const days = firm.settings.guestDesignRetentionDays;
    const cutoff = new Date(now.getTime() - days * 24 * 60 * 60_000);
    for (const purge of purges) guestDesigns += await purge(deps.db, firm.id, cutoff);
  }
  const expired = await deps.db
    .delete(accountTokens)
    .where(lt(accountTokens.expiresAt, now))
    .returning({ id: accountTokens.id });
  const forgottenMailSecrets = await forgetDeliveredSecrets(deps.db, now);
  return { guestDesigns, expiredTokens: expired.length, forgottenMailSecrets };
}
