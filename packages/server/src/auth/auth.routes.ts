// Sign-in, sign-out and "who am I" for staff and customers.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { pendingSignUp } from '../accounts/accounts.store.ts';
import { EmailNotVerified, TooManyRequests, Unauthorized } from '../http/errors.ts';
import { Body, NoContent, responses } from '../http/schemas.ts';
import { findTenantBySlug, getTenant } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import {
  findCustomerByEmail,
  findStaffByEmail,
  getCustomer,
  getProviderStaff,
  getStaff,
} from '../users/users.store.ts';
import { normalizeEmail, type Customer, type StaffUser } from '../users/users.ts';
import { checkCsrf } from './guards.ts';
import { verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { SESSION_COOKIE, type Principal } from './principal.ts';
import {
  admitAttempt,
  DEVICE_COOKIE,
  isKnownDevice,
  LOGIN_BACKOFF,
  rememberDevice,
  settleSuccess,
  type Bucket,
} from './login-throttle.ts';
import { clientKey } from '../http/write-limits.ts';
import { insertSession, revokeSession } from './sessions.store.ts';
import { randomToken, sha256 } from './tokens.ts';

const SessionUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String({
    description:
      'owner|designer|sales|operations for staff; provider for a provider’s staff; buyer|approver|customer for customers',
  }),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('provider'), Type.Literal('customer')]),
  providerId: Type.Optional(
    Type.String({ description: 'A provider’s staff: the provider whose orders they see.' }),
  ),
});

const SessionInfo = Type.Object(
  {
    user: SessionUser,
    tenant: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
    csrfToken: Type.String({
      description: 'Send as x-csrf-token on every non-GET request made with the cookie.',
    }),
  },
  { $id: 'SessionInfo' },
);

const SessionState = Type.Object({
  signedIn: Type.Boolean({ example: false }),
  user: Type.Optional(SessionUser),
  tenant: Type.Optional(
    Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  ),
  csrfToken: Type.Optional(
    Type.String({
      description: 'Send as x-csrf-token on every non-GET request made with the cookie.',
    }),
  ),
});

const LoginBody = Body({
  tenant: Type.String({ minLength: 1, description: 'The firm’s slug, e.g. "demo".' }),
  email: Type.String({ minLength: 1 }),
  password: Type.String({ minLength: 1 }),
  kind: Type.Optional(
    Type.Union([Type.Literal('staff'), Type.Literal('customer')], {
      description: 'Which kind of account to sign in to; default: staff, then customer.',
    }),
  ),
});

type SessionInfoValue = {
  user: {
    id: string;
    email: string;
    name: string;
    role: string;
    kind: 'staff' | 'provider' | 'customer';
    /** A provider's staff: the provider they work for. */
    providerId?: string;
  };
  tenant: { id: string; slug: string; name: string };
  csrfToken: string;
};

function sessionInfo(
  tenant: Tenant,
  person: { staff: StaffUser } | { customer: Customer },
  csrfToken: string,
): SessionInfoValue {
  const user =
    'staff' in person
      ? {
          id: person.staff.id,
          email: person.staff.email,
          name: person.staff.name,
          role: person.staff.role,
          ...(person.staff.role === 'provider' && person.staff.providerId
            ? { kind: 'provider' as const, providerId: person.staff.providerId }
            : { kind: 'staff' as const }),
        }
      : {
          id: person.customer.id,
          email: person.customer.email,
          name: person.customer.name,
          role: person.customer.businessRole ?? 'customer',
          kind: 'customer' as const,
        };
  return { user, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, csrfToken };
}

const WRONG_CREDENTIALS = 'The firm, email or password is not right.';

