// A company buyer converts a valid quote into an order at the quoted prices: the quote must be
// open, approved where the margin guard asked for it, and within its validity (else 410); every
// line's model version must still be the published one (else 409 naming each changed line, its
// version, the current version and the price difference); the order itself goes through
// `placeLinesOrderIn`, which re-checks buildability, the approved space and capacity under the
// firm's capacity lock. All in the caller's transaction: nothing is written when refused.
import { lockCapacity } from '../capacity/capacity.store.ts';
import { dateInZone } from '../capacity/capacity.ts';
import { getVersionSummary, publishedVersions } from '../catalog/catalog.store.ts';
import type { PriceListRef } from '../contracts/contract-pricing.ts';
import { lineSubjects, placeLinesOrderIn } from '../contracts/line-orders.ts';
import { approvedDesignsOf } from '../contracts/buyer-contract.ts';
import { quoteLines, type LineRequest } from '../contracts/quote-lines.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict, HttpProblem, NotFound } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import type { Order } from '../orders/orders.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { PAYMENT_TERMS, type PaymentTerms } from '../approvals/approvals.schema.ts';
import { getQuote, updateQuote, type Quote } from './quotes.store.ts';
import { agreedLines, discountLine, quoteNumberLabel, type QuoteLine } from './quotes.ts';

/** 410: the quote's validity passed. */
export class QuoteExpired extends HttpProblem {
  constructor(number: string, validUntil: string) {
    super(
      410,
      'quote-expired',
      'The quote has expired',
      `Quote ${number} was valid until ${validUntil}. Ask for a new quote.`,
    );
    this.extensions = { code: 'expired', validUntil };
  }
}

export type LineChange = {
  line: number;
  field: string;
  message: string;
  quotedVersion: number;
  currentVersion: number | null;
  quotedTotal: number;
  currentTotal: number | null;
  difference: number | null;
};

/** What a line would be today where its version is no longer the published one. */
async function changesOf(
  deps: Pick<AppDeps, 'db' | 'compute' | 'clock'>,
  tx: Db,
  tenant: Tenant,
  quote: Quote,
  priceList: PriceListRef | null,
): Promise<LineChange[]> {
  const changes: LineChange[] = [];
  for (const [i, l] of quote.lines.entries()) {
    const v = await getVersionSummary(tx, tenant.id, l.versionId);
    if (v?.status === 'published') continue;
    const [current] = await publishedVersions(tx, tenant.id, [l.productId]);
    const base = {
      line: i,
      field: `lines.${i}.versionId`,
      quotedVersion: l.versionNumber,
      quotedTotal: l.total,
    };
    if (!current) {
      changes.push({
        ...base,
        message: `${l.productName} is no longer sold`,
        currentVersion: null,
        currentTotal: null,
        difference: null,
      });
      continue;
    }
    const today = await priceToday(deps, tx, tenant, l, current.id, priceList, quote.companyId);
    const total = today.ok ? today.total : null;
    changes.push({
      ...base,
      message: today.ok
        ? `${l.productName} was quoted on version ${l.versionNumber}; version ${current.number} is sold now, at ${formatMoney(today.total, quote.currency)} for this line (quoted ${formatMoney(l.total, quote.currency)})`
        : `${l.productName} was quoted on version ${l.versionNumber}; on version ${current.number} this design ${today.reason}`,
      currentVersion: current.number,
      currentTotal: total,
      difference: total === null ? null : total - l.total,
    });
  }
  return changes;
}

/** The line's design on another version at today's contract, less the quote's discount. */
async function priceToday(
  deps: Pick<AppDeps, 'db' | 'compute' | 'clock'>,
  tx: Db,
  tenant: Tenant,
  l: QuoteLine,
  versionId: string,
  priceList: PriceListRef | null,
  companyId: string,
): Promise<{ ok: true; total: number } | { ok: false; reason: string }> {
  const request: LineRequest = {
    versionId,
    choices: l.choices,
    personalization: l.personalization,
    quantity: l.quantity,
  };
  try {
    const subjects = await lineSubjects(
      { ...deps, db: tx },
      tenant.id,
      [request],
      approvedDesignsOf(tx, tenant.id, { id: '', businessAccountId: companyId }),
    );
    const q = await quoteLines(tx, tenant, [request], subjects, priceList, deps.clock.now());
    const line = q.lines[0]!;
    if (!line.valid)
      return {
        ok: false,
        reason: `cannot be built: ${line.violations.map((v) => v.message).join('; ')}`,
      };
    const d = discountLine(line.lines, line.quantity, l.discountBp, '');
    return { ok: true, total: line.total + (d?.amount ?? 0) };
  } catch (e) {
    if (e instanceof HttpProblem) return { ok: false, reason: `is refused: ${e.detail}` };
    throw e;
  }
}

