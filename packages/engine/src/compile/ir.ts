// The normalized integer IR every backend consumes (decision diagram, SAT).
//
// `buildIR(model)` resolves names and parses rule expressions once; afterwards nothing refers
// to a name: a feature is an index into `ir.features`, a value is an index into that
// feature's `values` (bool features: index 0 = false, 1 = true; int features: min, min+step, …).
//
// Constraints (`ir.rules[i].expr`) are trees of `IRExpr`:
//   - `in`    the atom "feature f takes one of the value indices `vals`" (sorted, distinct);
//   - `not`, `and`, `or`, `imp` (a -> b), `iff` (a <-> b), `const`;
//   - `lin`   a linear constraint  Σ_t terms[t].w[value of terms[t].f]  op  rhs  (each feature
//             appears at most once; weights are per value, so int comparisons, sums of option
//             properties and counts are all `lin`); single-feature comparisons are turned into `in`;
//   - `table` allowed (allow = true) or forbidden rows over features `fs`; `rows` is flattened
//             row-major, `rows.length = fs.length * nrows`, and -1 means "any value".
// Property tables (`ir.properties`) give each feature value's contribution to price, cost,
// lead time and every named property, aggregated by `sum` or `max` on top of `base`.
// `evalExpr` evaluates a constraint on a complete assignment: the reference semantics every
// backend must agree with (the conformance suite checks them against it).
import type { FeatureDef, ProductModel, Value } from '../model/types.ts';
import { ExprSyntaxError, parseExpr, type CmpOp, type Syn } from '../expr/parse.ts';

export interface IRFeature {
  id: string;
  kind: 'enum' | 'bool' | 'int';
  /** The domain in index order; the value's position is its index everywhere in the IR. */
  values: Value[];
  /** The customer's own input (`customerInput` in the model): no query ever assigns it. */
  customerInput?: true;
}

export type IRCmp = '<=' | '>=' | '=' | '!=' | '<' | '>';

export interface IRTerm {
  f: number;
  /** Weight of each value index of feature `f`. */
  w: number[];
}

export type IRExpr =
  | { k: 'const'; v: boolean }
  | { k: 'in'; f: number; vals: number[] }
  | { k: 'not'; a: IRExpr }
  | { k: 'and'; args: IRExpr[] }
  | { k: 'or'; args: IRExpr[] }
  | { k: 'imp'; a: IRExpr; b: IRExpr }
  | { k: 'iff'; a: IRExpr; b: IRExpr }
  | { k: 'lin'; terms: IRTerm[]; op: IRCmp; rhs: number }
  | { k: 'table'; fs: number[]; rows: Int32Array; allow: boolean };

export interface IRRule {
  id: string;
  message?: string;
  /** Source text (expression, or a rendering of the table/clause) for messages. */
  text: string;
  expr: IRExpr;
}

export interface IRProperty {
  name: string;
  aggregate: 'sum' | 'max';
  /** Contribution of the product before any option. */
  base: number;
  /** `w[f][v]`: contribution of value `v` of feature `f`. */
  w: number[][];
}

export interface IR {
  features: IRFeature[];
  featureIndex: Map<string, number>;
  rules: IRRule[];
  /** Always contains `price`, `cost` and `leadTimeDays` (in that order), then the others. */
  properties: IRProperty[];
}

/** A problem found in a model; `path` is a JSON path such as `rules[3].expr`. */
export interface ModelIssue {
  severity: 'error' | 'warning';
  path: string;
  message: string;
  /** 1-based column inside the string at `path` (expressions). */
  column?: number;
}

/** Thrown by `compile` when the model has errors. */
export class ModelError extends Error {
  constructor(readonly issues: ModelIssue[]) {
    super(
      `invalid product model: ${issues
        .filter((i) => i.severity === 'error')
        .slice(0, 5)
        .map((i) => `${i.path}${i.column ? `:${i.column}` : ''}: ${i.message}`)
        .join('; ')}`,
    );
    this.name = 'ModelError';
  }
}

