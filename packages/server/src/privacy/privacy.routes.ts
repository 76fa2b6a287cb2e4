// The privacy centre (customer), notices and incentives (firm), staff views of a customer's data
// (audited), and the audit log (owner).
import { Type } from 'typebox';
import { principalOf, requireCustomer, requireSignedIn, requireStaff } from '../auth/guards.ts';
import type { Principal } from '../auth/principal.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Forbidden, NotFound, Unauthorized } from '../http/errors.ts';
import { registerGuestClaim } from '../accounts/claims.ts';
import { registerPersonalDataHolder } from './personal-data.ts';
import { registerGuestDesignPurge } from './retention.ts';
import { claimStudioRecords, purgeGuestDesigns, studioHolder } from './studio-data.ts';
import { Body, IdParams, NullableTimestamp, responses, Timestamp } from '../http/schemas.ts';
import { findTenantBySlug } from '../tenants/tenants.store.ts';
import { auditAccess, listAudit } from './audit.ts';
import { dataSubject, erase, exportData, holdings } from './centre.ts';
import { allConsentStates, changeConsent, consentHistory } from './consent.ts';
import { currentNotices, PURPOSES, publishNotice } from './notices.ts';
import { createIncentive, endIncentive, listIncentives } from './rewards.ts';

const PurposeSchema = Type.Union(PURPOSES.map((p) => Type.Literal(p)));
const OptionalPurpose = Type.Union(
  PURPOSES.filter((p) => p !== 'necessary').map((p) => Type.Literal(p)),
);

const Notice = Type.Object({
  purpose: Type.String(),
  version: Type.Integer(),
  text: Type.String(),
});
const Holding = Type.Object({ purpose: Type.String(), what: Type.String(), count: Type.Integer() });
const Kept = Type.Object({ what: Type.String(), count: Type.Integer(), why: Type.String() });
const ErasureReport = Type.Object({
  erasedAt: Timestamp,
  deleted: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
  kept: Type.Array(Kept),
});
const Incentive = Type.Object({
  id: Type.String(),
  purpose: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  amount: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});
const ConsentView = Type.Object({
  purposes: Type.Array(
    Type.Object({
      purpose: Type.String(),
      optional: Type.Boolean(),
      notice: Notice,
      given: Type.Boolean(),
      since: NullableTimestamp,
      noticeVersion: Type.Union([Type.Integer(), Type.Null()]),
      offers: Type.Array(Incentive),
    }),
  ),
  history: Type.Array(
    Type.Object({
      purpose: Type.String(),
      action: Type.String(),
      screen: Type.String(),
      noticeVersion: Type.Integer(),
      at: Timestamp,
    }),
  ),
});

function incentiveView(i: Awaited<ReturnType<typeof listIncentives>>[number]) {
  return {
    id: i.id,
    purpose: i.purpose,
    kind: i.kind,
    description: i.description,
    amount: i.amount,
    currency: i.currency,
    active: i.endedAt === null,
  };
}

function customerOf(p: Principal) {
  if (p.kind !== 'customer') throw new Unauthorized();
  return p;
}

/**
 * Staff routes about one customer: a customer calling them gets 404, like for any id that is not
 * theirs; staff without the role get 403.
 */
function staffAbout(p: Principal, roles: readonly string[]): void {
  if (p.kind !== 'staff') throw new NotFound('customer');
  if (!roles.includes(p.role)) throw new Forbidden(`This needs the role ${roles.join(' or ')}.`);
}

