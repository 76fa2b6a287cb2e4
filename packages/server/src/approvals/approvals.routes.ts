// Approvals over HTTP. In the firm's shop, a company's approvers (and admin) see their company's
// approval queue and approve or reject (never their own order); buyers see their own orders'
// approvals; the company admin sets the approval policy and each member's cost center and
// limits. The firm's staff see every company's queue in the console and may set policy and
// limits on a company's behalf (audited). Deciding is the company's own act: staff do not.
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { principalOf, requireCustomer, requireStaff, staffOf } from '../auth/guards.ts';
import { getProduct } from '../catalog/catalog.store.ts';
import { listCompanyMembers, listLocations } from '../companies/companies.store.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Forbidden, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import { ExtendedProblem } from '../shop/shop-schemas.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import type { Customer } from '../users/users.ts';
import { APPROVAL_STATUSES, BUDGET_PERIODS, PAYMENT_TERMS } from './approvals.schema.ts';
import { cannotDecide, isApproverRole, type Policy } from './approvals.ts';
import {
  approvalOfOrder,
  limitsOf,
  listApprovals,
  listLimits,
  policyOf,
  putLimits,
  putPolicy,
  stepsOf,
} from './approvals.store.ts';
import { decideApproval, recheckInputs } from './decide.ts';
import { getLocation } from './locations.ts';

const Money = Type.Union([Type.Integer({ minimum: 0, maximum: 1e12 }), Type.Null()]);
const Terms = Type.Union(PAYMENT_TERMS.map((t) => Type.Literal(t)));
const Status = Type.Union(APPROVAL_STATUSES.map((s) => Type.Literal(s)));

const StepSchema = Type.Object({
  level: Type.Integer(),
  decision: Type.String(),
  by: Type.String(),
  byCustomerId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Timestamp,
});
export const ApprovalSchema = Type.Object({
  orderId: Type.String(),
  orderNumber: Type.Integer(),
  orderStatus: Type.String(),
  status: Type.String(),
  requiredLevels: Type.Integer(),
  reasons: Type.Array(Type.Object({ kind: Type.String() }, { additionalProperties: true })),
  company: Type.Object({ id: Type.String(), name: Type.String() }),
  buyer: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
  location: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  product: Type.String(),
  total: Type.Integer(),
  currency: Type.String(),
  poNumber: Type.Union([Type.String(), Type.Null()]),
  paymentTerms: Type.Union([Type.String(), Type.Null()]),
  promisedDate: Type.String(),
  createdAt: Timestamp,
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  steps: Type.Array(StepSchema),
  /** Whether the caller may decide the next level (portal); false for staff. */
  canDecide: Type.Boolean(),
});
const QueueSchema = Type.Object({ approvals: Type.Array(ApprovalSchema) });
const DecidedSchema = Type.Object({
  approval: ApprovalSchema,
  /** The earliest delivery before approval, when booking it now moved the date; else null. */
  movedFrom: Type.Union([Type.String(), Type.Null()]),
});
const PolicySchema = Type.Object({
  paymentTerms: Terms,
  allowedPaymentTerms: Type.Array(Terms),
  secondApprovalAbove: Money,
  budgetPeriod: Type.Union(BUDGET_PERIODS.map((p) => Type.Literal(p))),
});
/** What a company member may choose on their orders (the studio's order panel). */
const MemberTermsSchema = Type.Object({
  paymentTerms: Type.Union([Terms, Type.Null()]),
  allowedPaymentTerms: Type.Array(Terms),
});
const PolicyBody = Body({
  paymentTerms: Terms,
  allowedPaymentTerms: Type.Array(Terms, { minItems: 1, maxItems: PAYMENT_TERMS.length }),
  secondApprovalAbove: Money,
  budgetPeriod: Type.Union(BUDGET_PERIODS.map((p) => Type.Literal(p))),
});
const LimitsBody = Body({
  locationId: Type.Union([Uuid, Type.Null()]),
  orderLimit: Money,
  approvalLimit: Money,
});
const MemberLimitsSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.String(), Type.Null()]),
  locationId: Type.Union([Type.String(), Type.Null()]),
  orderLimit: Money,
  approvalLimit: Money,
});
const SettingsSchema = Type.Object({
  policy: PolicySchema,
  members: Type.Array(MemberLimitsSchema),
  locations: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      budget: Money,
      currency: Type.String(),
    }),
  ),
});
const QueueQuery = Type.Object({ status: Type.Optional(Status) });