/** The domain of a feature definition, in index order. */
export function featureValues(f: FeatureDef): Value[] {
  if (f.type === 'bool') return [false, true];
  if (f.type === 'enum') return (f.options ?? []).map((o) => o.id);
  const step = f.step && f.step > 0 ? f.step : 1;
  const out: number[] = [];
  for (let v = f.min; v <= f.max && out.length <= 1_000_000; v += step) out.push(v);
  return out;
}

/**
 * Index of `raw` in the feature's domain, or -1. Strict: a bool feature takes `true`/`false`,
 * an int feature a number of its domain, an option feature an option id; the text `"true"` or
 * `"52"` is not a value (choices are normalized once, at the boundary: `normalizeChoices`).
 */
export function valueIndex(f: IRFeature, raw: unknown): number {
  if (f.kind === 'bool') return raw === true ? 1 : raw === false ? 0 : -1;
  if (f.kind === 'int') {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return -1;
    const first = f.values[0] as number;
    const step = f.values.length > 1 ? (f.values[1] as number) - first : 1;
    const i = (raw - first) / step;
    return Number.isInteger(i) && i >= 0 && i < f.values.length ? i : -1;
  }
  return typeof raw === 'string' ? f.values.indexOf(raw) : -1;
}

/**
 * Like `valueIndex`, but also reads the text `"true"`/`"false"` and `"42"` for bool and int
 * features: for literals written in a model's own source (clause literals `f=42`, table rows,
 * expression literals), never for a customer's choices.
 */
export function literalIndex(f: IRFeature, raw: unknown): number {
  if (typeof raw === 'string' && f.kind === 'bool') {
    if (raw === 'true') return 1;
    if (raw === 'false') return 0;
    return -1;
  }
  if (typeof raw === 'string' && f.kind === 'int')
    return raw.trim() === '' ? -1 : valueIndex(f, Number(raw));
  return valueIndex(f, raw);
}

const CORE_PROPS = ['price', 'cost', 'leadTimeDays'] as const;

interface PropsLike {
  price?: number;
  cost?: number;
  leadTimeDays?: number;
  props?: Record<string, number>;
}

function propOf(p: PropsLike | undefined, name: string): number {
  if (!p) return 0;
  if (name === 'price' || name === 'cost' || name === 'leadTimeDays') return p[name] ?? 0;
  return p.props?.[name] ?? 0;
}

function buildProperties(model: ProductModel, features: IRFeature[]): IRProperty[] {
  const names: string[] = [...CORE_PROPS];
  const add = (n: string) => {
    if (!names.includes(n)) names.push(n);
  };
  for (const d of model.properties ?? []) add(d.name);
  const collect = (p: PropsLike | undefined) => Object.keys(p?.props ?? {}).forEach(add);
  collect(model.base);
  for (const f of model.features ?? []) {
    if (f.type === 'enum') (f.options ?? []).forEach(collect);
    else if (f.type === 'bool') {
      collect(f.whenTrue);
      collect(f.whenFalse);
    } else Object.keys(f.linear ?? {}).forEach(add);
  }
  return names.map((name) => {
    const decl = model.properties?.find((d) => d.name === name);
    const aggregate = decl?.aggregate ?? (name === 'leadTimeDays' ? 'max' : 'sum');
    const w = (model.features ?? []).map((f, i): number[] => {
      if (f.type === 'enum') return (f.options ?? []).map((o) => propOf(o, name));
      if (f.type === 'bool') return [propOf(f.whenFalse, name), propOf(f.whenTrue, name)];
      const lin = f.linear?.[name];
      return (features[i]?.values ?? []).map((v) =>
        lin ? (lin.offset ?? 0) + lin.perUnit * ((v as number) - f.min) : 0,
      );
    });
    return { name, aggregate, base: propOf(model.base, name), w };
  });
}

/** Error with a position inside an expression, raised while resolving names. */
class ResolveError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Lin {
  terms: Map<number, number[]>;
  c: number;
}

/** Resolves a syntax tree against the features of an IR. */
class Resolver {
  constructor(private readonly ir: IR) {}

