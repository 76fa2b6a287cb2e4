// Price lists over HTTP: the firm's owner and sales staff set each company's contract terms
// (percent off, option and approved-design prices, volume tiers). Every change is audited.
import { Type } from 'typebox';
import { principalOf, requireStaff, staffOf } from '../auth/guards.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { getProduct } from '../catalog/catalog.store.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses, Uuid } from '../http/schemas.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import { getBusinessAccount } from '../users/users.store.ts';
import { priceListView, termsOf } from './contracts.ts';
import {
  getPriceList,
  insertPriceList,
  insertQuantityRule,
  listPriceLists,
  listQuantityRules,
  updatePriceList,
  updateQuantityRule,
  type QuantityRule,
} from './contracts.store.ts';

const MANAGERS = ['owner', 'sales'] as const;
const Money = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Bp = Type.Integer({
  minimum: 0,
  maximum: 10_000,
  description: 'basis points: 500 = 5 %',
  example: 500,
});
const Currency = Type.String({ pattern: '^[A-Z]{3}$', example: 'EUR' });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', example: 'Acme 2027' });
const ValueSchema = Type.Union([Type.String({ maxLength: 200 }), Type.Integer(), Type.Boolean()]);
const TermsSchema = Type.Object(
  {
    percentOffBp: Type.Optional(Bp),
    optionPrices: Type.Optional(
      Type.Array(
        Type.Object(
          {
            feature: Type.String({
              minLength: 1,
              maxLength: 200,
              pattern: '^[^=]+$',
              example: 'ram',
            }),
            value: ValueSchema,
            unitPrice: Money,
          },
          { additionalProperties: false },
        ),
        { maxItems: 1000 },
      ),
    ),
    tiers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            minQuantity: Type.Integer({ minimum: 2, maximum: 1_000_000, example: 10 }),
            percentOffBp: Bp,
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      'Percent off list (per line, half up), option prices per `feature=value`, volume tiers by quantity (the largest reached applies, on top). Prices per approved design are set once approved designs exist (company portal); here they are kept as they are.',
  },
);
const PriceListSchema = Type.Object({
  id: Type.String(),
  companyId: Type.String(),
  locationId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  currency: Type.String(),
  terms: Type.Object({
    percentOffBp: Type.Integer(),
    optionPrices: Type.Array(
      Type.Object({ feature: Type.String(), value: Type.String(), unitPrice: Type.Integer() }),
    ),
    designPrices: Type.Array(
      Type.Object({ approvedConfigurationId: Type.String(), unitPrice: Type.Integer() }),
    ),
    tiers: Type.Array(Type.Object({ minQuantity: Type.Integer(), percentOffBp: Type.Integer() })),
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const RuleFields = {
  minQuantity: Type.Integer({ minimum: 1, maximum: 1_000_000, example: 1 }),
  maxQuantity: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], {
      description: 'null or left out: no maximum',
      example: null,
    }),
  ),
  increment: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, example: 1 })),
};
const QuantityRuleSchema = Type.Object({
  id: Type.String(),
  productId: Type.Union([Type.String(), Type.Null()]),
  approvedConfigurationId: Type.Union([Type.String(), Type.Null()]),
  minQuantity: Type.Integer(),
  maxQuantity: Type.Union([Type.Integer(), Type.Null()]),
  increment: Type.Integer(),
});

function ruleView(r: QuantityRule) {
  return {
    id: r.id,
    productId: r.productId,
    approvedConfigurationId: r.approvedConfigurationId,
    minQuantity: r.minQuantity,
    maxQuantity: r.maxQuantity,
    increment: r.increment,
  };
}

function checkRule(min: number, max: number | null): void {
  if (max !== null && max < min)
    throw new ValidationFailed([
      { field: 'maxQuantity', message: `must be at least the minimum (${min})` },
    ]);
}

function duplicate(e: unknown): never {
  if (isUniqueViolation(e))
    throw new Conflict('The company has a price list already: change that one.', [
      { field: 'companyId', message: 'has a price list already' },
    ]);
  throw e;
}

