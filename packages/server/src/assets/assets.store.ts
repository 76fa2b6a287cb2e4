// SQL for stored assets. Every function is scoped by tenant.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { assets } from './assets.schema.ts';

export type Asset = typeof assets.$inferSelect;
export type AssetSummary = Omit<Asset, 'bytes'>;

const summary = {
  id: assets.id,
  tenantId: assets.tenantId,
  key: assets.key,
  contentType: assets.contentType,
  size: assets.size,
  sha256: assets.sha256,
  createdAt: assets.createdAt,
};

/** Stores the bytes under `key`, replacing what was there. */
export async function putAsset(
  db: Db,
  a: Omit<Asset, 'createdAt'> & { now: Date },
): Promise<AssetSummary> {
  const { now, ...fields } = a;
  const rows = await db
    .insert(assets)
    .values({ ...fields, createdAt: now })
    .onConflictDoUpdate({
      target: [assets.tenantId, assets.key],
      set: {
        contentType: fields.contentType,
        size: fields.size,
        sha256: fields.sha256,
        bytes: fields.bytes,
        createdAt: now,
      },
    })
    .returning(summary);
  return rows[0]!;
}

export async function listAssets(db: Db, tenantId: string): Promise<AssetSummary[]> {
  return db
    .select(summary)
    .from(assets)
    .where(eq(assets.tenantId, tenantId))
    .orderBy(asc(assets.key));
}

export async function getAssetByKey(db: Db, tenantId: string, key: string): Promise<Asset | null> {
  const rows = await db
    .select()
    .from(assets)
    .where(and(eq(assets.tenantId, tenantId), eq(assets.key, key)));
  return rows[0] ?? null;
}

export async function assetExists(db: Db, tenantId: string, key: string): Promise<boolean> {
  const rows = await db
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.tenantId, tenantId), eq(assets.key, key)));
  return rows.length > 0;
}
