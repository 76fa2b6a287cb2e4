// Proving a model cheap enough to serve: compile it, measure what the studio will ask of its
// compiled form (first domains, a sample of steps, loading the stored bytes) against the firm's
// limits, and compute the facts the shop shows. Pure engine work: it runs in a compute worker
// for anything a person uploads (compute/tasks.ts), in-process only for the bundled examples.
import {
  compile,
  createSession,
  deserialize,
  type CompileStats,
  type CompiledModel,
  type Configuration,
  type Value,
} from '@customerize/engine';
import type { ProductModel } from '@customerize/engine';
import {
  exceededLimits,
  type CostFigures,
  type ExceededLimit,
  type ModelLimits,
  type ServingFacts,
} from './serving.ts';

export type Proof =
  | {
      outcome: 'proven';
      bytes: Uint8Array;
      stats: CompileStats;
      cost: CostFigures;
      serving: ServingFacts;
    }
  | { outcome: 'unsatisfiable'; conflict: string[]; cost: CostFigures }
  | { outcome: 'too-expensive'; exceeded: ExceededLimit[]; cost: CostFigures };

/**
 * The design a product card pictures: the model's defaults completed at the lowest price, as the
 * studio's "Choose option by option" starts; the cheapest design when there are no defaults or
 * they cannot be completed.
 */
function previewDesign(
  compiled: CompiledModel,
  model: ProductModel,
  cheapest: Configuration,
): Configuration {
  const defaults = model.defaults ?? {};
  if (Object.keys(defaults).length === 0) return cheapest;
  try {
    return (
      createSession(compiled, defaults).optimize({ sense: 'min', weights: { price: 1 } }) ??
      cheapest
    );
  } catch {
    return cheapest;
  }
}

/** Studio steps measured at publish (each a selection followed by a full availability pass). */
export const MEASURED_STEPS = 12;

function now(): number {
  return performance.now();
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = now();
  const value = fn();
  return [value, now() - t0];
}

/** A seeded choice so the same model is always measured along the same steps. */
function chooser(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % n;
  };
}

export function proveModel(
  model: ProductModel,
  limits: ModelLimits,
  progress: (cost: CostFigures) => void = () => {},
  /** The model already compiled (the bundled examples, checked just before). */
  precompiled?: CompiledModel,
): Proof {
  const cost: CostFigures = {};
  const over = (): Proof | null => {
    progress({ ...cost });
    const exceeded = exceededLimits(cost, limits);
    return exceeded.length ? { outcome: 'too-expensive', exceeded, cost } : null;
  };
  const [compiled, compileMs] = precompiled
    ? [precompiled, precompiled.stats.compileMs]
    : timed(() => compile(model, { nodeBudget: limits.maxNodes }));
  Object.assign(cost, {
    backend: compiled.stats.backend,
    nodes: compiled.stats.nodes,
    variables: compiled.stats.variables,
    compileMs: Math.round(compileMs),
  });
  if (compiled.stats.conflict)
    return { outcome: 'unsatisfiable', conflict: compiled.stats.conflict, cost };
  let stop = over();
  if (stop) return stop;

  const session = createSession(compiled);
  const [domains, firstDomainsMs] = timed(() => session.domains());
  cost.firstDomainsMs = Math.round(firstDomainsMs);
  if (Object.values(domains).some((values) => values.length === 0))
    return { outcome: 'unsatisfiable', conflict: [], cost };
  stop = over();
  if (stop) return stop;

  const ranges = session.ranges();
  const cheapest = session.optimize({ sense: 'min', weights: { price: 1 } });
  if (!cheapest) return { outcome: 'unsatisfiable', conflict: [], cost };
  const count = session.count();
  const serving: ServingFacts = {
    kind: Object.values(domains).every((d) => d.length <= 1) ? 'standard' : 'configurable',
    fromPrice: ranges.price.min,
    count: count === null ? null : count.toString(),
    cheapest,
    preview: previewDesign(compiled, model, cheapest),
    domains,
  };

  // A sample of studio steps: choose a value of a feature that still has a choice, then ask
  // what the studio asks after every click.
  const pick = chooser(model.features.length);
  const backend = compiled.backend;
  let worst = 0;
  let steps = 0;
  let current: Record<string, Value[]> = domains;
  for (let i = 0; i < MEASURED_STEPS; i++) {
    const open = Object.entries(current).filter(
      ([feature, values]) => values.length > 1 && session.choices()[feature] === undefined,
    );
    if (open.length === 0) break;
    const [feature, values] = open[pick(open.length)]!;
    const [, stepMs] = timed(() => {
      session.select(feature, values[pick(values.length)]!);
      const choices = session.choices();
      current = backend.domains(choices);
      backend.alternatives?.(choices);
      backend.valueRanges(choices);
      backend.ranges(choices);
    });
    worst = Math.max(worst, stepMs);
    steps++;
    cost.worstStepMs = Math.round(worst);
    cost.steps = steps;
    stop = over();
    if (stop) return stop;
  }
  cost.worstStepMs = Math.round(worst);
  cost.steps = steps;

  const bytes = compiled.serialize();
  const [, loadMs] = timed(() => deserialize(bytes));
  cost.loadMs = Math.round(loadMs);
  stop = over();
  if (stop) return stop;
  return { outcome: 'proven', bytes, stats: compiled.stats, cost, serving };
}
