// Personal offers: staff (owner, sales) create, list with their uses and end offers, every
// change recorded in the audit log; a signed-in customer lists the offers they may use now.
// Using one is part of the shop quote and order routes (field `offerId`).
import { Type } from 'typebox';
import { requireCustomer, requireStaff, staffOf, principalOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, NullableTimestamp, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { SegmentSchema } from '../insights/customer-value.routes.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import { getProduct } from '../catalog/catalog.store.ts';
import { getCustomer } from '../users/users.store.ts';
import { OFFER_KINDS } from './offers.schema.ts';
import { effectiveEnd, missingFields, offerGives, type Offer } from './offers.ts';
import { endOffer, getOffer, insertOffer, listOffers } from './offers.store.ts';
import { currentOffers } from './use-offer.ts';

const ROLES = ['owner', 'sales'] as const;

/** The offer a customer names on a quote or an order (its id, which is also its code). */
export const OfferIdField = Uuid;

const OfferValue = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);

const StaffOfferSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  kind: Type.Union(OFFER_KINDS.map((k) => Type.Literal(k))),
  gives: Type.String(),
  percent: Type.Union([Type.Integer(), Type.Null()]),
  amount: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  feature: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([OfferValue, Type.Null()]),
  daysEarlier: Type.Union([Type.Integer(), Type.Null()]),
  segment: Type.Union([SegmentSchema, Type.Null()]),
  customerId: Type.Union([Uuid, Type.Null()]),
  customerName: Type.Union([Type.String(), Type.Null()]),
  productId: Type.Union([Uuid, Type.Null()]),
  startsAt: Timestamp,
  endsAt: Timestamp,
  endedAt: NullableTimestamp,
  usageLimit: Type.Union([Type.Integer(), Type.Null()]),
  uses: Type.Integer(),
  status: Type.Union([
    Type.Literal('scheduled'),
    Type.Literal('running'),
    Type.Literal('ended'),
    Type.Literal('used-up'),
  ]),
  createdAt: Timestamp,
});

const CustomerOfferSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  kind: Type.Union(OFFER_KINDS.map((k) => Type.Literal(k))),
  gives: Type.String(),
  productId: Type.Union([Uuid, Type.Null()]),
  productSlug: Type.Union([Type.String(), Type.Null()]),
  validFrom: Timestamp,
  validUntil: Timestamp,
  code: Uuid,
  link: Type.String(),
  usesLeft: Type.Union([Type.Integer(), Type.Null()]),
});

function staffView(o: Offer, customerName: string | null, now: Date) {
  const status =
    now < o.startsAt
      ? 'scheduled'
      : now >= effectiveEnd(o)
        ? 'ended'
        : o.usageLimit !== null && o.uses >= o.usageLimit
          ? 'used-up'
          : 'running';
  return {
    id: o.id,
    title: o.title,
    kind: o.kind,
    gives: offerGives(o),
    percent: o.percent,
    amount: o.amount,
    currency: o.currency,
    feature: o.feature,
    value: o.value ?? null,
    daysEarlier: o.daysEarlier,
    segment: o.segment,
    customerId: o.customerId,
    customerName,
    productId: o.productId,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    endedAt: o.endedAt?.toISOString() ?? null,
    usageLimit: o.usageLimit,
    uses: o.uses,
    status: status as 'scheduled' | 'running' | 'ended' | 'used-up',
    createdAt: o.createdAt.toISOString(),
  };
}

