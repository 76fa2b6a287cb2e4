// Explanations of the SAT backend, computed on demand for one excluded value: the fewest
// choices to drop (ties: older choices first) by an exact hitting-set search over
// unsatisfiable cores of the assumptions, and the rules responsible by QuickXplain over rule
// selectors (the same rules whatever was asked before). A value's minimal change is reused
// while later steps only add choices and dropping the same choices still frees it (checked in
// batches; see `extendsEarlier`); values dead without choices are explained once.
import type { Choices, Explanation, QueryOptions } from '../api.ts';
import {
  restrictionRefs,
  restrictionsExcluding,
  subsetMask,
  RestrictionFacts,
  copyExplanation,
  type RestrictionMask,
} from '../compile/restrictions.ts';
import type { Value } from '../model/types.ts';
import { collectFeatures, valueIndex } from '../compile/ir.ts';
import { UnknownChoiceError } from '../errors.ts';
import { CACHE_SIZE, type ExplainedValue, type SatCore } from './core.ts';
import { domainsOf } from './domains.ts';
import { encode, type Encoding } from './encode.ts';
import { neg, pos } from './solver.ts';

/** Explains excluded values over a backend's core; keeps what explanations learn. */
export class SatExplainer {
  private rulesByFeature: number[][] | null = null;
  private ruleFeatures: number[][] | null = null;
  /** Explanations of values impossible in every configuration (they do not depend on choices). */
  private deadRules = new Map<number, Array<{ id: string; message?: string }>>();
  /**
   * Per set of restrictions, by slot: why the restrictions exclude the value whatever the
   * choices (null when the model alone has no such value). Depends on the restrictions only.
   */
  private restrictionCauses = new RestrictionFacts<Map<number, Explanation | null>>();

  /** Every rule with selectors, only ever asked for unit propagation (it never searches, so it
   * holds the rules' clauses and nothing learnt). */
  private upEnc: Encoding | undefined;

  constructor(private readonly c: SatCore) {}

  private possibleWith(chosen: Int32Array, slotLitToAdd: number): boolean {
    const key = this.c.keyOf(chosen);
    const cached = this.c.cache.get(key);
    const s = this.c.slotOfLit(slotLitToAdd);
    if (cached && s >= 0) return cached.feasible && cached.possible[s] === 1;
    const assumptions = [...this.c.assumptionsOf(chosen), slotLitToAdd];
    for (const m of this.c.pool) if (this.c.modelSatisfies(m, assumptions)) return true;
    if (this.c.enc.solver.solve(assumptions)) {
      this.c.remember();
      return true;
    }
    return false;
  }

