// Campaigns for the firm's sales side (owner and sales): write a message template with personal
// fields, choose a segment and a hold-out, preview it for a sample recipient, schedule it or
// send it now, and read what it earned against the hold-out. Changes are audited; a preview
// shows one customer's data and is recorded as a read of it.
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, NullableTimestamp, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { SegmentSchema } from '../insights/customer-value.routes.ts';
import { auditAccess, auditStaffAction } from '../privacy/audit.ts';
import { registerPersonalDataHolder } from '../privacy/personal-data.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { getCustomer } from '../users/users.store.ts';
import { sql } from 'drizzle-orm';
import { campaignRecipientHolder } from './campaign-data.ts';
import {
  assertTemplate,
  campaignView,
  DEFAULT_ATTRIBUTION_DAYS,
  DEFAULT_HOLDOUT_PERCENT,
  MAX_ATTRIBUTION_DAYS,
  MAX_HOLDOUT_PERCENT,
  verdictOf,
  windowOf,
  type Campaign,
  type CampaignInput,
} from './campaigns.ts';
import {
  armFigures,
  audienceSql,
  cancelCampaign,
  getCampaign,
  getSettings,
  insertCampaign,
  listCampaigns,
  putSettings,
  recipientCounts,
  scheduleDraft,
  updateDraft,
} from './campaigns.store.ts';
import { learnInPool } from '../recommendations/stats-cache.ts';
import { DesignCatalog } from './ports.ts';
import { getOffer } from '../offers/offers.store.ts';
import { personalValuesOf } from './send.ts';
import { renderMessage, TEMPLATE_FIELDS } from './template.ts';
import { uplift } from './uplift.ts';

const ROLES = ['owner', 'sales'] as const;

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Subject = Type.String({
  minLength: 1,
  maxLength: 300,
  description: 'Template: text fields in double braces, e.g. “{{name}}, your design is waiting”',
});
const BodyText = Type.String({
  minLength: 1,
  maxLength: 20_000,
  description:
    'Template (plain text; blank lines separate paragraphs): personal fields in double braces, `{{field}}` or `{{field|fallback}}` (see GET /api/v1/campaign-fields)',
});
const NullableSegment = Type.Union([SegmentSchema, Type.Null()], {
  description: 'A customer-value segment, or null: every customer with marketing consent',
});
const HoldoutPercent = Type.Integer({
  minimum: 0,
  maximum: MAX_HOLDOUT_PERCENT,
  description: 'Percent of the audience kept back as the hold-out (gets nothing)',
});
const AttributionDays = Type.Integer({
  minimum: 1,
  maximum: MAX_ATTRIBUTION_DAYS,
  description: 'Days after sending in which orders count for the campaign',
});
const NullableOffer = Type.Union([Uuid, Type.Null()], {
  description: 'The personal offer the mail carries ({{offer}}), or null',
});

const Counts = Type.Object({
  audience: Type.Integer(),
  queued: Type.Integer(),
  sent: Type.Integer(),
  holdout: Type.Integer(),
  skipped: Type.Object({
    noConsent: Type.Integer(),
    frequencyCap: Type.Integer(),
    unsubscribed: Type.Integer(),
  }),
});

const CampaignSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  segment: Type.Union([Type.String(), Type.Null()]),
  holdoutPercent: Type.Integer(),
  attributionDays: Type.Integer(),
  offerId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([
    Type.Literal('draft'),
    Type.Literal('scheduled'),
    Type.Literal('sending'),
    Type.Literal('sent'),
    Type.Literal('cancelled'),
  ]),
  scheduledAt: NullableTimestamp,
  seed: Type.Union([Type.String(), Type.Null()], {
    description: 'The seed of the hold-out draw, fixed when the audience was queued',
  }),
  queuedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  counts: Type.Optional(Counts),
});

const Interval = Type.Union([
  Type.Object({ low: Type.Number(), high: Type.Number() }),
  Type.Null(),
]);
const DifferenceSchema = Type.Object({
  difference: Type.Number({ description: 'mailed − hold-out' }),
  ci: Interval,
  significant: Type.Boolean(),
});
const ArmSchema = Type.Object({
  customers: Type.Integer(),
  converted: Type.Integer(),
  conversionRate: Type.Number(),
  revenuePerCustomer: Type.Number({ description: 'Minor units of the firm’s currency' }),
});
const ResultsSchema = Type.Object({
  currency: Type.String(),
  window: Type.Union([
    Type.Object({ start: Timestamp, end: Timestamp, complete: Type.Boolean() }),
    Type.Null(),
  ]),
  counts: Counts,
  uplift: Type.Union([
    Type.Object({
      mailed: ArmSchema,
      holdout: ArmSchema,
      conversion: DifferenceSchema,
      revenuePerCustomer: DifferenceSchema,
    }),
    Type.Null(),
  ]),
  verdict: Type.Union([
    Type.Object({ conversion: Type.String(), revenuePerCustomer: Type.String() }),
    Type.Null(),
  ]),
});

