// Route guards: `onRequest: requireStaff(['owner'])` etc. They run before the body is parsed,
// answer 401 (no valid credentials) or 403 (wrong kind/role, or missing CSRF token), and check
// CSRF for cookie-authenticated writes. API-key requests carry no cookie and need no CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from '../http/errors.ts';
import type { StaffRole } from '../users/users.ts';
import { CSRF_HEADER, type Principal } from './principal.ts';
import { sameSecret } from './tokens.ts';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function checkCsrf(request: FastifyRequest, principal: Principal): void {
  if (principal.via !== 'session' || SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) {
    throw new Forbidden(
      `Send the header ${CSRF_HEADER} with the token from sign-in (or /api/v1/auth/me).`,
    );
  }
}

/**
 * A read-only API key may only read: every other method answers 403, on every route (checked for
 * all /api/v1 requests when the principal is resolved, so no route can forget it).
 */
export function checkKeyAccess(request: FastifyRequest, principal: Principal | null): void {
  if (principal?.via !== 'apiKey' || principal.access !== 'read') return;
  if (SAFE_METHODS.has(request.method)) return;
  throw new Forbidden('This API key is read-only: it may only read (GET).');
}

/** Staff (signed-in or API key) with one of `roles`; any staff role when omitted. */
export function requireStaff(roles?: readonly StaffRole[]): Guard {
  return async (request) => {
    const p = request.principal;
    if (!p) throw new Unauthorized();
    if (p.kind !== 'staff') throw new Forbidden('This is for the firm’s staff only.');
    if (roles && !roles.includes(p.role)) {
      throw new Forbidden(`This needs the role ${roles.join(' or ')}; you are ${p.role}.`);
    }
    checkCsrf(request, p);
  };
}

/** A signed-in customer. */
export function requireCustomer(): Guard {
  return async (request) => {
    const p = request.principal;
    if (!p) throw new Unauthorized();
    if (p.kind !== 'customer') throw new Forbidden('This is for customers only.');
    checkCsrf(request, p);
  };
}

/**
 * Anyone signed in to the tenant: staff, customer, or API key. Not a provider's staff: they see
 * only the provider routes (requireProvider), never the firm's or its customers' data.
 */
export function requireSignedIn(): Guard {
  return async (request) => {
    const p = request.principal;
    if (!p) throw new Unauthorized();
    if (p.kind === 'provider') throw new Forbidden('This is not part of the provider view.');
    checkCsrf(request, p);
  };
}

/** Staff of a partner provider, signed in. */
export function requireProvider(): Guard {
  return async (request) => {
    const p = request.principal;
    if (!p) throw new Unauthorized();
    if (p.kind !== 'provider') throw new Forbidden('This is for a provider’s staff only.');
    checkCsrf(request, p);
  };
}

/** The provider principal of a route guarded by requireProvider. */
export function providerOf(request: FastifyRequest): Extract<Principal, { kind: 'provider' }> {
  const p = principalOf(request);
  if (p.kind !== 'provider') throw new Forbidden('This is for a provider’s staff only.');
  return p;
}

/** The principal of a guarded route (the guard already rejected anonymous requests). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Unauthorized();
  return request.principal;
}

/** The staff principal of a route guarded by requireStaff. */
export function staffOf(request: FastifyRequest): Extract<Principal, { kind: 'staff' }> {
  const p = principalOf(request);
  if (p.kind !== 'staff') throw new Forbidden('This is for the firm’s staff only.');
  return p;
}
