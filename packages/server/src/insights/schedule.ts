// The daily recompute of customer value, run by the background worker: every firm with customer
// orders whose figures are older than the interval. Several processes may run it at once; each
// recompute replaces the firm's figures as a whole, so the last one simply wins.
import type { AppDeps } from '../deps.ts';
import { ComputeBusy } from '../http/errors.ts';
import { lastComputedAt, tenantsWithCustomerOrders } from './customer-value.store.ts';
import { recomputeCustomerValues } from './recompute.ts';

export const CUSTOMER_VALUE_EVERY_MS = 24 * 60 * 60_000;

/** Recomputes the firms that are due; returns how many were recomputed. */
export async function recomputeDueCustomerValues(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids' | 'compute' | 'logger'>,
  everyMs = CUSTOMER_VALUE_EVERY_MS,
): Promise<number> {
  const now = deps.clock.now().getTime();
  let done = 0;
  for (const tenantId of await tenantsWithCustomerOrders(deps.db)) {
    const last = await lastComputedAt(deps.db, tenantId);
    if (last && now - last.getTime() < everyMs) continue;
    try {
      await recomputeCustomerValues(deps, tenantId);
      done++;
    } catch (error) {
      // The firm stays due and is tried at the next pass; the other firms go on meanwhile.
      if (error instanceof ComputeBusy)
        deps.logger.warn({ tenantId }, 'customer value postponed: compute pool busy');
      else deps.logger.error({ tenantId, err: error }, 'customer value recompute failed');
    }
  }
  return done;
}
