// The core of the SAT backend: the encoding, the solver and what every query shares — the
// choices as assumptions, the current restrictions (assumptions too, caches per set), the
// pool of recent models, and per choice set the caches of valid domains, ranges and counts.
// Each query lives in its own file (domains.ts, ranges.ts, optimize.ts, count.ts, sample.ts,
// explain.ts); backend.ts puts them together.
import type { Choices, Configuration, Explanation, QueryOptions, Ranges } from '../api.ts';
import { restrictionMask, type RestrictionMask } from '../compile/restrictions.ts';
import { valueIndex, type IR } from '../compile/ir.ts';
import { UnknownChoiceError } from '../errors.ts';
import { encode, type Encoding } from './encode.ts';
import { neg } from './solver.ts';
import { LocalSearch } from './local-search.ts';

/** Tunables; defaults suit interactive use. */
export interface SatBackendOptions {
  /** Largest number of configurations enumerated for exact counts of models with auxiliary encodings. */
  enumerationLimit?: number;
  /** Node budget of the exact component-caching counter for pure clause models. */
  countNodeBudget?: number;
}

/** An explanation kept for reuse while later choice sets extend its own (see explain.ts). */
export interface ExplainedValue {
  ranked: number[];
  vals: number[];
  drop: number[];
  explanation: Explanation;
}

export interface DomainResult {
  choices: Int32Array;
  /** 1 = possible, 0 = impossible, per value slot. */
  possible: Uint8Array;
  feasible: boolean;
}

/** Choice sets whose answers each cache keeps. */
export const CACHE_SIZE = 48;
/** Default: configurations enumerated for exact counts and uniform samples of non-clause models. */
export const ENUMERATION_LIMIT = 5000;
/** Occurrence-list visits local search may spend per model. */
const LOCAL_SEARCH_WORK = 400_000;
const POOL_SIZE = 64;

/** The encoding, solver and caches shared by every query of the SAT backend. */
export class SatCore {
  /** Threshold literals of max-aggregated properties (optimize.ts), made once per property. */
  maxLevels = new Map<string, { thresholds: number[]; lits: number[] }>();
  readonly enc: Encoding;
  /** Every rule behind a selector, for the satisfiability proof and naming rules (made on need). */
  ruleEnc: Encoding | undefined;
  readonly nf: number;
  readonly totalSlots: number;
  readonly cache = new Map<string, DomainResult>();
  readonly rangeCache = new Map<string, Ranges>();
  pool: Uint8Array[] = [];
  /** Slots impossible without any choice (known once the empty choice set was computed). */
  dead: Uint8Array | null = null;
  disabledActivations = 0;
  countCache = new Map<string, bigint | null>();
  /** The clauses of a pure clause encoding (no auxiliary variables, no PB), for exact DP bounds. */
  pure: number[][] | null = null;
  /** Local search for more witnesses around a model (pure clause encodings only). */
  search: LocalSearch | null = null;
  /**
   * explain.ts's caches, here because a change of restrictions clears them with the others.
   * The latest explanation per value slot, reused while later choice sets extend its own (see
   * `extendsEarlier`): ranked = the other choices' features oldest first, vals = their values.
   */
  explained = new Map<number, ExplainedValue>();
  /** Partial valid domains (only the slots asked about) per choice set, for reuse checks. */
  partial = new Map<string, { possible: Uint8Array; impossible: Uint8Array }>();
  readonly none: Int32Array;
  lastChoices: { key: string; chosen: Int32Array } | null = null;
  /** Memo of `keyOf`; choice arrays are never mutated once a key was taken. */
  keys = new WeakMap<Int32Array, string>();
  /** The restrictions of the current queries: their key and the negated literals they assume. */
  rkey = '';
  rmask: RestrictionMask | null = null;
  rlits: number[] = [];
  /** The chosen features, ascending (memoized like `keyOf`). */
  readonly chosenLists = new WeakMap<Int32Array, number[]>();
  varSlots: number[][] | null = null;
  slotIndex: Map<number, number> | null = null;

  constructor(
    readonly ir: IR,
    readonly options: SatBackendOptions = {},
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

  /** The choices as a value index per feature (-1 = open); callers must not mutate it. */
  chosenOf(choices: Choices): Int32Array {
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

  litsOfMask(mask: RestrictionMask): number[] {
    const out: number[] = [];
    mask.allow.forEach((m, f) => {
      if (!m) return;
      const o = this.enc.offset[f]!;
      for (let v = 0; v < m.length; v++) if (!m[v]) out.push(this.enc.slotLit[o + v]! ^ 1);
    });
    return out;
  }

  /** Switches to the restrictions of a query (assumptions, never clauses); caches per set. */
  useRestrictions(opts?: QueryOptions): RestrictionMask {
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

  keyOf(chosen: Int32Array): string {
    let key = this.keys.get(chosen);
    if (key !== undefined) return key;
    key = '';
    for (let f = 0; f < this.nf; f++) if (chosen[f]! >= 0) key += `${f}:${chosen[f]},`;
    this.keys.set(chosen, key);
    return key;
  }

  chosenFeatures(chosen: Int32Array): number[] {
    let list = this.chosenLists.get(chosen);
    if (!list) {
      list = [];
      for (let f = 0; f < this.nf; f++) if (chosen[f]! >= 0) list.push(f);
      this.chosenLists.set(chosen, list);
    }
    return list;
  }

  assumptionsOf(chosen: Int32Array): number[] {
    const out = this.chosenFeatures(chosen).map(
      (f) => this.enc.slotLit[this.enc.offset[f]! + chosen[f]!]!,
    );
    return this.rlits.length ? out.concat(this.rlits) : out;
  }

  modelSatisfies(model: Uint8Array, lits: number[]): boolean {
    for (const l of lits) if ((model[l >> 1] === 1) === ((l & 1) === 1)) return false;
    return true;
  }

  remember(): Uint8Array {
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
  markModel(
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

  /** The value slots whose literal is on each variable. */
  slotsOfVar(): number[][] {
    if (!this.varSlots) {
      this.varSlots = [];
      for (let s = 0; s < this.totalSlots; s++)
        (this.varSlots[this.enc.slotLit[s]! >> 1] ??= []).push(s);
    }
    return this.varSlots;
  }

  disable(act: number): void {
    this.enc.solver.addClause([neg(act)]);
    if (++this.disabledActivations % 64 === 0) this.enc.solver.simplify();
  }

  slotOfLit(lit: number): number {
    if (!this.slotIndex) {
      this.slotIndex = new Map();
      for (let s = 0; s < this.totalSlots; s++) this.slotIndex.set(this.enc.slotLit[s]!, s);
    }
    return this.slotIndex.get(lit) ?? -1;
  }

  configurationOf(model: Uint8Array): Configuration {
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
}
