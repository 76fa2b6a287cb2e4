// Exact model counting for the SAT backend, or an honest "too large" (null).
//
// Pure clause encodings (no auxiliary variables or pseudo-Boolean constraints — e.g. every
// imported feature model) are counted by a DPLL counter with unit propagation, connected
// components and a component cache, under a node budget. Other encodings are counted by
// enumerating configurations with blocking clauses over the feature variables (a projection,
// so auxiliary variables never double-count), up to a limit.
import type { Choices, QueryOptions } from '../api.ts';
import type { IR } from '../compile/ir.ts';
import { ENUMERATION_LIMIT, CACHE_SIZE, type SatCore } from './core.ts';
import { domainsOf } from './domains.ts';
import { encode } from './encode.ts';

/** Clause visits allowed per unit of the node budget (see workBudget). */
const WORK_PER_NODE = 256;

/**
 * The budget bounds work, not just search nodes: on a large model (Linux: 40k clauses) each
 * node scans thousands of clauses, and a node count alone lets a search run for minutes.
 * Returns the function propagation calls with each pass's clause count.
 */
function workBudget(nodeBudget: number): (clauseVisits: number) => void {
  let left = nodeBudget * WORK_PER_NODE;
  return (clauseVisits) => {
    left -= clauseVisits;
    if (left < 0) throw new BudgetExceeded();
  };
}

export interface CountOptions {
  enumerationLimit: number;
  nodeBudget: number;
}

export function countModels(ir: IR, assumptions: number[], options: CountOptions): bigint | null {
  const enc = encode(ir, { record: true });
  // Pure clause models too large for the counter are far too large to enumerate.
  if (!enc.hasAux) return countCnf(enc.primaryVars, enc.clauses, assumptions, options.nodeBudget);
  const all = enumerateModels(ir, assumptions, options.enumerationLimit);
  return all ? BigInt(all.length) : null;
}

/**
 * Every configuration (as a solver model over the feature variables) satisfying the rules and
 * the assumptions, or null when there are more than `limit`.
 */
export function enumerateModels(ir: IR, assumptions: number[], limit: number): Uint8Array[] | null {
  const enc = encode(ir);
  const solver = enc.solver;
  for (const a of assumptions) solver.addClause([a]);
  const out: Uint8Array[] = [];
  const total = enc.offset[ir.features.length]!;
  while (solver.solve()) {
    if (out.length >= limit) return null;
    const m = solver.model.slice(0, enc.primaryVars);
    out.push(m);
    const block: number[] = [];
    for (let s = 0; s < total; s++) {
      const l = enc.slotLit[s]!;
      if ((m[l >> 1] === 1) !== ((l & 1) === 1)) block.push(l ^ 1);
    }
    if (!solver.addClause(block)) break;
  }
  return out;
}

class BudgetExceeded extends Error {}

/**
 * Number of assignments of variables 0..nVars-1 satisfying the clauses and the unit
 * assumptions; null when the node budget runs out.
 */
export function countCnf(
  nVars: number,
  clauses: number[][],
  assumptions: number[],
  budget: number,
): bigint | null {
  const value = new Int8Array(nVars); // 1 true, -1 false, 0 free (per variable)
  const litValue = (l: number): number => {
    const v = value[l >> 1]!;
    return v === 0 ? 0 : (v === 1) !== ((l & 1) === 1) ? 1 : -1;
  };
  for (const a of assumptions) {
    if (litValue(a) === -1) return 0n;
    value[a >> 1] = a & 1 ? -1 : 1;
  }
  const cache = new Map<string, bigint>();
  let nodes = 0;
  const spend = workBudget(budget);

  /** Counts assignments of `vars` satisfying `cls` (clause indices) under the current values. */
  const count = (cls: number[], vars: number[]): bigint => {
    if (++nodes > budget) throw new BudgetExceeded();
    const trail: number[] = [];
    const undo = (): void => {
      for (const v of trail) value[v] = 0;
    };
    const active = propagate(clauses, value, cls, trail, spend);
    if (active === null) {
      undo();
      return 0n;
    }
    // Free variables in no remaining clause double the count each.
    const inClause = new Set<number>();
    for (const ci of active)
      for (const l of clauses[ci]!) if (value[l >> 1] === 0) inClause.add(l >> 1);
    let loose = 0;
    for (const v of vars) if (value[v] === 0 && !inClause.has(v)) loose++;
    let result = 1n << BigInt(loose);
    if (active.length > 0) {
      for (const comp of splitComponents(clauses, active, inClause)) {
        result *= countComponent(comp.clauses, comp.vars);
        if (result === 0n) break;
      }
    }
    undo();
    return result;
  };

  const countComponent = (cls: number[], vars: number[]): bigint => {
    const key = cls
      .map((ci) =>
        clauses[ci]!.filter((l) => value[l >> 1] === 0)
          .sort((a, b) => a - b)
          .join(' '),
      )
      .sort()
      .join('|');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    // Branch on the variable occurring most often in the component.
    const freq = new Map<number, number>();
    for (const ci of cls)
      for (const l of clauses[ci]!)
        if (value[l >> 1] === 0) freq.set(l >> 1, (freq.get(l >> 1) ?? 0) + 1);
    let best = vars[0]!;
    let bestF = -1;
    for (const [v, f] of freq) {
      if (f > bestF) {
        best = v;
        bestF = f;
      }
    }
    let total = 0n;
    for (const val of [1, -1]) {
      value[best] = val;
      total += count(cls, vars);
      value[best] = 0;
    }
    cache.set(key, total);
    return total;
  };

  try {
    const all = clauses.map((_, i) => i);
    const vars: number[] = [];
    for (let v = 0; v < nVars; v++) if (value[v] === 0) vars.push(v);
    return count(all, vars);
  } catch (e) {
    if (e instanceof BudgetExceeded) return null;
    throw e;
  }
}

