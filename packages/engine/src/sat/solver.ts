// A CDCL SAT solver in the style of MiniSat: two watched literals, first-UIP clause learning
// with recursive minimisation, VSIDS on a binary heap, phase saving, Luby restarts, LBD-based
// learned-clause reduction with arena compaction, and incremental solving under assumptions
// with a final conflict (the subset of assumptions that cannot hold together).
//
// Variables are integers 0..n-1. A literal is 2v (v true) or 2v+1 (v false); `lit ^ 1` negates.
// Clauses live in one Int32Array arena: [size, flags/lbd, lit0, lit1, …]; a clause reference is
// its offset. `propagate` allocates nothing.

/** Positive literal of variable `v`. */
export const pos = (v: number): number => v << 1;
/** Negative literal of variable `v`. */
export const neg = (v: number): number => (v << 1) | 1;
/** Variable of a literal. */
export const litVar = (lit: number): number => lit >> 1;
/** DIMACS integer (±(v+1)) to literal. */
export const fromDimacs = (d: number): number => (d > 0 ? (d - 1) << 1 : ((-d - 1) << 1) | 1);
/** Literal to DIMACS integer. */
export const toDimacs = (lit: number): number => (lit & 1 ? -((lit >> 1) + 1) : (lit >> 1) + 1);

const NO_REASON = -1;
const EMPTY = new Int32Array(0);
const LEARNT = 1;
const DELETED = 2;
const LBD_SHIFT = 2;

export interface SolverStats {
  conflicts: number;
  decisions: number;
  propagations: number;
  restarts: number;
  solves: number;
}

export interface SolveLimits {
  /** Give up (result `undefined`) after this many conflicts in this call. */
  conflicts?: number;
}

export class Solver {
  /** False once the clauses are unsatisfiable without any assumption. */
  okay = true;
  /** After a satisfiable `solve`: value per variable (1 true, 0 false). */
  model = new Uint8Array(0);
  /** After an unsatisfiable `solve` under assumptions: assumptions that cannot hold together. */
  conflict: number[] = [];
  readonly stats: SolverStats = {
    conflicts: 0,
    decisions: 0,
    propagations: 0,
    restarts: 0,
    solves: 0,
  };

  private nVars = 0;
  private cap = 0;
  // Per literal: 1 true, -1 false, 0 unassigned.
  private vals = new Int8Array(0);
  private level = new Int32Array(0);
  private reason = new Int32Array(0);
  private polarity = new Uint8Array(0); // saved phase: 1 = last value was false
  private seen = new Uint8Array(0);
  private activity = new Float64Array(0);
  private heap = new Int32Array(0);
  private heapIdx = new Int32Array(0);
  private heapSize = 0;
  private varInc = 1;
  private readonly varDecay = 0.95;

  private trail = new Int32Array(0);
  private trailLen = 0;
  private trailLim: number[] = [];
  private qhead = 0;

  private mem = new Int32Array(1 << 16);
  private memTop = 0;
  private wasted = 0;
  private clauses: number[] = [];
  private learnts: number[] = [];
  private watchBuf: Int32Array[] = [];
  private watchLen = new Int32Array(0);

  private maxLearnts = 0;
  private levelStamp = new Int32Array(0);
  private stampCounter = 0;
  private analyzeStack: number[] = [];
  private analyzeToClear: number[] = [];
  private learntBuf: number[] = [];
  private assumptions: number[] = [];
  private unitTag = new Int32Array(0);
  private factTags = new Map<number, number[]>();
  /** After `implied` returned null: tags of the clauses behind the conflict, or null if unknown. */
  conflictTags: number[] | null = null;

  // Pseudo-Boolean constraints Σ coef·lit ≤ bound (coefficients > 0, sorted descending), with
  // counters of the weight of literals already true; `pbHead` = trail prefix counted in them.
  private pbLits: Int32Array[] = [];
  private pbCoefs: Float64Array[] = [];
  private pbBound: number[] = [];
  private pbSum = new Float64Array(16);
  private pbLive: boolean[] = [];
  /** Per literal: flat pairs (constraint index, coefficient), or undefined. */
  private pbOcc: Array<number[] | undefined> = [];
  private pbHead = 0;
  private pbScratch: number[] = [];

  constructor(nVars = 0) {
    for (let i = 0; i < nVars; i++) this.newVar();
  }

  get numVars(): number {
    return this.nVars;
  }

  get numClauses(): number {
    return this.clauses.length;
  }

  get numLearnts(): number {
    return this.learnts.length;
  }

