// XCSP 2.1 importer (extensional constraints): domains, variables, relations with
// `supports` / `conflicts` tuples, constraints referencing relations over a scope.
// Each variable becomes a feature named like the variable; each constraint a table rule.
// Value names: with a names map (e.g. `renault_domains.txt`: `Var<k> : a, b, …`, the i-th name
// is value i) the feature is an option feature with those ids; without, an integer feature
// (contiguous domains) or an option feature whose ids are the integers as text.
import type {
  EnumFeature,
  FeatureDef,
  IntFeature,
  ProductModel,
  RuleDef,
  Value,
} from '../model/types.ts';
import { childrenNamed, findFirst, parseXml, type XmlElement } from './xml.ts';

export class XcspError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XcspError';
  }
}

export interface XcspImport {
  model: ProductModel;
  /** Integer domain values per variable, in index order (what XCSP tuples refer to). */
  domains: Map<string, number[]>;
}

/** Parses `Var<k> : n1, n2, …` lines into variable name `k` → value names. */
export function parseDomainNames(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:\/\/\s*)?Var(\S+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    out.set(
      m[1]!,
      m[2]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  return out;
}

/** A domain holds at most this many values (the model checker's limit for a feature). */
const MAX_DOMAIN_VALUES = 100_000;

function parseDomainText(text: string): number[] {
  const out: number[] = [];
  for (const part of text.trim().split(/\s+/)) {
    if (!part) continue;
    const r = /^(-?\d+)\.\.(-?\d+)$/.exec(part);
    if (r) {
      const [from, to] = [Number(r[1]), Number(r[2])];
      if (to - from + 1 + out.length > MAX_DOMAIN_VALUES)
        throw new XcspError(`domain '${part}' has more than ${MAX_DOMAIN_VALUES} values`);
      for (let v = from; v <= to; v++) out.push(v);
    } else if (/^-?\d+$/.test(part) && Number.isSafeInteger(Number(part))) out.push(Number(part));
    else throw new XcspError(`bad domain value '${part}'`);
  }
  return out;
}

function section(root: XmlElement, name: string): XmlElement {
  const el = findFirst(root, name);
  if (!el) throw new XcspError(`missing <${name}>`);
  return el;
}

export function importXcsp(xml: string, names?: Map<string, string[]>, id = 'xcsp'): XcspImport {
  const root = parseXml(xml);
  if (root.name !== 'instance') throw new XcspError(`expected <instance>, found <${root.name}>`);
  const domainsByName = new Map<string, number[]>();
  for (const d of childrenNamed(section(root, 'domains'), 'domain'))
    domainsByName.set(d.attrs.name ?? '', parseDomainText(d.text));
  const domains = new Map<string, number[]>();
  const features: FeatureDef[] = [];
  const valueName = new Map<string, (i: number) => Value>();
  for (const v of childrenNamed(section(root, 'variables'), 'variable')) {
    const name = v.attrs.name ?? '';
    const dom = domainsByName.get(v.attrs.domain ?? '');
    if (!dom) throw new XcspError(`variable ${name}: unknown domain '${v.attrs.domain}'`);
    domains.set(name, dom);
    const named = names?.get(name);
    if (named) {
      if (named.length !== dom.length)
        throw new XcspError(`variable ${name}: ${dom.length} values but ${named.length} names`);
      const f: EnumFeature = { id: name, type: 'enum', options: named.map((n) => ({ id: n })) };
      features.push(f);
      const idx = new Map(dom.map((x, i) => [x, i]));
      valueName.set(name, (x) => named[idx.get(x)!]!);
    } else {
      const contiguous = dom.every((x, i) => x === dom[0]! + i);
      if (contiguous) {
        const f: IntFeature = { id: name, type: 'int', min: dom[0]!, max: dom[dom.length - 1]! };
        features.push(f);
        valueName.set(name, (x) => x);
      } else {
        features.push({ id: name, type: 'enum', options: dom.map((x) => ({ id: String(x) })) });
        valueName.set(name, (x) => String(x));
      }
    }
  }
  const relations = new Map<string, { semantics: string; arity: number; tuples: number[][] }>();
  for (const r of childrenNamed(section(root, 'relations'), 'relation')) {
    const arity = Number(r.attrs.arity);
    const tuples = r.text
      .split('|')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => t.split(/\s+/).map(Number));
    for (const t of tuples)
      if (t.length !== arity)
        throw new XcspError(
          `relation ${r.attrs.name}: tuple of length ${t.length}, arity ${arity}`,
        );
    relations.set(r.attrs.name ?? '', {
      semantics: r.attrs.semantics ?? 'supports',
      arity,
      tuples,
    });
  }
  const rules: RuleDef[] = [];
  for (const c of childrenNamed(section(root, 'constraints'), 'constraint')) {
    const rel = relations.get(c.attrs.reference ?? '');
    if (!rel)
      throw new XcspError(
        `constraint ${c.attrs.name}: unknown or intensional relation '${c.attrs.reference}'`,
      );
    const scope = (c.attrs.scope ?? '').trim().split(/\s+/);
    if (scope.length !== rel.arity)
      throw new XcspError(`constraint ${c.attrs.name}: scope size differs from arity`);
    for (const v of scope)
      if (!domains.has(v))
        throw new XcspError(`constraint ${c.attrs.name}: unknown variable '${v}'`);
    const namers = scope.map((v) => valueName.get(v)!);
    rules.push({
      id: c.attrs.name ?? `C${rules.length}`,
      table: {
        features: scope,
        mode: rel.semantics === 'conflicts' ? 'forbid' : 'allow',
        rows: rel.tuples.map((t) => t.map((x, j) => namers[j]!(x))),
      },
    });
  }
  return { model: { id, name: id, currency: 'EUR', features, rules, backend: 'bdd' }, domains };
}