  private feature(name: string, pos: number): number {
    const f = this.ir.featureIndex.get(name);
    if (f === undefined) throw new ResolveError(`unknown feature '${name}'`, pos);
    return f;
  }

  private literal(s: Syn): unknown {
    if (s.t === 'num' || s.t === 'bool' || s.t === 'str') return s.v;
    if (s.t === 'name' && !s.pattern) return s.name;
    if (s.t === 'neg' && s.e.t === 'num') return -s.e.v;
    return undefined;
  }

  private valueOf(f: number, s: Syn): number {
    const feat = this.ir.features[f]!;
    const raw = this.literal(s);
    if (raw === undefined) throw new ResolveError(`expected a value of '${feat.id}'`, s.pos);
    const i = literalIndex(feat, raw);
    if (i < 0) {
      const shown = feat.values.length <= 12 ? ` (one of ${feat.values.join(', ')})` : '';
      throw new ResolveError(`'${String(raw)}' is not a value of '${feat.id}'${shown}`, s.pos);
    }
    return i;
  }

  bool(s: Syn): IRExpr {
    switch (s.t) {
      case 'bool':
        return { k: 'const', v: s.v };
      case 'not':
        return { k: 'not', a: this.bool(s.e) };
      case 'bin': {
        const a = this.bool(s.l);
        const b = this.bool(s.r);
        if (s.op === 'and') return { k: 'and', args: [a, b] };
        if (s.op === 'or') return { k: 'or', args: [a, b] };
        if (s.op === '->') return { k: 'imp', a, b };
        return { k: 'iff', a, b };
      }
      case 'name': {
        if (s.pattern)
          throw new ResolveError(
            `a pattern '${s.name}*' is only allowed in sum() or count()`,
            s.pos,
          );
        const f = this.feature(s.name, s.pos);
        const feat = this.ir.features[f]!;
        if (feat.kind !== 'bool')
          throw new ResolveError(
            `'${s.name}' is not a boolean feature; compare it, e.g. '${s.name} = …'`,
            s.pos,
          );
        return { k: 'in', f, vals: [1] };
      }
      case 'in': {
        if (s.l.t !== 'name' || s.l.pattern)
          throw new ResolveError("'in' needs a feature name on its left", s.l.pos);
        const f = this.feature(s.l.name, s.l.pos);
        const vals = [...new Set(s.values.map((v) => this.valueOf(f, v)))].sort((x, y) => x - y);
        const e: IRExpr = { k: 'in', f, vals };
        return s.negated ? { k: 'not', a: e } : e;
      }
      case 'cmp':
        return this.cmp(s);
      default:
        throw new ResolveError(
          'expected a condition (a comparison, a boolean feature or true/false)',
          s.pos,
        );
    }
  }

  private cmp(s: Extract<Syn, { t: 'cmp' }>): IRExpr {
    // `feature = value` / `feature != value` on enum and bool features.
    if ((s.op === '=' || s.op === '!=') && s.l.t === 'name' && !s.l.pattern) {
      const f = this.feature(s.l.name, s.l.pos);
      const feat = this.ir.features[f]!;
      if (feat.kind !== 'int') {
        const e: IRExpr = { k: 'in', f, vals: [this.valueOf(f, s.r)] };
        return s.op === '=' ? e : { k: 'not', a: e };
      }
    }
    const l = this.lin(s.l);
    const r = this.lin(s.r);
    // l - r op 0  →  Σ terms op rhs
    const terms = new Map(l.terms);
    for (const [f, w] of r.terms) {
      const cur = terms.get(f);
      terms.set(
        f,
        w.map((x, i) => (cur ? cur[i]! : 0) - x),
      );
    }
    return linear(this.ir, terms, s.op, r.c - l.c);
  }

