// The work the compute pool runs, by name. Each task is a plain function of its input; the
// worker (worker.ts) calls `runTask` and posts the result back. Everything here may take
// unbounded time or memory on a hostile model — which is why it never runs on the event loop.
import type { CompileStats, ProductModel } from '@customerize/engine';
import type { StoredModelIssue } from '../catalog/catalog.schema.ts';
import { checkModelSource, type ModelFormat } from '../catalog/model-source.ts';
import { proveModel, type Proof } from '../catalog/prove.ts';
import type { CostFigures, ModelLimits } from '../catalog/serving.ts';

export type CheckInput = { source: string; format: ModelFormat; count: boolean };
export type CheckResult = {
  model: ProductModel | null;
  issues: StoredModelIssue[];
  stats: CompileStats | null;
  /** Valid products (decimal string) when asked for; null when too large to count. */
  count: string | null;
};

export type ProveInput = { model: ProductModel; limits: ModelLimits };

export type Tasks = {
  /** Read, check and compile a model text (model-check and draft upload). */
  check: { input: CheckInput; result: CheckResult };
  /** Compile, measure and compute the serving facts of a model (publish). */
  prove: { input: ProveInput; result: Proof };
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

export function runTask(
  message: TaskMessage,
  progress: (figures: CostFigures) => void,
): { result: unknown; transfer: ArrayBuffer[] } {
  switch (message.task) {
    case 'check':
      return { result: check(message.input as CheckInput, progress), transfer: [] };
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
