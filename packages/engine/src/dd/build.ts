// Compiles IR constraints into MDDs of one manager: atoms and boolean connectives through
// `apply`; tables directly as a trie over their scope (no apply per row); linear constraints
// as a layered diagram of partial sums, cut off as soon as the remaining terms can no longer
// change the outcome (so its width is bounded by the distinct reachable sums within the bound).
import type { IRExpr, IRCmp } from '../compile/ir.ts';
import { FALSE, TRUE, type MddManager } from './manager.ts';

export class MddBuilder {
  constructor(
    readonly m: MddManager,
    /** `levelOf[feature]`. */
    readonly levelOf: Int32Array,
  ) {}

  build(e: IRExpr): number {
    const m = this.m;
    switch (e.k) {
      case 'const':
        return e.v ? TRUE : FALSE;
      case 'in':
        return m.atom(this.levelOf[e.f]!, e.vals);
      case 'not':
        return m.not(this.build(e.a));
      case 'and': {
        let r = TRUE;
        for (const a of e.args) {
          r = m.and(r, this.build(a));
          if (r === FALSE) break;
        }
        return r;
      }
      case 'or': {
        let r = FALSE;
        for (const a of e.args) {
          r = m.or(r, this.build(a));
          if (r === TRUE) break;
        }
        return r;
      }
      case 'imp':
        return m.imp(this.build(e.a), this.build(e.b));
      case 'iff':
        return m.iff(this.build(e.a), this.build(e.b));
      case 'lin':
        return this.linear(e);
      case 'table':
        return this.table(e);
    }
  }

  private table(e: Extract<IRExpr, { k: 'table' }>): number {
    const n = e.fs.length;
    // Scope positions sorted by level.
    const cols = Array.from({ length: n }, (_, j) => j).sort(
      (a, b) => this.levelOf[e.fs[a]!]! - this.levelOf[e.fs[b]!]!,
    );
    const nrows = n === 0 ? 0 : e.rows.length / n;
    const hit = e.allow ? TRUE : FALSE;
    const miss = e.allow ? FALSE : TRUE;
    const rec = (rows: Int32Array, j: number): number => {
      if (rows.length === 0) return miss;
      if (j === n) return hit;
      const col = cols[j]!;
      const level = this.levelOf[e.fs[col]!]!;
      const d = this.m.dom[level]!;
      const counts = new Int32Array(d + 1);
      for (let r = 0; r < rows.length; r++) {
        const v = e.rows[rows[r]! * n + col]!;
        counts[v < 0 ? d : v]!++;
      }
      const wild = counts[d]!;
      const wildRows = new Int32Array(wild);
      const buckets: Int32Array[] = [];
      const fill = new Int32Array(d);
      for (let v = 0; v < d; v++) buckets.push(new Int32Array(counts[v]! + wild));
      let w = 0;
      for (let r = 0; r < rows.length; r++) {
        const v = e.rows[rows[r]! * n + col]!;
        if (v < 0) wildRows[w++] = rows[r]!;
        else buckets[v]![fill[v]!++] = rows[r]!;
      }
      const kids = new Int32Array(d);
      let wildChild = -1;
      for (let v = 0; v < d; v++) {
        const b = buckets[v]!;
        if (counts[v] === 0 && wild > 0) {
          // Values only matched by wildcard rows share one child.
          if (wildChild < 0) wildChild = rec(wildRows, j + 1);
          kids[v] = wildChild;
          continue;
        }
        b.set(wildRows, counts[v]!);
        kids[v] = rec(b, j + 1);
      }
      return this.m.mk(level, kids);
    };
    return rec(
      Int32Array.from({ length: nrows }, (_, i) => i),
      0,
    );
  }

  private linear(e: Extract<IRExpr, { k: 'lin' }>): number {
    const terms = e.terms.slice().sort((a, b) => this.levelOf[a.f]! - this.levelOf[b.f]!);
    const n = terms.length;
    const minRest = new Float64Array(n + 1);
    const maxRest = new Float64Array(n + 1);
    for (let j = n - 1; j >= 0; j--) {
      minRest[j] = minRest[j + 1]! + Math.min(...terms[j]!.w);
      maxRest[j] = maxRest[j + 1]! + Math.max(...terms[j]!.w);
    }
    const memo: Array<Map<number, number>> = Array.from({ length: n + 1 }, () => new Map());
    const rec = (j: number, s: number): number => {
      const decided = decide(s + minRest[j]!, s + maxRest[j]!, e.op, e.rhs);
      if (decided !== null) return decided ? TRUE : FALSE;
      const cached = memo[j]!.get(s);
      if (cached !== undefined) return cached;
      const t = terms[j]!;
      const kids = new Int32Array(t.w.length);
      for (let v = 0; v < t.w.length; v++) kids[v] = rec(j + 1, s + t.w[v]!);
      const r = this.m.mk(this.levelOf[t.f]!, kids);
      memo[j]!.set(s, r);
      return r;
    };
    return rec(0, 0);
  }
}

/** The outcome of `x op rhs` for every x in [lo, hi], or null when it depends on x. */
function decide(lo: number, hi: number, op: IRCmp, rhs: number): boolean | null {
  switch (op) {
    case '<=':
      return hi <= rhs ? true : lo > rhs ? false : null;
    case '<':
      return hi < rhs ? true : lo >= rhs ? false : null;
    case '>=':
      return lo >= rhs ? true : hi < rhs ? false : null;
    case '>':
      return lo > rhs ? true : hi <= rhs ? false : null;
    case '=':
      return lo > rhs || hi < rhs ? false : lo === hi ? true : null;
    case '!=':
      return lo > rhs || hi < rhs ? true : lo === hi ? false : null;
  }
}

/** Helper used by compile: orders rules for conjunction (bottom of the order first). */
export function conjunctionOrder(scopeLevels: number[][]): number[] {
  const key = scopeLevels.map((ls) => (ls.length ? Math.max(...ls) : -1));
  const lo = scopeLevels.map((ls) => (ls.length ? Math.min(...ls) : -1));
  return scopeLevels.map((_, i) => i).sort((a, b) => key[b]! - key[a]! || lo[b]! - lo[a]! || a - b);
}
