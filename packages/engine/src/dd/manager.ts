// A reduced ordered multi-valued decision diagram (MDD) manager held in typed arrays.
//
// Why multi-valued: each level is one feature and a node has one child per value of that
// feature. This is the finite-domain generalization of a BDD (a log-encoded BDD whose bit
// blocks are contracted); it needs no "invalid encoding" constraints, keeps diagrams smaller
// than one-hot or log encodings of the same order, and makes every configuration query a
// single pass over levels (valid domains, counts, ranges, explanations).
//
// Storage: node `n` has `lvl[n]` and its children at `kids[start[n] .. start[n] + dom[lvl[n]])`.
// Nodes 0 (false) and 1 (true) are terminals at level `nlevels`. A node is created only
// through `mk`, which reduces (all children equal → that child) and hash-conses through an
// open-addressing unique table, so equal functions are equal node ids. Binary operations use a
// direct-mapped, lossy operation cache. `gc(roots)` compacts away unreachable nodes.

export const FALSE = 0;
export const TRUE = 1;

const OP_AND = 1;
const OP_OR = 2;
const OP_XOR = 3;
const OP_NOT = 4;

export class NodeBudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`decision diagram exceeded ${budget} nodes`);
    this.name = 'NodeBudgetExceeded';
  }
}

/** Thrown by a manager given a deadline once the clock passes it (see `MddManager`). */
export class TimeBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`decision diagram not built within ${Math.round(budgetMs)} ms`);
    this.name = 'TimeBudgetExceeded';
  }
}

/** `mk` calls between two looks at the clock: cheap, and well under a millisecond of work. */
const CLOCK_EVERY = 0xffff;

