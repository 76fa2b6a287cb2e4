// DealTime: one finished design, priced and dated at every provider able to build it, side by
// side. Able means active, within the provider's restriction (checked by the engine) and with
// room in its own calendar; the date is scheduled on its own work centers plus its extra lead
// days, exactly as an order placed there (place-order.ts) and routing (routing.ts) schedule it.
import {
  missingCustomerInput,
  validate,
  validatePersonalization,
  type CompiledModel,
  type Configuration,
} from '@customerize/engine';
import type { DesignContract } from '../contracts/buyer-contract.ts';
import type { Db } from '../db/types.ts';
import { MissingCustomerInput, OrderRefused } from '../orders/place-order.ts';
import { canonicalChoices, withReward } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { routingOrder } from './providers.ts';
import { candidatesFor, quoteAt, type Candidate } from './routing.ts';

export type ProviderQuote = {
  /** id null: the firm's own workshop. */
  provider: { id: string | null; name: string };
  /** What the customer pays there, minor units: the firm's list price (less their reward). */
  total: number;
  currency: string;
  promisedDate: string;
  /** The product's lead time plus the provider's extra lead days. */
  leadTimeDays: number;
};

type Reward = { id: string; description: string; amount: number; currency: string } | null;

/**
 * Refuses what is not a finished, buildable design: 409 `invalid` with the engine's violations,
 * or 409 `missing-input` when only the customer can give what is missing.
 */
export function assertFinished(
  compiled: CompiledModel,
  choices: Configuration,
  personalization: Record<string, string>,
): Configuration {
  const known = canonicalChoices(compiled, choices);
  const violations = [
    ...validate(compiled, choices).violations,
    ...validatePersonalization(compiled, personalization, known).map((i) => ({
      rule: `personalization:${i.field}`,
      message: i.message,
    })),
  ];
  if (violations.length > 0)
    throw new OrderRefused(
      'invalid',
      `This design cannot be built: ${violations.map((v) => v.message).join('; ')}`,
      { violations, explanation: violations.map((v) => v.message).join(' ') },
    );
  const missing = missingCustomerInput(compiled, known);
  if (missing.length > 0) throw new MissingCustomerInput(compiled, missing);
  return known;
}

/** Cheapest first, then the earliest date; ties keep the own workshop first, then by name. */
function byDeal(a: ProviderQuote, b: ProviderQuote): number {
  return (
    a.total - b.total ||
    a.promisedDate.localeCompare(b.promisedDate) ||
    (a.provider.id === null ? 0 : 1) - (b.provider.id === null ? 0 : 1) ||
    a.provider.name.localeCompare(b.provider.name)
  );
}

/**
 * Every provider able to build the design, with its price and date; providers without room in
 * their calendar within the scheduling horizon are left out. The work is one engine check per
 * provider (linear in the model, like POST /quote) and a schedule over its own centers.
 */
export async function compareProviders(
  db: Db,
  tenant: Tenant,
  compiled: CompiledModel,
  productId: string,
  design: { choices: Configuration; personalization: Record<string, string> },
  now: Date,
  reward: Reward,
  /** A company member's contract (contracts/buyer-contract.ts): their price everywhere. */
  contract: DesignContract | null = null,
): Promise<ProviderQuote[]> {
  const choices = assertFinished(compiled, design.choices, design.personalization);
  const able = routingOrder(
    compiled,
    choices,
    await candidatesFor(db, tenant.id, productId),
    [],
  ) as Candidate[];
  const out: ProviderQuote[] = [];
  for (const c of able) {
    const q = await quoteAt(db, tenant, compiled, { ...design, choices, contract }, c, now);
    if (!q) continue;
    const priced = withReward(q, reward);
    out.push({
      provider: { id: c.id, name: c.name },
      total: priced.total,
      currency: priced.currency,
      promisedDate: q.promisedDate,
      leadTimeDays: q.leadTimeDays + (c.provider?.extraLeadDays ?? 0),
    });
  }
  return out.sort(byDeal);
}
