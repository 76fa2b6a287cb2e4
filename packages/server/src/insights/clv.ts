// Customer value from purchase history: the BG/NBD model of repeat buying (Fader, Hardie & Lee
// 2005, "Counting Your Customers the Easy Way") for whether a customer is still active and how
// often they will buy, and the Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee
// 2005, "RFM and CLV"; Hardie's note 025) — both fitted by maximum likelihood. Pure functions over
// plain numbers; time is in days unless the caller summarizes in another unit.
import gammaln from '@stdlib/math-base-special-gammaln';
import { nelderMead } from './nelder-mead.ts';

/** One customer's history as the models read it. */
export type CustomerSummary = {
  customer: string;
  /** Repeat purchases: purchase days after the first (several purchases on one day count once). */
  frequency: number;
  /** Age of the customer at the last purchase (time from the first purchase to the last). */
  recency: number;
  /** Age of the customer at the end of the calibration period. */
  T: number;
  /** Mean spend of the repeat purchases in minor units (0 without repeat purchases). */
  monetary: number;
};

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };
export type GammaGammaParams = { p: number; q: number; v: number };

/** ln(e^x + e^y) without overflow. */
function logAddExp(x: number, y: number): number {
  if (x === Number.NEGATIVE_INFINITY) return y;
  if (y === Number.NEGATIVE_INFINITY) return x;
  const m = Math.max(x, y);
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
}

/** The BG/NBD log-likelihood of one customer (Fader, Hardie & Lee 2005, eq. 6, in logs). */
export function bgNbdCustomerLogLikelihood(
  { r, alpha, a, b }: BgNbdParams,
  x: number,
  tx: number,
  T: number,
): number {
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 =
    x > 0
      ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx)
      : Number.NEGATIVE_INFINITY;
  return a1 + a2 + logAddExp(a3, a4);
}

/**
 * Customers with the same (frequency, recency, T) counted once with their weight, as columns: a
 * likelihood evaluation then costs a few logarithms per distinct history, and the Γ terms once
 * per distinct frequency (histories in days repeat a lot).
 */
type Cells = {
  x: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  n: Float64Array;
  /** Distinct frequencies, ascending. */
  xs: number[];
};

function cellsOf(rows: readonly CustomerSummary[]): Cells {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const n: number[] = [];
  for (const c of rows) {
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    const at = index.get(key);
    if (at !== undefined) n[at]!++;
    else {
      index.set(key, x.length);
      x.push(c.frequency);
      tx.push(c.recency);
      T.push(c.T);
      n.push(1);
    }
  }
  return {
    x: Int32Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    n: Float64Array.from(n),
    xs: [...new Set(x)].sort((p, q) => p - q),
  };
}

/** The BG/NBD log-likelihood of all `cells`, the same sum as bgNbdCustomerLogLikelihood's. */
function cellsLogLikelihood({ r, alpha, a, b }: BgNbdParams, cells: Cells): number {
  const maxX = cells.xs.at(-1) ?? 0;
  const base = new Float64Array(maxX + 1);
  const c4 = new Float64Array(maxX + 1);
  const shared = r * Math.log(alpha) - gammaln(r) + gammaln(a + b) - gammaln(b);
  for (const x of cells.xs) {
    base[x] = shared + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x);
    c4[x] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
  }
  let ll = 0;
  const { x: xs, tx, T, n } = cells;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const a3 = -(r + x) * Math.log(alpha + T[i]!);
    let mix = a3;
    if (x > 0) {
      const a4 = c4[x]! - (r + x) * Math.log(alpha + tx[i]!);
      mix = Math.max(a3, a4) + Math.log1p(Math.exp(-Math.abs(a3 - a4)));
    }
    ll += n[i]! * (base[x]! + mix);
  }
  return ll;
}

export function bgNbdLogLikelihood(params: BgNbdParams, rows: readonly CustomerSummary[]): number {
  return cellsLogLikelihood(params, cellsOf(rows));
}

export type Fit<P> = { params: P; logLikelihood: number; iterations: number; converged: boolean };

/** Thrown when the history cannot identify a model (too few customers or repeat buyers). */
export class NotEnoughHistory extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotEnoughHistory';
  }
}

/**
 * Maximum-likelihood BG/NBD parameters: Nelder–Mead over the logs of (r, α, a, b), so every
 * candidate is positive, restarted from its own optimum until the likelihood stops improving.
 */