  newVar(): number {
    const v = this.nVars;
    if (v >= this.cap) this.grow(Math.max(16, this.cap * 2));
    this.nVars++;
    this.vals[2 * v] = 0;
    this.vals[2 * v + 1] = 0;
    this.level[v] = 0;
    this.reason[v] = NO_REASON;
    this.polarity[v] = 1;
    this.activity[v] = 0;
    this.heapIdx[v] = -1;
    this.unitTag[v] = -2;
    this.watchBuf[2 * v] = EMPTY;
    this.watchBuf[2 * v + 1] = EMPTY;
    this.watchLen[2 * v] = 0;
    this.watchLen[2 * v + 1] = 0;
    this.heapInsert(v);
    return v;
  }

  /** Preferred value of `v` when the solver decides it (it keeps the last value otherwise). */
  setPhase(v: number, value: boolean): void {
    this.polarity[v] = value ? 0 : 1;
  }

  /** Raises a variable's priority so the solver decides it early. */
  bumpActivity(v: number, amount = 1): void {
    this.activity[v] = this.activity[v]! + amount * this.varInc;
    if (this.heapIdx[v]! >= 0) this.heapUp(this.heapIdx[v]!);
  }

  /** Value fixed without any assumption: 1 true, -1 false, 0 open. */
  fixed(lit: number): number {
    // Between solves the solver sits at level 0, so every assigned literal is fixed.
    return this.level[lit >> 1] === 0 ? this.vals[lit]! : 0;
  }

  /**
   * Adds a clause (only between solves). Returns false when the formula became unsatisfiable.
   * `tag` (≥ 0, e.g. a rule index) is reported by `implied` when the clause takes part in a
   * propagation conflict; -1 marks a clause of no rule, -2 one of unknown origin.
   */
  addClause(input: ArrayLike<number>, tag = -1): boolean {
    if (!this.okay) return false;
    this.cancelUntil(0);
    const lits = Array.from(input).sort((a, b) => a - b);
    let j = 0;
    let prev = -1;
    for (let i = 0; i < lits.length; i++) {
      const l = lits[i]!;
      if (l >> 1 >= this.nVars) throw new RangeError(`literal ${l} names an unknown variable`);
      const val = this.vals[l]!;
      if (val === 1 || l === (prev ^ 1)) return true; // satisfied or tautology
      if (val === -1 || l === prev) continue;
      lits[j++] = prev = l;
    }
    lits.length = j;
    if (j === 0) return (this.okay = false);
    if (j === 1) {
      this.enqueue(lits[0]!, NO_REASON);
      this.unitTag[lits[0]! >> 1] = tag;
      if (this.propagate() !== NO_REASON) this.okay = false;
      return this.okay;
    }
    // Original clauses keep their tag where learned clauses keep their LBD.
    this.clauses.push(this.allocClause(lits, false, tag + 2));
    return true;
  }

  /**
   * Adds a literal known to hold (implied by the clauses) with the tags of what implies it;
   * `implied` reports those tags when the fact takes part in a conflict.
   */
  addFact(lit: number, tags: number[]): void {
    if (!this.okay) return;
    this.cancelUntil(0);
    if (this.vals[lit] !== 0) return;
    this.enqueue(lit, NO_REASON);
    this.unitTag[lit >> 1] = -3;
    this.factTags.set(lit >> 1, tags);
    if (this.propagate() !== NO_REASON) this.okay = false;
  }

  /**
   * Adds Σ coefs[i]·lits[i] ≤ bound (coefficients ≥ 0, integers or exact doubles). Returns the
   * constraint's id for `removePb`, or -1 when it is trivially true. Sets `okay` false when it
   * cannot hold.
   */
  addPb(lits: ArrayLike<number>, coefs: ArrayLike<number>, bound: number): number {
    if (!this.okay) return -1;
    this.cancelUntil(0);
    const byLit = new Map<number, number>();
    let rhs = bound;
    for (let i = 0; i < lits.length; i++) {
      const l = lits[i]!;
      const c = coefs[i]!;
      if (c < 0) throw new RangeError('pseudo-Boolean coefficients must be non-negative');
      if (c === 0) continue;
      if (l >> 1 >= this.nVars) throw new RangeError(`literal ${l} names an unknown variable`);
      if (this.vals[l] === 1) rhs -= c;
      else if (this.vals[l] === 0) {
        const other = byLit.get(l ^ 1);
        if (other !== undefined) {
          // c·l + o·¬l = min(c,o) + |c-o|·(the larger one)
          const m = Math.min(c, other);
          rhs -= m;
          byLit.delete(l ^ 1);
          if (other > c) byLit.set(l ^ 1, other - c);
          else if (c > other) byLit.set(l, c - other);
        } else byLit.set(l, (byLit.get(l) ?? 0) + c);
      }
    }
    if (rhs < 0) {
      this.okay = false;
      return -1;
    }
    const entries = [...byLit].sort((a, b) => b[1] - a[1]);
    let total = 0;
    for (const [l, c] of entries) {
      if (c > rhs) {
        this.enqueue(l ^ 1, NO_REASON);
      } else total += c;
    }
    if (this.propagate() !== NO_REASON) {
      this.okay = false;
      return -1;
    }
    const kept = entries.filter(([, c]) => c <= rhs);
    if (total <= rhs || kept.length === 0) return -1;
    const id = this.pbLits.length;
    this.pbLits.push(Int32Array.from(kept, ([l]) => l));
    this.pbCoefs.push(Float64Array.from(kept, ([, c]) => c));
    this.pbBound.push(rhs);
    if (id >= this.pbSum.length) {
      const bigger = new Float64Array(this.pbSum.length * 2);
      bigger.set(this.pbSum);
      this.pbSum = bigger;
    }
    this.pbSum[id] = 0;
    this.pbLive.push(true);
    for (const [l, c] of kept) (this.pbOcc[l] ??= []).push(id, c);
    return id;
  }

