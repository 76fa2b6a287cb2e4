// Personal data in bids: a customer's (or their email's) bids are theirs to see in an export and
// are deleted at erasure. A converted bid is deleted too: its order, kept for the books, records
// the price, and no longer needs the bid that led to it.
import { and, eq, or, sql } from 'drizzle-orm';
import type { DataSubject, PersonalDataHolder } from '../privacy/personal-data.ts';
import { bids } from './bids.schema.ts';

const bidsOf = (s: DataSubject) =>
  and(
    eq(bids.tenantId, s.tenantId),
    or(eq(bids.customerId, s.customerId), sql`lower(${bids.email}) = ${s.email.toLowerCase()}`),
  );

export const bidsHolder: PersonalDataHolder = {
  name: 'bids',
  async holdings(db, s) {
    const rows = await db.select({ id: bids.id }).from(bids).where(bidsOf(s));
    return rows.length
      ? [{ purpose: 'necessary', what: 'bids (named prices)', count: rows.length }]
      : [];
  },
  async export(db, s) {
    const rows = await db.select().from(bids).where(bidsOf(s));
    // Never the firm's floor, nor the secrets' hashes.
    return {
      bids: rows.map(({ tokenHash: _t, clientHash: _c, floor: _f, rebidKeyHash: _r, ...b }) => b),
    };
  },
  async erase(db, s) {
    const rows = await db.delete(bids).where(bidsOf(s)).returning({ id: bids.id });
    const deleted: Record<string, number> = rows.length ? { bids: rows.length } : {};
    return { deleted, kept: [] };
  },
};
