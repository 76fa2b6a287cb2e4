// eQuotes over plain data: a quote line's price (the contract's lines plus any extra discount
// sales gave), what it costs the firm, the margin guard, the status a reader sees (expired is
// computed from today's date, never stored) and the views.
//
// Margin guard: a quote whose total is below cost × (1 + minimum margin) needs the owner's
// approval before a buyer can convert it. Cost per line, in this order:
// - `modelled`: the firm's own workshop states its cost of the product (Providers → our workshop:
//   base cost + each chosen value's cost, the same figures the bids floor policy uses), × quantity;
// - `estimated`: otherwise the firm's cost basis from its quote settings, a percent of the list
//   price (default 60 %), × quantity. The quote says which basis each line used.
import type { Configuration, Value } from '@customerize/engine';
import { percentOf, type ContractLine } from '../contracts/contract-pricing.ts';
import { formatMoney } from '../http/money.ts';
import { costOf, type ProviderCosts } from '../providers/providers.ts';
import type { ApprovalState, StoredQuoteStatus } from './quotes.schema.ts';

export type QuoteStatus = StoredQuoteStatus | 'expired';
export const QUOTE_VIEW_STATUSES = ['open', 'won', 'lost', 'expired'] as const;

export const DEFAULT_QUOTE_SETTINGS = {
  /** 15 % over cost. */
  minMarginBp: 1_500,
  /** Where no cost is modelled: 60 % of the list price. */
  estimatedCostBp: 6_000,
  validityDays: 30,
};
export type QuoteSettings = typeof DEFAULT_QUOTE_SETTINGS;

/** One line of a quote as stored: what was asked, the price, the cost. */
export type QuoteLine = {
  versionId: string;
  versionNumber: number;
  productId: string;
  productName: string;
  approvedConfigurationId: string | null;
  choices: Configuration;
  personalization: Record<string, string>;
  quantity: number;
  /** The contract's price lines at the time of quoting (each naming its term). */
  contractLines: ContractLine[];
  listTotal: number;
  contractTotal: number;
  /** Extra discount sales gave on this line, basis points of the contract price. */
  discountBp: number;
  discount: number;
  total: number;
  cost: number;
  costBasis: 'modelled' | 'estimated';
  promisedDate: string;
};

export function quoteNumberLabel(n: number): string {
  return `Q-${String(n).padStart(5, '0')}`;
}

/**
 * The extra discount of a line as one price line: `bp` of the contract unit subtotal, rounded half
 * up to a minor unit, off each unit (so it reads like the contract's own terms). Null for 0.
 */
export function discountLine(
  contractLines: ContractLine[],
  quantity: number,
  bp: number,
  quoteNumber: string,
): ContractLine | null {
  if (bp <= 0) return null;
  const unitSubtotal = contractLines.reduce((s, l) => s + l.unitAmount, 0);
  const unit = Math.min(percentOf(unitSubtotal, bp), Math.max(unitSubtotal, 0));
  if (unit === 0) return null;
  return {
    kind: 'quote',
    label: `Quote ${quoteNumber}: extra ${bp / 100} % off`,
    quantity,
    unitList: 0,
    unitAmount: -unit,
    amount: -unit * quantity,
    term: { kind: 'quote', quoteNumber, percentOffBp: bp },
  };
}

/** The price lines a line is sold at: the contract's, then the quote's discount. */
export function agreedLines(line: QuoteLine, quoteNumber: string): ContractLine[] {
  const d = discountLine(line.contractLines, line.quantity, line.discountBp, quoteNumber);
  return d ? [...line.contractLines, d] : line.contractLines;
}

/** Cost of `quantity` units of a design (see the header for the two bases). */
export function costOfLine(
  own: ProviderCosts | null,
  choices: Record<string, Value>,
  listTotal: number,
  quantity: number,
  settings: Pick<QuoteSettings, 'estimatedCostBp'>,
): { cost: number; costBasis: QuoteLine['costBasis'] } {
  if (own) return { cost: costOf(own, choices) * quantity, costBasis: 'modelled' };
  return { cost: percentOf(listTotal, settings.estimatedCostBp), costBasis: 'estimated' };
}

