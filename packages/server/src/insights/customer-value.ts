// Customer value on the firm's own order history: the rules that turn fitted figures into a
// segment, the firm's settings for it, and the view staff read. Definitions are in
// docs/insights.md ("Customer value in the console"); the constants below are those numbers.
import type { TenantSettings } from '../tenants/tenants.schema.ts';
import type { CustomerValueRunFacts, Segment, customerValues } from './customer-value.schema.ts';

export { SEGMENTS, type Segment } from './customer-value.schema.ts';

/** Default horizon of expected purchases and value, days. */
export const DEFAULT_HORIZON_DAYS = 365;
/** Default cost of one service interaction (a conversation, revision or order change), minor units. */
export const DEFAULT_COST_PER_INTERACTION = 500;
/** Below this P(alive) a customer is lapsed. */
export const LAPSED_BELOW = 0.3;
/** Below this P(alive) (and not lapsed) a customer is at risk. */
export const AT_RISK_BELOW = 0.7;
/** "Best" is the top share of net expected value among active scored customers: the top 20 %. */
export const BEST_QUANTILE = 0.8;

export type CustomerValueSettings = { horizonDays: number; costPerInteraction: number };

export function customerValueSettings(settings: TenantSettings): CustomerValueSettings {
  return {
    horizonDays: settings.customerValueHorizonDays ?? DEFAULT_HORIZON_DAYS,
    costPerInteraction: settings.costPerInteraction ?? DEFAULT_COST_PER_INTERACTION,
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** What the segment rules read of one customer. */
export type Figures = {
  pAlive: number;
  expectedPurchases: number;
  expectedValue: number;
  interactions: number;
  orders: number;
  /** Days since the last order, on the computation day. */
  daysSinceLastOrder: number;
};

/**
 * Expected cost of serving the customer over the horizon: their interactions per order so far,
 * times the purchases expected, times the cost of one interaction (minor units, rounded).
 */
export function expectedServiceCost(f: Figures, costPerInteraction: number): number {
  if (f.orders === 0) return 0;
  return Math.round((f.interactions / f.orders) * f.expectedPurchases * costPerInteraction);
}

export const netValue = (expectedValue: number, serviceCost: number) => expectedValue - serviceCost;

/**
 * The "best" threshold: the nearest-rank 80th percentile of net expected value over the active
 * customers (P(alive) ≥ AT_RISK_BELOW, not costly). Null when there are none.
 */
export function bestThreshold(nets: readonly number[]): number | null {
  if (nets.length === 0) return null;
  const sorted = [...nets].sort((a, b) => a - b);
  const rank = Math.ceil(BEST_QUANTILE * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/**
 * The segment, first rule that holds:
 * 1. costly — the expected service cost over the horizon exceeds the expected value;
 * 2. lapsed — P(alive) < 0.3, or no order within the last horizon (BG/NBD gives a one-time buyer
 *    P(alive) = 1 however long ago they bought, so recency decides for them);
 * 3. at-risk — P(alive) < 0.7;
 * 4. best — net expected value ≥ the best threshold and > 0;
 * 5. growing — every other active customer.
 */
export function segmentOf(
  f: Figures,
  serviceCost: number,
  horizonDays: number,
  threshold: number | null,
): Segment {
  if (serviceCost > f.expectedValue) return 'costly';
  if (f.pAlive < LAPSED_BELOW || f.daysSinceLastOrder > horizonDays) return 'lapsed';
  if (f.pAlive < AT_RISK_BELOW) return 'at-risk';
  const net = netValue(f.expectedValue, serviceCost);
  if (threshold !== null && net > 0 && net >= threshold) return 'best';
  return 'growing';
}

/** Whether a customer counts towards the best threshold (active and not costly). */
export function isActive(f: Figures, serviceCost: number, horizonDays: number): boolean {
  return (
    serviceCost <= f.expectedValue &&
    f.pAlive >= AT_RISK_BELOW &&
    f.daysSinceLastOrder <= horizonDays
  );
}

type Row = typeof customerValues.$inferSelect;

export function customerValueView(row: Row & { name?: string; email?: string }) {
  return {
    customerId: row.customerId,
    ...(row.name !== undefined ? { name: row.name } : {}),
    ...(row.email !== undefined ? { email: row.email } : {}),
    segment: row.segment,
    orders: row.orders,
    frequency: row.frequency,
    recencyDays: row.recencyDays,
    ageDays: row.ageDays,
    firstOrderOn: row.firstOrderOn,
    lastOrderOn: row.lastOrderOn,
    spent: row.spent,
    currency: row.currency,
    pAlive: row.pAlive,
    expectedPurchases: row.expectedPurchases,
    expectedValue: row.expectedValue,
    interactions: row.interactions,
    expectedServiceCost: row.expectedServiceCost,
    netValue: netValue(row.expectedValue, row.expectedServiceCost),
    computedAt: row.computedAt.toISOString(),
  };
}

export function runView(run: {
  status: 'scored' | 'not-enough-history';
  message: string | null;
  customers: number;
  facts: CustomerValueRunFacts;
  computedAt: Date;
}) {
  return {
    status: run.status,
    message: run.message,
    customers: run.customers,
    horizonDays: run.facts.horizonDays,
    costPerInteraction: run.facts.costPerInteraction,
    asOf: run.facts.asOf,
    bestThreshold: run.facts.bestThreshold ?? null,
    computedAt: run.computedAt.toISOString(),
  };
}
