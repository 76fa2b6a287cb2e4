// Approvals over HTTP (issue 12): a company's approvers read their queue and approve or reject
// in the portal; buyers see their own orders' approvals; the firm's staff read every company's.
import { api } from './client.ts';

export interface ApprovalItem {
  orderId: string;
  orderNumber: number;
  orderStatus: string;
  status: 'pending' | 'approved' | 'rejected';
  requiredLevels: number;
  reasons: Array<{
    kind: string;
    limit?: number;
    budget?: number;
    spent?: number;
    period?: string;
    currency?: string;
  }>;
  company: { id: string; name: string };
  buyer: { id: string; name: string; email: string };
  location: { id: string; name: string } | null;
  product: string;
  total: number;
  currency: string;
  poNumber: string | null;
  paymentTerms: string | null;
  promisedDate: string;
  createdAt: string;
  decidedAt: string | null;
  steps: Array<{ level: number; decision: string; by: string; reason: string | null; at: string }>;
  canDecide: boolean;
}

export interface Decided {
  approval: ApprovalItem;
  /** The earliest delivery before approval, when booking it now moved the date. */
  movedFrom: string | null;
}

const enc = encodeURIComponent;
const q = (status?: string) => (status ? `?status=${enc(status)}` : '');

export const approvals = {
  /** The signed-in company member's queue (approvers: the company's; buyers: their own). */
  mine(status?: string): Promise<{ approvals: ApprovalItem[] }> {
    return api.request('GET', `/company/approvals${q(status)}`);
  },
  approve(orderId: string): Promise<Decided> {
    return api.request('POST', `/company/approvals/${enc(orderId)}/approve`, {});
  },
  reject(orderId: string, reason: string): Promise<Decided> {
    return api.request('POST', `/company/approvals/${enc(orderId)}/reject`, { reason });
  },
  /** The firm's staff: every company's approvals. */
  all(status?: string): Promise<{ approvals: ApprovalItem[] }> {
    return api.request('GET', `/approvals${q(status)}`);
  },
};

export const PAYMENT_TERMS_LABELS: Record<string, string> = {
  prepaid: 'Prepaid',
  net15: 'Net 15 days',
  net30: 'Net 30 days',
  net45: 'Net 45 days',
  net60: 'Net 60 days',
};

export function termsLabel(terms: string | null | undefined): string {
  return terms ? (PAYMENT_TERMS_LABELS[terms] ?? terms) : '—';
}

/** "above the buyer's order limit" / "over the cost center's monthly budget". */
export function reasonLabel(r: ApprovalItem['reasons'][number]): string {
  return r.kind === 'order-limit'
    ? 'Above the buyer’s order limit'
    : r.kind === 'budget'
      ? `Over the cost center’s ${r.period ?? 'month'}ly budget`
      : r.kind;
}

export interface ApprovalSettings {
  policy: {
    paymentTerms: string;
    allowedPaymentTerms: string[];
    secondApprovalAbove: number | null;
    budgetPeriod: string;
  };
  members: Array<{
    id: string;
    name: string;
    email: string;
    role: string | null;
    locationId: string | null;
    orderLimit: number | null;
    approvalLimit: number | null;
  }>;
  locations: Array<{ id: string; name: string; budget: number | null; currency: string }>;
}

/** The signed-in customer's payment terms on orders: their company's default and allowed set. */
export function memberPaymentTerms(): Promise<{
  paymentTerms: string | null;
  allowedPaymentTerms: string[];
}> {
  return api.request('GET', '/company/payment-terms');
}

export const companyAdmin = {
  settings(): Promise<ApprovalSettings> {
    return api.request('GET', '/company/approval-settings');
  },
  setLimits(
    customerId: string,
    limits: { locationId: string | null; orderLimit: number | null; approvalLimit: number | null },
  ): Promise<ApprovalSettings['members'][number]> {
    return api.request('PUT', `/company/customers/${enc(customerId)}/limits`, limits);
  },
};

type Limits = {
  locationId: string | null;
  orderLimit: number | null;
  approvalLimit: number | null;
};

/** The firm's owner and sales staff, on a company's behalf (audited by the server). */
export const companyApprovalsForStaff = {
  settings(companyId: string): Promise<ApprovalSettings> {
    return api.request('GET', `/business-accounts/${enc(companyId)}/approval-settings`);
  },
  setPolicy(
    companyId: string,
    policy: ApprovalSettings['policy'],
  ): Promise<ApprovalSettings['policy']> {
    return api.request('PUT', `/business-accounts/${enc(companyId)}/approval-policy`, policy);
  },
  setLimits(customerId: string, limits: Limits): Promise<ApprovalSettings['members'][number]> {
    return api.request('PUT', `/customers/${enc(customerId)}/company-limits`, limits);
  },
};
