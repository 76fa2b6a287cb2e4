// The uplift figures against values computed by hand (the arithmetic is in the comments).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  proportionDifference,
  summarize,
  uplift,
  welchDegreesOfFreedom,
  welchDifference,
} from '../src/campaigns/uplift.ts';

const close = (actual: number, expected: number, tolerance = 1e-9, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} ≠ ${expected}`);

test('difference of proportions: 60/200 vs 10/100 is significant', () => {
  // p1 = 0.3, p0 = 0.1, d = 0.2; SE² = 0.3·0.7/200 + 0.1·0.9/100 = 0.00105 + 0.0009 = 0.00195;
  // SE = 0.044158804331639; half = 1.959963984540054 · SE = 0.086549665…
  const d = proportionDifference(60, 200, 10, 100);
  close(d.difference, 0.2);
  const half = 1.959963984540054 * Math.sqrt(0.00195);
  close(half, 0.08654966, 1e-8, 'half width');
  close(d.ci!.low, 0.2 - 0.08654966, 1e-8);
  close(d.ci!.high, 0.2 + 0.08654966, 1e-8);
  assert.equal(d.significant, true);
});

test('difference of proportions: 30/200 vs 2/25 contains 0, not significant', () => {
  // p1 = 0.15, p0 = 0.08, d = 0.07; SE² = 0.1275/200 + 0.0736/25 = 0.0006375 + 0.002944 = 0.0035815;
  // SE = 0.0598456…; half = 0.1172952…; interval (−0.0472952, 0.1872952).
  const d = proportionDifference(30, 200, 2, 25);
  close(d.difference, 0.07);
  close(d.ci!.low, -0.0472952, 1e-6);
  close(d.ci!.high, 0.1872952, 1e-6);
  assert.equal(d.significant, false);
});

test('an empty arm has no interval and is never significant', () => {
  const d = proportionDifference(3, 10, 0, 0);
  assert.equal(d.ci, null);
  assert.equal(d.significant, false);
});

test('Welch: equal variances and sizes give 2(n−1) degrees of freedom and the table t', () => {
  // a = 10…60 step 10: mean 35, variance (625+225+25+25+225+625)/5 = 350; b = 0…50: mean 25,
  // variance 350. SE² = 350/6 + 350/6 = 116.6667, df = 10, t(0.975, 10) = 2.228138851986 (table),
  // half = 2.228138851986 · 10.801234497 = 24.0666502…
  const a = summarize([10, 20, 30, 40, 50, 60]);
  const b = summarize([0, 10, 20, 30, 40, 50]);
  assert.deepEqual(a, { n: 6, mean: 35, variance: 350 });
  close(welchDegreesOfFreedom(a, b), 10, 1e-12);
  const d = welchDifference(a, b);
  close(d.difference, 10);
  close(d.ci!.low, 10 - 24.0666502, 1e-6);
  close(d.ci!.high, 10 + 24.0666502, 1e-6);
  assert.equal(d.significant, false);
  const far = welchDifference(summarize([100, 110, 120, 130, 140, 150]), b);
  close(far.ci!.low, 100 - 24.0666502, 1e-6);
  assert.equal(far.significant, true);
});

test('Welch: unequal variances, degrees of freedom by Welch–Satterthwaite', () => {
  // a = [0,0,100,200,0]: mean 60, variance (3·3600+1600+19600)/4 = 8000; b = [0,50,0,10]: mean 15,
  // variance (225+1225+225+25)/3 = 566.6667. va = 1600, vb = 141.6667,
  // df = 1741.6667² / (1600²/4 + 141.6667²/3) = 3033402.78 / 646689.81 = 4.690661…
  const a = summarize([0, 0, 100, 200, 0]);
  const b = summarize([0, 50, 0, 10]);
  close(a.variance, 8000);
  close(b.variance, 1700 / 3, 1e-9);
  close(welchDegreesOfFreedom(a, b), 4.690661, 1e-6);
});

test('uplift puts both arms side by side', () => {
  const u = uplift(
    { customers: 6, converted: 5, revenue: summarize([100, 110, 120, 130, 140, 150]) },
    { customers: 6, converted: 5, revenue: summarize([0, 10, 20, 30, 40, 50]) },
  );
  assert.equal(u.mailed.revenuePerCustomer, 125);
  assert.equal(u.holdout.revenuePerCustomer, 25);
  close(u.mailed.conversionRate, 5 / 6);
  assert.equal(u.conversion.difference, 0);
  assert.equal(u.conversion.significant, false);
  assert.equal(u.revenuePerCustomer.significant, true);
});