function clock(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export class MddManager {
  /** Domain size of each level. */
  readonly dom: Int32Array;
  readonly nlevels: number;
  lvl: Int32Array;
  start: Int32Array;
  kids: Int32Array;
  /** Number of nodes (including the two terminals). */
  size = 2;
  private kidsUsed = 0;
  private table: Int32Array;
  private tableMask: number;
  private cacheKey: Int32Array;
  private cacheRes: Int32Array;
  private readonly cacheMask: number;
  /** `mk` calls so far; every operation that does work ends in `mk`, so this paces the clock. */
  private steps = 0;
  private readonly deadline: number;

  /**
   * `budget`: most nodes alive (NodeBudgetExceeded past it). `timeBudgetMs`: most milliseconds
   * of work from now (TimeBudgetExceeded past it), for callers that would rather fall back to
   * another backend than wait; garbage collection can keep the node count under the budget
   * while the work still grows.
   */
  constructor(
    dom: ArrayLike<number>,
    readonly budget = Infinity,
    readonly timeBudgetMs = Infinity,
  ) {
    this.deadline = clock() + timeBudgetMs;
    this.dom = Int32Array.from(dom);
    this.nlevels = this.dom.length;
    this.lvl = new Int32Array(1 << 12);
    this.start = new Int32Array(1 << 12);
    this.kids = new Int32Array(1 << 14);
    this.lvl[0] = this.nlevels;
    this.lvl[1] = this.nlevels;
    this.table = new Int32Array(1 << 14);
    this.tableMask = this.table.length - 1;
    const cacheSize = 1 << 18;
    this.cacheMask = cacheSize - 1;
    this.cacheKey = new Int32Array(cacheSize * 3).fill(-1);
    this.cacheRes = new Int32Array(cacheSize);
  }

  level(n: number): number {
    return this.lvl[n]!;
  }

  child(n: number, v: number): number {
    return this.kids[this.start[n]! + v]!;
  }

  private hash(level: number, k: Int32Array | number[], d: number): number {
    let h = Math.imul(level + 1, 0x9e3779b1);
    for (let i = 0; i < d; i++) h = Math.imul(h ^ k[i]!, 0x85ebca6b) ^ (h >>> 13);
    return (h ^ (h >>> 16)) & this.tableMask;
  }

  /** The node with children `k` at `level` (reduced, hash-consed). */
  mk(level: number, k: Int32Array | number[]): number {
    if ((++this.steps & CLOCK_EVERY) === 0 && clock() > this.deadline)
      throw new TimeBudgetExceeded(this.timeBudgetMs);
    const d = this.dom[level]!;
    const first = k[0]!;
    let same = true;
    for (let i = 1; i < d; i++)
      if (k[i] !== first) {
        same = false;
        break;
      }
    if (same) return first;
    let h = this.hash(level, k, d);
    const { table, lvl, start, kids } = this;
    while (true) {
      const e = table[h]!;
      if (e === 0) break;
      const n = e - 1;
      if (lvl[n] === level) {
        const s = start[n]!;
        let eq = true;
        for (let i = 0; i < d; i++)
          if (kids[s + i] !== k[i]) {
            eq = false;
            break;
          }
        if (eq) return n;
      }
      h = (h + 1) & this.tableMask;
    }
    const n = this.size;
    if (n >= this.budget) throw new NodeBudgetExceeded(this.budget);
    if (n >= this.lvl.length) {
      this.lvl = grow(this.lvl, this.lvl.length * 2);
      this.start = grow(this.start, this.start.length * 2);
    }
    if (this.kidsUsed + d > this.kids.length)
      this.kids = grow(this.kids, Math.max(this.kids.length * 2, this.kidsUsed + d));
    this.lvl[n] = level;
    this.start[n] = this.kidsUsed;
    for (let i = 0; i < d; i++) this.kids[this.kidsUsed + i] = k[i]!;
    this.kidsUsed += d;
    this.size++;
    this.table[h] = n + 1;
    if (this.size * 2 > this.table.length) this.rehash(this.table.length * 2);
    return n;
  }

  private rehash(cap: number): void {
    this.table = new Int32Array(cap);
    this.tableMask = cap - 1;
    for (let n = 2; n < this.size; n++) {
      const l = this.lvl[n]!;
      let h = this.hash(
        l,
        this.kids.subarray(this.start[n]!, this.start[n]! + this.dom[l]!),
        this.dom[l]!,
      );
      while (this.table[h] !== 0) h = (h + 1) & this.tableMask;
      this.table[h] = n + 1;
    }
  }

  private cacheGet(op: number, a: number, b: number): number {
    const slot =
      ((Math.imul(a, 0x9e3779b1) ^ Math.imul(b + op, 0x85ebca6b)) >>> 0) & this.cacheMask;
    const j = slot * 3;
    const ck = this.cacheKey;
    if (ck[j] === op && ck[j + 1] === a && ck[j + 2] === b) return this.cacheRes[slot]!;
    return -1;
  }

  private cachePut(op: number, a: number, b: number, r: number): void {
    const slot =
      ((Math.imul(a, 0x9e3779b1) ^ Math.imul(b + op, 0x85ebca6b)) >>> 0) & this.cacheMask;
    const j = slot * 3;
    this.cacheKey[j] = op;
    this.cacheKey[j + 1] = a;
    this.cacheKey[j + 2] = b;
    this.cacheRes[slot] = r;
  }

  /** The atom "the feature at `level` takes one of `vals`". */
  atom(level: number, vals: Iterable<number>): number {
    const k = new Int32Array(this.dom[level]!);
    for (const v of vals) k[v] = TRUE;
    return this.mk(level, k);
  }

  not(a: number): number {
    if (a === FALSE) return TRUE;
    if (a === TRUE) return FALSE;
    const c = this.cacheGet(OP_NOT, a, 0);
    if (c >= 0) return c;
    const l = this.lvl[a]!;
    const d = this.dom[l]!;
    const s = this.start[a]!;
    const local = new Int32Array(d);
    for (let i = 0; i < d; i++) local[i] = this.not(this.kids[s + i]!);
    const r = this.mk(l, local);
    this.cachePut(OP_NOT, a, 0, r);
    return r;
  }

  and(a: number, b: number): number {
    return this.apply(OP_AND, a, b);
  }
  or(a: number, b: number): number {
    return this.apply(OP_OR, a, b);
  }
  xor(a: number, b: number): number {
    return this.apply(OP_XOR, a, b);
  }
  imp(a: number, b: number): number {
    return this.or(this.not(a), b);
  }
  iff(a: number, b: number): number {
    return this.not(this.xor(a, b));
  }

  private apply(op: number, a: number, b: number): number {
    if (op === OP_AND) {
      if (a === FALSE || b === FALSE) return FALSE;
      if (a === TRUE) return b;
      if (b === TRUE || a === b) return a;
    } else if (op === OP_OR) {
      if (a === TRUE || b === TRUE) return TRUE;
      if (a === FALSE) return b;
      if (b === FALSE || a === b) return a;
    } else {
      if (a === b) return FALSE;
      if (a === FALSE) return b;
      if (b === FALSE) return a;
      if (a === TRUE) return this.not(b);
      if (b === TRUE) return this.not(a);
    }
    if (a > b) {
      const t = a;
      a = b;
      b = t;
    }
    const c = this.cacheGet(op, a, b);
    if (c >= 0) return c;
    const la = this.lvl[a]!;
    const lb = this.lvl[b]!;
    const l = la < lb ? la : lb;
    const d = this.dom[l]!;
    const local = new Int32Array(d);
    const sa = this.start[a]!;
    const sb = this.start[b]!;
    for (let i = 0; i < d; i++) {
      const ca = la === l ? this.kids[sa + i]! : a;
      const cb = lb === l ? this.kids[sb + i]! : b;
      local[i] = this.apply(op, ca, cb);
    }
    const r = this.mk(l, local);
    this.cachePut(op, a, b, r);
    return r;
  }

  /**
   * Keeps only nodes reachable from `roots` and renumbers them; returns the new ids of the
   * roots (same order). Every other node id held by the caller becomes invalid.
   */
  gc(roots: number[]): number[] {
    const mark = new Uint8Array(this.size);
    mark[0] = 1;
    mark[1] = 1;
    const stack = roots.filter((r) => r > 1);
    for (const r of stack) mark[r] = 1;
    while (stack.length) {
      const n = stack.pop()!;
      const s = this.start[n]!;
      const d = this.dom[this.lvl[n]!]!;
      for (let i = 0; i < d; i++) {
        const c = this.kids[s + i]!;
        if (!mark[c]) {
          mark[c] = 1;
          stack.push(c);
        }
      }
    }
    const remap = new Int32Array(this.size);
    let m = 2;
    remap[1] = 1;
    for (let n = 2; n < this.size; n++) if (mark[n]) remap[n] = m++;
    const lvl = new Int32Array(Math.max(m * 2, 1 << 12));
    const start = new Int32Array(lvl.length);
    let used = 0;
    let kidsNeeded = 0;
    for (let n = 2; n < this.size; n++) if (mark[n]) kidsNeeded += this.dom[this.lvl[n]!]!;
    const kids = new Int32Array(Math.max(kidsNeeded * 2, 1 << 14));
    lvl[0] = this.nlevels;
    lvl[1] = this.nlevels;
    for (let n = 2; n < this.size; n++) {
      if (!mark[n]) continue;
      const nn = remap[n]!;
      const l = this.lvl[n]!;
      const d = this.dom[l]!;
      lvl[nn] = l;
      start[nn] = used;
      const s = this.start[n]!;
      for (let i = 0; i < d; i++) kids[used + i] = remap[this.kids[s + i]!]!;
      used += d;
    }
    this.lvl = lvl;
    this.start = start;
    this.kids = kids;
    this.kidsUsed = used;
    this.size = m;
    let cap = 1 << 14;
    while (cap < m * 2) cap *= 2;
    this.rehash(cap);
    this.cacheKey.fill(-1);
    return roots.map((r) => remap[r]!);
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