export function registerApprovalRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;

  const view = async (
    on: Db,
    tenantId: string,
    rows: Awaited<ReturnType<typeof listApprovals>>,
    viewer: Customer | null,
  ): Promise<Static<typeof ApprovalSchema>[]> => {
    const steps = await stepsOf(
      on,
      tenantId,
      rows.map((r) => r.approval.id),
    );
    const names = new Map<string, string>();
    const out: Static<typeof ApprovalSchema>[] = [];
    for (const { approval: a, order } of rows) {
      const company = await getBusinessAccount(on, tenantId, a.companyId);
      const buyer = await getCustomer(on, tenantId, a.buyerId);
      const location = a.locationId ? await getLocation(on, tenantId, a.locationId) : null;
      if (!names.has(order.productId)) {
        names.set(order.productId, (await getProduct(on, tenantId, order.productId))?.name ?? '');
      }
      const own = steps.filter((s) => s.approvalId === a.id);
      const viewerLimits = viewer ? await limitsOf(on, tenantId, viewer.id) : null;
      out.push({
        orderId: order.id,
        orderNumber: order.number,
        orderStatus: order.status,
        status: a.status,
        requiredLevels: a.requiredLevels,
        reasons: a.reasons,
        company: { id: a.companyId, name: company?.name ?? '' },
        buyer: { id: a.buyerId, name: buyer?.name ?? '', email: buyer?.email ?? order.email },
        location: location ? { id: location.id, name: location.name } : null,
        product: names.get(order.productId)!,
        total: order.total,
        currency: order.currency,
        poNumber: order.poNumber,
        paymentTerms: order.paymentTerms,
        promisedDate: order.promisedDate,
        createdAt: a.createdAt.toISOString(),
        decidedAt: a.decidedAt?.toISOString() ?? null,
        steps: own.map((s) => ({
          level: s.level,
          decision: s.decision,
          by: s.byLabel,
          byCustomerId: s.byCustomerId,
          reason: s.reason,
          at: s.at.toISOString(),
        })),
        canDecide:
          viewer !== null &&
          a.status === 'pending' &&
          cannotDecide(
            {
              id: viewer.id,
              role: viewer.businessRole,
              approvalLimit: viewerLimits?.approvalLimit ?? null,
            },
            { buyerId: a.buyerId, total: order.total, approvedBy: own.map((s) => s.byCustomerId) },
            'approve',
          ) === null,
      });
    }
    return out;
  };

  /** The signed-in company member (any role); others 403. */
  const memberOf = async (request: FastifyRequest) => {
    const p = principalOf(request);
    if (p.kind !== 'customer') throw new Forbidden('This is for a company’s people.');
    const customer = await getCustomer(db, p.tenantId, p.customerId);
    if (!customer?.businessAccountId) throw new Forbidden('You are not a member of a company.');
    return { tenantId: p.tenantId, customer, companyId: customer.businessAccountId };
  };
  const adminOf = async (request: FastifyRequest) => {
    const m = await memberOf(request);
    if (m.customer.businessRole !== 'admin')
      throw new Forbidden(
        `This needs the company role admin; you are ${m.customer.businessRole ?? 'a member'}.`,
      );
    return m;
  };

  const settings = async (tenantId: string, companyId: string) => {
    const members = await listCompanyMembers(db, tenantId, companyId);
    const limits = new Map(
      (await listLimits(db, tenantId, companyId)).map((l) => [l.customerId, l]),
    );
    return {
      policy: await policyOf(db, tenantId, companyId),
      members: members.map((m) => ({
        id: m.id,
        name: m.name,
        email: m.email,
        role: m.businessRole,
        locationId: limits.get(m.id)?.locationId ?? null,
        orderLimit: limits.get(m.id)?.orderLimit ?? null,
        approvalLimit: limits.get(m.id)?.approvalLimit ?? null,
      })),
      locations: (await listLocations(db, tenantId, companyId)).map((l) => ({
        id: l.id,
        name: l.name,
        budget: l.budget,
        currency: l.currency,
      })),
    };
  };

  const checkPolicy = (body: Policy): Policy => {
    if (!body.allowedPaymentTerms.includes(body.paymentTerms))
      throw new ValidationFailed([
        { field: 'paymentTerms', message: 'must be one of allowedPaymentTerms' },
      ]);
    return { ...body, allowedPaymentTerms: [...new Set(body.allowedPaymentTerms)] };
  };

  /** A member of `companyId` and the limits to store; 404 for anyone else, 400 for a foreign location. */
  const setLimits = async (
    tenantId: string,
    companyId: string,
    memberId: string,
    body: Static<typeof LimitsBody>,
    by: string,
  ) => {
    const member = await getCustomer(db, tenantId, memberId);
    if (!member || member.businessAccountId !== companyId)
      throw new NotFound('company member', memberId);
    if (body.locationId) {
      const location = await getLocation(db, tenantId, body.locationId);
      if (!location || location.companyId !== companyId)
        throw new ValidationFailed([
          { field: 'locationId', message: 'is not a location of the member’s company' },
        ]);
    }
    const l = await putLimits(db, {
      tenantId,
      customerId: member.id,
      companyId,
      locationId: body.locationId,
      orderLimit: body.orderLimit,
      approvalLimit: body.approvalLimit,
      updatedAt: clock.now(),
      updatedBy: by,
    });
    return {
      id: member.id,
      name: member.name,
      email: member.email,
      role: member.businessRole,
      locationId: l.locationId,
      orderLimit: l.orderLimit,
      approvalLimit: l.approvalLimit,
    };
  };

  // ---- The company's people ----

  app.get(
    '/api/v1/company/approvals',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['companies'],
        summary:
          'Approvals: an approver’s (or admin’s) company queue, a buyer’s own orders waiting or decided',
        querystring: QueueQuery,
        response: responses({ 200: QueueSchema }),
      },
    },
    async (request) => {
      const { tenantId, customer, companyId } = await memberOf(request);
      const rows = await listApprovals(db, tenantId, {
        companyId,
        ...(isApproverRole(customer.businessRole) ? {} : { buyerId: customer.id }),
        ...(request.query.status ? { status: request.query.status } : {}),
        limit: 200,
      });
      return { approvals: await view(db, tenantId, rows, customer) };
    },
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post(
      `/api/v1/company/approvals/:id/${action}`,
      {
        onRequest: requireCustomer(),
        schema: {
          tags: ['companies'],
          summary:
            action === 'approve'
              ? 'Approve a waiting order (the id is the order’s); the last approval re-checks it, books its capacity and places it'
              : 'Reject a waiting order with a reason (the id is the order’s); it is cancelled and nothing is booked',
          params: IdParams,
          body:
            action === 'approve'
              ? Body({})
              : Body({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }),
          response: responses({ 200: DecidedSchema, 409: ExtendedProblem }),
        },
      },
      async (request) => {
        const { tenantId, customer, companyId } = await memberOf(request);
        const orderId = request.params.id;
        const approval = await approvalOfOrder(db, tenantId, orderId);
        if (!approval || approval.companyId !== companyId) throw new NotFound('approval', orderId);
        const reason = (request.body as { reason?: string }).reason?.trim();
        if (action === 'reject' && !reason)
          throw new ValidationFailed([{ field: 'reason', message: 'must not be blank' }]);
        const tenant = (await getTenant(db, tenantId))!;
        // Models and line subjects are read outside the transaction (they never change).
        const recheck = action === 'approve' ? await recheckInputs(deps, tenantId, orderId) : null;
        const decided = await db.transaction((tx) =>
          decideApproval(
            tx,
            deps,
            tenant,
            orderId,
            customer,
            action === 'approve' ? { approve: true } : { approve: false, reason: reason! },
            recheck,
          ),
        );
        const rows = await listApprovals(db, tenantId, { companyId, limit: 1000 });
        const [approvalView] = await view(
          db,
          tenantId,
          rows.filter((r) => r.order.id === orderId),
          customer,
        );
        return { approval: approvalView!, movedFrom: decided.movedFrom };
      },
    );
  }

  app.get(
    '/api/v1/company/approval-settings',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['companies'],
        summary: 'The company admin’s approval settings: policy, members’ cost centers and limits',
        response: responses({ 200: SettingsSchema }),
      },
    },
    async (request) => {
      const { tenantId, companyId } = await adminOf(request);
      return settings(tenantId, companyId);
    },
  );

  app.get(
    '/api/v1/company/payment-terms',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['companies'],
        summary:
          'The payment terms the signed-in customer may choose on an order: their company’s default and allowed set (none for a customer of no company)',
        response: responses({ 200: MemberTermsSchema }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const customer =
        p.kind === 'customer' ? await getCustomer(db, p.tenantId, p.customerId) : null;
      if (!customer?.businessAccountId) return { paymentTerms: null, allowedPaymentTerms: [] };
      const policy = await policyOf(db, p.tenantId, customer.businessAccountId);
      return {
        paymentTerms: policy.paymentTerms,
        allowedPaymentTerms: policy.allowedPaymentTerms,
      };
    },
  );

  app.put(
    '/api/v1/company/approval-policy',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['companies'],
        summary:
          'The company admin sets payment terms (default and allowed), the second-approval threshold and the budget period',
        body: PolicyBody,
        response: responses({ 200: PolicySchema }),
      },
    },
    async (request) => {
      const { tenantId, companyId } = await adminOf(request);
      const policy = checkPolicy(request.body);
      await putPolicy(db, tenantId, companyId, policy, clock.now());
      return policy;
    },
  );

  app.put(
    '/api/v1/company/customers/:id/limits',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['companies'],
        summary:
          'The company admin assigns a member to a location / cost center and sets their per-order and approval limits',
        params: IdParams,
        body: LimitsBody,
        response: responses({ 200: MemberLimitsSchema }),
      },
    },
    async (request) => {
      // Someone outside the caller's company: 404 before any role check (nothing revealed).
      const { tenantId, companyId } = await memberOf(request);
      const target = await getCustomer(db, tenantId, request.params.id);
      if (target?.businessAccountId !== companyId)
        throw new NotFound('company member', request.params.id);
      const { customer } = await adminOf(request);
      return setLimits(
        tenantId,
        companyId,
        request.params.id,
        request.body,
        `${customer.name} (company admin)`,
      );
    },
  );

  // ---- The firm's staff ----

  app.get(
    '/api/v1/approvals',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['companies'],
        summary: 'Every company’s approvals: pending, approved, rejected',
        querystring: QueueQuery,
        response: responses({ 200: QueueSchema }),
      },
    },
    async (request) => {
      const { tenantId } = staffOf(request);
      const rows = await listApprovals(db, tenantId, {
        companyId: null,
        ...(request.query.status ? { status: request.query.status } : {}),
        limit: 500,
      });
      return { approvals: await view(db, tenantId, rows, null) };
    },
  );

  const companyOr404 = async (tenantId: string, id: string) => {
    const company = await getBusinessAccount(db, tenantId, id);
    if (!company) throw new NotFound('company', id);
    return company;
  };

  app.get(
    '/api/v1/business-accounts/:id/approval-settings',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['companies'],
        summary: 'A company’s approval settings: policy, members’ cost centers and limits',
        params: IdParams,
        response: responses({ 200: SettingsSchema }),
      },
    },
    async (request) => {
      const { tenantId } = staffOf(request);
      const company = await companyOr404(tenantId, request.params.id);
      return settings(tenantId, company.id);
    },
  );

  app.put(
    '/api/v1/business-accounts/:id/approval-policy',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['companies'],
        summary: 'Set a company’s approval policy on its behalf (audited)',
        params: IdParams,
        body: PolicyBody,
        response: responses({ 200: PolicySchema }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      const company = await companyOr404(principal.tenantId, request.params.id);
      const policy = checkPolicy(request.body);
      await db.transaction(async (tx) => {
        await putPolicy(tx, principal.tenantId, company.id, policy, clock.now());
        await auditStaffAction({ ...deps, db: tx }, principal, {
          resource: 'company-approval-policy',
          resourceId: company.id,
        });
      });
      return policy;
    },
  );

  app.put(
    '/api/v1/customers/:id/company-limits',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['companies'],
        summary:
          'Assign a company member to a location / cost center and set their limits, on the company’s behalf (audited)',
        params: IdParams,
        body: LimitsBody,
        response: responses({ 200: MemberLimitsSchema }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      const member = await getCustomer(db, principal.tenantId, request.params.id);
      if (!member?.businessAccountId) throw new NotFound('company member', request.params.id);
      const result = await setLimits(
        principal.tenantId,
        member.businessAccountId,
        member.id,
        request.body,
        'firm staff',
      );
      await auditStaffAction(deps, principal, {
        resource: 'company-member-limits',
        resourceId: member.id,
        customerId: member.id,
      });
      return result;
    },
  );
}