export function fitBgNbd(rows: readonly CustomerSummary[]): Fit<BgNbdParams> {
  if (rows.length < 2) throw new NotEnoughHistory('BG/NBD needs at least two customers');
  if (!rows.some((c) => c.frequency > 0))
    throw new NotEnoughHistory('BG/NBD needs at least one customer who bought again');
  const cells = cellsOf(rows);
  const meanT = rows.reduce((s, c) => s + c.T, 0) / rows.length;
  const params = ([lr, la, lA, lB]: number[]): BgNbdParams => ({
    r: Math.exp(lr!),
    alpha: Math.exp(la!),
    a: Math.exp(lA!),
    b: Math.exp(lB!),
  });
  return restarted(
    (v) => -cellsLogLikelihood(params(v), cells),
    [0, Math.log(Math.max(meanT, 1e-3)), 0, 0],
    params,
  );
}

function restarted<P>(
  negLl: (v: number[]) => number,
  start: number[],
  params: (v: number[]) => P,
): Fit<P> {
  let best = nelderMead(negLl, start);
  let iterations = best.iterations;
  for (let round = 0; round < 5; round++) {
    const again = nelderMead(negLl, best.x, { step: 0.05 });
    iterations += again.iterations;
    const improved = best.fx - again.fx > 1e-9 * Math.max(1, Math.abs(best.fx));
    if (again.fx < best.fx) best = again;
    if (!improved) break;
  }
  return {
    params: params(best.x),
    logLikelihood: -best.fx,
    iterations,
    converged: best.converged && Number.isFinite(best.fx),
  };
}

/** P(the customer is still active | history) (Fader, Hardie & Lee 2005, eq. 11). */
export function pAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const lnRatio = (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(Math.log(a / (b + x - 1)) + lnRatio));
}

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for 0 ≤ z < 1 by its power series, summed
 * until the terms no longer change the sum (they shrink geometrically with z).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * Expected purchases in the next `t` of a customer with history (x, tx, T) (Fader, Hardie & Lee
 * 2005, eq. 10). For a < 1 both (a−1) and the bracket are negative and the quotient is the
 * expectation still; at a = 1 exactly the formula is 0/0 and a is moved off 1 by a hair.
 */
export function expectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, b } = params;
  const a = Math.abs(params.a - 1) < 1e-9 ? 1 + 1e-9 : params.a;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const tail =
    1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const alive = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1;
  return (head * tail) / alive;
}

/** Expected purchases of a new customer in their first `t` (eq. 9). */
export function expectedPurchasesOfNewCustomer(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  return (
    ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z))
  );
}

/** The Gamma-Gamma log-likelihood of one customer's mean spend `m` over `x` repeat purchases. */
export function gammaGammaCustomerLogLikelihood(
  { p, q, v }: GammaGammaParams,
  x: number,
  m: number,
): number {
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(v) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * m + v)
  );
}

/** Maximum-likelihood Gamma-Gamma parameters over the customers who bought again. */
export function fitGammaGamma(rows: readonly CustomerSummary[]): Fit<GammaGammaParams> {
  const repeat = rows.filter((c) => c.frequency > 0 && c.monetary > 0);
  if (repeat.length < 2)
    throw new NotEnoughHistory('Gamma-Gamma needs at least two customers who bought again');
  const mean = repeat.reduce((s, c) => s + c.monetary, 0) / repeat.length;
  const params = ([lp, lq, lv]: number[]): GammaGammaParams => ({
    p: Math.exp(lp!),
    q: Math.exp(lq!),
    v: Math.exp(lv!),
  });
  // Per customer only what depends on its own figures; the Γ terms once per distinct frequency.
  const x = Float64Array.from(repeat, (c) => c.frequency);
  const m = Float64Array.from(repeat, (c) => c.monetary);
  const lnM = m.map(Math.log);
  const lnX = x.map(Math.log);
  const xs = [...new Set(x)];
  const negLl = (vec: number[]) => {
    const { p, q, v } = params(vec);
    const gammas = new Map(xs.map((k) => [k, gammaln(p * k + q) - gammaln(p * k)]));
    let ll = repeat.length * (q * Math.log(v) - gammaln(q));
    for (let i = 0; i < x.length; i++) {
      const px = p * x[i]!;
      ll +=
        gammas.get(x[i]!)! +
        (px - 1) * lnM[i]! +
        px * lnX[i]! -
        (px + q) * Math.log(x[i]! * m[i]! + v);
    }
    return -ll;
  };
  return restarted(negLl, [0, 0, Math.log(mean)], params);
}

/**
 * Expected mean spend per future purchase of a customer (Fader, Hardie & Lee 2005, eq. 5): a
 * weighted mean of the population's and the customer's own mean; with no repeat purchases, the
 * population's p·v/(q−1). Needs q > 1.
 */
export function expectedSpend({ p, q, v }: GammaGammaParams, x: number, m: number): number {
  return (p * (v + x * m)) / (p * x + q - 1);
}
