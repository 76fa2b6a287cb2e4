// Compiles an IR to the decision-diagram backend data: chooses the variable order, builds one
// diagram per rule, conjoins them (rules low in the order first, so the partial product grows
// from the bottom like a band), and freezes the result. When the product is empty it finds a
// minimal set of conflicting rules (insertion-based: each round adds rules until the
// conjunction becomes false; the rule that made it false belongs to the core).
import type { IR } from '../compile/ir.ts';
import { collectFeatures } from '../compile/ir.ts';
import { MddBuilder, conjunctionOrder } from './build.ts';
import { freeze } from './frozen.ts';
import { FALSE, MddManager, TRUE } from './manager.ts';
import type { MddData } from './backend.ts';
import { forceOrder } from './order.ts';

export interface MddCompileResult {
  data: MddData;
  /** Rule ids of a minimal conflict when the model admits no product; empty otherwise. */
  conflict: string[];
  /** Peak number of nodes in the manager during compilation. */
  peakNodes: number;
}

/**
 * `nodeBudget` / `timeBudgetMs`: see MddManager (NodeBudgetExceeded / TimeBudgetExceeded).
 */
export function compileMdd(
  ir: IR,
  nodeBudget = Infinity,
  fixedOrder?: number[],
  timeBudgetMs = Infinity,
): MddCompileResult {
  const nf = ir.features.length;
  const scopes = ir.rules.map((r) => [...collectFeatures(r.expr, new Set())]);
  const order = Int32Array.from(fixedOrder ?? forceOrder(nf, scopes));
  const levelOf = new Int32Array(nf);
  order.forEach((f, l) => (levelOf[f] = l));
  const m = new MddManager(
    Array.from(order, (f) => ir.features[f]!.values.length),
    nodeBudget,
    timeBudgetMs,
  );
  const builder = new MddBuilder(m, levelOf);
  let roots = ir.rules.map((r) => builder.build(r.expr));
  let peakNodes = m.size;
  const seq = conjunctionOrder(scopes.map((s) => s.map((f) => levelOf[f]!)));
  let acc = TRUE;
  let gcAt = Math.max(1 << 20, m.size * 4);
  for (const i of seq) {
    acc = m.and(acc, roots[i]!);
    if (acc === FALSE) break;
    if (m.size > gcAt) {
      peakNodes = Math.max(peakNodes, m.size);
      const kept = m.gc([...roots, acc]);
      acc = kept.pop()!;
      roots = kept;
      gcAt = Math.max(1 << 20, m.size * 4);
    }
  }
  peakNodes = Math.max(peakNodes, m.size);
  let conflict: string[] = [];
  if (acc === FALSE)
    conflict = minimalConflict(m, roots, seq)
      .sort((a, b) => a - b)
      .map((i) => ir.rules[i]!.id);
  const main = freeze(m, [acc], true);
  const rules = freeze(m, roots, false);
  return { data: { order, main, rules }, conflict, peakNodes };
}

function minimalConflict(m: MddManager, roots: number[], seq: number[]): number[] {
  const core: number[] = [];
  let candidates = seq.slice();
  while (true) {
    let acc = TRUE;
    for (const r of core) acc = m.and(acc, roots[r]!);
    if (acc === FALSE) return core;
    let culprit = -1;
    for (let j = 0; j < candidates.length; j++) {
      acc = m.and(acc, roots[candidates[j]!]!);
      if (acc === FALSE) {
        culprit = j;
        break;
      }
    }
    if (culprit < 0) return core; // cannot happen for an empty product
    core.push(candidates[culprit]!);
    candidates = candidates.slice(0, culprit);
  }
}
