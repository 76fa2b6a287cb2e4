// Providers over HTTP. The firm's staff (owner, operations) manage providers — what each builds
// at what cost, its floor policy, its staff — and send orders to them. A provider's staff see
// only the orders routed to their provider, with only what building them needs (never the
// customer's name, email, address or the price paid), and accept or decline them.
import { Type } from 'typebox';
import { principalOf, providerOf, requireProvider, requireStaff, staffOf } from '../auth/guards.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import { getProduct, getVersionSummary, publishedVersions } from '../catalog/catalog.store.ts';
import { insertWorkCenter, listWorkCenters, type WorkCenter } from '../capacity/capacity.store.ts';
import { hoursToMinutes, minutesToHours } from '../capacity/capacity.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses, Uuid } from '../http/schemas.ts';
import { actorOf } from '../orders/orders.routes.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import type { Order } from '../orders/orders.store.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { findStaffByEmail, insertStaff } from '../users/users.store.ts';
import { normalizeEmail } from '../users/users.ts';
import { DEFAULT_FLOOR_POLICY, restrictionErrors } from './providers.ts';
import type { FloorPolicy } from './providers.schema.ts';
import {
  getProvider,
  insertProvider,
  listProviderOrders,
  listProviderProducts,
  listProviders,
  updateProvider,
  upsertProviderProduct,
  type Provider,
  type ProviderProduct,
} from './providers.store.ts';
import { registerComparisonRoutes } from './comparison.routes.ts';
import { acceptRouted, declineRouted, routeOrder } from './routing.ts';

const MANAGERS = ['owner', 'operations'] as const;
const Money = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', example: 'EUR' });
const Percent = Type.Integer({ minimum: 0, maximum: 1000 });
const Load = Type.Number({ minimum: 0, maximum: 1 });
const FloorPolicySchema = Type.Object(
  {
    marginAbs: Money,
    marginPercent: Percent,
    yield: Type.Object(
      {
        enabled: Type.Boolean(),
        slackBelow: Load,
        fullAbove: Load,
        slackDiscountPercent: Type.Integer({ minimum: 0, maximum: 100 }),
        fullPremiumPercent: Percent,
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    description:
      'Floor = cost + max(marginAbs, cost × marginPercent / 100); with yield on, the margin is lowered by slackDiscountPercent when the provider’s load in the delivery window is ≤ slackBelow and raised by fullPremiumPercent when ≥ fullAbove.',
    example: DEFAULT_FLOOR_POLICY,
  },
);
const ValueSchema = Type.Union([Type.String({ maxLength: 200 }), Type.Integer(), Type.Boolean()]);
const Allowed = Type.Record(
  Type.String({ maxLength: 200 }),
  Type.Array(ValueSchema, { maxItems: 500 }),
  {
    description: 'feature id → the values this provider can make (features not named: any value)',
    example: { frame: ['steel', 'aluminium'] },
  },
);
const OptionCosts = Type.Record(Type.String({ maxLength: 400 }), Money, {
  description: '`feature=value` → cost in minor units',
  example: { 'frame=steel': 18000 },
});
const ProviderProductSchema = Type.Object({
  productId: Type.String(),
  allowed: Allowed,
  baseCost: Type.Integer(),
  optionCosts: OptionCosts,
  currency: Type.String(),
});
const ProviderSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('own'), Type.Literal('partner')]),
  active: Type.Boolean(),
  acceptDeadlineHours: Type.Union([Type.Integer(), Type.Null()], {
    description: 'null: the firm’s setting providerAcceptHours (default 48)',
  }),
  extraLeadDays: Type.Integer(),
  floorPolicy: FloorPolicySchema,
  products: Type.Array(ProviderProductSchema),
  workCenters: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      name: Type.String(),
      hoursPerDay: Type.Number(),
      workingDays: Type.Array(Type.Integer()),
    }),
    { description: 'The partner’s own work centers (the own workshop’s are at /work-centers)' },
  ),
});
const CenterBody = Body({
  code: Type.String({
    minLength: 1,
    maxLength: 80,
    description: 'What model work lines name, e.g. frame-shop',
    example: 'frame-shop',
  }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  hoursPerDay: Type.Number({ minimum: 0, maximum: 24 }),
  workingDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
    maxItems: 7,
    uniqueItems: true,
    description: 'ISO weekdays (1 = Monday … 7 = Sunday)',
    example: [1, 2, 3, 4, 5],
  }),
});
const Name = Type.String({ minLength: 1, maxLength: 200, example: 'Velo Frames Ltd.' });
const DeadlineHours = Type.Union([Type.Integer({ minimum: 1, maximum: 24 * 60 }), Type.Null()], {
  description: 'Hours to accept or decline a routed order; null: the firm’s providerAcceptHours',
  example: 24,
});
const ExtraLeadDays = Type.Integer({ minimum: 0, maximum: 365 });

