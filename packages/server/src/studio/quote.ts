// The server's authoritative quote of a design: validity (rules + personalization), price lines,
// lead time and a capacity-aware promised date. The studio shows it; orders re-run it.
import {
  normalizeChoices,
  priceOf,
  validate,
  validatePersonalization,
  type CompiledModel,
  type Configuration,
  type PriceLine,
  type Quote,
  type Violation,
} from '@customerize/engine';
import { bookedMinutes, listWorkCenters } from '../capacity/capacity.store.ts';
import { centersWithCalendars } from '../capacity/capacity-changes.store.ts';
import { dateInZone, scheduleWork, type Schedule } from '../capacity/capacity.ts';
import type { Db } from '../db/types.ts';
import { ValidationFailed } from '../http/errors.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { contractPrice, type ContractTerm } from '../contracts/contract-pricing.ts';
import type { DesignContract } from '../contracts/buyer-contract.ts';
import { stockForQuote } from '../stock/stock.store.ts';
import { stockedLabel, stockPlan, type StockNeed } from '../stock/stock.ts';

/**
 * Whose work centers a design is scheduled on: `centersOf` null is the firm's own workshop (the
 * default), else a partner provider's id; its lead time adds `extraLeadDays`.
 */
export type ProviderWork = { centersOf: string | null; extraLeadDays: number };

export type DesignQuote = {
  valid: boolean;
  violations: Violation[];
  currency: string;
  lines: QuoteLine[];
  total: number;
  leadTimeDays: number;
  promisedDate: string;
  workCenters: Schedule['workCenters'];
  /**
   * The design promised from stock (docs/build-to-order.md#modules-and-stock): every module it
   * needs is available where it is built, so only the postponed steps remain. Null: made to order.
   */
  fromStock: FromStock | null;
};

export type FromStock = {
  /** The promise with stock (the quote's promisedDate). */
  promisedDate: string;
  /** What the date would be made to order. */
  madeToOrderDate: string;
  /** "the stocked Aluminium tube set and 3 more modules" */
  label: string;
  /** The routing steps left after the order (work at the postponed centers). */
  postponedSteps: string[];
};

/**
 * A price line: the engine's (base, option, personalization), a customer's reward, or for a
 * company member a contract line (contract-pricing.ts) naming the term and price list that set it.
 */
export type QuoteLine = Omit<PriceLine, 'kind'> & {
  kind: PriceLine['kind'] | 'reward' | 'offer' | 'design' | 'volume-tier' | 'floor' | 'quote';
  term?: ContractTerm;
  priceListId?: string;
  /** The list price the contract line replaced (0 for lines the contract adds). */
  unitList?: number;
};

export type FullQuote = DesignQuote & {
  price: Omit<Quote, 'lines'> & { lines: QuoteLine[] };
  /** The reward taken off the total, if the customer has one (privacy/rewards.ts). */
  reward?: { id: string; amount: number };
  /** The personal offer taken off the total, if the customer named one (offers/offers.ts). */
  offer?: { id: string; amount: number };
  schedule: Schedule;
  today: string;
  /** What an order placed from this quote reserves (null: made to order, nothing reserved). */
  stockNeeds: StockNeed[] | null;
  /** The canonical choices everything above was computed from (store these). */
  choices: Configuration;
};

/**
 * The one boundary where a design's choices enter: canonical engine values of the choices the
 * model knows, or 400 naming the field (`choices.<feature>`) when a value is not encoded as its
 * feature's kind (the text "52" for an int feature, "true" for a bool one — never coerced).
 * Unknown features and values outside the domain stay a design that cannot be built
 * (violations), as before.
 */
export function canonicalChoices(compiled: CompiledModel, raw: unknown): Configuration {
  const { choices, errors } = normalizeChoices(compiled, raw);
  const wrong = errors.filter((e) => e.code === 'wrong-type');
  if (wrong.length > 0)
    throw new ValidationFailed(
      wrong.map((e) => ({ field: e.field ? `choices.${e.field}` : 'choices', message: e.message })),
    );
  return choices;
}

