// UVL (Universal Variability Language) import, the boolean core of the language:
//   namespace N
//   features
//     Root {abstract true, Price 12.5}
//       mandatory | optional | or | alternative | [n] | [n..m] | [n..*]
//         Child …            (nesting by indentation; names plain or "quoted")
//   constraints
//     A => B | !C            (operators by precedence: ! & | => <=>, and parentheses)
// Numeric attributes become option properties of the feature (see feature-tree.ts). Typed
// (Integer/Real/String) features, feature cardinalities and arithmetic constraints are refused
// with the line, since a boolean feature per feature is what this importer promises.
import type { ProductModel } from '../model/types.ts';
import { ImportError } from './import-error.ts';
import { slug } from './sxfm.ts';
import {
  MAX_FORMULA_DEPTH,
  treeToModel,
  type Formula,
  type TreeConstraint,
  type TreeFeature,
  type TreeGroup,
} from './feature-tree.ts';

const FORMAT = 'uvl';

interface Tok {
  k: 'id' | 'num' | 'str' | 'op';
  s: string;
  col: number;
}

interface Line {
  no: number;
  indent: number;
  toks: Tok[];
}

const OPS = ['<=>', '=>', '..', '!', '&', '|', '(', ')', '{', '}', '[', ']', ',', '*'];

function tokenize(src: string, no: number, startCol: number): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const col = startCol + i + 1;
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ImportError(FORMAT, no, 'unterminated quoted name', col);
      toks.push({ k: c === '"' ? 'id' : 'str', s: src.slice(i + 1, end), col });
      i = end + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || /\d/.test(src[i + 1] ?? ''))) {
      toks.push({ k: 'num', s: num[0], col });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.\-$]*/.exec(src.slice(i));
    if (id) {
      toks.push({ k: 'id', s: id[0].replace(/\.$/, ''), col });
      i += id[0].replace(/\.$/, '').length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ImportError(FORMAT, no, `unexpected character "${c}"`, col);
    toks.push({ k: 'op', s: op, col });
    i += op.length;
  }
  return toks;
}

/** Strips `//` and block comments, keeping line numbers. */
function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, (m) => {
      return ' '.repeat(m.length);
    });
}

export function importUvl(text: string): ProductModel {
  const rawLines = stripComments(text).split('\n');
  let namespace: string | undefined;
  let section: 'none' | 'features' | 'constraints' = 'none';
  const featureLines: Line[] = [];
  const constraintLines: Line[] = [];
  rawLines.forEach((raw, idx) => {
    const no = idx + 1;
    const body = raw.replace(/\r$/, '');
    if (!body.trim()) return;
    const lead = /^[\t ]*/.exec(body)![0];
    const indent = lead.replace(/ {4}/g, '\t').replace(/ /g, '').length;
    const trimmed = body.trim();
    if (indent === 0) {
      const word = /^\S+/.exec(trimmed)![0];
      if (word === 'namespace') {
        const toks = tokenize(trimmed.slice(9), no, lead.length + 9);
        namespace = toks[0]?.s;
        return;
      }
      if (word === 'features') return void (section = 'features');
      if (word === 'constraints') return void (section = 'constraints');
      if (word === 'imports' || word === 'include') {
        throw new ImportError(FORMAT, no, `"${word}" sections are not supported`);
      }
      if (section !== 'constraints') throw new ImportError(FORMAT, no, `unexpected "${word}"`);
    }
    const line = { no, indent, toks: tokenize(trimmed, no, lead.length) };
    if (section === 'features') featureLines.push(line);
    else if (section === 'constraints') constraintLines.push(line);
    else throw new ImportError(FORMAT, no, 'expected "features"');
  });
  if (featureLines.length === 0) throw new ImportError(FORMAT, rawLines.length, 'no features');

  let pos = 0;
  const parseFeature = (): TreeFeature => {
    const line = featureLines[pos++]!;
    const toks = line.toks;
    let i = 0;
    if (
      toks[0]?.k === 'id' &&
      ['Boolean', 'Integer', 'Real', 'String'].includes(toks[0].s) &&
      toks[1]?.k === 'id'
    ) {
      if (toks[0].s !== 'Boolean') {
        throw new ImportError(
          FORMAT,
          line.no,
          `${toks[0].s} features are not supported`,
          toks[0].col,
        );
      }
      i++;
    }
    const nameTok = toks[i++];
    if (!nameTok || nameTok.k !== 'id')
      throw new ImportError(FORMAT, line.no, 'expected a feature name');
    const feature: TreeFeature = { id: nameTok.s, line: line.no, groups: [] };
    if (toks[i]?.s === 'cardinality') {
      throw new ImportError(
        FORMAT,
        line.no,
        'feature cardinalities are not supported',
        toks[i]!.col,
      );
    }
    if (toks[i]?.s === '{') {
      const { attrs, abstract, next } = parseAttributes(toks, i, line.no);
      if (Object.keys(attrs).length > 0) feature.attributes = attrs;
      if (abstract) feature.abstract = true;
      i = next;
    }
    if (i < toks.length)
      throw new ImportError(FORMAT, line.no, `unexpected "${toks[i]!.s}"`, toks[i]!.col);
    while (pos < featureLines.length && featureLines[pos]!.indent > line.indent) {
      const gl = featureLines[pos++]!;
      const group = parseGroupHeader(gl);
      while (pos < featureLines.length && featureLines[pos]!.indent > gl.indent) {
        group.children.push(parseFeature());
      }
      feature.groups.push(group);
    }
    return feature;
  };
  const root = parseFeature();
  if (pos < featureLines.length) {
    throw new ImportError(FORMAT, featureLines[pos]!.no, 'a second root feature');
  }

  const constraints: TreeConstraint[] = constraintLines.map((l) => ({
    line: l.no,
    formula: parseFormula(l),
  }));
  const name = namespace ?? root.id;
  return treeToModel(root, constraints, { format: FORMAT, id: slug(name), name });
}

