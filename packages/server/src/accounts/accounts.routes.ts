// Customer self-service: sign-up with email verification, password reset by email link, sign
// out everywhere, profile, stated preferences (through consent), rewards, unsubscribe.
import { Type } from 'typebox';
import { principalOf, requireCustomer } from '../auth/guards.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { hit, type RateLimit } from '../auth/rate-limit.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { HttpProblem, NotFound, TooManyRequests, Unauthorized } from '../http/errors.ts';
import { Body, NoContent, responses } from '../http/schemas.ts';
import { notify } from '../notify/notify.ts';
import { unsubscribe } from '../notify/mail.ts';
import { latestProfile, recordProfile } from '../privacy/profiling.ts';
import { listRewards } from '../privacy/rewards.ts';
import { findTenantBySlug } from '../tenants/tenants.store.ts';
import { customers } from '../users/users.schema.ts';
import { findCustomerByEmail, getCustomer, insertCustomer } from '../users/users.store.ts';
import { normalizeEmail } from '../users/users.ts';
import { and, eq } from 'drizzle-orm';
import { claimGuestRecords } from './claims.ts';
import {
  consumeToken,
  getProfile,
  insertToken,
  pendingSignUp,
  revokeCustomerSessions,
  upsertProfile,
} from './accounts.store.ts';
import { clientKey } from '../http/write-limits.ts';

export const VERIFY_TTL_MS = 24 * 60 * 60_000;
export const RESET_TTL_MS = 60 * 60_000;
/** Per IP: sign-ups and reset requests send email, so they are limited. */
export const ACCOUNT_EMAIL_LIMIT: RateLimit = { limit: 20, windowMs: 15 * 60_000 };

const Channel = Type.Object(
  {
    kind: Type.Union(['email', 'phone', 'sms', 'post'].map((k) => Type.Literal(k))),
    value: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const Address = Type.Object(
  {
    label: Type.String({ maxLength: 100 }),
    lines: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 4 }),
    postalCode: Type.String({ maxLength: 20 }),
    city: Type.String({ maxLength: 100 }),
    country: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);
const ProfileView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  emailVerified: Type.Boolean(),
  phone: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(Channel),
  addresses: Type.Array(Address),
});
const Accepted = Type.Object({ status: Type.String() });
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 });

export class LinkNotValid extends HttpProblem {
  constructor() {
    super(
      410,
      'link-not-valid',
      'This link no longer works',
      'The link was already used or has expired. Ask for a new one.',
      [{ field: 'token', message: 'is used, expired or unknown' }],
    );
  }
}

