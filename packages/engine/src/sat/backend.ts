// The SAT backend: answers every configuration query with our CDCL solver (solver.ts) over the
// encoding of encode.ts; the customer's choices are assumptions, never clauses.
//
// Valid domains are complete: a value is shown only after a model containing it was found,
// and hidden only after the solver refuted it. Speed-ups: every model found marks all of its
// values possible; values implied false by unit propagation are refuted without search; one
// query "some still-unknown value holds" (an activation-guarded clause, phases pointing at the
// unknown values) settles many values per call, and its refutation settles all the rest at
// once; results are cached per choice set and reused across steps (fewer choices keep every
// possible value, more choices keep every impossible one, recent models are re-checked), and
// values dead without any choice become unit clauses.
// Explanations: fewest choices to drop (ties: older choices first) by an exact hitting-set
// search over unsatisfiable cores of the assumptions; rules from a core of rule selectors.
// Values dead without choices are explained once, with the first valid domains; an excluded
// value's explanation is reused while later steps only add choices and dropping the same
// choices still frees it (checked in batches; see `extendsEarlier`).
// Optimization and ranges: linear search, the solver adding an objective bound (a native
// pseudo-Boolean constraint) until it proves no better model exists.
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
import { linearOf } from '../compile/linear.ts';
import { DeadlineExceededError } from '../errors.ts';
import type { Value } from '../model/types.ts';
import { collectFeatures, literalIndex, valueIndex, type IR } from '../compile/ir.ts';
import { leaveInputOpen, validateConfiguration } from '../compile/evaluate.ts';
import { SamplingUnavailableError, UnknownChoiceError } from '../errors.ts';
import { encode, type Encoding } from './encode.ts';
import { boundsCnf, countCnf, countModels, enumerateModels } from './count.ts';
import { neg, pos } from './solver.ts';
import { refuteLinear } from './linear-refute.ts';

/** Tunables; defaults suit interactive use. */
export interface SatBackendOptions {
  /** Largest number of configurations enumerated for exact counts of models with auxiliary encodings. */
  enumerationLimit?: number;
  /** Node budget of the exact component-caching counter for pure clause models. */
  countNodeBudget?: number;
}

interface ExplainedValue {
  ranked: number[];
  vals: number[];
  drop: number[];
  explanation: Explanation;
}

interface DomainResult {
  choices: Int32Array;
  /** 1 = possible, 0 = impossible, per value slot. */
  possible: Uint8Array;
  feasible: boolean;
}

const CACHE_SIZE = 48;
/** Default: configurations enumerated for exact counts and uniform samples of non-clause models. */
const ENUMERATION_LIMIT = 5000;
/** Occurrence-list visits local search may spend per model. */
const LOCAL_SEARCH_WORK = 400_000;
const POOL_SIZE = 64;
/** Conflicts the solver may spend on each step of the satisfiability proof at compile. */
const PROOF_CONFLICTS = 200_000;

export class SatBackend implements Backend {
  readonly kind = 'sat' as const;
  private readonly enc: Encoding;
  private ruleEnc: Encoding | undefined;
  private readonly nf: number;
  private readonly totalSlots: number;
  private readonly cache = new Map<string, DomainResult>();
  private readonly rangeCache = new Map<string, Ranges>();
  private pool: Uint8Array[] = [];
  /** Slots impossible without any choice (known once the empty choice set was computed). */
  private dead: Uint8Array | null = null;
  private disabledActivations = 0;
  private rulesByFeature: number[][] | null = null;
  private ruleFeatures: number[][] | null = null;
  private maxLevels = new Map<string, { thresholds: number[]; lits: number[] }>();
  private countCache = new Map<string, bigint | null>();
  /** The clauses of a pure clause encoding (no auxiliary variables, no PB), for exact DP bounds. */
  private pure: number[][] | null = null;
  /** Local search for more witnesses around a model (pure clause encodings only). */
  private search: LocalSearch | null = null;
  /** Explanations of values impossible in every configuration (they do not depend on choices). */
  private deadRules = new Map<number, Array<{ id: string; message?: string }>>();
  /**
   * The latest explanation per value slot, reused while later choice sets extend its own (see
   * `reusable`): ranked = the other choices' features oldest first, vals = their values.
   */
  private explained = new Map<number, ExplainedValue>();
  /**
   * Per set of restrictions, by slot: why the restrictions exclude the value whatever the
   * choices (null when the model alone has no such value). Depends on the restrictions only.
   */
  private restrictionCauses = new RestrictionFacts<Map<number, Explanation | null>>();
  /** Partial valid domains (only the slots asked about) per choice set, for reuse checks. */
  private partial = new Map<string, { possible: Uint8Array; impossible: Uint8Array }>();
  private readonly none: Int32Array;
  private lastChoices: { key: string; chosen: Int32Array } | null = null;

  constructor(
    readonly ir: IR,
    private readonly options: SatBackendOptions = {},
  ) {
    this.enc = encode(ir, { record: true });
    this.nf = ir.features.length;
    this.totalSlots = this.enc.offset[this.nf]!;
    if (!this.enc.hasAux) {
      this.search = new LocalSearch(this.enc.clauses, this.enc.solver.numVars);
      this.pure = this.enc.clauses;
    }
    this.enc.clauses = [];
    this.none = new Int32Array(this.nf).fill(-1);
  }

  /**
   * For `CompileStats` (compile.ts reads it): clauses of the encoding as `nodes`, and the
   * satisfiability proof — `conflict` (a minimal set of conflicting rule ids) when no product
   * exists, `undecided` when the solver could not decide it within its budget.
   */
  stats(): { nodes: number; conflict?: string[]; undecided?: true } {
    const nodes = this.enc.solver.numClauses;
    const proof = this.satisfiability();
    if (proof === true) return { nodes };
    if (proof === null) return { nodes, undecided: true };
    return { nodes, conflict: proof.map((r) => this.ir.rules[r]!.id) };
  }