  explain(
    choices: Choices,
    order: string[],
    feature: string,
    value: Value,
    opts?: QueryOptions,
  ): Explanation | null {
    const mask = this.c.useRestrictions(opts);
    const chosen = this.c.chosenOf(choices);
    const f = this.c.ir.featureIndex.get(feature);
    if (f === undefined) throw new UnknownChoiceError(feature);
    const vi = valueIndex(this.c.ir.features[f]!, value);
    if (vi < 0) throw new UnknownChoiceError(feature, value);
    const target = this.c.enc.slotLit[this.c.enc.offset[f]! + vi]!;
    const slot = this.c.enc.offset[f]! + vi;
    if (mask.key !== '') {
      const direct = restrictionsExcluding(this.c.ir, mask, f, vi);
      if (direct.length) return { conflicting: [], rules: [], restrictions: direct };
    }
    if (this.c.dead?.[slot]) return { conflicting: [], rules: this.deadRulesOf(slot, target, f) };
    const causes = mask.key === '' ? null : this.restrictionCauses.of(mask, () => new Map());
    // Impossible with no choice under these restrictions, so under any choices too.
    const known = causes?.get(slot);
    if (known !== undefined)
      return known
        ? copyExplanation(known)
        : { conflicting: [], rules: this.deadRulesOf(slot, target, f) };
    let others = chosen;
    if (chosen[f]! >= 0) {
      others = Int32Array.from(chosen);
      others[f] = -1;
    }
    if (this.possibleWith(others, target)) return null;
    if (!this.possibleWith(this.c.none, target)) {
      if (causes) {
        const cause = this.restrictionCause(mask, target, f);
        causes.set(slot, cause);
        if (cause) return copyExplanation(cause);
      }
      return { conflicting: [], rules: this.deadRulesOf(slot, target, f) };
    }
    // Choices other than `feature`, oldest first (those missing from `order` count as oldest).
    const ranked: number[] = [];
    const inOrder = new Set<number>();
    for (const id of order) {
      const g = this.c.ir.featureIndex.get(id);
      if (g !== undefined && others[g]! >= 0 && !inOrder.has(g)) inOrder.add(g);
    }
    for (const g of this.c.chosenFeatures(others)) if (g !== f && !inOrder.has(g)) ranked.push(g);
    ranked.push(...inOrder);
    const earlier = this.c.explained.get(slot);
    const extended = earlier ? this.extendsEarlier(earlier, ranked, others) : 'no';
    let drop: number[] | null = null;
    if (earlier && extended !== 'no') {
      if (extended === 'same') return copyExplanation(earlier.explanation);
      const freed = Int32Array.from(others);
      for (const g of earlier.drop) freed[g] = -1;
      if (this.possibleUnder(freed, slot, earlier.drop)) drop = earlier.drop;
    }
    // The fewest choices to drop never decreases as choices are added (see `extendsEarlier`).
    const atLeast = earlier && extended !== 'no' ? earlier.drop.length : 1;
    drop ??= this.minimalCorrection(ranked, others, target, atLeast);
    const conflicting = drop.map((g) => ({
      feature: this.c.ir.features[g]!.id,
      value: this.c.ir.features[g]!.values[others[g]!]!,
    }));
    // The rules are sought under these choices (not reused from earlier ones): the same
    // question gets the same rules whatever was explained before.
    const rules = this.ruleRefs(
      this.rulesFor([...this.c.assumptionsOf(others), target], [f, ...drop]),
    );
    const explanation = { conflicting, rules };
    this.c.explained.set(slot, {
      ranked,
      vals: ranked.map((g) => others[g]!),
      drop,
      explanation,
    });
    return { conflicting: conflicting.map((c) => ({ ...c })), rules: [...rules] };
  }

  /**
   * The value is impossible under the restrictions whatever the choices: when the model alone
   * has it, a minimal subset of the restrictions (deletion) is the cause, with the rules that
   * exclude it under them.
   */
  private restrictionCause(mask: RestrictionMask, target: number, f: number): Explanation | null {
    const solver = this.c.enc.solver;
    const possible = (keep: number[]): boolean =>
      solver.solve([target, ...this.c.litsOfMask(subsetMask(this.c.ir, mask, keep))]) !== false;
    let keep = mask.restrictions.map((_, i) => i);
    if (!possible([])) return null;
    for (const i of [...keep]) {
      const rest = keep.filter((x) => x !== i);
      if (!possible(rest)) keep = rest;
    }
    const lits = this.c.litsOfMask(subsetMask(this.c.ir, mask, keep));
    return {
      conflicting: [],
      rules: this.ruleRefs(this.rulesFor([target, ...lits], [f])),
      restrictions: restrictionRefs(mask, keep),
    };
  }

  /**
   * Whether the current choices (other than the value's own feature) extend those of an
   * earlier explanation of the same value, the earlier ones keeping their ranks (the new ones
   * newer): 'same' when they are equal, 'extends' when choices were added, else 'no'.
   * When they extend, the earlier drop D is still the exact answer if it still frees the value:
   * the fewest choices to drop never decreases as choices are added (dropping D' from the
   * larger set frees the value, so dropping D' ∩ old from the old set does too), so D is a
   * smallest one, and any other smallest one consists of old choices only and was already
   * ranked behind D. The rules named stay a valid reason: rules excluding the value under
   * fewer choices exclude it under more.
   */
  private extendsEarlier(
    earlier: ExplainedValue,
    ranked: number[],
    others: Int32Array,
  ): 'same' | 'extends' | 'no' {
    const n = earlier.ranked.length;
    if (n > ranked.length) return 'no';
    for (let i = 0; i < n; i++) {
      const g = earlier.ranked[i]!;
      if (ranked[i] !== g || others[g] !== earlier.vals[i]) return 'no';
    }
    return n === ranked.length ? 'same' : 'extends';
  }