/** Min and max of a linear objective over the models; null when the node budget runs out. */
export interface Bounds {
  min: number;
  max: number;
}

/**
 * Exact min and max of Σ weight[lit] over the true literals of every assignment of variables
 * 0..nVars-1 satisfying the clauses and the unit assumptions (the same component-caching search
 * as `countCnf`, over the (min, +) and (max, +) semirings). `{min: Infinity, max: -Infinity}`
 * when there is no model; null when the node budget runs out.
 */
export function boundsCnf(
  nVars: number,
  clauses: number[][],
  assumptions: number[],
  weight: Float64Array,
  budget: number,
  /** When given, also returns an assignment (1 = true per variable) reaching that bound. */
  witness?: 'min' | 'max',
): (Bounds & { model?: Uint8Array }) | null {
  const value = new Int8Array(nVars);
  const litValue = (l: number): number => {
    const v = value[l >> 1]!;
    return v === 0 ? 0 : (v === 1) !== ((l & 1) === 1) ? 1 : -1;
  };
  const NONE: Bounds = { min: Infinity, max: -Infinity };
  let fixedW = 0;
  for (const a of assumptions) {
    if (litValue(a) === -1) return NONE;
    if (litValue(a) === 0) fixedW += weight[a]!;
    value[a >> 1] = a & 1 ? -1 : 1;
  }
  const cache = new Map<string, Bounds & { minVal: number; maxVal: number }>();
  let nodes = 0;
  const spend = workBudget(budget);
  let keep = false; // while rebuilding a witness: keep assignments instead of undoing them
  const trueLit = (v: number): number => (value[v] === 1 ? 2 * v : 2 * v + 1);

  const solve = (cls: number[], vars: number[]): Bounds => {
    if (++nodes > budget) throw new BudgetExceeded();
    const trail: number[] = [];
    const undo = (): void => {
      if (!keep) for (const v of trail) value[v] = 0;
    };
    const active = propagate(clauses, value, cls, trail, spend);
    if (active === null) {
      undo();
      return NONE;
    }
    let lo = 0;
    let hi = 0;
    for (const v of trail) {
      lo += weight[trueLit(v)]!;
      hi += weight[trueLit(v)]!;
    }
    const inClause = new Set<number>();
    for (const ci of active)
      for (const l of clauses[ci]!) if (value[l >> 1] === 0) inClause.add(l >> 1);
    for (const v of vars) {
      if (value[v] === 0 && !inClause.has(v)) {
        const a = weight[2 * v]!;
        const b = weight[2 * v + 1]!;
        lo += Math.min(a, b);
        hi += Math.max(a, b);
        if (keep) value[v] = (witness === 'min' ? a <= b : a >= b) ? 1 : -1;
      }
    }
    if (active.length > 0) {
      for (const comp of splitComponents(clauses, active, inClause)) {
        const r = component(comp.clauses, comp.vars);
        if (r.min === Infinity) {
          undo();
          return NONE;
        }
        lo += r.min;
        hi += r.max;
      }
    }
    undo();
    return { min: lo, max: hi };
  };

  const component = (cls: number[], vars: number[]): Bounds => {
    const key = cls
      .map((ci) =>
        clauses[ci]!.filter((l) => value[l >> 1] === 0)
          .sort((a, b) => a - b)
          .join(' '),
      )
      .sort()
      .join('|');
    const freq = new Map<number, number>();
    for (const ci of cls)
      for (const l of clauses[ci]!)
        if (value[l >> 1] === 0) freq.set(l >> 1, (freq.get(l >> 1) ?? 0) + 1);
    let best = vars[0]!;
    let bestF = -1;
    for (const [v, f] of freq) {
      if (f > bestF) {
        best = v;
        bestF = f;
      }
    }
    const hit = cache.get(key);
    if (hit !== undefined) {
      if (keep) {
        // Rebuild: take the branch that reached the wanted bound, and descend into it.
        value[best] = witness === 'min' ? hit.minVal : hit.maxVal;
        solve(cls, vars);
      }
      return hit;
    }
    let lo = Infinity;
    let hi = -Infinity;
    let minVal = 1;
    let maxVal = 1;
    for (const val of [1, -1]) {
      value[best] = val;
      const r = solve(cls, vars);
      value[best] = 0;
      if (r.min === Infinity) continue;
      const w = weight[val === 1 ? 2 * best : 2 * best + 1]!;
      if (w + r.min < lo) {
        lo = w + r.min;
        minVal = val;
      }
      if (w + r.max > hi) {
        hi = w + r.max;
        maxVal = val;
      }
    }
    const out = { min: lo, max: hi, minVal, maxVal };
    cache.set(key, out);
    return out;
  };

  try {
    const vars: number[] = [];
    for (let v = 0; v < nVars; v++) if (value[v] === 0) vars.push(v);
    const all = clauses.map((_, i) => i);
    const r = solve(all, vars);
    if (r.min === Infinity) return NONE;
    const out: Bounds & { model?: Uint8Array } = { min: r.min + fixedW, max: r.max + fixedW };
    if (witness) {
      keep = true;
      solve(all, vars);
      out.model = Uint8Array.from(value, (x) => (x === 1 ? 1 : 0));
    }
    return out;
  } catch (e) {
    if (e instanceof BudgetExceeded) return null;
    throw e;
  }
}