  private lin(s: Syn): Lin {
    switch (s.t) {
      case 'num':
        return { terms: new Map(), c: s.v };
      case 'neg':
        return scale(this.lin(s.e), -1);
      case 'name': {
        if (s.pattern)
          throw new ResolveError(
            `a pattern '${s.name}*' is only allowed in sum() or count()`,
            s.pos,
          );
        const f = this.feature(s.name, s.pos);
        const feat = this.ir.features[f]!;
        if (feat.kind === 'enum')
          throw new ResolveError(
            `'${s.name}' is an option feature; it has no number (use sum(property) or '${s.name} = …')`,
            s.pos,
          );
        return {
          terms: new Map([
            [f, feat.values.map((v) => (v === true ? 1 : v === false ? 0 : (v as number)))],
          ]),
          c: 0,
        };
      }
      case 'arith': {
        const a = this.lin(s.l);
        const b = this.lin(s.r);
        if (s.op === '*') {
          if (a.terms.size === 0) return scale(b, a.c);
          if (b.terms.size === 0) return scale(a, b.c);
          throw new ResolveError('one side of * must be a number', s.pos);
        }
        return addLin(a, s.op === '+' ? b : scale(b, -1));
      }
      case 'call':
        return s.fn === 'sum' ? this.sum(s) : this.count(s);
      default:
        throw new ResolveError('expected a number, an integer feature, sum(…) or count(…)', s.pos);
    }
  }

  private featureList(args: Syn[]): number[] {
    const out: number[] = [];
    for (const a of args) {
      if (a.t !== 'name') throw new ResolveError('expected a feature name', a.pos);
      if (a.pattern) {
        const matched = this.ir.features.flatMap((f, i) => (f.id.startsWith(a.name) ? [i] : []));
        if (matched.length === 0) throw new ResolveError(`no feature matches '${a.name}*'`, a.pos);
        out.push(...matched);
      } else out.push(this.feature(a.name, a.pos));
    }
    return [...new Set(out)];
  }

  private sum(s: Extract<Syn, { t: 'call' }>): Lin {
    const [p, ...rest] = s.args;
    if (!p || p.t !== 'name' || p.pattern)
      throw new ResolveError('sum() needs a property name first, e.g. sum(weight)', s.pos);
    const prop = this.ir.properties.find((x) => x.name === p.name);
    if (!prop) {
      const known = this.ir.properties.map((x) => x.name).join(', ');
      throw new ResolveError(`unknown property '${p.name}' (known: ${known})`, p.pos);
    }
    const fs = rest.length ? this.featureList(rest) : this.ir.features.map((_, i) => i);
    const terms = new Map<number, number[]>();
    for (const f of fs) if (prop.w[f]!.some((x) => x !== 0)) terms.set(f, [...prop.w[f]!]);
    return { terms, c: rest.length ? 0 : prop.base };
  }

  private count(s: Extract<Syn, { t: 'call' }>): Lin {
    const terms = new Map<number, number[]>();
    let c = 0;
    const addInd = (f: number, ind: number[]) => {
      const cur = terms.get(f);
      terms.set(f, cur ? cur.map((x, i) => x + ind[i]!) : ind);
    };
    for (const a of s.args) {
      if (a.t === 'name' && a.pattern) {
        for (const f of this.featureList([a])) {
          if (this.ir.features[f]!.kind === 'bool') addInd(f, [0, 1]);
        }
        continue;
      }
      const e = this.bool(a);
      const single = singleFeature(e);
      if (single === null) {
        if (e.k === 'const') {
          c += e.v ? 1 : 0;
          continue;
        }
        throw new ResolveError(
          'each count() argument must be about one feature (e.g. f, f = v, f in {…})',
          a.pos,
        );
      }
      const n = this.ir.features[single]!.values.length;
      const ind: number[] = [];
      const asg = new Int32Array(this.ir.features.length);
      for (let v = 0; v < n; v++) {
        asg[single] = v;
        ind.push(evalExpr(e, asg) ? 1 : 0);
      }
      addInd(single, ind);
    }
    return { terms, c };
  }
}

function scale(a: Lin, k: number): Lin {
  const terms = new Map<number, number[]>();
  for (const [f, w] of a.terms)
    terms.set(
      f,
      w.map((x) => x * k),
    );
  return { terms, c: a.c * k };
}
function addLin(a: Lin, b: Lin): Lin {
  const terms = new Map(a.terms);
  for (const [f, w] of b.terms) {
    const cur = terms.get(f);
    terms.set(f, cur ? cur.map((x, i) => x + w[i]!) : w);
  }
  return { terms, c: a.c + b.c };
}

