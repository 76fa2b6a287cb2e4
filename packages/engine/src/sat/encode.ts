// CNF (plus native pseudo-Boolean constraints) of a normalized model (compile/ir.ts).
//
// Features: a 2-value feature is one variable (value 1 ⇔ true); a 1-value feature a variable
// fixed true; larger domains are one-hot (one variable per value, at least one, at most one by
// pairs up to 10 values, by a ladder of auxiliary variables beyond).
// Rules are put in negation normal form and encoded under a guard (a list of literals that,
// when one holds, switches the constraint off — rule selectors and Tseitin definitions use it):
//   membership atoms are clauses over value literals; `or` introduces one auxiliary literal
//   per non-atomic disjunct (one-directional Tseitin, Plaisted–Greenbaum);
//   linear constraints become pseudo-Boolean constraints Σ c·lit ≤ K over value literals,
//   guarded with a big-M coefficient on the guard; allowed tables one auxiliary literal per row,
//   forbidden tables one clause per row.
// Auxiliary variables are not functionally determined by the features, so model counting
// must be projected on the feature variables (`primaryVars`).
import type { IR, IRCmp, IRExpr, IRTerm } from '../compile/ir.ts';
import { Solver, neg, pos } from './solver.ts';

type Nnf =
  | { k: 'const'; v: boolean }
  | { k: 'in'; f: number; vals: number[] }
  | { k: 'and' | 'or'; args: Nnf[] }
  | { k: 'lin'; terms: IRTerm[]; op: IRCmp; rhs: number }
  | { k: 'table'; fs: number[]; rows: Int32Array; allow: boolean };

const NEGATED: Record<IRCmp, IRCmp> = {
  '<=': '>',
  '>': '<=',
  '<': '>=',
  '>=': '<',
  '=': '!=',
  '!=': '=',
};

export interface Encoding {
  solver: Solver;
  /** Value slot of (feature f, value v) is `offset[f] + v`. */
  offset: Int32Array;
  /** Literal that holds iff the slot's value is taken. */
  slotLit: Int32Array;
  /** Feature of each slot. */
  slotFeature: Int32Array;
  /** Variables 0..primaryVars-1 belong to features; the rest are auxiliary. */
  primaryVars: number;
  /** True when the encoding used auxiliary variables or pseudo-Boolean constraints. */
  hasAux: boolean;
  /** Selector variable of each rule (when encoded with selectors): the rule holds when it is true. */
  selectors: Int32Array;
  /** The clauses added, when encoded with `record` (the backend may drop them after use). */
  clauses: number[][];
  /** The pseudo-Boolean constraints Σ coefs·lits ≤ bound added, when encoded with `record`. */
  pbs: Array<{ lits: number[]; coefs: number[]; bound: number }>;
}

export interface EncodeOptions {
  /** Give every rule a selector variable (for naming the rules behind a conflict). */
  selectors?: boolean;
  /** Also keep the clauses (for the model counter). */
  record?: boolean;
  /** Encode only these rules (indices into `ir.rules`); default all. */
  rules?: number[];
}

