// SQL for price lists and quantity rules. Every function is scoped by tenant.
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { companyLocations } from '../companies/companies.schema.ts';
import { priceLists, quantityRules } from './contracts.schema.ts';

export type PriceList = typeof priceLists.$inferSelect;
export type QuantityRule = typeof quantityRules.$inferSelect;

export async function listPriceLists(
  db: Db,
  tenantId: string,
  filter: { companyId?: string } = {},
): Promise<PriceList[]> {
  return db
    .select()
    .from(priceLists)
    .where(
      and(
        eq(priceLists.tenantId, tenantId),
        filter.companyId ? eq(priceLists.companyId, filter.companyId) : undefined,
      ),
    )
    .orderBy(asc(priceLists.name), asc(priceLists.id));
}

export async function getPriceList(
  db: Db,
  tenantId: string,
  id: string,
): Promise<PriceList | null> {
  const rows = await db
    .select()
    .from(priceLists)
    .where(and(eq(priceLists.tenantId, tenantId), eq(priceLists.id, id)));
  return rows[0] ?? null;
}

export async function insertPriceList(
  db: Db,
  row: typeof priceLists.$inferInsert,
): Promise<PriceList> {
  const rows = await db.insert(priceLists).values(row).returning();
  return rows[0]!;
}

export async function updatePriceList(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<Pick<PriceList, 'name' | 'currency' | 'terms' | 'locationId'>> & { now: Date },
): Promise<PriceList | null> {
  const { now, ...fields } = change;
  const rows = await db
    .update(priceLists)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(priceLists.tenantId, tenantId), eq(priceLists.id, id)))
    .returning();
  return rows[0] ?? null;
}

/**
 * The price list a company member buys at: the one for their location if there is one, else the
 * company-wide one, else none.
 */
export async function priceListFor(
  db: Db,
  tenantId: string,
  companyId: string,
  locationId: string | null,
): Promise<PriceList | null> {
  const rows = await db
    .select()
    .from(priceLists)
    .where(
      and(
        eq(priceLists.tenantId, tenantId),
        eq(priceLists.companyId, companyId),
        locationId
          ? or(eq(priceLists.locationId, locationId), isNull(priceLists.locationId))
          : isNull(priceLists.locationId),
      ),
    );
  return rows.find((r) => r.locationId !== null) ?? rows[0] ?? null;
}

export async function listQuantityRules(db: Db, tenantId: string): Promise<QuantityRule[]> {
  return db
    .select()
    .from(quantityRules)
    .where(eq(quantityRules.tenantId, tenantId))
    .orderBy(asc(quantityRules.createdAt), asc(quantityRules.id));
}

export async function insertQuantityRule(
  db: Db,
  row: typeof quantityRules.$inferInsert,
): Promise<QuantityRule> {
  const rows = await db.insert(quantityRules).values(row).returning();
  return rows[0]!;
}

export async function updateQuantityRule(
  db: Db,
  tenantId: string,
  id: string,
  change: Pick<QuantityRule, 'minQuantity' | 'maxQuantity' | 'increment'> & { now: Date },
): Promise<QuantityRule | null> {
  const { now, ...fields } = change;
  const rows = await db
    .update(quantityRules)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(quantityRules.tenantId, tenantId), eq(quantityRules.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** A company location of the firm (any company), or null: which company a price list is for. */
export async function getLocation(
  db: Db,
  tenantId: string,
  id: string,
): Promise<{ id: string; companyId: string; name: string } | null> {
  const rows = await db
    .select({
      id: companyLocations.id,
      companyId: companyLocations.companyId,
      name: companyLocations.name,
    })
    .from(companyLocations)
    .where(and(eq(companyLocations.tenantId, tenantId), eq(companyLocations.id, id)));
  return rows[0] ?? null;
}
