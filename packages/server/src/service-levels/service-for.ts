// The one place a customer's service level is decided: their segment's level while they have
// personalization consent now (privacy/consent.ts, the one check), else the default treatment.
// The inbox, the named contact and reserved capacity all ask here, so a withdrawal of consent
// drops the priority everywhere at once.
import type { AppDeps } from '../deps.ts';
import { usePersonalData } from '../privacy/consent.ts';
import { listLevels, segmentOfCustomer } from './service-levels.store.ts';
import { isSpecial, type ServiceLevel } from './service-levels.ts';

export type LevelDeps = Pick<AppDeps, 'db' | 'clock' | 'ids'>;

export async function serviceFor(
  deps: LevelDeps,
  tenantId: string,
  customerId: string | null,
  levels?: ServiceLevel[],
): Promise<ServiceLevel> {
  const all = levels ?? (await listLevels(deps.db, tenantId));
  const ordinary = all.find((l) => l.segment === 'default')!;
  // Nothing personal is read when no segment is treated differently.
  if (customerId === null || !all.some((l) => isSpecial(l, ordinary))) return ordinary;
  const used = await usePersonalData(deps, tenantId, customerId, 'personalization', () =>
    segmentOfCustomer(deps.db, tenantId, customerId),
  );
  if (!used.used || used.value === null) return ordinary;
  const segment = used.value;
  return all.find((l) => l.segment === segment) ?? ordinary;
}

/** Whether the customer's orders may take reserved capacity right now (guests: never). */
export async function mayUseReservedCapacity(
  deps: LevelDeps,
  tenantId: string,
  customerId: string | null,
): Promise<boolean> {
  return (await serviceFor(deps, tenantId, customerId)).mayUseReservedCapacity;
}

/** Levels of several customers (the inbox), each decided as above, each customer read once. */
export async function serviceOfCustomers(
  deps: LevelDeps,
  tenantId: string,
  customerIds: readonly string[],
): Promise<Map<string, ServiceLevel>> {
  const levels = await listLevels(deps.db, tenantId);
  const out = new Map<string, ServiceLevel>();
  for (const id of new Set(customerIds)) out.set(id, await serviceFor(deps, tenantId, id, levels));
  return out;
}