export function encode(ir: IR, options: EncodeOptions = {}): Encoding {
  const withSelectors = options.selectors ?? false;
  const solver = new Solver();
  const recorded: number[][] = [];
  let tag = -1; // the rule being encoded (clause tags let `implied` name rules)
  const add = (c: ArrayLike<number>): void => {
    if (options.record) recorded.push(Array.from(c));
    solver.addClause(c, tag);
  };
  const nf = ir.features.length;
  const offset = new Int32Array(nf + 1);
  for (let f = 0; f < nf; f++) offset[f + 1] = offset[f]! + ir.features[f]!.values.length;
  const total = offset[nf]!;
  const slotLit = new Int32Array(total);
  const slotFeature = new Int32Array(total);
  const ladders: Array<() => void> = [];
  for (let f = 0; f < nf; f++) {
    const n = ir.features[f]!.values.length;
    const o = offset[f]!;
    for (let v = 0; v < n; v++) slotFeature[o + v] = f;
    if (n === 0) {
      add([]);
    } else if (n === 1) {
      const x = solver.newVar();
      slotLit[o] = pos(x);
      add([pos(x)]);
    } else if (n === 2) {
      const x = solver.newVar();
      slotLit[o] = neg(x);
      slotLit[o + 1] = pos(x);
    } else {
      for (let v = 0; v < n; v++) slotLit[o + v] = pos(solver.newVar());
      add(slotLit.subarray(o, o + n));
      if (n <= 10) {
        for (let a = 0; a < n; a++) {
          for (let b = a + 1; b < n; b++) add([slotLit[o + a]! ^ 1, slotLit[o + b]! ^ 1]);
        }
      } else {
        // Ladder at-most-one: y_i ⇐ x_0 ∨ … ∨ x_i, and x_{i+1} → ¬y_i (variables made after the features).
        ladders.push(() => {
          let prev = -1;
          for (let v = 0; v < n - 1; v++) {
            const y = solver.newVar();
            const x = slotLit[o + v]!;
            add([x ^ 1, pos(y)]);
            if (prev >= 0) add([neg(prev), pos(y)]);
            add([slotLit[o + v + 1]! ^ 1, neg(y)]);
            prev = y;
          }
        });
      }
    }
  }
  const primaryVars = solver.numVars;
  for (const build of ladders) build();
  const enc: Encoding = {
    solver,
    offset,
    slotLit,
    slotFeature,
    primaryVars,
    hasAux: ladders.length > 0,
    selectors: new Int32Array(withSelectors ? ir.rules.length : 0),
    clauses: recorded,
    pbs: [],
  };
  const encoder = new Encoder(ir, enc, add, options.record ?? false);
  const which = options.rules ?? ir.rules.map((_, i) => i);
  which.forEach((i) => {
    const r = ir.rules[i]!;
    tag = i;
    let guard: number[] = [];
    if (withSelectors) {
      const s = solver.newVar();
      enc.selectors[i] = s;
      guard = [neg(s)];
    }
    encoder.under(guard, toNnf(r.expr, true));
  });
  tag = -1;
  return enc;
}

/** Negation normal form; `positive` false negates. */
function toNnf(e: IRExpr, positive: boolean): Nnf {
  switch (e.k) {
    case 'const':
      return { k: 'const', v: e.v === positive };
    case 'in':
      return positive
        ? { k: 'in', f: e.f, vals: e.vals }
        : { k: 'in', f: e.f, vals: [-1, ...e.vals] };
    case 'not':
      return toNnf(e.a, !positive);
    case 'and':
    case 'or': {
      const conj = (e.k === 'and') === positive;
      return { k: conj ? 'and' : 'or', args: e.args.map((a) => toNnf(a, positive)) };
    }
    case 'imp':
      return toNnf({ k: 'or', args: [{ k: 'not', a: e.a }, e.b] }, positive);
    case 'iff': {
      const both = (a: IRExpr, b: IRExpr): IRExpr => ({ k: 'or', args: [{ k: 'not', a }, b] });
      return toNnf({ k: 'and', args: [both(e.a, e.b), both(e.b, e.a)] }, positive);
    }
    case 'lin':
      return { k: 'lin', terms: e.terms, op: positive ? e.op : NEGATED[e.op], rhs: e.rhs };
    case 'table':
      return { k: 'table', fs: e.fs, rows: e.rows, allow: e.allow === positive };
  }
}

class Encoder {
  private readonly solver: Solver;
  constructor(
    private readonly ir: IR,
    private readonly enc: Encoding,
    private readonly add: (clause: ArrayLike<number>) => void,
    private readonly record: boolean,
  ) {
    this.solver = enc.solver;
  }

  private aux(): number {
    this.enc.hasAux = true;
    return this.solver.newVar();
  }

  /**
   * Literals whose disjunction says "feature f takes a value in vals"; null when always true.
   * A leading -1 in `vals` marks the complement (negated membership).
   */
  private inLits(f: number, valsIn: number[]): number[] | null {
    const n = this.ir.features[f]!.values.length;
    let vals = valsIn;
    if (vals[0] === -1) {
      const excluded = new Set(vals.slice(1));
      vals = [];
      for (let v = 0; v < n; v++) if (!excluded.has(v)) vals.push(v);
    }
    if (vals.length >= n) return null;
    const o = this.enc.offset[f]!;
    return vals.map((v) => this.enc.slotLit[o + v]!);
  }

  /** Adds clauses so that `e` holds unless one of the `guard` literals holds. */
  under(guard: number[], e: Nnf): void {
    switch (e.k) {
      case 'const':
        if (!e.v) this.add(guard);
        return;
      case 'in': {
        const lits = this.inLits(e.f, e.vals);
        if (lits) this.add([...guard, ...lits]);
        return;
      }
      case 'and':
        for (const a of e.args) this.under(guard, a);
        return;
      case 'or': {
        const lits = [...guard];
        if (this.collectOr(e, lits)) this.add(lits);
        return;
      }
      case 'lin':
        this.linear(this.single(guard), e.terms, e.op, e.rhs);
        return;
      case 'table':
        this.table(guard, e);
        return;
    }
  }

