// Explanations of the decision-diagram backend, computed on demand for one excluded value.
// The minimal change is a shortest path where taking a value other than a current choice costs
// 1 + a tie-break weight that is larger for more recent choices (two passes per set of choices
// and order, shared by every explanation of the step). The rules responsible are those that
// exclude the value alone under the choices, else a budgeted counterexample search over the
// rules' own diagrams. Values no configuration has are blamed once and kept with the model;
// values only the session's restrictions exclude name a minimal subset of them.
import type { Choices, Explanation, QueryOptions } from '../api.ts';
import {
  restrictionRefs,
  restrictionsExcluding,
  subsetMask,
  copyExplanation,
  type RestrictionMask,
} from '../compile/restrictions.ts';
import type { Value } from '../model/types.ts';
import { valueIndex } from '../compile/ir.ts';
import { UnknownChoiceError } from '../errors.ts';
import type { MaskFacts, MddCore, State } from './core.ts';

/**
 * Joint-search steps for naming the rules of one explanation (bounds its cost). Each
 * explanation has its own budget, so its answer does not depend on which values were
 * explained before it.
 */
const EXPLAIN_SEARCH_BUDGET = 400;

/** Explains excluded values over a backend's core; keeps the scratch buffers and memos of the search. */
export class MddExplainer {
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

  constructor(private readonly c: MddCore) {
    const { L, data } = c;
    for (const [k, r] of data.deadBlame ?? []) this.deadBlame.set(k, r);
    this.pathBuf = new Int32Array(L);
    this.onPathBuf = new Int32Array(L);
    this.witnessBuf = new Int32Array(L);
    let maxDom = 0;
    for (let l = 0; l < L; l++) maxDom = Math.max(maxDom, data.main.dom[l]!);
    this.bestCostBuf = new Float64Array(maxDom);
    this.asgBuf = new Int32Array(L);
    this.ruleStamp = new Int32Array(data.rules.lvl.length);
    this.ruleMemo = new Uint8Array(data.rules.lvl.length);
    this.chosenStamp = new Int32Array(data.rules.lvl.length);
    this.chosenMemo = new Uint8Array(data.rules.lvl.length);
  }

  /** Computes (once) why each value no configuration has is impossible; kept in `data.deadBlame`. */
  precomputeDeadValues(): void {
    const st = this.c.stateOf({});
    const { alt } = this.c.validity(st);
    for (let l = 0; l < this.c.L; l++) {
      const f = this.c.featureOfLevel(l);
      for (let v = 0; v < f.values.length; v++)
        if (!alt[this.c.offset[l]! + v]) this.explain({}, [], f.id, f.values[v]!);
    }
    this.c.data.deadBlame = [...this.deadBlame];
  }

