// SQL for API keys.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { apiKeys } from './auth.schema.ts';
import type { ApiKey } from './api-keys.ts';
import { sha256 } from './tokens.ts';

export async function insertApiKey(db: Db, k: typeof apiKeys.$inferInsert): Promise<ApiKey> {
  const rows = await db.insert(apiKeys).values(k).returning();
  return rows[0]!;
}

export async function listApiKeys(db: Db, tenantId: string): Promise<ApiKey[]> {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.name));
}

export async function getApiKey(db: Db, tenantId: string, id: string): Promise<ApiKey | null> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
  return rows[0] ?? null;
}

/** The unrevoked key with this secret, in whatever tenant it belongs to (the secret says which). */
export async function findApiKeyBySecret(db: Db, secret: string): Promise<ApiKey | null> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, sha256(secret)), isNull(apiKeys.revokedAt)));
  return rows[0] ?? null;
}

export async function touchApiKey(db: Db, tenantId: string, id: string, now: Date): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
}

export async function revokeApiKey(
  db: Db,
  tenantId: string,
  id: string,
  now: Date,
): Promise<ApiKey | null> {
  const existing = await getApiKey(db, tenantId, id);
  if (!existing) return null;
  if (existing.revokedAt) return existing;
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))
    .returning();
  return rows[0] ?? null;
}
