// Optimal completions of the SAT backend: linear and binary search, the solver adding an
// objective bound (a native pseudo-Boolean constraint behind an activation literal) until it
// proves no better model exists; on pure clause models the exact optimum of the
// component-caching search first. Linear bounds are pseudo-Boolean constraints too.
import type { Choices, Configuration, Objective, OptimizeOptions } from '../api.ts';
import { linearOf } from '../compile/linear.ts';
import { literalIndex } from '../compile/ir.ts';
import { leaveInputOpen, validateConfiguration } from '../compile/evaluate.ts';
import { DeadlineExceededError, UnknownChoiceError } from '../errors.ts';
import type { SatCore } from './core.ts';
import { boundsCnf } from './count.ts';
import { neg, pos } from './solver.ts';

/**
 * Minimizes Σ coefs·lits (any signs) under assumptions; returns the best model and its value,
 * or null when the assumptions admit no model.
 */
export function minimize(
  core: SatCore,
  assumptions: number[],
  litsIn: number[],
  coefsIn: number[],
  deadline?: { at: number; ms: number },
): { model: Uint8Array; value: number } | null {
  const solver = core.enc.solver;
  let constant = 0;
  const lits: number[] = [];
  const coefs: number[] = [];
  litsIn.forEach((l, i) => {
    const c = coefsIn[i]!;
    if (c > 0) {
      lits.push(l);
      coefs.push(c);
    } else if (c < 0) {
      constant += c;
      lits.push(l ^ 1);
      coefs.push(-c);
    }
  });
  const valueOf = (m: Uint8Array): number => {
    let v = 0;
    lits.forEach((l, i) => {
      if ((m[l >> 1] === 1) !== ((l & 1) === 1)) v += coefs[i]!;
    });
    return v;
  };
  let best: Uint8Array | null = null;
  let bestValue = Infinity;
  let maxVar = 0;
  for (const l of lits) maxVar = Math.max(maxVar, l >> 1);
  for (const m of core.pool) {
    if (m.length > maxVar && core.modelSatisfies(m, assumptions)) {
      const v = valueOf(m);
      if (v < bestValue) {
        best = m;
        bestValue = v;
      }
    }
  }
  if (!best) {
    if (!solver.solve(assumptions)) return null;
    best = core.remember();
    bestValue = valueOf(best);
  }
  // Binary search between a proven lower bound and the best model's value: "value ≤ mid" is
  // a pseudo-Boolean constraint behind an activation literal; a model tightens the upper
  // end to its value, a refutation raises the lower end.
  const total = coefs.reduce((a, b) => a + b, 0);
  let lo = 0;
  let exact = false;
  // Pure clause models: the exact optimum from the component-caching search, so the solver
  // only has to find a model meeting it.
  const primary = core.enc.primaryVars;
  // (Not under bound constraints: they are not clauses of the pure encoding.)
  if (
    core.pure &&
    lits.every((l) => l >> 1 < primary) &&
    assumptions.every((l) => l >> 1 < primary)
  ) {
    const weight = new Float64Array(2 * primary);
    lits.forEach((l, i) => (weight[l] = weight[l]! + coefs[i]!));
    const b = boundsCnf(
      primary,
      core.pure,
      assumptions,
      weight,
      core.options.countNodeBudget ?? 200000,
      'min',
    );
    if (b) {
      if (b.min === Infinity) return null;
      const m = b.model;
      const holds =
        m &&
        core.modelSatisfies(m, assumptions) &&
        validateConfiguration(core.ir, core.configurationOf(m)).valid;
      if (m && holds && valueOf(m) === b.min) return { model: m, value: b.min + constant };
      lo = b.min;
      exact = true;
    }
  }
  while (lo < bestValue) {
    if (deadline && Date.now() > deadline.at) throw new DeadlineExceededError(deadline.ms);
    const mid = exact ? lo : Math.floor((lo + bestValue - 1) / 2);
    const act = solver.newVar();
    const id = solver.addPb(
      [...lits, pos(act)],
      [...coefs, Math.max(0, total - mid)],
      Math.max(total, mid),
    );
    for (let v = 0; v < best.length; v++) solver.setPhase(v, best[v] === 1);
    const sat = solver.solve([...assumptions, pos(act)]);
    solver.removePb(id);
    core.disable(act);
    if (sat) {
      best = core.remember();
      const v = valueOf(best);
      if (v > mid) throw new Error(`internal: bound ${mid} not enforced (value ${v})`);
      bestValue = v;
    } else {
      lo = mid + 1;
      exact = false;
    }
  }
  return { model: best, value: bestValue + constant };
}

/** Literals and weights of a property's total (sum) or of its maximum's excess over the base (max). */
export function propertyTerms(
  core: SatCore,
  name: string,
): { lits: number[]; coefs: number[]; base: number; max: boolean } | null {
  const p = core.ir.properties.find((x) => x.name === name);
  if (!p) return null;
  if (p.aggregate === 'sum') {
    const lits: number[] = [];
    const coefs: number[] = [];
    p.w.forEach((ws, f) =>
      ws.forEach((w, v) => {
        if (w !== 0) {
          lits.push(core.enc.slotLit[core.enc.offset[f]! + v]!);
          coefs.push(w);
        }
      }),
    );
    return { lits, coefs, base: p.base, max: false };
  }
  const levels = maxLevelsOf(core, name);
  const lits: number[] = [];
  const coefs: number[] = [];
  let prev = p.base;
  levels.thresholds.forEach((t, j) => {
    lits.push(levels.lits[j]!);
    coefs.push(t - prev);
    prev = t;
  });
  return { lits, coefs, base: p.base, max: true };
}

