// Price, lead-time and property ranges of the decision-diagram backend: min/max dynamic
// programs over the step's passes (bottom-up to `true`, top-down from the root), one pair per
// property and set of choices; per-value ranges combine the two at each edge.
import type { Choices, Interval, QueryOptions, Ranges } from '../api.ts';
import type { Value } from '../model/types.ts';
import type { MddCore, PropDP, PropTable, State } from './core.ts';

/** Min/max DP of one property: up (to true) and down (from root) arrays. */
function propDP(core: MddCore, st: State, p: PropTable): PropDP {
  // Shared by valueRanges and every ranges call on the same state.
  st.dp ??= new Map();
  let dp = st.dp.get(p);
  if (!dp) {
    dp = computePropDP(core, st, p);
    st.dp.set(p, dp);
  }
  return dp;
}

function computePropDP(core: MddCore, st: State, p: PropTable): PropDP {
  const { lvl, start, kids, roots, dom } = core.data.main;
  const N = lvl.length;
  const isMax = p.aggregate === 'max';
  const id = isMax ? -Infinity : 0;
  const upMin = new Float64Array(N).fill(Infinity);
  const upMax = new Float64Array(N).fill(-Infinity);
  upMin[1] = id;
  upMax[1] = id;
  const w = p.w;
  for (let n = N - 1; n >= 2; n--) {
    if (!st.alive[n]) continue;
    const l = lvl[n]!;
    const c = st.chosen[l]!;
    const s = start[n]!;
    const o = core.offset[l]!;
    const lo = c >= 0 ? c : 0;
    const hi = c >= 0 ? c + 1 : dom[l]!;
    let mn = Infinity;
    let mx = -Infinity;
    for (let v = lo; v < hi; v++) {
      const k = kids[s + v]!;
      if (!st.alive[k] || !st.allow[o + v]) continue;
      const a = isMax ? Math.max(w[o + v]!, upMin[k]!) : w[o + v]! + upMin[k]!;
      const b = isMax ? Math.max(w[o + v]!, upMax[k]!) : w[o + v]! + upMax[k]!;
      if (a < mn) mn = a;
      if (b > mx) mx = b;
    }
    upMin[n] = mn;
    upMax[n] = mx;
  }
  const downMin = new Float64Array(N).fill(Infinity);
  const downMax = new Float64Array(N).fill(-Infinity);
  const root = roots[0]!;
  downMin[root] = id;
  downMax[root] = id;
  for (let n = 2; n < N; n++) {
    if (!st.reach[n]) continue;
    const l = lvl[n]!;
    const c = st.chosen[l]!;
    const s = start[n]!;
    const o = core.offset[l]!;
    const lo = c >= 0 ? c : 0;
    const hi = c >= 0 ? c + 1 : dom[l]!;
    for (let v = lo; v < hi; v++) {
      const k = kids[s + v]!;
      if (!st.alive[k] || k < 2 || !st.allow[o + v]) continue;
      const a = isMax ? Math.max(downMin[n]!, w[o + v]!) : downMin[n]! + w[o + v]!;
      const b = isMax ? Math.max(downMax[n]!, w[o + v]!) : downMax[n]! + w[o + v]!;
      if (a < downMin[k]!) downMin[k] = a;
      if (b > downMax[k]!) downMax[k] = b;
    }
  }
  return { upMin, upMax, downMin, downMax };
}

function withBase(core: MddCore, p: PropTable, x: number): number {
  return p.aggregate === 'max' ? Math.max(p.base, x) : p.base + x;
}

function assemble(core: MddCore, get: (p: PropTable) => Interval): Ranges {
  const out: Ranges = { price: { min: 0, max: 0 }, leadTimeDays: { min: 0, max: 0 }, props: {} };
  for (const p of core.props) {
    const iv = get(p);
    if (p.name === 'price') out.price = iv;
    else if (p.name === 'leadTimeDays') out.leadTimeDays = iv;
    else out.props[p.name] = iv;
  }
  return out;
}

export function ranges(core: MddCore, choices: Choices, opts?: QueryOptions): Ranges {
  const st = core.stateOf(choices, opts);
  const root = core.data.main.roots[0]!;
  return assemble(core, (p) => {
    if (p.zero || !st.alive[root]) return { min: p.base, max: p.base };
    const dp = propDP(core, st, p);
    return { min: withBase(core, p, dp.upMin[root]!), max: withBase(core, p, dp.upMax[root]!) };
  });
}

export function valueRanges(
  core: MddCore,
  choices: Choices,
  opts?: QueryOptions,
): Record<string, Array<{ value: Value; ranges: Ranges }>> {
  const st = core.stateOf(choices, opts);
  const { start, kids, dom, levelStart } = core.data.main;
  const total = core.offset[core.L]!;
  const per = core.props.map((p) => {
    const mins = new Float64Array(total).fill(Infinity);
    const maxs = new Float64Array(total).fill(-Infinity);
    if (p.zero) return { mins, maxs, zero: true };
    const dp = propDP(core, st, p);
    const isMax = p.aggregate === 'max';
    for (let l = 0; l < core.L; l++) {
      if (st.chosen[l]! >= 0) continue;
      const o = core.offset[l]!;
      for (let n = levelStart[l]!; n < levelStart[l + 1]!; n++) {
        if (!st.reach[n]) continue;
        const s = start[n]!;
        for (let v = 0; v < dom[l]!; v++) {
          const k = kids[s + v]!;
          if (!st.alive[k] || !st.allow[o + v]) continue;
          const wv = p.w[o + v]!;
          const a = isMax
            ? Math.max(dp.downMin[n]!, wv, dp.upMin[k]!)
            : dp.downMin[n]! + wv + dp.upMin[k]!;
          const b = isMax
            ? Math.max(dp.downMax[n]!, wv, dp.upMax[k]!)
            : dp.downMax[n]! + wv + dp.upMax[k]!;
          if (a < mins[o + v]!) mins[o + v] = a;
          if (b > maxs[o + v]!) maxs[o + v] = b;
        }
      }
    }
    return { mins, maxs, zero: false };
  });
  const { valid } = core.validity(st);
  const out: Record<string, Array<{ value: Value; ranges: Ranges }>> = {};
  for (let l = 0; l < core.L; l++) {
    if (st.chosen[l]! >= 0) continue;
    const f = core.featureOfLevel(l);
    const o = core.offset[l]!;
    const list: Array<{ value: Value; ranges: Ranges }> = [];
    for (let v = 0; v < f.values.length; v++) {
      if (!valid[o + v]) continue;
      list.push({
        value: f.values[v]!,
        ranges: assemble(core, (p) => {
          const i = core.props.indexOf(p);
          if (per[i]!.zero) return { min: p.base, max: p.base };
          return {
            min: withBase(core, p, per[i]!.mins[o + v]!),
            max: withBase(core, p, per[i]!.maxs[o + v]!),
          };
        }),
      });
    }
    out[f.id] = list;
  }
  return out;
}
