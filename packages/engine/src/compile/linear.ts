// Linear functions over a configuration for bounded optimization: the keys objectives use
// (sum-aggregated property names and `feature=value` keys) as a constant plus a weight per
// (feature, value).
import { UnknownChoiceError } from '../errors.ts';
import type { IR } from './ir.ts';

export interface LinearFn {
  constant: number;
  /** `w[feature][value]`. */
  w: Float64Array[];
}

/** Thrown when a bounded optimization names a max-aggregated property (lead time). */
export class UnsupportedBoundError extends Error {
  constructor(key: string) {
    super(`'${key}' is max-aggregated: bounded optimization takes sum-aggregated keys only`);
    this.name = 'UnsupportedBoundError';
  }
}

export function linearOf(ir: IR, weights: Record<string, number>, sign = 1): LinearFn {
  const w = ir.features.map((f) => new Float64Array(f.values.length));
  let constant = 0;
  for (const [key, wt] of Object.entries(weights)) {
    if (wt === 0) continue;
    const p = ir.properties.find((x) => x.name === key);
    if (!p) {
      const eq = key.indexOf('=');
      if (eq < 0) continue; // an undeclared property weighs nothing (as in optimize)
      const f = ir.featureIndex.get(key.slice(0, eq));
      if (f === undefined) throw new UnknownChoiceError(key.slice(0, eq));
      const fv = ir.features[f]!;
      const vi = fv.values.findIndex((x) => String(x) === key.slice(eq + 1));
      if (vi < 0) throw new UnknownChoiceError(fv.id, key.slice(eq + 1));
      w[f]![vi]! += sign * wt;
      continue;
    }
    const nonZero = p.w.some((ws) => ws.some((x) => x !== 0));
    if (p.aggregate === 'max') {
      if (nonZero) throw new UnsupportedBoundError(key);
      constant += sign * wt * p.base;
      continue;
    }
    constant += sign * wt * p.base;
    p.w.forEach((ws, f) => ws.forEach((x, v) => (w[f]![v]! += sign * wt * x)));
  }
  return { constant, w };
}

/** Value of a linear function on an assignment of value indices (per feature). */
export function linearValue(fn: LinearFn, asg: ArrayLike<number>): number {
  let s = fn.constant;
  for (let f = 0; f < fn.w.length; f++) s += fn.w[f]![asg[f]!]!;
  return s;
}
