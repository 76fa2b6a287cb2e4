// The customer-value report of a purchase history: both models fitted, and per customer the
// probability of being active, the purchases expected over a horizon and their expected value.
import {
  expectedPurchases,
  expectedSpend,
  fitBgNbd,
  fitGammaGamma,
  NotEnoughHistory,
  pAlive,
  type BgNbdParams,
  type GammaGammaParams,
} from './clv.ts';
import { summarize, type Transaction } from './transactions.ts';

export type CustomerValue = {
  customer: string;
  frequency: number;
  recency: number;
  T: number;
  pAlive: number;
  expectedPurchases: number;
  /** Expected spend over the horizon, integer minor units (not discounted). */
  expectedValue: number;
};

export type ClvReport = {
  customers: number;
  calibrationEnd: string;
  horizonDays: number;
  /** Transactions after the calibration end (left out of the fit, counted here). */
  transactionsAfterCalibration: number;
  customersAfterCalibration: number;
  bgnbd: BgNbdParams & { logLikelihood: number; converged: boolean };
  gammaGamma: GammaGammaParams & { logLikelihood: number; converged: boolean };
  /** Highest expected value first. */
  perCustomer: CustomerValue[];
};

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

export function clvReport(
  transactions: readonly Transaction[],
  options: { calibrationEnd?: string; horizonDays: number },
): ClvReport {
  const s = summarize(transactions, options.calibrationEnd);
  const bg = fitBgNbd(s.rows);
  const gg = fitGammaGamma(s.rows);
  if (gg.params.q <= 1)
    throw new NotEnoughHistory(
      `spend per purchase varies too much to estimate its mean (Gamma-Gamma q = ${gg.params.q.toFixed(3)} ≤ 1)`,
    );
  const h = options.horizonDays;
  const perCustomer = s.rows
    .map((c): CustomerValue => {
      const purchases = expectedPurchases(bg.params, h, c.frequency, c.recency, c.T);
      const spend = expectedSpend(gg.params, c.frequency, c.monetary);
      return {
        customer: c.customer,
        frequency: c.frequency,
        recency: c.recency,
        T: c.T,
        pAlive: round(pAlive(bg.params, c.frequency, c.recency, c.T), 6),
        expectedPurchases: round(purchases, 6),
        expectedValue: Math.round(purchases * spend),
      };
    })
    .sort((x, y) => y.expectedValue - x.expectedValue || (x.customer < y.customer ? -1 : 1));
  return {
    customers: s.rows.length,
    calibrationEnd: s.calibrationEnd,
    horizonDays: h,
    transactionsAfterCalibration: s.afterCalibration,
    customersAfterCalibration: s.newAfterCalibration,
    bgnbd: { ...bg.params, logLikelihood: bg.logLikelihood, converged: bg.converged },
    gammaGamma: { ...gg.params, logLikelihood: gg.logLikelihood, converged: gg.converged },
    perCustomer,
  };
}
