// What it costs to serve a model, the firm's limits on that cost, and the facts the shop needs
// about a published version. All are measured once, at publish, in a compute worker
// (catalog/prove.ts) and stored with the version; shop routes only read them.
import type { CompileStats, Configuration, Value } from '@customerize/engine';

/** A firm's limits on the cost of serving one product model (tenant setting `modelLimits`). */
export type ModelLimits = {
  /** Decision-diagram nodes or SAT clauses of the compiled model. */
  maxNodes: number;
  /** Compiling the model, milliseconds. */
  maxCompileMs: number;
  /** Valid domains of the empty design (what the studio shows first), milliseconds. */
  maxFirstDomainsMs: number;
  /** The slowest studio step (domains, alternatives, ranges per value) over a sample, ms. */
  maxStepMs: number;
};

export const defaultModelLimits: ModelLimits = {
  maxNodes: 4_000_000,
  maxCompileMs: 10_000,
  maxFirstDomainsMs: 1_000,
  maxStepMs: 500,
};

export function limitsOf(settings: { modelLimits?: Partial<ModelLimits> }): ModelLimits {
  return { ...defaultModelLimits, ...settings.modelLimits };
}

/** Measured cost of a compiled model; absent figures were not reached. */
export type CostFigures = {
  backend?: CompileStats['backend'];
  nodes?: number;
  variables?: number;
  compileMs?: number;
  firstDomainsMs?: number;
  worstStepMs?: number;
  steps?: number;
  /** Deserializing the stored bytes (what a server process pays once per version). */
  loadMs?: number;
};

/** What the shop shows of a published version, computed at publish. */
export type ServingFacts = {
  kind: 'configurable' | 'standard';
  /** Lowest price of any valid product, minor units. */
  fromPrice: number;
  /** Number of valid products (decimal string), null when too large to count exactly. */
  count: string | null;
  /** The cheapest valid product. */
  cheapest: Configuration | null;
  /**
   * The design product cards picture (defaults completed at the lowest price); absent in facts
   * stored before it existed, where the cheapest design stands in.
   */
  preview?: Configuration | null;
  /** Valid values of every feature before any choice. */
  domains: Record<string, Value[]>;
};

export type ExceededLimit = { limit: keyof ModelLimits; allowed: number; measured: number };

const checks: [keyof ModelLimits, keyof CostFigures][] = [
  ['maxNodes', 'nodes'],
  ['maxCompileMs', 'compileMs'],
  ['maxFirstDomainsMs', 'firstDomainsMs'],
  ['maxStepMs', 'worstStepMs'],
];

/** The limits a model's measured cost exceeds (empty: cheap enough to serve). */
export function exceededLimits(cost: CostFigures, limits: ModelLimits): ExceededLimit[] {
  const out: ExceededLimit[] = [];
  for (const [limit, figure] of checks) {
    const measured = cost[figure];
    if (typeof measured === 'number' && measured > limits[limit])
      out.push({ limit, allowed: limits[limit], measured: Math.round(measured) });
  }
  return out;
}
