// The feature-model semantics shared by the FeatureIDE, SPLOT and UVL importers: a tree of
// features with groups, plus propositional cross-tree constraints, becomes a product model
// with one boolean feature per feature and `clause` rules:
//   root selected; child → parent; mandatory: parent → child; or: parent → some child;
//   alternative: parent → exactly one child; [m..n]: parent → between m and n children.
// Cross-tree formulas are put in CNF by distribution (they are small in practice); a formula
// whose CNF would explode is refused with its line rather than approximated.
import type {
  BoolFeature,
  OptionProps,
  ProductModel,
  PropertyDef,
  RuleDef,
} from '../model/types.ts';
import { ImportError } from './import-error.ts';

export interface TreeFeature {
  /** Unique name constraints use; the product model's feature id is this name made a valid id. */
  id: string;
  /** Display name when it differs from the id. */
  label?: string;
  line: number;
  abstract?: boolean;
  /** Numeric attributes (e.g. `Price: 841.9`). */
  attributes?: Record<string, number>;
  groups: TreeGroup[];
}

export interface TreeGroup {
  kind: 'mandatory' | 'optional' | 'or' | 'alternative' | 'cardinality';
  /** Bounds of a `cardinality` group (`max` Infinity for `*`). */
  min?: number;
  max?: number;
  line: number;
  children: TreeFeature[];
}

export type Formula =
  | { t: 'var'; id: string }
  | { t: 'const'; v: boolean }
  | { t: 'not'; e: Formula }
  | { t: 'and' | 'or'; es: Formula[] }
  | { t: 'imp' | 'iff'; l: Formula; r: Formula };

export interface TreeConstraint {
  formula: Formula;
  line: number;
  /** Rule id to use (e.g. SPLOT's `c1`); generated when absent. */
  id?: string;
}

export interface TreeModelMeta {
  format: string;
  id: string;
  name: string;
  currency?: string;
}

/** Attribute names (case-insensitive) that are money and become price/cost in minor units. */
const MONEY: Record<string, 'price' | 'cost'> = { price: 'price', cost: 'cost' };
const MAX_CNF_CLAUSES = 4096;
/** Constraints nest at most this deep (the importers' formula passes recurse). */
export const MAX_FORMULA_DEPTH = 200;

export function treeToModel(
  root: TreeFeature,
  constraints: TreeConstraint[],
  meta: TreeModelMeta,
): ProductModel {
  const features: BoolFeature[] = [];
  const rules: RuleDef[] = [];
  const known = new Set<string>();
  const propNames = new Set<string>();
  const fail = (line: number, detail: string): never => {
    throw new ImportError(meta.format, line, detail);
  };

  const ids = new Map<string, string>();
  const usedIds = new Set<string>();
  const addFeature = (f: TreeFeature): void => {
    if (known.has(f.id)) fail(f.line, `feature "${f.id}" is defined twice`);
    known.add(f.id);
    const id = uniqueId(f.id, usedIds);
    ids.set(f.id, id);
    const def: BoolFeature = { id, type: 'bool' };
    const label = f.label ?? f.id;
    if (label !== id) def.label = label;
    const props = attributesToProps(f.attributes, propNames);
    if (props) def.whenTrue = props;
    features.push(def);
  };

  const visit = (f: TreeFeature): void => {
    addFeature(f);
    const me = ids.get(f.id)!;
    for (const g of f.groups) {
      for (const c of g.children) visit(c);
      const kids = g.children.map((c) => ids.get(c.id)!);
      for (const k of kids) rules.push({ id: `parent:${k}`, clause: [`!${k}`, me] });
      const min =
        g.kind === 'cardinality'
          ? (g.min ?? 0)
          : g.kind === 'or' || g.kind === 'alternative'
            ? 1
            : 0;
      const max =
        g.kind === 'cardinality' ? (g.max ?? Infinity) : g.kind === 'alternative' ? 1 : Infinity;
      if (g.kind === 'mandatory') {
        for (const k of kids) rules.push({ id: `mandatory:${k}`, clause: [`!${me}`, k] });
        continue;
      }
      if (g.kind === 'optional') continue;
      if (min > kids.length) fail(g.line, `group needs ${min} of only ${kids.length} features`);
      // parent → at least `min`: every (n-min+1)-subset has a selected member.
      if (min > 0) {
        for (const subset of combinations(kids, kids.length - min + 1, g.line, meta.format)) {
          rules.push({ id: `group-min:${me}`, clause: [`!${me}`, ...subset] });
        }
      }
      // at most `max`: no (max+1)-subset is fully selected.
      if (max < kids.length) {
        for (const subset of combinations(kids, max + 1, g.line, meta.format)) {
          rules.push({ id: `group-max:${me}`, clause: subset.map((k) => `!${k}`) });
        }
      }
    }
  };
  visit(root);
  rules.unshift({ id: 'root', clause: [ids.get(root.id)!] });
  numberRuleIds(rules);

  const usedRuleIds = new Set(rules.map((r) => r.id));
  constraints.forEach((c, k) => {
    checkDepth(c.formula, c.line, meta.format);
    checkNames(c.formula, known, c.line, meta.format);
    const clauses = toCnf(c.formula, c.line, meta.format).map((cl) =>
      cl.map((l) => (l.startsWith('!') ? `!${ids.get(l.slice(1))!}` : ids.get(l)!)),
    );
    const id = c.id !== undefined ? uniqueId(c.id, usedRuleIds) : `constraint${k + 1}`;
    clauses.forEach((clause, i) =>
      rules.push({ id: clauses.length === 1 ? id : `${id}.${i + 1}`, clause }),
    );
  });

  const model: ProductModel = {
    id: meta.id,
    name: meta.name,
    currency: meta.currency ?? 'EUR',
    features,
    rules,
  };
  if (propNames.size > 0) {
    model.properties = [...propNames].map((name): PropertyDef => ({ name, aggregate: 'sum' }));
  }
  return model;
}

