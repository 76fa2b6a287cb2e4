// What a campaign earned, measured against its hold-out group: conversion rate and revenue per
// customer in the attribution window, the mailed arm against the hold-out arm, each difference
// with a 95 % confidence interval. Pure functions over per-customer figures.
//
// - Conversion: the difference of two proportions with the unpooled (Wald) standard error,
//   sqrt(p1(1−p1)/n1 + p0(1−p0)/n0), and z = 1.959963984540054.
// - Revenue per customer: Welch's t interval for the difference of two means (unequal
//   variances), with the Welch–Satterthwaite degrees of freedom and Student's t quantile.
// An interval that contains 0 is "not significant"; so is an arm too small to estimate a spread.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export const Z_975 = 1.959963984540054;

export type Interval = { low: number; high: number };

export type Difference = {
  /** mailed − holdout */
  difference: number;
  /** The 95 % confidence interval of the difference; null when it cannot be estimated. */
  ci: Interval | null;
  /** True only when the interval exists and excludes 0. */
  significant: boolean;
};

export type ArmFigures = {
  /** Customers in the arm. */
  customers: number;
  /** Customers with at least one order in the window. */
  converted: number;
  /** Revenue per customer in the window (minor units), every customer of the arm, zeros too. */
  revenue: Summary;
};

function verdict(difference: number, ci: Interval | null): Difference {
  return {
    difference,
    ci,
    significant: ci !== null && (ci.low > 0 || ci.high < 0),
  };
}

/** Difference of proportions x1/n1 − x0/n0 with its 95 % Wald interval (unpooled variance). */
export function proportionDifference(x1: number, n1: number, x0: number, n0: number): Difference {
  if (n1 <= 0 || n0 <= 0) return verdict(0, null);
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  const d = p1 - p0;
  return verdict(d, { low: d - Z_975 * se, high: d + Z_975 * se });
}

export type Summary = { n: number; mean: number; variance: number };

/** Count, mean and sample variance (n − 1 in the denominator; 0 below two values). */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n, mean: 0, variance: 0 };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { n, mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

/** Welch–Satterthwaite degrees of freedom of two summaries. */
export function welchDegreesOfFreedom(a: Summary, b: Summary): number {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  return (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
}

/** Difference of means a − b with Welch's 95 % interval. */
export function welchDifference(a: Summary, b: Summary): Difference {
  const d = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return verdict(d, null);
  const se2 = a.variance / a.n + b.variance / b.n;
  // Both arms without any spread: the difference is exact (both constant), no interval to give.
  if (se2 === 0) return verdict(d, null);
  const df = welchDegreesOfFreedom(a, b);
  const half = tQuantile(0.975, df) * Math.sqrt(se2);
  return verdict(d, { low: d - half, high: d + half });
}

export type Uplift = {
  mailed: {
    customers: number;
    converted: number;
    conversionRate: number;
    revenuePerCustomer: number;
  };
  holdout: {
    customers: number;
    converted: number;
    conversionRate: number;
    revenuePerCustomer: number;
  };
  conversion: Difference;
  revenuePerCustomer: Difference;
};

export function uplift(mailed: ArmFigures, holdout: ArmFigures): Uplift {
  const arm = (a: ArmFigures) => ({
    customers: a.customers,
    converted: a.converted,
    conversionRate: a.customers > 0 ? a.converted / a.customers : 0,
    revenuePerCustomer: a.revenue.mean,
  });
  return {
    mailed: arm(mailed),
    holdout: arm(holdout),
    conversion: proportionDifference(
      mailed.converted,
      mailed.customers,
      holdout.converted,
      holdout.customers,
    ),
    revenuePerCustomer: welchDifference(mailed.revenue, holdout.revenue),
  };
}
