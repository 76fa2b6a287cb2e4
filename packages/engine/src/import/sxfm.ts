// SPLOT SXFM import. The XML wrapper holds two line-based sections:
//   <feature_tree>: one feature per line, nesting by tab depth —
//     `:r name (id)` root, `:m`/`:o` mandatory/optional child, `:g (id) [min,max]` group,
//     `: name (id)` group member; a feature without `(id)` uses its name as id.
//   <constraints>: `cid: lit or lit …` CNF clauses over ids, `~` negates.
import type { ProductModel } from '../model/types.ts';
import { ImportError } from './import-error.ts';
import {
  treeToModel,
  type TreeConstraint,
  type TreeFeature,
  type TreeGroup,
} from './feature-tree.ts';

const FORMAT = 'sxfm';

interface Line {
  no: number;
  depth: number;
  text: string;
}

export function importSxfm(text: string): ProductModel {
  const lines = text.split(/\r?\n/);
  const modelName = /<feature_model\s+name\s*=\s*"([^"]*)"/.exec(text)?.[1];
  if (modelName === undefined)
    throw new ImportError(FORMAT, 1, 'expected <feature_model name="…">');
  const treeStart = lines.findIndex((l) => l.includes('<feature_tree>'));
  const treeEnd = lines.findIndex((l) => l.includes('</feature_tree>'));
  if (treeStart < 0) throw new ImportError(FORMAT, lines.length, 'missing <feature_tree>');
  if (treeEnd < treeStart) throw new ImportError(FORMAT, lines.length, 'missing </feature_tree>');

  const treeLines: Line[] = [];
  const firstInline = lines[treeStart]!.split('<feature_tree>')[1] ?? '';
  if (firstInline.trim())
    throw new ImportError(FORMAT, treeStart + 1, 'features must start on their own line');
  for (let i = treeStart + 1; i < treeEnd; i++) {
    const raw = lines[i]!;
    if (!raw.trim()) continue;
    const depth = /^[\t ]*/.exec(raw)![0].replace(/ {4}/g, '\t').replace(/ /g, '').length;
    treeLines.push({ no: i + 1, depth, text: raw.trim() });
  }
  const closingInline = lines[treeEnd]!.split('</feature_tree>')[0]!.trim();
  if (closingInline) treeLines.push({ no: treeEnd + 1, depth: 0, text: closingInline });
  if (treeLines.length === 0) throw new ImportError(FORMAT, treeStart + 1, 'empty feature tree');

  let pos = 0;
  const used = new Set<string>();
  const parseFeature = (expectRoot: boolean, expectMember: boolean): TreeFeature => {
    const line = treeLines[pos++]!;
    const m = /^:([rmo]?)\s*(.*)$/.exec(line.text);
    if (!m || m[1] === undefined)
      throw new ImportError(FORMAT, line.no, `expected a feature line, found "${line.text}"`);
    const kind = m[1];
    if (expectRoot && kind !== 'r')
      throw new ImportError(FORMAT, line.no, 'expected the root ":r name"');
    if (!expectRoot && kind === 'r') throw new ImportError(FORMAT, line.no, 'a second root');
    if (expectMember && kind === 'r')
      throw new ImportError(FORMAT, line.no, 'expected a group member ": name"');
    if (!expectMember && !expectRoot && kind === '') {
      throw new ImportError(FORMAT, line.no, 'a group member ": name" outside a group');
    }
    const named = nameAndId(m[2]!, line.no);
    const name = named.name;
    let id = named.id;
    // SPLOT files without explicit ids may repeat a name in two places: keep both features.
    if (used.has(id) && !named.explicit) id = `${id}@${line.no}`;
    used.add(id);
    const feature: TreeFeature = { id, line: line.no, groups: [] };
    if (name !== id) feature.label = name;
    const single: Record<'mandatory' | 'optional', TreeGroup | undefined> = {
      mandatory: undefined,
      optional: undefined,
    };
    while (pos < treeLines.length && treeLines[pos]!.depth > line.depth) {
      const child = treeLines[pos]!;
      if (child.depth !== line.depth + 1)
        throw new ImportError(FORMAT, child.no, 'indentation skips a level');
      if (child.text.startsWith(':g')) {
        pos++;
        const g = /^:g\s*(?:\([^)]*\))?\s*\[\s*(\d+)\s*,\s*(\d+|\*)\s*\]\s*$/.exec(child.text);
        if (!g) throw new ImportError(FORMAT, child.no, 'expected ":g [min,max]"');
        const min = Number(g[1]);
        const max = g[2] === '*' ? Infinity : Number(g[2]);
        const group: TreeGroup = {
          kind:
            min === 1 && max === 1
              ? 'alternative'
              : min === 1 && max === Infinity
                ? 'or'
                : 'cardinality',
          min,
          max,
          line: child.no,
          children: [],
        };
        while (pos < treeLines.length && treeLines[pos]!.depth > child.depth) {
          if (treeLines[pos]!.depth !== child.depth + 1) {
            throw new ImportError(FORMAT, treeLines[pos]!.no, 'indentation skips a level');
          }
          group.children.push(parseFeature(false, true));
        }
        feature.groups.push(group);
      } else {
        const kindOf = child.text.startsWith(':m')
          ? 'mandatory'
          : child.text.startsWith(':o')
            ? 'optional'
            : undefined;
        if (!kindOf)
          throw new ImportError(
            FORMAT,
            child.no,
            `expected ":m", ":o" or ":g", found "${child.text}"`,
          );
        let group = single[kindOf];
        if (!group) {
          group = single[kindOf] = { kind: kindOf, line: child.no, children: [] };
          feature.groups.push(group);
        }
        group.children.push(parseFeature(false, false));
      }
    }
    return feature;
  };
  const root = parseFeature(true, false);
  if (pos < treeLines.length) throw new ImportError(FORMAT, treeLines[pos]!.no, 'a second root');

  const constraints: TreeConstraint[] = [];
  const cStart = lines.findIndex((l) => l.includes('<constraints>'));
  if (cStart >= 0) {
    for (let i = cStart + 1; i < lines.length; i++) {
      const raw = lines[i]!;
      if (raw.includes('</constraints>')) break;
      const t = raw.trim();
      if (!t) continue;
      const m = /^([^:]+):(.*)$/.exec(t);
      if (!m) throw new ImportError(FORMAT, i + 1, 'expected "id: literal or literal …"');
      const lits = m[2]!.split(/\s+or\s+/i).map((s) => s.trim());
      if (lits.some((l) => !/^~?\S+$/.test(l)))
        throw new ImportError(FORMAT, i + 1, 'expected literals joined by "or"');
      constraints.push({
        id: m[1]!.trim(),
        line: i + 1,
        formula: {
          t: 'or',
          es: lits.map((l) =>
            l.startsWith('~') ? { t: 'not', e: { t: 'var', id: l.slice(1) } } : { t: 'var', id: l },
          ),
        },
      });
    }
  }
  return treeToModel(root, constraints, { format: FORMAT, id: slug(modelName), name: modelName });
}

function nameAndId(rest: string, line: number): { name: string; id: string; explicit: boolean } {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(rest);
  const name = (m ? m[1]! : rest).trim();
  const id = m ? m[2]!.trim() : name;
  if (!id) throw new ImportError(FORMAT, line, 'feature without a name');
  return { name: name || id, id, explicit: m !== null };
}

export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'model'
  );
}
