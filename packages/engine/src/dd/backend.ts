// The decision-diagram backend: answers every configuration query by passes over a
// quasi-reduced MDD (see frozen.ts), on typed arrays, without building new diagrams. The
// passes a step shares live in core.ts; each query in its own file:
//   domains.ts   valid domains and alternatives          (cheap: one set of passes per step)
//   ranges.ts    price / lead-time / property ranges     (cheap: two DPs per property per step)
//   explain.ts   why a value is excluded, on demand      (a shortest-path pass + a rule search)
//   count.ts     exact counts                            (one BigInt pass)
//   sample.ts    seeded uniform samples
//   optimize.ts  optimal completions, with bounds
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
import { MddCore, type MddData } from './core.ts';
import * as domains from './domains.ts';
import * as ranges from './ranges.ts';
import * as counting from './count.ts';
import * as sampling from './sample.ts';
import * as optimizing from './optimize.ts';
import { MddExplainer } from './explain.ts';

export type { MddData } from './core.ts';
export { prng } from './sample.ts';

export class MddBackend extends MddCore implements Backend {
  readonly kind = 'bdd' as const;
  private readonly explainer: MddExplainer;

  constructor(ir: IR, data: MddData) {
    super(ir, data);
    this.explainer = new MddExplainer(this);
  }

  /** Computes (once) why each value no configuration has is impossible; kept in `data.deadBlame`. */
  precomputeDeadValues(): void {
    this.explainer.precomputeDeadValues();
  }

  domains(choices: Choices, opts?: QueryOptions): Record<string, Value[]> {
    return domains.domains(this, choices, opts);
  }

  /** For each chosen feature: the values it could switch to while every other choice stays. */
  alternatives(choices: Choices, opts?: QueryOptions): Record<string, Value[]> {
    return domains.alternatives(this, choices, opts);
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

  count(choices: Choices, opts?: QueryOptions): bigint {
    return counting.count(this, choices, opts);
  }

  sample(choices: Choices, n: number, seed: number, opts?: QueryOptions): Configuration[] {
    return sampling.sample(this, choices, n, seed, opts);
  }

  optimize(choices: Choices, objective: Objective, opts?: OptimizeOptions): Configuration | null {
    return optimizing.optimize(this, choices, objective, opts);
  }

  validate(config: Configuration, opts?: QueryOptions): ValidationResult {
    const r = validateConfiguration(this.ir, config);
    const extra = restrictionViolations(this.ir, opts, config);
    return extra.length ? { valid: false, violations: [...r.violations, ...extra] } : r;
  }
}
