// DIMACS CNF import: `c <id> <name>` comment lines name variables, `p cnf <vars> <clauses>`,
// then clauses of non-zero integers each ended by 0 (a clause may span lines). Every variable
// becomes a boolean feature and every clause a `clause` rule, so large models stay cheap.
import type { ProductModel, RuleDef } from '../model/types.ts';
import { ImportError } from './import-error.ts';
import { uniqueId } from './feature-tree.ts';

export interface Cnf {
  numVars: number;
  /** Clauses as DIMACS integers (±(var)), variables 1-based. */
  clauses: Int32Array[];
  /** Name of each variable by 1-based id (index 0 unused); undefined when unnamed. */
  names: Array<string | undefined>;
}

/** More variables than this is refused (one feature each; the largest known models have ~100k). */
export const MAX_DIMACS_VARIABLES = 1_000_000;

export function parseDimacs(text: string): Cnf {
  const names: Array<string | undefined> = [];
  const clauses: Int32Array[] = [];
  let numVars = -1;
  let declaredClauses = 0;
  let current: number[] = [];
  let lineNo = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    const first = line.trimStart()[0];
    if (first === undefined) continue;
    if (first === 'c') {
      const m = /^\s*c\s+(\d+)\s+(\S+)\s*$/.exec(line);
      if (m) names[Number(m[1])] = m[2];
      continue;
    }
    if (first === '%') break; // SATLIB files end with `%` then `0`
    if (first === 'p') {
      const m = /^\s*p\s+cnf\s+(\d+)\s+(\d+)\s*$/.exec(line);
      if (!m) throw new ImportError('dimacs', lineNo, 'expected "p cnf <variables> <clauses>"');
      if (numVars >= 0) throw new ImportError('dimacs', lineNo, 'second "p cnf" header');
      numVars = Number(m[1]);
      declaredClauses = Number(m[2]);
      if (numVars > MAX_DIMACS_VARIABLES)
        throw new ImportError(
          'dimacs',
          lineNo,
          `${m[1]} variables; at most ${MAX_DIMACS_VARIABLES} are supported`,
        );
      continue;
    }
    if (numVars < 0) throw new ImportError('dimacs', lineNo, 'clause before the "p cnf" header');
    let i = 0;
    const n = line.length;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      const start = i;
      let sign = 1;
      if (c === 45) {
        sign = -1;
        i++;
      }
      let v = 0;
      let digits = 0;
      while (i < n) {
        const d = line.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
        digits++;
        i++;
      }
      if (digits === 0 || (i < n && line.charCodeAt(i) > 32)) {
        throw new ImportError(
          'dimacs',
          lineNo,
          `expected a literal, found "${line.slice(start).split(/\s/)[0]}"`,
          start + 1,
        );
      }
      if (v === 0) {
        clauses.push(Int32Array.from(current));
        current = [];
      } else {
        if (v > numVars) {
          throw new ImportError(
            'dimacs',
            lineNo,
            `variable ${v} exceeds the declared ${numVars}`,
            start + 1,
          );
        }
        current.push(sign * v);
      }
    }
  }
  if (numVars < 0) throw new ImportError('dimacs', lineNo, 'missing "p cnf" header');
  if (current.length > 0) throw new ImportError('dimacs', lineNo, 'last clause is not ended by 0');
  if (clauses.length !== declaredClauses) {
    throw new ImportError(
      'dimacs',
      lineNo,
      `header declares ${declaredClauses} clauses, found ${clauses.length}`,
    );
  }
  names.length = Math.max(names.length, numVars + 1);
  return { numVars, clauses, names };
}

/** Feature id of each variable (1-based): its name as a valid unique id, or `x<id>` when unnamed. */
export function dimacsFeatureIds(cnf: Cnf): string[] {
  const ids: string[] = [''];
  const used = new Set<string>();
  for (let v = 1; v <= cnf.numVars; v++) ids.push(uniqueId(cnf.names[v] ?? `x${v}`, used));
  return ids;
}

export function cnfToModel(cnf: Cnf, meta: { id?: string; name?: string } = {}): ProductModel {
  const ids = dimacsFeatureIds(cnf);
  const rules: RuleDef[] = cnf.clauses.map((c, k) => ({
    id: `clause${k + 1}`,
    clause: Array.from(c, (l) => (l > 0 ? ids[l]! : `!${ids[-l]!}`)),
  }));
  return {
    id: meta.id ?? 'dimacs',
    name: meta.name ?? 'DIMACS model',
    currency: 'EUR',
    features: ids.slice(1).map((id, k) => {
      const name = cnf.names[k + 1];
      return name !== undefined && name !== id
        ? { id, type: 'bool' as const, label: name }
        : { id, type: 'bool' as const };
    }),
    rules,
  };
}

export function importDimacs(
  text: string,
  meta: { id?: string; name?: string } = {},
): ProductModel {
  return cnfToModel(parseDimacs(text), meta);
}
