// The decision-diagram backend: answers every configuration query by passes over a
// quasi-reduced MDD (see frozen.ts), on typed arrays, without building new diagrams.
//
// For a set of choices (a restriction: at a chosen level only the chosen value is allowed):
//   alive[n]  n reaches `true` under the restriction            (bottom-up pass)
//   reach[n]  n is reached from the root by an alive path         (top-down pass)
// Valid domains: value v of level l is valid iff some reached node n at l has an alive child
// under v. Because every path visits every level once, "valid if only the choice at l were
// dropped" (alternatives of a chosen feature) falls out of the same pass.
// Ranges, counts, sampling and optimization are dynamic programs over the same passes.
// Explanations are shortest paths where taking a value other than a current choice costs
// 1 + a tie-break weight that is larger for more recent choices.
import type {
  Backend,
  Choices,
  Configuration,
  Explanation,
  Interval,
  Objective,
  OptimizeOptions,
  QueryOptions,
  Ranges,
  ValidationResult,
} from '../api.ts';
import {
  restrictionMask,
  restrictionRefs,
  restrictionsExcluding,
  restrictionViolations,
  subsetMask,
  RestrictionFacts,
  copyExplanation,
  type RestrictionMask,
} from '../compile/restrictions.ts';
import { boundedBest } from './bounded.ts';
import type { Value } from '../model/types.ts';
import type { IR } from '../compile/ir.ts';
import { collectFeatures, valueIndex } from '../compile/ir.ts';
import { choiceIndices, leaveInputOpen, validateConfiguration } from '../compile/evaluate.ts';
import { UnknownChoiceError } from '../errors.ts';
import type { FrozenDD } from './frozen.ts';

/** What the decision-diagram backend needs besides the IR (and what is serialized). */
export interface MddData {
  /** `order[level] = feature`. */
  order: Int32Array;
  /** Quasi-reduced diagram of all rules; `roots[0]` is the product. */
  main: FrozenDD;
  /** Reduced diagram of each rule alone (`roots[i]` for `ir.rules[i]`), for naming responsible rules. */
  rules: FrozenDD;
  /** Responsible rules of values no configuration has: [offset of (level, value), rule indices]. */
  deadBlame?: Array<[number, number[]]>;
}

interface PropTable {
  name: string;
  aggregate: 'sum' | 'max';
  base: number;
  /** Weight of value v at level l: `w[offset[l] + v]`. */
  w: Float64Array;
  /** True when every weight is 0 (ranges are just the base). */
  zero: boolean;
}

interface PropDP {
  upMin: Float64Array;
  upMax: Float64Array;
  downMin: Float64Array;
  downMax: Float64Array;
}

/**
 * What one set of restrictions implies whatever the choices (see RestrictionFacts): answers
 * that depend only on the restrictions are computed once per set, not once per step.
 */
interface MaskFacts {
  /** Values the restrictions allow, per (level, value) offset. */
  allow: Uint8Array;
  /** Values in some configuration the restrictions allow, with no choice (on first need). */
  freeable?: Uint8Array;
  /** `validUnder` of a subset of the restrictions (deletion search), by the subset's indices. */
  subsets: Map<string, Uint8Array>;
  /** Explanations of values the restrictions exclude whatever the choices, by offset. */
  causes: Map<number, Explanation>;
}

interface State {
  key: string;
  /** Chosen value per level, or -1. */
  chosen: Int32Array;
  /** Values the restrictions allow, per (level, value) offset (all 1 when unrestricted). */
  allow: Uint8Array;
  mask: RestrictionMask;
  alive: Uint8Array;
  reach: Uint8Array;
  counts?: bigint[];
  /**
   * reachTop[n]: n is reached from the root through a path respecting every choice above it
   * (weaker than `reach`, which also requires n alive).
   */
  reachTop: Uint8Array;
  validity?: { valid: Uint8Array; alt: Uint8Array };
  explainKey?: string;
  /** Min/max passes per property (see propDP). */
  dp?: Map<PropTable, PropDP>;
  /** Stamp of this state's entries in the backend's rule-satisfiability memo (see blameAloneAt). */
  ruleStamp?: number;
  /** The order array `explain` was last computed or checked for (compared by identity). */
  explainOrder?: readonly string[];
  explain?: {
    down: Float64Array;
    predNode: Int32Array;
    predVal: Int32Array;
    up: Float64Array;
    upVal: Int32Array;
    /** Levels of the chosen features, oldest choice first. */
    orderLevels: number[];
    /** Levels whose `bestNode` entries are computed (one pass over the level serves all its values). */
    bestDone: Uint8Array;
    /** Per (level, value) offset: the node of that level where the cheapest path taking the value passes, or -1. */
    bestNode: Int32Array;
    /** Explanations given for this choice order, by (level, value) offset (asking again is free). */
    given: Map<number, Explanation>;
  };
}

/**
 * Joint-search steps for naming the rules of one explanation (bounds its cost). Each
 * explanation has its own budget, so its answer does not depend on which values were
 * explained before it.
 */
const EXPLAIN_SEARCH_BUDGET = 400;

export class MddBackend implements Backend {
  readonly kind = 'bdd' as const;
  private readonly L: number;
  private readonly levelOf: Int32Array;
  private readonly offset: Int32Array;
  private readonly props: PropTable[];
  private readonly ruleLevels: Int32Array[];
  private readonly rulesByLevel: number[][];
  private state: State | null = null;
  private lastChoices: Choices | null = null;
  private lastMask: RestrictionMask | null = null;
  private readonly allowAll: Uint8Array;
  private readonly maskFacts = new RestrictionFacts<MaskFacts>();
  /** Values some configuration has (no choice, no restriction), computed on first need. */
  private modelValid?: Uint8Array;
  private ruleStamp: Int32Array;
  private ruleMemo: Uint8Array;
  /** Satisfiability of rule nodes under a state's choices alone, stamped by `State.ruleStamp`. */
  private readonly chosenStamp: Int32Array;
  private readonly chosenMemo: Uint8Array;
  private chosenStampNo = 0;
  private stampNo = 0;
  private readonly pathBuf: Int32Array;
  private readonly bestCostBuf: Float64Array;
  private readonly onPathBuf: Int32Array;
  private readonly witnessBuf: Int32Array;
  private framesBuf = new Int32Array(0);
  private readonly asgBuf: Int32Array;
  /** Search steps left for the current `blame` call (joint satisfiability checks). */
  private searchBudget = 0;
  private readonly deadBlame = new Map<number, number[]>();
  private explainBuf?: Omit<
    NonNullable<State['explain']>,
    'orderLevels' | 'bestDone' | 'bestNode' | 'given'
  >;
  /** The state whose `explain` currently lives in `explainBuf`. */
  private explainOwner: State | null = null;

