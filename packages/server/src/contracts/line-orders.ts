// Multi-line orders: several designs × quantities in one order, priced with the buyer's
// contract and booked together — re-checked on the server (published versions, validity,
// quantity rules, price and date against what the buyer saw) in one transaction under the
// firm's capacity lock, so nothing is written when anything is refused.
import { assertLinesInApprovedSpace } from '../companies/approved-space.ts';
import { approvalGate } from '../approvals/gate.ts';
import type { AppConfig } from '../config.ts';
import { missingCustomerInput, type BomLine, type CompiledModel } from '@customerize/engine';
import { compiledVersion, ensureProven } from '../catalog/catalog.ts';
import { getVersionSummary } from '../catalog/catalog.store.ts';
import { insertBookings, lockCapacity } from '../capacity/capacity.store.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import type { Ids } from '../ids.ts';
import type { OrderLine } from '../orders/orders.schema.ts';
import { insertOrder, insertOrderEvent, type Order } from '../orders/orders.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import type { ContractLine, PriceListRef } from './contract-pricing.ts';
import { orderLines } from './contracts.schema.ts';
import { listQuantityRules } from './contracts.store.ts';
import { ruleFor } from './quantity-rules.ts';
import {
  assertQuantities,
  publicLinesQuote,
  quoteLines,
  type LineRequest,
  type LineSubject,
  type LinesQuote,
} from './quote-lines.ts';

/**
 * Which approved design a line is, for its price and quantity rule, answered from the buyer's
 * company (never from the client's word): buyer-contract.ts `approvedDesignsOf`. Left out, no
 * line is an approved design (guests; staff tools).
 */
export type ApprovedConfigurationOf = (
  line: LineRequest,
  productId: string,
  compiled: CompiledModel,
) => Promise<string | null>;
const noApprovedConfiguration: ApprovedConfigurationOf = () => Promise.resolve(null);

/**
 * Everything the server knows of each line's design: its proven, compiled published (or, for
 * quotes, retired) version, product, approved design and quantity rule. Unknown versions and
 * drafts are 404, as for single designs.
 */
export async function lineSubjects(
  deps: Pick<AppDeps, 'db' | 'compute'>,
  tenantId: string,
  requests: LineRequest[],
  approvedConfigurationOf: ApprovedConfigurationOf = noApprovedConfiguration,
): Promise<LineSubject[]> {
  const rules = await listQuantityRules(deps.db, tenantId);
  // Lines mostly share a few versions: each is read, proven and loaded once.
  const versions = new Map<string, { productId: string; compiled: CompiledModel }>();
  const subjects: LineSubject[] = [];
  for (const r of requests) {
    let version = versions.get(r.versionId);
    if (!version) {
      const summary = await getVersionSummary(deps.db, tenantId, r.versionId);
      if (!summary || summary.status === 'draft')
        throw new NotFound('product version', r.versionId);
      await ensureProven(deps, tenantId, r.versionId);
      version = {
        productId: summary.productId,
        compiled: await compiledVersion(deps.db, tenantId, r.versionId),
      };
      versions.set(r.versionId, version);
    }
    const { compiled } = version;
    const approved = await approvedConfigurationOf(r, version.productId, compiled);
    subjects.push({
      compiled,
      productId: version.productId,
      approvedConfigurationId: approved,
      rule: ruleFor(rules, version.productId, approved),
    });
  }
  assertQuantities(requests, subjects);
  return subjects;
}

export type LinesOrderRequest = {
  lines: LineRequest[];
  email: string;
  customerId: string | null;
  /** The buyer's contract (contracts.ts `contractPriceFor`); null: list prices. */
  priceList: PriceListRef | null;
  expected: { total: number; currency: string; promisedDate: string };
  tokenHash: string;
  by: { kind: string; id: string | null; label: string };
  /** A guest's order: capacity is held until then, unless confirmed by the emailed link. */
  hold?: { expiresAt: Date; confirmTokenHash: string };
  /** The buyer's purchase-order number; payment terms within the company's allowed set. */
  poNumber?: string | null;
  paymentTerms?: string | null;
  /** The company location the lines were priced for (contracts/buyer-contract.ts). */
  locationId?: string | null;
  /** The payment terms were agreed by the firm in a quote (they need not be in the usual set). */
  paymentTermsAgreed?: boolean;
  /**
   * Prices agreed beforehand (a firm's quote, quotes module): line i is sold at
   * `agreed.lines[i]` instead of today's contract price; design, space and capacity are still
   * re-checked as for any order.
   */
  agreed?: { lines: { lines: ContractLine[]; total: number }[] };
};

