// Bids ("name your price"): customers and guests bid in the shop, read their bid and confirm an
// accepted offer; signed-in customers list theirs; the firm's staff list bids and see statistics.
// No answer ever carries the floor (see bids.ts for the one answer shape).
import { getProduct } from '../catalog/catalog.store.ts';
import { and, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { orders } from '../orders/orders.schema.ts';
import { principalOf, requireCustomer, requireStaff, staffOf } from '../auth/guards.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, Unauthorized, ValidationFailed } from '../http/errors.ts';
import { DEFAULT_PAGE_SIZE, decodeCursor, PageQuery, pageOf } from '../http/pagination.ts';
import { Body, responses, Uuid } from '../http/schemas.ts';
import { OrderSchema, orderView } from '../orders/orders.routes.ts';
import { listProviders, providerLoad } from '../providers/providers.store.ts';
import { addDays, dateInZone } from '../capacity/capacity.ts';
import { Choices, ExtendedProblem, Personalization } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getCustomer } from '../users/users.store.ts';
import {
  BID_PRICE_BAND,
  bidAnswer,
  bidSettings,
  MAX_BID_AMOUNT,
  padAnswerTime,
  statusAt,
  type Bid,
} from './bids.ts';
import { allBids, getBid, listBids } from './bids.store.ts';
import { bidsHolder } from './bids-data.ts';
import { registerPersonalDataHolder } from '../privacy/personal-data.ts';
import { confirmBid, mayUseBid } from './confirm-bid.ts';
import { acceptedFromFor, mailOffer, makeBid } from './make-bid.ts';

const StatusSchema = Type.Union([
  Type.Literal('accepted'),
  Type.Literal('refused'),
  Type.Literal('expired'),
  Type.Literal('converted'),
]);
const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
const SuggestionSchema = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('raise-price'),
      Type.Literal('relax'),
      Type.Literal('later-date'),
    ]),
    features: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
const AnswerSchema = Type.Object({
  id: Type.String(),
  status: StatusSchema,
  product: Type.Union([Type.Null(), Type.Object({ slug: Type.String(), name: Type.String() })]),
  price: Money,
  latestDate: Type.String(),
  mustHave: Choices,
  flexible: Type.Record(Type.String(), Type.Array(Value)),
  createdAt: Type.String(),
  offer: Type.Union([
    Type.Null(),
    Type.Object({
      choices: Choices,
      listPrice: Money,
      promisedDate: Type.String(),
      provider: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String() }),
      expiresAt: Type.String(),
    }),
  ]),
  suggestions: Type.Array(SuggestionSchema),
  acceptedFrom: Type.Union([Type.Null(), Money]),
  rebidAfter: Type.Union([Type.Null(), Type.String()]),
  orderId: Type.Union([Type.Null(), Type.String()]),
  token: Type.Optional(Type.String()),
});
const StaffBidSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.String(),
    productId: Type.String(),
    versionId: Type.String(),
    customerId: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    price: Money,
    latestDate: Type.String(),
    mustHave: Choices,
    flexible: Type.Record(Type.String(), Type.Array(Value)),
    offer: Type.Union([
      Type.Null(),
      Type.Object({
        listPrice: Money,
        promisedDate: Type.String(),
        provider: Type.Object({
          id: Type.Union([Type.String(), Type.Null()]),
          name: Type.String(),
        }),
        expiresAt: Type.String(),
      }),
    ]),
    orderId: Type.Union([Type.Null(), Type.String()]),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
const ShopParams = Type.Object({ tenant: Type.String({ maxLength: 100 }) });
const ShopIdParams = Type.Object({ tenant: Type.String({ maxLength: 100 }), id: Uuid });
const FEATURE_KEY = Type.String({ minLength: 1, maxLength: 200 });

/** Roles that see customers' personal data (emails) in the console. */
const SEES_PERSONAL_DATA = new Set(['owner', 'sales']);

function pageSchema<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}

