// Who is calling: resolved once per /api request from the session cookie or a Bearer API key.
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import type { StaffRole } from '../users/users.ts';
import { findApiKeyBySecret, touchApiKey } from './api-keys.store.ts';
import { findLiveSession } from './sessions.store.ts';
import { sha256 } from './tokens.ts';

export const SESSION_COOKIE = 'cz_session';
export const CSRF_HEADER = 'x-csrf-token';

export type Principal =
  | {
      kind: 'staff';
      tenantId: string;
      role: StaffRole;
      userId: string;
      via: 'session';
      sessionId: string;
      csrfToken: string;
    }
  | {
      kind: 'staff';
      tenantId: string;
      role: StaffRole;
      apiKeyId: string;
      via: 'apiKey';
      /** A read-only key may only make GET/HEAD requests. */
      access: 'read' | 'write';
    }
  | {
      /** Staff of a partner provider: sees only the orders routed to `providerId`. */
      kind: 'provider';
      tenantId: string;
      providerId: string;
      userId: string;
      via: 'session';
      sessionId: string;
      csrfToken: string;
    }
  | {
      kind: 'customer';
      tenantId: string;
      customerId: string;
      via: 'session';
      sessionId: string;
      csrfToken: string;
    };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on /api routes; null when no valid credentials came. */
    principal: Principal | null;
    /**
     * The tenant a request acts in. Authenticated requests: the principal's tenant. Public routes
     * that address a tenant by slug may set it themselves (idempotency records are scoped by it).
     */
    tenantScope: string | null;
  }
}

/** How often at most an API key's last_used_at is written (keeps reads from writing every time). */
const API_KEY_TOUCH_INTERVAL_MS = 60_000;

export async function resolvePrincipal(
  deps: AppDeps,
  request: FastifyRequest,
): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(cz_[A-Za-z0-9_-]+)$/.exec(authorization);
    if (!match) return null;
    const key = await findApiKeyBySecret(deps.db, match[1]!);
    if (!key) return null;
    const now = deps.clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > API_KEY_TOUCH_INTERVAL_MS) {
      await touchApiKey(deps.db, key.tenantId, key.id, now);
    }
    return {
      kind: 'staff',
      tenantId: key.tenantId,
      role: key.role,
      apiKeyId: key.id,
      via: 'apiKey',
      access: key.access,
    };
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const session = await findLiveSession(deps.db, sha256(token), deps.clock.now());
  if (!session) return null;
  if (session.staff?.role === 'provider') {
    if (!session.staff.providerId) return null;
    return {
      kind: 'provider',
      tenantId: session.tenantId,
      providerId: session.staff.providerId,
      userId: session.staff.id,
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrfToken,
    };
  }
  if (session.staff) {
    return {
      kind: 'staff',
      tenantId: session.tenantId,
      role: session.staff.role,
      userId: session.staff.id,
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrfToken,
    };
  }
  if (session.customer) {
    return {
      kind: 'customer',
      tenantId: session.tenantId,
      customerId: session.customer.id,
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrfToken,
    };
  }
  return null;
}
