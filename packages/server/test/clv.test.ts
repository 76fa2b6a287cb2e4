// Customer value: the BG/NBD and Gamma-Gamma fits reproduce the published CDNOW results, agree
// with an independent implementation of the published likelihood, recover the parameters that
// generated a history, and the transactions CSV is read strictly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  bgNbdCustomerLogLikelihood,
  expectedPurchases,
  expectedPurchasesOfNewCustomer,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  pAlive,
  type CustomerSummary,
} from '../src/insights/clv.ts';
import { nelderMead } from '../src/insights/nelder-mead.ts';
import { simulateHistory } from '../src/insights/simulate.ts';
import { BadTransactions, parseTransactionsCsv, summarize } from '../src/insights/transactions.ts';

/**
 * The CDNOW sample (2,357 customers, 39 weeks; time in weeks) as summarized by Fader & Hardie,
 * redistributed with the lifetimes package (MIT): x repeat purchases, t_x recency, T age, zbar
 * mean repeat spend in dollars.
 */
const cdnow: CustomerSummary[] = readFileSync(
  new URL('./fixtures/cdnow-summary.csv', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [id, x, tx, T, zbar] = line.split(',').map(Number);
    return { customer: String(id), frequency: x!, recency: tx!, T: T!, monetary: zbar! };
  });

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );

test('fitted to the CDNOW sample, BG/NBD gives the parameters and log-likelihood Fader, Hardie and Lee published', () => {
  const fit = fitBgNbd(cdnow);
  // Published (2005, and Hardie's note 004): r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4.
  near(fit.params.r, 0.243, 0.001, 'r');
  near(fit.params.alpha, 4.414, 0.005, 'alpha');
  near(fit.params.a, 0.793, 0.002, 'a');
  near(fit.params.b, 2.426, 0.005, 'b');
  near(fit.logLikelihood, -9582.4, 0.1, 'log-likelihood');
  assert.ok(fit.converged);
});

test('the fitted model predicts what Hardie’s spreadsheet predicts', () => {
  const { params } = fitBgNbd(cdnow);
  // Customer 1 of the sample (x 2, t_x 30.43, T 38.86) over the next 39 weeks: 1.226.
  near(expectedPurchases(params, 39, 2, 30.43, 38.86), 1.226, 0.001, 'conditional expectation');
  // A new customer's expected purchases at these ages (weeks).
  const times = [0.1429, 1, 3, 31.8571, 32, 78];
  const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
  times.forEach((t, i) =>
    near(expectedPurchasesOfNewCustomer(params, t), expected[i]!, 0.0005, `E[X(${t})]`),
  );
  assert.equal(pAlive(params, 0, 0, 38.86), 1, 'no repeat purchase: still alive by definition');
  assert.ok(
    pAlive(params, 5, 2, 38.86) < pAlive(params, 5, 38, 38.86),
    'recent buyers are likelier alive',
  );
});

test('fitted to CDNOW’s repeat buyers, Gamma-Gamma gives the published spend parameters', () => {
  const fit = fitGammaGamma(cdnow);
  // Published (Fader, Hardie & Lee 2005, "RFM and CLV"): p 6.25, q 3.74, ν 15.44.
  near(fit.params.p, 6.25, 0.01, 'p');
  near(fit.params.q, 3.74, 0.01, 'q');
  near(fit.params.v, 15.44, 0.02, 'v');
});

/** Γ by the Lanczos approximation (g = 7), independent of the library the models use. */
function gamma(z: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  z -= 1;
  let x = c[0]!;
  for (let i = 1; i < 9; i++) x += c[i]! / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}
const beta = (a: number, b: number) => (gamma(a) * gamma(b)) / gamma(a + b);

