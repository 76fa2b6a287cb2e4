// Approvals as plain rules: when a company member's order waits (over their per-order limit, or
// over their cost center's budget for the period), how many approvals it needs, who may give
// them, and the views the API answers with.
//
// The policy, as procurement systems do it:
// - each buyer may have a per-order limit; an order whose total is above it waits;
// - each location / cost center may have a budget per period (calendar month, quarter or year,
//   UTC); an order that would take the period's spend (orders placed and approved, not
//   cancelled) above it waits;
// - a waiting order needs one approval, or two (by two different people) when its total is
//   above the company's `secondApprovalAbove`;
// - an approver is a member with the company role approver or admin, never the buyer, and
//   only up to their own approval limit (none: any amount); the second approval is someone else.
import type { BusinessRole } from '../users/users.ts';
import type { ApprovalReason, BudgetPeriod, PaymentTerms } from './approvals.schema.ts';

export type Policy = {
  paymentTerms: PaymentTerms;
  allowedPaymentTerms: PaymentTerms[];
  secondApprovalAbove: number | null;
  budgetPeriod: BudgetPeriod;
};

/** A company without a policy of its own: net 30, one approval, monthly budgets. */
export const DEFAULT_POLICY: Policy = {
  paymentTerms: 'net30',
  allowedPaymentTerms: ['net30'],
  secondApprovalAbove: null,
  budgetPeriod: 'month',
};

export const PAYMENT_TERMS_LABELS: Record<PaymentTerms, string> = {
  prepaid: 'Prepaid',
  net15: 'Net 15 days',
  net30: 'Net 30 days',
  net45: 'Net 45 days',
  net60: 'Net 60 days',
};

/** The first instant of the budget period holding `now` (UTC calendar). */
export function periodStart(period: BudgetPeriod, now: Date): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (period === 'year') return new Date(Date.UTC(y, 0, 1));
  if (period === 'quarter') return new Date(Date.UTC(y, m - (m % 3), 1));
  return new Date(Date.UTC(y, m, 1));
}

/** Why an order of `total` waits; empty: it is placed at once. */
export function approvalReasons(
  total: number,
  currency: string,
  limits: { orderLimit: number | null } | null,
  budget: { budget: number | null; currency: string; spent: number; period: BudgetPeriod } | null,
): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (limits?.orderLimit != null && total > limits.orderLimit)
    reasons.push({ kind: 'order-limit', limit: limits.orderLimit, currency });
  if (
    budget?.budget != null &&
    budget.currency === currency &&
    budget.spent + total > budget.budget
  )
    reasons.push({
      kind: 'budget',
      budget: budget.budget,
      spent: budget.spent,
      period: budget.period,
      currency,
    });
  return reasons;
}

export function requiredLevels(total: number, policy: Pick<Policy, 'secondApprovalAbove'>): number {
  return policy.secondApprovalAbove != null && total > policy.secondApprovalAbove ? 2 : 1;
}

export function isApproverRole(role: BusinessRole | null): boolean {
  return role === 'approver' || role === 'admin';
}

/**
 * Why `who` may not decide the next level of this approval, or null when they may. Rejecting
 * needs the same standing as approving (role, not the buyer), but no amount limit.
 */
export function cannotDecide(
  who: { id: string; role: BusinessRole | null; approvalLimit: number | null },
  approval: { buyerId: string; total: number; approvedBy: (string | null)[] },
  decision: 'approve' | 'reject',
): string | null {
  if (who.id === approval.buyerId) return 'You cannot approve or reject your own order.';
  if (!isApproverRole(who.role))
    return `Approving needs the company role approver or admin; you are ${who.role ?? 'a member'}.`;
  if (approval.approvedBy.includes(who.id))
    return 'You approved this order already; the next approval must be someone else’s.';
  if (decision === 'approve' && who.approvalLimit != null && approval.total > who.approvalLimit)
    return 'The order is above your approval limit.';
  return null;
}

export function reasonText(r: ApprovalReason, money: (n: number, c: string) => string): string {
  return r.kind === 'order-limit'
    ? `above the buyer’s order limit of ${money(r.limit, r.currency)}`
    : `over the cost center’s ${r.period}ly budget of ${money(r.budget, r.currency)} (${money(r.spent, r.currency)} spent)`;
}
