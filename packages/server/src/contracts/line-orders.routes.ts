// Quotes and orders of several designs × quantities, for the studio and company portals. A
// company member gets their company's contract prices; everyone else list prices. The server
// re-prices every line itself: the client sends designs and quantities, never prices.
import { assertLinesInApprovedSpace } from '../companies/approved-space.ts';
import { Type } from 'typebox';
import { randomToken, sha256 } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { ValidationFailed } from '../http/errors.ts';
import { answerOnce } from '../http/idempotency.ts';
import { Body, responses, Uuid } from '../http/schemas.ts';
import { guestHold, tellOrderPlaced } from '../orders/order-mail.ts';
import { actorOf, OrderSchema, orderView } from '../orders/orders.routes.ts';
import { Choices, ExtendedProblem, Personalization } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getCustomer } from '../users/users.store.ts';
import type { FastifyRequest } from 'fastify';
import { OrderApprovalFields } from '../approvals/order-fields.ts';
import { buyerLineSubjects } from './buyer-contract.ts';
import { placeLinesOrderIn } from './line-orders.ts';
import { publicLinesQuote, quoteLines, type LineRequest } from './quote-lines.ts';

/** Lines per quote or order: a bound on the work one request can ask for. */
export const MAX_LINES = 100;
/** Units per line, whatever the product's quantity rule allows. */
export const MAX_LINE_QUANTITY = 1_000_000;

const LineSchema = Type.Object(
  {
    versionId: Uuid,
    choices: Choices,
    personalization: Type.Optional(Personalization),
    quantity: Type.Integer({
      minimum: 1,
      maximum: MAX_LINE_QUANTITY,
      description:
        'Units of this design; the product’s quantity rule (min, max, increment) applies.',
      example: 1,
    }),
  },
  { additionalProperties: false },
);
const Lines = Type.Array(LineSchema, { minItems: 1, maxItems: MAX_LINES });
const LocationId = Type.Optional(
  Type.Union([Uuid, Type.Null()], {
    description:
      'A company member buying for one of their company’s locations (cost centers): its price list applies. Another company’s location is 404.',
  }),
);
const TenantParams = Type.Object({ tenant: Type.String({ maxLength: 100 }) });
const ContractLineSchema = Type.Object(
  {
    kind: Type.String(),
    label: Type.String(),
    quantity: Type.Integer(),
    unitList: Type.Integer(),
    unitAmount: Type.Integer(),
    amount: Type.Integer(),
    term: Type.Object({ kind: Type.String() }, { additionalProperties: true }),
  },
  { additionalProperties: true },
);
const LinesQuoteSchema = Type.Object({
  valid: Type.Boolean(),
  currency: Type.String(),
  priceListId: Type.Union([Type.String(), Type.Null()]),
  listTotal: Type.Integer(),
  total: Type.Integer(),
  promisedDate: Type.String(),
  lines: Type.Array(
    Type.Object(
      {
        versionId: Type.String(),
        productId: Type.String(),
        quantity: Type.Integer(),
        valid: Type.Boolean(),
        violations: Type.Array(
          Type.Object(
            { rule: Type.String(), message: Type.String() },
            { additionalProperties: true },
          ),
        ),
        choices: Choices,
        currency: Type.String(),
        lines: Type.Array(ContractLineSchema),
        listTotal: Type.Integer(),
        total: Type.Integer(),
        leadTimeDays: Type.Integer(),
        promisedDate: Type.String(),
        workCenters: Type.Array(
          Type.Object({
            center: Type.String(),
            hours: Type.Number(),
            startDate: Type.String(),
            endDate: Type.String(),
          }),
        ),
      },
      { additionalProperties: true },
    ),
  ),
});

function lineRequests(
  lines: {
    versionId: string;
    choices: LineRequest['choices'];
    personalization?: Record<string, string>;
    quantity: number;
  }[],
): LineRequest[] {
  return lines.map((l) => ({
    versionId: l.versionId,
    choices: l.choices,
    personalization: l.personalization ?? {},
    quantity: l.quantity,
  }));
}

export function registerLineOrderRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;
  const shopTenant = resolveShopTenant(db);

  /** The signed-in customer of this firm (with their company), or null. */
  const buyerOf = async (request: FastifyRequest, tenant: Tenant) => {
    const shopper = shopperOf(request, tenant);
    if (shopper?.kind !== 'customer') return { shopper, customer: null };
    return { shopper, customer: await getCustomer(db, tenant.id, shopper.customerId) };
  };

  app.post(
    '/api/v1/shop/:tenant/quotes/lines',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Price several designs × quantities at once: the buyer’s contract terms per line, capacity for all lines together, the latest line’s date',
        params: TenantParams,
        body: Body({ lines: Lines, locationId: LocationId }),
        response: responses({ 200: LinesQuoteSchema, 409: ExtendedProblem }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const { customer } = await buyerOf(request, tenant);
      const requests = lineRequests(request.body.lines);
      const { subjects, priceList: list } = await buyerLineSubjects(
        deps,
        tenant.id,
        customer,
        requests,
        { locationId: request.body.locationId ?? null },
      );
      const quote = await quoteLines(db, tenant, requests, subjects, list, clock.now());
      await assertLinesInApprovedSpace(
        db,
        tenant.id,
        customer,
        quote.lines.map((l, i) => ({ ...subjects[i]!, choices: l.choices })),
      );
      return publicLinesQuote(quote);
    },
  );

  app.post(
    '/api/v1/shop/:tenant/orders/lines',
    {
      onRequest: shopTenant,
      config: { idempotency: 'atomic', writeLimit: 'order' },
      schema: {
        tags: ['shop'],
        summary:
          'Order several designs × quantities in one order (the server re-prices every line with the buyer’s contract and re-checks validity, quantity rules, price and date)',
        params: TenantParams,
        body: Body({
          lines: Lines,
          locationId: LocationId,
          email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
          expected: Type.Object(
            {
              total: Type.Integer(),
              currency: Type.String({ minLength: 3, maxLength: 3 }),
              promisedDate: Type.String({ format: 'date' }),
            },
            { additionalProperties: false },
          ),
          ...OrderApprovalFields,
        }),
        response: responses({
          201: Type.Intersect([OrderSchema, Type.Object({ token: Type.String() })]),
          409: ExtendedProblem,
        }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const { shopper, customer } = await buyerOf(request, tenant);
      const body = request.body;
      const email = body.email?.trim().toLowerCase() ?? customer?.email;
      if (!email)
        throw new ValidationFailed([
          { field: 'email', message: 'is required to order as a guest' },
        ]);
      const requests = lineRequests(body.lines);
      const { subjects, priceList } = await buyerLineSubjects(deps, tenant.id, customer, requests, {
        locationId: body.locationId ?? null,
      });
      const by = shopper ? await actorOf(db, shopper) : { kind: 'guest', id: null, label: email };
      const token = randomToken();
      const { confirmToken, hold } = guestHold(deps, Boolean(shopper));
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const order = await placeLinesOrderIn(
          tx,
          { clock, ids, config: deps.config },
          tenant,
          subjects,
          {
            lines: requests,
            email,
            customerId: customer?.id ?? null,
            locationId: body.locationId ?? null,
            priceList,
            expected: body.expected,
            tokenHash: sha256(token),
            by,
            poNumber: body.poNumber ?? null,
            paymentTerms: body.paymentTerms ?? null,
            ...(hold && { hold }),
          },
        );
        await tellOrderPlaced(deps, tx, order, { email, token, confirmToken });
        return { status: 201, body: { ...(await orderView(tx, order, false)), token } };
      });
    },
  );
}
