// SQL for tenants.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { tenants } from './tenants.schema.ts';
import type { Tenant, TenantSettings } from './tenants.ts';

export async function insertTenant(
  db: Db,
  t: { id: string; slug: string; name: string; settings: TenantSettings; now: Date },
): Promise<Tenant> {
  const rows = await db
    .insert(tenants)
    .values({
      id: t.id,
      slug: t.slug,
      name: t.name,
      settings: t.settings,
      createdAt: t.now,
      updatedAt: t.now,
    })
    .returning();
  return rows[0]!;
}

export async function getTenant(db: Db, id: string): Promise<Tenant | null> {
  const rows = await db.select().from(tenants).where(eq(tenants.id, id));
  return rows[0] ?? null;
}

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | null> {
  const rows = await db.select().from(tenants).where(eq(tenants.slug, slug));
  return rows[0] ?? null;
}

export async function updateTenant(
  db: Db,
  id: string,
  change: { name?: string; settings?: TenantSettings; now: Date },
): Promise<Tenant | null> {
  const { now, ...fields } = change;
  const rows = await db
    .update(tenants)
    .set({ ...fields, updatedAt: now })
    .where(eq(tenants.id, id))
    .returning();
  return rows[0] ?? null;
}
