// Product model → DIMACS CNF, for reference solvers. Boolean features and 2-value features are
// one variable (named `c <id> <feature>`; for a 2-value enum/int the variable means the second
// value); larger domains one variable per value (`c <id> <feature>=<value>`). Auxiliary variables
// of the encoding (Tseitin, ladders, rows of tables, pseudo-Boolean constraints turned into
// clauses by a decision diagram) are left unnamed: projected on the named variables, the models
// of the CNF are exactly the valid configurations.
import type { ProductModel } from '../model/types.ts';
import { buildIR, ModelError } from '../compile/ir.ts';
import { encode } from '../sat/encode.ts';
import { toDimacs } from '../sat/solver.ts';

export class ExportError extends Error {
  constructor(
    readonly format: string,
    readonly detail: string,
  ) {
    super(`${format} export: ${detail}`);
    this.name = 'ExportError';
  }
}

/** Largest number of diagram nodes used to turn one linear constraint into clauses. */
const PB_NODE_LIMIT = 200_000;

export function exportDimacs(model: ProductModel): string {
  const { ir, issues } = buildIR(model);
  if (issues.some((i) => i.severity === 'error')) throw new ModelError(issues);
  const enc = encode(ir, { record: true });
  let nVars = enc.solver.numVars;
  const clauses = enc.clauses.map((c) => [...c]);
  for (const pb of enc.pbs) {
    nVars = pbToClauses(pb.lits, pb.coefs, pb.bound, nVars, clauses);
  }
  const names: string[] = [];
  ir.features.forEach((f, i) => {
    const o = enc.offset[i]!;
    if (f.values.length <= 2) {
      names[enc.slotLit[o + f.values.length - 1]! >> 1] = f.id;
      return;
    }
    f.values.forEach((v, k) => (names[enc.slotLit[o + k]! >> 1] = `${f.id}=${String(v)}`));
  });
  const lines: string[] = [];
  names.forEach((name, v) => lines.push(`c ${v + 1} ${name.replace(/\s/g, '_')}`));
  lines.push(`p cnf ${nVars} ${clauses.length}`);
  for (const c of clauses) lines.push(`${c.map(toDimacs).join(' ')} 0`);
  return `${lines.join('\n')}\n`;
}

/**
 * Clauses for Σ coefs·lits ≤ bound through a decision diagram over the literals in order:
 * node (i, k) = "the literals from i on weigh at most k"; returns the new variable count.
 */
function pbToClauses(
  lits: number[],
  coefs: number[],
  bound: number,
  nVarsIn: number,
  out: number[][],
): number {
  let nVars = nVarsIn;
  const n = lits.length;
  const suffix = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + coefs[i]!;
  const memo = new Map<string, number>(); // node → literal; -1 true, -2 false
  const node = (i: number, k: number): number => {
    if (k < 0) return -2;
    if (suffix[i]! <= k) return -1;
    const key = `${i}:${k}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    if (memo.size >= PB_NODE_LIMIT)
      throw new ExportError('dimacs', 'a linear constraint is too large to write as clauses');
    const x = nVars++ << 1;
    memo.set(key, x);
    const take = node(i + 1, k - coefs[i]!);
    const skip = node(i + 1, k);
    // x → (lit_i → take) and x → skip
    if (take === -2) out.push([x ^ 1, lits[i]! ^ 1]);
    else if (take !== -1) out.push([x ^ 1, lits[i]! ^ 1, take]);
    if (skip === -2) out.push([x ^ 1]);
    else if (skip !== -1) out.push([x ^ 1, skip]);
    return x;
  };
  const root = node(0, bound);
  if (root === -2) out.push([]);
  else if (root !== -1) out.push([root]);
  return nVars;
}