test('the log-likelihoods equal an independent implementation of the published formulas on small cases', () => {
  const params = { r: 0.7, alpha: 3.2, a: 1.4, b: 2.1 };
  for (const [x, tx, T] of [
    [0, 0, 5],
    [1, 2.5, 6],
    [3, 4, 4],
    [4, 1.25, 9.5],
  ] as const) {
    const { r, alpha, a, b } = params;
    // Fader, Hardie & Lee (2005), eq. 6, as printed.
    const common = (gamma(r + x) * Math.pow(alpha, r)) / gamma(r);
    const L =
      (beta(a, b + x) / beta(a, b)) * common * Math.pow(alpha + T, -(r + x)) +
      (x > 0 ? (beta(a + 1, b + x - 1) / beta(a, b)) * common * Math.pow(alpha + tx, -(r + x)) : 0);
    near(
      bgNbdCustomerLogLikelihood(params, x, tx, T),
      Math.log(L),
      1e-9,
      `BG/NBD (${x}, ${tx}, ${T})`,
    );
  }
  const g = { p: 2.5, q: 3.5, v: 40 };
  for (const [x, m] of [
    [1, 12],
    [3, 30.5],
    [6, 7.25],
  ] as const) {
    // The density of a mean of x Gamma(p, ν) spends, ν ~ Gamma(q, γ), integrated over ν.
    const L =
      ((gamma(g.p * x + g.q) / (gamma(g.p * x) * gamma(g.q))) *
        (Math.pow(g.v, g.q) * Math.pow(m, g.p * x - 1) * Math.pow(x, g.p * x))) /
      Math.pow(g.v + m * x, g.p * x + g.q);
    near(gammaGammaCustomerLogLikelihood(g, x, m), Math.log(L), 1e-9, `Gamma-Gamma (${x}, ${m})`);
  }
});

test('a history simulated from known BG/NBD and Gamma-Gamma parameters is fitted back within 15 %', () => {
  const truth = { r: 0.6, alpha: 18, a: 0.9, b: 3.2 };
  const spendTruth = { p: 4, q: 6, v: 900 };
  const rows = simulateHistory(truth, spendTruth, 20_000, { seed: 20261206, minT: 180, maxT: 540 });
  const bg = fitBgNbd(rows).params;
  for (const k of ['r', 'alpha', 'a', 'b'] as const)
    near(bg[k], truth[k], 0.15 * truth[k], `BG/NBD ${k}`);
  const gg = fitGammaGamma(rows).params;
  // p, q and ν are only identified together through the mean spend p·ν/(q−1) and its spread:
  // the mean is recovered tightly, each parameter within the stated 15 %.
  near(
    (gg.p * gg.v) / (gg.q - 1),
    (spendTruth.p * spendTruth.v) / (spendTruth.q - 1),
    0.03 * 720,
    'mean spend',
  );
  for (const k of ['p', 'q', 'v'] as const)
    near(gg[k], spendTruth[k], 0.15 * spendTruth[k], `Gamma-Gamma ${k}`);
});

test('Nelder–Mead finds the minimum of the Rosenbrock valley', () => {
  const m = nelderMead((v) => 100 * (v[1]! - v[0]! ** 2) ** 2 + (1 - v[0]!) ** 2, [-1.2, 1]);
  near(m.x[0]!, 1, 1e-4, 'x');
  near(m.x[1]!, 1, 1e-4, 'y');
  assert.ok(m.converged);
});

test('a transactions CSV is summarized per customer: one purchase per day, the first left out of the spend', () => {
  const csv = [
    'customer,date,amount',
    'ann,2026-01-01,1000',
    'ann,2026-01-01,500',
    'ann,2026-01-11,3000',
    'ann,2026-01-21,1000',
    'bob,2026-01-05,2500',
    '',
    'cy,2026-02-15,800',
  ].join('\n');
  const s = summarize(parseTransactionsCsv(csv), '2026-01-31');
  assert.deepEqual(
    s.rows.sort((a, b) => (a.customer < b.customer ? -1 : 1)),
    [
      { customer: 'ann', frequency: 2, recency: 20, T: 30, monetary: 2000 },
      { customer: 'bob', frequency: 0, recency: 0, T: 26, monetary: 0 },
    ],
  );
  assert.equal(s.afterCalibration, 1, 'the purchase after the calibration end is counted');
  assert.equal(s.newAfterCalibration, 1, 'and its customer, who is not in the fit');
});