export function registerPrivacyRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;
  registerPersonalDataHolder(studioHolder);
  registerGuestClaim(claimStudioRecords);
  registerGuestDesignPurge(purgeGuestDesigns);

  async function consentView(tenantId: string, customerId: string) {
    const [notices, states, history, offers] = await Promise.all([
      currentNotices(db, tenantId),
      allConsentStates(db, tenantId, customerId),
      consentHistory(db, tenantId, customerId),
      listIncentives(db, tenantId, true),
    ]);
    return {
      purposes: states.map((s) => ({
        purpose: s.purpose,
        optional: s.purpose !== 'necessary',
        notice: notices.find((n) => n.purpose === s.purpose)!,
        given: s.given,
        since: s.since?.toISOString() ?? null,
        noticeVersion: s.noticeVersion,
        offers: offers.filter((o) => o.purpose === s.purpose).map(incentiveView),
      })),
      history: history.map((h) => ({
        purpose: h.purpose,
        action: h.action,
        screen: h.screen,
        noticeVersion: h.noticeVersion,
        at: h.at.toISOString(),
      })),
    };
  }

  app.get(
    '/api/v1/privacy/notices',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'The current notice of every purpose (public: pass ?tenant=<slug> when not signed in)',
        querystring: Type.Object({ tenant: Type.Optional(Type.String({ minLength: 1 })) }),
        response: responses({ 200: Type.Array(Notice) }),
      },
    },
    async (request) => {
      const tenantId =
        request.principal?.tenantId ??
        (request.query.tenant ? (await findTenantBySlug(db, request.query.tenant))?.id : undefined);
      if (!tenantId) throw new NotFound('firm');
      return currentNotices(db, tenantId);
    },
  );

  app.post(
    '/api/v1/privacy/notices',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['privacy'],
        summary:
          'Publish a new version of a purpose’s notice (consent to older versions stays on record)',
        body: Body({
          purpose: PurposeSchema,
          text: Type.String({ minLength: 20, maxLength: 10_000 }),
        }),
        response: responses({ 201: Notice }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const notice = await publishNotice(
        db,
        { ids: deps.ids, now: clock.now() },
        p.tenantId,
        request.body.purpose,
        request.body.text,
      );
      return reply.code(201).send(notice);
    },
  );

  app.get(
    '/api/v1/privacy/consents',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['privacy'],
        summary:
          'Consent per purpose (with its notice and any reward offered) and the full history',
        response: responses({ 200: ConsentView }),
      },
    },
    async (request) => {
      const p = customerOf(principalOf(request));
      return consentView(p.tenantId, p.customerId);
    },
  );

  app.post(
    '/api/v1/privacy/consents',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['privacy'],
        summary: 'Give or withdraw consent for a purpose (appends to the history)',
        body: Body({
          purpose: OptionalPurpose,
          given: Type.Boolean(),
          screen: Type.String({
            minLength: 1,
            maxLength: 100,
            description: 'Where the choice was made, e.g. "privacy-centre".',
          }),
          noticeVersion: Type.Integer({ minimum: 1 }),
        }),
        response: responses({
          200: Type.Object({ consents: ConsentView, rewardsGranted: Type.Array(Type.String()) }),
        }),
      },
    },
    async (request) => {
      const p = customerOf(principalOf(request));
      const { granted } = await changeConsent(deps, p, request.body);
      return { consents: await consentView(p.tenantId, p.customerId), rewardsGranted: granted };
    },
  );

  app.get(
    '/api/v1/privacy/holdings',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['privacy'],
        summary: 'What the firm holds about you, by purpose',
        response: responses({ 200: Type.Array(Holding) }),
      },
    },
    async (request) => {
      const p = customerOf(principalOf(request));
      const subject = await dataSubject(db, p.tenantId, p.customerId);
      if (!subject) throw new Unauthorized();
      return holdings(db, subject);
    },
  );

  app.get(
    '/api/v1/privacy/export',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['privacy'],
        summary: 'Everything held about you as JSON (GDPR Art. 15 and 20)',
        response: responses({ 200: Type.Unknown({ description: 'customerize-export/1 JSON' }) }),
      },
    },
    async (request, reply) => {
      const p = customerOf(principalOf(request));
      const subject = await dataSubject(db, p.tenantId, p.customerId);
      if (!subject) throw new Unauthorized();
      const data = await exportData(db, subject, clock.now());
      return reply
        .header('content-disposition', 'attachment; filename="my-data.json"')
        .header('cache-control', 'private, no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data));
    },
  );

  app.post(
    '/api/v1/privacy/erasure',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['privacy'],
        summary: 'Erase your personal data (GDPR Art. 17); tells exactly what was kept and why',
        body: Body({ confirm: Type.Literal(true) }),
        response: responses({ 200: ErasureReport }),
      },
    },
    async (request, reply) => {
      const p = customerOf(principalOf(request));
      const subject = await dataSubject(db, p.tenantId, p.customerId);
      if (!subject) throw new Unauthorized();
      const report = await erase(deps, subject);
      reply.clearCookie('cz_session', { path: '/' });
      return report;
    },
  );

  app.get(
    '/api/v1/privacy/customers/:id',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['privacy'],
        summary: 'Staff view of a customer’s consents and holdings (recorded in the audit log)',
        params: IdParams,
        response: responses({
          200: Type.Object({ consents: ConsentView, holdings: Type.Array(Holding) }),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      staffAbout(p, ['owner', 'sales']);
      const subject = await dataSubject(db, p.tenantId, request.params.id);
      if (!subject) throw new NotFound('customer', request.params.id);
      await auditAccess(deps, p, {
        customerId: subject.customerId,
        action: 'read',
        resource: 'privacy',
        resourceId: subject.customerId,
      });
      return {
        consents: await consentView(p.tenantId, subject.customerId),
        holdings: await holdings(db, subject),
      };
    },
  );

  app.post(
    '/api/v1/privacy/customers/:id/erasure',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['privacy'],
        summary: 'Erase a customer’s personal data on their request (e.g. by letter)',
        params: IdParams,
        body: Body({ confirm: Type.Literal(true) }),
        response: responses({ 200: ErasureReport }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      staffAbout(p, ['owner']);
      const subject = await dataSubject(db, p.tenantId, request.params.id);
      if (!subject) throw new NotFound('customer', request.params.id);
      const report = await erase(deps, subject);
      await auditAccess(deps, p, {
        customerId: subject.customerId,
        action: 'change',
        resource: 'erasure',
        resourceId: subject.customerId,
      });
      return report;
    },
  );

  app.get(
    '/api/v1/privacy/incentives',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['privacy'],
        summary: 'Rewards the firm offers for sharing preferences',
        response: responses({ 200: Type.Array(Incentive) }),
      },
    },
    async (request) =>
      (await listIncentives(db, principalOf(request).tenantId, false)).map(incentiveView),
  );

  app.post(
    '/api/v1/privacy/incentives',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['privacy'],
        summary: 'Offer a reward granted when a customer opts in to a purpose',
        body: Body({
          purpose: OptionalPurpose,
          kind: Type.Union([Type.Literal('discount'), Type.Literal('early-access')]),
          description: Type.String({ minLength: 1, maxLength: 500 }),
          amount: Type.Optional(Type.Integer({ minimum: 1 })),
          currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
        }),
        response: responses({ 201: Incentive }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      return reply
        .code(201)
        .send(incentiveView(await createIncentive(deps, p.tenantId, request.body)));
    },
  );

  app.post(
    '/api/v1/privacy/incentives/:id/end',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['privacy'],
        summary: 'Stop offering a reward (rewards already granted stay)',
        params: IdParams,
        response: responses({ 200: Type.Object({ ended: Type.Boolean() }) }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (!(await endIncentive(db, p.tenantId, request.params.id, clock.now()))) {
        throw new NotFound('incentive', request.params.id);
      }
      return { ended: true };
    },
  );

  app.get(
    '/api/v1/audit',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['privacy'],
        summary: 'Staff reads and changes of customer data: who, what, when',
        querystring: Type.Object({
          customerId: Type.Optional(Type.String({ format: 'uuid' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: responses({
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              actorStaffId: Type.Union([Type.String(), Type.Null()]),
              actorApiKeyId: Type.Union([Type.String(), Type.Null()]),
              customerId: Type.Union([Type.String(), Type.Null()]),
              action: Type.String(),
              resource: Type.String(),
              resourceId: Type.Union([Type.String(), Type.Null()]),
              at: Timestamp,
            }),
          ),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const rows = await listAudit(db, p.tenantId, {
        customerId: request.query.customerId,
        limit: request.query.limit ?? 200,
      });
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },
  );
}
