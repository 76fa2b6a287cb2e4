// A company location by id (the companies module lists them per company only).
import { and, eq } from 'drizzle-orm';
import { companyLocations } from '../companies/companies.schema.ts';
import type { CompanyLocation } from '../companies/companies.store.ts';
import type { Db } from '../db/types.ts';

export async function getLocation(
  db: Db,
  tenantId: string,
  id: string,
): Promise<CompanyLocation | null> {
  const rows = await db
    .select()
    .from(companyLocations)
    .where(and(eq(companyLocations.tenantId, tenantId), eq(companyLocations.id, id)));
  return rows[0] ?? null;
}