/** What a provider's staff see of an order: what building it needs, nothing about the buyer. */
const BuildOrderSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    status: Type.String(),
    product: Type.Object({ name: Type.String(), slug: Type.String() }),
    versionId: Type.String(),
    choices: Type.Record(Type.String(), ValueSchema),
    personalization: Type.Record(Type.String(), Type.String()),
    bom: Type.Array(
      Type.Object({
        sku: Type.String(),
        qty: Type.Number(),
        unit: Type.Union([Type.String(), Type.Null()]),
        description: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    routing: Type.Array(
      Type.Object({
        center: Type.String(),
        operation: Type.String(),
        hours: Type.Number(),
        final: Type.Boolean(),
        startDate: Type.String(),
        endDate: Type.String(),
      }),
    ),
    promisedDate: Type.String(),
    routingStatus: Type.String(),
    deadline: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

function providerView(p: Provider, products: ProviderProduct[], centers: WorkCenter[]) {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    active: p.active,
    acceptDeadlineHours: p.acceptDeadlineHours,
    extraLeadDays: p.extraLeadDays,
    floorPolicy: p.floorPolicy,
    products: products
      .filter((x) => x.providerId === p.id)
      .map((x) => ({
        productId: x.productId,
        allowed: x.allowed,
        baseCost: x.baseCost,
        optionCosts: x.optionCosts,
        currency: x.currency,
      })),
    workCenters: centers
      .filter((c) => p.kind === 'partner' && c.providerId === p.id)
      .map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        hoursPerDay: minutesToHours(c.minutesPerDay),
        workingDays: [...c.workingDays].sort(),
      })),
  };
}

/** One provider as the console shows it: with what it builds and its own work centers. */
async function viewOf(deps: AppDeps, p: Provider) {
  return providerView(
    p,
    await listProviderProducts(deps.db, p.tenantId, { providerId: p.id }),
    p.kind === 'partner' ? await listWorkCenters(deps.db, p.tenantId, { provider: p.id }) : [],
  );
}

async function buildView(deps: AppDeps, order: Order) {
  const product = await getProduct(deps.db, order.tenantId, order.productId);
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    product: { name: product?.name ?? '', slug: product?.slug ?? '' },
    versionId: order.productVersionId,
    choices: order.choices,
    personalization: order.personalization,
    bom: order.bom.map((b) => ({
      sku: b.sku,
      qty: b.qty,
      unit: b.unit ?? null,
      description: b.description ?? null,
    })),
    routing: order.routing,
    promisedDate: order.promisedDate,
    routingStatus: order.routingStatus,
    deadline: order.routingDeadline?.toISOString() ?? null,
  };
}

async function tenantOf(deps: AppDeps, tenantId: string): Promise<Tenant> {
  const tenant = await getTenant(deps.db, tenantId);
  if (!tenant) throw new NotFound('firm', tenantId);
  return tenant;
}

function checkPolicy(p: FloorPolicy): void {
  if (p.yield.slackBelow > p.yield.fullAbove)
    throw new ValidationFailed([
      { field: 'floorPolicy.yield.slackBelow', message: 'must not be above fullAbove' },
    ]);
}