/** The lowest total sales may quote alone: cost × (1 + minimum margin), rounded up. */
export function marginFloor(cost: number, minMarginBp: number): number {
  return Math.ceil((cost * (10_000 + minMarginBp)) / 10_000);
}

/** Whether a total needs the owner's approval, and the approval state it starts in. */
export function approvalFor(total: number, cost: number, minMarginBp: number): ApprovalState {
  return total < marginFloor(cost, minMarginBp) ? 'pending' : 'not_needed';
}

/** What a reader sees: an open quote past its last valid day is expired. */
export function statusOf(
  q: { status: StoredQuoteStatus; validUntil: string },
  today: string,
): QuoteStatus {
  return q.status === 'open' && q.validUntil < today ? 'expired' : q.status;
}

/** `date` + `days` calendar days (ISO dates). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type QuoteRow = {
  id: string;
  number: number;
  companyId: string;
  customerId: string | null;
  status: StoredQuoteStatus;
  validUntil: string;
  paymentTerms: string;
  notes: string;
  currency: string;
  priceListId: string | null;
  priceListName: string | null;
  lines: QuoteLine[];
  listTotal: number;
  total: number;
  costTotal: number;
  minMarginBp: number;
  approval: ApprovalState;
  approvedByLabel: string | null;
  approvedAt: Date | null;
  lostReason: string | null;
  orderId: string | null;
  revision: number;
  createdByLabel: string;
  createdAt: Date;
  updatedAt: Date;
};

function lineView(l: QuoteLine, quoteNumber: string) {
  return {
    versionId: l.versionId,
    versionNumber: l.versionNumber,
    productId: l.productId,
    productName: l.productName,
    choices: l.choices,
    quantity: l.quantity,
    lines: agreedLines(l, quoteNumber),
    listTotal: l.listTotal,
    contractTotal: l.contractTotal,
    discountBp: l.discountBp,
    discount: l.discount,
    total: l.total,
    promisedDate: l.promisedDate,
  };
}

/** The buyer's view: prices and terms, never the firm's cost or margin. */
export function customerQuoteView(q: QuoteRow, companyName: string, today: string) {
  const number = quoteNumberLabel(q.number);
  return {
    id: q.id,
    number,
    companyId: q.companyId,
    companyName,
    status: statusOf(q, today),
    /** A quote below the firm's margin is not an offer until the owner approves it. */
    awaitingApproval: q.approval === 'pending',
    validUntil: q.validUntil,
    paymentTerms: q.paymentTerms,
    notes: q.notes,
    currency: q.currency,
    priceListName: q.priceListName,
    lines: q.lines.map((l) => lineView(l, number)),
    listTotal: q.listTotal,
    total: q.total,
    totalText: formatMoney(q.total, q.currency),
    orderId: q.orderId,
    revision: q.revision,
    createdByLabel: q.createdByLabel,
    createdAt: q.createdAt.toISOString(),
    updatedAt: q.updatedAt.toISOString(),
  };
}

/** Staff see cost, margin and the approval too. */
export function staffQuoteView(q: QuoteRow, companyName: string, today: string) {
  return {
    ...customerQuoteView(q, companyName, today),
    customerId: q.customerId,
    costTotal: q.costTotal,
    minMarginBp: q.minMarginBp,
    marginFloor: marginFloor(q.costTotal, q.minMarginBp),
    /** Margin over cost in basis points (null when cost is 0). */
    marginBp: q.costTotal > 0 ? Math.round(((q.total - q.costTotal) * 10_000) / q.costTotal) : null,
    approval: q.approval,
    approvedByLabel: q.approvedByLabel,
    approvedAt: q.approvedAt?.toISOString() ?? null,
    lostReason: q.lostReason,
    costs: q.lines.map((l) => ({ cost: l.cost, costBasis: l.costBasis })),
  };
}
