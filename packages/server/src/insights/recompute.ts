// Recomputing a firm's customer value: the orders of customers who consented to personalization
// (checked for each through usePersonalData, the one consent check), the models fitted in the
// compute pool with a deadline, segments by the rules of customer-value.ts, all figures replaced
// at once. Customers without consent now are neither fitted nor stored, so a withdrawal removes
// a customer at the next recompute.
import type { AppDeps } from '../deps.ts';
import { HttpProblem, NotFound } from '../http/errors.ts';
import { usePersonalData } from '../privacy/consent.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import type { CustomerValueRunFacts } from './customer-value.schema.ts';
import {
  bestThreshold,
  customerValueSettings,
  expectedServiceCost,
  isActive,
  localDate,
  netValue,
  segmentOf,
  type Figures,
} from './customer-value.ts';
import {
  interactionCounts,
  purchaseHistory,
  replaceCustomerValues,
  type CustomerValueRow,
  type CustomerValueRun,
} from './customer-value.store.ts';
import { dayNumber, type Transaction } from './transactions.ts';

/** The fit of one firm may take this long in a worker before it is stopped. */
export const CUSTOMER_VALUE_DEADLINE_MS = 60_000;

/** 409: the history cannot identify the models yet (too few customers or no repeat purchase). */
export class NotEnoughHistory extends HttpProblem {
  constructor(reason: string) {
    super(
      409,
      'not-enough-history',
      'Not enough order history to compute customer value',
      `Customer value needs more history of customers who consented to personalization: ${reason}.`,
      [{ field: 'orders', message: reason }],
    );
  }
}

type Deps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'compute'>;

/**
 * Recomputes and stores the firm's figures; returns the run. When the history is too thin the
 * stored figures are cleared and the run says why (status not-enough-history).
 */
export async function recomputeCustomerValues(
  deps: Deps,
  tenantId: string,
): Promise<CustomerValueRun> {
  const tenant = await getTenant(deps.db, tenantId);
  if (!tenant) throw new NotFound('firm', tenantId);
  const { horizonDays, costPerInteraction } = customerValueSettings(tenant.settings);
  const now = deps.clock.now();
  const asOf = localDate(now, tenant.settings.timezone);
  const facts: CustomerValueRunFacts = { horizonDays, costPerInteraction, asOf };
  const history = await purchaseHistory(deps.db, tenantId, tenant.settings.currency);

  const byCustomer = new Map<string, typeof history>();
  for (const o of history) {
    const list = byCustomer.get(o.customerId) ?? [];
    list.push(o);
    byCustomer.set(o.customerId, list);
  }
  const consented = new Map<string, typeof history>();
  for (const [customerId, list] of byCustomer) {
    const use = await usePersonalData(deps, tenantId, customerId, 'personalization', () =>
      Promise.resolve(list),
    );
    if (use.used) consented.set(customerId, use.value);
  }
  const transactions: Transaction[] = [];
  for (const [customer, list] of consented)
    for (const o of list)
      transactions.push({
        customer,
        date: localDate(o.at, tenant.settings.timezone),
        amount: o.total,
      });

  const thin = (message: string) =>
    replaceCustomerValues(deps.db, tenantId, [], {
      status: 'not-enough-history',
      message,
      facts,
      computedAt: now,
    });
  if (consented.size < 2) return thin('fewer than two customers with orders have consented');
  const result = await deps.compute.run(
    'customer-value',
    { transactions, calibrationEnd: asOf, horizonDays },
    { tenant: tenantId, deadlineMs: CUSTOMER_VALUE_DEADLINE_MS },
  );
  if (result.kind === 'not-enough-history') return thin(result.message);

  const { report } = result;
  const interactions = await interactionCounts(deps.db, tenantId, [...consented.keys()]);
  const today = dayNumber(asOf)!;
  const scored = report.perCustomer.map((c) => {
    const list = consented.get(c.customer)!;
    const days = list.map((o) => localDate(o.at, tenant.settings.timezone)).sort();
    const figures: Figures = {
      pAlive: c.pAlive,
      expectedPurchases: c.expectedPurchases,
      expectedValue: c.expectedValue,
      interactions: interactions.get(c.customer) ?? 0,
      orders: list.length,
      daysSinceLastOrder: today - dayNumber(days.at(-1)!)!,
    };
    const cost = expectedServiceCost(figures, costPerInteraction);
    return { c, list, days, figures, cost };
  });
  const threshold = bestThreshold(
    scored
      .filter((s) => isActive(s.figures, s.cost, horizonDays))
      .map((s) => netValue(s.figures.expectedValue, s.cost)),
  );
  const rows: CustomerValueRow[] = scored.map(({ c, list, days, figures, cost }) => ({
    tenantId,
    customerId: c.customer,
    orders: list.length,
    frequency: c.frequency,
    recencyDays: Math.round(c.recency),
    ageDays: Math.round(c.T),
    firstOrderOn: days[0]!,
    lastOrderOn: days.at(-1)!,
    spent: list.reduce((s, o) => s + o.total, 0),
    currency: tenant.settings.currency,
    pAlive: c.pAlive,
    expectedPurchases: c.expectedPurchases,
    expectedValue: c.expectedValue,
    interactions: figures.interactions,
    expectedServiceCost: cost,
    segment: segmentOf(figures, cost, horizonDays, threshold),
    computedAt: now,
  }));
  return replaceCustomerValues(deps.db, tenantId, rows, {
    status: 'scored',
    message: null,
    facts: {
      ...facts,
      bgnbd: {
        r: report.bgnbd.r,
        alpha: report.bgnbd.alpha,
        a: report.bgnbd.a,
        b: report.bgnbd.b,
        logLikelihood: report.bgnbd.logLikelihood,
      },
      gammaGamma: { p: report.gammaGamma.p, q: report.gammaGamma.q, v: report.gammaGamma.v },
      ...(threshold !== null ? { bestThreshold: threshold } : {}),
    },
    computedAt: now,
  });
}
