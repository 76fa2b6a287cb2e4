// Purchase histories drawn from the BG/NBD and Gamma-Gamma models themselves, seeded, so fits
// can be checked against the parameters that made the data (parameter recovery) and timed on any
// number of customers.
import type { BgNbdParams, CustomerSummary, GammaGammaParams } from './clv.ts';

/** A seeded uniform generator on [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted below shape 1. */
export function sampleGamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/**
 * `n` customers, each observed for T days (uniform in [minT, maxT)): purchase rate λ ~ Gamma(r, α),
 * dropout probability after each purchase p ~ Beta(a, b), spend per purchase ~ Gamma(p, ν) with
 * ν ~ Gamma(q, v). The first purchase starts the customer (time 0) and is not counted.
 */
export function simulateHistory(
  bg: BgNbdParams,
  spend: GammaGammaParams,
  n: number,
  options: { seed: number; minT: number; maxT: number },
): CustomerSummary[] {
  const random = seededRandom(options.seed);
  const rows: CustomerSummary[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(random, bg.r, bg.alpha);
    const pa = sampleGamma(random, bg.a, 1);
    const dropout = pa / (pa + sampleGamma(random, bg.b, 1));
    const T = options.minT + Math.floor(random() * (options.maxT - options.minT));
    const nu = sampleGamma(random, spend.q, spend.v);
    let t = 0;
    let x = 0;
    let tx = 0;
    let spent = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (t > T) break;
      x++;
      tx = t;
      spent += sampleGamma(random, spend.p, nu);
      if (random() < dropout) break;
    }
    // Observed as dates: recency in whole days.
    rows.push({
      customer: String(i),
      frequency: x,
      recency: Math.floor(tx),
      T,
      monetary: x ? spent / x : 0,
    });
  }
  return rows;
}
