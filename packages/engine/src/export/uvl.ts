// Product model → UVL. Boolean features become optional features under an abstract root;
// an enumeration becomes a feature with an `alternative` group of one child per option (named
// `"<feature>: <option>"`); rules become UVL constraints (tables expanded into formulas).
// Integer features and linear constraints (sums, counts, comparisons) have no counterpart in
// UVL's boolean core and are refused with an `ExportError`.
import type { ProductModel } from '../model/types.ts';
import { buildIR, ModelError, type IR, type IRExpr } from '../compile/ir.ts';
import { ExportError } from './dimacs.ts';

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set([
  'features',
  'constraints',
  'namespace',
  'mandatory',
  'optional',
  'or',
  'alternative',
  'true',
  'false',
]);

function quote(name: string): string {
  if (PLAIN.test(name) && !KEYWORDS.has(name)) return name;
  if (name.includes('"'))
    throw new ExportError('uvl', `feature name ${name} contains a double quote`);
  return `"${name}"`;
}

export function exportUvl(model: ProductModel): string {
  const { ir, issues } = buildIR(model);
  if (issues.some((i) => i.severity === 'error')) throw new ModelError(issues);
  const rootName = model.name || model.id;
  const taken = new Set(ir.features.map((f) => f.id));
  let root = rootName;
  while (taken.has(root)) root = `${root}_root`;
  const lines = [`namespace ${quote(model.id)}`, '', 'features', `\t${quote(root)} {abstract}`];
  const mandatory: string[] = [];
  const optional: string[] = [];
  const atomName = (f: number, v: number): string => {
    const feat = ir.features[f]!;
    return `${feat.id}: ${String(feat.values[v])}`;
  };
  for (const f of ir.features) {
    if (f.kind === 'int')
      throw new ExportError('uvl', `integer feature ${f.id} has no UVL counterpart`);
    if (f.kind === 'bool') optional.push(`\t\t\t${quote(f.id)}`);
    else {
      mandatory.push(`\t\t\t${quote(f.id)} {abstract}`, '\t\t\t\talternative');
      f.values.forEach((_, v) =>
        mandatory.push(`\t\t\t\t\t${quote(atomName(ir.featureIndex.get(f.id)!, v))}`),
      );
    }
  }
  if (mandatory.length) lines.push('\t\tmandatory', ...mandatory);
  if (optional.length) lines.push('\t\toptional', ...optional);
  const constraints = ir.rules.map((r) => formula(ir, r.expr, atomName, r.id));
  if (constraints.length) lines.push('', 'constraints', ...constraints.map((c) => `\t${c}`));
  return `${lines.join('\n')}\n`;
}

function formula(
  ir: IR,
  e: IRExpr,
  atomName: (f: number, v: number) => string,
  rule: string,
): string {
  const rec = (x: IRExpr): string => {
    switch (x.k) {
      case 'const':
        return x.v ? 'true' : 'false';
      case 'in': {
        const feat = ir.features[x.f]!;
        const lit = (v: number): string =>
          feat.kind === 'bool'
            ? v === 1
              ? quote(feat.id)
              : `!${quote(feat.id)}`
            : quote(atomName(x.f, v));
        if (x.vals.length === 0) return 'false';
        return x.vals.length === 1 ? lit(x.vals[0]!) : `(${x.vals.map(lit).join(' | ')})`;
      }
      case 'not':
        return `!${rec(x.a)}`;
      case 'and':
        return x.args.length ? `(${x.args.map(rec).join(' & ')})` : 'true';
      case 'or':
        return x.args.length ? `(${x.args.map(rec).join(' | ')})` : 'false';
      case 'imp':
        return `(${rec(x.a)} => ${rec(x.b)})`;
      case 'iff':
        return `(${rec(x.a)} <=> ${rec(x.b)})`;
      case 'lin':
        throw new ExportError(
          'uvl',
          `rule ${rule} is a linear constraint, which UVL cannot express`,
        );
      case 'table': {
        const n = x.fs.length;
        const rows: string[] = [];
        for (let r = 0; r < x.rows.length / n; r++) {
          const cells: string[] = [];
          for (let j = 0; j < n; j++) {
            const v = x.rows[r * n + j]!;
            if (v >= 0) cells.push(rec({ k: 'in', f: x.fs[j]!, vals: [v] }));
          }
          rows.push(cells.length ? `(${cells.join(' & ')})` : 'true');
        }
        if (x.allow) return rows.length ? `(${rows.join(' | ')})` : 'false';
        return rows.length ? `(${rows.map((r) => `!${r}`).join(' & ')})` : 'true';
      }
    }
  };
  const text = rec(e);
  return text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))
    ? text.slice(1, -1)
    : text;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')' && --d < 0) return false;
  }
  return d === 0;
}