export function registerAccountRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids, config } = deps;

  /** Emails asked for per client (an IPv4 address or an IPv6 /64). */
  async function limitEmails(ip: string) {
    const outcome = await hit(
      db,
      `account-email:ip:${clientKey(ip)}`,
      ACCOUNT_EMAIL_LIMIT,
      clock.now(),
    );
    if (!outcome.allowed)
      throw new TooManyRequests(outcome.retryAfterSeconds, 'Too many requests; try again later.');
  }

  app.post(
    '/api/v1/account/signup',
    {
      schema: {
        tags: ['account'],
        summary: 'Create a customer account; it works once the email link is followed',
        body: Body({
          tenant: Type.String({ minLength: 1 }),
          email: Type.String({ format: 'email', maxLength: 254 }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          password: Password,
        }),
        response: responses({ 202: Accepted }),
      },
    },
    async (request, reply) => {
      await limitEmails(request.ip);
      const tenant = await findTenantBySlug(db, request.body.tenant.trim().toLowerCase());
      if (!tenant) throw new NotFound('firm');
      const email = normalizeEmail(request.body.email);
      const now = clock.now();
      const existing = await findCustomerByEmail(db, tenant.id, email);
      // The same answer either way, so sign-up does not reveal who has an account.
      if (existing?.passwordHash) {
        await notify(deps, tenant.id, {
          kind: 'account.reset',
          email,
          link: await resetLink(tenant.id, email, now),
        });
      } else {
        const token = randomToken();
        await insertToken(db, {
          id: ids.uuid(),
          tenantId: tenant.id,
          purpose: 'verify',
          tokenHash: sha256(token),
          email,
          name: request.body.name.trim(),
          passwordHash: await hashPassword(request.body.password),
          createdAt: now,
          expiresAt: new Date(now.getTime() + VERIFY_TTL_MS),
        });
        await notify(deps, tenant.id, {
          kind: 'account.verify',
          email,
          name: request.body.name.trim(),
          link: `${config.publicUrl}/account/verify?token=${token}`,
        });
      }
      return reply.code(202).send({ status: 'check-your-email' });
    },
  );

  app.post(
    '/api/v1/account/verify/resend',
    {
      schema: {
        tags: ['account'],
        summary:
          'Email the verification link again to a sign-up that has not followed it (answers the same for any email)',
        body: Body({
          tenant: Type.String({ minLength: 1 }),
          email: Type.String({ format: 'email', maxLength: 254 }),
        }),
        response: responses({ 202: Accepted }),
      },
    },
    async (request, reply) => {
      await limitEmails(request.ip);
      const tenant = await findTenantBySlug(db, request.body.tenant.trim().toLowerCase());
      if (tenant) {
        const email = normalizeEmail(request.body.email);
        const now = clock.now();
        const pending = await pendingSignUp(db, tenant.id, email);
        const existing = pending ? await findCustomerByEmail(db, tenant.id, email) : null;
        if (pending?.passwordHash && pending.name && !existing?.passwordHash) {
          const token = randomToken();
          await insertToken(db, {
            id: ids.uuid(),
            tenantId: tenant.id,
            purpose: 'verify',
            tokenHash: sha256(token),
            email,
            name: pending.name,
            passwordHash: pending.passwordHash,
            createdAt: now,
            expiresAt: new Date(now.getTime() + VERIFY_TTL_MS),
          });
          await notify(deps, tenant.id, {
            kind: 'account.verify',
            email,
            name: pending.name,
            link: `${config.publicUrl}/account/verify?token=${token}`,
          });
        }
      }
      return reply.code(202).send({ status: 'check-your-email' });
    },
  );

  async function resetLink(tenantId: string, email: string, now: Date): Promise<string> {
    const token = randomToken();
    await insertToken(db, {
      id: ids.uuid(),
      tenantId,
      purpose: 'reset',
      tokenHash: sha256(token),
      email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
    });
    return `${config.publicUrl}/account/reset-password?token=${token}`;
  }

  app.post(
    '/api/v1/account/verify',
    {
      schema: {
        tags: ['account'],
        summary:
          'Follow the verification link: the account becomes usable; guest records are claimed',
        body: Body({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: responses({
          200: Type.Object({
            verified: Type.Boolean(),
            email: Type.String(),
            claimed: Type.Record(Type.String(), Type.Integer()),
          }),
        }),
      },
    },
    async (request) => {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const t = await consumeToken(tx, 'verify', sha256(request.body.token), now);
        if (!t || !t.passwordHash || !t.name) throw new LinkNotValid();
        let customer = await findCustomerByEmail(tx, t.tenantId, t.email);
        if (customer?.passwordHash) throw new LinkNotValid();
        if (customer) {
          await tx
            .update(customers)
            .set({
              name: t.name,
              passwordHash: t.passwordHash,
              passwordChosenByStaff: false,
              updatedAt: now,
            })
            .where(and(eq(customers.tenantId, t.tenantId), eq(customers.id, customer.id)));
        } else {
          customer = await insertCustomer(tx, {
            id: ids.uuid(),
            tenantId: t.tenantId,
            email: t.email,
            name: t.name,
            passwordHash: t.passwordHash,
            businessAccountId: null,
            businessRole: null,
            now,
          });
        }
        await upsertProfile(tx, t.tenantId, customer.id, { emailVerifiedAt: now }, now);
        const claimed = await claimGuestRecords(tx, t.tenantId, customer.id, t.email);
        await notify({ ...deps, db: tx }, t.tenantId, {
          kind: 'account.verified',
          customerId: customer.id,
        });
        return { verified: true, email: t.email, claimed };
      });
    },
  );

  app.post(
    '/api/v1/account/password-reset',
    {
      schema: {
        tags: ['account'],
        summary: 'Email a single-use password reset link (answers the same for unknown emails)',
        body: Body({
          tenant: Type.String({ minLength: 1 }),
          email: Type.String({ format: 'email', maxLength: 254 }),
        }),
        response: responses({ 202: Accepted }),
      },
    },
    async (request, reply) => {
      await limitEmails(request.ip);
      const tenant = await findTenantBySlug(db, request.body.tenant.trim().toLowerCase());
      if (tenant) {
        const email = normalizeEmail(request.body.email);
        const customer = await findCustomerByEmail(db, tenant.id, email);
        if (customer?.passwordHash) {
          const link = await resetLink(tenant.id, email, clock.now());
          await notify(deps, tenant.id, { kind: 'account.reset', email, link });
        }
      }
      return reply.code(202).send({ status: 'check-your-email' });
    },
  );

  app.post(
    '/api/v1/account/password-reset/confirm',
    {
      schema: {
        tags: ['account'],
        summary: 'Set a new password with the emailed link; signs out every session',
        body: Body({ token: Type.String({ minLength: 1, maxLength: 200 }), password: Password }),
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const passwordHash = await hashPassword(request.body.password);
      await db.transaction(async (tx) => {
        const t = await consumeToken(tx, 'reset', sha256(request.body.token), now);
        if (!t) throw new LinkNotValid();
        const customer = await findCustomerByEmail(tx, t.tenantId, t.email);
        if (!customer) throw new LinkNotValid();
        await tx
          .update(customers)
          .set({ passwordHash, passwordChosenByStaff: false, updatedAt: now })
          .where(and(eq(customers.tenantId, t.tenantId), eq(customers.id, customer.id)));
        await upsertProfile(tx, t.tenantId, customer.id, { emailVerifiedAt: now }, now);
        await revokeCustomerSessions(tx, t.tenantId, customer.id, now);
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/account/sign-out-everywhere',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary: 'End every session of the signed-in customer, this one included',
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const p = customerOf(request.principal);
      await revokeCustomerSessions(db, p.tenantId, p.customerId, clock.now());
      reply.clearCookie('cz_session', { path: '/' });
      return reply.code(204).send(null);
    },
  );

  async function profileView(tenantId: string, customerId: string) {
    const customer = await getCustomer(db, tenantId, customerId);
    if (!customer) throw new Unauthorized();
    const profile = await getProfile(db, tenantId, customerId);
    return {
      id: customer.id,
      email: customer.email,
      name: customer.name,
      emailVerified: profile?.emailVerifiedAt != null,
      phone: profile?.phone ?? null,
      channels: profile?.channels ?? [],
      addresses: profile?.addresses ?? [],
    };
  }

  app.get(
    '/api/v1/account/profile',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary: 'The customer’s profile',
        response: responses({ 200: ProfileView }),
      },
    },
    async (request) => {
      const p = customerOf(request.principal);
      return profileView(p.tenantId, p.customerId);
    },
  );

  app.patch(
    '/api/v1/account/profile',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary: 'Change name, phone, contact channels, addresses',
        body: Body({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          phone: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          channels: Type.Optional(Type.Array(Channel, { maxItems: 10 })),
          addresses: Type.Optional(Type.Array(Address, { maxItems: 10 })),
        }),
        response: responses({ 200: ProfileView }),
      },
    },
    async (request) => {
      const p = customerOf(request.principal);
      const now = clock.now();
      const { name, ...rest } = request.body;
      await db.transaction(async (tx) => {
        if (name !== undefined)
          await tx
            .update(customers)
            .set({ name: name.trim(), updatedAt: now })
            .where(and(eq(customers.tenantId, p.tenantId), eq(customers.id, p.customerId)));
        await upsertProfile(tx, p.tenantId, p.customerId, rest, now);
      });
      return profileView(p.tenantId, p.customerId);
    },
  );

  const PreferencesView = Type.Object({
    personalized: Type.Boolean({
      description: 'False without personalization consent: nothing is read or recorded.',
    }),
    preferences: Type.Unknown(),
  });

  app.get(
    '/api/v1/account/preferences',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary: 'Stated preferences, used only with personalization consent',
        response: responses({ 200: PreferencesView }),
      },
    },
    async (request) => {
      const p = customerOf(request.principal);
      const r = await latestProfile(deps, p.tenantId, p.customerId, 'stated-preferences');
      return { personalized: r.personalized, preferences: r.data };
    },
  );

  app.put(
    '/api/v1/account/preferences',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary: 'State preferences; kept only with personalization consent',
        body: Body({ preferences: Type.Record(Type.String(), Type.Unknown()) }),
        response: responses({ 200: Type.Object({ recorded: Type.Boolean() }) }),
      },
    },
    async (request) => {
      const p = customerOf(request.principal);
      const recorded = await recordProfile(
        deps,
        p.tenantId,
        p.customerId,
        'stated-preferences',
        request.body.preferences,
      );
      return { recorded };
    },
  );

  app.get(
    '/api/v1/account/rewards',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary: 'Rewards granted for sharing preferences (never a condition for buying)',
        response: responses({
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              description: Type.String(),
              kind: Type.String(),
              amount: Type.Union([Type.Integer(), Type.Null()]),
              currency: Type.Union([Type.String(), Type.Null()]),
              status: Type.Union([
                Type.Literal('available'),
                Type.Literal('used'),
                Type.Literal('revoked'),
              ]),
              grantedAt: Type.String(),
              usedAt: Type.Union([Type.String(), Type.Null()]),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const p = customerOf(request.principal);
      return listRewards(db, p.tenantId, p.customerId);
    },
  );

  app.post(
    '/api/v1/account/unsubscribe',
    {
      schema: {
        tags: ['account'],
        summary: 'Opt an address out of non-essential email (the token comes from the email link)',
        body: Body({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      if (!(await unsubscribe(db, request.body.token, clock.now()))) throw new LinkNotValid();
      return reply.code(204).send(null);
    },
  );
}

function customerOf(p: ReturnType<typeof principalOf> | null) {
  if (!p || p.kind !== 'customer') throw new Unauthorized();
  return p;
}
