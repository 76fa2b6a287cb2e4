// The SAT backend: answers every configuration query with our CDCL solver (solver.ts) over the
// encoding of encode.ts; the customer's choices are assumptions, never clauses. What every
// query shares lives in core.ts; each query in its own file:
//   domains.ts   valid domains                        (cheap: cached per choice set, few solver calls)
//   ranges.ts    price / lead-time / property ranges  (two optimisations per property, cached)
//   explain.ts   why a value is excluded, on demand   (cores, a hitting-set search, QuickXplain)
//   optimize.ts  optimal completions, with bounds
//   count.ts     exact counts (enumeration or the component-caching counter)
//   sample.ts    seeded uniform samples
// At compile the backend proves whether any product exists (`satisfiability`).
import type {
  Backend,
  Choices,
  Configuration,
  Explanation,
  Objective,
  OptimizeOptions,
  QueryOptions,
  Ranges,
  ValidationResult,
} from '../api.ts';
import { restrictionViolations } from '../compile/restrictions.ts';
import type { Value } from '../model/types.ts';
import type { IR } from '../compile/ir.ts';
import { validateConfiguration } from '../compile/evaluate.ts';
import { SatCore, type SatBackendOptions } from './core.ts';
import { encode } from './encode.ts';
import { pos } from './solver.ts';
import { refuteLinear } from './linear-refute.ts';
import * as domains from './domains.ts';
import * as ranges from './ranges.ts';
import * as optimizing from './optimize.ts';
import * as counting from './count.ts';
import * as sampling from './sample.ts';
import { SatExplainer } from './explain.ts';

export type { SatBackendOptions } from './core.ts';
export { mulberry32 } from './sample.ts';
export { quickXplain } from './explain.ts';

/** Conflicts the solver may spend on each step of the satisfiability proof at compile. */
const PROOF_CONFLICTS = 200_000;

export class SatBackend extends SatCore implements Backend {
  readonly kind = 'sat' as const;
  private readonly explainer: SatExplainer;

  constructor(ir: IR, options: SatBackendOptions = {}) {
    super(ir, options);
    this.explainer = new SatExplainer(this);
  }

  /**
   * For `CompileStats` (compile.ts reads it): clauses of the encoding as `nodes`, and the
   * satisfiability proof — `conflict` (a minimal set of conflicting rule ids) when no product
   * exists, `undecided` when the solver could not decide it within its budget.
   */
  stats(): { nodes: number; conflict?: string[]; undecided?: true } {
    const nodes = this.enc.solver.numClauses;
    const proof = this.satisfiability();
    if (proof === true) return { nodes };
    if (proof === null) return { nodes, undecided: true };
    return { nodes, conflict: proof.map((r) => this.ir.rules[r]!.id) };
  }

  private proof: true | null | number[] | undefined;
  /**
   * Whether any product exists without choices: true, or the indices of a minimal set of rules
   * that admit no product together (every proper subset admits one when the solver decided
   * every check within `PROOF_CONFLICTS`), or null when undecided.
   */
  satisfiability(): true | null | number[] {
    if (this.proof !== undefined) return this.proof;
    // Bounds refute contradicting sums at once, where clause learning would enumerate them.
    const linear = refuteLinear(this.ir);
    if (linear) return (this.proof = linear);
    const found = this.enc.solver.solve([], { conflicts: PROOF_CONFLICTS });
    if (found === true) {
      this.remember();
      return (this.proof = true);
    }
    if (found === undefined) return (this.proof = null);
    // Deletion-based minimal unsatisfiable subset over rule selectors: start from the core of
    // all rules; drop a rule whenever the others still admit no product (and shrink to the new
    // core); keep it when they admit one.
    const re = (this.ruleEnc ??= encode(this.ir, { selectors: true }));
    const lit = (r: number): number => pos(re.selectors[r]!);
    const coreOf = (rules: number[]): number[] => {
      const hit = new Set(re.solver.conflict);
      return rules.filter((r) => hit.has(lit(r)));
    };
    const all = this.ir.rules.map((_, r) => r);
    if (re.solver.solve(all.map(lit), { conflicts: PROOF_CONFLICTS }) !== false)
      return (this.proof = null);
    let core = coreOf(all);
    for (let i = 0; i < core.length;) {
      const rest = core.filter((_, j) => j !== i);
      if (re.solver.solve(rest.map(lit), { conflicts: PROOF_CONFLICTS }) === false) {
        // Rules before i are each needed, so every core of `rest` keeps them in place.
        core = coreOf(rest);
      } else i++;
    }
    return (this.proof = core);
  }

  domains(choices: Choices, opts?: QueryOptions): Record<string, Value[]> {
    return domains.domains(this, choices, opts);
  }

  ranges(choices: Choices, opts?: QueryOptions): Ranges {
    return ranges.ranges(this, choices, opts);
  }

  valueRanges(
    choices: Choices,
    opts?: QueryOptions,
  ): Record<string, Array<{ value: Value; ranges: Ranges }>> {
    return ranges.valueRanges(this, choices, opts);
  }

  explain(
    choices: Choices,
    order: string[],
    feature: string,
    value: Value,
    opts?: QueryOptions,
  ): Explanation | null {
    return this.explainer.explain(choices, order, feature, value, opts);
  }

  optimize(choices: Choices, objective: Objective, opts?: OptimizeOptions): Configuration | null {
    return optimizing.optimize(this, choices, objective, opts);
  }

  count(choices: Choices, opts?: QueryOptions): bigint | null {
    return counting.count(this, choices, opts);
  }

  sample(choices: Choices, n: number, seed: number, opts?: QueryOptions): Configuration[] {
    return sampling.sample(this, choices, n, seed, opts);
  }

  validate(config: Configuration, opts?: QueryOptions): ValidationResult {
    const r = validateConfiguration(this.ir, config);
    const extra = restrictionViolations(this.ir, opts, config);
    return extra.length ? { valid: false, violations: [...r.violations, ...extra] } : r;
  }
}
