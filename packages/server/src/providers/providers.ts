// Providers as plain data, and the rules about them: what a provider can build (a restriction on
// a product's model, checked together with the engine's own rules), what a design costs it, the
// firm's floor price there, and which provider an order goes to next.
import { validate, type CompiledModel, type Configuration, type Value } from '@customerize/engine';
import type { FieldError } from '../http/errors.ts';
import type { TenantSettings } from '../tenants/tenants.ts';
import type { FloorPolicy, ProviderKind } from './providers.schema.ts';

/** A provider's restriction of one product: feature → the values it can make. */
export type Restriction = { allowed: Record<string, Value[]> };

/** What a design costs a provider, in minor units of `currency`. */
export type ProviderCosts = {
  baseCost: number;
  /** `feature=value` → cost. */
  optionCosts: Record<string, number>;
  currency: string;
};

export const DEFAULT_FLOOR_POLICY: FloorPolicy = {
  marginAbs: 0,
  marginPercent: 20,
  yield: {
    enabled: false,
    slackBelow: 0.3,
    fullAbove: 0.85,
    slackDiscountPercent: 50,
    fullPremiumPercent: 50,
  },
};

/** Hours a partner has to accept a routed order when neither it nor the firm says otherwise. */
export const DEFAULT_PROVIDER_ACCEPT_HOURS = 48;

/** The accept deadline of a provider, in hours: its own, else the firm's setting, else 48. */
export function acceptHoursOf(
  provider: { acceptDeadlineHours: number | null } | null,
  settings: TenantSettings,
): number {
  return (
    provider?.acceptDeadlineHours ?? settings.providerAcceptHours ?? DEFAULT_PROVIDER_ACCEPT_HOURS
  );
}

/**
 * Field errors of a restriction that names what the model does not have: unknown features,
 * values outside a feature's domain, or a feature restricted to nothing at all.
 */
export function restrictionErrors(compiled: CompiledModel, r: Restriction): FieldError[] {
  const errors: FieldError[] = [];
  for (const [featureId, values] of Object.entries(r.allowed)) {
    const field = `allowed.${featureId}`;
    const feature = compiled.model.features.find((f) => f.id === featureId);
    if (!feature) {
      errors.push({ field, message: `the model has no feature ${featureId}` });
      continue;
    }
    if (values.length === 0) {
      errors.push({ field, message: 'allow at least one value (or leave the feature out)' });
      continue;
    }
    values.forEach((v, i) => {
      if (!inDomain(feature, v))
        errors.push({
          field: `${field}.${i}`,
          message: `${String(v)} is not a value of ${featureId}`,
        });
    });
  }
  return errors;
}

type ModelFeature = CompiledModel['model']['features'][number];

function inDomain(feature: ModelFeature, v: Value): boolean {
  switch (feature.type) {
    case 'enum':
      return typeof v === 'string' && feature.options.some((o) => o.id === v);
    case 'bool':
      return typeof v === 'boolean';
    case 'int':
      return Number.isInteger(v) && (v as number) >= feature.min && (v as number) <= feature.max;
    default:
      return false;
  }
}

/** The chosen values a provider cannot make: feature ids, in the order chosen. */
export function outsideRestriction(r: Restriction, choices: Configuration): string[] {
  return Object.entries(choices)
    .filter(([f, v]) => {
      const allowed = r.allowed[f];
      return allowed !== undefined && v !== undefined && !allowed.some((a) => a === v);
    })
    .map(([f]) => f);
}

/**
 * A provider can build a design iff the engine says it is valid and every chosen value is one
 * the provider can make.
 */
export function canBuild(compiled: CompiledModel, r: Restriction, choices: Configuration): boolean {
  return validate(compiled, choices).valid && outsideRestriction(r, choices).length === 0;
}

/** What a design costs a provider: its base cost plus the cost of each chosen value. */
export function costOf(costs: ProviderCosts, choices: Configuration): number {
  let total = costs.baseCost;
  for (const [f, v] of Object.entries(choices))
    total += costs.optionCosts[`${f}=${String(v)}`] ?? 0;
  return total;
}

export type Floor = { cost: number; margin: number; floor: number; currency: string };

/**
 * The firm's floor price for a design at a provider: cost plus the minimum margin (the larger of
 * the absolute margin and the percent of cost), the margin lowered when the provider's capacity
 * in the delivery window is slack (`capacityLoad` ≤ slackBelow) and raised when it is nearly
 * full (≥ fullAbove), unless the firm turned yield management off. Integer minor units; the
 * margin never goes below zero. Pure: the same inputs always give the same floor.
 */
export function floorFor(
  provider: { floorPolicy: FloorPolicy; costs: ProviderCosts },
  configuration: Configuration,
  capacityLoad: number,
): Floor {
  const policy = provider.floorPolicy;
  const cost = costOf(provider.costs, configuration);
  let margin = Math.max(policy.marginAbs, Math.ceil((cost * policy.marginPercent) / 100));
  const y = policy.yield;
  if (y.enabled) {
    if (capacityLoad <= y.slackBelow)
      margin = Math.ceil((margin * (100 - y.slackDiscountPercent)) / 100);
    else if (capacityLoad >= y.fullAbove)
      margin = Math.ceil((margin * (100 + y.fullPremiumPercent)) / 100);
  }
  margin = Math.max(0, margin);
  return { cost, margin, floor: cost + margin, currency: provider.costs.currency };
}

/**
 * A provider as routing sees it. The firm's own workshop has id null (its work centers and its
 * orders carry no provider id) and, without a restriction, builds whatever the model allows; a
 * partner builds only products it has a restriction for.
 */
export type RoutingCandidate = {
  id: string | null;
  kind: ProviderKind;
  active: boolean;
  restriction: Restriction | null;
  costs: ProviderCosts | null;
};

/**
 * The providers that may be asked to build a design, cheapest first: active, not already asked
 * (`exclude`), with a restriction for the product that the design meets. Ties keep the firm's
 * own workshop first, then the given order.
 */
export function routingOrder(
  compiled: CompiledModel,
  choices: Configuration,
  candidates: RoutingCandidate[],
  exclude: readonly string[],
): RoutingCandidate[] {
  if (!validate(compiled, choices).valid) return [];
  const able = candidates.filter(
    (c) =>
      c.active &&
      !(c.id !== null && exclude.includes(c.id)) &&
      (c.restriction === null
        ? c.kind === 'own'
        : outsideRestriction(c.restriction, choices).length === 0),
  );
  const cost = (c: RoutingCandidate) =>
    c.costs ? costOf(c.costs, choices) : Number.MAX_SAFE_INTEGER;
  return able
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        cost(a.c) - cost(b.c) ||
        (a.c.kind === 'own' ? 0 : 1) - (b.c.kind === 'own' ? 0 : 1) ||
        a.i - b.i,
    )
    .map(({ c }) => c);
}