  /**
   * Whether value `slot` is possible under `chosen`. Answers from the cached
   * valid domains when there are any; otherwise settles, in one batch, every value whose
   * earlier explanation drops the same choices (those are the next questions a session asks)
   * with the same completeness as `computeDomains`: a model shows a value possible, a
   * refutation (or unit propagation) shows it impossible.
   */
  private possibleUnder(chosen: Int32Array, slot: number, drop: number[]): boolean {
    const key = this.c.keyOf(chosen);
    const full = this.c.cache.get(key);
    if (full) return full.feasible && full.possible[slot] === 1;
    let known = this.c.partial.get(key);
    if (known?.possible[slot]) return true;
    if (known?.impossible[slot]) return false;
    if (!known) {
      known = {
        possible: new Uint8Array(this.c.totalSlots),
        impossible: new Uint8Array(this.c.totalSlots),
      };
      this.c.partial.set(key, known);
      if (this.c.partial.size > CACHE_SIZE)
        this.c.partial.delete(this.c.partial.keys().next().value!);
    }
    const { possible, impossible } = known;
    const batch = new Set<number>([slot]);
    const dropKey = drop.join(',');
    for (const [s, e] of this.c.explained)
      if (!possible[s] && !impossible[s] && e.drop.join(',') === dropKey) batch.add(s);
    const lits = this.c.enc.slotLit;
    const solver = this.c.enc.solver;
    const assumptions = this.c.assumptionsOf(chosen);
    const implied = solver.implied(assumptions);
    if (!implied) {
      for (const s of batch) impossible[s] = 1;
      return false;
    }
    const falseLit = new Uint8Array(2 * solver.numVars);
    for (const l of implied) falseLit[l ^ 1] = 1;
    for (const s of batch) if (falseLit[lits[s]!] || this.c.dead?.[s]) impossible[s] = 1;
    const mark = (m: Uint8Array): void => {
      for (const s of batch) {
        const l = lits[s]!;
        if ((m[l >> 1] === 1) !== ((l & 1) === 1)) possible[s] = 1;
      }
    };
    let base: Uint8Array | null = null;
    for (const m of this.c.pool) {
      if (this.c.modelSatisfies(m, assumptions)) {
        mark(m);
        base = m;
      }
    }
    if (this.c.search && [...batch].some((s) => !possible[s] && !impossible[s])) {
      // Local search from one model reaches most of the rest without the solver.
      if (!base) {
        if (!solver.solve(assumptions)) {
          for (const s of batch) impossible[s] = 1;
          return false;
        }
        base = this.c.remember();
        mark(base);
      }
      const fixed = new Uint8Array(solver.numVars);
      for (const l of implied) fixed[l >> 1] = 1;
      this.c.search.load(base);
      for (const s of batch)
        if (!possible[s] && !impossible[s])
          this.c.search.tryLit(lits[s]!, fixed, 40, (m) => {
            possible[s] = 1;
            mark(m);
          });
    }
    for (;;) {
      const unknown = [...batch].filter((s) => !possible[s] && !impossible[s]);
      if (unknown.length === 0) break;
      const act = solver.newVar();
      solver.addClause([neg(act), ...unknown.map((s) => lits[s]!)]);
      for (const s of unknown) solver.setPhase(lits[s]! >> 1, (lits[s]! & 1) === 0);
      const sat = solver.solve([...assumptions, pos(act)]);
      this.c.disable(act);
      if (sat) mark(this.c.remember());
      else for (const s of unknown) impossible[s] = 1;
    }
    return possible[slot] === 1;
  }

