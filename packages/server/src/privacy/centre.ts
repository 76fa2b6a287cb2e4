// The privacy centre's three answers, built from every personal-data holder: what we hold (by
// purpose), everything as JSON (GDPR Art. 15/20), and erasure (Art. 17) with a report of what
// was kept and why.
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { customers } from '../users/users.schema.ts';
import { accountHolder, dialogueHolder, notifyHolder, privacyHolder } from './holders.ts';
import {
  registeredHolders,
  type DataSubject,
  type Holding,
  type Kept,
  type PersonalDataHolder,
} from './personal-data.ts';
import { erasures } from './privacy.schema.ts';

export const EXPORT_FORMAT = 'customerize-export/1';

function holders(): PersonalDataHolder[] {
  return [dialogueHolder, notifyHolder, privacyHolder, ...registeredHolders(), accountHolder];
}

export function isErased(email: string): boolean {
  return email.endsWith('@erased.invalid');
}

/** The customer as a data subject, or null if unknown or already erased. */
export async function dataSubject(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<DataSubject | null> {
  const rows = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  const c = rows[0];
  if (!c || isErased(c.email)) return null;
  return { tenantId, customerId, email: c.email, name: c.name };
}

export async function holdings(db: Db, subject: DataSubject): Promise<Holding[]> {
  const out: Holding[] = [];
  for (const h of holders()) out.push(...(await h.holdings(db, subject)));
  return out.filter((x) => x.count > 0);
}

export async function exportData(db: Db, subject: DataSubject, now: Date) {
  const data: Record<string, unknown> = {};
  for (const h of holders()) data[h.name] = await h.export(db, subject);
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    customerId: subject.customerId,
    data,
  };
}

export type ErasureReport = {
  erasedAt: string;
  deleted: Record<string, Record<string, number>>;
  kept: Kept[];
};

/** Erases everything in one transaction: either all holders did their part, or nothing changed. */
export async function erase(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  subject: DataSubject,
): Promise<ErasureReport> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const report: ErasureReport = { erasedAt: now.toISOString(), deleted: {}, kept: [] };
    for (const h of holders()) {
      const r = await h.erase(tx, subject, now);
      report.deleted[h.name] = r.deleted;
      report.kept.push(...r.kept);
    }
    await tx.insert(erasures).values({
      id: deps.ids.uuid(),
      tenantId: subject.tenantId,
      customerId: subject.customerId,
      report,
      at: now,
    });
    return report;
  });
}
