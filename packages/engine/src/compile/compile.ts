// `compile(model)` → an immutable compiled model; `deserialize(bytes)` restores one.
// Backend choice: `bdd` always builds the decision diagram; `auto` (default) first estimates from
// the model's structure whether a diagram can be built (structure.ts) and goes to the registered
// SAT backend at once when not; otherwise it builds the diagram under a node budget and a time
// budget and, when either is exceeded, uses SAT (backends.ts); `sat` requires the SAT backend.
import type {
  AutoChoice,
  Backend,
  CompileOptions,
  CompileStats,
  CompiledModel,
  Configuration,
  ValidationResult,
} from '../api.ts';
import type { ProductModel } from '../model/types.ts';
import { checkModel } from '../model/check.ts';
import { backendFactory } from '../backends.ts';
import { BackendUnavailableError } from '../errors.ts';
import { MddBackend } from '../dd/backend.ts';
import { compileMdd } from '../dd/compile-mdd.ts';
import { NodeBudgetExceeded, TimeBudgetExceeded } from '../dd/manager.ts';
import { buildIR, ModelError, type IR } from './ir.ts';
import { decode, encode, modelFingerprint } from './serialize.ts';
import { diagramHopeless, estimateStructure } from './structure.ts';
import { FormatError } from '../errors.ts';
import { validateConfiguration } from './evaluate.ts';

/** Default node budget of `auto` before falling back to SAT. */
export const DEFAULT_NODE_BUDGET = 4_000_000;

/**
 * Default time budget of `auto` for the decision diagram, in milliseconds. Garbage collection
 * keeps the node count of some models (FinancialServices01, automotive01, Linux) under the node
 * budget for tens of seconds while the work grows; past this, the SAT backend serves them.
 * Every example product and Renault Megane compile in well under it.
 */
export const DEFAULT_TIME_BUDGET_MS = 3_000;

function irOf(model: ProductModel): IR {
  const issues = checkModel(model);
  if (issues.some((i) => i.severity === 'error')) throw new ModelError(issues);
  return buildIR(model).ir;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

class Compiled implements CompiledModel {
  constructor(
    readonly model: ProductModel,
    readonly ir: IR,
    readonly backend: Backend,
    readonly stats: CompileStats,
  ) {}
  serialize(): Uint8Array {
    const header = {
      model: this.model,
      fingerprint: modelFingerprint(this.model),
      backend: this.stats.backend,
      stats: this.stats,
    };
    return encode(header, this.backend instanceof MddBackend ? this.backend.data : null);
  }
}

export function compile(model: ProductModel, opts: CompileOptions = {}): CompiledModel {
  const t0 = now();
  const ir = irOf(model);
  const kind = opts.backend ?? model.backend ?? 'auto';
  const sat = backendFactory('sat');
  if (kind === 'sat') {
    if (!sat) throw new BackendUnavailableError('the SAT backend is not registered');
    return satCompiled(model, ir, sat(ir, model), t0);
  }
  const auto = kind === 'auto';
  const budget = opts.nodeBudget ?? (auto ? DEFAULT_NODE_BUDGET : Infinity);
  const timeBudget = opts.timeBudgetMs ?? (auto ? DEFAULT_TIME_BUDGET_MS : Infinity);
  // `auto` reads the model's structure first: a diagram that the order leaves hundreds of wide
  // cuts is not tried at all (structure.ts); the order computed for the estimate is reused.
  const structure = auto ? estimateStructure(ir) : null;
  const prediction = structure && {
    maxOpenBits: structure.maxOpenBits,
    wideCuts: structure.wideCuts,
  };
  if (structure && sat && diagramHopeless(structure))
    return satCompiled(model, ir, sat(ir, model), t0, {
      ...prediction!,
      diagram: 'skipped',
    });
  try {
    const res = compileMdd(ir, budget, structure?.order, timeBudget);
    const backend = new MddBackend(ir, res.data);
    backend.precomputeDeadValues();
    const stats: CompileStats = {
      backend: 'bdd',
      compileMs: now() - t0,
      nodes: backend.nodes,
      variables: ir.features.length,
      ...(res.conflict.length ? { conflict: res.conflict } : {}),
      ...(prediction ? { auto: { ...prediction, diagram: 'built' as const } } : {}),
    };
    return new Compiled(model, ir, backend, stats);
  } catch (err) {
    if (!(err instanceof NodeBudgetExceeded) && !(err instanceof TimeBudgetExceeded)) throw err;
    if (auto && sat)
      return satCompiled(model, ir, sat(ir, model), t0, {
        ...prediction!,
        diagram: 'abandoned',
      });
    throw new BackendUnavailableError(
      `${err.message}${auto ? ' and no SAT backend is registered' : ''}`,
    );
  }
}

function satCompiled(
  model: ProductModel,
  ir: IR,
  backend: Backend,
  t0: number,
  auto?: AutoChoice,
): CompiledModel {
  // The backend's stats include its satisfiability proof (compile time includes it).
  const s = (backend as { stats?: () => Partial<CompileStats> }).stats?.();
  const stats: CompileStats = {
    backend: 'sat',
    compileMs: now() - t0,
    nodes: 0,
    variables: ir.features.length,
    ...(auto ? { auto } : {}),
  };
  return new Compiled(model, ir, backend, { ...stats, ...(s ?? {}) });
}

/**
 * Restores a compiled model. Bytes in the compact form (`withoutModel`, what browsers download)
 * need the product model they were compiled from; bytes that carry their model ignore `model`.
 */
export function deserialize(bytes: Uint8Array, model?: ProductModel): CompiledModel {
  const { header, data } = decode(bytes);
  if (header.model === undefined) {
    if (!model)
      throw new FormatError(
        'this compiled model was sent without its product model: pass the model to deserialize',
      );
    if (header.fingerprint && header.fingerprint !== modelFingerprint(model))
      throw new FormatError('this compiled model was made from another product model');
  } else model = header.model as ProductModel;
  const ir = buildIR(model).ir;
  const stats = header.stats as CompileStats;
  if (data) return new Compiled(model, ir, new MddBackend(ir, data), stats);
  const sat = backendFactory('sat');
  if (!sat)
    throw new BackendUnavailableError(
      'this model was compiled for the SAT backend, which is not registered',
    );
  return new Compiled(model, ir, sat(ir, model), stats);
}

/** Validates a complete configuration against every rule of a compiled model. */
export function validate(compiled: CompiledModel, config: Configuration): ValidationResult {
  return validateConfiguration(compiled.ir, config);
}