export function registerProviderRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.get(
    '/api/v1/providers',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['providers'],
        summary: 'Providers: the own workshop and partners, what each builds at what cost',
        response: responses({ 200: Type.Array(ProviderSchema) }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const products = await listProviderProducts(db, tenantId);
      const centers = await listWorkCenters(db, tenantId);
      return (await listProviders(db, tenantId)).map((p) => providerView(p, products, centers));
    },
  );

  app.post(
    '/api/v1/providers',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['providers'],
        summary: 'Add a provider (a partner, or the record of the own workshop)',
        body: Body({
          name: Name,
          kind: Type.Optional(Type.Union([Type.Literal('own'), Type.Literal('partner')])),
          acceptDeadlineHours: Type.Optional(DeadlineHours),
          extraLeadDays: Type.Optional(ExtraLeadDays),
          floorPolicy: Type.Optional(FloorPolicySchema),
        }),
        response: responses({ 201: ProviderSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const b = request.body;
      const kind = b.kind ?? 'partner';
      if (b.floorPolicy) checkPolicy(b.floorPolicy);
      if (kind === 'own' && (await listProviders(db, tenantId)).some((p) => p.kind === 'own'))
        throw new Conflict('The firm has its own workshop already.', [
          { field: 'kind', message: 'only one provider is the own workshop' },
        ]);
      const now = clock.now();
      const created = await insertProvider(db, {
        id: ids.uuid(),
        tenantId,
        name: b.name.trim(),
        kind,
        active: true,
        acceptDeadlineHours: b.acceptDeadlineHours ?? null,
        extraLeadDays: b.extraLeadDays ?? 0,
        floorPolicy: b.floorPolicy ?? DEFAULT_FLOOR_POLICY,
        createdAt: now,
        updatedAt: now,
      });
      await auditStaffAction(deps, principalOf(request), {
        resource: 'provider',
        resourceId: created.id,
      });
      return reply.code(201).send(providerView(created, [], []));
    },
  );

  app.patch(
    '/api/v1/providers/:id',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['providers'],
        summary: 'Change a provider: name, active, accept deadline, extra lead days, floor policy',
        params: IdParams,
        body: Body({
          name: Type.Optional(Name),
          active: Type.Optional(Type.Boolean()),
          acceptDeadlineHours: Type.Optional(DeadlineHours),
          extraLeadDays: Type.Optional(ExtraLeadDays),
          floorPolicy: Type.Optional(FloorPolicySchema),
        }),
        response: responses({ 200: ProviderSchema }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const b = request.body;
      if (b.floorPolicy) checkPolicy(b.floorPolicy);
      const updated = await updateProvider(db, tenantId, request.params.id, {
        ...(b.name !== undefined ? { name: b.name.trim() } : {}),
        ...(b.active !== undefined ? { active: b.active } : {}),
        ...(b.acceptDeadlineHours !== undefined
          ? { acceptDeadlineHours: b.acceptDeadlineHours }
          : {}),
        ...(b.extraLeadDays !== undefined ? { extraLeadDays: b.extraLeadDays } : {}),
        ...(b.floorPolicy !== undefined ? { floorPolicy: b.floorPolicy } : {}),
        now: clock.now(),
      });
      if (!updated) throw new NotFound('provider', request.params.id);
      await auditStaffAction(deps, principalOf(request), {
        resource: 'provider',
        resourceId: updated.id,
      });
      return viewOf(deps, updated);
    },
  );

  app.post(
    '/api/v1/providers/:id/products',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['providers'],
        summary:
          'Set what a provider builds of a product (a restriction checked against the published model) and its costs',
        params: IdParams,
        body: Body({
          productId: Uuid,
          allowed: Allowed,
          baseCost: Money,
          optionCosts: OptionCosts,
          currency: Currency,
        }),
        response: responses({ 200: ProviderSchema }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const b = request.body;
      const provider = await getProvider(db, tenantId, request.params.id);
      if (!provider) throw new NotFound('provider', request.params.id);
      const product = await getProduct(db, tenantId, b.productId);
      if (!product) throw new NotFound('product', b.productId);
      const [published] = await publishedVersions(db, tenantId, [product.id]);
      if (!published)
        throw new Conflict(
          'The product has no published version to check the restriction against.',
          [{ field: 'productId', message: 'has no published version' }],
        );
      const summary = await getVersionSummary(db, tenantId, published.id);
      const compiled = await compiledVersion(db, tenantId, published.id);
      const errors = restrictionErrors(compiled, { allowed: b.allowed });
      if (errors.length > 0) throw new ValidationFailed(errors);
      if (summary && summary.model && (summary.model as { currency?: string }).currency) {
        const currency = (summary.model as { currency: string }).currency;
        if (currency !== b.currency)
          throw new ValidationFailed([
            { field: 'currency', message: `the product is priced in ${currency}` },
          ]);
      }
      const now = clock.now();
      const offer = await upsertProviderProduct(db, {
        id: ids.uuid(),
        tenantId,
        providerId: provider.id,
        productId: product.id,
        allowed: b.allowed,
        baseCost: b.baseCost,
        optionCosts: b.optionCosts,
        currency: b.currency,
        createdAt: now,
        updatedAt: now,
      });
      await auditStaffAction(deps, principalOf(request), {
        resource: 'provider-product',
        resourceId: offer.id,
      });
      return viewOf(deps, provider);
    },
  );

  app.post(
    '/api/v1/providers/:id/staff',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['providers'],
        summary: 'Give a partner provider’s staff member a sign-in to the provider view',
        params: IdParams,
        body: Body({
          email: Type.String({
            format: 'email',
            maxLength: 320,
            example: 'anna@velo-frames.example',
          }),
          name: Name,
          password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 }),
        }),
        response: responses({
          201: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
        }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const provider = await getProvider(db, tenantId, request.params.id);
      if (!provider) throw new NotFound('provider', request.params.id);
      if (provider.kind !== 'partner')
        throw new Conflict('The own workshop is run by the firm’s staff.', [
          { field: 'id', message: 'not a partner provider' },
        ]);
      const email = normalizeEmail(request.body.email);
      const taken = () =>
        new Conflict('Someone has this email already.', [{ field: 'email', message: 'is taken' }]);
      if (await findStaffByEmail(db, tenantId, email)) throw taken();
      const user = await insertStaff(db, {
        id: ids.uuid(),
        tenantId,
        email,
        name: request.body.name.trim(),
        role: 'provider',
        providerId: provider.id,
        passwordHash: await hashPassword(request.body.password),
        now: clock.now(),
      }).catch((e: unknown) => {
        throw isUniqueViolation(e) ? taken() : e;
      });
      await auditStaffAction(deps, principalOf(request), {
        resource: 'provider-staff',
        resourceId: user.id,
      });
      return reply.code(201).send({ id: user.id, email: user.email, name: user.name });
    },
  );

  app.post(
    '/api/v1/providers/:id/work-centers',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['providers'],
        summary:
          'Add a work center of a partner provider: its capacity, on which orders built there are scheduled',
        params: IdParams,
        body: CenterBody,
        response: responses({ 201: ProviderSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const provider = await getProvider(db, tenantId, request.params.id);
      if (!provider) throw new NotFound('provider', request.params.id);
      if (provider.kind !== 'partner')
        throw new Conflict('The own workshop’s centers are managed on the Work centers page.', [
          { field: 'id', message: 'not a partner provider' },
        ]);
      const b = request.body;
      const center = await insertWorkCenter(db, {
        id: ids.uuid(),
        tenantId,
        providerId: provider.id,
        code: b.code.trim(),
        name: b.name.trim(),
        description: provider.name,
        minutesPerDay: hoursToMinutes(b.hoursPerDay),
        workingDays: b.workingDays,
        now: clock.now(),
      }).catch((e: unknown) => {
        throw isUniqueViolation(e)
          ? new Conflict(`${provider.name} has a work center with this code.`, [
              { field: 'code', message: 'is already in use at this provider' },
            ])
          : e;
      });
      await auditStaffAction(deps, principalOf(request), {
        resource: 'work-center',
        resourceId: center.id,
      });
      return reply.code(201).send(await viewOf(deps, provider));
    },
  );

  app.post(
    '/api/v1/orders/:id/route',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['providers'],
        summary:
          'Send an order to a provider (null: the own workshop); its capacity is rebooked there',
        params: IdParams,
        body: Body({
          providerId: Type.Union([Uuid, Type.Null()], { example: null }),
        }),
        response: responses({
          200: Type.Object({
            id: Type.String(),
            providerId: Type.Union([Type.String(), Type.Null()]),
            routingStatus: Type.String(),
            deadline: Type.Union([Type.String(), Type.Null()]),
            promisedDate: Type.String(),
          }),
        }),
      },
    },
    async (request) => {
      const p = staffOf(request);
      const tenant = await tenantOf(deps, p.tenantId);
      const order = await routeOrder(
        deps,
        tenant,
        request.params.id,
        request.body.providerId,
        await actorOf(db, p),
      );
      await auditStaffAction(deps, p, {
        resource: 'order-routing',
        resourceId: order.id,
        customerId: order.customerId,
      });
      return {
        id: order.id,
        providerId: order.providerId,
        routingStatus: order.routingStatus,
        deadline: order.routingDeadline?.toISOString() ?? null,
        promisedDate: order.promisedDate,
      };
    },
  );

  app.get(
    '/api/v1/provider/orders',
    {
      onRequest: requireProvider(),
      schema: {
        tags: ['provider view'],
        summary: 'The orders routed to the signed-in provider staff member’s provider',
        response: responses({ 200: Type.Array(BuildOrderSchema) }),
      },
    },
    async (request) => {
      const p = providerOf(request);
      const orders = await listProviderOrders(db, p.tenantId, p.providerId);
      return Promise.all(orders.map((o) => buildView(deps, o)));
    },
  );

  const providerActor = async (p: ReturnType<typeof providerOf>) => {
    const provider = await getProvider(db, p.tenantId, p.providerId);
    return { kind: 'provider', id: p.userId, label: provider?.name ?? 'provider' };
  };

  app.post(
    '/api/v1/provider/orders/:id/accept',
    {
      onRequest: requireProvider(),
      schema: {
        tags: ['provider view'],
        summary: 'Accept an order routed to the provider (before its deadline)',
        params: IdParams,
        response: responses({ 200: BuildOrderSchema }),
      },
    },
    async (request) => {
      const p = providerOf(request);
      const tenant = await tenantOf(deps, p.tenantId);
      const order = await acceptRouted(
        deps,
        tenant,
        p.providerId,
        request.params.id,
        await providerActor(p),
      );
      await auditStaffAction(deps, p, {
        resource: 'order-routing',
        resourceId: order.id,
        customerId: order.customerId,
      });
      return buildView(deps, order);
    },
  );

  app.post(
    '/api/v1/provider/orders/:id/decline',
    {
      onRequest: requireProvider(),
      schema: {
        tags: ['provider view'],
        summary: 'Decline an order routed to the provider; it moves on to the next provider',
        params: IdParams,
        body: Body({
          reason: Type.String({
            minLength: 1,
            maxLength: 1000,
            example: 'No steel tubing until May',
          }),
        }),
        response: responses({ 200: Type.Object({ id: Type.String(), declined: Type.Boolean() }) }),
      },
    },
    async (request) => {
      const p = providerOf(request);
      const tenant = await tenantOf(deps, p.tenantId);
      const order = await declineRouted(
        deps,
        tenant,
        p.providerId,
        request.params.id,
        request.body.reason.trim(),
        await providerActor(p),
      );
      await auditStaffAction(deps, p, {
        resource: 'order-routing',
        resourceId: order.id,
        customerId: order.customerId,
      });
      return { id: order.id, declined: true };
    },
  );

  registerComparisonRoutes(app, deps);
}