/** The single feature an expression mentions, or null (none or several). */
function singleFeature(e: IRExpr): number | null {
  const fs = new Set<number>();
  collectFeatures(e, fs);
  return fs.size === 1 ? [...fs][0]! : null;
}

/** Features mentioned by an expression. */
export function collectFeatures(e: IRExpr, out: Set<number>): Set<number> {
  switch (e.k) {
    case 'const':
      break;
    case 'in':
      out.add(e.f);
      break;
    case 'not':
      collectFeatures(e.a, out);
      break;
    case 'and':
    case 'or':
      e.args.forEach((a) => collectFeatures(a, out));
      break;
    case 'imp':
    case 'iff':
      collectFeatures(e.a, out);
      collectFeatures(e.b, out);
      break;
    case 'lin':
      e.terms.forEach((t) => out.add(t.f));
      break;
    case 'table':
      e.fs.forEach((f) => out.add(f));
      break;
  }
  return out;
}

function compare(x: number, op: IRCmp | CmpOp, y: number): boolean {
  switch (op) {
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '=':
      return x === y;
    case '!=':
      return x !== y;
  }
}

/** Normalizes `Σ terms op rhs`: drops zero terms, folds constants, turns one-feature comparisons into `in`. */
function linear(ir: IR, termMap: Map<number, number[]>, op: CmpOp, rhs: number): IRExpr {
  const terms: IRTerm[] = [];
  for (const [f, w] of [...termMap].sort((a, b) => a[0] - b[0]))
    if (w.some((x) => x !== 0)) terms.push({ f, w });
  if (terms.length === 0) return { k: 'const', v: compare(0, op, rhs) };
  if (terms.length === 1) {
    const t = terms[0]!;
    const vals = t.w.flatMap((x, i) => (compare(x, op, rhs) ? [i] : []));
    if (vals.length === ir.features[t.f]!.values.length) return { k: 'const', v: true };
    return { k: 'in', f: t.f, vals };
  }
  return { k: 'lin', terms, op, rhs };
}

/** Evaluates a constraint on a complete assignment of value indices (reference semantics). */
export function evalExpr(e: IRExpr, asg: ArrayLike<number>): boolean {
  switch (e.k) {
    case 'const':
      return e.v;
    case 'in':
      return e.vals.includes(asg[e.f]!);
    case 'not':
      return !evalExpr(e.a, asg);
    case 'and':
      return e.args.every((a) => evalExpr(a, asg));
    case 'or':
      return e.args.some((a) => evalExpr(a, asg));
    case 'imp':
      return !evalExpr(e.a, asg) || evalExpr(e.b, asg);
    case 'iff':
      return evalExpr(e.a, asg) === evalExpr(e.b, asg);
    case 'lin': {
      let s = 0;
      for (const t of e.terms) s += t.w[asg[t.f]!]!;
      return compare(s, e.op, e.rhs);
    }
    case 'table': {
      const n = e.fs.length;
      const rows = e.rows.length / n;
      for (let r = 0; r < rows; r++) {
        let match = true;
        for (let j = 0; j < n && match; j++) {
          const v = e.rows[r * n + j]!;
          if (v !== -1 && v !== asg[e.fs[j]!]) match = false;
        }
        if (match) return e.allow;
      }
      return !e.allow;
    }
  }
}

/** Parses and resolves one expression against an IR (needs answers, `when` conditions). */
export function resolveExpr(ir: IR, text: string): IRExpr {
  return new Resolver(ir).bool(parseExpr(text));
}

function ruleText(r: {
  expr?: string;
  table?: { features: string[]; mode?: string };
  clause?: string[];
}): string {
  if (typeof r.expr === 'string') return r.expr;
  if (r.table)
    return `${r.table.mode ?? 'allow'} table over ${(r.table.features ?? []).join(', ')}`;
  if (r.clause) return r.clause.join(' or ');
  return '';
}