/** The quote with each line's price replaced by the agreed one (sums recomputed). */
export function withAgreedPrices(
  quote: LinesQuote,
  agreed: LinesOrderRequest['agreed'],
): LinesQuote {
  if (!agreed) return quote;
  const lines = quote.lines.map((l, i) => {
    const a = agreed.lines[i];
    return a ? { ...l, lines: a.lines, total: a.total } : l;
  });
  return { ...quote, lines, total: lines.reduce((s, l) => s + l.total, 0) };
}

/** The buyer saw another price or date than the server's: 409 with the server's quote. */
export class LinesChanged extends Conflict {
  constructor(detail: string, quote: LinesQuote) {
    super(detail, [{ field: 'expected', message: detail }]);
    this.extensions = { code: 'changed', quote: publicLinesQuote(quote) };
  }
}

/** BOM lines of all order lines, merged by sku and unit as the engine merges one design's. */
export function mergeBoms(boms: BomLine[][]): BomLine[] {
  const out = new Map<string, BomLine>();
  for (const b of boms.flat()) {
    const key = `${b.sku}|${b.unit ?? ''}`;
    const cur = out.get(key);
    if (cur) out.set(key, { ...cur, qty: Math.round((cur.qty + b.qty) * 1e6) / 1e6 });
    else out.set(key, { ...b });
  }
  return [...out.values()];
}