  private explainState(st: State, order: string[]) {
    // A session passes one order array to every explanation of a step: skip the join then.
    if (st.explain && st.explainOrder === order) return st.explain;
    const key = order.join('\u0000');
    if (st.explainKey === key && st.explain) {
      st.explainOrder = order;
      return st.explain;
    }
    const { lvl, start, kids, roots, dom } = this.c.data.main;
    const N = lvl.length;
    // Cost of deviating from a choice: 1 + a tie-break that makes older choices cheaper to drop.
    const cost = new Float64Array(this.c.L);
    const chosenLevels: number[] = [];
    for (let l = 0; l < this.c.L; l++) if (st.chosen[l]! >= 0) chosenLevels.push(l);
    const rank = new Map<number, number>();
    order.forEach((fid) => {
      const f = this.c.ir.featureIndex.get(fid);
      if (f !== undefined && st.chosen[this.c.levelOf[f]!]! >= 0)
        rank.set(this.c.levelOf[f]!, rank.size);
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
    const { levelStart } = this.c.data.main;
    // Level by level, so the level's choice and deviation cost are read once.
    for (let l = 0; l < this.c.L; l++) {
      const d = dom[l]!;
      const c = st.chosen[l]!;
      const dev = cost[l]!;
      for (let n = levelStart[l]!, end = levelStart[l + 1]!; n < end; n++) {
        const dn = down[n]!;
        if (dn === Infinity) continue;
        const s = start[n]!;
        const o = this.c.offset[l]!;
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
    for (let l = this.c.L - 1; l >= 0; l--) {
      const d = dom[l]!;
      const c = st.chosen[l]!;
      const dev = cost[l]!;
      for (let n = levelStart[l + 1]! - 1, first = levelStart[l]!; n >= first; n--) {
        const s = start[n]!;
        const o = this.c.offset[l]!;
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
    const bestDone = new Uint8Array(this.c.L);
    const bestNode = new Int32Array(this.c.offset[this.c.L]!);
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
    const st = this.c.stateOf(choices, opts);
    const f = this.c.ir.featureIndex.get(feature);
    if (f === undefined) throw new UnknownChoiceError(feature);
    const vi = valueIndex(this.c.ir.features[f]!, value);
    if (vi < 0) throw new UnknownChoiceError(feature, value);
    const l = this.c.levelOf[f]!;
    const { alt } = this.c.validity(st);
    if (alt[this.c.offset[l]! + vi]) return null;
    if (st.mask.key !== '') {
      const direct = restrictionsExcluding(this.c.ir, st.mask, f, vi);
      if (direct.length) return { conflicting: [], rules: [], restrictions: direct };
      const facts = this.c.factsOf(st.mask);
      facts.freeable ??= this.validUnder(facts.allow);
      this.modelValid ??= this.validUnder(this.c.allowAll);
      const o = this.c.offset[l]! + vi;
      // Only when no change of the choices frees it but the model alone has it.
      if (!facts.freeable[o] && this.modelValid[o])
        return copyExplanation(this.restrictionCause(st.mask, facts, l, vi));
    }
    const ex = this.explainState(st, order);
    const given = ex.given.get(this.c.offset[l]! + vi);
    if (given) return copyExplanation(given);
    const { start, kids } = this.c.data.main;
    const bestNode = this.bestNodeOf(ex, l, vi);
    const path = this.pathBuf;
    path.fill(-1);
    const conflicting: Array<{ feature: string; value: Value }> = [];
    const conflictLevels: number[] = [];
    if (bestNode >= 0) {
      const lvl = this.c.data.main.lvl;
      path[l] = vi;
      for (let n = bestNode; ex.predNode[n]! >= 0; n = ex.predNode[n]!)
        path[lvl[ex.predNode[n]!]!] = ex.predVal[n]!;
      for (let n = kids[start[bestNode]! + vi]!; n > 1; n = kids[start[n]! + ex.upVal[n]!]!)
        path[lvl[n]!] = ex.upVal[n]!;
      for (const ll of ex.orderLevels) {
        if (ll === l || path[ll] === st.chosen[ll]) continue;
        conflictLevels.push(ll);
        const feat = this.c.featureOfLevel(ll);
        conflicting.push({ feature: feat.id, value: feat.values[st.chosen[ll]!]! });
      }
    }
    // Rules responsible: those that exclude the value under all current choices; a value no
    // configuration has is blamed once, on the value alone, and remembered.
    let rules: number[];
    if (bestNode < 0) {
      const key = this.c.offset[l]! + vi;
      rules = this.deadBlame.get(key) ?? [];
      if (!this.deadBlame.has(key)) {
        const asg = new Int32Array(this.c.L).fill(-1);
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
        const r = this.c.ir.rules[i]!;
        return r.message ? { id: r.id, message: r.message } : { id: r.id };
      }),
    };
    ex.given.set(this.c.offset[l]! + vi, explanation);
    return copyExplanation(explanation);
  }

  /**
   * The first node of level l (in id order) minimizing down[n] + up[child under vi], or -1;
   * computed for every value of the level in one pass and kept for the state.
   */
  private bestNodeOf(ex: NonNullable<State['explain']>, l: number, vi: number): number {
    const o = this.c.offset[l]!;
    if (!ex.bestDone[l]) {
      ex.bestDone[l] = 1;
      const { start, kids, levelStart, dom } = this.c.data.main;
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
    for (const l of focus) for (const r of this.c.rulesByLevel[l]!) touching.add(r);
    return [...touching]
      .filter((r) => !this.satOne(this.c.data.rules.roots[r]!, asg))
      .sort((a, b) => a - b);
  }

  /**
   * When no rule alone excludes the value: the minimal-change configuration `path` satisfies
   * every rule; putting back any one dropped choice breaks some rule touching it (else a
   * smaller change would exist). Those rules are the ones responsible.
   */
  private blameOnPath(path: Int32Array, chosen: Int32Array, conflictLevels: number[]): number[] {
    const out = new Set<number>();
    const { start, kids, lvl, roots } = this.c.data.rules;
    const asg = this.onPathBuf;
    for (const cl of conflictLevels) {
      asg.set(path);
      asg[cl] = chosen[cl]!;
      for (const r of this.c.rulesByLevel[cl]!) {
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
    if (set.size === 0) for (const l of focus) for (const r of this.c.rulesByLevel[l]!) set.add(r);
    const { start, kids, lvl, roots } = this.c.data.rules;
    const full = new Int32Array(this.c.L);
    for (let round = 0; round < 64; round++) {
      const w = this.satJoint([...set], asg);
      if (w === false) break;
      if (w === null) return [...set].sort((x, y) => x - y);
      for (let l = 0; l < this.c.L; l++)
        full[l] = w[l]! >= 0 ? w[l]! : asg[l]! >= 0 ? asg[l]! : fill ? Math.max(0, fill[l]!) : 0;
      let added = 0;
      for (let r = 0; r < this.c.ir.rules.length; r++) {
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
    const { roots } = this.c.data.rules;
    const k = ruleIdx.length;
    // The witness buffer is reused: callers read it before the next call.
    const w = this.witnessBuf;
    w.fill(-1);
    // frames[d * k + i]: node of rule i at search depth d (depth ≤ number of levels).
    const size = (this.c.L + 2) * k;
    if (this.framesBuf.length < size) this.framesBuf = new Int32Array(size);
    const frames = this.framesBuf;
    const { lvl } = this.c.data.rules;
    let l = this.c.L;
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
   * node. `l` is the lowest level of the depth's nodes (none is false; this.c.L when all are true).
   */
  private satJointRec(
    d: number,
    k: number,
    frames: Int32Array,
    w: Int32Array,
    asg: Int32Array,
    l: number,
  ): boolean | null {
    if (l === this.c.L) return true;
    if (--this.searchBudget < 0) return null;
    const { lvl, start, kids, dom } = this.c.data.rules;
    const o = d * k;
    const c = asg[l]!;
    const no = o + k;
    const hi = c >= 0 ? c + 1 : dom[l]!;
    for (let v = c >= 0 ? c : 0; v < hi; v++) {
      w[l] = v;
      let dead = false;
      let next = this.c.L;
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
    const roots = this.c.data.rules.roots;
    return this.c.rulesByLevel[l]!.filter(
      (r) => !this.satFocusRec(roots[r]!, asg, stamp, l, st.ruleStamp!),
    ).sort((a, b) => a - b);
  }

  private satFocusRec(n: number, asg: Int32Array, stamp: number, l: number, cs: number): boolean {
    if (n < 2) return n === 1;
    const { lvl, start, kids, dom } = this.c.data.rules;
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
    const { lvl, start, kids, dom } = this.c.data.rules;
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

  /** Values (per level, value offset) in some configuration `allow` permits, without choices. */
  private validUnder(allow: Uint8Array): Uint8Array {
    const { lvl, start, kids, dom, roots } = this.c.data.main;
    const N = lvl.length;
    const none = new Int32Array(this.c.L).fill(-1);
    const alive = this.c.aliveOf(none, allow);
    const reach = new Uint8Array(N);
    const out = new Uint8Array(this.c.offset[this.c.L]!);
    const root = roots[0]!;
    if (root > 1 && alive[root]) reach[root] = 1;
    for (let n = 2; n < N; n++) {
      if (!reach[n]) continue;
      const l = lvl[n]!;
      const o = this.c.offset[l]!;
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
      const sub = subsetMask(this.c.ir, mask, keep);
      if (sub.key === '') valid = this.modelValid ??= this.validUnder(this.c.allowAll);
      else valid = this.validUnder(this.c.allowOf(sub));
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
    const o = this.c.offset[l]! + vi;
    const known = facts.causes.get(o);
    if (known) return known;
    let keep = mask.restrictions.map((_, i) => i);
    for (const i of [...keep]) {
      const rest = keep.filter((x) => x !== i);
      if (!this.subsetValid(mask, facts, rest)[o]) keep = rest;
    }
    const sub = subsetMask(this.c.ir, mask, keep);
    const asg = new Int32Array(this.c.L).fill(-1);
    asg[l] = vi;
    // Values the kept restrictions fix (one allowed value): the rules are sought under them.
    const fixedAllow = this.c.allowAll.slice();
    sub.allow.forEach((m, f) => {
      if (!m) return;
      let only = -1;
      for (let v = 0; v < m.length; v++) if (m[v]) only = only === -1 ? v : -2;
      if (only < 0) return;
      const fl = this.c.levelOf[f]!;
      asg[fl] = only;
      fixedAllow.fill(0, this.c.offset[fl]!, this.c.offset[fl + 1]!);
      fixedAllow[this.c.offset[fl]! + only] = 1;
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
        const r = this.c.ir.rules[i]!;
        return r.message ? { id: r.id, message: r.message } : { id: r.id };
      }),
      restrictions: restrictionRefs(mask, keep),
    };
    facts.causes.set(o, cause);
    return cause;
  }
}
