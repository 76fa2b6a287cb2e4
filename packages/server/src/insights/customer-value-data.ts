// Customer value is profiling: the customer sees it in their holdings and export, and erasure
// deletes it (the account row is anonymized, not deleted, so the foreign key alone would not).
import { and, eq } from 'drizzle-orm';
import type { DataSubject, PersonalDataHolder } from '../privacy/personal-data.ts';
import { customerValues } from './customer-value.schema.ts';
import { customerValueView } from './customer-value.ts';

const ofSubject = (s: DataSubject) =>
  and(eq(customerValues.tenantId, s.tenantId), eq(customerValues.customerId, s.customerId));

export const customerValueHolder: PersonalDataHolder = {
  name: 'customer-value',
  async holdings(db, s) {
    const rows = await db
      .select({ id: customerValues.customerId })
      .from(customerValues)
      .where(ofSubject(s));
    return rows.length
      ? [
          {
            purpose: 'personalization',
            what: 'customer value figures and segment',
            count: rows.length,
          },
        ]
      : [];
  },
  async export(db, s) {
    const rows = await db.select().from(customerValues).where(ofSubject(s));
    return { customerValue: rows.map((r) => customerValueView(r)) };
  },
  async erase(db, s) {
    const rows = await db
      .delete(customerValues)
      .where(ofSubject(s))
      .returning({ id: customerValues.customerId });
    const deleted: Record<string, number> = rows.length ? { customerValue: rows.length } : {};
    return { deleted, kept: [] };
  },
};