  private proof: true | null | number[] | undefined;
  /**
   * Whether any product exists without choices: true, or the indices of a minimal set of rules
   * that admit no product together (every proper subset admits one when the solver decided
   * every check within `PROOF_CONFLICTS`), or null when undecided.
   */
  satisfiability(): true | null | number[] {
    if (this.proof !== undefined) return this.proof;
    // Bounds refute contradicting sums at once, where clause learning would enumerate them.
    const linear = refuteLinear(this.ir);
    if (linear) return (this.proof = linear);
    const found = this.enc.solver.solve([], { conflicts: PROOF_CONFLICTS });
    if (found === true) {
      this.remember();
      return (this.proof = true);
    }
    if (found === undefined) return (this.proof = null);
    // Deletion-based minimal unsatisfiable subset over rule selectors: start from the core of
    // all rules; drop a rule whenever the others still admit no product (and shrink to the new
    // core); keep it when they admit one.
    const re = (this.ruleEnc ??= encode(this.ir, { selectors: true }));
    const lit = (r: number): number => pos(re.selectors[r]!);
    const coreOf = (rules: number[]): number[] => {
      const hit = new Set(re.solver.conflict);
      return rules.filter((r) => hit.has(lit(r)));
    };
    const all = this.ir.rules.map((_, r) => r);
    if (re.solver.solve(all.map(lit), { conflicts: PROOF_CONFLICTS }) !== false)
      return (this.proof = null);
    let core = coreOf(all);
    for (let i = 0; i < core.length;) {
      const rest = core.filter((_, j) => j !== i);
      if (re.solver.solve(rest.map(lit), { conflicts: PROOF_CONFLICTS }) === false) {
        // Rules before i are each needed, so every core of `rest` keeps them in place.
        core = coreOf(rest);
      } else i++;
    }
    return (this.proof = core);
  }

  // ---------------------------------------------------------------- choices

  /** The choices as a value index per feature (-1 = open); callers must not mutate it. */
  private chosenOf(choices: Choices): Int32Array {
    // A session asks many questions about one choice set: reuse its array.
    let memoKey = '';
    for (const [k, v] of Object.entries(choices))
      memoKey += `${k}\u0000${typeof v}:${String(v)}\u0001`;
    if (this.lastChoices?.key === memoKey) return this.lastChoices.chosen;
    const out = new Int32Array(this.nf).fill(-1);
    for (const [k, v] of Object.entries(choices)) {
      const f = this.ir.featureIndex.get(k);
      if (f === undefined) throw new UnknownChoiceError(k);
      const i = valueIndex(this.ir.features[f]!, v);
      if (i < 0) throw new UnknownChoiceError(k, v);
      out[f] = i;
    }
    this.lastChoices = { key: memoKey, chosen: out };
    return out;
  }

  /** Memo of `keyOf`; choice arrays are never mutated once a key was taken. */
  private keys = new WeakMap<Int32Array, string>();
  /** The restrictions of the current queries: their key and the negated literals they assume. */
  private rkey = '';
  private rmask: RestrictionMask | null = null;
  private rlits: number[] = [];

  private litsOfMask(mask: RestrictionMask): number[] {
    const out: number[] = [];
    mask.allow.forEach((m, f) => {
      if (!m) return;
      const o = this.enc.offset[f]!;
      for (let v = 0; v < m.length; v++) if (!m[v]) out.push(this.enc.slotLit[o + v]! ^ 1);
    });
    return out;
  }

  /** Switches to the restrictions of a query (assumptions, never clauses); caches per set. */
  private useRestrictions(opts?: QueryOptions): RestrictionMask {
    const mask = restrictionMask(this.ir, opts);
    this.rmask = mask;
    if (mask.key === this.rkey) return mask;
    this.rkey = mask.key;
    this.rlits = this.litsOfMask(mask);
    this.cache.clear();
    this.rangeCache.clear();
    this.countCache.clear();
    this.explained.clear();
    this.partial.clear();
    this.keys = new WeakMap();
    return mask;
  }
  private keyOf(chosen: Int32Array): string {
    let key = this.keys.get(chosen);
    if (key !== undefined) return key;
    key = '';
    for (let f = 0; f < this.nf; f++) if (chosen[f]! >= 0) key += `${f}:${chosen[f]},`;
    this.keys.set(chosen, key);
    return key;
  }

  /** The chosen features, ascending (memoized like `keyOf`). */
  private readonly chosenLists = new WeakMap<Int32Array, number[]>();
  private chosenFeatures(chosen: Int32Array): number[] {
    let list = this.chosenLists.get(chosen);
    if (!list) {
      list = [];
      for (let f = 0; f < this.nf; f++) if (chosen[f]! >= 0) list.push(f);
      this.chosenLists.set(chosen, list);
    }
    return list;
  }

  private assumptionsOf(chosen: Int32Array): number[] {
    const out = this.chosenFeatures(chosen).map(
      (f) => this.enc.slotLit[this.enc.offset[f]! + chosen[f]!]!,
    );
    return this.rlits.length ? out.concat(this.rlits) : out;
  }

  private modelSatisfies(model: Uint8Array, lits: number[]): boolean {
    for (const l of lits) if ((model[l >> 1] === 1) === ((l & 1) === 1)) return false;
    return true;
  }

  private remember(): Uint8Array {
    const m = this.enc.solver.model.slice(0, this.enc.solver.numVars);
    this.pool.push(m);
    if (this.pool.length > POOL_SIZE) this.pool.shift();
    return m;
  }