  constructor(
    readonly ir: IR,
    readonly data: MddData,
  ) {
    const L = ir.features.length;
    this.L = L;
    this.levelOf = new Int32Array(L);
    data.order.forEach((f, l) => (this.levelOf[f] = l));
    this.offset = new Int32Array(L + 1);
    for (let l = 0; l < L; l++) this.offset[l + 1] = this.offset[l]! + data.main.dom[l]!;
    this.props = ir.properties.map((p) => {
      const w = new Float64Array(this.offset[L]!);
      let zero = true;
      for (let l = 0; l < L; l++) {
        const ws = p.w[data.order[l]!]!;
        for (let v = 0; v < ws.length; v++) {
          w[this.offset[l]! + v] = ws[v]!;
          if (ws[v] !== 0) zero = false;
        }
      }
      return { name: p.name, aggregate: p.aggregate, base: p.base, w, zero };
    });
    this.ruleLevels = ir.rules.map((r) =>
      Int32Array.from([...collectFeatures(r.expr, new Set())].map((f) => this.levelOf[f]!)),
    );
    this.rulesByLevel = Array.from({ length: L }, () => []);
    this.ruleLevels.forEach((ls, i) => ls.forEach((l) => this.rulesByLevel[l]!.push(i)));
    for (const [k, r] of data.deadBlame ?? []) this.deadBlame.set(k, r);
    this.pathBuf = new Int32Array(L);
    this.onPathBuf = new Int32Array(L);
    this.witnessBuf = new Int32Array(L);
    let maxDom = 0;
    for (let l = 0; l < L; l++) maxDom = Math.max(maxDom, data.main.dom[l]!);
    this.bestCostBuf = new Float64Array(maxDom);
    this.asgBuf = new Int32Array(L);
    this.allowAll = new Uint8Array(this.offset[L]!).fill(1);
    this.ruleStamp = new Int32Array(data.rules.lvl.length);
    this.ruleMemo = new Uint8Array(data.rules.lvl.length);
    this.chosenStamp = new Int32Array(data.rules.lvl.length);
    this.chosenMemo = new Uint8Array(data.rules.lvl.length);
  }

  /** Inner nodes of the product diagram. */
  get nodes(): number {
    return this.data.main.lvl.length - 2;
  }

  // ---- restriction state -------------------------------------------------------------

  private chosenOf(choices: Choices): Int32Array {
    const byFeature = choiceIndices(this.ir, choices);
    const chosen = new Int32Array(this.L);
    for (let l = 0; l < this.L; l++) chosen[l] = byFeature[this.data.order[l]!]!;
    return chosen;
  }

  private factsOf(mask: RestrictionMask): MaskFacts {
    return this.maskFacts.of(mask, () => ({
      allow: this.allowOf(mask),
      subsets: new Map(),
      causes: new Map(),
    }));
  }

  /** Allowed values per (level, value) offset of a restriction mask (a fresh array). */
  private allowOf(mask: RestrictionMask): Uint8Array {
    if (mask.key === '') return this.allowAll;
    const allow = new Uint8Array(this.offset[this.L]!).fill(1);
    mask.allow.forEach((m, f) => {
      if (m) allow.set(m, this.offset[this.levelOf[f]!]!);
    });
    return allow;
  }

  /** Bottom-up: nodes reaching `true` taking only values `allow` marks and `chosen` permits. */
  private aliveOf(chosen: Int32Array, allow: Uint8Array): Uint8Array {
    const { lvl, start, kids } = this.data.main;
    const N = lvl.length;
    const alive = new Uint8Array(N);
    alive[1] = 1;
    for (let n = N - 1; n >= 2; n--) {
      const l = lvl[n]!;
      const c = chosen[l]!;
      const s = start[n]!;
      const o = this.offset[l]!;
      if (c >= 0) alive[n] = allow[o + c] ? alive[kids[s + c]!]! : 0;
      else {
        const d = this.data.main.dom[l]!;
        for (let v = 0; v < d; v++)
          if (alive[kids[s + v]!] && allow[o + v]) {
            alive[n] = 1;
            break;
          }
      }
    }
    return alive;
  }

  private stateOf(choices: Choices, opts?: QueryOptions): State {
    const mask = restrictionMask(this.ir, opts);
    // Sessions pass the same object to every query of one step.
    if (this.state && this.lastChoices === choices && this.lastMask === mask) return this.state;
    this.lastChoices = choices;
    this.lastMask = mask;
    const chosen = this.chosenOf(choices);
    const key = `${chosen.join(',')}|${mask.key}`;
    if (this.state && this.state.key === key) {
      // The passes depend on the allowed values only; explanations name the restrictions asked.
      this.state.mask = mask;
      return this.state;
    }
    const { lvl, start, kids, roots } = this.data.main;
    const N = lvl.length;
    const allow = this.factsOf(mask).allow;
    const alive = this.aliveOf(chosen, allow);
    // One top-down pass gives both `reach` and `reachTop` (reached from above, see State.reachTop).
    const reach = new Uint8Array(N);
    const top = new Uint8Array(N);
    const root = roots[0]!;
    if (alive[root]) reach[root] = 1;
    if (root > 1) top[root] = 1;
    for (let n = 2; n < N; n++) {
      if (!top[n]) continue;
      const l = lvl[n]!;
      const c = chosen[l]!;
      const s = start[n]!;
      const o = this.offset[l]!;
      const r = reach[n] === 1;
      if (c >= 0) {
        if (!allow[o + c]) continue;
        const k = kids[s + c]!;
        top[k] = 1;
        if (r && alive[k]) reach[k] = 1;
      } else {
        const d = this.data.main.dom[l]!;
        for (let v = 0; v < d; v++) {
          if (!allow[o + v]) continue;
          const k = kids[s + v]!;
          top[k] = 1;
          if (r && alive[k]) reach[k] = 1;
        }
      }
    }
    this.state = { key, chosen, allow, mask, alive, reach, reachTop: top };
    return this.state;
  }

