// API keys: secrets for server-to-server calls, scoped to a tenant, a staff role and an access
// level (read-only keys may only read).
import type { apiKeys } from './auth.schema.ts';
import { randomToken, sha256 } from './tokens.ts';

export type ApiKey = typeof apiKeys.$inferSelect;

/**
 * A new secret: `cz_` + 8 characters shown as the key's prefix + 43 random characters.
 * Only its SHA-256 is stored; the secret is returned once, at creation.
 */
export function newApiKeySecret(): { secret: string; prefix: string; secretHash: string } {
  const secret = `cz_${randomToken(32)}`;
  return { secret, prefix: secret.slice(0, 11), secretHash: sha256(secret) };
}

export type ApiKeyView = {
  id: string;
  name: string;
  role: ApiKey['role'];
  access: ApiKey['access'];
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export function apiKeyView(k: ApiKey): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    access: k.access,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