  /**
   * Marks the values of a model possible — and, for pure clause encodings, those of the models
   * local search reaches from it without touching `fixed` variables (assumptions and
   * everything they imply).
   */
  private markModel(
    model: Uint8Array,
    possible: Uint8Array,
    fixed?: Uint8Array,
    impossible?: Uint8Array,
  ): void {
    const lits = this.enc.slotLit;
    for (let s = 0; s < this.totalSlots; s++) {
      const l = lits[s]!;
      if ((model[l >> 1] === 1) !== ((l & 1) === 1)) possible[s] = 1;
    }
    if (!this.search || !fixed || !impossible) return;
    // A repaired model differs from the loaded one only in the flipped variables: only their
    // values can be new.
    const slotsOfVar = this.slotsOfVar();
    const markFlipped = (m: Uint8Array, flipped: number[]): void => {
      for (const v of flipped) {
        for (const s of slotsOfVar[v] ?? []) {
          const l = lits[s]!;
          if ((m[l >> 1] === 1) !== ((l & 1) === 1)) possible[s] = 1;
        }
      }
    };
    // Bounded effort: what local search does not reach, the solver decides.
    this.search.load(model);
    this.search.work = 0;
    for (let s = 0; s < this.totalSlots && this.search.work < LOCAL_SEARCH_WORK; s++) {
      if (!possible[s] && !impossible[s]) this.search.tryLit(lits[s]!, fixed, 40, markFlipped);
    }
  }

  private varSlots: number[][] | null = null;
  /** The value slots whose literal is on each variable. */
  private slotsOfVar(): number[][] {
    if (!this.varSlots) {
      this.varSlots = [];
      for (let s = 0; s < this.totalSlots; s++)
        (this.varSlots[this.enc.slotLit[s]! >> 1] ??= []).push(s);
    }
    return this.varSlots;
  }

  private disable(act: number): void {
    this.enc.solver.addClause([neg(act)]);
    if (++this.disabledActivations % 64 === 0) this.enc.solver.simplify();
  }

  // ---------------------------------------------------------------- valid domains

  private domainsOf(chosen: Int32Array): DomainResult {
    const key = this.keyOf(chosen);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const result = this.computeDomains(chosen);
    this.cache.set(key, result);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    if (key === '' && this.rkey === '' && !this.dead && result.feasible)
      this.learnDead(result.possible);
    return result;
  }

  private computeDomains(chosen: Int32Array): DomainResult {
    const solver = this.enc.solver;
    const total = this.totalSlots;
    const lits = this.enc.slotLit;
    const possible = new Uint8Array(total);
    const impossible = new Uint8Array(total);
    const assumptions = this.assumptionsOf(chosen);
    const implied = solver.implied(assumptions);
    if (!implied) return { choices: chosen, possible, feasible: false };
    const trueLit = new Uint8Array(2 * solver.numVars);
    for (const l of implied) trueLit[l] = 1;
    // Variables fixed by the choices (or without them) never flip.
    const fixed = new Uint8Array(solver.numVars);
    for (const l of implied) fixed[l >> 1] = 1;
    for (let s = 0; s < total; s++) {
      if (trueLit[lits[s]! ^ 1]) impossible[s] = 1;
      if (this.dead?.[s]) impossible[s] = 1;
    }
    // Reuse earlier answers: subsets keep impossibilities, supersets keep possibilities.
    for (const r of this.cache.values()) {
      if (!r.feasible) continue;
      const rel = this.relation(r.choices, chosen);
      if (rel === 'sub')
        for (let s = 0; s < total; s++) impossible[s] = impossible[s]! | (r.possible[s]! ^ 1);
      else if (rel === 'super')
        for (let s = 0; s < total; s++) possible[s] = possible[s]! | r.possible[s]!;
    }
    let witness: Uint8Array | null = null;
    for (const m of this.pool) {
      if (this.modelSatisfies(m, assumptions)) {
        this.markModel(m, possible);
        witness = m;
      }
    }
    if (!witness) {
      if (!solver.solve(assumptions))
        return { choices: chosen, possible: new Uint8Array(total), feasible: false };
      witness = this.remember();
    }
    this.markModel(witness, possible, fixed, impossible);
    for (;;) {
      const unknown: number[] = [];
      for (let s = 0; s < total; s++) if (!possible[s] && !impossible[s]) unknown.push(s);
      if (unknown.length === 0) break;
      if (unknown.length <= 2) {
        for (const s of unknown) {
          if (possible[s]) continue;
          if (solver.solve([...assumptions, lits[s]!]))
            this.markModel(this.remember(), possible, fixed, impossible);
          else impossible[s] = 1;
        }
        continue;
      }
      const act = solver.newVar();
      solver.addClause([neg(act), ...unknown.map((s) => lits[s]!)]);
      for (const s of unknown) solver.setPhase(lits[s]! >> 1, (lits[s]! & 1) === 0);
      const sat = solver.solve([...assumptions, pos(act)]);
      this.disable(act);
      if (sat) this.markModel(this.remember(), possible, fixed, impossible);
      else for (const s of unknown) impossible[s] = 1;
    }
    return { choices: chosen, possible, feasible: true };
  }

  /** 'sub' when a ⊆ b (as choice sets), 'super' when a ⊇ b, else 'none'. */
  private relation(a: Int32Array, b: Int32Array): 'sub' | 'super' | 'none' {
    let sub = true;
    let sup = true;
    for (let f = 0; f < this.nf && (sub || sup); f++) {
      const x = a[f]!;
      const y = b[f]!;
      if (x === y) continue;
      if (x >= 0 && y >= 0) return 'none';
      if (x >= 0) sub = false;
      else sup = false;
    }
    return sub ? 'sub' : sup ? 'super' : 'none';
  }

  /** Values impossible without choices are implied by the rules: make them unit clauses. */
  private learnDead(possible: Uint8Array): void {
    this.dead = new Uint8Array(this.totalSlots);
    for (let s = 0; s < this.totalSlots; s++) {
      if (!possible[s]) {
        this.dead[s] = 1;
        this.enc.solver.addClause([this.enc.slotLit[s]! ^ 1], -2);
      }
    }
    // Explained once here, not at the first step that shows them.
    for (let s = 0; s < this.totalSlots; s++)
      if (this.dead[s]) this.deadRulesOf(s, this.enc.slotLit[s]!, this.enc.slotFeature[s]!);
  }

  domains(choices: Choices, opts?: QueryOptions): Record<string, Value[]> {
    this.useRestrictions(opts);
    const r = this.domainsOf(this.chosenOf(choices));
    const out: Record<string, Value[]> = {};
    this.ir.features.forEach((f, i) => {
      const o = this.enc.offset[i]!;
      out[f.id] = f.values.filter((_, v) => r.possible[o + v] === 1);
    });
    return out;
  }