  /**
   * Drops a pseudo-Boolean constraint. Clauses learned from it (and units `addPb` derived) stay,
   * so only drop constraints guarded by an activation literal that is then fixed false.
   */
  removePb(id: number): void {
    if (id < 0 || !this.pbLive[id]) return;
    this.cancelUntil(0);
    this.pbLive[id] = false;
    for (const l of this.pbLits[id]!) {
      const occ = this.pbOcc[l]!;
      let j = 0;
      for (let k = 0; k < occ.length; k += 2) {
        if (occ[k] !== id) {
          occ[j++] = occ[k]!;
          occ[j++] = occ[k + 1]!;
        }
      }
      occ.length = j;
    }
  }

  /** Removes clauses satisfied without assumptions (e.g. after disabling activation literals). */
  simplify(): void {
    if (!this.okay) return;
    this.cancelUntil(0);
    if (this.propagate() !== NO_REASON) {
      this.okay = false;
      return;
    }
    const satisfied = (cr: number): boolean => {
      const size = this.mem[cr]!;
      for (let k = 0; k < size; k++) if (this.vals[this.mem[cr + 2 + k]!] === 1) return true;
      return false;
    };
    const keep = (list: number[]): number[] =>
      list.filter((cr) => {
        if (!satisfied(cr) || this.locked(cr)) return true;
        this.wasted += this.mem[cr]! + 2;
        return false;
      });
    this.clauses = keep(this.clauses);
    this.learnts = keep(this.learnts);
    this.compact();
  }

  /**
   * Solves under assumptions. Returns true (model in `model`), false (unsatisfiable; `conflict`
   * holds a subset of the assumptions that cannot all hold, empty when the formula itself is
   * unsatisfiable) or undefined when a limit was reached.
   */
  solve(assumptions: ArrayLike<number> = [], limits: SolveLimits = {}): boolean | undefined {
    this.stats.solves++;
    this.conflict = [];
    if (!this.okay) return false;
    this.assumptions = Array.from(assumptions);
    for (const a of this.assumptions) {
      if (a >> 1 >= this.nVars) throw new RangeError(`assumption ${a} names an unknown variable`);
    }
    if (this.maxLearnts === 0) this.maxLearnts = Math.max(2000, this.clauses.length / 3);
    const budget = limits.conflicts ?? Infinity;
    const startConflicts = this.stats.conflicts;
    let status: boolean | undefined = undefined;
    for (let restart = 0; status === undefined; restart++) {
      const left = budget - (this.stats.conflicts - startConflicts);
      if (left <= 0) break;
      const nof = Math.min(luby(2, restart) * 100, left);
      status = this.search(nof);
      this.stats.restarts++;
    }
    if (status === true) {
      if (this.model.length < this.nVars) this.model = new Uint8Array(this.cap);
      for (let v = 0; v < this.nVars; v++) this.model[v] = this.vals[2 * v] === 1 ? 1 : 0;
    }
    this.cancelUntil(0);
    return status;
  }

  /** Value of a literal in the last model. */
  modelValue(lit: number): boolean {
    return (this.model[lit >> 1] === 1) !== ((lit & 1) === 1);
  }

