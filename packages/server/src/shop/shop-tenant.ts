// Public shop routes address a firm by slug (`/api/v1/shop/:tenant/...`). The hook resolves the
// firm before the body is read and sets `request.tenantScope` (idempotency records are scoped by
// it); an unknown firm is answered 404 by the handler, after input validation.
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import { checkCsrf } from '../auth/guards.ts';
import type { Db } from '../db/types.ts';
import { NotFound } from '../http/errors.ts';
import { findTenantBySlug } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';

const resolved = new WeakMap<FastifyRequest, Tenant>();

export function resolveShopTenant(db: Db) {
  return async (request: FastifyRequest): Promise<void> => {
    const slug = (request.params as { tenant?: string }).tenant;
    if (typeof slug !== 'string') return;
    const tenant = await findTenantBySlug(db, slug);
    if (!tenant) return;
    resolved.set(request, tenant);
    request.tenantScope = tenant.id;
  };
}

export function shopTenantOf(request: FastifyRequest): Tenant {
  const tenant = resolved.get(request);
  if (!tenant) throw new NotFound('shop');
  return tenant;
}

/**
 * Who is shopping: a principal of this firm (a signed-in customer, or the firm's staff helping
 * one), or null for a guest. Credentials of another firm count for nothing here. Cookie
 * sessions must send the CSRF token on writes, as everywhere.
 */
export function shopperOf(request: FastifyRequest, tenant: Tenant): Principal | null {
  const p = request.principal;
  // A provider's staff shop as anyone else would: as a guest, with no access through the firm.
  if (!p || p.tenantId !== tenant.id || p.kind === 'provider') return null;
  checkCsrf(request, p);
  return p;
}
