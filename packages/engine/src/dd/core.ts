// The core of the decision-diagram backend: the diagram laid out by level, and the passes every
// query shares. For a set of choices (a restriction: at a chosen level only the chosen value
// is allowed):
//   alive[n]  n reaches `true` under the restriction            (bottom-up pass)
//   reach[n]  n is reached from the root by an alive path         (top-down pass)
// computed once per set of choices and restrictions (`stateOf`) and kept while the next query
// asks about the same ones. Valid domains: value v of level l is valid iff some reached node n
// at l has an alive child under v (`validity`). Each query lives in its own file (domains.ts,
// ranges.ts, count.ts, sample.ts, optimize.ts, explain.ts); backend.ts puts them together.
import type { Choices, Configuration, Explanation, QueryOptions } from '../api.ts';
import {
  restrictionMask,
  RestrictionFacts,
  type RestrictionMask,
} from '../compile/restrictions.ts';
import type { Value } from '../model/types.ts';
import type { IR } from '../compile/ir.ts';
import { collectFeatures } from '../compile/ir.ts';
import { choiceIndices } from '../compile/evaluate.ts';
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

export interface PropTable {
  name: string;
  aggregate: 'sum' | 'max';
  base: number;
  /** Weight of value v at level l: `w[offset[l] + v]`. */
  w: Float64Array;
  /** True when every weight is 0 (ranges are just the base). */
  zero: boolean;
}

export interface PropDP {
  upMin: Float64Array;
  upMax: Float64Array;
  downMin: Float64Array;
  downMax: Float64Array;
}

/**
 * What one set of restrictions implies whatever the choices (see RestrictionFacts): answers
 * that depend only on the restrictions are computed once per set, not once per step.
 */
export interface MaskFacts {
  /** Values the restrictions allow, per (level, value) offset. */
  allow: Uint8Array;
  /** Values in some configuration the restrictions allow, with no choice (on first need). */
  freeable?: Uint8Array;
  /** `validUnder` of a subset of the restrictions (deletion search), by the subset's indices. */
  subsets: Map<string, Uint8Array>;
  /** Explanations of values the restrictions exclude whatever the choices, by offset. */
  causes: Map<number, Explanation>;
}

export interface State {
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

/** The diagram by level and the passes of the last set of choices, shared by every query. */
export class MddCore {
  readonly L: number;
  readonly levelOf: Int32Array;
  readonly offset: Int32Array;
  readonly props: PropTable[];
  readonly ruleLevels: Int32Array[];
  readonly rulesByLevel: number[][];
  state: State | null = null;
  lastChoices: Choices | null = null;
  lastMask: RestrictionMask | null = null;
  readonly allowAll: Uint8Array;
  readonly maskFacts = new RestrictionFacts<MaskFacts>();

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
    this.allowAll = new Uint8Array(this.offset[L]!).fill(1);
  }

  /** Inner nodes of the product diagram. */
  get nodes(): number {
    return this.data.main.lvl.length - 2;
  }

  chosenOf(choices: Choices): Int32Array {
    const byFeature = choiceIndices(this.ir, choices);
    const chosen = new Int32Array(this.L);
    for (let l = 0; l < this.L; l++) chosen[l] = byFeature[this.data.order[l]!]!;
    return chosen;
  }

  factsOf(mask: RestrictionMask): MaskFacts {
    return this.maskFacts.of(mask, () => ({
      allow: this.allowOf(mask),
      subsets: new Map(),
      causes: new Map(),
    }));
  }

  /** Allowed values per (level, value) offset of a restriction mask (a fresh array). */
  allowOf(mask: RestrictionMask): Uint8Array {
    if (mask.key === '') return this.allowAll;
    const allow = new Uint8Array(this.offset[this.L]!).fill(1);
    mask.allow.forEach((m, f) => {
      if (m) allow.set(m, this.offset[this.levelOf[f]!]!);
    });
    return allow;
  }

  /** Bottom-up: nodes reaching `true` taking only values `allow` marks and `chosen` permits. */
  aliveOf(chosen: Int32Array, allow: Uint8Array): Uint8Array {
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

  stateOf(choices: Choices, opts?: QueryOptions): State {
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

  featureOfLevel(l: number) {
    return this.ir.features[this.data.order[l]!]!;
  }

  /** valid[offset[l] + v] = 1 if v is valid at l under the choices; alt = valid if only l's own choice were dropped. */
  validity(st: State): { valid: Uint8Array; alt: Uint8Array } {
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

  namedValues(mask: Uint8Array): Record<string, Value[]> {
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

  configOf(asgByFeature: Int32Array): Configuration {
    const out: Configuration = {};
    this.ir.features.forEach((f, i) => (out[f.id] = f.values[asgByFeature[i]!]!));
    return out;
  }
}