function attributesToProps(
  attrs: Record<string, number> | undefined,
  propNames: Set<string>,
): OptionProps | undefined {
  if (!attrs) return undefined;
  let out: OptionProps | undefined;
  for (const [name, value] of Object.entries(attrs)) {
    if (!Number.isFinite(value)) continue;
    out ??= {};
    const money = MONEY[name.toLowerCase()];
    if (money) {
      out[money] = Math.round(value * 100);
    } else {
      (out.props ??= {})[name] = Math.round(value);
      propNames.add(name);
    }
  }
  return out;
}

/** Characters a product-model id cannot hold (model/check.ts). */
const NOT_IN_ID = /[\s,{}()=!<>'"*|&+]+/g;

/** `name` made a valid product-model id (`_` for forbidden characters), unique among `used`. */
export function uniqueId(name: string, used: Set<string>): string {
  const base = name.replace(NOT_IN_ID, '_') || '_';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
  used.add(id);
  return id;
}

/** Gives repeated rule ids a numeric suffix so every rule id is unique. */
function numberRuleIds(rules: RuleDef[]): void {
  const seen = new Map<string, number>();
  for (const r of rules) {
    const n = (seen.get(r.id) ?? 0) + 1;
    seen.set(r.id, n);
    if (n > 1) r.id = `${r.id}#${n}`;
  }
}

function combinations(items: string[], k: number, line: number, format: string): string[][] {
  let total = 1;
  for (let i = 0; i < k; i++) total = (total * (items.length - i)) / (i + 1);
  if (total > MAX_CNF_CLAUSES) {
    throw new ImportError(
      format,
      line,
      `group cardinality needs ${total} clauses (limit ${MAX_CNF_CLAUSES})`,
    );
  }
  const out: string[][] = [];
  const pick: string[] = [];
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
  return out;
}

/** Refuses a formula nested deeper than MAX_FORMULA_DEPTH (walked without recursion). */
function checkDepth(root: Formula, line: number, format: string): void {
  const stack: [Formula, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [f, depth] = stack.pop()!;
    if (depth > MAX_FORMULA_DEPTH)
      throw new ImportError(
        format,
        line,
        `constraint nests deeper than ${MAX_FORMULA_DEPTH} levels`,
      );
    const children =
      f.t === 'not'
        ? [f.e]
        : f.t === 'and' || f.t === 'or'
          ? f.es
          : f.t === 'imp' || f.t === 'iff'
            ? [f.l, f.r]
            : [];
    for (const child of children) stack.push([child, depth + 1]);
  }
}

function checkNames(f: Formula, known: Set<string>, line: number, format: string): void {
  switch (f.t) {
    case 'var':
      if (!known.has(f.id))
        throw new ImportError(format, line, `constraint names unknown feature "${f.id}"`);
      return;
    case 'const':
      return;
    case 'not':
      return checkNames(f.e, known, line, format);
    case 'and':
    case 'or':
      for (const e of f.es) checkNames(e, known, line, format);
      return;
    default:
      checkNames(f.l, known, line, format);
      checkNames(f.r, known, line, format);
  }
}

type Nnf = { t: 'lit'; lit: string } | { t: 'const'; v: boolean } | { t: 'and' | 'or'; es: Nnf[] };

function nnf(f: Formula, positive: boolean): Nnf {
  switch (f.t) {
    case 'var':
      return { t: 'lit', lit: positive ? f.id : `!${f.id}` };
    case 'const':
      return { t: 'const', v: f.v === positive };
    case 'not':
      return nnf(f.e, !positive);
    case 'and':
    case 'or': {
      const conj = (f.t === 'and') === positive;
      return { t: conj ? 'and' : 'or', es: f.es.map((e) => nnf(e, positive)) };
    }
    case 'imp':
      return nnf({ t: 'or', es: [{ t: 'not', e: f.l }, f.r] }, positive);
    case 'iff':
      return nnf(
        {
          t: 'and',
          es: [
            { t: 'imp', l: f.l, r: f.r },
            { t: 'imp', l: f.r, r: f.l },
          ],
        },
        positive,
      );
  }
}

/** CNF of a formula as clauses of `f`/`!f` literals (tautologies dropped, literals deduplicated). */
export function toCnf(f: Formula, line: number, format: string): string[][] {
  const rec = (n: Nnf): string[][] => {
    if (n.t === 'lit') return [[n.lit]];
    if (n.t === 'const') return n.v ? [] : [[]];
    if (n.t === 'and') return n.es.flatMap(rec);
    let acc: string[][] = [[]];
    for (const e of n.es) {
      const part = rec(e);
      if (acc.length * part.length > MAX_CNF_CLAUSES) {
        throw new ImportError(format, line, `constraint is too large to put in clause form`);
      }
      const next: string[][] = [];
      for (const a of acc) for (const b of part) next.push([...a, ...b]);
      acc = next;
    }
    return acc;
  };
  const out: string[][] = [];
  for (const clause of rec(nnf(f, true))) {
    const set = new Set(clause);
    if ([...set].some((l) => set.has(l.startsWith('!') ? l.slice(1) : `!${l}`))) continue;
    if (set.size === 0) throw new ImportError(format, line, 'constraint can never hold');
    out.push([...set]);
  }
  return out;
}