/** For a max-aggregated property: y_j ⇔ (some chosen value has weight ≥ T_j), T_j > base ascending. */
export function maxLevelsOf(core: SatCore, name: string): { thresholds: number[]; lits: number[] } {
  const cached = core.maxLevels.get(name);
  if (cached) return cached;
  const p = core.ir.properties.find((x) => x.name === name)!;
  const solver = core.enc.solver;
  const thresholds = [...new Set(p.w.flat().filter((w) => w > p.base))].sort((a, b) => a - b);
  const lits = thresholds.map((t) => {
    const y = solver.newVar();
    const over: number[] = [];
    p.w.forEach((ws, f) =>
      ws.forEach((w, v) => {
        if (w >= t) over.push(core.enc.slotLit[core.enc.offset[f]! + v]!);
      }),
    );
    for (const l of over) solver.addClause([l ^ 1, pos(y)]);
    solver.addClause([neg(y), ...over]);
    return pos(y);
  });
  const levels = { thresholds, lits };
  core.maxLevels.set(name, levels);
  return levels;
}

export function optimize(
  core: SatCore,
  choices: Choices,
  objective: Objective,
  opts?: OptimizeOptions,
): Configuration | null {
  core.useRestrictions(opts);
  const started = Date.now();
  const best = bestCompletion(core, choices, objective, opts);
  if (opts?.deadlineMs !== undefined && Date.now() - started > opts.deadlineMs)
    throw new DeadlineExceededError(opts.deadlineMs);
  return best && leaveInputOpen(core.ir, choices, best);
}

/**
 * Each bound as a pseudo-Boolean constraint enforced while its fresh activation literal is
 * assumed (switched off for good afterwards); null when a bound cannot hold at all.
 */
export function boundActivations(core: SatCore, opts?: OptimizeOptions): number[] | null {
  const acts: number[] = [];
  for (const b of opts?.bounds ?? []) {
    const fn = linearOf(core.ir, b.weights);
    let bound = b.max - fn.constant;
    const lits: number[] = [];
    const coefs: number[] = [];
    fn.w.forEach((ws, f) => {
      let m = Infinity;
      for (const x of ws) if (x < m) m = x;
      bound -= m;
      const o = core.enc.offset[f]!;
      ws.forEach((x, v) => {
        if (x > m) {
          lits.push(core.enc.slotLit[o + v]!);
          coefs.push(x - m);
        }
      });
    });
    if (bound < -1e-9) {
      for (const a of acts) core.disable(a);
      return null;
    }
    const total = coefs.reduce((x, y) => x + y, 0);
    const big = Math.max(0, total - bound);
    if (big === 0) continue;
    const act = core.enc.solver.newVar();
    lits.push(pos(act));
    coefs.push(big);
    core.enc.solver.addPb(lits, coefs, bound + big);
    acts.push(act);
  }
  return acts;
}

export function bestCompletion(
  core: SatCore,
  choices: Choices,
  objective: Objective,
  opts?: OptimizeOptions,
): Configuration | null {
  const chosen = core.chosenOf(choices);
  const sign = objective.sense === 'max' ? -1 : 1;
  const lits: number[] = [];
  const coefs: number[] = [];
  for (const [key, weight] of Object.entries(objective.weights)) {
    if (weight === 0) continue;
    const eq = key.indexOf('=');
    if (eq >= 0 && !core.ir.properties.some((p) => p.name === key)) {
      const f = core.ir.featureIndex.get(key.slice(0, eq));
      if (f === undefined) throw new UnknownChoiceError(key.slice(0, eq));
      const vi = literalIndex(core.ir.features[f]!, key.slice(eq + 1));
      if (vi < 0) throw new UnknownChoiceError(key.slice(0, eq), key.slice(eq + 1));
      lits.push(core.enc.slotLit[core.enc.offset[f]! + vi]!);
      coefs.push(sign * weight);
      continue;
    }
    const t = propertyTerms(core, key);
    if (!t) continue;
    t.lits.forEach((l, i) => {
      lits.push(l);
      coefs.push(sign * weight * t.coefs[i]!);
    });
  }
  const acts = boundActivations(core, opts);
  if (!acts) return null;
  const deadline =
    opts?.deadlineMs !== undefined
      ? { at: Date.now() + opts.deadlineMs, ms: opts.deadlineMs }
      : undefined;
  let best: ReturnType<typeof minimize>;
  try {
    best = minimize(
      core,
      [...core.assumptionsOf(chosen), ...acts.map((a) => pos(a))],
      lits,
      coefs,
      deadline,
    );
  } finally {
    for (const a of acts) core.disable(a);
  }
  return best ? core.configurationOf(best.model) : null;
}