  /**
   * Literals implied by unit propagation from the assumptions (including them), or null when
   * propagation alone refutes them (then `conflict` holds the responsible assumptions).
   */
  implied(assumptions: ArrayLike<number>): number[] | null {
    this.conflict = [];
    this.conflictTags = null;
    if (!this.okay) return null;
    this.cancelUntil(0);
    for (let i = 0; i < assumptions.length; i++) {
      const a = assumptions[i]!;
      const val = this.vals[a]!;
      if (val === 1) continue;
      if (val === -1) {
        this.analyzeFinal(a ^ 1);
        this.conflictTags = this.tagsBehind([a ^ 1]);
        this.cancelUntil(0);
        return null;
      }
      this.trailLim.push(this.trailLen);
      this.enqueue(a, NO_REASON);
      const confl = this.propagate();
      if (confl !== NO_REASON) {
        // The last assumption conflicts with the earlier ones: the failed set is the
        // decisions reachable from the conflict.
        this.conflict = this.decisionsOfClause(confl);
        const size = this.mem[confl]!;
        const lits: number[] = [];
        for (let k = 0; k < size; k++) lits.push(this.mem[confl + 2 + k]! ^ 1);
        const tags = this.tagsBehind(lits);
        const own = this.tagOf(confl);
        this.conflictTags =
          tags && own !== null ? [...new Set([own, ...tags])].filter((t) => t >= 0) : null;
        this.cancelUntil(0);
        return null;
      }
    }
    const out: number[] = [];
    for (let i = 0; i < this.trailLen; i++) out.push(this.trail[i]!);
    this.cancelUntil(0);
    return out;
  }

  // ---------------------------------------------------------------- search

  private search(nofConflicts: number): boolean | undefined {
    let conflictC = 0;
    const learnt = this.learntBuf;
    for (;;) {
      const confl = this.propagate();
      if (confl !== NO_REASON) {
        this.stats.conflicts++;
        conflictC++;
        if (this.trailLim.length === 0) {
          this.okay = false;
          return false;
        }
        const btLevel = this.analyze(confl, learnt);
        this.cancelUntil(btLevel);
        if (learnt.length === 1) {
          this.enqueue(learnt[0]!, NO_REASON);
        } else {
          const lbd = this.computeLbd(learnt);
          const cr = this.allocClause(learnt, true, lbd);
          this.learnts.push(cr);
          this.enqueue(learnt[0]!, cr);
        }
        this.varInc /= this.varDecay;
      } else {
        if (conflictC >= nofConflicts) {
          this.cancelUntil(0);
          return undefined;
        }
        if (this.learnts.length - this.trailLen >= this.maxLearnts) this.reduceDb();
        let next = -1;
        while (this.trailLim.length < this.assumptions.length) {
          const p = this.assumptions[this.trailLim.length]!;
          const val = this.vals[p]!;
          if (val === 1) {
            this.trailLim.push(this.trailLen); // dummy level keeps levels aligned with assumptions
          } else if (val === -1) {
            this.analyzeFinal(p ^ 1);
            return false;
          } else {
            next = p;
            break;
          }
        }
        if (next === -1) {
          next = this.pickBranchLit();
          if (next === -1) return true;
          this.stats.decisions++;
        }
        this.trailLim.push(this.trailLen);
        this.enqueue(next, NO_REASON);
      }
    }
  }

  private pickBranchLit(): number {
    while (this.heapSize > 0) {
      const v = this.heapPop();
      if (this.vals[2 * v] === 0) return 2 * v + this.polarity[v]!;
    }
    return -1;
  }

  private enqueue(lit: number, from: number): void {
    const v = lit >> 1;
    this.vals[lit] = 1;
    this.vals[lit ^ 1] = -1;
    this.level[v] = this.trailLim.length;
    this.reason[v] = from;
    this.trail[this.trailLen++] = lit;
  }

  /** Unit propagation; returns the conflicting clause or NO_REASON. */
  private propagate(): number {
    // PB explanations allocate clauses and may move the arena: `mem` is re-read after them.
    let mem = this.mem;
    const vals = this.vals;
    let confl = NO_REASON;
    while (this.qhead < this.trailLen) {
      const p = this.trail[this.qhead++]!;
      const occ = this.pbOcc[p];
      this.pbHead = this.qhead;
      if (occ !== undefined && occ.length > 0) {
        confl = this.propagatePb(occ);
        mem = this.mem;
        if (confl !== NO_REASON) {
          this.qhead = this.trailLen;
          break;
        }
      }
      const falseLit = p ^ 1;
      const ws = this.watchBuf[p]!;
      const n = this.watchLen[p]!;
      let i = 0;
      let j = 0;
      this.stats.propagations++;
      while (i < n) {
        const cr = ws[i]!;
        const blocker = ws[i + 1]!;
        if (vals[blocker] === 1) {
          ws[j++] = cr;
          ws[j++] = blocker;
          i += 2;
          continue;
        }
        const base = cr + 2;
        if (mem[base] === falseLit) {
          mem[base] = mem[base + 1]!;
          mem[base + 1] = falseLit;
        }
        i += 2;
        const first = mem[base]!;
        if (first !== blocker && vals[first] === 1) {
          ws[j++] = cr;
          ws[j++] = first;
          continue;
        }
        const size = mem[cr]!;
        let found = false;
        for (let k = 2; k < size; k++) {
          const lk = mem[base + k]!;
          if (vals[lk] !== -1) {
            mem[base + 1] = lk;
            mem[base + k] = falseLit;
            this.watchPush(lk ^ 1, cr, first);
            found = true;
            break;
          }
        }
        if (found) continue;
        ws[j++] = cr;
        ws[j++] = first;
        if (vals[first] === -1) {
          confl = cr;
          this.qhead = this.trailLen;
          while (i < n) ws[j++] = ws[i++]!;
        } else {
          this.enqueue(first, cr);
        }
      }
      this.watchLen[p] = j;
    }
    return confl;
  }