/** Inside the caller's transaction `tx`; `subjects` from `lineSubjects` for `req.lines`. */
export async function placeLinesOrderIn(
  tx: Db,
  deps: { clock: Clock; ids: Ids; config?: AppConfig },
  tenant: Tenant,
  subjects: LineSubject[],
  req: LinesOrderRequest,
): Promise<Order> {
  // Only published versions are sold (a retired one: the buyer opens the design again).
  const firstLineOf = new Map<string, number>();
  req.lines.forEach((r, i) => {
    if (!firstLineOf.has(r.versionId)) firstLineOf.set(r.versionId, i);
  });
  for (const [versionId, i] of firstLineOf) {
    const r = { versionId };
    const version = await getVersionSummary(tx, tenant.id, r.versionId);
    if (!version || version.status === 'draft') throw new NotFound('product version', r.versionId);
    if (version.status !== 'published') {
      const e = new Conflict(
        `Line ${i + 1} was made with version ${version.number} of the product, which has been replaced. Open it again to see what changed.`,
        [{ field: `lines.${i}.versionId`, message: 'is no longer the published version' }],
      );
      e.extensions = { code: 'outdated', versionId: version.id };
      throw e;
    }
  }
  await lockCapacity(tx, tenant.id);
  const now = deps.clock.now();
  const quote = withAgreedPrices(
    await quoteLines(tx, tenant, req.lines, subjects, req.priceList, now),
    req.agreed,
  );
  for (const [i, line] of quote.lines.entries()) {
    const missing = missingCustomerInput(subjects[i]!.compiled, line.choices);
    if (missing.length > 0)
      throw new ValidationFailed(
        missing.map((f) => ({ field: `lines.${i}.choices.${f}`, message: 'is yours to enter' })),
      );
    if (!line.valid) {
      const e = new Conflict(
        `Line ${i + 1} cannot be built: ${line.violations.map((v) => v.message).join('; ')}`,
        [{ field: `lines.${i}.choices`, message: 'cannot be built' }],
      );
      e.extensions = { code: 'invalid', line: i, violations: line.violations };
      throw e;
    }
  }
  // A company member orders only what the company approved, on every line.
  await assertLinesInApprovedSpace(
    tx,
    tenant.id,
    req.customerId,
    quote.lines.map((l, i) => ({ ...subjects[i]!, choices: l.choices })),
  );
  const x = req.expected;
  if (
    x.total !== quote.total ||
    x.currency !== quote.currency ||
    x.promisedDate !== quote.promisedDate
  ) {
    const parts: string[] = [];
    if (x.total !== quote.total || x.currency !== quote.currency)
      parts.push(
        `the price is ${formatMoney(quote.total, quote.currency)} (you saw ${formatMoney(x.total, x.currency)})`,
      );
    if (x.promisedDate !== quote.promisedDate)
      parts.push(`the earliest delivery is ${quote.promisedDate} (you saw ${x.promisedDate})`);
    throw new LinesChanged(`Please confirm: ${parts.join(' and ')}.`, quote);
  }
  // Above a company spend limit: written as awaiting_approval, nothing booked (approvals/).
  const gate = await approvalGate(tx, deps, tenant.id, req, quote);
  const orderId = deps.ids.uuid();
  const first = quote.lines[0]!;
  const status = gate.status ?? (req.hold ? 'pending_confirmation' : 'placed');
  // The order row: the first line's design (so every order view keeps working) and the sums.
  const order = await insertOrder(tx, {
    id: orderId,
    tenantId: tenant.id,
    tokenHash: req.tokenHash,
    status,
    holdExpiresAt: req.hold?.expiresAt ?? null,
    confirmTokenHash: req.hold?.confirmTokenHash ?? null,
    productId: first.productId,
    productVersionId: first.versionId,
    designId: null,
    customerId: req.customerId,
    email: req.email,
    choices: first.choices,
    personalization: first.personalization,
    lines: quote.lines.flatMap((l, i) =>
      l.lines.map((c): OrderLine => ({
        ...c,
        label:
          quote.lines.length > 1
            ? `Line ${i + 1}: ${c.label} × ${c.quantity}`
            : `${c.label} × ${c.quantity}`,
      })),
    ),
    total: quote.total,
    currency: quote.currency,
    leadTimeDays: Math.max(...quote.lines.map((l) => l.leadTimeDays)),
    promisedDate: quote.promisedDate,
    bom: mergeBoms(quote.lines.map((l) => l.bom)),
    routing: quote.lines.flatMap((l) => routingOf(l.schedule)),
    createdAt: now,
    ...gate.order,
  });
  await tx.insert(orderLines).values(
    quote.lines.map((l, position) => ({
      id: deps.ids.uuid(),
      tenantId: tenant.id,
      orderId,
      position,
      productId: l.productId,
      productVersionId: l.versionId,
      choices: l.choices,
      personalization: l.personalization,
      quantity: l.quantity,
      approvedConfigurationId: l.approvedConfigurationId,
      priceListId: l.lines.find((c) => c.priceListId)?.priceListId ?? null,
      lines: l.lines,
      listTotal: l.listTotal,
      total: l.total,
      currency: l.currency,
      promisedDate: l.promisedDate,
      bom: l.bom,
      routing: routingOf(l.schedule),
      createdAt: now,
    })),
  );
  const allocations = quote.lines.flatMap((l) =>
    l.schedule.operations.flatMap((op) => op.allocations),
  );
  if (allocations.length > 0 && !gate.status)
    await insertBookings(
      tx,
      allocations.map((a) => ({
        id: deps.ids.uuid(),
        tenantId: tenant.id,
        workCenterId: a.centerId,
        orderId,
        day: a.day,
        minutes: a.minutes,
        now,
      })),
    );
  await insertOrderEvent(tx, {
    id: deps.ids.uuid(),
    tenantId: tenant.id,
    orderId,
    fromStatus: null,
    toStatus: status,
    byKind: req.by.kind,
    byId: req.by.id,
    byLabel: req.by.label,
    note:
      quote.lines.length > 1
        ? `${quote.lines.length} lines, ${quote.lines.reduce((s, l) => s + l.quantity, 0)} units.`
        : null,
    at: now,
  });
  await gate.opened(order);
  return order;
}

function routingOf(schedule: LinesQuote['lines'][number]['schedule']) {
  return schedule.operations.map((op) => ({
    center: op.center,
    operation: op.operation,
    hours: op.hours,
    final: op.final,
    startDate: op.startDate,
    endDate: op.endDate,
  }));
}
