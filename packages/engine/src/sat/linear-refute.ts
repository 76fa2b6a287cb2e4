// Refutes sets of linear rules by bounds alone, for the satisfiability proof at compile.
// CDCL with clause learning cannot refute "Σ x ≤ 900 ∧ Σ x ≥ 901" over 30 integer features in
// any reasonable time (it has to enumerate partial sums), but the sum of the two constraints,
// 0 ≤ -1, is immediate. Every top-level linear constraint of a rule is written Σ a_f[v] ≤ c
// (strict or not); one rule is refuted when even the smallest left-hand side breaks its bound,
// a pair when the smallest left-hand side of their sum (a valid consequence of both) does.
// Features are independent here (other rules are ignored), so the minimum is a sum of
// per-feature minima: exact for one constraint, sound for a pair.
import type { IR, IRExpr, IRTerm } from '../compile/ir.ts';

interface Le {
  rule: number;
  /** Feature → weight per value index. */
  w: Map<number, number[]>;
  c: number;
  strict: boolean;
}

/** Linear constraints of more rules than this are not paired (quadratic work). */
const MAX_PAIRED = 400;

function leOf(rule: number, terms: IRTerm[], sign: 1 | -1, c: number, strict: boolean): Le {
  const w = new Map<number, number[]>();
  for (const t of terms)
    w.set(
      t.f,
      t.w.map((x) => sign * x),
    );
  return { rule, w, c: sign * c, strict };
}

/** The linear constraints that must hold for rule `rule` to hold (conjuncts only). */
function collect(rule: number, e: IRExpr, negated: boolean, out: Le[]): void {
  if (e.k === 'not') return collect(rule, e.a, !negated, out);
  if (e.k === 'and' && !negated) {
    for (const a of e.args) collect(rule, a, false, out);
    return;
  }
  if (e.k === 'or' && negated) {
    for (const a of e.args) collect(rule, a, true, out);
    return;
  }
  if (e.k !== 'lin') return;
  const ops = { '<=': '>', '>': '<=', '<': '>=', '>=': '<', '=': '!=', '!=': '=' } as const;
  const op = negated ? ops[e.op] : e.op;
  if (op === '<=' || op === '<' || op === '=') out.push(leOf(rule, e.terms, 1, e.rhs, op === '<'));
  if (op === '>=' || op === '>' || op === '=') out.push(leOf(rule, e.terms, -1, e.rhs, op === '>'));
}

function breaks(min: number, c: number, strict: boolean): boolean {
  return strict ? min >= c : min > c;
}

function minOf(ws: number[]): number {
  let m = Infinity;
  for (const x of ws) if (x < m) m = x;
  return m;
}

/**
 * Rule indices (one or two) whose linear constraints alone admit no product, or null when
 * bounds do not refute any single rule or pair of rules.
 */
export function refuteLinear(ir: IR): number[] | null {
  const les: Le[] = [];
  ir.rules.forEach((r, i) => collect(i, r.expr, false, les));
  const mins = les.map((le) => {
    let s = 0;
    for (const ws of le.w.values()) s += minOf(ws);
    return s;
  });
  for (let i = 0; i < les.length; i++)
    if (breaks(mins[i]!, les[i]!.c, les[i]!.strict)) return [les[i]!.rule];
  if (les.length > MAX_PAIRED) return null;
  for (let i = 0; i < les.length; i++) {
    const a = les[i]!;
    for (let j = i + 1; j < les.length; j++) {
      const b = les[j]!;
      let s = 0;
      for (const [f, wa] of a.w) {
        const wb = b.w.get(f);
        s += wb ? minOf(wa.map((x, v) => x + wb[v]!)) : minOf(wa);
      }
      for (const [f, wb] of b.w) if (!a.w.has(f)) s += minOf(wb);
      if (breaks(s, a.c + b.c, a.strict || b.strict))
        return a.rule === b.rule ? [a.rule] : [a.rule, b.rule].sort((x, y) => x - y);
    }
  }
  return null;
}
