// What a published model version offers, computed once per version (published bytes never
// change, so neither do these): the exact number of valid configurations and the price of the
// cheapest one. Pure; runs in the compute pool (compute/tasks.ts 'variety-facts') because a
// model a firm uploaded may take long to count.
import { DeadlineExceededError, priceOf, type CompiledModel } from '@customerize/engine';

/** `key` names the compiled model (`tenant/version`); `bytes` left out when the worker may hold it. */
export type VarietyInput = { key: string; bytes: Uint8Array | null; deadlineMs: number };

export type VarietyResult =
  | {
      kind: 'facts';
      /** Exact count of valid configurations (decimal string); null: too large for the backend. */
      configurations: string | null;
      /** Total price (minor units) of the cheapest valid configuration; null: none found. */
      cheapestPrice: number | null;
      currency: string;
    }
  | { kind: 'need-model' };

export function varietyFacts(compiled: CompiledModel, deadlineMs: number): VarietyResult {
  const count = compiled.backend.count({});
  let cheapestPrice: number | null = null;
  try {
    const cheapest = compiled.backend.optimize(
      {},
      { sense: 'min', weights: { price: 1 } },
      {
        deadlineMs,
      },
    );
    if (cheapest) cheapestPrice = priceOf(compiled, cheapest).total;
  } catch (e) {
    if (!(e instanceof DeadlineExceededError)) throw e;
  }
  return {
    kind: 'facts',
    configurations: count === null ? null : count.toString(),
    cheapestPrice,
    currency: compiled.model.currency,
  };
}