  /**
   * Fewest choices (features in `ranked`, oldest first) whose removal makes `target` possible;
   * among equally small sets the one dropping the oldest choices (smallest sum of ranks).
   * Exact: candidates are tried in that order, skipping any that misses a known core;
   * sizes below `atLeast` (known not to suffice) are skipped.
   */
  private minimalCorrection(
    ranked: number[],
    chosen: Int32Array,
    target: number,
    atLeast: number,
  ): number[] {
    const solver = this.c.enc.solver;
    const n = ranked.length;
    const litOf = ranked.map((g) => this.c.enc.slotLit[this.c.enc.offset[g]! + chosen[g]!]!);
    const indexOfLit = new Map(litOf.map((l, i) => [l, i]));
    const cores: number[][] = [];
    const targetSlot = this.c.slotOfLit(target);
    const test = (drop: Set<number>): boolean => {
      const assumptions = [target, ...this.c.rlits];
      for (let i = n - 1; i >= 0; i--) if (!drop.has(i)) assumptions.push(litOf[i]!);
      for (const m of this.c.pool) if (this.c.modelSatisfies(m, assumptions)) return true;
      if (drop.size === 1 && targetSlot >= 0) {
        // Dropping one choice: the valid domains without it answer every value at once (cached
        // for the other explanations of this step).
        const without = Int32Array.from(chosen);
        without[ranked[[...drop][0]!]!] = -1;
        const d = domainsOf(this.c, without);
        return d.feasible && d.possible[targetSlot] === 1;
      }
      if (solver.solve(assumptions)) {
        this.c.remember();
        return true;
      }
      const core = solver.conflict
        .map((l) => indexOfLit.get(l))
        .filter((i): i is number => i !== undefined);
      cores.push(core);
      return false;
    };
    // A first core: from unit propagation when it refutes the target, else from the solver.
    const all = [target, ...this.c.rlits, ...litOf];
    if (this.c.enc.solver.implied(all) === null) {
      cores.push(
        solver.conflict.map((l) => indexOfLit.get(l)).filter((i): i is number => i !== undefined),
      );
    } else if (test(new Set())) return [];
    for (let k = Math.max(1, atLeast); k <= n; k++) {
      const universe =
        binomial(n, k) <= 20000 ? range(n) : [...new Set(cores.flat())].sort((a, b) => a - b);
      const candidates = subsetsBySum(universe, k);
      for (const cand of candidates) {
        const set = new Set(cand);
        if (!cores.every((c) => c.some((i) => set.has(i)))) continue;
        if (test(set)) return cand.map((i) => ranked[i]!);
      }
    }
    return ranked;
  }

  private deadRulesOf(
    slot: number,
    target: number,
    f: number,
  ): Array<{ id: string; message?: string }> {
    let rules = this.deadRules.get(slot);
    if (!rules) {
      const indices = this.rulesFor([target], [f]);
      this.deadRules.set(slot, (rules = this.ruleRefs(indices)));
    }
    return rules;
  }

  /**
   * Rules that together exclude the assumptions, the same set whatever was asked before.
   * Candidates grow outward from the named features (rules sharing features with the
   * candidates) until they exclude the assumptions; then QuickXplain (Junker 2004) over the
   * candidates in rule order picks a minimal subset. Most exclusions in configuration models
   * follow by unit propagation alone: then both steps ask whether propagation over the rules'
   * original clauses refutes a set (a solver that never searches, so it holds nothing else),
   * and the answer is a minimal set whose propagation refutes the value. Otherwise both steps
   * ask whether a set admits a model at all (an incremental solver over every rule with
   * selectors). Either way the answers depend only on the rules, never on cores or learnt
   * clauses a solver happens to hold, so the result is a function of the question.
   */
  private rulesFor(assumptions: number[], focus: number[]): number[] {
    // Same variable numbering for features: assumptions carry over.
    const up = (this.upEnc ??= encode(this.c.ir, { selectors: true }));
    const refutedByPropagation = (rules: number[]): boolean =>
      up.solver.implied([...assumptions, ...rules.map((r) => pos(up.selectors[r]!))]) === null;
    const quick = this.candidates(assumptions, focus, refutedByPropagation);
    if (quick) return quickXplain(quick, refutedByPropagation);
    const re = (this.c.ruleEnc ??= encode(this.c.ir, { selectors: true }));
    // Sets already decided: a subset of a set with a model has one, a superset of an excluding
    // set excludes (the answers are facts, so reusing them changes no result).
    const admitted: Array<Set<number>> = [];
    const excluding: Array<Set<number>> = [];
    const excludes = (rules: number[]): boolean => {
      if (excluding.some((x) => x.size <= rules.length && [...x].every((r) => rules.includes(r))))
        return true;
      if (admitted.some((x) => x.size >= rules.length && rules.every((r) => x.has(r))))
        return false;
      const lits = [...assumptions, ...rules.map((r) => pos(re.selectors[r]!))];
      if (re.solver.implied(lits) === null) {
        excluding.push(new Set(rules));
        return true;
      }
      // Free selectors lean true, so a model found satisfies as many other rules as it can:
      // every rule whose selector it sets holds in it, and those sets are admitted too.
      for (let r = 0; r < re.selectors.length; r++) re.solver.setPhase(re.selectors[r]!, true);
      if (re.solver.solve(lits) === false) {
        excluding.push(new Set(rules));
        return true;
      }
      const holds = new Set(rules);
      for (let r = 0; r < re.selectors.length; r++)
        if (re.solver.modelValue(pos(re.selectors[r]!))) holds.add(r);
      admitted.push(holds);
      return false;
    };
    const candidates = this.candidates(assumptions, focus, excludes);
    return candidates ? quickXplain(candidates, excludes) : [];
  }