/**
 * Builds the IR and reports every issue found while resolving (unknown names, bad values,
 * expression syntax). Call `checkModel` first for structural problems; this function assumes
 * the basic shape (arrays where arrays are expected) and skips what it cannot read.
 */
export function buildIR(model: ProductModel): { ir: IR; issues: ModelIssue[] } {
  const issues: ModelIssue[] = [];
  const features: IRFeature[] = (model.features ?? []).map((f) => ({
    id: f.id,
    kind: f.type,
    values: featureValues(f),
    ...(f.customerInput === true ? { customerInput: true as const } : {}),
  }));
  const featureIndex = new Map<string, number>();
  features.forEach((f, i) => featureIndex.set(f.id, i));
  const ir: IR = { features, featureIndex, rules: [], properties: [] };
  ir.properties = buildProperties(model, features);
  const resolver = new Resolver(ir);

  (model.rules ?? []).forEach((r, ri) => {
    const base = `rules[${ri}]`;
    try {
      let expr: IRExpr | null = null;
      if (typeof r.expr === 'string') {
        try {
          expr = resolver.bool(parseExpr(r.expr));
        } catch (err) {
          if (err instanceof ExprSyntaxError || err instanceof ResolveError)
            issues.push({
              severity: 'error',
              path: `${base}.expr`,
              message: err.message,
              column: err.offset + 1,
            });
          else throw err;
        }
      } else if (r.table) expr = buildTable(ir, r.table, `${base}.table`, issues);
      else if (Array.isArray(r.clause)) expr = buildClause(ir, r.clause, `${base}.clause`, issues);
      if (expr)
        ir.rules.push({
          id: r.id,
          ...(r.message ? { message: r.message } : {}),
          text: ruleText(r),
          expr,
        });
    } catch (err) {
      issues.push({ severity: 'error', path: base, message: (err as Error).message });
    }
  });

  // The model checker reports these sections' shape; here a malformed entry is simply skipped.
  const maps = <T>(list: T[] | undefined): T[] =>
    Array.isArray(list)
      ? list.map((x) => (typeof x === 'object' && x !== null ? x : ({} as T)))
      : [];
  // A customer-input feature is the customer's own measurement: nothing in the model sets it.
  const ownInput = (id: string, what: string) =>
    `'${id}' is the customer's own input (customerInput): ${what} must not set it — only the customer enters it`;
  const checkChoices = (
    choices: Record<string, unknown> | undefined,
    path: string,
    what: string,
  ) => {
    if (typeof choices !== 'object' || choices === null || Array.isArray(choices)) return;
    for (const [k, v] of Object.entries(choices)) {
      const f = featureIndex.get(k);
      if (f === undefined)
        issues.push({ severity: 'error', path: `${path}.${k}`, message: `unknown feature '${k}'` });
      else if (valueIndex(features[f]!, v) < 0)
        issues.push({
          severity: 'error',
          path: `${path}.${k}`,
          message: `'${String(v)}' is not a value of '${k}'`,
        });
      else if (features[f]!.customerInput)
        issues.push({ severity: 'error', path: `${path}.${k}`, message: ownInput(k, what) });
    }
  };
  checkChoices(model.defaults, 'defaults', 'a default');
  maps(model.presets).forEach((p, i) =>
    checkChoices(p.choices, `presets[${i}].choices`, 'a preset'),
  );
  maps(model.personalization).forEach((p, i) => {
    if (typeof p.when === 'string') {
      try {
        resolveExpr(ir, p.when);
      } catch (err) {
        if (err instanceof ExprSyntaxError || err instanceof ResolveError)
          issues.push({
            severity: 'error',
            path: `personalization[${i}].when`,
            message: err.message,
            column: err.offset + 1,
          });
        else throw err;
      }
    }
  });
  maps(model.needs).forEach((q, qi) =>
    maps(q.answers).forEach((a, ai) => {
      const path = `needs[${qi}].answers[${ai}]`;
      if (typeof a.prefer === 'object' && a.prefer !== null)
        for (const key of Object.keys(a.prefer)) {
          const f = featureIndex.get(key.slice(0, Math.max(0, key.indexOf('='))));
          if (f !== undefined && features[f]!.customerInput)
            issues.push({
              severity: 'error',
              path: `${path}.prefer.${key}`,
              message: ownInput(features[f]!.id, 'a needs answer'),
            });
        }
      (Array.isArray(a.require) ? a.require : []).forEach((text, k) => {
        if (typeof text !== 'string') return;
        try {
          const expr = resolveExpr(ir, text);
          for (const f of collectFeatures(expr, new Set()))
            if (features[f]!.customerInput)
              issues.push({
                severity: 'error',
                path: `${path}.require[${k}]`,
                message: ownInput(features[f]!.id, 'a needs answer'),
              });
        } catch (err) {
          if (err instanceof ExprSyntaxError || err instanceof ResolveError)
            issues.push({
              severity: 'error',
              path: `${path}.require[${k}]`,
              message: err.message,
              column: err.offset + 1,
            });
          else throw err;
        }
      });
    }),
  );
  return { ir, issues };
}

