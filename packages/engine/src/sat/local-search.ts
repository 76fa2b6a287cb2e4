// Local search around a model, for pure clause encodings (used by valid domains and
// explanations to find more witnesses without the solver).
/**
 * Local search around a model, for pure clause encodings: make one literal true, then repair
 * violated clauses by flipping other variables (each at most once, never a fixed one), keeping
 * per-clause counts of true literals. A repaired assignment is a model (all clauses hold), so
 * its values are possible; a failure proves nothing and leaves the question to the solver.
 */
export class LocalSearch {
  private readonly start: Int32Array;
  private readonly occ: Int32Array;
  private readonly clauseStart: Int32Array;
  private readonly clauseLits: Int32Array;
  private readonly trueCount: Int32Array;
  private readonly violated: Int32Array;
  private readonly violatedPos: Int32Array;
  private nViolated = 0;
  /** Occurrence-list visits so far (the caller resets it). */
  work = 0;
  private readonly flipped: number[] = [];
  private readonly touched: Uint8Array;
  model: Uint8Array = new Uint8Array(0);

  constructor(clauses: number[][], nVars: number) {
    const counts = new Int32Array(2 * nVars + 1);
    let size = 0;
    for (const c of clauses) {
      size += c.length;
      for (const l of c) counts[l + 1]!++;
    }
    this.start = new Int32Array(2 * nVars + 1);
    for (let l = 0; l < 2 * nVars; l++) this.start[l + 1] = this.start[l]! + counts[l + 1]!;
    this.occ = new Int32Array(size);
    const fill = this.start.slice(0, 2 * nVars);
    this.clauseStart = new Int32Array(clauses.length + 1);
    this.clauseLits = new Int32Array(size);
    let at = 0;
    clauses.forEach((c, i) => {
      this.clauseStart[i] = at;
      for (const l of c) {
        this.clauseLits[at++] = l;
        this.occ[fill[l]!++] = i;
      }
    });
    this.clauseStart[clauses.length] = at;
    this.trueCount = new Int32Array(clauses.length);
    this.violated = new Int32Array(clauses.length);
    this.violatedPos = new Int32Array(clauses.length).fill(-1);
    this.touched = new Uint8Array(nVars);
  }

  /** Starts from a model (copied; it must satisfy every clause). */
  load(model: Uint8Array): void {
    this.model = model.slice(0, this.touched.length);
    const n = this.trueCount.length;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let k = this.clauseStart[i]!; k < this.clauseStart[i + 1]!; k++) {
        const l = this.clauseLits[k]!;
        if ((this.model[l >> 1] === 1) !== ((l & 1) === 1)) t++;
      }
      this.trueCount[i] = t;
    }
  }

  private flip(v: number): void {
    const was = this.model[v] === 1 ? 2 * v : 2 * v + 1;
    this.model[v] = this.model[v]! ^ 1;
    this.work +=
      this.start[was + 1]! - this.start[was]! + this.start[(was ^ 1) + 1]! - this.start[was ^ 1]!;
    for (let k = this.start[was]!; k < this.start[was + 1]!; k++) {
      const c = this.occ[k]!;
      if (--this.trueCount[c]! === 0) {
        this.violatedPos[c] = this.nViolated;
        this.violated[this.nViolated++] = c;
      }
    }
    const now = was ^ 1;
    for (let k = this.start[now]!; k < this.start[now + 1]!; k++) {
      const c = this.occ[k]!;
      if (this.trueCount[c]!++ === 0) {
        const p = this.violatedPos[c]!;
        const last = this.violated[--this.nViolated]!;
        this.violated[p] = last;
        this.violatedPos[last] = p;
        this.violatedPos[c] = -1;
      }
    }
  }

  /** Clauses that would lose their only true literal if `v` flipped. */
  private breaks(v: number): number {
    const cur = this.model[v] === 1 ? 2 * v : 2 * v + 1;
    this.work += this.start[cur + 1]! - this.start[cur]!;
    let b = 0;
    for (let k = this.start[cur]!; k < this.start[cur + 1]!; k++)
      if (this.trueCount[this.occ[k]!] === 1) b++;
    return b;
  }

  /**
   * Tries to reach a model where `lit` holds; calls `found` with it, then restores the loaded
   * model either way.
   */
  tryLit(
    lit: number,
    fixed: Uint8Array,
    maxFlips: number,
    found: (model: Uint8Array, flipped: number[]) => void,
  ): boolean {
    const v0 = lit >> 1;
    let ok = false;
    if (!fixed[v0]) {
      this.flip(v0);
      this.touched[v0] = 1;
      this.flipped.push(v0);
      for (let step = 0; step <= maxFlips; step++) {
        if (this.nViolated === 0) {
          ok = true;
          break;
        }
        if (step === maxFlips) break;
        const c = this.violated[this.nViolated - 1]!;
        let best = -1;
        let bestBreaks = Infinity;
        for (let k = this.clauseStart[c]!; k < this.clauseStart[c + 1]!; k++) {
          const v = this.clauseLits[k]! >> 1;
          if (fixed[v] || this.touched[v]) continue;
          const b = this.breaks(v);
          if (b < bestBreaks) {
            best = v;
            bestBreaks = b;
          }
        }
        if (best < 0) break;
        this.flip(best);
        this.touched[best] = 1;
        this.flipped.push(best);
      }
      if (ok) found(this.model, this.flipped);
    }
    for (let i = this.flipped.length - 1; i >= 0; i--) {
      const v = this.flipped[i]!;
      this.flip(v);
      this.touched[v] = 0;
    }
    this.flipped.length = 0;
    return ok;
  }
}