/** A quote's written terms ("Net 30", "prepaid") as the order's code, or null when unknown. */
export function paymentTermsCode(written: string): PaymentTerms | null {
  const code = written.toLowerCase().replace(/[\s_-]+/g, '');
  return (PAYMENT_TERMS as readonly string[]).includes(code) ? (code as PaymentTerms) : null;
}

export async function convertQuoteIn(
  tx: Db,
  deps: Pick<AppDeps, 'db' | 'compute' | 'clock' | 'ids' | 'config'>,
  tenant: Tenant,
  input: {
    quoteId: string;
    /** The buyer's purchase-order number for the order. */
    poNumber?: string | null;
    customer: { id: string; businessAccountId: string };
    email: string;
    priceList: PriceListRef | null;
    tokenHash: string;
    by: { kind: string; id: string | null; label: string };
  },
): Promise<{ order: Order; quote: Quote }> {
  const quote = await getQuote(tx, tenant.id, input.quoteId, {
    companyId: input.customer.businessAccountId,
    forUpdate: true,
  });
  if (!quote) throw new NotFound('quote', input.quoteId);
  const number = quoteNumberLabel(quote.number);
  if (quote.status === 'won') {
    const e = new Conflict(`Quote ${number} has already been converted into an order.`);
    e.extensions = { code: 'converted', orderId: quote.orderId };
    throw e;
  }
  if (quote.status === 'lost') {
    const e = new Conflict(`Quote ${number} was closed by the firm: ${quote.lostReason ?? ''}`);
    e.extensions = { code: 'lost' };
    throw e;
  }
  const now = deps.clock.now();
  if (quote.validUntil < dateInZone(now, tenant.settings.timezone))
    throw new QuoteExpired(number, quote.validUntil);
  if (quote.approval === 'pending') {
    const e = new Conflict(
      `Quote ${number} is waiting for the firm's approval and cannot be ordered yet.`,
    );
    e.extensions = { code: 'awaiting-approval' };
    throw e;
  }
  const changes = await changesOf(deps, tx, tenant, quote, input.priceList);
  if (changes.length > 0) {
    const e = new Conflict(
      `Quote ${number} is outdated: ${changes.map((c) => `line ${c.line + 1}: ${c.message}`).join('; ')}. Ask for a new quote.`,
      changes.map((c) => ({ field: c.field, message: c.message })),
    );
    e.extensions = { code: 'outdated', changes };
    throw e;
  }
  const requests: LineRequest[] = quote.lines.map((l) => ({
    versionId: l.versionId,
    choices: l.choices,
    personalization: l.personalization,
    quantity: l.quantity,
  }));
  const subjects = await lineSubjects(
    { ...deps, db: tx },
    tenant.id,
    requests,
    approvedDesignsOf(tx, tenant.id, { id: '', businessAccountId: quote.companyId }),
  );
  // The date is today's (capacity moves on); the price is the quote's.
  await lockCapacity(tx, tenant.id);
  const today = await quoteLines(tx, tenant, requests, subjects, input.priceList, now);
  const order = await placeLinesOrderIn(tx, deps, tenant, subjects, {
    lines: requests,
    email: input.email,
    customerId: input.customer.id,
    priceList: input.priceList,
    expected: { total: quote.total, currency: quote.currency, promisedDate: today.promisedDate },
    tokenHash: input.tokenHash,
    by: input.by,
    poNumber: input.poNumber ?? null,
    // The quote's terms when they are one the order knows (else the company's default).
    paymentTerms: paymentTermsCode(quote.paymentTerms),
    paymentTermsAgreed: true,
    agreed: {
      lines: quote.lines.map((l) => ({ lines: agreedLines(l, number), total: l.total })),
    },
  });
  const won = await updateQuote(tx, tenant.id, quote.id, {
    status: 'won',
    orderId: order.id,
    updatedAt: now,
  });
  return { order, quote: won };
}