function buildTable(
  ir: IR,
  t: { features: string[]; mode?: 'allow' | 'forbid'; rows: unknown[][] },
  path: string,
  issues: ModelIssue[],
): IRExpr | null {
  const fs: number[] = [];
  let ok = true;
  (t.features ?? []).forEach((name, j) => {
    const f = ir.featureIndex.get(name);
    if (f === undefined) {
      issues.push({
        severity: 'error',
        path: `${path}.features[${j}]`,
        message: `unknown feature '${name}'`,
      });
      ok = false;
    } else fs.push(f);
  });
  if (!ok) return null;
  const rows = new Int32Array(fs.length * (t.rows ?? []).length);
  (t.rows ?? []).forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== fs.length) {
      issues.push({
        severity: 'error',
        path: `${path}.rows[${r}]`,
        message: `a row needs ${fs.length} values (one per feature), found ${Array.isArray(row) ? row.length : 'no list'}`,
      });
      ok = false;
      return;
    }
    row.forEach((v, j) => {
      if (v === '*') {
        rows[r * fs.length + j] = -1;
        return;
      }
      const i = literalIndex(ir.features[fs[j]!]!, v);
      if (i < 0) {
        issues.push({
          severity: 'error',
          path: `${path}.rows[${r}][${j}]`,
          message: `'${String(v)}' is not a value of '${ir.features[fs[j]!]!.id}'`,
        });
        ok = false;
      }
      rows[r * fs.length + j] = i;
    });
  });
  return ok ? { k: 'table', fs, rows, allow: (t.mode ?? 'allow') === 'allow' } : null;
}

function buildClause(ir: IR, lits: string[], path: string, issues: ModelIssue[]): IRExpr | null {
  const args: IRExpr[] = [];
  let ok = true;
  lits.forEach((lit, j) => {
    const neg = typeof lit === 'string' && lit.startsWith('!');
    const body = typeof lit === 'string' ? (neg ? lit.slice(1) : lit).trim() : '';
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq).trim() : body;
    const f = ir.featureIndex.get(name);
    if (f === undefined) {
      issues.push({
        severity: 'error',
        path: `${path}[${j}]`,
        message: `unknown feature '${name}'`,
      });
      ok = false;
      return;
    }
    const feat = ir.features[f]!;
    let v: number;
    if (eq >= 0) v = literalIndex(feat, body.slice(eq + 1).trim());
    else v = feat.kind === 'bool' ? 1 : -1;
    if (v < 0) {
      issues.push({
        severity: 'error',
        path: `${path}[${j}]`,
        message:
          eq >= 0 ? `bad value in '${lit}'` : `'${name}' is not boolean; write '${name}=value'`,
      });
      ok = false;
      return;
    }
    const atom: IRExpr = { k: 'in', f, vals: [v] };
    args.push(neg ? { k: 'not', a: atom } : atom);
  });
  return ok ? { k: 'or', args } : null;
}
