// eQuotes over HTTP. The firm's sales staff and owner build quotes for a company (with extra
// discounts; below the minimum margin the owner must approve), edit them while open, mark them
// lost, and read them with cost and margin. A company's buyers ask for quotes at their contract
// prices, read only their own company's quotes, download them, and convert a valid one into an
// order at the quoted prices. Every staff change is audited; a quote of another company or firm
// is 404.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { principalOf, requireCustomer, requireStaff, staffOf } from '../auth/guards.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { dateInZone } from '../capacity/capacity.ts';
import { contractPriceFor } from '../contracts/contracts.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../http/errors.ts';
import { answerOnce } from '../http/idempotency.ts';
import { Body, IdParams, responses, Uuid } from '../http/schemas.ts';
import { notify } from '../notify/notify.ts';
import { orderMailSummary } from '../orders/order-mail.ts';
import { actorOf, OrderSchema, orderView } from '../orders/orders.routes.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import { registerPersonalDataHolder } from '../privacy/personal-data.ts';
import { quotesHolder } from './quotes-data.ts';
import { Choices, ExtendedProblem, Personalization } from '../shop/shop-schemas.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import { MAX_LINE_QUANTITY, MAX_LINES } from '../contracts/line-orders.routes.ts';
import { lineSubjects } from '../contracts/line-orders.ts';
import { approvedDesignsOf } from '../contracts/buyer-contract.ts';
import type { LineRequest } from '../contracts/quote-lines.ts';
import { convertQuoteIn } from './convert.ts';
import { OrderApprovalFields } from '../approvals/order-fields.ts';
import { quoteHtml, quotePdf, type QuoteDocument } from './quote-document.ts';
import { priceQuote, type QuoteLineInput } from './quote-pricing.ts';
import {
  getQuote,
  getQuoteSettings,
  insertQuote,
  listQuotes,
  putQuoteSettings,
  updateQuote,
  type Quote,
} from './quotes.store.ts';
import { addDays, customerQuoteView, quoteNumberLabel, staffQuoteView } from './quotes.ts';

const Bp = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 10_000, description, example: 500 });
const LineBase = {
  versionId: Uuid,
  choices: Choices,
  personalization: Type.Optional(Personalization),
  quantity: Type.Integer({
    minimum: 1,
    maximum: MAX_LINE_QUANTITY,
    description: 'Units of this design; the product’s quantity rule applies.',
    example: 1,
  }),
};
const CustomerLine = Type.Object(LineBase, { additionalProperties: false });
const StaffLine = Type.Object(
  {
    ...LineBase,
    discountBp: Type.Optional(
      Bp('Extra discount on this line’s contract price, in basis points (500 = 5 %).'),
    ),
  },
  { additionalProperties: false },
);
const IsoDate = Type.String({ format: 'date', examples: ['2099-12-31'] });
const PaymentTerms = Type.String({ minLength: 1, maxLength: 200, examples: ['Net 30'] });
const Notes = Type.String({ maxLength: 2000 });
const QuoteStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('won'),
  Type.Literal('lost'),
  Type.Literal('expired'),
]);

const QuoteSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    companyId: Type.String(),
    companyName: Type.String(),
    status: QuoteStatusSchema,
    awaitingApproval: Type.Boolean(),
    validUntil: Type.String(),
    paymentTerms: Type.String(),
    notes: Type.String(),
    currency: Type.String(),
    priceListName: Type.Union([Type.String(), Type.Null()]),
    lines: Type.Array(Type.Object({}, { additionalProperties: true })),
    listTotal: Type.Integer(),
    total: Type.Integer(),
    totalText: Type.String(),
    orderId: Type.Union([Type.String(), Type.Null()]),
    revision: Type.Integer(),
    createdByLabel: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: true },
);
const SettingsSchema = Type.Object({
  minMarginBp: Bp('Minimum margin over cost sales may quote without the owner’s approval.'),
  estimatedCostBp: Bp(
    'Cost basis where the own workshop states no cost for a product: percent of list price.',
  ),
  validityDays: Type.Integer({ minimum: 1, maximum: 365 }),
});
const ListQuery = Type.Object(
  {
    status: Type.Optional(QuoteStatusSchema),
    companyId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
const Pdf = Type.String({ description: 'The quote as a PDF document (application/pdf).' });
const Html = Type.String({ description: 'The quote as a printable HTML page.' });

type StaffLineIn = Static<typeof StaffLine>;

function lineInputs(lines: StaffLineIn[]): QuoteLineInput[] {
  return lines.map((l) => ({
    versionId: l.versionId,
    choices: l.choices,
    personalization: l.personalization ?? {},
    quantity: l.quantity,
    discountBp: l.discountBp ?? 0,
  }));
}

/** The printable page's own policy: no script at all, only its one inline style sheet. */
function sendHtml(reply: FastifyReply, html: string) {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(style).digest('base64');
  return reply
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'sha256-${hash}'; frame-ancestors 'none'`,
    )
    .type('text/html; charset=utf-8')
    .send(html);
}

export function registerQuoteRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;
  registerPersonalDataHolder(quotesHolder);

  // Each line's approved design (its price and quantity rule) is the company's, decided here.
  const withSubjects = (tenant: Tenant, companyId: string) => ({
    ...deps,
    // An unknown version in a body is a 400 naming the line, as any other field.
    subjectsOf: async (requests: LineRequest[]) => {
      try {
        return await lineSubjects(
          deps,
          tenant.id,
          requests,
          approvedDesignsOf(db, tenant.id, { id: '', businessAccountId: companyId }),
        );
      } catch (e) {
        if (e instanceof NotFound && e.resource === 'product version')
          throw new ValidationFailed([
            {
              field: `lines.${Math.max(
                requests.findIndex((r) => r.versionId === e.id),
                0,
              )}.versionId`,
              message: 'is not a product version of this firm',
            },
          ]);
        throw e;
      }
    },
  });
  const tenantOf = async (tenantId: string): Promise<Tenant> => (await getTenant(db, tenantId))!;
  const todayOf = (tenant: Tenant) => dateInZone(clock.now(), tenant.settings.timezone);
  const companyName = async (tenantId: string, companyId: string) =>
    (await getBusinessAccount(db, tenantId, companyId))?.name ?? '';

  /** The signed-in customer and their company, or 403. */
  const memberOf = async (request: FastifyRequest) => {
    const p = principalOf(request);
    if (p.kind !== 'customer') throw new Forbidden('This is for a company’s people.');
    const customer = await getCustomer(db, p.tenantId, p.customerId);
    const company = customer?.businessAccountId
      ? await getBusinessAccount(db, p.tenantId, customer.businessAccountId)
      : null;
    if (!customer || !company) throw new Forbidden('You are not a member of a company.');
    return { tenant: await tenantOf(p.tenantId), customer, company };
  };

  const staffQuote = async (request: FastifyRequest, id: string) => {
    const p = staffOf(request);
    const quote = await getQuote(db, p.tenantId, id);
    if (!quote) throw new NotFound('quote', id);
    return { p, quote, tenant: await tenantOf(p.tenantId) };
  };
  const staffAnswer = async (tenant: Tenant, q: Quote) =>
    staffQuoteView(q, await companyName(tenant.id, q.companyId), todayOf(tenant));

  const documentOf = async (tenant: Tenant, q: Quote): Promise<QuoteDocument> => ({
    ...customerQuoteView(q, await companyName(tenant.id, q.companyId), todayOf(tenant)),
    firmName: tenant.name,
    issued: dateInZone(q.updatedAt, tenant.settings.timezone),
  });
  const sendPdf = async (reply: FastifyReply, tenant: Tenant, q: Quote) => {
    const pdf = await quotePdf(await documentOf(tenant, q), q.updatedAt);
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="quote-${quoteNumberLabel(q.number)}.pdf"`,
      )
      .send(pdf);
  };

  const checkValidUntil = (tenant: Tenant, validUntil: string | undefined) => {
    if (validUntil !== undefined && validUntil < todayOf(tenant))
      throw new ValidationFailed([{ field: 'validUntil', message: 'is in the past' }]);
  };

  // ---- the firm's settings -------------------------------------------------------------------

  app.get(
    '/api/v1/quote-settings',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary: 'The firm’s quote settings: minimum margin, cost basis, default validity',
        response: responses({ 200: SettingsSchema }),
      },
    },
    async (request) => getQuoteSettings(db, staffOf(request).tenantId),
  );

  app.put(
    '/api/v1/quote-settings',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['quotes'],
        summary: 'The owner sets the minimum margin, the cost basis and the default validity',
        body: Body(SettingsSchema.properties),
        response: responses({ 200: SettingsSchema }),
      },
    },
    async (request) => {
      const p = staffOf(request);
      await putQuoteSettings(db, p.tenantId, request.body, clock.now());
      await auditStaffAction(deps, p, { resource: 'quote-settings', resourceId: p.tenantId });
      return getQuoteSettings(db, p.tenantId);
    },
  );

  // ---- staff ---------------------------------------------------------------------------------

  app.get(
    '/api/v1/quotes',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary: 'Quotes, newest first, by status (open, won, lost, expired) and company',
        querystring: ListQuery,
        response: responses({ 200: Type.Array(QuoteSchema) }),
      },
    },
    async (request) => {
      const p = staffOf(request);
      const tenant = await tenantOf(p.tenantId);
      const q = request.query;
      const rows = await listQuotes(db, p.tenantId, {
        ...(q.status && { status: q.status }),
        ...(q.companyId && { companyId: q.companyId }),
        today: todayOf(tenant),
        limit: q.limit ?? 200,
      });
      return Promise.all(rows.map((r) => staffAnswer(tenant, r)));
    },
  );

  app.post(
    '/api/v1/quotes',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary:
          'Sales quote a company: lines at its contract prices, extra discounts, validity, terms (below the minimum margin it waits for the owner’s approval)',
        body: Body({
          companyId: Uuid,
          customerId: Type.Optional(Uuid),
          lines: Type.Array(StaffLine, { minItems: 1, maxItems: MAX_LINES }),
          validUntil: Type.Optional(IsoDate),
          paymentTerms: Type.Optional(PaymentTerms),
          notes: Type.Optional(Notes),
        }),
        response: responses({ 201: QuoteSchema, 409: ExtendedProblem }),
      },
    },
    async (request, reply) => {
      const p = staffOf(request);
      const tenant = await tenantOf(p.tenantId);
      const b = request.body;
      const company = await getBusinessAccount(db, tenant.id, b.companyId);
      if (!company)
        throw new ValidationFailed([
          { field: 'companyId', message: 'is not a company of this firm' },
        ]);
      if (b.customerId !== undefined) {
        const c = await getCustomer(db, tenant.id, b.customerId);
        if (c?.businessAccountId !== company.id)
          throw new ValidationFailed([
            { field: 'customerId', message: `is not a member of ${company.name}` },
          ]);
      }
      checkValidUntil(tenant, b.validUntil);
      const priced = await priceQuote(withSubjects(tenant, company.id), tenant, {
        companyId: company.id,
        customerId: b.customerId ?? null,
        lines: lineInputs(b.lines),
        quoteNumber: '',
      });
      const by = await actorOf(db, p);
      const now = clock.now();
      const quote = await db.transaction(async (tx) => {
        const q = await insertQuote(tx, {
          id: ids.uuid(),
          tenantId: tenant.id,
          companyId: company.id,
          customerId: b.customerId ?? null,
          status: 'open',
          validUntil: b.validUntil ?? addDays(todayOf(tenant), priced.settings.validityDays),
          paymentTerms: b.paymentTerms ?? 'Net 30',
          notes: b.notes ?? '',
          currency: priced.currency,
          priceListId: priced.priceListId,
          priceListName: priced.priceListName,
          lines: priced.lines,
          listTotal: priced.listTotal,
          total: priced.total,
          costTotal: priced.costTotal,
          minMarginBp: priced.settings.minMarginBp,
          approval: priced.approval,
          revision: 1,
          createdByKind: by.kind,
          createdById: by.id,
          createdByLabel: by.label,
          createdAt: now,
          updatedAt: now,
        });
        await auditStaffAction({ ...deps, db: tx }, p, {
          resource: 'quote',
          resourceId: q.id,
          customerId: q.customerId,
        });
        return q;
      });
      return reply.code(201).send(await staffAnswer(tenant, quote));
    },
  );

  app.get(
    '/api/v1/quotes/:id',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary: 'A quote with its lines, cost, margin and approval',
        params: IdParams,
        response: responses({ 200: QuoteSchema }),
      },
    },
    async (request) => {
      const { quote, tenant } = await staffQuote(request, request.params.id);
      return staffAnswer(tenant, quote);
    },
  );

  app.put(
    '/api/v1/quotes/:id',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary:
          'Revise an open quote (lines, discounts, validity, terms): re-priced, next revision, the margin guard applies again',
        params: IdParams,
        body: Body({
          lines: Type.Array(StaffLine, { minItems: 1, maxItems: MAX_LINES }),
          validUntil: Type.Optional(IsoDate),
          paymentTerms: Type.Optional(PaymentTerms),
          notes: Type.Optional(Notes),
        }),
        response: responses({ 200: QuoteSchema, 409: ExtendedProblem }),
      },
    },
    async (request) => {
      const { p, quote, tenant } = await staffQuote(request, request.params.id);
      const b = request.body;
      if (quote.status !== 'open')
        throw new Conflict(`Quote ${quoteNumberLabel(quote.number)} is ${quote.status}.`);
      checkValidUntil(tenant, b.validUntil);
      const priced = await priceQuote(withSubjects(tenant, quote.companyId), tenant, {
        companyId: quote.companyId,
        customerId: quote.customerId,
        lines: lineInputs(b.lines),
        quoteNumber: quoteNumberLabel(quote.number),
      });
      const updated = await db.transaction(async (tx) => {
        const current = await getQuote(tx, tenant.id, quote.id, { forUpdate: true });
        if (current?.status !== 'open')
          throw new Conflict(`Quote ${quoteNumberLabel(quote.number)} is no longer open.`);
        const u = await updateQuote(tx, tenant.id, quote.id, {
          validUntil: b.validUntil ?? current.validUntil,
          paymentTerms: b.paymentTerms ?? current.paymentTerms,
          notes: b.notes ?? current.notes,
          currency: priced.currency,
          priceListId: priced.priceListId,
          priceListName: priced.priceListName,
          lines: priced.lines,
          listTotal: priced.listTotal,
          total: priced.total,
          costTotal: priced.costTotal,
          minMarginBp: priced.settings.minMarginBp,
          // A revision below the margin needs a new approval.
          approval: priced.approval,
          approvedByLabel: null,
          approvedAt: null,
          revision: current.revision + 1,
          updatedAt: clock.now(),
        });
        await auditStaffAction({ ...deps, db: tx }, p, {
          resource: 'quote',
          resourceId: quote.id,
          customerId: quote.customerId,
        });
        return u;
      });
      return staffAnswer(tenant, updated);
    },
  );

  app.post(
    '/api/v1/quotes/:id/approve',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['quotes'],
        summary: 'The owner approves a quote below the minimum margin (audited)',
        params: IdParams,
        body: Body({}),
        response: responses({ 200: QuoteSchema, 409: ExtendedProblem }),
      },
    },
    async (request) => {
      const { p, quote, tenant } = await staffQuote(request, request.params.id);
      if (quote.approval !== 'pending')
        throw new Conflict(
          `Quote ${quoteNumberLabel(quote.number)} does not wait for an approval.`,
        );
      const by = await actorOf(db, p);
      const updated = await db.transaction(async (tx) => {
        const u = await updateQuote(tx, tenant.id, quote.id, {
          approval: 'approved',
          approvedByLabel: by.label,
          approvedAt: clock.now(),
          updatedAt: clock.now(),
        });
        await auditStaffAction({ ...deps, db: tx }, p, {
          resource: 'quote-approval',
          resourceId: quote.id,
          customerId: quote.customerId,
        });
        return u;
      });
      return staffAnswer(tenant, updated);
    },
  );

  app.post(
    '/api/v1/quotes/:id/lost',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary: 'Mark an open quote lost, with the reason',
        params: IdParams,
        body: Body({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: responses({ 200: QuoteSchema, 409: ExtendedProblem }),
      },
    },
    async (request) => {
      const { p, quote, tenant } = await staffQuote(request, request.params.id);
      if (quote.status !== 'open')
        throw new Conflict(`Quote ${quoteNumberLabel(quote.number)} is ${quote.status}.`);
      const updated = await db.transaction(async (tx) => {
        const u = await updateQuote(tx, tenant.id, quote.id, {
          status: 'lost',
          lostReason: request.body.reason.trim(),
          updatedAt: clock.now(),
        });
        await auditStaffAction({ ...deps, db: tx }, p, {
          resource: 'quote',
          resourceId: quote.id,
          customerId: quote.customerId,
        });
        return u;
      });
      return staffAnswer(tenant, updated);
    },
  );

  app.get(
    '/api/v1/quotes/:id/pdf',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary: 'A quote as a PDF',
        params: IdParams,
        response: responses({ 200: Pdf }),
      },
    },
    async (request, reply) => {
      const { quote, tenant } = await staffQuote(request, request.params.id);
      return sendPdf(reply, tenant, quote);
    },
  );

  app.get(
    '/api/v1/quotes/:id/print',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['quotes'],
        summary: 'A quote as a printable page',
        params: IdParams,
        response: responses({ 200: Html }),
      },
    },
    async (request, reply) => {
      const { quote, tenant } = await staffQuote(request, request.params.id);
      return sendHtml(reply, quoteHtml(await documentOf(tenant, quote)));
    },
  );

  // ---- a company's people --------------------------------------------------------------------

  const ownQuote = async (request: FastifyRequest, id: string) => {
    const m = await memberOf(request);
    const quote = await getQuote(db, m.tenant.id, id, { companyId: m.company.id });
    if (!quote) throw new NotFound('quote', id);
    return { ...m, quote };
  };

  app.get(
    '/api/v1/company/quotes',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['quotes'],
        summary: 'My company’s quotes, newest first',
        querystring: ListQuery,
        response: responses({ 200: Type.Array(QuoteSchema) }),
      },
    },
    async (request) => {
      const { tenant, company } = await memberOf(request);
      const q = request.query;
      const today = todayOf(tenant);
      const rows = await listQuotes(db, tenant.id, {
        companyId: company.id,
        ...(q.status && { status: q.status }),
        today,
        limit: q.limit ?? 200,
      });
      return rows.map((r) => customerQuoteView(r, company.name, today));
    },
  );

  app.post(
    '/api/v1/company/quotes',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['quotes'],
        summary:
          'A company buyer asks for a quote: lines at the company’s contract prices, valid for the firm’s default days',
        body: Body({
          lines: Type.Array(CustomerLine, { minItems: 1, maxItems: MAX_LINES }),
          notes: Type.Optional(Notes),
        }),
        response: responses({ 201: QuoteSchema, 409: ExtendedProblem }),
      },
    },
    async (request, reply) => {
      const { tenant, customer, company } = await memberOf(request);
      const b = request.body;
      const priced = await priceQuote(withSubjects(tenant, company.id), tenant, {
        companyId: company.id,
        customerId: customer.id,
        lines: lineInputs(b.lines),
        quoteNumber: '',
      });
      const now = clock.now();
      const quote = await db.transaction((tx) =>
        insertQuote(tx, {
          id: ids.uuid(),
          tenantId: tenant.id,
          companyId: company.id,
          customerId: customer.id,
          status: 'open',
          validUntil: addDays(todayOf(tenant), priced.settings.validityDays),
          paymentTerms: 'Net 30',
          notes: b.notes ?? '',
          currency: priced.currency,
          priceListId: priced.priceListId,
          priceListName: priced.priceListName,
          lines: priced.lines,
          listTotal: priced.listTotal,
          total: priced.total,
          costTotal: priced.costTotal,
          minMarginBp: priced.settings.minMarginBp,
          approval: priced.approval,
          revision: 1,
          createdByKind: 'customer',
          createdById: customer.id,
          createdByLabel: customer.name,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return reply.code(201).send(customerQuoteView(quote, company.name, todayOf(tenant)));
    },
  );

  app.get(
    '/api/v1/company/quotes/:id',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['quotes'],
        summary: 'One of my company’s quotes',
        params: IdParams,
        response: responses({ 200: QuoteSchema }),
      },
    },
    async (request) => {
      const { tenant, company, quote } = await ownQuote(request, request.params.id);
      return customerQuoteView(quote, company.name, todayOf(tenant));
    },
  );

  app.get(
    '/api/v1/company/quotes/:id/pdf',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['quotes'],
        summary: 'One of my company’s quotes as a PDF',
        params: IdParams,
        response: responses({ 200: Pdf }),
      },
    },
    async (request, reply) => {
      const { tenant, quote } = await ownQuote(request, request.params.id);
      return sendPdf(reply, tenant, quote);
    },
  );

  app.get(
    '/api/v1/company/quotes/:id/print',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['quotes'],
        summary: 'One of my company’s quotes as a printable page',
        params: IdParams,
        response: responses({ 200: Html }),
      },
    },
    async (request, reply) => {
      const { tenant, quote } = await ownQuote(request, request.params.id);
      return sendHtml(reply, quoteHtml(await documentOf(tenant, quote)));
    },
  );

  app.post(
    '/api/v1/company/quotes/:id/order',
    {
      onRequest: requireCustomer(),
      config: { idempotency: 'atomic', writeLimit: 'order' },
      schema: {
        tags: ['quotes'],
        summary:
          'Convert a valid quote into an order at the quoted prices (re-checked: model version, approved space, capacity; expired: 410; outdated: 409 with what changed)',
        params: IdParams,
        body: Body({ poNumber: OrderApprovalFields.poNumber }),
        response: responses({
          201: Type.Intersect([OrderSchema, Type.Object({ token: Type.String() })]),
          409: ExtendedProblem,
          410: ExtendedProblem,
        }),
      },
    },
    async (request, reply) => {
      const { tenant, customer, company } = await memberOf(request);
      const priceList = await contractPriceFor(db, tenant.id, customer);
      const by = await actorOf(db, principalOf(request));
      const token = randomToken();
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const { order } = await convertQuoteIn(tx, deps, tenant, {
          quoteId: request.params.id,
          poNumber: request.body.poNumber ?? null,
          customer: { id: customer.id, businessAccountId: company.id },
          email: customer.email,
          priceList,
          tokenHash: sha256(token),
          by,
        });
        const summary = await orderMailSummary(
          tx,
          order,
          `${deps.config.publicUrl}/orders/${order.id}?token=${token}`,
        );
        // Waiting for a company approval: approvals/ told the buyer and the approvers.
        if (order.status !== 'awaiting_approval')
          await notify({ ...deps, db: tx }, tenant.id, {
            kind: 'order.placed',
            email: customer.email,
            order: summary,
          });
        return { status: 201, body: { ...(await orderView(tx, order, false)), token } };
      });
    },
  );
}