  private featureOfLevel(l: number) {
    return this.ir.features[this.data.order[l]!]!;
  }

  /** Computes (once) why each value no configuration has is impossible; kept in `data.deadBlame`. */
  precomputeDeadValues(): void {
    const st = this.stateOf({});
    const { alt } = this.validity(st);
    for (let l = 0; l < this.L; l++) {
      const f = this.featureOfLevel(l);
      for (let v = 0; v < f.values.length; v++)
        if (!alt[this.offset[l]! + v]) this.explain({}, [], f.id, f.values[v]!);
    }
    this.data.deadBlame = [...this.deadBlame];
  }

  // ---- domains -----------------------------------------------------------------------

  /** valid[offset[l] + v] = 1 if v is valid at l under the choices; alt = valid if only l's own choice were dropped. */
  private validity(st: State): { valid: Uint8Array; alt: Uint8Array } {
    if (st.validity) return st.validity;
    const { start, kids, dom, levelStart } = this.data.main;
    const valid = new Uint8Array(this.offset[this.L]!);
    const alt = new Uint8Array(this.offset[this.L]!);
    // "reach ignoring only this level's choice" = reached parent-side consistency: a node at
    // level l is reached iff a path above it respects all choices, which does not involve l.
    for (let l = 0; l < this.L; l++) {
      const d = dom[l]!;
      const o = this.offset[l]!;
      const c = st.chosen[l]!;
      for (let n = levelStart[l]!; n < levelStart[l + 1]!; n++) {
        if (!st.reachTop[n]) continue;
        const s = start[n]!;
        for (let v = 0; v < d; v++) if (st.alive[kids[s + v]!] && st.allow[o + v]) alt[o + v] = 1;
      }
      for (let v = 0; v < d; v++) valid[o + v] = alt[o + v]! && (c < 0 || c === v) ? 1 : 0;
    }
    st.validity = { valid, alt };
    return st.validity;
  }

  domains(choices: Choices, opts?: QueryOptions): Record<string, Value[]> {
    const st = this.stateOf(choices, opts);
    const { valid } = this.validity(st);
    return this.namedValues(valid);
  }

  /** For each chosen feature: the values it could switch to while every other choice stays. */
  alternatives(choices: Choices, opts?: QueryOptions): Record<string, Value[]> {
    const st = this.stateOf(choices, opts);
    const { alt } = this.validity(st);
    const all = this.namedValues(alt);
    const out: Record<string, Value[]> = {};
    for (let l = 0; l < this.L; l++)
      if (st.chosen[l]! >= 0) out[this.featureOfLevel(l).id] = all[this.featureOfLevel(l).id]!;
    return out;
  }

  private namedValues(mask: Uint8Array): Record<string, Value[]> {
    const out: Record<string, Value[]> = {};
    for (const f of this.ir.features) out[f.id] = [];
    for (let l = 0; l < this.L; l++) {
      const f = this.featureOfLevel(l);
      const o = this.offset[l]!;
      const list = out[f.id]!;
      for (let v = 0; v < f.values.length; v++) if (mask[o + v]) list.push(f.values[v]!);
    }
    return out;
  }

  // ---- ranges ------------------------------------------------------------------------

  /** Min/max DP of one property: up (to true) and down (from root) arrays. */
  private propDP(st: State, p: PropTable): PropDP {
    // Shared by valueRanges and every ranges call on the same state.
    st.dp ??= new Map();
    let dp = st.dp.get(p);
    if (!dp) {
      dp = this.computePropDP(st, p);
      st.dp.set(p, dp);
    }
    return dp;
  }