  /** Counts a newly true literal in its PB constraints; propagates or returns a conflict clause. */
  private propagatePb(occ: number[]): number {
    for (let k = 0; k < occ.length; k += 2) {
      const id = occ[k]!;
      this.pbSum[id] = this.pbSum[id]! + occ[k + 1]!;
    }
    for (let k = 0; k < occ.length; k += 2) {
      const id = occ[k]!;
      const slack = this.pbBound[id]! - this.pbSum[id]!;
      const lits = this.pbLits[id]!;
      const coefs = this.pbCoefs[id]!;
      if (slack < 0) return this.pbClause(id, -1);
      for (let i = 0; i < lits.length && coefs[i]! > slack; i++) {
        const q = lits[i]!;
        if (this.vals[q] === 0) {
          const cr = this.pbClause(id, q);
          this.enqueue(q ^ 1, cr);
        }
      }
    }
    return NO_REASON;
  }

  /**
   * Clause implied by PB constraint `id`: the negations of its true literals, plus `¬q` first
   * when it explains propagating `¬q` (q = -1 for a conflict). Stored as a learned clause with
   * its two highest-level literals watched.
   */
  private pbClause(id: number, q: number): number {
    const out = this.pbScratch;
    out.length = 0;
    if (q >= 0) out.push(q ^ 1);
    for (const l of this.pbLits[id]!) if (this.vals[l] === 1) out.push(l ^ 1);
    const from = q >= 0 ? 1 : 0;
    for (let w = from; w < Math.min(out.length, 2); w++) {
      let best = w;
      for (let k = w + 1; k < out.length; k++) {
        if (this.level[out[k]! >> 1]! > this.level[out[best]! >> 1]!) best = k;
      }
      const t = out[w]!;
      out[w] = out[best]!;
      out[best] = t;
    }
    if (out.length === 1) out.push(out[0]!); // cannot happen for q ≥ 0 (see addPb); guards the arena layout
    const cr = this.allocClause(out, true, out.length);
    this.learnts.push(cr);
    return cr;
  }

  private watchPush(lit: number, cr: number, blocker: number): void {
    let ws = this.watchBuf[lit]!;
    const len = this.watchLen[lit]!;
    if (len + 2 > ws.length) {
      const bigger = new Int32Array(Math.max(4, ws.length * 2));
      bigger.set(ws);
      this.watchBuf[lit] = ws = bigger;
    }
    ws[len] = cr;
    ws[len + 1] = blocker;
    this.watchLen[lit] = len + 2;
  }

  /** First-UIP analysis; fills `out` (asserting literal first) and returns the backjump level. */
  private analyze(conflIn: number, out: number[]): number {
    const mem = this.mem;
    const seen = this.seen;
    out.length = 0;
    out.push(-1);
    let pathC = 0;
    let p = -1;
    let index = this.trailLen - 1;
    let confl = conflIn;
    const dl = this.trailLim.length;
    do {
      if (mem[confl + 1]! & LEARNT) this.refreshLbd(confl);
      const size = mem[confl]!;
      for (let k = p === -1 ? 0 : 1; k < size; k++) {
        const q = mem[confl + 2 + k]!;
        const v = q >> 1;
        if (!seen[v] && this.level[v]! > 0) {
          this.varBump(v);
          seen[v] = 1;
          if (this.level[v]! >= dl) pathC++;
          else out.push(q);
        }
      }
      while (!seen[this.trail[index--]! >> 1]);
      p = this.trail[index + 1]!;
      confl = this.reason[p >> 1]!;
      seen[p >> 1] = 0;
      pathC--;
    } while (pathC > 0);
    out[0] = p ^ 1;

    // Recursive minimisation: drop literals implied by the others.
    const toClear = this.analyzeToClear;
    toClear.length = 0;
    for (let k = 1; k < out.length; k++) toClear.push(out[k]!);
    let abstract = 0;
    for (let k = 1; k < out.length; k++) abstract |= 1 << (this.level[out[k]! >> 1]! & 31);
    let j = 1;
    for (let k = 1; k < out.length; k++) {
      const q = out[k]!;
      if (this.reason[q >> 1] === NO_REASON || !this.litRedundant(q, abstract)) out[j++] = q;
    }
    out.length = j;
    for (const q of toClear) seen[q >> 1] = 0;

    if (out.length === 1) return 0;
    let maxI = 1;
    for (let k = 2; k < out.length; k++) {
      if (this.level[out[k]! >> 1]! > this.level[out[maxI]! >> 1]!) maxI = k;
    }
    const tmp = out[maxI]!;
    out[maxI] = out[1]!;
    out[1] = tmp;
    return this.level[tmp >> 1]!;
  }

