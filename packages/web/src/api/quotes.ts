// eQuotes over HTTP (issue 12): the firm's staff list, approve and close quotes; a company's
// buyers ask for quotes at their contract prices, download them and convert a valid one into an
// order at the quoted prices. PDFs and printable pages are plain links (the session cookie).
import { api } from './client.ts';
import type { ChoiceValue, CustomerOrder } from './types.ts';
import type { ContractLine } from './contracts.ts';

export type QuoteStatus = 'open' | 'won' | 'lost' | 'expired';
export const QUOTE_STATUSES: readonly QuoteStatus[] = ['open', 'won', 'lost', 'expired'];

export interface QuoteLine {
  versionId: string;
  versionNumber: number;
  productId: string;
  productName: string;
  choices: Record<string, ChoiceValue>;
  quantity: number;
  lines: ContractLine[];
  listTotal: number;
  contractTotal: number;
  discountBp: number;
  discount: number;
  total: number;
  promisedDate: string;
}

export interface Quote {
  id: string;
  number: string;
  companyId: string;
  companyName: string;
  status: QuoteStatus;
  awaitingApproval: boolean;
  validUntil: string;
  paymentTerms: string;
  notes: string;
  currency: string;
  priceListName: string | null;
  lines: QuoteLine[];
  listTotal: number;
  total: number;
  totalText: string;
  orderId: string | null;
  revision: number;
  createdByLabel: string;
  createdAt: string;
  updatedAt: string;
}

/** What staff see besides: cost, margin and the owner's approval. */
export interface StaffQuote extends Quote {
  customerId: string | null;
  costTotal: number;
  minMarginBp: number;
  marginFloor: number;
  marginBp: number | null;
  approval: 'not_needed' | 'pending' | 'approved';
  approvedByLabel: string | null;
  approvedAt: string | null;
  lostReason: string | null;
}

export interface QuoteLineInput {
  versionId: string;
  choices: Record<string, ChoiceValue>;
  quantity: number;
  discountBp?: number;
}

const enc = encodeURIComponent;

function query(filter: { status?: QuoteStatus | ''; companyId?: string }): string {
  const q = new URLSearchParams();
  if (filter.status) q.set('status', filter.status);
  if (filter.companyId) q.set('companyId', filter.companyId);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface QuoteSettings {
  minMarginBp: number;
  estimatedCostBp: number;
  validityDays: number;
}

export const quoteSettings = {
  get: () => api.request<QuoteSettings>('GET', '/quote-settings'),
  put: (s: QuoteSettings) => api.request<QuoteSettings>('PUT', '/quote-settings', s),
};

export const staffQuotes = {
  list: (filter: { status?: QuoteStatus | ''; companyId?: string } = {}) =>
    api.request<StaffQuote[]>('GET', `/quotes${query(filter)}`),
  create: (input: {
    companyId: string;
    lines: QuoteLineInput[];
    validUntil?: string;
    paymentTerms?: string;
    notes?: string;
  }) => api.request<StaffQuote>('POST', '/quotes', input, { idempotent: true }),
  approve: (id: string) => api.request<StaffQuote>('POST', `/quotes/${enc(id)}/approve`, {}),
  lost: (id: string, reason: string) =>
    api.request<StaffQuote>('POST', `/quotes/${enc(id)}/lost`, { reason }),
  pdfHref: (id: string) => `/api/v1/quotes/${enc(id)}/pdf`,
  printHref: (id: string) => `/api/v1/quotes/${enc(id)}/print`,
};

export const companyQuotes = {
  list: () => api.request<Quote[]>('GET', '/company/quotes'),
  request: (input: { lines: QuoteLineInput[]; notes?: string }) =>
    api.request<Quote>('POST', '/company/quotes', input, { idempotent: true }),
  convert: (id: string) =>
    api.request<CustomerOrder & { token: string }>(
      'POST',
      `/company/quotes/${enc(id)}/order`,
      {},
      { idempotent: true },
    ),
  pdfHref: (id: string) => `/api/v1/company/quotes/${enc(id)}/pdf`,
  printHref: (id: string) => `/api/v1/company/quotes/${enc(id)}/print`,
};

export function quoteStatusLabel(q: Pick<Quote, 'status' | 'awaitingApproval'>): string {
  if (q.status === 'open' && q.awaitingApproval) return 'awaiting approval';
  return q.status;
}