export function registerContractRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.get(
    '/api/v1/price-lists',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['contracts'],
        summary: 'Contract price lists of the firm’s companies (filter: one company)',
        querystring: Type.Object({ companyId: Type.Optional(Uuid) }),
        response: responses({ 200: Type.Array(PriceListSchema) }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const q = request.query;
      const lists = await listPriceLists(
        db,
        tenantId,
        q.companyId ? { companyId: q.companyId } : {},
      );
      return lists.map(priceListView);
    },
  );

  app.get(
    '/api/v1/price-lists/:id',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['contracts'],
        summary: 'A contract price list',
        params: IdParams,
        response: responses({ 200: PriceListSchema }),
      },
    },
    async (request) => {
      const list = await getPriceList(db, staffOf(request).tenantId, request.params.id);
      if (!list) throw new NotFound('price list', request.params.id);
      return priceListView(list);
    },
  );

  app.post(
    '/api/v1/price-lists',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['contracts'],
        summary:
          'Give a company a contract price list (one company-wide list; lists per location arrive with company locations)',
        body: Body({
          companyId: Uuid,
          name: Name,
          currency: Currency,
          terms: TermsSchema,
        }),
        response: responses({ 201: PriceListSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const b = request.body;
      const terms = termsOf(b.terms);
      if (!(await getBusinessAccount(db, tenantId, b.companyId)))
        throw new NotFound('company', b.companyId);
      const now = clock.now();
      const created = await insertPriceList(db, {
        id: ids.uuid(),
        tenantId,
        companyId: b.companyId,
        locationId: null,
        name: b.name.trim(),
        currency: b.currency,
        terms,
        createdAt: now,
        updatedAt: now,
      }).catch(duplicate);
      await auditStaffAction(deps, principalOf(request), {
        resource: 'price-list',
        resourceId: created.id,
      });
      return reply.code(201).send(priceListView(created));
    },
  );

  app.patch(
    '/api/v1/price-lists/:id',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['contracts'],
        summary:
          'Change a price list: name, currency or terms (percent off, option prices and tiers are replaced; approved-design prices kept)',
        params: IdParams,
        body: Body({
          name: Type.Optional(Name),
          currency: Type.Optional(Currency),
          terms: Type.Optional(TermsSchema),
        }),
        response: responses({ 200: PriceListSchema }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const b = request.body;
      const current = await getPriceList(db, tenantId, request.params.id);
      if (!current) throw new NotFound('price list', request.params.id);
      const terms = b.terms
        ? { ...termsOf(b.terms), designPrices: current.terms.designPrices }
        : undefined;
      const updated = await updatePriceList(db, tenantId, request.params.id, {
        ...(b.name !== undefined ? { name: b.name.trim() } : {}),
        ...(b.currency !== undefined ? { currency: b.currency } : {}),
        ...(terms ? { terms } : {}),
        now: clock.now(),
      }).catch(duplicate);
      if (!updated) throw new NotFound('price list', request.params.id);
      await auditStaffAction(deps, principalOf(request), {
        resource: 'price-list',
        resourceId: updated.id,
      });
      return priceListView(updated);
    },
  );

  app.get(
    '/api/v1/quantity-rules',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['contracts'],
        summary: 'How many units an order line may hold, per product or per approved design',
        response: responses({ 200: Type.Array(QuantityRuleSchema) }),
      },
    },
    async (request) => (await listQuantityRules(db, staffOf(request).tenantId)).map(ruleView),
  );

  app.post(
    '/api/v1/quantity-rules',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['contracts'],
        summary:
          'Set a product’s quantity rule (minimum, maximum, increment); one per product (rules per approved design arrive with approved designs)',
        body: Body({ productId: Uuid, ...RuleFields }),
        response: responses({ 201: QuantityRuleSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const b = request.body;
      checkRule(b.minQuantity, b.maxQuantity ?? null);
      if (!(await getProduct(db, tenantId, b.productId)))
        throw new NotFound('product', b.productId);
      const now = clock.now();
      const created = await insertQuantityRule(db, {
        id: ids.uuid(),
        tenantId,
        productId: b.productId,
        approvedConfigurationId: null,
        minQuantity: b.minQuantity,
        maxQuantity: b.maxQuantity ?? null,
        increment: b.increment ?? 1,
        createdAt: now,
        updatedAt: now,
      }).catch((e: unknown) => {
        if (isUniqueViolation(e))
          throw new Conflict('This product has a quantity rule already.', [
            { field: 'productId', message: 'has a rule already; change that one' },
          ]);
        throw e;
      });
      await auditStaffAction(deps, principalOf(request), {
        resource: 'quantity-rule',
        resourceId: created.id,
      });
      return reply.code(201).send(ruleView(created));
    },
  );

  app.put(
    '/api/v1/quantity-rules/:id',
    {
      onRequest: requireStaff(MANAGERS),
      schema: {
        tags: ['contracts'],
        summary: 'Change a quantity rule (minimum, maximum, increment)',
        params: IdParams,
        body: Body(RuleFields),
        response: responses({ 200: QuantityRuleSchema }),
      },
    },
    async (request) => {
      const b = request.body;
      checkRule(b.minQuantity, b.maxQuantity ?? null);
      const updated = await updateQuantityRule(db, staffOf(request).tenantId, request.params.id, {
        minQuantity: b.minQuantity,
        maxQuantity: b.maxQuantity ?? null,
        increment: b.increment ?? 1,
        now: clock.now(),
      });
      if (!updated) throw new NotFound('quantity rule', request.params.id);
      await auditStaffAction(deps, principalOf(request), {
        resource: 'quantity-rule',
        resourceId: updated.id,
      });
      return ruleView(updated);
    },
  );
}
