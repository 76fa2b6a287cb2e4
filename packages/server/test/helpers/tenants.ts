// Reading tenants directly, for assertions about what exists.
import { asc } from 'drizzle-orm';
import { tenants } from '../../src/tenants/tenants.schema.ts';
import type { TestDatabase } from './db.ts';

export async function listTenantsForTest(testDb: TestDatabase): Promise<string[]> {
  const rows = await testDb.database.db
    .select({ slug: tenants.slug })
    .from(tenants)
    .orderBy(asc(tenants.slug));
  return rows.map((r) => r.slug);
}
