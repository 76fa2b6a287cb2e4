// Quotes a company buyer asked for name that buyer (customer id, name as the author): the buyer
// sees them in their holdings and export; erasure removes the link and the name. The quote
// itself stays: it is the company's business record with the firm (its lines and prices hold no
// personal data), so it is kept, said so to the customer.
import { and, eq } from 'drizzle-orm';
import type { DataSubject, PersonalDataHolder } from '../privacy/personal-data.ts';
import { quotes } from './quotes.schema.ts';
import { quoteNumberLabel } from './quotes.ts';

const ofSubject = (s: DataSubject) =>
  and(eq(quotes.tenantId, s.tenantId), eq(quotes.customerId, s.customerId));

export const quotesHolder: PersonalDataHolder = {
  name: 'quotes',
  async holdings(db, s) {
    const rows = await db.select({ id: quotes.id }).from(quotes).where(ofSubject(s));
    return rows.length
      ? [
          {
            purpose: 'necessary',
            what: 'quotes you asked for or that name you',
            count: rows.length,
          },
        ]
      : [];
  },
  async export(db, s) {
    const rows = await db.select().from(quotes).where(ofSubject(s));
    return {
      quotes: rows.map((q) => ({
        number: quoteNumberLabel(q.number),
        status: q.status,
        validUntil: q.validUntil,
        total: q.total,
        currency: q.currency,
        createdAt: q.createdAt.toISOString(),
      })),
    };
  },
  async erase(db, s) {
    const rows = await db
      .update(quotes)
      .set({ customerId: null, createdById: null, createdByLabel: 'a former company buyer' })
      .where(ofSubject(s))
      .returning({ id: quotes.id });
    return {
      deleted: {},
      kept: rows.length
        ? [
            {
              what: 'quotes of your company (without your name)',
              count: rows.length,
              why: 'they are your company’s business records with the firm',
            },
          ]
        : [],
    };
  },
};
