// Optimal completions of the decision-diagram backend: shortest paths over the diagram under
// the choices (sum-aggregated costs), bottleneck paths or thresholds for max-aggregated ones,
// and bounded search (bounded.ts) when linear bounds must hold.
import type { Choices, Configuration, Objective, OptimizeOptions, QueryOptions } from '../api.ts';
import { leaveInputOpen } from '../compile/evaluate.ts';
import { UnknownChoiceError } from '../errors.ts';
import { boundedBest } from './bounded.ts';
import type { MddCore, PropTable, State } from './core.ts';

/**
 * Optimal completion. Sum-aggregated properties and `feature=value` weights are per-value
 * costs (a shortest path). A max-aggregated property (lead time) is not: its term is
 * c·max(base, largest value on the path). With c > 0 (minimizing the maximum) and nothing else
 * weighted it is a bottleneck path; otherwise every threshold T of each such property is
 * tried: c > 0 allows only values ≤ T (the term is at most c·T), c < 0 requires some value
 * ≥ T (the term is at most c·T, i.e. at least |c|·T gained) — the best of shortest path + c·T
 * over all thresholds is the exact optimum, as the optimal path is a candidate at T = its max.
 */
export function optimize(
  core: MddCore,
  choices: Choices,
  objective: Objective,
  opts?: OptimizeOptions,
): Configuration | null {
  const best = opts?.bounds?.length
    ? boundedCompletion(core, choices, objective, opts)
    : bestCompletion(core, choices, objective, opts);
  return best && leaveInputOpen(core.ir, choices, best);
}

function boundedCompletion(
  core: MddCore,
  choices: Choices,
  objective: Objective,
  opts: OptimizeOptions,
): Configuration | null {
  const st = core.stateOf(choices, opts);
  const root = core.data.main.roots[0]!;
  if (!st.alive[root]) return null;
  const asg = boundedBest(
    {
      ir: core.ir,
      dd: core.data.main,
      order: core.data.order,
      offset: core.offset,
      levelOf: core.levelOf,
      props: core.props,
      chosen: st.chosen,
      allow: st.allow,
      alive: st.alive,
    },
    objective,
    opts.bounds!,
    opts.deadlineMs,
  );
  return asg && core.configOf(asg);
}

function bestCompletion(
  core: MddCore,
  choices: Choices,
  objective: Objective,
  opts?: QueryOptions,
): Configuration | null {
  const st = core.stateOf(choices, opts);
  const root = core.data.main.roots[0]!;
  if (!st.alive[root]) return null;
  const sign = objective.sense === 'max' ? -1 : 1;
  const slots = core.offset[core.L]!;
  const cost = new Float64Array(slots);
  const maxTerms = new Map<PropTable, number>();
  for (const [key, wt] of Object.entries(objective.weights)) {
    if (wt === 0) continue;
    const eq = key.indexOf('=');
    if (eq >= 0 && !core.props.some((x) => x.name === key)) {
      const f = core.ir.featureIndex.get(key.slice(0, eq));
      if (f === undefined) throw new UnknownChoiceError(key.slice(0, eq));
      const fv = core.ir.features[f]!;
      const vi = fv.values.findIndex((x) => String(x) === key.slice(eq + 1));
      if (vi < 0) throw new UnknownChoiceError(fv.id, key.slice(eq + 1));
      cost[core.offset[core.levelOf[f]!]! + vi]! += sign * wt;
      continue;
    }
    const p = core.props.find((x) => x.name === key);
    if (!p || p.zero) continue;
    if (p.aggregate === 'max') maxTerms.set(p, (maxTerms.get(p) ?? 0) + sign * wt);
    else for (let i = 0; i < slots; i++) cost[i]! += sign * wt * p.w[i]!;
  }
  const terms = [...maxTerms].filter(([, c]) => c !== 0);
  if (terms.length === 0) return core.configOf(bestPath(core, st, cost, null, []).asg!);
  if (terms.length === 1 && terms[0]![1] > 0 && cost.every((x) => x === 0))
    return core.configOf(bestPath(core, st, terms[0]![0].w, 'bottleneck', []).asg!);
  // Thresholds of each max term: its base and every larger value weight.
  const levels = terms.map(([p]) =>
    [...new Set([p.base, ...Array.from(p.w).filter((w) => w > p.base)])].sort((x, y) => x - y),
  );
  let bestValue = Infinity;
  let bestPick: number[] | null = null;
  const pick = new Array<number>(terms.length).fill(0);
  const setup = (at: number[]) => {
    const allowed = new Uint8Array(slots).fill(1);
    const needs: Uint8Array[] = [];
    let extra = 0;
    terms.forEach(([p, c], j) => {
      const T = levels[j]![at[j]!]!;
      extra += c * T;
      if (c > 0) {
        for (let i = 0; i < slots; i++) if (p.w[i]! > T) allowed[i] = 0;
      } else if (T > p.base) {
        const need = new Uint8Array(slots);
        for (let i = 0; i < slots; i++) if (p.w[i]! >= T) need[i] = 1;
        needs.push(need);
      }
    });
    return { allowed, needs, extra };
  };
  const visit = (j: number): void => {
    if (j === terms.length) {
      const { allowed, needs, extra } = setup(pick);
      const v = bestPath(core, st, cost, allowed, needs, false).value + extra;
      if (v < bestValue) {
        bestValue = v;
        bestPick = [...pick];
      }
      return;
    }
    for (let t = 0; t < levels[j]!.length; t++) {
      pick[j] = t;
      visit(j + 1);
    }
  };
  visit(0);
  if (!bestPick) return null;
  const { allowed, needs } = setup(bestPick);
  return core.configOf(bestPath(core, st, cost, allowed, needs).asg!);
}

