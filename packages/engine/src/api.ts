// The engine's one small interface. Every backend (decision diagram, SAT) implements
// `Backend`; `compile()` picks one and wraps it in a `CompiledModel`; the conformance suite in
// `test/conformance` runs against every backend through this interface only.
import type { ProductModel, Value } from './model/types.ts';
import type { IR } from './compile/ir.ts';

/** Choices made so far: feature id → value. */
export type Choices = Record<string, Value>;

/** A complete configuration: every feature has a value. What the engine finds itself (optimum,
 * samples) leaves each customer-input feature the customer has not given open (absent). */
export type Configuration = Record<string, Value>;

export interface Interval {
  min: number;
  max: number;
}

/** Min/max of each aggregated quantity over all valid completions. `price` and `leadTimeDays` always present. */
export interface Ranges {
  price: Interval;
  leadTimeDays: Interval;
  /** Other declared properties (weight, cost, …). */
  props: Record<string, Interval>;
}

export interface ValueInfo {
  value: Value;
  available: boolean;
  /** Ranges over valid completions that take this value (absent when unavailable). */
  ranges?: Ranges;
  /**
   * Only when the session's restrictions themselves leave the value out (known without any
   * engine pass): which ones. Every other excluded value is explained on demand by
   * `Session.explain` (the minimal change and the rules responsible).
   */
  explanation?: Explanation;
}

export interface Explanation {
  /** The customer's current choices that must be dropped/changed (fewest; ties keep the most recent). */
  conflicting: Array<{ feature: string; value: Value }>;
  /** Ids of the rules responsible, with their customer-facing messages. */
  rules: Array<{ id: string; message?: string }>;
  /** Restrictions that exclude the value (present only when they are the cause: no change of
   * the customer's choices makes it possible). Restrictions are never the customer's to change. */
  restrictions?: Array<{ id: string; message?: string }>;
}

/**
 * A restriction applied at query time (a provider's offer, a company-approved design space):
 * per restricted feature the values allowed (a fixed value is one allowed value). Several
 * restrictions intersect; they compose with the choices without recompiling the model.
 */
export interface Restriction {
  id: string;
  label?: string;
  message?: string;
  allowed: Record<string, Value[]>;
}

/** Options every query accepts. */
export interface QueryOptions {
  restrictions?: readonly Restriction[];
}

/** A linear bound Σ weights·x ≤ max over the keys objectives use (`price`, props, `feature=value`). */
export interface Bound {
  weights: Record<string, number>;
  max: number;
}

export interface OptimizeOptions extends QueryOptions {
  /** Every bound must hold for the returned configuration (null when none satisfies them). */
  bounds?: readonly Bound[];
  /** Milliseconds the search may take; past it `DeadlineExceededError` is thrown. */
  deadlineMs?: number;
}

export interface Change {
  feature: string;
  from: Value | undefined;
  to: Value | undefined;
}

export type SelectResult = { ok: true } | { ok: false; explanation: Explanation };

export interface Objective {
  /** Minimize or maximize. */
  sense: 'min' | 'max';
  /** Weight per property name (`price`, `cost`, `leadTimeDays`, `weight`, …)
   * and per `feature=value` key (e.g. popularity or needs preferences). */
  weights: Record<string, number>;
}

export interface Violation {
  rule: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  violations: Violation[];
}

export interface CompileOptions {
  backend?: 'auto' | 'bdd' | 'sat';
  /** Node budget of the decision diagram before `auto` falls back to SAT. */
  nodeBudget?: number;
  /** Milliseconds `auto` may spend building the decision diagram before it falls back to SAT
   * (default DEFAULT_TIME_BUDGET_MS; `bdd` waits unless given one). */
  timeBudgetMs?: number;
}

export interface CompileStats {
  backend: 'bdd' | 'sat';
  compileMs: number;
  /** Decision-diagram nodes (bdd) or clauses (sat). */
  nodes: number;
  variables: number;
  /** When the model admits no product: ids of a minimal set of rules that conflict. Every
   * backend proves at compile whether a product exists (the diagram by construction, SAT by a
   * solver run and a deletion-based minimal unsatisfiable subset of the rules). */
  conflict?: string[];
  /** Set when the SAT backend could not decide within its budget whether any product exists. */
  undecided?: true;
  /** How `auto` chose (absent for a forced backend): see AutoChoice. */
  auto?: AutoChoice;
}

/**
 * What `auto` read from the model's structure and what it did with the diagram: `skipped` (the
 * structure said it was hopeless: SAT at once), `built`, or `abandoned` (tried, ran out of its
 * node or time budget, then SAT). `maxOpenBits` / `wideCuts`: the widest cut of the diagram's
 * variable order and the number of cuts wider than 24 bits (compile/structure.ts).
 */
export interface AutoChoice {
  diagram: 'skipped' | 'built' | 'abandoned';
  maxOpenBits: number;
  wideCuts: number;
}