test('bad transaction rows are reported with their line numbers, none dropped', () => {
  const csv = [
    'customer,date,amount',
    'ann,2026-01-01,1000',
    ',2026-01-02,100',
    'bob,2026-02-30,100',
    'cy,2026-01-03,12.50',
    'dee,2026-01-04,-5',
    '',
    'eve,yesterday,100',
  ].join('\n');
  assert.throws(
    () => parseTransactionsCsv(csv),
    (e: unknown) => {
      assert.ok(e instanceof BadTransactions);
      assert.deepEqual(
        e.errors.map((x) => [x.line, x.field]),
        [
          [3, 'customer'],
          [4, 'date'],
          [5, 'amount'],
          [6, 'amount'],
          [8, 'date'],
        ],
      );
      return true;
    },
  );
  assert.throws(() => parseTransactionsCsv('who,when,how much\nann,2026-01-01,1\n'), /line 1/);
});

test('`customerize insights clv FILE --json` prints the fitted models and every customer’s value', async () => {
  const run = promisify(execFile);
  const bin = fileURLToPath(new URL('../bin/customerize.mjs', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'customerize-clv-'));
  try {
    // Weekly summaries of the CDNOW sample written out as daily transactions of whole cents.
    const lines = ['customer,date,amount'];
    const day0 = Date.UTC(2025, 0, 1);
    const iso = (days: number) => new Date(day0 + days * 86_400_000).toISOString().slice(0, 10);
    for (const c of cdnow.slice(0, 600)) {
      const first = 273 - Math.round(c.T * 7);
      lines.push(`${c.customer},${iso(first)},${Math.round(c.monetary * 100) || 1500}`);
      for (let k = 1; k <= c.frequency; k++) {
        const day = first + Math.max(k, Math.round((c.recency * 7 * k) / c.frequency));
        lines.push(`${c.customer},${iso(day)},${Math.round(c.monetary * 100)}`);
      }
    }
    const file = join(dir, 'history.csv');
    writeFileSync(file, lines.join('\n'));
    const out = await run(process.execPath, [
      bin,
      'insights',
      'clv',
      file,
      '--json',
      '--calibration-end',
      iso(273),
      '--horizon-days',
      '180',
    ]);
    const report = JSON.parse(out.stdout) as {
      customers: number;
      bgnbd: Record<string, number>;
      gammaGamma: Record<string, number>;
      perCustomer: Array<Record<string, number | string>>;
    };
    assert.equal(report.customers, 600);
    for (const k of ['r', 'alpha', 'a', 'b', 'logLikelihood'])
      assert.ok(Number.isFinite(report.bgnbd[k]), `bgnbd.${k}`);
    for (const k of ['p', 'q', 'v']) assert.ok(report.gammaGamma[k]! > 0, `gammaGamma.${k}`);
    assert.equal(report.perCustomer.length, 600, 'every customer is valued');
    assert.deepEqual(Object.keys(report.perCustomer[0]!).sort(), [
      'T',
      'customer',
      'expectedPurchases',
      'expectedValue',
      'frequency',
      'pAlive',
      'recency',
    ]);
    assert.ok(Number.isInteger(report.perCustomer[0]!.expectedValue), 'value in minor units');

    writeFileSync(file, 'customer,date,amount\nann,2026-13-01,100\nbob,2026-01-02,1.5\n');
    const bad = await run(process.execPath, [bin, 'insights', 'clv', file, '--json']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal((bad as { code: number }).code, 1, 'a bad file fails the command');
    assert.match((bad as { stderr: string }).stderr, /line 2 \(date\).*line 3 \(amount\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
