// FeatureIDE XML import (`<featureModel>` or `<extendedFeatureModel>`):
//   <struct> one tree of <and|or|alt|feature name=… mandatory=… abstract=…> elements;
//   <attribute name="Price" value="841.9" unit="€"/> inside a feature becomes an option
//   property (money in minor units, see feature-tree.ts);
//   <constraints><rule> formulas of <var> <not> <conj> <disj> <imp> <eq> <atmost1>.
import type { ProductModel } from '../model/types.ts';
import { ImportError } from './import-error.ts';
import { slug } from './sxfm.ts';
import { parseXml, XmlError, type XmlElement } from './xml.ts';
import {
  treeToModel,
  type Formula,
  type TreeConstraint,
  type TreeFeature,
  type TreeGroup,
} from './feature-tree.ts';

const FORMAT = 'featureide';
const NODE_KINDS = new Set(['and', 'or', 'alt', 'feature']);
const CURRENCY_BY_UNIT: Record<string, string> = {
  '€': 'EUR',
  EUR: 'EUR',
  $: 'USD',
  USD: 'USD',
  '£': 'GBP',
  GBP: 'GBP',
};

export function importFeatureIde(
  text: string,
  meta: { id?: string; name?: string } = {},
): ProductModel {
  let doc: XmlElement;
  try {
    doc = parseXml(text);
  } catch (err) {
    if (err instanceof XmlError) throw new ImportError(FORMAT, err.line, err.message, err.column);
    throw err;
  }
  if (doc.name !== 'featureModel' && doc.name !== 'extendedFeatureModel') {
    throw new ImportError(FORMAT, doc.line, `expected <featureModel>, found <${doc.name}>`);
  }
  const struct = doc.children.find((c) => c.name === 'struct');
  if (!struct) throw new ImportError(FORMAT, doc.line, 'missing <struct>');
  const roots = struct.children.filter((c) => NODE_KINDS.has(c.name));
  if (roots.length !== 1)
    throw new ImportError(
      FORMAT,
      struct.line,
      `<struct> must hold one root feature, found ${roots.length}`,
    );

  let currency: string | undefined;
  const feature = (el: XmlElement): TreeFeature => {
    const id = el.attrs.name;
    if (!id) throw new ImportError(FORMAT, el.line, `<${el.name}> without a name`);
    const f: TreeFeature = { id, line: el.line, groups: [] };
    if (el.attrs.abstract === 'true') f.abstract = true;
    for (const a of el.children.filter((c) => c.name === 'attribute')) {
      if (a.attrs.value === undefined || !a.attrs.name) continue;
      const type = a.attrs.type ?? 'double';
      if (type !== 'double' && type !== 'long' && type !== 'int' && type !== 'integer') continue;
      const v = Number(a.attrs.value);
      if (!Number.isFinite(v))
        throw new ImportError(FORMAT, a.line, `attribute ${a.attrs.name} is not a number`);
      (f.attributes ??= {})[a.attrs.name] = v;
      if (a.attrs.name.toLowerCase() === 'price' && a.attrs.unit)
        currency ??= CURRENCY_BY_UNIT[a.attrs.unit];
    }
    const kids = el.children.filter((c) => NODE_KINDS.has(c.name));
    if (kids.length === 0) return f;
    if (el.name === 'feature')
      throw new ImportError(FORMAT, el.line, '<feature> cannot have child features');
    if (el.name === 'and') {
      const mandatory: TreeGroup = { kind: 'mandatory', line: el.line, children: [] };
      const optional: TreeGroup = { kind: 'optional', line: el.line, children: [] };
      for (const k of kids)
        (k.attrs.mandatory === 'true' ? mandatory : optional).children.push(feature(k));
      for (const g of [mandatory, optional]) if (g.children.length > 0) f.groups.push(g);
    } else {
      f.groups.push({
        kind: el.name === 'alt' ? 'alternative' : 'or',
        line: el.line,
        children: kids.map(feature),
      });
    }
    return f;
  };
  const root = feature(roots[0]!);

  const constraints: TreeConstraint[] = [];
  const cs = doc.children.find((c) => c.name === 'constraints');
  for (const rule of cs?.children.filter((c) => c.name === 'rule') ?? []) {
    const body = rule.children.filter((c) => c.name !== 'description' && c.name !== 'tags');
    if (body.length !== 1) throw new ImportError(FORMAT, rule.line, '<rule> must hold one formula');
    constraints.push({ line: rule.line, formula: formula(body[0]!) });
  }
  const name = meta.name ?? root.id;
  return treeToModel(root, constraints, {
    format: FORMAT,
    id: meta.id ?? slug(name),
    name,
    ...(currency ? { currency } : {}),
  });
}

function formula(el: XmlElement): Formula {
  const args = (): Formula[] => el.children.map(formula);
  const arity = (n: number): Formula[] => {
    const a = args();
    if (a.length !== n)
      throw new ImportError(
        FORMAT,
        el.line,
        `<${el.name}> needs ${n} operand(s), found ${a.length}`,
      );
    return a;
  };
  switch (el.name) {
    case 'var': {
      const id = el.text.trim();
      if (!id) throw new ImportError(FORMAT, el.line, 'empty <var>');
      return { t: 'var', id };
    }
    case 'not':
      return { t: 'not', e: arity(1)[0]! };
    case 'conj':
    case 'disj': {
      const a = args();
      if (a.length === 0) throw new ImportError(FORMAT, el.line, `empty <${el.name}>`);
      return { t: el.name === 'conj' ? 'and' : 'or', es: a };
    }
    case 'imp':
    case 'eq': {
      const [l, r] = arity(2);
      return { t: el.name === 'imp' ? 'imp' : 'iff', l: l!, r: r! };
    }
    case 'atmost1': {
      const a = args();
      const es: Formula[] = [];
      for (let i = 0; i < a.length; i++) {
        for (let j = i + 1; j < a.length; j++) {
          es.push({ t: 'not', e: { t: 'and', es: [a[i]!, a[j]!] } });
        }
      }
      return { t: 'and', es };
    }
    default:
      throw new ImportError(FORMAT, el.line, `unknown formula element <${el.name}>`);
  }
}