  private litRedundant(p: number, abstract: number): boolean {
    const stack = this.analyzeStack;
    const seen = this.seen;
    const mem = this.mem;
    stack.length = 0;
    stack.push(p);
    const top = this.analyzeToClear.length;
    while (stack.length > 0) {
      const q = stack.pop()!;
      const cr = this.reason[q >> 1]!;
      const size = mem[cr]!;
      for (let k = 1; k < size; k++) {
        const l = mem[cr + 2 + k]!;
        const v = l >> 1;
        if (!seen[v] && this.level[v]! > 0) {
          if (this.reason[v] !== NO_REASON && (abstract & (1 << (this.level[v]! & 31))) !== 0) {
            seen[v] = 1;
            stack.push(l);
            this.analyzeToClear.push(l);
          } else {
            for (let t = top; t < this.analyzeToClear.length; t++) {
              seen[this.analyzeToClear[t]! >> 1] = 0;
            }
            this.analyzeToClear.length = top;
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Sets `conflict` to the assumptions that imply the true literal `p` (plus `¬p`, the failed one). */
  private analyzeFinal(p: number): void {
    const out = [p ^ 1];
    const seen = this.seen;
    if (this.trailLim.length === 0) {
      this.conflict = out;
      return;
    }
    seen[p >> 1] = 1;
    const start = this.trailLim[0]!;
    for (let i = this.trailLen - 1; i >= start; i--) {
      const x = this.trail[i]!;
      const v = x >> 1;
      if (!seen[v]) continue;
      const r = this.reason[v]!;
      if (r === NO_REASON) {
        out.push(x);
      } else {
        const size = this.mem[r]!;
        for (let k = 1; k < size; k++) {
          const u = this.mem[r + 2 + k]! >> 1;
          if (this.level[u]! > 0) seen[u] = 1;
        }
      }
      seen[v] = 0;
    }
    seen[p >> 1] = 0;
    this.conflict = out;
  }

  /** Tag of a clause: ≥ 0 tagged, -1 untagged original, null learned (origin unknown). */
  private tagOf(cr: number): number | null {
    const flags = this.mem[cr + 1]!;
    if (flags & LEARNT) return null;
    const t = (flags >>> LBD_SHIFT) - 2;
    return t === -2 ? null : t;
  }

  /** Tags of every clause (and unit) the true literals `start` were derived from; null if a learned clause took part. */
  private tagsBehind(start: number[]): number[] | null {
    const tags = new Set<number>();
    const seenVar = new Set<number>();
    const stack = start.map((l) => l >> 1);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (seenVar.has(v)) continue;
      seenVar.add(v);
      const r = this.reason[v]!;
      if (r === NO_REASON) {
        if (this.level[v] !== 0) continue; // an assumption
        const t = this.unitTag[v]!;
        if (t === -2) return null;
        if (t === -3) for (const x of this.factTags.get(v)!) tags.add(x);
        if (t >= 0) tags.add(t);
        continue;
      }
      const t = this.tagOf(r);
      if (t === null) return null;
      if (t >= 0) tags.add(t);
      const size = this.mem[r]!;
      for (let k = 1; k < size; k++) stack.push(this.mem[r + 2 + k]! >> 1);
    }
    return [...tags];
  }

  /** Decision literals (assumptions during `implied`) that led to a conflicting clause. */
  private decisionsOfClause(confl: number): number[] {
    const seen = this.seen;
    const size = this.mem[confl]!;
    for (let k = 0; k < size; k++) {
      const u = this.mem[confl + 2 + k]! >> 1;
      if (this.level[u]! > 0) seen[u] = 1;
    }
    const out: number[] = [];
    const start = this.trailLim.length > 0 ? this.trailLim[0]! : this.trailLen;
    for (let i = this.trailLen - 1; i >= start; i--) {
      const x = this.trail[i]!;
      const v = x >> 1;
      if (!seen[v]) continue;
      const r = this.reason[v]!;
      if (r === NO_REASON) out.push(x);
      else {
        const rs = this.mem[r]!;
        for (let k = 1; k < rs; k++) {
          const u = this.mem[r + 2 + k]! >> 1;
          if (this.level[u]! > 0) seen[u] = 1;
        }
      }
      seen[v] = 0;
    }
    return out;
  }

  private cancelUntil(lvl: number): void {
    if (this.trailLim.length <= lvl) return;
    const stop = this.trailLim[lvl]!;
    for (let i = this.trailLen - 1; i >= stop; i--) {
      const lit = this.trail[i]!;
      const v = lit >> 1;
      if (i < this.pbHead) {
        const occ = this.pbOcc[lit];
        if (occ !== undefined) {
          for (let k = 0; k < occ.length; k += 2) {
            const id = occ[k]!;
            this.pbSum[id] = this.pbSum[id]! - occ[k + 1]!;
          }
        }
      }
      this.vals[lit] = 0;
      this.vals[lit ^ 1] = 0;
      this.reason[v] = NO_REASON;
      this.polarity[v] = lit & 1;
      if (this.heapIdx[v]! < 0) this.heapInsert(v);
    }
    this.trailLen = stop;
    this.qhead = stop;
    if (this.pbHead > stop) this.pbHead = stop;
    this.trailLim.length = lvl;
  }

  private computeLbd(lits: number[]): number {
    const stamp = ++this.stampCounter;
    let lbd = 0;
    for (const l of lits) {
      const lv = this.level[l >> 1]!;
      if (this.levelStamp[lv] !== stamp) {
        this.levelStamp[lv] = stamp;
        lbd++;
      }
    }
    return lbd;
  }

  private refreshLbd(cr: number): void {
    const old = this.mem[cr + 1]! >>> LBD_SHIFT;
    if (old <= 2) return;
    const stamp = ++this.stampCounter;
    let lbd = 0;
    const size = this.mem[cr]!;
    for (let k = 0; k < size; k++) {
      const lv = this.level[this.mem[cr + 2 + k]! >> 1]!;
      if (this.levelStamp[lv] !== stamp) {
        this.levelStamp[lv] = stamp;
        lbd++;
      }
    }
    if (lbd < old) this.mem[cr + 1] = (this.mem[cr + 1]! & 3) | (lbd << LBD_SHIFT);
  }

  // ---------------------------------------------------------------- clause database

  private allocClause(lits: ArrayLike<number>, learnt: boolean, lbd: number): number {
    const size = lits.length;
    if (this.memTop + size + 2 > this.mem.length) {
      const bigger = new Int32Array(Math.max(this.mem.length * 2, this.memTop + size + 2));
      bigger.set(this.mem.subarray(0, this.memTop));
      this.mem = bigger;
    }
    const cr = this.memTop;
    this.mem[cr] = size;
    this.mem[cr + 1] = (learnt ? LEARNT : 0) | (lbd << LBD_SHIFT);
    for (let k = 0; k < size; k++) this.mem[cr + 2 + k] = lits[k]!;
    this.memTop += size + 2;
    this.watchPush(lits[0]! ^ 1, cr, lits[1]!);
    this.watchPush(lits[1]! ^ 1, cr, lits[0]!);
    return cr;
  }

  private locked(cr: number): boolean {
    const first = this.mem[cr + 2]!;
    return this.vals[first] === 1 && this.reason[first >> 1] === cr;
  }

  /** Drops about half of the learned clauses (highest LBD first; keeps glue clauses). */
  private reduceDb(): void {
    const mem = this.mem;
    const lbdOf = (cr: number): number => mem[cr + 1]! >>> LBD_SHIFT;
    this.learnts.sort((a, b) => lbdOf(b) - lbdOf(a) || mem[b]! - mem[a]!);
    const half = this.learnts.length >> 1;
    const kept: number[] = [];
    for (let i = 0; i < this.learnts.length; i++) {
      const cr = this.learnts[i]!;
      if (i < half && lbdOf(cr) > 2 && !this.locked(cr)) {
        mem[cr + 1] = mem[cr + 1]! | DELETED;
        this.wasted += mem[cr]! + 2;
      } else kept.push(cr);
    }
    this.learnts = kept;
    this.maxLearnts *= 1.1;
    this.compact();
  }

  /** Rebuilds the arena without deleted clauses, and every watch list. */
  private compact(): void {
    const old = this.mem;
    const fresh = new Int32Array(Math.max(1 << 16, (this.memTop - this.wasted) * 2));
    let top = 0;
    const move = (cr: number): number => {
      const size = old[cr]! + 2;
      fresh.set(old.subarray(cr, cr + size), top);
      const to = top;
      top += size;
      return to;
    };
    const relocated = new Map<number, number>();
    this.clauses = this.clauses.map((cr) => {
      const to = move(cr);
      relocated.set(cr, to);
      return to;
    });
    this.learnts = this.learnts.map((cr) => {
      const to = move(cr);
      relocated.set(cr, to);
      return to;
    });
    for (let i = 0; i < this.trailLen; i++) {
      const v = this.trail[i]! >> 1;
      const r = this.reason[v]!;
      if (r !== NO_REASON) this.reason[v] = relocated.get(r) ?? NO_REASON;
    }
    this.mem = fresh;
    this.memTop = top;
    this.wasted = 0;
    for (let l = 0; l < 2 * this.nVars; l++) this.watchLen[l] = 0;
    for (const list of [this.clauses, this.learnts]) {
      for (const cr of list) {
        this.watchPush(fresh[cr + 2]! ^ 1, cr, fresh[cr + 3]!);
        this.watchPush(fresh[cr + 3]! ^ 1, cr, fresh[cr + 2]!);
      }
    }
  }

  // ---------------------------------------------------------------- VSIDS heap

  private varBump(v: number): void {
    const a = (this.activity[v] = this.activity[v]! + this.varInc);
    if (a > 1e100) {
      for (let u = 0; u < this.nVars; u++) this.activity[u] = this.activity[u]! * 1e-100;
      this.varInc *= 1e-100;
    }
    const i = this.heapIdx[v]!;
    if (i >= 0) this.heapUp(i);
  }

  private heapInsert(v: number): void {
    const i = this.heapSize++;
    this.heap[i] = v;
    this.heapIdx[v] = i;
    this.heapUp(i);
  }

  private heapPop(): number {
    const top = this.heap[0]!;
    const last = this.heap[--this.heapSize]!;
    this.heapIdx[top] = -1;
    if (this.heapSize > 0) {
      this.heap[0] = last;
      this.heapIdx[last] = 0;
      this.heapDown(0);
    }
    return top;
  }

  private heapUp(start: number): void {
    const heap = this.heap;
    const act = this.activity;
    let i = start;
    const v = heap[i]!;
    const a = act[v]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = heap[parent]!;
      if (act[pv]! >= a) break;
      heap[i] = pv;
      this.heapIdx[pv] = i;
      i = parent;
    }
    heap[i] = v;
    this.heapIdx[v] = i;
  }

  private heapDown(start: number): void {
    const heap = this.heap;
    const act = this.activity;
    const n = this.heapSize;
    let i = start;
    const v = heap[i]!;
    const a = act[v]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && act[heap[child + 1]!]! > act[heap[child]!]!) child++;
      const cv = heap[child]!;
      if (act[cv]! <= a) break;
      heap[i] = cv;
      this.heapIdx[cv] = i;
      i = child;
    }
    heap[i] = v;
    this.heapIdx[v] = i;
  }

  private grow(cap: number): void {
    const copy = <T extends Int8Array | Uint8Array | Int32Array | Float64Array>(
      a: T,
      n: number,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.vals = copy(this.vals, 2 * cap, (n) => new Int8Array(n));
    this.level = copy(this.level, cap, (n) => new Int32Array(n));
    this.reason = copy(this.reason, cap, (n) => new Int32Array(n));
    this.polarity = copy(this.polarity, cap, (n) => new Uint8Array(n));
    this.seen = copy(this.seen, cap, (n) => new Uint8Array(n));
    this.activity = copy(this.activity, cap, (n) => new Float64Array(n));
    this.heap = copy(this.heap, cap, (n) => new Int32Array(n));
    this.heapIdx = copy(this.heapIdx, cap, (n) => new Int32Array(n));
    this.trail = copy(this.trail, cap, (n) => new Int32Array(n));
    this.watchLen = copy(this.watchLen, 2 * cap, (n) => new Int32Array(n));
    this.levelStamp = copy(this.levelStamp, cap + 1, (n) => new Int32Array(n));
    this.unitTag = copy(this.unitTag, cap, (n) => new Int32Array(n));
    this.cap = cap;
  }
}

/** The Luby sequence scaled by `y`: 1 1 2 1 1 2 4 … */
export function luby(y: number, x0: number): number {
  let size = 1;
  let seq = 0;
  while (size < x0 + 1) {
    seq++;
    size = 2 * size + 1;
  }
  let x = x0;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return Math.pow(y, seq);
}
