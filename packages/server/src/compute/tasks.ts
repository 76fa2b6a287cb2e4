// The work the compute pool runs, by name. Each task is a plain function of its input; the
// worker (worker.ts) calls `runTask` and posts the result back. Everything here may take
// unbounded time or memory on a hostile model — which is why it never runs on the event loop.
import {
  DeadlineExceededError,
  deserialize,
  type CompileStats,
  type CompiledModel,
  type ProductModel,
} from '@customerize/engine';
import { matchBid, type MatchInput, type MatchResult } from '../bids/matching.ts';
import type { StoredModelIssue } from '../catalog/catalog.schema.ts';
import { checkModelSource, type ModelFormat } from '../catalog/model-source.ts';
import { proveModel, type Proof } from '../catalog/prove.ts';
import type { CostFigures, ModelLimits } from '../catalog/serving.ts';
import { NotEnoughHistory } from '../insights/clv.ts';
import { clvReport, type ClvReport } from '../insights/clv-report.ts';
import type { Transaction } from '../insights/transactions.ts';
import { learn, type HistoryRow, type LearnedStats } from '../recommendations/recommendations.ts';
import { varietyFacts, type VarietyInput, type VarietyResult } from '../insights/variety-facts.ts';

export type CheckInput = { source: string; format: ModelFormat; count: boolean };
export type CheckResult = {
  model: ProductModel | null;
  issues: StoredModelIssue[];
  stats: CompileStats | null;
  /** Valid products (decimal string) when asked for; null when too large to count. */
  count: string | null;
};

export type ProveInput = { model: ProductModel; limits: ModelLimits };

/**
 * A bid to match against a published version's compiled model: `key` names it; `bytes` may be
 * left out when the worker is likely to hold it already (it then answers `need-model`).
 */
export type BidMatchInput = { key: string; bytes: Uint8Array | null; match: MatchInput };
export type BidMatchResult = MatchResult | { kind: 'deadline' } | { kind: 'need-model' };

/** A firm's order history to fit the customer-value models to (insights/customer-value.store.ts). */
export type CustomerValueInput = {
  transactions: Transaction[];
  calibrationEnd: string;
  horizonDays: number;
};
export type CustomerValueResult =
  { kind: 'fitted'; report: ClvReport } | { kind: 'not-enough-history'; message: string };

/** A product's history to learn recommendation statistics from, against version `key`'s model. */
export type RecommendationStatsInput = {
  key: string;
  bytes: Uint8Array | null;
  rows: HistoryRow[];
};
export type RecommendationStatsResult =
  { kind: 'learned'; stats: LearnedStats } | { kind: 'need-model' };

export type Tasks = {
  /** Learn co-occurrence statistics of a product's history (recommendations/recommendations.ts). */
  'recommendation-stats': { input: RecommendationStatsInput; result: RecommendationStatsResult };
  /** Fit BG/NBD and Gamma-Gamma to a firm's orders and score every customer. */
  'customer-value': { input: CustomerValueInput; result: CustomerValueResult };
  /** Match a bid over every provider (bids/matching.ts). */
  'bid-match': { input: BidMatchInput; result: BidMatchResult };
  /** Read, check and compile a model text (model-check and draft upload). */
  check: { input: CheckInput; result: CheckResult };
  /** Compile, measure and compute the serving facts of a model (publish). */
  prove: { input: ProveInput; result: Proof };
  /** Exact count and cheapest valid configuration of a published version (insights/scorecard). */
  'variety-facts': { input: VarietyInput; result: VarietyResult };
};
export type TaskName = keyof Tasks;

export type TaskMessage = { id: number; task: TaskName; input: unknown };

function check(input: CheckInput, progress: (figures: CostFigures) => void): CheckResult {
  const checked = checkModelSource(input.source, input.format);
  if (checked.stats) {
    progress({
      backend: checked.stats.backend,
      nodes: checked.stats.nodes,
      variables: checked.stats.variables,
      compileMs: Math.round(checked.stats.compileMs),
    });
  }
  const count = input.count ? (checked.compiled?.backend.count({}) ?? null) : null;
  return {
    model: checked.model,
    issues: checked.issues,
    stats: checked.stats,
    count: count === null ? null : count.toString(),
  };
}

/** Compiled models a worker has deserialized, by `tenant/version` (published bytes never change). */
const compiledCache = new Map<string, CompiledModel>();
const COMPILED_CACHE_SIZE = 8;

/** The model `key` from this worker's cache, or from `bytes`; null when neither has it. */
function cachedCompiled(key: string, bytes: Uint8Array | null): CompiledModel | null {
  let compiled = compiledCache.get(key);
  if (!compiled) {
    if (!bytes) return null;
    compiled = deserialize(bytes);
    if (compiledCache.size >= COMPILED_CACHE_SIZE)
      compiledCache.delete(compiledCache.keys().next().value!);
    compiledCache.set(key, compiled);
  }
  return compiled;
}

function recommendationStats(input: RecommendationStatsInput): RecommendationStatsResult {
  const compiled = cachedCompiled(input.key, input.bytes);
  if (!compiled) return { kind: 'need-model' };
  return { kind: 'learned', stats: learn(compiled, input.rows) };
}

function bidMatch(input: BidMatchInput): BidMatchResult {
  const compiled = cachedCompiled(input.key, input.bytes);
  if (!compiled) return { kind: 'need-model' };
  try {
    return matchBid(compiled, input.match);
  } catch (e) {
    if (e instanceof DeadlineExceededError) return { kind: 'deadline' };
    throw e;
  }
}

function customerValue(input: CustomerValueInput): CustomerValueResult {
  try {
    const report = clvReport(input.transactions, {
      calibrationEnd: input.calibrationEnd,
      horizonDays: input.horizonDays,
    });
    return { kind: 'fitted', report };
  } catch (e) {
    if (e instanceof NotEnoughHistory) return { kind: 'not-enough-history', message: e.message };
    throw e;
  }
}

export function runTask(
  message: TaskMessage,
  progress: (figures: CostFigures) => void,
): { result: unknown; transfer: ArrayBuffer[] } {
  switch (message.task) {
    case 'bid-match':
      return { result: bidMatch(message.input as BidMatchInput), transfer: [] };
    case 'recommendation-stats':
      return {
        result: recommendationStats(message.input as RecommendationStatsInput),
        transfer: [],
      };
    case 'customer-value':
      return { result: customerValue(message.input as CustomerValueInput), transfer: [] };
    case 'check':
      return { result: check(message.input as CheckInput, progress), transfer: [] };
    case 'variety-facts': {
      const input = message.input as VarietyInput;
      let compiled = compiledCache.get(input.key);
      if (!compiled) {
        if (!input.bytes) return { result: { kind: 'need-model' }, transfer: [] };
        compiled = deserialize(input.bytes);
        if (compiledCache.size >= COMPILED_CACHE_SIZE)
          compiledCache.delete(compiledCache.keys().next().value!);
        compiledCache.set(input.key, compiled);
      }
      return { result: varietyFacts(compiled, input.deadlineMs), transfer: [] };
    }
    case 'prove': {
      const input = message.input as ProveInput;
      const proof = proveModel(input.model, input.limits, progress);
      const transfer =
        proof.outcome === 'proven' && proof.bytes.buffer instanceof ArrayBuffer
          ? [proof.bytes.buffer]
          : [];
      return { result: proof, transfer };
    }
    default:
      throw new Error(`unknown compute task ${String(message.task)}`);
  }
}