  /** Appends the literals of a disjunction; false when it is always true. */
  private collectOr(e: Nnf, out: number[]): boolean {
    if (e.k === 'or') {
      for (const a of e.args) if (!this.collectOr(a, out)) return false;
      return true;
    }
    if (e.k === 'const') return !e.v;
    if (e.k === 'in') {
      const lits = this.inLits(e.f, e.vals);
      if (!lits) return false;
      out.push(...lits);
      return true;
    }
    const t = this.aux();
    this.under([neg(t)], e);
    out.push(pos(t));
    return true;
  }

  /** One guard literal (or none) standing for the whole guard. */
  private single(guard: number[]): number {
    if (guard.length === 0) return -1;
    if (guard.length === 1) return guard[0]!;
    const t = this.aux();
    this.add([...guard, pos(t)]);
    return neg(t);
  }

  private linear(guard: number, terms: IRTerm[], op: IRCmp, rhs: number): void {
    const negw = terms.map((t) => ({ f: t.f, w: t.w.map((x) => -x) }));
    const integral = Number.isInteger(rhs) && terms.every((t) => t.w.every(Number.isInteger));
    const lt = integral ? rhs - 1 : rhs - 1e-9;
    const gt = integral ? rhs + 1 : rhs + 1e-9;
    switch (op) {
      case '<=':
        return this.atMost(guard, terms, rhs);
      case '<':
        return this.atMost(guard, terms, lt);
      case '>=':
        return this.atMost(guard, negw, -rhs);
      case '>':
        return this.atMost(guard, negw, -gt);
      case '=':
        this.atMost(guard, terms, rhs);
        return this.atMost(guard, negw, -rhs);
      case '!=': {
        const a = this.aux();
        const b = this.aux();
        this.add(guard >= 0 ? [guard, pos(a), pos(b)] : [pos(a), pos(b)]);
        this.atMost(neg(a), terms, lt);
        this.atMost(neg(b), negw, -gt);
        return;
      }
    }
  }

  /** Σ terms ≤ bound unless `guard` (a literal, or -1 for none) holds. */
  private atMost(guard: number, terms: IRTerm[], boundIn: number): void {
    this.enc.hasAux = true;
    let bound = boundIn;
    const lits: number[] = [];
    const coefs: number[] = [];
    for (const t of terms) {
      let m = Infinity;
      for (const x of t.w) if (x < m) m = x;
      bound -= m;
      const o = this.enc.offset[t.f]!;
      t.w.forEach((x, v) => {
        if (x > m) {
          lits.push(this.enc.slotLit[o + v]!);
          coefs.push(x - m);
        }
      });
    }
    if (guard >= 0) {
      const total = coefs.reduce((a, b) => a + b, 0);
      const big = Math.max(0, total - bound);
      if (big === 0) return;
      lits.push(guard ^ 1);
      coefs.push(big);
      bound += big;
    }
    if (this.record) this.enc.pbs.push({ lits, coefs, bound });
    this.solver.addPb(lits, coefs, bound);
  }

  private table(guard: number[], e: Extract<Nnf, { k: 'table' }>): void {
    const n = e.fs.length;
    const rows = n === 0 ? 0 : e.rows.length / n;
    const lit = (r: number, j: number): number => {
      const v = e.rows[r * n + j]!;
      return v < 0 ? -1 : this.enc.slotLit[this.enc.offset[e.fs[j]!]! + v]!;
    };
    if (!e.allow) {
      for (let r = 0; r < rows; r++) {
        const clause = [...guard];
        for (let j = 0; j < n; j++) {
          const l = lit(r, j);
          if (l >= 0) clause.push(l ^ 1);
        }
        this.add(clause);
      }
      return;
    }
    const choice = [...guard];
    for (let r = 0; r < rows; r++) {
      const row: number[] = [];
      for (let j = 0; j < n; j++) {
        const l = lit(r, j);
        if (l >= 0) row.push(l);
      }
      if (row.length === 0) return; // a row of wildcards allows everything
      if (row.length === 1) {
        choice.push(row[0]!);
        continue;
      }
      const t = this.aux();
      for (const l of row) this.add([neg(t), l]);
      choice.push(pos(t));
    }
    this.add(choice);
  }
}
