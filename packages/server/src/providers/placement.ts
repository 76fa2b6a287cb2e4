// A new order built where the customer chose (from the comparison, comparison.ts): the provider
// is checked again on the server — it exists in this firm, is active, can build the design
// (its restriction, checked with the engine's rules) and has room — and a partner gets the
// order routed to it, to accept by its deadline, exactly as routing.ts routes.
import type { CompiledModel, Configuration } from '@customerize/engine';
import type { Db } from '../db/types.ts';
import { NotFound } from '../http/errors.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { acceptHoursOf, routingOrder } from './providers.ts';
import { candidatesFor, NotRoutable, type Candidate } from './routing.ts';

/** The provider with id `providerId` (null: the own workshop) as a candidate, else 404. */
export async function chosenProvider(
  db: Db,
  tenantId: string,
  productId: string,
  providerId: string | null,
): Promise<Candidate> {
  const c = (await candidatesFor(db, tenantId, productId)).find((x) => x.id === providerId);
  if (!c || (providerId !== null && !c.provider))
    throw new NotFound('provider', providerId ?? 'own');
  return c;
}

/** 409 naming `providerId` unless the provider is active and can build this (valid) design. */
export function assertCanBuild(
  compiled: CompiledModel,
  choices: Configuration,
  c: Candidate,
): void {
  if (routingOrder(compiled, choices, [c], []).length === 0)
    throw new NotRoutable(
      c.active
        ? `${c.name} cannot build this design; compare the providers again.`
        : `${c.name} takes no orders now; compare the providers again.`,
    );
}

export function noRoom(c: Candidate): NotRoutable {
  return new NotRoutable(`${c.name} has no free capacity for this design now.`);
}

/** How a new order at `c` starts: a partner has it routed, to accept by its deadline. */
export function initialRouting(
  tenant: Tenant,
  c: Candidate | null,
  now: Date,
): {
  providerId: string | null;
  routingStatus: 'routed' | 'accepted';
  routingDeadline: Date | null;
  note: string | null;
} {
  if (!c || c.id === null)
    return { providerId: null, routingStatus: 'accepted', routingDeadline: null, note: null };
  const deadline = new Date(now.getTime() + acceptHoursOf(c.provider, tenant.settings) * 3_600_000);
  return {
    providerId: c.id,
    routingStatus: 'routed',
    routingDeadline: deadline,
    note: `Ordered from ${c.name}, chosen by the customer; routed to ${c.name}, to accept by ${deadline.toISOString()}.`,
  };
}