export function registerOfferRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.get(
    '/api/v1/offers',
    {
      onRequest: requireStaff(ROLES),
      schema: {
        tags: ['offers'],
        summary: 'The firm’s personal offers, newest first, with their uses',
        response: responses({ 200: Type.Object({ offers: Type.Array(StaffOfferSchema) }) }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const now = clock.now();
      const rows = await listOffers(db, staff.tenantId);
      return { offers: rows.map((r) => staffView(r.offer, r.customerName, now)) };
    },
  );

  app.get(
    '/api/v1/offers/:id',
    {
      onRequest: requireStaff(ROLES),
      schema: {
        tags: ['offers'],
        summary: 'One personal offer with its uses',
        params: IdParams,
        response: responses({ 200: StaffOfferSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const offer = await getOffer(db, staff.tenantId, request.params.id);
      if (!offer) throw new NotFound('offer', request.params.id);
      const customer = offer.customerId
        ? await getCustomer(db, staff.tenantId, offer.customerId)
        : null;
      return staffView(offer, customer?.name ?? null, clock.now());
    },
  );

  app.post(
    '/api/v1/offers',
    {
      onRequest: requireStaff(ROLES),
      schema: {
        tags: ['offers'],
        summary:
          'Create a personal offer for a segment (used only under the customer’s personalization consent) or one customer (recorded in the audit log)',
        body: Body({
          title: Type.String({ minLength: 1, maxLength: 200 }),
          kind: Type.Union(OFFER_KINDS.map((k) => Type.Literal(k))),
          percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          amount: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'Minor units' }),
          ),
          currency: Type.Optional(
            Type.String({ pattern: '^[A-Z]{3}$', examples: ['EUR'], minLength: 3, maxLength: 3 }),
          ),
          feature: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          value: Type.Optional(OfferValue),
          daysEarlier: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
          segment: Type.Optional(SegmentSchema),
          customerId: Type.Optional(Uuid),
          productId: Type.Optional(Uuid),
          startsAt: Timestamp,
          endsAt: Timestamp,
          usageLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
        }),
        response: responses({ 201: StaffOfferSchema }),
      },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const body = request.body;
      const missing = missingFields(body);
      if (missing.length > 0) throw new ValidationFailed(missing);
      const customer = body.customerId
        ? await getCustomer(db, staff.tenantId, body.customerId)
        : null;
      if (body.customerId && !customer) throw new NotFound('customer', body.customerId);
      if (body.productId && !(await getProduct(db, staff.tenantId, body.productId)))
        throw new NotFound('product', body.productId);
      const offer = await db.transaction(async (tx) => {
        const created = await insertOffer(tx, {
          id: ids.uuid(),
          tenantId: staff.tenantId,
          title: body.title,
          kind: body.kind,
          percent: body.kind === 'percent' ? (body.percent ?? null) : null,
          amount: body.kind === 'amount' ? (body.amount ?? null) : null,
          currency: body.kind === 'amount' ? (body.currency ?? null) : null,
          feature: body.kind === 'free-option' ? (body.feature ?? null) : null,
          value: body.kind === 'free-option' ? (body.value ?? null) : null,
          daysEarlier: body.kind === 'faster-date' ? (body.daysEarlier ?? null) : null,
          segment: body.segment ?? null,
          customerId: body.customerId ?? null,
          productId: body.productId ?? null,
          startsAt: new Date(body.startsAt),
          endsAt: new Date(body.endsAt),
          usageLimit: body.usageLimit ?? null,
          createdAt: clock.now(),
          createdBy: staff.via === 'session' ? staff.userId : staff.apiKeyId,
        });
        await auditStaffAction({ db: tx, clock, ids }, staff, {
          resource: 'offer',
          resourceId: created.id,
          customerId: created.customerId,
        });
        return created;
      });
      reply.code(201);
      return staffView(offer, customer?.name ?? null, clock.now());
    },
  );

  app.post(
    '/api/v1/offers/:id/end',
    {
      onRequest: requireStaff(ROLES),
      schema: {
        tags: ['offers'],
        summary:
          'End an offer now: it can no longer be used; uses so far stay (recorded in the audit log)',
        params: IdParams,
        response: responses({ 200: StaffOfferSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const offer = await db.transaction(async (tx) => {
        const ended = await endOffer(tx, staff.tenantId, request.params.id, clock.now());
        if (!ended) throw new NotFound('offer', request.params.id);
        await auditStaffAction({ db: tx, clock, ids }, staff, {
          resource: 'offer',
          resourceId: ended.id,
          customerId: ended.customerId,
        });
        return ended;
      });
      const customer = offer.customerId
        ? await getCustomer(db, staff.tenantId, offer.customerId)
        : null;
      return staffView(offer, customer?.name ?? null, clock.now());
    },
  );

  app.get(
    '/api/v1/account/offers',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary:
          'The personal offers the signed-in customer may use now (segment offers only with personalization consent)',
        response: responses({ 200: Type.Object({ offers: Type.Array(CustomerOfferSchema) }) }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') return { offers: [] };
      return {
        offers: await currentOffers(deps, p.tenantId, p.customerId, deps.config.publicUrl),
      };
    },
  );
}
