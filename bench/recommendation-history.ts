// A generated purchase history with real structure for the recommendation benchmarks
// (described in docs/recommendations.md): tastes shared by groups of customers, values each
// customer keeps coming back to, and the model's own rules (every design valid, drawn among the
// values the engine still allows).
import type { CompiledModel, Value } from '@customerize/engine';
import type { HistoryRow } from '../packages/server/src/recommendations/recommendations.ts';

/** mulberry32: a small seeded generator. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pickWeighted = <T>(r: () => number, items: T[], w: number[]): T => {
  const total = w.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let i = 0; i < items.length; i++) {
    x -= w[i]!;
    if (x <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
};
const poisson = (r: () => number, mean: number) => {
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
};

/** A history row with its time and whether it is an order (for the split). */
export type Timed = HistoryRow & { at: number };

/**
 * The generator: 6 tastes (segments); each taste prefers one or two values of every feature
 * (weights drawn once); each customer has a taste, a height, and for about half the features a
 * value of their own they keep coming back to. A design is drawn feature by feature in a random
 * order, among the values the engine still allows: 60 % the taste's weights, 30 % the customer's
 * own value (when they have one), 10 % uniform. Each customer makes 1 + Poisson(0.8) orders and
 * Poisson(1) saved designs, in time order.
 */
export function generate(compiled: CompiledModel, customers: number, seed: number): Timed[] {
  const r = rng(seed);
  const features = compiled.ir.features;
  const open = features.filter((f) => !f.customerInput);
  const heightF = features.find((f) => f.customerInput);
  const TASTES = 6;
  const tastes = Array.from({ length: TASTES }, () =>
    open.map((f) => {
      const fav = Math.floor(r() * f.values.length);
      const second = Math.floor(r() * f.values.length);
      return f.values.map((_, i) => (i === fav ? 6 : i === second ? 2 : 0.3));
    }),
  );
  const tasteShare = Array.from({ length: TASTES }, () => 0.5 + r());
  const rows: Timed[] = [];
  let at = 0;
  for (let c = 0; c < customers; c++) {
    const taste = pickWeighted(
      r,
      tastes.map((_, i) => i),
      tasteShare,
    );
    const own = open.map((f) => (r() < 0.5 ? Math.floor(r() * f.values.length) : -1));
    const height = heightF
      ? heightF.values[Math.floor(heightF.values.length * (0.2 + 0.6 * r()))]!
      : undefined;
    const kinds: ('order' | 'design')[] = [];
    const orders = 1 + poisson(r, 0.8);
    const saved = poisson(r, 1);
    for (let i = 0; i < orders; i++) kinds.push('order');
    for (let i = 0; i < saved; i++) kinds.splice(Math.floor(r() * (kinds.length + 1)), 0, 'design');
    for (const kind of kinds) {
      const choices: Record<string, Value> = {};
      if (heightF && height !== undefined) choices[heightF.id] = height;
      const order = open.map((_, i) => i).sort(() => r() - 0.5);
      let ok = true;
      for (const i of order) {
        const f = open[i]!;
        const allowed = compiled.backend.domains(choices)[f.id] ?? [];
        if (allowed.length === 0) {
          ok = false;
          break;
        }
        const w = allowed.map((v) => {
          const vi = f.values.indexOf(v);
          const t = tastes[taste]![i]![vi]! / 8.3;
          return 0.6 * t + (own[i] === vi ? 0.3 : 0) + 0.1 / f.values.length;
        });
        choices[f.id] = pickWeighted(r, allowed, w);
      }
      if (ok) rows.push({ kind, person: `c${c}`, choices, at: at++ });
    }
  }
  return rows;
}
