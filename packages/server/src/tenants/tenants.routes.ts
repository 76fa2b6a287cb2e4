// The signed-in firm: read by anyone signed in to it, changed by its owners.
import { Type } from 'typebox';
import { requireSignedIn, requireStaff, principalOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, responses, Timestamp } from '../http/schemas.ts';
import { mergeSettings, tenantView } from './tenants.ts';
import { getTenant, updateTenant } from './tenants.store.ts';

const ModelLimitsSchema = Type.Object(
  {
    maxNodes: Type.Optional(Type.Integer({ minimum: 1, maximum: 50_000_000 })),
    maxCompileMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
    maxFirstDomainsMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000 })),
    maxStepMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000 })),
  },
  {
    additionalProperties: false,
    description:
      'Limits on the measured cost of serving a product model, checked at publish (docs/limits.md); omitted ones use the defaults',
  },
);

const Settings = Type.Object({
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
  timezone: Type.String({ minLength: 1, description: 'IANA time zone, e.g. Europe/Amsterdam' }),
  guestDesignRetentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  modelLimits: Type.Optional(ModelLimitsSchema),
  orderChangesNeedApproval: Type.Optional(
    Type.Boolean({
      description:
        'Accepted design revisions wait for staff approval before changing an order (default false: applied at once before production)',
    }),
  ),
  providerAcceptHours: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 24 * 60,
      description:
        'Hours a partner provider has to accept or decline an order routed to it, unless the provider has its own deadline (default 48)',
      example: 48,
    }),
  ),
  bidOfferHoldMinutes: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1440,
      description: 'Minutes an accepted bid’s offer holds capacity before it lapses (default 30)',
    }),
  ),
  rebidWaitHours: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 720,
      description:
        'Hours before a refused bid with the same must-haves, flexibility and date may be made again (default 24)',
    }),
  ),
  bidObjective: Type.Optional(
    Type.Union([Type.Literal('most-product'), Type.Literal('highest-margin')], {
      description:
        'What matching a bid maximizes: the highest list-price design (default) or the firm’s margin',
    }),
  ),
  showAcceptedFrom: Type.Optional(
    Type.Boolean({
      description:
        'Refused bidders see the lowest price band accepted for the product in the last 90 days (default false)',
    }),
  ),
  customerValueHorizonDays: Type.Optional(
    Type.Integer({
      minimum: 7,
      maximum: 3650,
      description:
        'Days ahead customer value (expected purchases and spend) is projected (default 365)',
    }),
  ),
  costPerInteraction: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 10_000_000,
      description:
        'Cost of one service interaction (conversation, revision, order change) in minor units, for customer value (default 500)',
    }),
  ),
  anonymousStudioAnalytics: Type.Optional(
    Type.Boolean({
      description:
        'Count what guests and customers without research consent do in the studio as anonymous daily totals, without any identifier (default true; the privacy notice says so while on)',
    }),
  ),
});

const TenantSchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    settings: Settings,
    createdAt: Timestamp,
  },
  { $id: 'Tenant' },
);

const TenantChange = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  settings: Type.Optional(
    Type.Object(
      {
        currency: Type.Optional(Settings.properties.currency),
        timezone: Type.Optional(Settings.properties.timezone),
        guestDesignRetentionDays: Type.Optional(Settings.properties.guestDesignRetentionDays),
        modelLimits: Type.Optional(ModelLimitsSchema),
        orderChangesNeedApproval: Type.Optional(Settings.properties.orderChangesNeedApproval),
        providerAcceptHours: Settings.properties.providerAcceptHours,
        bidOfferHoldMinutes: Settings.properties.bidOfferHoldMinutes,
        rebidWaitHours: Settings.properties.rebidWaitHours,
        bidObjective: Settings.properties.bidObjective,
        showAcceptedFrom: Settings.properties.showAcceptedFrom,
        customerValueHorizonDays: Settings.properties.customerValueHorizonDays,
        costPerInteraction: Settings.properties.costPerInteraction,
        anonymousStudioAnalytics: Settings.properties.anonymousStudioAnalytics,
      },
      { additionalProperties: false },
    ),
  ),
});

export function registerTenantRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get(
    '/api/v1/tenant',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['tenant'],
        summary: 'The firm you are signed in to',
        response: responses({ 200: TenantSchema }),
      },
    },
    async (request) => {
      const tenant = await getTenant(db, principalOf(request).tenantId);
      if (!tenant) throw new NotFound('tenant');
      return tenantView(tenant);
    },
  );

  app.patch(
    '/api/v1/tenant',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['tenant'],
        summary: 'Rename the firm or change its settings',
        body: TenantChange,
        response: responses({ 200: TenantSchema }),
      },
    },
    async (request) => {
      const tenantId = principalOf(request).tenantId;
      const current = await getTenant(db, tenantId);
      if (!current) throw new NotFound('tenant');
      if (request.body.settings?.timezone !== undefined)
        assertTimeZone(request.body.settings.timezone);
      const updated = await updateTenant(db, tenantId, {
        ...(request.body.name !== undefined ? { name: request.body.name.trim() } : {}),
        ...(request.body.settings
          ? { settings: mergeSettings(current.settings, request.body.settings) }
          : {}),
        now: clock.now(),
      });
      if (!updated) throw new NotFound('tenant');
      return tenantView(updated);
    },
  );
}

function assertTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ValidationFailed([
      { field: 'settings.timezone', message: `"${zone}" is not an IANA time zone` },
    ]);
  }
}
