// Bounded optimal completion on the decision diagram: minimize (or maximize) a linear objective
// subject to linear bounds Σ w·x ≤ max. Exact: a bottom-up dynamic program keeping, per node,
// the Pareto set of (bound sums, objective) of its paths to `true`; a label is dropped when
// another is at least as good on every coordinate, or when even the cheapest way down from the
// root to the node cannot keep some bound. The optimum is the best label at the root whose
// bounds all hold.
import type { Bound, Objective } from '../api.ts';
import type { IR } from '../compile/ir.ts';
import { linearOf } from '../compile/linear.ts';
import { DeadlineExceededError } from '../errors.ts';
import type { FrozenDD } from './frozen.ts';

export interface BoundedInput {
  ir: IR;
  dd: FrozenDD;
  order: Int32Array;
  offset: Int32Array;
  levelOf: Int32Array;
  props: unknown[];
  chosen: Int32Array;
  allow: Uint8Array;
  alive: Uint8Array;
}

interface Label {
  b: Float64Array;
  o: number;
  v: number;
  next: Label | null;
}

const EPS = 1e-9;

/** Per (level, value) offset weights of a linear function. */
function slotWeights(inp: BoundedInput, w: Float64Array[]): Float64Array {
  const L = inp.order.length;
  const out = new Float64Array(inp.offset[L]!);
  for (let l = 0; l < L; l++) out.set(w[inp.order[l]!]!, inp.offset[l]!);
  return out;
}

/** The optimal assignment (value index per feature) within the bounds, or null. */
export function boundedBest(
  inp: BoundedInput,
  objective: Objective,
  bounds: readonly Bound[],
  deadlineMs?: number,
): Int32Array | null {
  const started = Date.now();
  const { lvl, start, kids, dom, roots } = inp.dd;
  const { chosen, allow, alive, offset } = inp;
  const sign = objective.sense === 'max' ? -1 : 1;
  const obj = linearOf(inp.ir, objective.weights, sign);
  const objW = slotWeights(inp, obj.w);
  const K = bounds.length;
  const bw: Float64Array[] = [];
  const limit = new Float64Array(K);
  bounds.forEach((bd, j) => {
    const fn = linearOf(inp.ir, bd.weights);
    bw.push(slotWeights(inp, fn.w));
    limit[j] = bd.max - fn.constant;
  });
  const N = lvl.length;
  const root = roots[0]!;
  const usable = (n: number, l: number, v: number): boolean =>
    (chosen[l]! < 0 || chosen[l] === v) &&
    allow[offset[l]! + v] === 1 &&
    alive[kids[start[n]! + v]!] === 1;
  // Cheapest bound sums from the root down to each node (for pruning).
  const down = bw.map(() => new Float64Array(N).fill(Infinity));
  for (const d of down) d[root] = 0;
  for (let n = root; n < N; n++) {
    if (n < 2 || !alive[n] || down.some((d) => d[n] === Infinity)) continue;
    const l = lvl[n]!;
    const o = offset[l]!;
    for (let v = 0; v < dom[l]!; v++) {
      if (!usable(n, l, v)) continue;
      const k = kids[start[n]! + v]!;
      if (k < 2) continue;
      for (let j = 0; j < K; j++) {
        const x = down[j]![n]! + bw[j]![o + v]!;
        if (x < down[j]![k]!) down[j]![k] = x;
      }
    }
  }
  const labels: Array<Label[] | undefined> = new Array(N);
  labels[1] = [{ b: new Float64Array(K), o: 0, v: -1, next: null }];
  let steps = 0;
  for (let n = N - 1; n >= 2; n--) {
    if (!alive[n] || down[0]?.[n] === Infinity) continue;
    if (deadlineMs !== undefined && (steps++ & 63) === 0 && Date.now() - started > deadlineMs)
      throw new DeadlineExceededError(deadlineMs);
    const l = lvl[n]!;
    const o = offset[l]!;
    const cand: Label[] = [];
    for (let v = 0; v < dom[l]!; v++) {
      if (!usable(n, l, v)) continue;
      const below = labels[kids[start[n]! + v]!];
      if (!below) continue;
      next: for (const lab of below) {
        const b = new Float64Array(K);
        for (let j = 0; j < K; j++) {
          b[j] = lab.b[j]! + bw[j]![o + v]!;
          if (b[j]! + down[j]![n]! > limit[j]! + EPS) continue next;
        }
        cand.push({ b, o: lab.o + objW[o + v]!, v, next: lab });
      }
    }
    cand.sort((x, y) => x.o - y.o);
    const kept: Label[] = [];
    for (const c of cand) {
      const dominated = kept.some((k) => {
        for (let j = 0; j < K; j++) if (k.b[j]! > c.b[j]! + EPS) return false;
        return true;
      });
      if (!dominated) kept.push(c);
    }
    if (kept.length) labels[n] = kept;
    // Children's labels are no longer needed once every parent is done; kept for simplicity.
  }
  const best = labels[root]?.[0];
  if (!best) return null;
  const asg = new Int32Array(inp.order.length);
  let n = root;
  for (let lab: Label | null = best; lab && n > 1; lab = lab.next) {
    asg[inp.order[lvl[n]!]!] = lab.v;
    n = kids[start[n]! + lab.v]!;
  }
  return asg;
}