function parseGroupHeader(line: Line): TreeGroup {
  const t = line.toks;
  const word = t[0]!;
  const kinds = ['mandatory', 'optional', 'or', 'alternative'] as const;
  const kind = kinds.find((k) => k === word.s);
  if (kind && word.k === 'id' && t.length === 1) return { kind, line: line.no, children: [] };
  if (word.s === '[') {
    const n = (k: number): number | undefined => (t[k]?.k === 'num' ? Number(t[k]!.s) : undefined);
    const min = n(1);
    if (min !== undefined && t[2]?.s === ']' && t.length === 3) {
      return { kind: 'cardinality', min, max: min, line: line.no, children: [] };
    }
    const max = t[3]?.s === '*' ? Infinity : n(3);
    if (
      min !== undefined &&
      t[2]?.s === '..' &&
      max !== undefined &&
      t[4]?.s === ']' &&
      t.length === 5
    ) {
      return { kind: 'cardinality', min, max, line: line.no, children: [] };
    }
  }
  throw new ImportError(
    FORMAT,
    line.no,
    'expected a group: mandatory, optional, or, alternative or [n..m]',
    word.col,
  );
}

function parseAttributes(
  toks: Tok[],
  start: number,
  no: number,
): { attrs: Record<string, number>; abstract: boolean; next: number } {
  const attrs: Record<string, number> = {};
  let abstract = false;
  let i = start + 1;
  const skipValue = (): void => {
    // Nested values ({…} or […]) are skipped as a whole.
    const open = toks[i]!.s;
    const close = open === '{' ? '}' : ']';
    let depth = 0;
    for (; i < toks.length; i++) {
      if (toks[i]!.k !== 'op') continue;
      if (toks[i]!.s === open) depth++;
      else if (toks[i]!.s === close && --depth === 0) {
        i++;
        return;
      }
    }
    throw new ImportError(FORMAT, no, `unclosed "${open}"`);
  };
  while (i < toks.length && toks[i]!.s !== '}') {
    const key = toks[i++]!;
    if (key.k !== 'id' && key.k !== 'str')
      throw new ImportError(FORMAT, no, 'expected an attribute name', key.col);
    const value = toks[i];
    if (key.s === 'constraint' || key.s === 'constraints') {
      throw new ImportError(FORMAT, no, 'attribute constraints are not supported', key.col);
    }
    if (value && value.s !== ',' && value.s !== '}') {
      if (value.k === 'op' && (value.s === '{' || value.s === '[')) skipValue();
      else {
        i++;
        if (value.k === 'num') attrs[key.s] = Number(value.s);
        if (key.s === 'abstract' && value.s === 'true') abstract = true;
      }
    } else if (key.s === 'abstract') abstract = true;
    if (toks[i]?.s === ',') i++;
  }
  if (toks[i]?.s !== '}') throw new ImportError(FORMAT, no, 'expected "}"');
  return { attrs, abstract, next: i + 1 };
}

function parseFormula(line: Line): Formula {
  const t = line.toks;
  let i = 0;
  const err = (what: string): never => {
    const tok = t[i];
    throw new ImportError(
      FORMAT,
      line.no,
      tok ? `${what}, found "${tok.s}"` : `${what} at end of line`,
      tok?.col,
    );
  };
  // Parentheses, `!` and chained `=>` recurse: refuse nesting deeper than MAX_FORMULA_DEPTH.
  let depth = 0;
  const nested = (parse: () => Formula): Formula => {
    if (depth >= MAX_FORMULA_DEPTH)
      err(`the constraint nests deeper than ${MAX_FORMULA_DEPTH} levels`);
    depth++;
    const f = parse();
    depth--;
    return f;
  };
  const iff = (): Formula => {
    let l = imp();
    while (t[i]?.s === '<=>') {
      i++;
      l = { t: 'iff', l, r: imp() };
    }
    return l;
  };
  const imp = (): Formula => {
    const l = or();
    if (t[i]?.s === '=>') {
      i++;
      return { t: 'imp', l, r: nested(imp) };
    }
    return l;
  };
  const or = (): Formula => {
    const es = [and()];
    while (t[i]?.s === '|') {
      i++;
      es.push(and());
    }
    return es.length === 1 ? es[0]! : { t: 'or', es };
  };
  const and = (): Formula => {
    const es = [not()];
    while (t[i]?.s === '&') {
      i++;
      es.push(not());
    }
    return es.length === 1 ? es[0]! : { t: 'and', es };
  };
  const not = (): Formula => {
    if (t[i]?.s === '!') {
      i++;
      return { t: 'not', e: nested(not) };
    }
    const tok = t[i];
    if (tok?.s === '(') {
      i++;
      const e = nested(iff);
      if (t[i]?.s !== ')') err('expected ")"');
      i++;
      return e;
    }
    if (tok?.k === 'id') {
      i++;
      if (tok.s === 'true' || tok.s === 'false') return { t: 'const', v: tok.s === 'true' };
      return { t: 'var', id: tok.s };
    }
    return err('expected a feature name, "!" or "("');
  };
  const f = iff();
  if (i < t.length) err('expected an operator (& | => <=>)');
  return f;
}