export async function quoteDesign(
  db: Db,
  tenant: Tenant,
  compiled: CompiledModel,
  choices: Configuration,
  personalization: Record<string, string>,
  now: Date,
  /** Re-quoting an order: its own bookings are left out (they are about to be replaced). */
  options: {
    exceptOrderId?: string;
    provider?: ProviderWork;
    /** A company member's contract (contracts/buyer-contract.ts `designContractFor`): the price
     * lines and total are the contract's, each line naming its term. Null or left out: list. */
    contract?: DesignContract | null;
    /** A "faster date" offer (offers/): the engine's lead time shortened by this many days, never
     * below 0. Capacity is scheduled as always, so the date is only as early as the work allows. */
    leadDaysOff?: number;
    /** A priority customer's design (service-levels/ `mayUseReservedCapacity`): its schedule
     * may take the work centers' reserved capacity. Left out: an ordinary one. */
    mayUseReserve?: boolean;
    /** The design's product: its postponement point and the stock at the location are read
     * (one query) and the promise uses stock when every module is available. Left out: made to
     * order, no query (re-quotes of orders under way, bids, comparisons). */
    productId?: string;
  } = {},
): Promise<FullQuote> {
  // Normalized once: validation, price, BOM, routing and capacity all read `known`. The raw
  // entries that remain (unknown features or values, of the right kind) are reported by
  // `validate`, which reads canonical values only, exactly as it reads `known`.
  const known = canonicalChoices(compiled, choices);
  const validation = validate(compiled, choices);
  const violations = [
    ...validation.violations,
    ...validatePersonalization(compiled, personalization, known).map((i) => ({
      rule: `personalization:${i.field}`,
      message: i.message,
    })),
  ];
  const listed = priceOf(compiled, known, personalization);
  const price = options.contract ? underContract(listed, options.contract) : listed;
  const today = dateInZone(now, tenant.settings.timezone);
  const provider = options.provider ?? { centersOf: null, extraLeadDays: 0 };
  const leadTimeDays = Math.max(0, price.leadTimeDays - (options.leadDaysOff ?? 0));
  const centers = await centersWithCalendars(
    db,
    tenant.id,
    await listWorkCenters(db, tenant.id, { provider: provider.centersOf }),
    today,
  );
  const booked = await bookedMinutes(db, tenant.id, today, now, options.exceptOrderId);
  const made = scheduleWork({
    today,
    leadTimeDays: Math.max(
      0,
      price.leadTimeDays + provider.extraLeadDays - (options.leadDaysOff ?? 0),
    ),
    routing: price.routing,
    centers,
    booked,
    mayUseReserve: options.mayUseReserve === true,
  });
  let schedule = made;
  let fromStock: FromStock | null = null;
  let needs: StockNeed[] | null = null;
  let quotedLead = leadTimeDays;
  if (options.productId && price.bom.length > 0) {
    const stock = await stockForQuote(db, tenant.id, options.productId, provider.centersOf, [
      ...new Set(price.bom.map((b) => b.sku)),
    ]);
    const plan = stock && stockPlan({ ...stock, bom: price.bom, routing: price.routing });
    if (plan) {
      // The parts are in: only the postponed steps, from tomorrow (at least one day, plus the
      // provider's own extra days).
      const stockLead = Math.max(1, provider.extraLeadDays);
      const stocked = scheduleWork({
        today,
        leadTimeDays: stockLead,
        routing: plan.postponed,
        centers,
        booked,
        mayUseReserve: options.mayUseReserve === true,
      });
      // Stock is used only when it makes the date earlier: otherwise it stays for another order.
      if (stocked.promisedDate < made.promisedDate) {
        schedule = stocked;
        needs = plan.needs;
        quotedLead = stockLead;
        fromStock = {
          promisedDate: stocked.promisedDate,
          madeToOrderDate: made.promisedDate,
          label: stockedLabel(plan.needs),
          postponedSteps: stocked.operations.map((o) => o.operation),
        };
      }
    }
  }
  return {
    valid: violations.length === 0,
    violations,
    currency: price.currency,
    lines: price.lines.map((l: QuoteLine) => ({
      label: l.label,
      amount: l.amount,
      kind: l.kind,
      ...(l.feature !== undefined ? { feature: l.feature } : {}),
      ...(l.value !== undefined ? { value: l.value } : {}),
      ...(l.term !== undefined ? { term: l.term, unitList: l.unitList ?? 0 } : {}),
      ...(l.priceListId !== undefined ? { priceListId: l.priceListId } : {}),
    })),
    total: price.total,
    leadTimeDays: quotedLead,
    promisedDate: schedule.promisedDate,
    workCenters: schedule.workCenters,
    fromStock,
    price,
    schedule,
    today,
    stockNeeds: needs,
    choices: known,
  };
}

/**
 * A design's list price under a contract: the same pricing as every multi-line quote and order
 * (contract-pricing.ts, one unit), its lines replacing the list lines.
 */
function underContract(
  price: Quote,
  contract: DesignContract,
): Omit<Quote, 'lines'> & { lines: QuoteLine[] } {
  const c = contractPrice({
    currency: price.currency,
    lines: price.lines,
    quantity: 1,
    list: contract.list,
    approvedConfigurationId: contract.approvedConfigurationId,
  });
  return {
    ...price,
    lines: c.lines.map((l) => ({
      kind: l.kind,
      label: l.label,
      amount: l.amount,
      ...(l.feature !== undefined ? { feature: l.feature } : {}),
      ...(l.value !== undefined ? { value: l.value } : {}),
      term: l.term,
      unitList: l.unitList,
      ...(l.priceListId !== undefined ? { priceListId: l.priceListId } : {}),
    })),
    total: c.total,
  };
}

/**
 * The quote with a customer's discount as a negative line: never more than the total, so the
 * total never goes below zero. A quote of nothing to pay keeps the reward for another order.
 */
export function withReward(
  q: FullQuote,
  reward: { id: string; description: string; amount: number; currency: string } | null,
): FullQuote {
  if (!reward || reward.currency !== q.currency || q.total <= 0) return q;
  const amount = Math.min(reward.amount, q.total);
  const line: QuoteLine = { kind: 'reward', label: reward.description, amount: -amount };
  return {
    ...q,
    lines: [...q.lines, line],
    total: q.total - amount,
    price: { ...q.price, lines: [...q.price.lines, line], total: q.price.total - amount },
    reward: { id: reward.id, amount },
  };
}

export function publicQuote(q: FullQuote): DesignQuote {
  return {
    valid: q.valid,
    violations: q.violations,
    currency: q.currency,
    lines: q.lines,
    total: q.total,
    leadTimeDays: q.leadTimeDays,
    promisedDate: q.promisedDate,
    workCenters: q.workCenters,
    fromStock: q.fromStock,
  };
}