/**
 * A backend answers queries for a set of choices. Stateless with respect to sessions:
 * a `Session` keeps the choices and calls the backend (backends may cache across calls).
 *
 * Cost. A step of an interactive session needs `domains`, `alternatives`, `valueRanges` and
 * `ranges`; they share the passes computed for the last set of choices, so asking all of them
 * after a step costs one set of passes (the decision diagram: a few linear passes over the
 * nodes; SAT: a few solver calls per step, cached per choice set). `explain` is the expensive
 * one — a shortest-path pass plus a search for the responsible rules (decision diagram), or a
 * minimal-correction search over unsatisfiable cores (SAT) — so it is asked for one value at a
 * time, when the customer opens that value (the studio may prefetch in idle time). Its answer
 * does not depend on which other values were explained before. `count`, `optimize` and
 * `sample` are separate queries with their own cost (linear in the diagram; one or more
 * solver runs or an exact counter on SAT).
 */
export interface Backend {
  readonly kind: 'bdd' | 'sat';
  /** Valid values of every feature under `choices` (complete: each leads to a valid product). */
  domains(choices: Choices, opts?: QueryOptions): Record<string, Value[]>;
  /** Minimal change to `choices` that makes `feature=value` possible (the feature's own choice
   * does not count); null if already possible. A value impossible in every configuration gets
   * `conflicting: []` and the rules that exclude it. `order` lists chosen features oldest first.
   * On demand and comparatively expensive (see above); the same answer whatever was asked before. */
  explain(
    choices: Choices,
    order: string[],
    feature: string,
    value: Value,
    opts?: QueryOptions,
  ): Explanation | null;
  ranges(choices: Choices, opts?: QueryOptions): Ranges;
  /** Ranges for every still-valid value of every unchosen feature. */
  valueRanges(
    choices: Choices,
    opts?: QueryOptions,
  ): Record<string, Array<{ value: Value; ranges: Ranges }>>;
  /** Exact count; `null` when too large to count exactly with this backend. */
  count(choices: Choices, opts?: QueryOptions): bigint | null;
  /** The optimal completion (subject to `opts.bounds`, exact); customer-input features not in
   * `choices` stay open (absent). */
  optimize(choices: Choices, objective: Objective, opts?: OptimizeOptions): Configuration | null;
  /** Seeded completions; customer-input features not in `choices` stay open (absent). */
  sample(choices: Choices, n: number, seed: number, opts?: QueryOptions): Configuration[];
  /** Rules, and with `opts.restrictions` each restriction (violation rule `restriction:<id>`). */
  validate(config: Configuration, opts?: QueryOptions): ValidationResult;
  /** Optional fast path: for each chosen feature, the values it could switch to while every
   * other choice stays. Sessions fall back to `domains(choices without that feature)`. */
  alternatives?(choices: Choices, opts?: QueryOptions): Record<string, Value[]>;
}

export interface CompiledModel {
  readonly model: ProductModel;
  readonly stats: CompileStats;
  readonly backend: Backend;
  /** The normalized model every backend consumes (see compile/ir.ts). */
  readonly ir: IR;
  /** Serialized form: `deserialize(serialize(m))` answers every query identically. */
  serialize(): Uint8Array;
}

export interface Session {
  readonly compiled: CompiledModel;
  /** Current choices in the order they were made. */
  choices(): Choices;
  /** Select a value; refuses an excluded value and returns the explanation (nothing changes). */
  select(feature: string, value: Value): SelectResult;
  /** "Choose it anyway": applies the minimal change and the selection; returns what changed. */
  selectAnyway(feature: string, value: Value): Change[];
  unselect(feature: string): void;
  /** Cheap: valid values of every feature (shares the step's passes). */
  domains(): Record<string, Value[]>;
  /** Cheap: every value of every feature with availability and ranges — what a step of the
   * studio shows. Excluded values carry no explanation (except those the session's
   * restrictions leave out themselves): ask `explain` for the one the customer opens. */
  values(): Record<string, ValueInfo[]>;
  /** On demand: why `feature=value` is excluded — the minimal change to the choices (fewest,
   * ties keep the most recent) and the rules responsible; null when it is available. Costs
   * one explanation (see `Backend`); `select` of an excluded value returns the same answer. */
  explain(feature: string, value: Value): Explanation | null;
  ranges(): Ranges;
  count(): bigint | null;
  optimize(
    objective: Objective,
    opts?: Omit<OptimizeOptions, 'restrictions'>,
  ): Configuration | null;
  sample(n: number, seed: number): Configuration[];
  /** The session's restrictions (fixed at creation). */
  restrictions(): readonly Restriction[];
  /** Rules and restrictions checked on a complete configuration. */
  validate(config: Configuration): ValidationResult;
  /** Customer-input features the customer has not entered yet (model order): the design is
   * complete only when this is empty. */
  missingInput(): string[];
}