/**
 * Cheapest alive path under the choices by per-value `cost` (sum, or max for 'bottleneck'),
 * using only `allowed` values and taking, for each of `needs`, at least one value it marks;
 * bottom-up over (node, needs still open). Returns the value and, when asked, the assignment.
 */
function bestPath(
  core: MddCore,
  st: State,
  cost: ArrayLike<number>,
  allowed: Uint8Array | 'bottleneck' | null,
  needs: Uint8Array[],
  withAssignment = true,
): { value: number; asg?: Int32Array } {
  const { lvl, start, kids, roots, dom } = core.data.main;
  const bottleneck = allowed === 'bottleneck';
  const ok = allowed instanceof Uint8Array ? allowed : null;
  const N = lvl.length;
  const M = 1 << needs.length;
  const full = M - 1;
  const best = new Float64Array(N * M).fill(Infinity);
  const arg = new Int32Array(N * M).fill(-1);
  // Index r = needs still open; at the terminal none may be.
  best[1 * M + 0] = bottleneck ? -Infinity : 0;
  for (let n = N - 1; n >= 2; n--) {
    if (!st.alive[n]) continue;
    const l = lvl[n]!;
    const c = st.chosen[l]!;
    const s = start[n]!;
    const o = core.offset[l]!;
    for (let v = 0; v < dom[l]!; v++) {
      if ((c >= 0 && v !== c) || !st.allow[o + v]) continue;
      if (ok && !ok[o + v]) continue;
      const k = kids[s + v]!;
      if (!st.alive[k]) continue;
      let met = 0;
      for (let j = 0; j < needs.length; j++) if (needs[j]![o + v]) met |= 1 << j;
      for (let r = 0; r < M; r++) {
        const below = best[k * M + (r & ~met)]!;
        if (below === Infinity) continue;
        const x = bottleneck ? Math.max(cost[o + v]!, below) : cost[o + v]! + below;
        if (x < best[n * M + r]!) {
          best[n * M + r] = x;
          arg[n * M + r] = v;
        }
      }
    }
  }
  const root = roots[0]!;
  const value = best[root * M + full]!;
  if (!withAssignment || value === Infinity) return { value };
  const asg = new Int32Array(core.L);
  let node = root;
  let r = full;
  while (node > 1) {
    const l = lvl[node]!;
    const v = arg[node * M + r]!;
    asg[core.data.order[l]!] = v;
    const o = core.offset[l]!;
    for (let j = 0; j < needs.length; j++) if (needs[j]![o + v]) r &= ~(1 << j);
    node = kids[start[node]! + v]!;
  }
  return { value, asg };
}