/**
 * The connected components of the still-open clauses `active` over the free variables: each
 * component is counted (or optimised) on its own and the results multiplied (or added).
 */
function splitComponents(
  clauses: number[][],
  active: number[],
  free: Set<number>,
): Array<{ clauses: number[]; vars: number[] }> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y)! !== r) {
      const nx = parent.get(y)!;
      parent.set(y, r);
      y = nx;
    }
    return r;
  };
  for (const v of free) parent.set(v, v);
  for (const ci of active) {
    let first = -1;
    for (const l of clauses[ci]!) {
      const v = l >> 1;
      if (!free.has(v)) continue;
      if (first < 0) first = find(v);
      else {
        const r = find(v);
        if (r !== first) parent.set(r, first);
      }
    }
  }
  const byRoot = new Map<number, { clauses: number[]; vars: number[] }>();
  for (const v of free) {
    const r = find(v);
    let c = byRoot.get(r);
    if (!c) byRoot.set(r, (c = { clauses: [], vars: [] }));
    c.vars.push(v);
  }
  for (const ci of active) {
    const l = clauses[ci]!.find((x) => free.has(x >> 1))!;
    byRoot.get(find(l >> 1))!.clauses.push(ci);
  }
  return [...byRoot.values()];
}

/**
 * Unit propagation over the clauses `active` (indices into `clauses`) to a fixpoint: implied
 * variables are set in `value` (1 true, -1 false) and pushed on `trail`. Returns the clauses
 * still open, or null on a conflict (the caller undoes `trail`). `spend` is told each pass's
 * clause count.
 */
function propagate(
  clauses: number[][],
  value: Int8Array,
  active: number[],
  trail: number[],
  spend: (clauseVisits: number) => void,
): number[] | null {
  for (;;) {
    let changed = false;
    const next: number[] = [];
    spend(active.length);
    for (const ci of active) {
      let sat = false;
      let free = 0;
      let last = -1;
      for (const l of clauses[ci]!) {
        const v = value[l >> 1]!;
        if (v === 0) {
          free++;
          last = l;
        } else if ((v === 1) !== ((l & 1) === 1)) {
          sat = true;
          break;
        }
      }
      if (sat) continue;
      if (free === 0) return null;
      if (free === 1) {
        value[last >> 1] = last & 1 ? -1 : 1;
        trail.push(last >> 1);
        changed = true;
        continue;
      }
      next.push(ci);
    }
    active = next;
    if (!changed) return active;
  }
}

// ---- the backend's count query

export function count(core: SatCore, choices: Choices, opts?: QueryOptions): bigint | null {
  core.useRestrictions(opts);
  const chosen = core.chosenOf(choices);
  const key = core.keyOf(chosen);
  if (core.countCache.has(key)) return core.countCache.get(key)!;
  const d = domainsOf(core, chosen);
  let result: bigint | null;
  if (!d.feasible) result = 0n;
  else
    result = countModels(core.ir, core.assumptionsOf(chosen), {
      enumerationLimit: core.options.enumerationLimit ?? ENUMERATION_LIMIT,
      nodeBudget: core.options.countNodeBudget ?? 200000,
    });
  core.countCache.set(key, result);
  if (core.countCache.size > CACHE_SIZE)
    core.countCache.delete(core.countCache.keys().next().value!);
  return result;
}