export function registerAuthRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids, config } = deps;

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the cz_session cookie',
        security: [],
        body: LoginBody,
        response: responses({ 200: SessionInfo }),
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const email = normalizeEmail(request.body.email);
      const slug = request.body.tenant.trim().toLowerCase();
      const tenant = await findTenantBySlug(db, slug);
      // Throttling (auth/login-throttle.ts): a browser that signed in to this account before
      // counts only its own failures; any other client counts per account and address, per
      // account, and per address. Over the limit the password is not even checked.
      // The client: an IPv4 address or an IPv6 /64 (a subscriber's whole network).
      const client = clientKey(request.ip);
      const deviceToken = request.cookies[DEVICE_COOKIE];
      const knownDevice =
        tenant !== null &&
        deviceToken !== undefined &&
        (await isKnownDevice(db, tenant.id, email, deviceToken, now));
      const own: Bucket = knownDevice
        ? { name: `login:device:${slug}:${email}:${deviceToken}`, rule: LOGIN_BACKOFF.perClient }
        : { name: `login:client:${slug}:${email}:${client}`, rule: LOGIN_BACKOFF.perClient };
      const shared: Bucket[] = knownDevice
        ? []
        : [
            { name: `login:account:${slug}:${email}`, rule: LOGIN_BACKOFF.perAccount },
            { name: `login:ip:${client}`, rule: LOGIN_BACKOFF.perAddress },
          ];
      const admission = await admitAttempt(db, [own, ...shared], now);
      if (!admission.allowed) {
        throw new TooManyRequests(
          admission.retryAfterSeconds,
          `Too many sign-in attempts; try again in ${waitText(admission.retryAfterSeconds)}.`,
        );
      }
      const person = tenant
        ? await checkCredentials(deps, tenant, email, request.body.password, request.body.kind)
        : null;
      if (person === 'unverified') {
        // The right password of a sign-up whose link was not followed: no failure to count.
        await settleSuccess(db, { clear: [own.name], undo: shared.map((b) => b.name) });
        throw new EmailNotVerified();
      }
      if (!tenant || !person) {
        if (!tenant) await verifyAgainstNothing(request.body.password);
        throw new Unauthorized(WRONG_CREDENTIALS);
      }
      await settleSuccess(db, { clear: [own.name], undo: shared.map((b) => b.name) });
      const device =
        deviceToken !== undefined && /^[A-Za-z0-9_-]{43}$/.test(deviceToken)
          ? deviceToken
          : randomToken();
      await rememberDevice(db, tenant.id, email, device, now);
      reply.setCookie(DEVICE_COOKIE, device, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/api/v1/auth',
        secure: request.protocol === 'https',
        maxAge: 365 * 24 * 60 * 60,
      });
      const token = randomToken();
      const csrfToken = randomToken(24);
      await insertSession(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        tokenHash: sha256(token),
        csrfToken,
        staffUserId: 'staff' in person ? person.staff.id : null,
        customerId: 'customer' in person ? person.customer.id : null,
        userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
        ip: request.ip,
        createdAt: now,
        expiresAt: new Date(now.getTime() + config.sessionTtlMs),
      });
      setSessionCookie(request, reply, token, config.sessionTtlMs);
      return sessionInfo(tenant, person, csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revokes the session and clears the cookie',
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (p && p.via === 'session') {
        checkCsrf(request, p);
        await revokeSession(db, p.tenantId, p.sessionId, clock.now());
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in person, their firm, and the CSRF token',
        response: responses({ 200: SessionInfo }),
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p || p.via !== 'session') throw new Unauthorized('Not signed in.');
      return describeSession(deps, p);
    },
  );

  // The web app asks on every page whether someone is signed in; a guest is a normal answer
  // there, not an error (GET /auth/me answers guests 401, which browsers log as a failure).
  app.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Whether a session is signed in: { signedIn: false } for guests (never 401), else the session as /auth/me',
        response: responses({ 200: SessionState }),
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p || p.via !== 'session') return { signedIn: false };
      try {
        return { signedIn: true, ...(await describeSession(deps, p)) };
      } catch (error) {
        if (error instanceof Unauthorized) return { signedIn: false };
        throw error;
      }
    },
  );
}

async function describeSession(
  deps: AppDeps,
  p: Extract<Principal, { via: 'session' }>,
): Promise<SessionInfoValue> {
  const tenant = await getTenant(deps.db, p.tenantId);
  if (!tenant) throw new Unauthorized('Not signed in.');
  if (p.kind === 'staff') {
    const staff = await getStaff(deps.db, p.tenantId, p.userId);
    if (!staff) throw new Unauthorized('Not signed in.');
    return sessionInfo(tenant, { staff }, p.csrfToken);
  }
  if (p.kind === 'provider') {
    const staff = await getProviderStaff(deps.db, p.tenantId, p.userId);
    if (!staff) throw new Unauthorized('Not signed in.');
    return sessionInfo(tenant, { staff }, p.csrfToken);
  }
  const customer = await getCustomer(deps.db, p.tenantId, p.customerId);
  if (!customer) throw new Unauthorized('Not signed in.');
  return sessionInfo(tenant, { customer }, p.csrfToken);
}

async function checkCredentials(
  deps: AppDeps,
  tenant: Tenant,
  email: string,
  password: string,
  kind: 'staff' | 'customer' | undefined,
): Promise<{ staff: StaffUser } | { customer: Customer } | 'unverified' | null> {
  let checked = false;
  if (kind !== 'customer') {
    const staff = await findStaffByEmail(deps.db, tenant.id, email);
    if (staff && staff.disabledAt === null) {
      checked = true;
      if (await verifyPassword(staff.passwordHash, password)) return { staff };
    }
  }
  if (kind !== 'staff') {
    const customer = await findCustomerByEmail(deps.db, tenant.id, email);
    if (customer?.passwordHash) {
      checked = true;
      if (await verifyPassword(customer.passwordHash, password)) return { customer };
    }
  }
  if (!checked) {
    // No account with a password: a sign-up may wait for its email link. One password check
    // either way, so the time taken does not tell whether someone signed up.
    const pending = kind !== 'staff' ? await pendingSignUp(deps.db, tenant.id, email) : null;
    if (pending?.passwordHash) {
      if (await verifyPassword(pending.passwordHash, password)) return 'unverified';
    } else {
      await verifyAgainstNothing(password);
    }
  }
  return null;
}

function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
}

function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  ttlMs: number,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: Math.floor(ttlMs / 1000),
  });
}
