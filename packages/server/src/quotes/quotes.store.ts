// SQL for quotes and the firm's quote settings; every query scoped by tenant (and, for a
// company's people, by company: another company's quote is simply not found).
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import {
  DEFAULT_QUOTE_SETTINGS,
  type QuoteRow,
  type QuoteSettings,
  type QuoteStatus,
} from './quotes.ts';
import { quotes, quoteSettings } from './quotes.schema.ts';

export type Quote = typeof quotes.$inferSelect;

export async function getQuoteSettings(db: Db, tenantId: string): Promise<QuoteSettings> {
  const [row] = await db.select().from(quoteSettings).where(eq(quoteSettings.tenantId, tenantId));
  return row
    ? {
        minMarginBp: row.minMarginBp,
        estimatedCostBp: row.estimatedCostBp,
        validityDays: row.validityDays,
      }
    : { ...DEFAULT_QUOTE_SETTINGS };
}

export async function putQuoteSettings(
  db: Db,
  tenantId: string,
  s: QuoteSettings,
  now: Date,
): Promise<void> {
  await db
    .insert(quoteSettings)
    .values({ tenantId, ...s, updatedAt: now })
    .onConflictDoUpdate({ target: quoteSettings.tenantId, set: { ...s, updatedAt: now } });
}

/** Inserts with the next per-firm number, under a per-firm lock held to the end of `tx`. */
export async function insertQuote(
  tx: Db,
  q: Omit<typeof quotes.$inferInsert, 'number'>,
): Promise<Quote> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`quotes:${q.tenantId}`}))`);
  const [last] = await tx
    .select({ n: sql<number>`coalesce(max(${quotes.number}), 0)::int` })
    .from(quotes)
    .where(eq(quotes.tenantId, q.tenantId));
  const rows = await tx
    .insert(quotes)
    .values({ ...q, number: Number(last?.n ?? 0) + 1 })
    .returning();
  return rows[0]!;
}

export async function getQuote(
  db: Db,
  tenantId: string,
  id: string,
  options: { companyId?: string; forUpdate?: boolean } = {},
): Promise<Quote | null> {
  const q = db
    .select()
    .from(quotes)
    .where(
      and(
        eq(quotes.tenantId, tenantId),
        eq(quotes.id, id),
        ...(options.companyId ? [eq(quotes.companyId, options.companyId)] : []),
      ),
    );
  const rows = options.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/** Newest first; `status` as readers see it (expired: open past its last day). */
export async function listQuotes(
  db: Db,
  tenantId: string,
  filter: { companyId?: string; status?: QuoteStatus; today: string; limit: number },
): Promise<Quote[]> {
  const where: SQL[] = [eq(quotes.tenantId, tenantId)];
  if (filter.companyId) where.push(eq(quotes.companyId, filter.companyId));
  if (filter.status === 'open')
    where.push(eq(quotes.status, 'open'), gte(quotes.validUntil, filter.today));
  else if (filter.status === 'expired')
    where.push(eq(quotes.status, 'open'), lt(quotes.validUntil, filter.today));
  else if (filter.status) where.push(eq(quotes.status, filter.status));
  return db
    .select()
    .from(quotes)
    .where(and(...where))
    .orderBy(desc(quotes.number))
    .limit(filter.limit);
}

export async function updateQuote(
  db: Db,
  tenantId: string,
  id: string,
  set: Partial<typeof quotes.$inferInsert>,
): Promise<Quote> {
  const rows = await db
    .update(quotes)
    .set(set)
    .where(and(eq(quotes.tenantId, tenantId), eq(quotes.id, id)))
    .returning();
  return rows[0]!;
}

export type { QuoteRow };
