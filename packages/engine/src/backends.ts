// Registry of optional backends. The decision-diagram backend is built in; a SAT backend
// (for models whose diagram exceeds the node budget) registers itself here:
//   registerBackend('sat', (ir, model) => new SatBackend(ir, model));
// `compile` with backend `auto` falls back to it when the diagram is too large, and
// `deserialize` uses it for models serialized with backend `sat`.
import type { Backend } from './api.ts';
import type { IR } from './compile/ir.ts';
import type { ProductModel } from './model/types.ts';

export type BackendFactory = (ir: IR, model: ProductModel) => Backend;

const factories = new Map<'sat', BackendFactory>();

export function registerBackend(kind: 'sat', factory: BackendFactory): void {
  factories.set(kind, factory);
}

export function backendFactory(kind: 'sat'): BackendFactory | undefined {
  return factories.get(kind);
}