  // ---------------------------------------------------------------- explanations

  private possibleWith(chosen: Int32Array, slotLitToAdd: number): boolean {
    const key = this.keyOf(chosen);
    const cached = this.cache.get(key);
    const s = this.slotOfLit(slotLitToAdd);
    if (cached && s >= 0) return cached.feasible && cached.possible[s] === 1;
    const assumptions = [...this.assumptionsOf(chosen), slotLitToAdd];
    for (const m of this.pool) if (this.modelSatisfies(m, assumptions)) return true;
    if (this.enc.solver.solve(assumptions)) {
      this.remember();
      return true;
    }
    return false;
  }

  private slotIndex: Map<number, number> | null = null;
  private slotOfLit(lit: number): number {
    if (!this.slotIndex) {
      this.slotIndex = new Map();
      for (let s = 0; s < this.totalSlots; s++) this.slotIndex.set(this.enc.slotLit[s]!, s);
    }
    return this.slotIndex.get(lit) ?? -1;
  }

  explain(
    choices: Choices,
    order: string[],
    feature: string,
    value: Value,
    opts?: QueryOptions,
  ): Explanation | null {
    const mask = this.useRestrictions(opts);
    const chosen = this.chosenOf(choices);
    const f = this.ir.featureIndex.get(feature);
    if (f === undefined) throw new UnknownChoiceError(feature);
    const vi = valueIndex(this.ir.features[f]!, value);
    if (vi < 0) throw new UnknownChoiceError(feature, value);
    const target = this.enc.slotLit[this.enc.offset[f]! + vi]!;
    const slot = this.enc.offset[f]! + vi;
    if (mask.key !== '') {
      const direct = restrictionsExcluding(this.ir, mask, f, vi);
      if (direct.length) return { conflicting: [], rules: [], restrictions: direct };
    }
    if (this.dead?.[slot]) return { conflicting: [], rules: this.deadRulesOf(slot, target, f) };
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
    if (!this.possibleWith(this.none, target)) {
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
      const g = this.ir.featureIndex.get(id);
      if (g !== undefined && others[g]! >= 0 && !inOrder.has(g)) inOrder.add(g);
    }
    for (const g of this.chosenFeatures(others)) if (g !== f && !inOrder.has(g)) ranked.push(g);
    ranked.push(...inOrder);
    const earlier = this.explained.get(slot);
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
      feature: this.ir.features[g]!.id,
      value: this.ir.features[g]!.values[others[g]!]!,
    }));
    // The rules are sought under these choices (not reused from earlier ones): the same
    // question gets the same rules whatever was explained before.
    const rules = this.ruleRefs(
      this.rulesFor([...this.assumptionsOf(others), target], [f, ...drop]),
    );
    const explanation = { conflicting, rules };
    this.explained.set(slot, {
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
    const solver = this.enc.solver;
    const possible = (keep: number[]): boolean =>
      solver.solve([target, ...this.litsOfMask(subsetMask(this.ir, mask, keep))]) !== false;
    let keep = mask.restrictions.map((_, i) => i);
    if (!possible([])) return null;
    for (const i of [...keep]) {
      const rest = keep.filter((x) => x !== i);
      if (!possible(rest)) keep = rest;
    }
    const lits = this.litsOfMask(subsetMask(this.ir, mask, keep));
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
    const key = this.keyOf(chosen);
    const full = this.cache.get(key);
    if (full) return full.feasible && full.possible[slot] === 1;
    let known = this.partial.get(key);
    if (known?.possible[slot]) return true;
    if (known?.impossible[slot]) return false;
    if (!known) {
      known = {
        possible: new Uint8Array(this.totalSlots),
        impossible: new Uint8Array(this.totalSlots),
      };
      this.partial.set(key, known);
      if (this.partial.size > CACHE_SIZE) this.partial.delete(this.partial.keys().next().value!);
    }
    const { possible, impossible } = known;
    const batch = new Set<number>([slot]);
    const dropKey = drop.join(',');
    for (const [s, e] of this.explained)
      if (!possible[s] && !impossible[s] && e.drop.join(',') === dropKey) batch.add(s);
    const lits = this.enc.slotLit;
    const solver = this.enc.solver;
    const assumptions = this.assumptionsOf(chosen);
    const implied = solver.implied(assumptions);
    if (!implied) {
      for (const s of batch) impossible[s] = 1;
      return false;
    }
    const falseLit = new Uint8Array(2 * solver.numVars);
    for (const l of implied) falseLit[l ^ 1] = 1;
    for (const s of batch) if (falseLit[lits[s]!] || this.dead?.[s]) impossible[s] = 1;
    const mark = (m: Uint8Array): void => {
      for (const s of batch) {
        const l = lits[s]!;
        if ((m[l >> 1] === 1) !== ((l & 1) === 1)) possible[s] = 1;
      }
    };
    let base: Uint8Array | null = null;
    for (const m of this.pool) {
      if (this.modelSatisfies(m, assumptions)) {
        mark(m);
        base = m;
      }
    }
    if (this.search && [...batch].some((s) => !possible[s] && !impossible[s])) {
      // Local search from one model reaches most of the rest without the solver.
      if (!base) {
        if (!solver.solve(assumptions)) {
          for (const s of batch) impossible[s] = 1;
          return false;
        }
        base = this.remember();
        mark(base);
      }
      const fixed = new Uint8Array(solver.numVars);
      for (const l of implied) fixed[l >> 1] = 1;
      this.search.load(base);
      for (const s of batch)
        if (!possible[s] && !impossible[s])
          this.search.tryLit(lits[s]!, fixed, 40, (m) => {
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
      this.disable(act);
      if (sat) mark(this.remember());
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
    const solver = this.enc.solver;
    const n = ranked.length;
    const litOf = ranked.map((g) => this.enc.slotLit[this.enc.offset[g]! + chosen[g]!]!);
    const indexOfLit = new Map(litOf.map((l, i) => [l, i]));
    const cores: number[][] = [];
    const targetSlot = this.slotOfLit(target);
    const test = (drop: Set<number>): boolean => {
      const assumptions = [target, ...this.rlits];
      for (let i = n - 1; i >= 0; i--) if (!drop.has(i)) assumptions.push(litOf[i]!);
      for (const m of this.pool) if (this.modelSatisfies(m, assumptions)) return true;
      if (drop.size === 1 && targetSlot >= 0) {
        // Dropping one choice: the valid domains without it answer every value at once (cached
        // for the other explanations of this step).
        const without = Int32Array.from(chosen);
        without[ranked[[...drop][0]!]!] = -1;
        const d = this.domainsOf(without);
        return d.feasible && d.possible[targetSlot] === 1;
      }
      if (solver.solve(assumptions)) {
        this.remember();
        return true;
      }
      const core = solver.conflict
        .map((l) => indexOfLit.get(l))
        .filter((i): i is number => i !== undefined);
      cores.push(core);
      return false;
    };
    // A first core: from unit propagation when it refutes the target, else from the solver.
    const all = [target, ...this.rlits, ...litOf];
    if (this.enc.solver.implied(all) === null) {
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
   * candidates in rule order picks a minimal subset. Both steps depend only on whether sets of
   * rules admit a model — never on the cores or learnt clauses a solver happens to hold — so
   * the answer is a function of the question. Decided by one incremental solver over every
   * rule with selectors, assuming only the selectors of the rules in question.
   */
  private rulesFor(assumptions: number[], focus: number[]): number[] {
    if (!this.rulesByFeature || !this.ruleFeatures) {
      this.rulesByFeature = Array.from({ length: this.nf }, () => []);
      this.ruleFeatures = this.ir.rules.map((r) => [...collectFeatures(r.expr, new Set())]);
      this.ruleFeatures.forEach((fs, i) => {
        for (const f of fs) this.rulesByFeature![f]!.push(i);
      });
    }
    const byFeature = this.rulesByFeature;
    const featuresOf = this.ruleFeatures;
    // Same variable numbering for features: assumptions carry over.
    const re = (this.ruleEnc ??= encode(this.ir, { selectors: true }));
    const excludes = (rules: number[]): boolean => {
      const lits = [...assumptions, ...rules.map((r) => pos(re.selectors[r]!))];
      // Propagation refutes most sets at once; otherwise the solver decides.
      return re.solver.implied(lits) === null || re.solver.solve(lits) === false;
    };
    const sel = new Set<number>();
    const features = new Set(focus);
    for (const l of assumptions) {
      const s = this.slotOfLit(l);
      if (s >= 0) features.add(this.enc.slotFeature[s]!);
    }
    let candidates: number[] | null = null;
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
      if (excludes(list)) {
        candidates = list;
        break;
      }
      if (sel.size === this.ir.rules.length) return [];
      // Grow by the features of the rules just added; when nothing new is reachable, every rule.
      fresh = [];
      for (const r of added)
        for (const f of featuresOf[r]!) {
          if (!features.has(f)) {
            features.add(f);
            fresh.push(f);
          }
        }
      if (fresh.length === 0) {
        const all = this.ir.rules.map((_, r) => r);
        if (!excludes(all)) return [];
        candidates = all;
      }
    }
    if (!candidates) return [];
    return quickXplain(candidates, excludes);
  }

  private ruleRefs(indices: number[]): Array<{ id: string; message?: string }> {
    return [...new Set(indices)]
      .sort((a, b) => a - b)
      .map((i) => {
        const r = this.ir.rules[i]!;
        return r.message ? { id: r.id, message: r.message } : { id: r.id };
      });
  }

  // ---------------------------------------------------------------- optimization and ranges

  /**
   * Minimizes Σ coefs·lits (any signs) under assumptions; returns the best model and its value,
   * or null when the assumptions admit no model.
   */
  private minimize(
    assumptions: number[],
    litsIn: number[],
    coefsIn: number[],
    deadline?: { at: number; ms: number },
  ): { model: Uint8Array; value: number } | null {
    const solver = this.enc.solver;
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
    for (const m of this.pool) {
      if (m.length > maxVar && this.modelSatisfies(m, assumptions)) {
        const v = valueOf(m);
        if (v < bestValue) {
          best = m;
          bestValue = v;
        }
      }
    }
    if (!best) {
      if (!solver.solve(assumptions)) return null;
      best = this.remember();
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
    const primary = this.enc.primaryVars;
    // (Not under bound constraints: they are not clauses of the pure encoding.)
    if (
      this.pure &&
      lits.every((l) => l >> 1 < primary) &&
      assumptions.every((l) => l >> 1 < primary)
    ) {
      const weight = new Float64Array(2 * primary);
      lits.forEach((l, i) => (weight[l] = weight[l]! + coefs[i]!));
      const b = boundsCnf(
        primary,
        this.pure,
        assumptions,
        weight,
        this.options.countNodeBudget ?? 200000,
        'min',
      );
      if (b) {
        if (b.min === Infinity) return null;
        const m = b.model;
        const holds =
          m &&
          this.modelSatisfies(m, assumptions) &&
          validateConfiguration(this.ir, this.configurationOf(m)).valid;
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
      this.disable(act);
      if (sat) {
        best = this.remember();
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
  private propertyTerms(
    name: string,
  ): { lits: number[]; coefs: number[]; base: number; max: boolean } | null {
    const p = this.ir.properties.find((x) => x.name === name);
    if (!p) return null;
    if (p.aggregate === 'sum') {
      const lits: number[] = [];
      const coefs: number[] = [];
      p.w.forEach((ws, f) =>
        ws.forEach((w, v) => {
          if (w !== 0) {
            lits.push(this.enc.slotLit[this.enc.offset[f]! + v]!);
            coefs.push(w);
          }
        }),
      );
      return { lits, coefs, base: p.base, max: false };
    }
    const levels = this.maxLevelsOf(name);
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
  private maxLevelsOf(name: string): { thresholds: number[]; lits: number[] } {
    const cached = this.maxLevels.get(name);
    if (cached) return cached;
    const p = this.ir.properties.find((x) => x.name === name)!;
    const solver = this.enc.solver;
    const thresholds = [...new Set(p.w.flat().filter((w) => w > p.base))].sort((a, b) => a - b);
    const lits = thresholds.map((t) => {
      const y = solver.newVar();
      const over: number[] = [];
      p.w.forEach((ws, f) =>
        ws.forEach((w, v) => {
          if (w >= t) over.push(this.enc.slotLit[this.enc.offset[f]! + v]!);
        }),
      );
      for (const l of over) solver.addClause([l ^ 1, pos(y)]);
      solver.addClause([neg(y), ...over]);
      return pos(y);
    });
    const levels = { thresholds, lits };
    this.maxLevels.set(name, levels);
    return levels;
  }

  private rangesOf(chosen: Int32Array): Ranges {
    const key = this.keyOf(chosen);
    const hit = this.rangeCache.get(key);
    if (hit) return hit;
    const out: Ranges = { price: { min: 0, max: 0 }, leadTimeDays: { min: 0, max: 0 }, props: {} };
    const assumptions = this.assumptionsOf(chosen);
    const feasible = this.domainsOf(chosen).feasible;
    for (const p of this.ir.properties) {
      let iv: Interval = { min: p.base, max: p.base };
      const zero = p.w.every((ws) => ws.every((w) => w === 0));
      if (feasible && !zero) {
        const t = this.propertyTerms(p.name)!;
        const lo = this.minimize(assumptions, t.lits, t.coefs);
        const hi = this.minimize(
          assumptions,
          t.lits,
          t.coefs.map((c) => -c),
        );
        if (lo && hi) iv = { min: t.base + lo.value, max: t.base - hi.value };
      }
      if (p.name === 'price') out.price = iv;
      else if (p.name === 'leadTimeDays') out.leadTimeDays = iv;
      else out.props[p.name] = iv;
    }
    this.rangeCache.set(key, out);
    if (this.rangeCache.size > 4 * CACHE_SIZE)
      this.rangeCache.delete(this.rangeCache.keys().next().value!);
    return out;
  }

  ranges(choices: Choices, opts?: QueryOptions): Ranges {
    this.useRestrictions(opts);
    return this.rangesOf(this.chosenOf(choices));
  }

  valueRanges(
    choices: Choices,
    opts?: QueryOptions,
  ): Record<string, Array<{ value: Value; ranges: Ranges }>> {
    this.useRestrictions(opts);
    const chosen = this.chosenOf(choices);
    const d = this.domainsOf(chosen);
    const out: Record<string, Array<{ value: Value; ranges: Ranges }>> = {};
    const zero = this.ir.properties.every((p) => p.w.every((ws) => ws.every((w) => w === 0)));
    const base = zero ? this.rangesOf(chosen) : null;
    this.ir.features.forEach((f, i) => {
      if (chosen[i]! >= 0) return;
      const list: Array<{ value: Value; ranges: Ranges }> = [];
      const o = this.enc.offset[i]!;
      f.values.forEach((value, v) => {
        if (!d.possible[o + v]) return;
        if (base) {
          list.push({ value, ranges: base });
          return;
        }
        const next = Int32Array.from(chosen);
        next[i] = v;
        list.push({ value, ranges: this.rangesOf(next) });
      });
      out[f.id] = list;
    });
    return out;
  }

  optimize(choices: Choices, objective: Objective, opts?: OptimizeOptions): Configuration | null {
    this.useRestrictions(opts);
    const started = Date.now();
    const best = this.bestCompletion(choices, objective, opts);
    if (opts?.deadlineMs !== undefined && Date.now() - started > opts.deadlineMs)
      throw new DeadlineExceededError(opts.deadlineMs);
    return best && leaveInputOpen(this.ir, choices, best);
  }

  /**
   * Each bound as a pseudo-Boolean constraint enforced while its fresh activation literal is
   * assumed (switched off for good afterwards); null when a bound cannot hold at all.
   */
  private boundActivations(opts?: OptimizeOptions): number[] | null {
    const acts: number[] = [];
    for (const b of opts?.bounds ?? []) {
      const fn = linearOf(this.ir, b.weights);
      let bound = b.max - fn.constant;
      const lits: number[] = [];
      const coefs: number[] = [];
      fn.w.forEach((ws, f) => {
        let m = Infinity;
        for (const x of ws) if (x < m) m = x;
        bound -= m;
        const o = this.enc.offset[f]!;
        ws.forEach((x, v) => {
          if (x > m) {
            lits.push(this.enc.slotLit[o + v]!);
            coefs.push(x - m);
          }
        });
      });
      if (bound < -1e-9) {
        for (const a of acts) this.disable(a);
        return null;
      }
      const total = coefs.reduce((x, y) => x + y, 0);
      const big = Math.max(0, total - bound);
      if (big === 0) continue;
      const act = this.enc.solver.newVar();
      lits.push(pos(act));
      coefs.push(big);
      this.enc.solver.addPb(lits, coefs, bound + big);
      acts.push(act);
    }
    return acts;
  }

  private bestCompletion(
    choices: Choices,
    objective: Objective,
    opts?: OptimizeOptions,
  ): Configuration | null {
    const chosen = this.chosenOf(choices);
    const sign = objective.sense === 'max' ? -1 : 1;
    const lits: number[] = [];
    const coefs: number[] = [];
    for (const [key, weight] of Object.entries(objective.weights)) {
      if (weight === 0) continue;
      const eq = key.indexOf('=');
      if (eq >= 0 && !this.ir.properties.some((p) => p.name === key)) {
        const f = this.ir.featureIndex.get(key.slice(0, eq));
        if (f === undefined) throw new UnknownChoiceError(key.slice(0, eq));
        const vi = literalIndex(this.ir.features[f]!, key.slice(eq + 1));
        if (vi < 0) throw new UnknownChoiceError(key.slice(0, eq), key.slice(eq + 1));
        lits.push(this.enc.slotLit[this.enc.offset[f]! + vi]!);
        coefs.push(sign * weight);
        continue;
      }
      const t = this.propertyTerms(key);
      if (!t) continue;
      t.lits.forEach((l, i) => {
        lits.push(l);
        coefs.push(sign * weight * t.coefs[i]!);
      });
    }
    const acts = this.boundActivations(opts);
    if (!acts) return null;
    const deadline =
      opts?.deadlineMs !== undefined
        ? { at: Date.now() + opts.deadlineMs, ms: opts.deadlineMs }
        : undefined;
    let best: ReturnType<typeof this.minimize>;
    try {
      best = this.minimize(
        [...this.assumptionsOf(chosen), ...acts.map((a) => pos(a))],
        lits,
        coefs,
        deadline,
      );
    } finally {
      for (const a of acts) this.disable(a);
    }
    return best ? this.configurationOf(best.model) : null;
  }

  private configurationOf(model: Uint8Array): Configuration {
    const out: Configuration = {};
    this.ir.features.forEach((f, i) => {
      const o = this.enc.offset[i]!;
      for (let v = 0; v < f.values.length; v++) {
        const l = this.enc.slotLit[o + v]!;
        if ((model[l >> 1] === 1) !== ((l & 1) === 1)) {
          out[f.id] = f.values[v]!;
          break;
        }
      }
    });
    return out;
  }

  // ---------------------------------------------------------------- counting, sampling, validation

  count(choices: Choices, opts?: QueryOptions): bigint | null {
    this.useRestrictions(opts);
    const chosen = this.chosenOf(choices);
    const key = this.keyOf(chosen);
    if (this.countCache.has(key)) return this.countCache.get(key)!;
    const d = this.domainsOf(chosen);
    let result: bigint | null;
    if (!d.feasible) result = 0n;
    else
      result = countModels(this.ir, this.assumptionsOf(chosen), {
        enumerationLimit: this.options.enumerationLimit ?? ENUMERATION_LIMIT,
        nodeBudget: this.options.countNodeBudget ?? 200000,
      });
    this.countCache.set(key, result);
    if (this.countCache.size > CACHE_SIZE)
      this.countCache.delete(this.countCache.keys().next().value!);
    return result;
  }

  /**
   * Seeded, exactly uniform samples over the valid completions (up to the seeded generator:
   * every draw is an exact uniform integer below a BigInt count, by rejection on 32-bit words).
   *   - At most `enumerationLimit` (default 5,000) completions: they are enumerated and drawn.
   *   - More, on a pure clause encoding: feature by feature, each value is taken with
   *     probability count(choices so far + value) / count(choices so far), every count exact
   *     from the component-caching counter — the product of these is 1 / total for every
   *     completion, i.e. exactly uniform.
   *   - Otherwise (the counter runs out of budget, or the encoding has auxiliary variables and
   *     there are too many completions to enumerate): no sample is taken and
   *     `SamplingUnavailableError` says so — never a silently biased sample.
   */
  sample(choices: Choices, n: number, seed: number, opts?: QueryOptions): Configuration[] {
    this.useRestrictions(opts);
    return this.sampleCompletions(choices, n, seed).map((c) => leaveInputOpen(this.ir, choices, c));
  }

  private sampleCompletions(choices: Choices, n: number, seed: number): Configuration[] {
    const chosen = this.chosenOf(choices);
    const assumptions = this.assumptionsOf(chosen);
    const rnd = mulberry32(seed);
    const word = (): number => Math.floor(rnd() * 4294967296);
    const limit = this.options.enumerationLimit ?? ENUMERATION_LIMIT;
    if (!this.domainsOf(chosen).feasible) return [];
    // Pure clause models are counted first: enumeration only pays when it will succeed.
    const known = this.pure
      ? this.count(choices, this.rmask ? { restrictions: this.rmask.restrictions } : undefined)
      : null;
    const enumerable = !this.pure || (known !== null && known <= BigInt(limit));
    const all = enumerable ? enumerateModels(this.ir, assumptions, limit) : null;
    if (all) {
      if (all.length === 0) return [];
      return Array.from({ length: n }, () =>
        this.configurationOf(all[Number(randomBelow(BigInt(all.length), word))]!),
      );
    }
    if (!this.pure || known === null)
      throw new SamplingUnavailableError(
        !this.pure
          ? `more than ${limit} valid completions and no exact counter for this encoding: a uniform sample cannot be guaranteed`
          : 'too many valid completions to count exactly within the budget: a uniform sample cannot be guaranteed',
      );
    const pure = this.pure;
    const primary = this.enc.primaryVars;
    const budget = this.options.countNodeBudget ?? 200000;
    const counts = new Map<string, bigint | null>();
    const countUnder = (lits: number[]): bigint => {
      const key = lits.join(',');
      let c = counts.get(key);
      if (c === undefined) {
        c = countCnf(primary, pure, lits, budget);
        counts.set(key, c);
      }
      if (c === null)
        throw new SamplingUnavailableError(
          'too many valid completions to count exactly within the budget: a uniform sample cannot be guaranteed',
        );
      return c;
    };
    const out: Configuration[] = [];
    for (let i = 0; i < n; i++) {
      const lits = [...assumptions];
      const config: Configuration = {};
      this.ir.features.forEach((f, fi) => {
        const o = this.enc.offset[fi]!;
        if (chosen[fi]! >= 0) {
          config[f.id] = f.values[chosen[fi]!]!;
          return;
        }
        const weights = f.values.map((_, v) => countUnder([...lits, this.enc.slotLit[o + v]!]));
        const total = weights.reduce((a, b) => a + b, 0n);
        let r = randomBelow(total, word);
        let v = 0;
        while (r >= weights[v]!) r -= weights[v++]!;
        lits.push(this.enc.slotLit[o + v]!);
        config[f.id] = f.values[v]!;
      });
      out.push(config);
    }
    return out;
  }

  validate(config: Configuration, opts?: QueryOptions): ValidationResult {
    const r = validateConfiguration(this.ir, config);
    const extra = restrictionViolations(this.ir, opts, config);
    return extra.length ? { valid: false, violations: [...r.violations, ...extra] } : r;
  }
}

/**
 * Local search around a model, for pure clause encodings: make one literal true, then repair
 * violated clauses by flipping other variables (each at most once, never a fixed one), keeping
 * per-clause counts of true literals. A repaired assignment is a model (all clauses hold), so
 * its values are possible; a failure proves nothing and leaves the question to the solver.
 */
class LocalSearch {
  private readonly start: Int32Array;
  private readonly occ: Int32Array;
  private readonly clauseStart: Int32Array;
  private readonly clauseLits: Int32Array;
  private readonly trueCount: Int32Array;
  private readonly violated: Int32Array;
  private readonly violatedPos: Int32Array;
  private nViolated = 0;
  /** Occurrence-list visits so far (the caller resets it). */
  work = 0;
  private readonly flipped: number[] = [];
  private readonly touched: Uint8Array;
  model: Uint8Array = new Uint8Array(0);

  constructor(clauses: number[][], nVars: number) {
    const counts = new Int32Array(2 * nVars + 1);
    let size = 0;
    for (const c of clauses) {
      size += c.length;
      for (const l of c) counts[l + 1]!++;
    }
    this.start = new Int32Array(2 * nVars + 1);
    for (let l = 0; l < 2 * nVars; l++) this.start[l + 1] = this.start[l]! + counts[l + 1]!;
    this.occ = new Int32Array(size);
    const fill = this.start.slice(0, 2 * nVars);
    this.clauseStart = new Int32Array(clauses.length + 1);
    this.clauseLits = new Int32Array(size);
    let at = 0;
    clauses.forEach((c, i) => {
      this.clauseStart[i] = at;
      for (const l of c) {
        this.clauseLits[at++] = l;
        this.occ[fill[l]!++] = i;
      }
    });
    this.clauseStart[clauses.length] = at;
    this.trueCount = new Int32Array(clauses.length);
    this.violated = new Int32Array(clauses.length);
    this.violatedPos = new Int32Array(clauses.length).fill(-1);
    this.touched = new Uint8Array(nVars);
  }

  /** Starts from a model (copied; it must satisfy every clause). */
  load(model: Uint8Array): void {
    this.model = model.slice(0, this.touched.length);
    const n = this.trueCount.length;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let k = this.clauseStart[i]!; k < this.clauseStart[i + 1]!; k++) {
        const l = this.clauseLits[k]!;
        if ((this.model[l >> 1] === 1) !== ((l & 1) === 1)) t++;
      }
      this.trueCount[i] = t;
    }
  }

  private flip(v: number): void {
    const was = this.model[v] === 1 ? 2 * v : 2 * v + 1;
    this.model[v] = this.model[v]! ^ 1;
    this.work +=
      this.start[was + 1]! - this.start[was]! + this.start[(was ^ 1) + 1]! - this.start[was ^ 1]!;
    for (let k = this.start[was]!; k < this.start[was + 1]!; k++) {
      const c = this.occ[k]!;
      if (--this.trueCount[c]! === 0) {
        this.violatedPos[c] = this.nViolated;
        this.violated[this.nViolated++] = c;
      }
    }
    const now = was ^ 1;
    for (let k = this.start[now]!; k < this.start[now + 1]!; k++) {
      const c = this.occ[k]!;
      if (this.trueCount[c]!++ === 0) {
        const p = this.violatedPos[c]!;
        const last = this.violated[--this.nViolated]!;
        this.violated[p] = last;
        this.violatedPos[last] = p;
        this.violatedPos[c] = -1;
      }
    }
  }

  /** Clauses that would lose their only true literal if `v` flipped. */
  private breaks(v: number): number {
    const cur = this.model[v] === 1 ? 2 * v : 2 * v + 1;
    this.work += this.start[cur + 1]! - this.start[cur]!;
    let b = 0;
    for (let k = this.start[cur]!; k < this.start[cur + 1]!; k++)
      if (this.trueCount[this.occ[k]!] === 1) b++;
    return b;
  }

  /**
   * Tries to reach a model where `lit` holds; calls `found` with it, then restores the loaded
   * model either way.
   */
  tryLit(
    lit: number,
    fixed: Uint8Array,
    maxFlips: number,
    found: (model: Uint8Array, flipped: number[]) => void,
  ): boolean {
    const v0 = lit >> 1;
    let ok = false;
    if (!fixed[v0]) {
      this.flip(v0);
      this.touched[v0] = 1;
      this.flipped.push(v0);
      for (let step = 0; step <= maxFlips; step++) {
        if (this.nViolated === 0) {
          ok = true;
          break;
        }
        if (step === maxFlips) break;
        const c = this.violated[this.nViolated - 1]!;
        let best = -1;
        let bestBreaks = Infinity;
        for (let k = this.clauseStart[c]!; k < this.clauseStart[c + 1]!; k++) {
          const v = this.clauseLits[k]! >> 1;
          if (fixed[v] || this.touched[v]) continue;
          const b = this.breaks(v);
          if (b < bestBreaks) {
            best = v;
            bestBreaks = b;
          }
        }
        if (best < 0) break;
        this.flip(best);
        this.touched[best] = 1;
        this.flipped.push(best);
      }
      if (ok) found(this.model, this.flipped);
    }
    for (let i = this.flipped.length - 1; i >= 0; i--) {
      const v = this.flipped[i]!;
      this.flip(v);
      this.touched[v] = 0;
    }
    this.flipped.length = 0;
    return ok;
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

/** A uniform BigInt in [0, n) from 32-bit words, by rejection (exact). */
function randomBelow(n: bigint, next: () => number): bigint {
  if (n <= 1n) return 0n;
  const bits = n.toString(2).length;
  const chunks = Math.ceil(bits / 32);
  const excess = BigInt(chunks * 32 - bits);
  for (;;) {
    let r = 0n;
    for (let i = 0; i < chunks; i++) r = (r << 32n) | BigInt(next());
    r >>= excess;
    if (r < n) return r;
  }
}

/** A seeded 32-bit generator (mulberry32) returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