  private computePropDP(st: State, p: PropTable): PropDP {
    const { lvl, start, kids, roots, dom } = this.data.main;
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
      const o = this.offset[l]!;
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
      const o = this.offset[l]!;
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

  private withBase(p: PropTable, x: number): number {
    return p.aggregate === 'max' ? Math.max(p.base, x) : p.base + x;
  }

  private assemble(get: (p: PropTable) => Interval): Ranges {
    const out: Ranges = { price: { min: 0, max: 0 }, leadTimeDays: { min: 0, max: 0 }, props: {} };
    for (const p of this.props) {
      const iv = get(p);
      if (p.name === 'price') out.price = iv;
      else if (p.name === 'leadTimeDays') out.leadTimeDays = iv;
      else out.props[p.name] = iv;
    }
    return out;
  }

  ranges(choices: Choices, opts?: QueryOptions): Ranges {
    const st = this.stateOf(choices, opts);
    const root = this.data.main.roots[0]!;
    return this.assemble((p) => {
      if (p.zero || !st.alive[root]) return { min: p.base, max: p.base };
      const dp = this.propDP(st, p);
      return { min: this.withBase(p, dp.upMin[root]!), max: this.withBase(p, dp.upMax[root]!) };
    });
  }

  valueRanges(
    choices: Choices,
    opts?: QueryOptions,
  ): Record<string, Array<{ value: Value; ranges: Ranges }>> {
    const st = this.stateOf(choices, opts);
    const { start, kids, dom, levelStart } = this.data.main;
    const total = this.offset[this.L]!;
    const per = this.props.map((p) => {
      const mins = new Float64Array(total).fill(Infinity);
      const maxs = new Float64Array(total).fill(-Infinity);
      if (p.zero) return { mins, maxs, zero: true };
      const dp = this.propDP(st, p);
      const isMax = p.aggregate === 'max';
      for (let l = 0; l < this.L; l++) {
        if (st.chosen[l]! >= 0) continue;
        const o = this.offset[l]!;
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
    const { valid } = this.validity(st);
    const out: Record<string, Array<{ value: Value; ranges: Ranges }>> = {};
    for (let l = 0; l < this.L; l++) {
      if (st.chosen[l]! >= 0) continue;
      const f = this.featureOfLevel(l);
      const o = this.offset[l]!;
      const list: Array<{ value: Value; ranges: Ranges }> = [];
      for (let v = 0; v < f.values.length; v++) {
        if (!valid[o + v]) continue;
        list.push({
          value: f.values[v]!,
          ranges: this.assemble((p) => {
            const i = this.props.indexOf(p);
            if (per[i]!.zero) return { min: p.base, max: p.base };
            return {
              min: this.withBase(p, per[i]!.mins[o + v]!),
              max: this.withBase(p, per[i]!.maxs[o + v]!),
            };
          }),
        });
      }
      out[f.id] = list;
    }
    return out;
  }

  // ---- counting and sampling -----------------------------------------------------------

  private countsOf(st: State): bigint[] {
    if (st.counts) return st.counts;
    const { lvl, start, kids, dom } = this.data.main;
    const N = lvl.length;
    const cnt: bigint[] = new Array<bigint>(N).fill(0n);
    cnt[1] = 1n;
    for (let n = N - 1; n >= 2; n--) {
      if (!st.alive[n]) continue;
      const l = lvl[n]!;
      const c = st.chosen[l]!;
      const s = start[n]!;
      if (c >= 0) cnt[n] = cnt[kids[s + c]!]!;
      else {
        let t = 0n;
        const o = this.offset[l]!;
        for (let v = 0; v < dom[l]!; v++) if (st.allow[o + v]) t += cnt[kids[s + v]!]!;
        cnt[n] = t;
      }
    }
    st.counts = cnt;
    return cnt;
  }

  count(choices: Choices, opts?: QueryOptions): bigint {
    const st = this.stateOf(choices, opts);
    return this.countsOf(st)[this.data.main.roots[0]!]!;
  }

  sample(choices: Choices, n: number, seed: number, opts?: QueryOptions): Configuration[] {
    return this.samplePaths(choices, n, seed, opts).map((c) => leaveInputOpen(this.ir, choices, c));
  }

  private samplePaths(
    choices: Choices,
    n: number,
    seed: number,
    opts?: QueryOptions,
  ): Configuration[] {
    const st = this.stateOf(choices, opts);
    const cnt = this.countsOf(st);
    const { start, kids, roots, dom, lvl } = this.data.main;
    const root = roots[0]!;
    const out: Configuration[] = [];
    if (cnt[root] === 0n) return out;
    const rnd = prng(seed);
    for (let i = 0; i < n; i++) {
      const asg = new Int32Array(this.L);
      let node = root;
      while (node > 1) {
        const l = lvl[node]!;
        const s = start[node]!;
        let r = randomBelow(cnt[node]!, rnd);
        const c = st.chosen[l]!;
        let pick = -1;
        const o = this.offset[l]!;
        for (let v = 0; v < dom[l]!; v++) {
          if ((c >= 0 && v !== c) || !st.allow[o + v]) continue;
          const k = cnt[kids[s + v]!]!;
          if (r < k) {
            pick = v;
            break;
          }
          r -= k;
        }
        asg[this.data.order[l]!] = pick;
        node = kids[s + pick]!;
      }
      out.push(this.configOf(asg));
    }
    return out;
  }

  private configOf(asgByFeature: Int32Array): Configuration {
    const out: Configuration = {};
    this.ir.features.forEach((f, i) => (out[f.id] = f.values[asgByFeature[i]!]!));
    return out;
  }

  // ---- optimization ------------------------------------------------------------------

  /**
   * Optimal completion. Sum-aggregated properties and `feature=value` weights are per-value
   * costs (a shortest path). A max-aggregated property (lead time) is not: its term is
   * c·max(base, largest value on the path). With c > 0 (minimizing the maximum) and nothing else
   * weighted it is a bottleneck path; otherwise every threshold T of each such property is
   * tried: c > 0 allows only values ≤ T (the term is at most c·T), c < 0 requires some value
   * ≥ T (the term is at most c·T, i.e. at least |c|·T gained) — the best of shortest path + c·T
   * over all thresholds is the exact optimum, as the optimal path is a candidate at T = its max.
   */
  optimize(choices: Choices, objective: Objective, opts?: OptimizeOptions): Configuration | null {
    const best = opts?.bounds?.length
      ? this.boundedCompletion(choices, objective, opts)
      : this.bestCompletion(choices, objective, opts);
    return best && leaveInputOpen(this.ir, choices, best);
  }

  private boundedCompletion(
    choices: Choices,
    objective: Objective,
    opts: OptimizeOptions,
  ): Configuration | null {
    const st = this.stateOf(choices, opts);
    const root = this.data.main.roots[0]!;
    if (!st.alive[root]) return null;
    const asg = boundedBest(
      {
        ir: this.ir,
        dd: this.data.main,
        order: this.data.order,
        offset: this.offset,
        levelOf: this.levelOf,
        props: this.props,
        chosen: st.chosen,
        allow: st.allow,
        alive: st.alive,
      },
      objective,
      opts.bounds!,
      opts.deadlineMs,
    );
    return asg && this.configOf(asg);
  }

  private bestCompletion(
    choices: Choices,
    objective: Objective,
    opts?: QueryOptions,
  ): Configuration | null {
    const st = this.stateOf(choices, opts);
    const root = this.data.main.roots[0]!;
    if (!st.alive[root]) return null;
    const sign = objective.sense === 'max' ? -1 : 1;
    const slots = this.offset[this.L]!;
    const cost = new Float64Array(slots);
    const maxTerms = new Map<PropTable, number>();
    for (const [key, wt] of Object.entries(objective.weights)) {
      if (wt === 0) continue;
      const eq = key.indexOf('=');
      if (eq >= 0 && !this.props.some((x) => x.name === key)) {
        const f = this.ir.featureIndex.get(key.slice(0, eq));
        if (f === undefined) throw new UnknownChoiceError(key.slice(0, eq));
        const fv = this.ir.features[f]!;
        const vi = fv.values.findIndex((x) => String(x) === key.slice(eq + 1));
        if (vi < 0) throw new UnknownChoiceError(fv.id, key.slice(eq + 1));
        cost[this.offset[this.levelOf[f]!]! + vi]! += sign * wt;
        continue;
      }
      const p = this.props.find((x) => x.name === key);
      if (!p || p.zero) continue;
      if (p.aggregate === 'max') maxTerms.set(p, (maxTerms.get(p) ?? 0) + sign * wt);
      else for (let i = 0; i < slots; i++) cost[i]! += sign * wt * p.w[i]!;
    }
    const terms = [...maxTerms].filter(([, c]) => c !== 0);
    if (terms.length === 0) return this.configOf(this.bestPath(st, cost, null, []).asg!);
    if (terms.length === 1 && terms[0]![1] > 0 && cost.every((x) => x === 0))
      return this.configOf(this.bestPath(st, terms[0]![0].w, 'bottleneck', []).asg!);
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
        const v = this.bestPath(st, cost, allowed, needs, false).value + extra;
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
    return this.configOf(this.bestPath(st, cost, allowed, needs).asg!);
  }

  /**
   * Cheapest alive path under the choices by per-value `cost` (sum, or max for 'bottleneck'),
   * using only `allowed` values and taking, for each of `needs`, at least one value it marks;
   * bottom-up over (node, needs still open). Returns the value and, when asked, the assignment.
   */
  private bestPath(
    st: State,
    cost: ArrayLike<number>,
    allowed: Uint8Array | 'bottleneck' | null,
    needs: Uint8Array[],
    withAssignment = true,
  ): { value: number; asg?: Int32Array } {
    const { lvl, start, kids, roots, dom } = this.data.main;
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
      const o = this.offset[l]!;
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
    const asg = new Int32Array(this.L);
    let node = root;
    let r = full;
    while (node > 1) {
      const l = lvl[node]!;
      const v = arg[node * M + r]!;
      asg[this.data.order[l]!] = v;
      const o = this.offset[l]!;
      for (let j = 0; j < needs.length; j++) if (needs[j]![o + v]) r &= ~(1 << j);
      node = kids[start[node]! + v]!;
    }
    return { value, asg };
  }

  // ---- explanations ------------------------------------------------------------------

  private explainState(st: State, order: string[]) {
    // A session passes one order array to every explanation of a step: skip the join then.
    if (st.explain && st.explainOrder === order) return st.explain;
    const key = order.join('\u0000');
    if (st.explainKey === key && st.explain) {
      st.explainOrder = order;
      return st.explain;
    }
    const { lvl, start, kids, roots, dom } = this.data.main;
    const N = lvl.length;
    // Cost of deviating from a choice: 1 + a tie-break that makes older choices cheaper to drop.
    const cost = new Float64Array(this.L);
    const chosenLevels: number[] = [];
    for (let l = 0; l < this.L; l++) if (st.chosen[l]! >= 0) chosenLevels.push(l);
    const rank = new Map<number, number>();
    order.forEach((fid) => {
      const f = this.ir.featureIndex.get(fid);
      if (f !== undefined && st.chosen[this.levelOf[f]!]! >= 0)
        rank.set(this.levelOf[f]!, rank.size);
    });
    const K = chosenLevels.length;
    const denom = (K * (K + 1)) / 2 + 1;
    for (const l of chosenLevels) cost[l] = 1 + ((rank.get(l) ?? 0) + 1) / denom;
    // The buffers are reused from state to state: only the current state is ever queried.
    const buf = (this.explainBuf ??= {
      down: new Float64Array(N),
      predNode: new Int32Array(N),
      predVal: new Int32Array(N),
      up: new Float64Array(N),
      upVal: new Int32Array(N),
    });
    if (this.explainOwner && this.explainOwner !== st) this.explainOwner.explain = undefined;
    this.explainOwner = st;
    const { down, predNode, predVal, up, upVal } = buf;
    down.fill(Infinity);
    predNode.fill(-1);
    predVal.fill(-1);
    const root = roots[0]!;
    if (root > 1) down[root] = 0;
    const { levelStart } = this.data.main;
    // Level by level, so the level's choice and deviation cost are read once.
    for (let l = 0; l < this.L; l++) {
      const d = dom[l]!;
      const c = st.chosen[l]!;
      const dev = cost[l]!;
      for (let n = levelStart[l]!, end = levelStart[l + 1]!; n < end; n++) {
        const dn = down[n]!;
        if (dn === Infinity) continue;
        const s = start[n]!;
        const o = this.offset[l]!;
        const allow = st.allow;
        if (c < 0) {
          for (let v = 0; v < d; v++) {
            const k = kids[s + v]!;
            if (k > 1 && dn < down[k]! && allow[o + v]) {
              down[k] = dn;
              predNode[k] = n;
              predVal[k] = v;
            }
          }
          continue;
        }
        const dd = dn + dev;
        for (let v = 0; v < d; v++) {
          const k = kids[s + v]!;
          if (k < 2 || !allow[o + v]) continue;
          const x = v === c ? dn : dd;
          if (x < down[k]!) {
            down[k] = x;
            predNode[k] = n;
            predVal[k] = v;
          }
        }
      }
    }
    up[0] = Infinity;
    upVal[0] = -1;
    up[1] = 0;
    upVal[1] = -1;
    for (let l = this.L - 1; l >= 0; l--) {
      const d = dom[l]!;
      const c = st.chosen[l]!;
      const dev = cost[l]!;
      for (let n = levelStart[l + 1]! - 1, first = levelStart[l]!; n >= first; n--) {
        const s = start[n]!;
        const o = this.offset[l]!;
        const allow = st.allow;
        let best = Infinity;
        let arg = -1;
        if (c < 0) {
          for (let v = 0; v < d; v++) {
            const k = kids[s + v]!;
            if (k !== 0 && up[k]! < best && allow[o + v]) {
              best = up[k]!;
              arg = v;
            }
          }
        } else
          for (let v = 0; v < d; v++) {
            const k = kids[s + v]!;
            if (k === 0 || !allow[o + v]) continue;
            const x = v === c ? up[k]! : up[k]! + dev;
            if (x < best) {
              best = x;
              arg = v;
            }
          }
        up[n] = best;
        upVal[n] = arg;
      }
    }
    st.explainKey = key;
    st.explainOrder = order;
    const orderLevels = [...rank.keys()];
    const bestDone = new Uint8Array(this.L);
    const bestNode = new Int32Array(this.offset[this.L]!);
    st.explain = {
      down,
      predNode,
      predVal,
      up,
      upVal,
      orderLevels,
      bestDone,
      bestNode,
      given: new Map(),
    };
    return st.explain;
  }

  explain(
    choices: Choices,
    order: string[],
    feature: string,
    value: Value,
    opts?: QueryOptions,
  ): Explanation | null {
    const st = this.stateOf(choices, opts);
    const f = this.ir.featureIndex.get(feature);
    if (f === undefined) throw new UnknownChoiceError(feature);
    const vi = valueIndex(this.ir.features[f]!, value);
    if (vi < 0) throw new UnknownChoiceError(feature, value);
    const l = this.levelOf[f]!;
    const { alt } = this.validity(st);
    if (alt[this.offset[l]! + vi]) return null;
    if (st.mask.key !== '') {
      const direct = restrictionsExcluding(this.ir, st.mask, f, vi);
      if (direct.length) return { conflicting: [], rules: [], restrictions: direct };
      const facts = this.factsOf(st.mask);
      facts.freeable ??= this.validUnder(facts.allow);
      this.modelValid ??= this.validUnder(this.allowAll);
      const o = this.offset[l]! + vi;
      // Only when no change of the choices frees it but the model alone has it.
      if (!facts.freeable[o] && this.modelValid[o])
        return copyExplanation(this.restrictionCause(st.mask, facts, l, vi));
    }
    const ex = this.explainState(st, order);
    const given = ex.given.get(this.offset[l]! + vi);
    if (given) return copyExplanation(given);
    const { start, kids } = this.data.main;
    const bestNode = this.bestNodeOf(ex, l, vi);
    const path = this.pathBuf;
    path.fill(-1);
    const conflicting: Array<{ feature: string; value: Value }> = [];
    const conflictLevels: number[] = [];
    if (bestNode >= 0) {
      const lvl = this.data.main.lvl;
      path[l] = vi;
      for (let n = bestNode; ex.predNode[n]! >= 0; n = ex.predNode[n]!)
        path[lvl[ex.predNode[n]!]!] = ex.predVal[n]!;
      for (let n = kids[start[bestNode]! + vi]!; n > 1; n = kids[start[n]! + ex.upVal[n]!]!)
        path[lvl[n]!] = ex.upVal[n]!;
      for (const ll of ex.orderLevels) {
        if (ll === l || path[ll] === st.chosen[ll]) continue;
        conflictLevels.push(ll);
        const feat = this.featureOfLevel(ll);
        conflicting.push({ feature: feat.id, value: feat.values[st.chosen[ll]!]! });
      }
    }
    // Rules responsible: those that exclude the value under all current choices; a value no
    // configuration has is blamed once, on the value alone, and remembered.
    let rules: number[];
    if (bestNode < 0) {
      const key = this.offset[l]! + vi;
      rules = this.deadBlame.get(key) ?? [];
      if (!this.deadBlame.has(key)) {
        const asg = new Int32Array(this.L).fill(-1);
        asg[l] = vi;
        rules = this.blame(asg, [l]);
        this.deadBlame.set(key, rules);
      }
    } else {
      // The choices are consistent, so every rule not touching l holds under them: only rules
      // over l can exclude the value alone.
      const asg = this.asgBuf;
      asg.set(st.chosen);
      asg[l] = vi;
      rules = this.blameAloneAt(st, asg, l);
      // Each explanation gets a small search budget: past it, the rules broken on the
      // minimal-change path (plus those found so far) are reported.
      if (rules.length === 0)
        rules = this.blame(
          asg,
          [l],
          this.blameOnPath(path, st.chosen, conflictLevels),
          path,
          EXPLAIN_SEARCH_BUDGET,
        );
    }
    const explanation: Explanation = {
      conflicting,
      rules: rules.map((i) => {
        const r = this.ir.rules[i]!;
        return r.message ? { id: r.id, message: r.message } : { id: r.id };
      }),
    };
    ex.given.set(this.offset[l]! + vi, explanation);
    return copyExplanation(explanation);
  }

  /**
   * The first node of level l (in id order) minimizing down[n] + up[child under vi], or -1;
   * computed for every value of the level in one pass and kept for the state.
   */
  private bestNodeOf(ex: NonNullable<State['explain']>, l: number, vi: number): number {
    const o = this.offset[l]!;
    if (!ex.bestDone[l]) {
      ex.bestDone[l] = 1;
      const { start, kids, levelStart, dom } = this.data.main;
      const { down, up, bestNode } = ex;
      const d = dom[l]!;
      const cost = this.bestCostBuf;
      for (let v = 0; v < d; v++) {
        cost[v] = Infinity;
        bestNode[o + v] = -1;
      }
      for (let n = levelStart[l]!, end = levelStart[l + 1]!; n < end; n++) {
        const dn = down[n]!;
        const s = start[n]!;
        for (let v = 0; v < d; v++) {
          const k = kids[s + v]!;
          if (k === 0) continue;
          const x = dn + up[k]!;
          if (x < cost[v]!) {
            cost[v] = x;
            bestNode[o + v] = n;
          }
        }
      }
    }
    return ex.bestNode[o + vi]!;
  }

  /** Rules touching a `focus` level that alone exclude the partial assignment `asg` (per level, -1 = free). */
  private blameAlone(asg: Int32Array, focus: number[]): number[] {
    const touching = new Set<number>();
    for (const l of focus) for (const r of this.rulesByLevel[l]!) touching.add(r);
    return [...touching]
      .filter((r) => !this.satOne(this.data.rules.roots[r]!, asg))
      .sort((a, b) => a - b);
  }

  /**
   * When no rule alone excludes the value: the minimal-change configuration `path` satisfies
   * every rule; putting back any one dropped choice breaks some rule touching it (else a
   * smaller change would exist). Those rules are the ones responsible.
   */
  private blameOnPath(path: Int32Array, chosen: Int32Array, conflictLevels: number[]): number[] {
    const out = new Set<number>();
    const { start, kids, lvl, roots } = this.data.rules;
    const asg = this.onPathBuf;
    for (const cl of conflictLevels) {
      asg.set(path);
      asg[cl] = chosen[cl]!;
      for (const r of this.rulesByLevel[cl]!) {
        let n = roots[r]!;
        while (n > 1) n = kids[start[n]! + asg[lvl[n]!]!]!;
        if (n === 0) out.add(r);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  /**
   * Rules that together exclude the partial assignment `asg` (per level, -1 = free), found by
   * counterexample refinement: start from the rules over `focus` (or `seed`); while the set
   * admits a witness, complete the witness from `fill` and add the rules it violates; finally
   * drop rules not needed. Bounded by a search budget (then the set found so far is returned).
   */
  private blame(
    asg: Int32Array,
    focus: number[],
    seed: number[] = [],
    fill?: Int32Array,
    budget = 50_000,
  ): number[] {
    this.searchBudget = budget;
    if (seed.length === 0) {
      const alone = this.blameAlone(asg, focus);
      if (alone.length) return alone;
    }
    const set = new Set<number>(seed);
    if (set.size === 0) for (const l of focus) for (const r of this.rulesByLevel[l]!) set.add(r);
    const { start, kids, lvl, roots } = this.data.rules;
    const full = new Int32Array(this.L);
    for (let round = 0; round < 64; round++) {
      const w = this.satJoint([...set], asg);
      if (w === false) break;
      if (w === null) return [...set].sort((x, y) => x - y);
      for (let l = 0; l < this.L; l++)
        full[l] = w[l]! >= 0 ? w[l]! : asg[l]! >= 0 ? asg[l]! : fill ? Math.max(0, fill[l]!) : 0;
      let added = 0;
      for (let r = 0; r < this.ir.rules.length; r++) {
        if (set.has(r)) continue;
        let n = roots[r]!;
        while (n > 1) n = kids[start[n]! + full[lvl[n]!]!]!;
        if (n === 0) {
          set.add(r);
          added++;
        }
      }
      if (added === 0) return [...set].sort((x, y) => x - y); // witness completes: cannot happen for an excluded value
    }
    let core = [...set].sort((x, y) => x - y);
    for (const r of core.slice()) {
      const rest = core.filter((x) => x !== r);
      if (rest.length && this.satJoint(rest, asg) === false) core = rest;
    }
    return core;
  }

  /**
   * Joint satisfiability of several rule diagrams under `asg`: a witness (value per level,
   * -1 where no rule cares), false when unsatisfiable, null when the search budget runs out.
   */
  private satJoint(ruleIdx: number[], asg: Int32Array): Int32Array | false | null {
    const { roots } = this.data.rules;
    const k = ruleIdx.length;
    // The witness buffer is reused: callers read it before the next call.
    const w = this.witnessBuf;
    w.fill(-1);
    // frames[d * k + i]: node of rule i at search depth d (depth ≤ number of levels).
    const size = (this.L + 2) * k;
    if (this.framesBuf.length < size) this.framesBuf = new Int32Array(size);
    const frames = this.framesBuf;
    const { lvl } = this.data.rules;
    let l = this.L;
    for (let i = 0; i < k; i++) {
      const n = roots[ruleIdx[i]!]!;
      if (n === 0) return false;
      if (n > 1 && lvl[n]! < l) l = lvl[n]!;
      frames[i] = n;
    }
    const r = this.satJointRec(0, k, frames, w, asg, l);
    return r === null ? null : r ? w : false;
  }

  /**
   * Depth-first over the levels in order, values in order; one budget step per branching
   * node. `l` is the lowest level of the depth's nodes (none is false; this.L when all are true).
   */
  private satJointRec(
    d: number,
    k: number,
    frames: Int32Array,
    w: Int32Array,
    asg: Int32Array,
    l: number,
  ): boolean | null {
    if (l === this.L) return true;
    if (--this.searchBudget < 0) return null;
    const { lvl, start, kids, dom } = this.data.rules;
    const o = d * k;
    const c = asg[l]!;
    const no = o + k;
    const hi = c >= 0 ? c + 1 : dom[l]!;
    for (let v = c >= 0 ? c : 0; v < hi; v++) {
      w[l] = v;
      let dead = false;
      let next = this.L;
      for (let i = 0; i < k; i++) {
        const n = frames[o + i]!;
        let m = n;
        if (n > 1) {
          const ln = lvl[n]!;
          if (ln === l) {
            m = kids[start[n]! + v]!;
            if (m === 0) {
              dead = true;
              break;
            }
            if (m > 1 && lvl[m]! < next) next = lvl[m]!;
          } else if (ln < next) next = ln;
        }
        frames[no + i] = m;
      }
      if (dead) continue;
      const r = this.satJointRec(d + 1, k, frames, w, asg, next);
      if (r !== false) return r;
    }
    w[l] = -1;
    return false;
  }

  /**
   * `blameAlone(asg, [l])` for `asg` = the state's choices with level l set: rule nodes below
   * l see only the choices, so their satisfiability is shared by every value of the state.
   */
  private blameAloneAt(st: State, asg: Int32Array, l: number): number[] {
    st.ruleStamp ??= ++this.chosenStampNo;
    const stamp = ++this.stampNo;
    const roots = this.data.rules.roots;
    return this.rulesByLevel[l]!.filter(
      (r) => !this.satFocusRec(roots[r]!, asg, stamp, l, st.ruleStamp!),
    ).sort((a, b) => a - b);
  }

  private satFocusRec(n: number, asg: Int32Array, stamp: number, l: number, cs: number): boolean {
    if (n < 2) return n === 1;
    const { lvl, start, kids, dom } = this.data.rules;
    const ln = lvl[n]!;
    const shared = ln > l;
    if (shared ? this.chosenStamp[n] === cs : this.ruleStamp[n] === stamp)
      return (shared ? this.chosenMemo[n] : this.ruleMemo[n]) === 1;
    const c = asg[ln]!;
    const s = start[n]!;
    let ok = false;
    if (c >= 0) ok = this.satFocusRec(kids[s + c]!, asg, stamp, l, cs);
    else
      for (let v = 0; v < dom[ln]! && !ok; v++)
        ok = this.satFocusRec(kids[s + v]!, asg, stamp, l, cs);
    if (shared) {
      this.chosenStamp[n] = cs;
      this.chosenMemo[n] = ok ? 1 : 0;
    } else {
      this.ruleStamp[n] = stamp;
      this.ruleMemo[n] = ok ? 1 : 0;
    }
    return ok;
  }

  private satOne(root: number, asg: Int32Array): boolean {
    return this.satRec(root, asg, ++this.stampNo);
  }

  private satRec(n: number, asg: Int32Array, stamp: number): boolean {
    if (n < 2) return n === 1;
    if (this.ruleStamp[n] === stamp) return this.ruleMemo[n] === 1;
    const { lvl, start, kids, dom } = this.data.rules;
    const l = lvl[n]!;
    const c = asg[l]!;
    const s = start[n]!;
    let ok = false;
    if (c >= 0) ok = this.satRec(kids[s + c]!, asg, stamp);
    else for (let v = 0; v < dom[l]! && !ok; v++) ok = this.satRec(kids[s + v]!, asg, stamp);
    this.ruleStamp[n] = stamp;
    this.ruleMemo[n] = ok ? 1 : 0;
    return ok;
  }

  validate(config: Configuration, opts?: QueryOptions): ValidationResult {
    const r = validateConfiguration(this.ir, config);
    const extra = restrictionViolations(this.ir, opts, config);
    return extra.length ? { valid: false, violations: [...r.violations, ...extra] } : r;
  }

  /** Values (per level, value offset) in some configuration `allow` permits, without choices. */
  private validUnder(allow: Uint8Array): Uint8Array {
    const { lvl, start, kids, dom, roots } = this.data.main;
    const N = lvl.length;
    const none = new Int32Array(this.L).fill(-1);
    const alive = this.aliveOf(none, allow);
    const reach = new Uint8Array(N);
    const out = new Uint8Array(this.offset[this.L]!);
    const root = roots[0]!;
    if (root > 1 && alive[root]) reach[root] = 1;
    for (let n = 2; n < N; n++) {
      if (!reach[n]) continue;
      const l = lvl[n]!;
      const o = this.offset[l]!;
      const s = start[n]!;
      for (let v = 0; v < dom[l]!; v++) {
        const k = kids[s + v]!;
        if (!allow[o + v] || !alive[k]) continue;
        out[o + v] = 1;
        reach[k] = 1;
      }
    }
    return out;
  }

  /** `validUnder` the subset `keep` (indices) of the restrictions, once per subset. */
  private subsetValid(mask: RestrictionMask, facts: MaskFacts, keep: number[]): Uint8Array {
    const key = keep.join(',');
    let valid = facts.subsets.get(key);
    if (!valid) {
      const sub = subsetMask(this.ir, mask, keep);
      if (sub.key === '') valid = this.modelValid ??= this.validUnder(this.allowAll);
      else valid = this.validUnder(this.allowOf(sub));
      facts.subsets.set(key, valid);
    }
    return valid;
  }

  /**
   * When no change of the choices makes the value possible under the restrictions but the
   * model alone has it: the restrictions are the cause — a minimal subset of them (deletion),
   * with the rules that exclude it under their fixed values when those are found. Depends on
   * the restrictions alone, so it is computed once per value and restrictions; each candidate
   * subset is one pass answering every value at once.
   */
  private restrictionCause(
    mask: RestrictionMask,
    facts: MaskFacts,
    l: number,
    vi: number,
  ): Explanation {
    const o = this.offset[l]! + vi;
    const known = facts.causes.get(o);
    if (known) return known;
    let keep = mask.restrictions.map((_, i) => i);
    for (const i of [...keep]) {
      const rest = keep.filter((x) => x !== i);
      if (!this.subsetValid(mask, facts, rest)[o]) keep = rest;
    }
    const sub = subsetMask(this.ir, mask, keep);
    const asg = new Int32Array(this.L).fill(-1);
    asg[l] = vi;
    // Values the kept restrictions fix (one allowed value): the rules are sought under them.
    const fixedAllow = this.allowAll.slice();
    sub.allow.forEach((m, f) => {
      if (!m) return;
      let only = -1;
      for (let v = 0; v < m.length; v++) if (m[v]) only = only === -1 ? v : -2;
      if (only < 0) return;
      const fl = this.levelOf[f]!;
      asg[fl] = only;
      fixedAllow.fill(0, this.offset[fl]!, this.offset[fl + 1]!);
      fixedAllow[this.offset[fl]! + only] = 1;
    });
    // The product implies every rule: when it has the value under the fixed values, no set of
    // rules excludes it there, and the search below could only end in no rules.
    const fixedKey = `fixed:${keep.join(',')}`;
    let underFixed = facts.subsets.get(fixedKey);
    if (!underFixed) facts.subsets.set(fixedKey, (underFixed = this.validUnder(fixedAllow)));
    let rules: number[] = [];
    if (!underFixed[o]) {
      rules = this.blame(asg, [l], [], undefined, 2000);
      if (rules.length && this.satJoint(rules, asg) !== false) rules = [];
    }
    const cause: Explanation = {
      conflicting: [],
      rules: rules.map((i) => {
        const r = this.ir.rules[i]!;
        return r.message ? { id: r.id, message: r.message } : { id: r.id };
      }),
      restrictions: restrictionRefs(mask, keep),
    };
    facts.causes.set(o, cause);
    return cause;
  }
}

/** A seeded 32-bit generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform BigInt in [0, n) by rejection over 32-bit chunks. */
function randomBelow(n: bigint, next: () => number): bigint {
  if (n <= 1n) return 0n;
  const bits = n.toString(2).length;
  const chunks = Math.ceil(bits / 32);
  const excess = BigInt(chunks * 32 - bits);
  while (true) {
    let r = 0n;
    for (let i = 0; i < chunks; i++) r = (r << 32n) | BigInt(next());
    r >>= excess;
    if (r < n) return r;
  }
}