const SettingsSchema = Type.Object({
  maxMails: Type.Integer({ minimum: 1, maximum: 100, description: 'Campaign mails per customer…' }),
  perDays: Type.Integer({ minimum: 1, maximum: 365, description: '…per this many days' }),
});

export function registerCampaignRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;
  registerPersonalDataHolder(campaignRecipientHolder);

  const found = async (tenantId: string, id: string): Promise<Campaign> => {
    const c = await getCampaign(db, tenantId, id);
    if (!c) throw new NotFound('campaign', id);
    return c;
  };

  const checkOffer = async (tenantId: string, offerId: string | null | undefined) => {
    if (offerId && !(await getOffer(db, tenantId, offerId)))
      throw new ValidationFailed([{ field: 'offerId', message: 'is not an offer of this firm' }]);
  };

  app.get(
    '/api/v1/campaign-fields',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'The personal fields a campaign template may use, with what each one writes',
        response: responses({
          200: Type.Array(
            Type.Object({ field: Type.String(), kind: Type.String(), help: Type.String() }),
          ),
        }),
      },
    },
    async () =>
      Object.entries(TEMPLATE_FIELDS).map(([field, f]) => ({ field, kind: f.kind, help: f.help })),
  );

  app.get(
    '/api/v1/campaign-settings',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'The firm’s frequency cap on campaign mails',
        response: responses({ 200: SettingsSchema }),
      },
    },
    async (request) => getSettings(db, staffOf(request).tenantId),
  );

  app.put(
    '/api/v1/campaign-settings',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'Set the frequency cap: at most maxMails campaign mails per customer per perDays',
        body: Body(SettingsSchema.properties),
        response: responses({ 200: SettingsSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      await putSettings(db, staff.tenantId, request.body, clock.now());
      await auditStaffAction(deps, staff, {
        resource: 'campaign-settings',
        resourceId: staff.tenantId,
      });
      return getSettings(db, staff.tenantId);
    },
  );

  app.get(
    '/api/v1/campaigns',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'The firm’s campaigns, newest first, with their recipient counts',
        response: responses({ 200: Type.Array(CampaignSchema) }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const out = [];
      for (const c of await listCampaigns(db, tenantId, 100))
        out.push(campaignView(c, await recipientCounts(db, tenantId, c.id)));
      return out;
    },
  );

  app.post(
    '/api/v1/campaigns',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'Write a campaign (a draft); 422 names an unknown personal field',
        body: Body({
          name: Name,
          subject: Subject,
          body: BodyText,
          segment: Type.Optional(NullableSegment),
          holdoutPercent: Type.Optional(HoldoutPercent),
          attributionDays: Type.Optional(AttributionDays),
          offerId: Type.Optional(NullableOffer),
        }),
        response: responses({ 201: CampaignSchema }),
      },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const b = request.body;
      assertTemplate(b.subject, b.body);
      await checkOffer(staff.tenantId, b.offerId);
      const input: CampaignInput = {
        name: b.name,
        subject: b.subject,
        body: b.body,
        segment: b.segment ?? null,
        holdoutPercent: b.holdoutPercent ?? DEFAULT_HOLDOUT_PERCENT,
        attributionDays: b.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS,
        offerId: b.offerId ?? null,
      };
      const c = await insertCampaign(db, {
        ...input,
        id: ids.uuid(),
        tenantId: staff.tenantId,
        createdBy: staff.via === 'session' ? staff.userId : null,
        now: clock.now(),
      });
      await auditStaffAction(deps, staff, { resource: 'campaign', resourceId: c.id });
      return reply.code(201).send(campaignView(c));
    },
  );

  app.get(
    '/api/v1/campaigns/:id',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'One campaign and its recipient counts',
        params: IdParams,
        response: responses({ 200: CampaignSchema }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const c = await found(tenantId, request.params.id);
      return campaignView(c, await recipientCounts(db, tenantId, c.id));
    },
  );

  app.patch(
    '/api/v1/campaigns/:id',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'Change a draft (409 once it is scheduled)',
        params: IdParams,
        body: Body({
          name: Type.Optional(Name),
          subject: Type.Optional(Subject),
          body: Type.Optional(BodyText),
          segment: Type.Optional(NullableSegment),
          holdoutPercent: Type.Optional(HoldoutPercent),
          attributionDays: Type.Optional(AttributionDays),
          offerId: Type.Optional(NullableOffer),
        }),
        response: responses({ 200: CampaignSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const c = await found(staff.tenantId, request.params.id);
      const b = request.body;
      assertTemplate(b.subject ?? c.subject, b.body ?? c.body);
      await checkOffer(staff.tenantId, b.offerId);
      const changed = await updateDraft(db, staff.tenantId, c.id, b, clock.now());
      if (!changed)
        throw new Conflict(`The campaign is ${c.status}; only a draft can be changed.`, [
          { field: 'status', message: `is ${c.status}` },
        ]);
      await auditStaffAction(deps, staff, { resource: 'campaign', resourceId: c.id });
      return campaignView(changed);
    },
  );

  app.post(
    '/api/v1/campaigns/:id/schedule',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary:
          'Send a draft at a time (or now, without `at`): the background worker queues its audience then and sends in batches',
        params: IdParams,
        body: Type.Optional(Body({ at: Type.Optional(Timestamp) })),
        response: responses({ 200: CampaignSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const c = await found(staff.tenantId, request.params.id);
      const now = clock.now();
      const asked = request.body?.at ? new Date(request.body.at) : now;
      const at = asked < now ? now : asked;
      const scheduled = await scheduleDraft(db, staff.tenantId, c.id, at, now);
      if (!scheduled)
        throw new Conflict(`The campaign is ${c.status}; only a draft can be scheduled.`, [
          { field: 'status', message: `is ${c.status}` },
        ]);
      await auditStaffAction(deps, staff, { resource: 'campaign', resourceId: c.id });
      return campaignView(scheduled);
    },
  );

  app.post(
    '/api/v1/campaigns/:id/cancel',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary: 'Stop a scheduled or sending campaign: nothing more is sent',
        params: IdParams,
        response: responses({ 200: CampaignSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const c = await found(staff.tenantId, request.params.id);
      const cancelled = await cancelCampaign(db, staff.tenantId, c.id, clock.now());
      if (!cancelled)
        throw new Conflict(`The campaign is ${c.status}; it is not scheduled or sending.`, [
          { field: 'status', message: `is ${c.status}` },
        ]);
      await auditStaffAction(deps, staff, { resource: 'campaign', resourceId: c.id });
      return campaignView(cancelled, await recipientCounts(db, staff.tenantId, c.id));
    },
  );

  app.get(
    '/api/v1/campaigns/:id/preview',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary:
          'The message as one recipient of the audience would get it (the first, or `customerId`); recorded in the audit log',
        params: IdParams,
        querystring: Type.Object({ customerId: Type.Optional(Uuid) }),
        response: responses({
          200: Type.Object({
            customerId: Uuid,
            customerName: Type.String(),
            to: Type.String(),
            subject: Type.String(),
            text: Type.String(),
            html: Type.String(),
          }),
        }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const c = await found(staff.tenantId, request.params.id);
      const wanted = request.query.customerId;
      const rows = (
        (await db.execute(sql`
          select a.id from ${audienceSql(staff.tenantId, c.segment)} a
          ${wanted ? sql`where a.id = ${wanted}` : sql``}
          order by a.id limit 1`)) as unknown as { rows: { id: string }[] }
      ).rows;
      const customer = rows[0] ? await getCustomer(db, staff.tenantId, rows[0].id) : null;
      if (!customer) throw new NotFound('recipient in the campaign’s audience', wanted ?? c.id);
      await auditAccess(deps, staff, {
        customerId: customer.id,
        action: 'read',
        resource: 'campaign-preview',
        resourceId: c.id,
      });
      const tenant = (await getTenant(db, staff.tenantId))!;
      const values = await personalValuesOf(
        deps,
        new DesignCatalog(db, staff.tenantId, clock, learnInPool(deps.compute, db)),
        { publicUrl: deps.config.publicUrl, tenantSlug: tenant.slug, campaignId: c.id },
        c,
        customer,
      );
      const message = renderMessage(c.subject, c.body, values);
      return {
        customerId: customer.id,
        customerName: customer.name,
        to: customer.email,
        ...message,
      };
    },
  );

  app.get(
    '/api/v1/campaigns/:id/results',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['campaigns'],
        summary:
          'What the campaign earned: conversion and revenue per customer in the attribution window, mailed vs hold-out, with 95 % intervals',
        params: IdParams,
        response: responses({ 200: ResultsSchema }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const c = await found(tenantId, request.params.id);
      const tenant = (await getTenant(db, tenantId))!;
      const currency = tenant.settings.currency;
      const counts = await recipientCounts(db, tenantId, c.id);
      const window = windowOf(c);
      if (!window) return { currency, window: null, counts, uplift: null, verdict: null };
      const arms = await armFigures(db, tenantId, c.id, window, currency);
      const u = uplift(arms.mail, arms.holdout);
      return {
        currency,
        window: {
          start: window.start.toISOString(),
          end: window.end.toISOString(),
          complete: clock.now() >= window.end,
        },
        counts,
        uplift: u,
        verdict: verdictOf(u),
      };
    },
  );
}
