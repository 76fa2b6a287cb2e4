// SQL of the companies module. Every query is scoped by tenant; a company's rows are read only
// through the company's id, so one company never reaches another's.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { businessAccounts, customers } from '../users/users.schema.ts';
import type { BusinessAccount, Customer } from '../users/users.ts';
import { approvedConfigurations, companyLocations } from './companies.schema.ts';

export type CompanyLocation = typeof companyLocations.$inferSelect;
export type ApprovedConfiguration = typeof approvedConfigurations.$inferSelect;

export async function findCompanyBySlug(
  db: Db,
  tenantId: string,
  slug: string,
): Promise<BusinessAccount | null> {
  const rows = await db
    .select()
    .from(businessAccounts)
    .where(and(eq(businessAccounts.tenantId, tenantId), eq(businessAccounts.slug, slug)));
  return rows[0] ?? null;
}

export async function updateCompany(
  db: Db,
  tenantId: string,
  id: string,
  patch: { slug?: string | null; logoAssetKey?: string | null; name?: string },
): Promise<BusinessAccount | null> {
  const rows = await db
    .update(businessAccounts)
    .set(patch)
    .where(and(eq(businessAccounts.tenantId, tenantId), eq(businessAccounts.id, id)))
    .returning();
  return rows[0] ?? null;
}

export async function listCompanyMembers(
  db: Db,
  tenantId: string,
  companyId: string,
): Promise<Customer[]> {
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.businessAccountId, companyId)))
    .orderBy(asc(customers.name));
}

export async function listLocations(
  db: Db,
  tenantId: string,
  companyId: string,
): Promise<CompanyLocation[]> {
  return db
    .select()
    .from(companyLocations)
    .where(and(eq(companyLocations.tenantId, tenantId), eq(companyLocations.companyId, companyId)))
    .orderBy(asc(companyLocations.name));
}

export async function insertLocation(db: Db, l: CompanyLocation): Promise<CompanyLocation> {
  const rows = await db.insert(companyLocations).values(l).returning();
  return rows[0]!;
}

export async function listApprovedConfigurations(
  db: Db,
  tenantId: string,
  companyId: string,
  productId?: string,
): Promise<ApprovedConfiguration[]> {
  return db
    .select()
    .from(approvedConfigurations)
    .where(
      and(
        eq(approvedConfigurations.tenantId, tenantId),
        eq(approvedConfigurations.companyId, companyId),
        ...(productId ? [eq(approvedConfigurations.productId, productId)] : []),
      ),
    )
    .orderBy(asc(approvedConfigurations.name));
}

export async function getApprovedConfiguration(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ApprovedConfiguration | null> {
  const rows = await db
    .select()
    .from(approvedConfigurations)
    .where(and(eq(approvedConfigurations.tenantId, tenantId), eq(approvedConfigurations.id, id)));
  return rows[0] ?? null;
}

export async function insertApprovedConfiguration(
  db: Db,
  c: ApprovedConfiguration,
): Promise<ApprovedConfiguration> {
  const rows = await db.insert(approvedConfigurations).values(c).returning();
  return rows[0]!;
}

export async function deleteApprovedConfiguration(
  db: Db,
  tenantId: string,
  id: string,
): Promise<boolean> {
  const rows = await db
    .delete(approvedConfigurations)
    .where(and(eq(approvedConfigurations.tenantId, tenantId), eq(approvedConfigurations.id, id)))
    .returning({ id: approvedConfigurations.id });
  return rows.length > 0;
}
