// The approval gate: the one call every way of placing an order makes (orders/place-order.ts
// `placeOrderIn`, contracts/line-orders.ts `placeLinesOrderIn`, and through them quote
// conversions and punch-out), under the firm's capacity lock, once the order is priced.
// It checks the purchase-order number and payment terms, and decides whether a company
// member's order waits for approval; a waiting order is written as `awaiting_approval` and
// books no capacity (approvals/decide.ts books it on approval).
import type { AppConfig } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { ValidationFailed } from '../http/errors.ts';
import type { Ids } from '../ids.ts';
import { getLocation } from './locations.ts';
import type { Order } from '../orders/orders.store.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import { PAYMENT_TERMS, type PaymentTerms } from './approvals.schema.ts';
import { approvalReasons, cannotDecide, periodStart, requiredLevels } from './approvals.ts';
import { approversOf, insertApproval, limitsOf, policyOf, spentSince } from './approvals.store.ts';
import { mailApprovers, mailBuyer } from './approvals-mail.ts';

export type ApprovalGate = {
  /** `awaiting_approval` when the order waits (write it so, book nothing); null: go on. */
  status: 'awaiting_approval' | null;
  /** Columns for the order row. */
  order: { poNumber: string | null; paymentTerms: PaymentTerms | null; locationId: string | null };
  /** After the order row is written: records what it waits for and tells buyer and approvers. */
  opened: (order: Order) => Promise<void>;
};

export async function approvalGate(
  tx: Db,
  deps: { clock: Clock; ids: Ids; config?: AppConfig },
  tenantId: string,
  req: {
    customerId: string | null;
    poNumber?: string | null;
    paymentTerms?: string | null;
    /** The location the order was priced for (already checked as the buyer's company's). */
    locationId?: string | null;
    /** Terms the firm agreed in a quote (quotes/): they stand outside the company's usual set. */
    paymentTermsAgreed?: boolean;
  },
  priced: { total: number; currency: string },
): Promise<ApprovalGate> {
  const poNumber = req.poNumber?.trim() || null;
  const customer = req.customerId ? await getCustomer(tx, tenantId, req.customerId) : null;
  const companyId = customer?.businessAccountId ?? null;
  const none = async () => {};
  if (!customer || !companyId) {
    if (req.paymentTerms != null)
      throw new ValidationFailed([
        { field: 'paymentTerms', message: 'payment terms are for company accounts only' },
      ]);
    return {
      status: null,
      order: { poNumber, paymentTerms: null, locationId: null },
      opened: none,
    };
  }
  const policy = await policyOf(tx, tenantId, companyId);
  const terms = req.paymentTerms ?? policy.paymentTerms;
  if (
    !PAYMENT_TERMS.includes(terms as PaymentTerms) ||
    (terms !== policy.paymentTerms &&
      !req.paymentTermsAgreed &&
      !policy.allowedPaymentTerms.includes(terms as PaymentTerms))
  )
    throw new ValidationFailed([
      {
        field: 'paymentTerms',
        message: `must be one of ${[...new Set([policy.paymentTerms, ...policy.allowedPaymentTerms])].join(', ')}`,
      },
    ]);
  const limits = await limitsOf(tx, tenantId, customer.id);
  // The member's own cost center; a member assigned to none charges the location they bought for.
  const locationId = limits?.locationId ?? req.locationId ?? null;
  const location = locationId ? await getLocation(tx, tenantId, locationId) : null;
  const now = deps.clock.now();
  const budget = location
    ? {
        budget: location.budget,
        currency: location.currency,
        period: policy.budgetPeriod,
        spent:
          location.budget == null
            ? 0
            : await spentSince(
                tx,
                tenantId,
                location.id,
                location.currency,
                periodStart(policy.budgetPeriod, now),
              ),
      }
    : null;
  const reasons = approvalReasons(priced.total, priced.currency, limits, budget);
  const order = {
    poNumber,
    paymentTerms: terms as PaymentTerms,
    locationId: location?.id ?? null,
  };
  if (reasons.length === 0) return { status: null, order, opened: none };
  const levels = requiredLevels(priced.total, policy);
  return {
    status: 'awaiting_approval',
    order,
    opened: async (placed) => {
      await insertApproval(tx, {
        id: deps.ids.uuid(),
        tenantId,
        orderId: placed.id,
        companyId,
        buyerId: customer.id,
        locationId: location?.id ?? null,
        status: 'pending',
        requiredLevels: levels,
        reasons,
        createdAt: now,
        decidedAt: null,
      });
      // Without the app's config (demo seeding, scripts) there is nowhere to link: no mail.
      if (!deps.config) return;
      const mailDeps = { db: tx, clock: deps.clock, ids: deps.ids, config: deps.config };
      await mailBuyer(mailDeps, placed, { kind: 'waiting', reasons, levels });
      const company = await getBusinessAccount(tx, tenantId, companyId);
      const approvers = (await approversOf(tx, tenantId, companyId))
        .filter(
          (a) =>
            cannotDecide(
              { id: a.customer.id, role: a.customer.businessRole, approvalLimit: a.approvalLimit },
              { buyerId: customer.id, total: placed.total, approvedBy: [] },
              'approve',
            ) === null,
        )
        .map((a) => a.customer);
      await mailApprovers(
        mailDeps,
        placed,
        approvers,
        customer.name,
        company?.slug ? `/company/${company.slug}` : null,
      );
    },
  };
}
