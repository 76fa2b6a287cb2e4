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
import {
  getApprovedConfiguration,
  listApprovedConfigurations,
  listLocations,
} from '../companies/companies.store.ts';
import { priceListView, termsOf, type TermsInput } from './contracts.ts';
import {
  getLocation,
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
    designPrices: Type.Optional(
      Type.Array(
        Type.Object(
          { approvedConfigurationId: Uuid, unitPrice: Money },
          { additionalProperties: false },
        ),
        {
          maxItems: 1000,
          description:
            'The unit price of a whole approved design (base and options) of the company; on a change, left out keeps the current ones.',
        },
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
      'Percent off list (per line, half up), option prices per `feature=value`, prices per approved design of the company (replacing base and options), volume tiers by quantity (the largest reached applies, on top).',
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
    throw new Conflict(
      'The company has a price list already (for this location, if one is named): change that one.',
      [{ field: 'companyId', message: 'has a price list already' }],
    );
  throw e;
}

/**
 * 404 unless `locationId` is one of the company's locations; 400 naming each design price whose
 * approved configuration is not the company's.
 */
async function checkCompanyRefs(
  db: AppDeps['db'],
  tenantId: string,
  companyId: string,
  refs: { locationId?: string | null; terms?: TermsInput | undefined },
): Promise<void> {
  if (refs.locationId) {
    const locations = await listLocations(db, tenantId, companyId);
    if (!locations.some((l) => l.id === refs.locationId))
      throw new NotFound('location', refs.locationId);
  }
  const prices = refs.terms?.designPrices ?? [];
  if (prices.length === 0) return;
  const own = new Set((await listApprovedConfigurations(db, tenantId, companyId)).map((c) => c.id));
  const errors = prices.flatMap((d, i) =>
    own.has(d.approvedConfigurationId)
      ? []
      : [
          {
            field: `terms.designPrices.${i}.approvedConfigurationId`,
            message: 'is not an approved configuration of this company',
          },
        ],
  );
  if (errors.length > 0) throw new ValidationFailed(errors);
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
          'Give a company a contract price list: one company-wide (no location) and at most one per company location',
        body: Body({
          companyId: Uuid,
          locationId: Type.Optional(
            Type.Union([Uuid, Type.Null()], {
              description:
                'One of the company’s locations: its buyers buying for it get this list. Left out or null: the company-wide list.',
            }),
          ),
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
      if (b.locationId) {
        // The location names its company: a list for it belongs to that company.
        const location = await getLocation(db, tenantId, b.locationId);
        if (!location) throw new NotFound('location', b.locationId);
        if (location.companyId !== b.companyId)
          throw new ValidationFailed([
            { field: 'companyId', message: `is not the company of location ${location.name}` },
          ]);
      }
      if (!(await getBusinessAccount(db, tenantId, b.companyId)))
        throw new NotFound('company', b.companyId);
      await checkCompanyRefs(db, tenantId, b.companyId, {
        locationId: b.locationId ?? null,
        terms: b.terms,
      });
      const now = clock.now();
      const created = await insertPriceList(db, {
        id: ids.uuid(),
        tenantId,
        companyId: b.companyId,
        locationId: b.locationId ?? null,
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
          'Change a price list: name, currency or terms (percent off, option prices and tiers are replaced; approved-design prices replaced when given, else kept)',
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
      if (b.terms) await checkCompanyRefs(db, tenantId, current.companyId, { terms: b.terms });
      const terms = b.terms
        ? {
            ...termsOf(b.terms),
            ...(b.terms.designPrices === undefined
              ? { designPrices: current.terms.designPrices }
              : {}),
          }
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
          'Set the quantity rule (minimum, maximum, increment) of a product or of one approved design (which wins over its product’s); one each',
        body: Body({
          productId: Type.Optional(Uuid),
          approvedConfigurationId: Type.Optional(Uuid),
          ...RuleFields,
        }),
        response: responses({ 201: QuantityRuleSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const b = request.body;
      if ((b.productId === undefined) === (b.approvedConfigurationId === undefined))
        throw new ValidationFailed([
          {
            field: b.productId === undefined ? 'productId' : 'approvedConfigurationId',
            message: 'name either a product or an approved configuration',
          },
        ]);
      checkRule(b.minQuantity, b.maxQuantity ?? null);
      if (b.productId !== undefined && !(await getProduct(db, tenantId, b.productId)))
        throw new NotFound('product', b.productId);
      if (
        b.approvedConfigurationId !== undefined &&
        !(await getApprovedConfiguration(db, tenantId, b.approvedConfigurationId))
      )
        throw new NotFound('approved configuration', b.approvedConfigurationId);
      const now = clock.now();
      const created = await insertQuantityRule(db, {
        id: ids.uuid(),
        tenantId,
        productId: b.productId ?? null,
        approvedConfigurationId: b.approvedConfigurationId ?? null,
        minQuantity: b.minQuantity,
        maxQuantity: b.maxQuantity ?? null,
        increment: b.increment ?? 1,
        createdAt: now,
        updatedAt: now,
      }).catch((e: unknown) => {
        if (isUniqueViolation(e))
          throw new Conflict('This has a quantity rule already.', [
            {
              field: b.productId !== undefined ? 'productId' : 'approvedConfigurationId',
              message: 'has a rule already; change that one',
            },
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
