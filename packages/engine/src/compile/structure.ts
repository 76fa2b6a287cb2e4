// How hard a model's decision diagram will be, read from its structure before building it.
// The diagram is built in the FORCE order (dd/order.ts); at each cut between two levels, the
// features above the cut that still share a rule with a feature below it are "open", and a
// level's width is bounded by the product of their domains. So the open bits per cut
// (Σ log2 |domain| of the open features — the order's pathwidth, weighted) say how wide the
// diagram can grow. Feature models with thousands of clauses that cross the whole order
// (Linux, BusyBox, automotive) leave hundreds of levels with more than 24 open bits; every model
// whose diagram builds within the budget leaves fewer than 110 (axTLS, 684 features: 107;
// Renault Megane: 40). `auto` sends a model with many such levels to SAT at once instead of
// spending its time budget on a diagram it would abandon (automotive02: 3 s before).
import type { IR } from './ir.ts';
import { collectFeatures } from './ir.ts';
import { forceOrder } from '../dd/order.ts';

export interface StructureEstimate {
  variables: number;
  rules: number;
  /** The diagram's variable order (`order[level] = feature`), reused by the build. */
  order: number[];
  /** The most open bits at any cut of the order. */
  maxOpenBits: number;
  /** Cuts with more than WIDE_CUT_BITS open bits. */
  wideCuts: number;
}

/** A cut this wide can hold 2^24 nodes on one level: more than a diagram worth building. */
export const WIDE_CUT_BITS = 24;
/** Wide cuts beyond which `auto` does not try the diagram. */
export const HOPELESS_WIDE_CUTS = 200;
/** Below this many features the diagram is always tried (the time budget bounds it cheaply). */
export const ALWAYS_TRY_BELOW = 200;

/** The FORCE order of the model and the open bits at each of its cuts: O(Σ rule sizes). */
export function estimateStructure(ir: IR): StructureEstimate {
  const n = ir.features.length;
  const scopes = ir.rules.map((r) => [...collectFeatures(r.expr, new Set<number>())]);
  const order = forceOrder(n, scopes);
  const level = new Int32Array(n);
  order.forEach((f, l) => (level[f] = l));
  // The last level at which each feature still shares a rule with a feature below it.
  const lastNeeded = Int32Array.from(level);
  for (const scope of scopes) {
    let deepest = -1;
    for (const f of scope) deepest = Math.max(deepest, level[f]!);
    for (const f of scope) lastNeeded[f] = Math.max(lastNeeded[f]!, deepest);
  }
  const delta = new Float64Array(n + 1);
  for (let f = 0; f < n; f++) {
    if (lastNeeded[f]! <= level[f]!) continue;
    const bits = Math.log2(Math.max(2, ir.features[f]!.values.length));
    delta[level[f]!] = delta[level[f]!]! + bits;
    delta[lastNeeded[f]!] = delta[lastNeeded[f]!]! - bits;
  }
  let open = 0;
  let maxOpenBits = 0;
  let wideCuts = 0;
  for (let l = 0; l < n; l++) {
    open += delta[l]!;
    maxOpenBits = Math.max(maxOpenBits, open);
    if (open > WIDE_CUT_BITS + 1e-9) wideCuts++;
  }
  return {
    variables: n,
    rules: ir.rules.length,
    order,
    maxOpenBits: Math.round(maxOpenBits),
    wideCuts,
  };
}

/** Whether `auto` should skip the diagram and serve the model with SAT straight away. */
export function diagramHopeless(s: StructureEstimate): boolean {
  return s.variables >= ALWAYS_TRY_BELOW && s.wideCuts >= HOPELESS_WIDE_CUTS;
}