  /**
   * The rules over the named features and the assumptions' features, grown by the features of
   * the rules added, round by round, until `excludes` holds for them (every rule when nothing
   * new is reachable); null when not even every rule excludes the assumptions.
   */
  private candidates(
    assumptions: number[],
    focus: number[],
    excludes: (rules: number[]) => boolean,
  ): number[] | null {
    if (!this.rulesByFeature || !this.ruleFeatures) {
      this.rulesByFeature = Array.from({ length: this.c.nf }, () => []);
      this.ruleFeatures = this.c.ir.rules.map((r) => [...collectFeatures(r.expr, new Set())]);
      this.ruleFeatures.forEach((fs, i) => {
        for (const f of fs) this.rulesByFeature![f]!.push(i);
      });
    }
    const byFeature = this.rulesByFeature;
    const featuresOf = this.ruleFeatures;
    const sel = new Set<number>();
    const features = new Set(focus);
    for (const l of assumptions) {
      const s = this.c.slotOfLit(l);
      if (s >= 0) features.add(this.c.enc.slotFeature[s]!);
    }
    let fresh = [...features];
    for (let round = 0; round < 64 && fresh.length > 0; round++) {
      const added: number[] = [];
      for (const f of fresh)
        for (const r of byFeature[f]!) {
          if (!sel.has(r)) {
            sel.add(r);
            added.push(r);
          }
        }
      const list = [...sel].sort((a, b) => a - b);
      if (excludes(list)) return list;
      if (sel.size === this.c.ir.rules.length) return null;
      // Grow by the features of the rules just added; when nothing new is reachable, every rule.
      fresh = [];
      for (const r of added)
        for (const f of featuresOf[r]!) {
          if (!features.has(f)) {
            features.add(f);
            fresh.push(f);
          }
        }
    }
    const all = this.c.ir.rules.map((_, r) => r);
    return excludes(all) ? all : null;
  }

  private ruleRefs(indices: number[]): Array<{ id: string; message?: string }> {
    return [...new Set(indices)]
      .sort((a, b) => a - b)
      .map((i) => {
        const r = this.c.ir.rules[i]!;
        return r.message ? { id: r.id, message: r.message } : { id: r.id };
      });
  }
}

/**
 * QuickXplain (Junker 2004): a minimal subset of `candidates` for which `excludes` holds
 * (it must hold for all of them and be monotone), preferring earlier candidates. Which subset
 * depends only on the answers of `excludes`, O(k·log(n/k)) calls for k rules out of n.
 */
export function quickXplain(
  candidates: number[],
  excludes: (rules: number[]) => boolean,
): number[] {
  const rec = (background: number[], changed: boolean, c: number[]): number[] => {
    if (changed && excludes(background)) return [];
    if (c.length === 1) return c;
    const half = c.length >> 1;
    const c1 = c.slice(0, half);
    const c2 = c.slice(half);
    const d2 = rec([...background, ...c1], c1.length > 0, c2);
    const d1 = rec([...background, ...d2], d2.length > 0, c1);
    return [...d1, ...d2];
  };
  if (candidates.length === 0) return [];
  return rec([], false, candidates).sort((a, b) => a - b);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return r;
}

/** k-subsets of `items` (ascending ints) ordered by sum, then colex. */
function subsetsBySum(items: number[], k: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const rec = (start: number): void => {
    if (pick.length === k) {
      out.push([...pick]);
      return;
    }
    for (let i = start; i <= items.length - (k - pick.length); i++) {
      pick.push(items[i]!);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  const sum = (s: number[]): number => s.reduce((a, b) => a + b, 0);
  return out.sort((a, b) => sum(a) - sum(b) || colex(a, b));
}

function colex(a: number[], b: number[]): number {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