export function registerBidRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;
  const shopTenant = resolveShopTenant(db);
  registerPersonalDataHolder(bidsHolder);

  const answerOf = async (tenant: Tenant, bid: Bid, token?: string) => {
    const settings = bidSettings(tenant.settings);
    const product = await getProduct(db, tenant.id, bid.productId);
    return bidAnswer(bid, clock.now(), {
      product: product ? { slug: product.slug, name: product.name } : null,
      suggestions: bid.suggestions,
      acceptedFrom: await acceptedFromFor(deps, tenant, bid),
      rebidWaitHours: settings.rebidWaitHours,
      ...(token !== undefined ? { token } : {}),
    });
  };

  app.post(
    '/api/v1/shop/:tenant/bids',
    {
      onRequest: shopTenant,
      // A bid may hold capacity: the strict class, like orders.
      config: { writeLimit: 'order' },
      schema: {
        tags: ['shop'],
        summary:
          'Name your price: the must-haves, the price and the latest date; answered with a binding offer or a refusal with suggestions',
        params: ShopParams,
        body: Body({
          versionId: Uuid,
          mustHave: Type.Record(FEATURE_KEY, Value, { maxProperties: 500 }),
          flexible: Type.Optional(
            Type.Record(FEATURE_KEY, Type.Array(Value, { maxItems: 1000 }), { maxProperties: 500 }),
          ),
          price: Type.Object(
            {
              amount: Type.Integer({ minimum: 0, maximum: MAX_BID_AMOUNT }),
              currency: Type.String({ pattern: '^[A-Z]{3}$' }),
            },
            { additionalProperties: false },
          ),
          latestDate: Type.String({ format: 'date' }),
          personalization: Type.Optional(Personalization),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
        }),
        response: responses({
          201: AnswerSchema,
          409: ExtendedProblem,
          422: ExtendedProblem,
          429: ExtendedProblem,
        }),
      },
    },
    async (request, reply) => {
      const started = performance.now();
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const body = request.body;
      let email = body.email?.trim().toLowerCase() ?? null;
      let customerId: string | null = null;
      if (shopper?.kind === 'customer') {
        customerId = shopper.customerId;
        email = (await getCustomer(db, tenant.id, shopper.customerId))?.email ?? email;
      }
      if (!email)
        throw new ValidationFailed([{ field: 'email', message: 'is required to bid as a guest' }]);
      const token = randomToken();
      const bid = await makeBid(
        deps,
        tenant,
        {
          versionId: body.versionId,
          mustHave: body.mustHave,
          flexible: body.flexible ?? {},
          price: body.price,
          latestDate: body.latestDate,
          personalization: body.personalization ?? {},
          email,
          customerId,
          clientAddress: request.ip,
          tokenHash: sha256(token),
        },
        (tx, made, productName) => mailOffer(deps, tx, tenant, made, productName, token),
      );
      const answer = await answerOf(tenant, bid, customerId ? undefined : token);
      // The answer takes the same time whatever the outcome (plus noise).
      await padAnswerTime(started, deps.config.bidAnswerMinMs);
      return reply.code(201).send(answer);
    },
  );

  app.get(
    '/api/v1/shop/:tenant/bids/:id',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'A bid and its answer: its owner (bid token or signed-in customer)',
        params: ShopIdParams,
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: responses({ 200: AnswerSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const bid = await getBid(db, tenant.id, request.params.id);
      const customerId = shopper?.kind === 'customer' ? shopper.customerId : null;
      if (!bid || !mayUseBid(bid, request.query.token, customerId))
        throw new NotFound('bid', request.params.id);
      return answerOf(tenant, bid);
    },
  );

  app.post(
    '/api/v1/shop/:tenant/bids/:id/confirm',
    {
      onRequest: shopTenant,
      config: { writeLimit: 'order' },
      schema: {
        tags: ['shop'],
        summary:
          'Confirm an accepted offer: the order is placed at the bid’s price with the held capacity (410 once the offer expired)',
        params: ShopIdParams,
        body: Body({ token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        response: responses({
          201: Type.Intersect([OrderSchema, Type.Object({ token: Type.String() })]),
          409: ExtendedProblem,
        }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const customerId = shopper?.kind === 'customer' ? shopper.customerId : null;
      const customer = customerId ? await getCustomer(db, tenant.id, customerId) : null;
      const { order, token } = await confirmBid(deps, tenant, request.params.id, {
        token: request.body?.token,
        customerId,
        label: customer?.name ?? 'customer',
      });
      return reply.code(201).send({ ...(await orderView(db, order, false)), token });
    },
  );

  app.get(
    '/api/v1/account/bids',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary: 'The signed-in customer’s bids, newest first (paginated)',
        querystring: PageQuery,
        response: responses({ 200: pageSchema(AnswerSchema) }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new Unauthorized();
      const tenant = await getTenant(db, p.tenantId);
      if (!tenant) throw new NotFound('tenant', p.tenantId);
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const after = decodeCursor(request.query.cursor);
      const rows = await listBids(
        db,
        p.tenantId,
        { customerId: p.customerId },
        {
          after,
          limit: limit + 1,
        },
      );
      const page = pageOf(rows, limit, (b) => ({ at: b.createdAt, id: b.id }));
      return {
        items: await Promise.all(page.items.map((b) => answerOf(tenant, b))),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/bids',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['bids'],
        summary: 'Bids made to the firm, newest first (paginated; never the floor)',
        querystring: Type.Object({
          status: Type.Optional(StatusSchema),
          ...PageQuery.properties,
        }),
        response: responses({ 200: pageSchema(StaffBidSchema) }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const after = decodeCursor(request.query.cursor);
      const rows = await listBids(
        db,
        staff.tenantId,
        request.query.status ? { status: request.query.status } : {},
        { after, limit: limit + 1 },
      );
      const page = pageOf(rows, limit, (b) => ({ at: b.createdAt, id: b.id }));
      const now = clock.now();
      const seesEmail = SEES_PERSONAL_DATA.has(staff.role);
      return {
        items: page.items.map((b) => ({
          id: b.id,
          status: statusAt(b, now),
          productId: b.productId,
          versionId: b.versionId,
          customerId: b.customerId,
          email: seesEmail ? b.email : null,
          price: { amount: b.price, currency: b.currency },
          latestDate: b.latestDate,
          mustHave: b.mustHave,
          flexible: b.flexible,
          offer: b.offer
            ? {
                listPrice: { amount: b.offer.listPrice, currency: b.offer.currency },
                promisedDate: b.offer.promisedDate,
                provider: { id: b.offer.providerId, name: b.offer.providerName },
                expiresAt: b.offer.expiresAt,
              }
            : null,
          orderId: b.orderId,
          createdAt: b.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/bids/stats',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['bids'],
        summary:
          'Bid statistics: counts by status, acceptance by price band, revenue from bids versus list prices, providers’ load and acceptance',
        response: responses({
          200: Type.Object({
            counts: Type.Object({
              accepted: Type.Integer(),
              refused: Type.Integer(),
              expired: Type.Integer(),
              converted: Type.Integer(),
            }),
            bands: Type.Array(
              Type.Object({
                from: Type.Integer(),
                to: Type.Integer(),
                bids: Type.Integer(),
                accepted: Type.Integer(),
              }),
            ),
            revenue: Type.Object({
              bids: Type.Integer({
                description: 'Orders from bids, at the prices customers named',
              }),
              list: Type.Integer({ description: 'The same orders at their list prices' }),
              listOrders: Type.Integer({
                description:
                  'Orders placed at list price (not from a bid), cancelled ones left out',
              }),
              currency: Type.String(),
            }),
            providers: Type.Array(
              Type.Object({
                id: Type.Union([Type.String(), Type.Null()]),
                name: Type.String(),
                load: Type.Number(),
                routed: Type.Integer(),
                accepted: Type.Integer(),
                declined: Type.Integer(),
              }),
            ),
          }),
        }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const tenant = await getTenant(db, tenantId);
      if (!tenant) throw new NotFound('tenant', tenantId);
      const now = clock.now();
      const all = await allBids(db, tenantId);
      const counts = { accepted: 0, refused: 0, expired: 0, converted: 0 };
      const bands = new Map<number, { bids: number; accepted: number }>();
      let bidRevenue = 0;
      let listRevenue = 0;
      const perProvider = new Map<string | null, { accepted: number; routed: number }>();
      for (const b of all) {
        const status = statusAt(b, now);
        counts[status] += 1;
        const from = Math.floor(b.price / BID_PRICE_BAND) * BID_PRICE_BAND;
        const band = bands.get(from) ?? { bids: 0, accepted: 0 };
        band.bids += 1;
        if (status !== 'refused') band.accepted += 1;
        bands.set(from, band);
        if (b.offer) {
          const p = perProvider.get(b.offer.providerId) ?? { accepted: 0, routed: 0 };
          p.accepted += 1;
          if (status === 'converted') p.routed += 1;
          perProvider.set(b.offer.providerId, p);
        }
        if (status === 'converted' && b.offer) {
          bidRevenue += b.price;
          listRevenue += b.offer.listPrice;
        }
      }
      const bidOrders = await db
        .select({ providerId: orders.providerId, declined: orders.declinedProviders })
        .from(orders)
        .where(and(eq(orders.tenantId, tenantId), isNotNull(orders.bidId)));
      const [atList] = await db
        .select({ total: sql<string>`coalesce(sum(${orders.total}), 0)` })
        .from(orders)
        .where(
          and(
            eq(orders.tenantId, tenantId),
            isNull(orders.bidId),
            ne(orders.status, 'cancelled'),
            eq(orders.currency, tenant.settings.currency),
          ),
        );
      const today = dateInZone(now, tenant.settings.timezone);
      const providers = await listProviders(db, tenantId);
      const rows = [];
      for (const p of providers) {
        const id = p.kind === 'own' ? null : p.id;
        const figures = perProvider.get(id) ?? { accepted: 0, routed: 0 };
        rows.push({
          id,
          name: p.name,
          load: await providerLoad(db, tenantId, id, today, addDays(today, 28), now),
          routed: figures.routed,
          accepted: figures.accepted,
          // Orders from bids this partner declined (or let the deadline pass on).
          declined: id === null ? 0 : bidOrders.filter((o) => o.declined.includes(id)).length,
        });
      }
      return {
        counts,
        bands: [...bands.entries()]
          .sort(([a], [b]) => a - b)
          .map(([from, v]) => ({ from, to: from + BID_PRICE_BAND, ...v })),
        revenue: {
          bids: bidRevenue,
          list: listRevenue,
          listOrders: Number(atList?.total ?? 0),
          currency: tenant.settings.currency,
        },
        providers: rows,
      };
    },
  );
}
