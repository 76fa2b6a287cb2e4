// Matching a bid (pure; runs in the compute pool): over every complete design that meets the
// must-haves, the flexible sets, the model and a provider's restriction, the one that maximizes
// the firm's objective with the provider's floor at most the bid — found by the engine's exact
// bounded optimization per provider, never by enumerating designs.
//
// Why a cost bound is exact: the floor is cost + margin(cost), non-decreasing in cost (floorFor),
// so "floor ≤ bid" is "cost ≤ c*" for the largest integer c* whose floor is ≤ bid (binary search
// over the same floorFor). Cost is linear in `feature=value` keys, which the engine bounds.
// Lead time is max-aggregated (the engine cannot bound it), so "lead time ≤ days available" is
// a restriction instead: every value whose own lead time is longer is excluded — exact for max.
import {
  createSession,
  DeadlineExceededError,
  type Choices,
  type CompiledModel,
  type Configuration,
  type Explanation,
  type Objective,
  type Restriction as EngineRestriction,
  type Value,
} from '@customerize/engine';
import type { FloorPolicy } from '../providers/providers.schema.ts';
import { costOf, floorFor, type ProviderCosts } from '../providers/providers.ts';

export type BidObjective = 'most-product' | 'highest-margin';

/** A provider as matching sees it (figures read from the database beforehand). */
export type MatchProvider = {
  id: string | null;
  kind: 'own' | 'partner';
  /** feature → values it can make; null: whatever the model allows. */
  allowed: Record<string, Value[]> | null;
  costs: ProviderCosts;
  floorPolicy: FloorPolicy;
  /** Its capacity load in the delivery window (0..1), the floor's yield input. */
  load: number;
  /** Lead-time days the design may take there: latestDate − today − its extra lead days. */
  daysAvailable: number;
};

export type MatchInput = {
  mustHave: Choices;
  flexible: Record<string, Value[]>;
  price: number;
  objective: BidObjective;
  providers: MatchProvider[];
  /** Milliseconds all optimizations together may take. */
  deadlineMs?: number;
  /** The bidder's company-approved space (companies/approved-space.ts): designs stay inside. */
  restrictions?: EngineRestriction[];
};

/** The best design at one provider within its floor. */
export type ProviderMatch = {
  providerId: string | null;
  choices: Configuration;
  listPrice: number;
  cost: number;
  floor: number;
  margin: number;
  /** What the objective ranks: list price (most-product) or −cost (highest-margin). */
  score: number;
};

export type MatchResult =
  | { kind: 'contradiction'; feature: string; explanation: Explanation }
  | {
      kind: 'matched';
      /** Every provider's best design within its floor, best first (ties: own, then lower floor). */
      matches: ProviderMatch[];
      /** Some provider builds the must-haves, but only slower than the date allows. */
      dateBlocked: boolean;
    };

/** The model's own cost property as provider costs (the own workshop without a cost table). */
export function modelCosts(compiled: CompiledModel): ProviderCosts {
  const cost = compiled.ir.properties.find((p) => p.name === 'cost')!;
  const optionCosts: Record<string, number> = {};
  compiled.ir.features.forEach((f, fi) =>
    f.values.forEach((v, vi) => {
      const w = cost.w[fi]?.[vi] ?? 0;
      if (w !== 0) optionCosts[`${f.id}=${String(v)}`] = w;
    }),
  );
  return { baseCost: cost.base, optionCosts, currency: compiled.model.currency };
}

/** The floor of a design that costs `cost` at this provider (same rule as floorFor). */
function floorOfCost(p: MatchProvider, cost: number): number {
  return floorFor(
    { floorPolicy: p.floorPolicy, costs: { baseCost: cost, optionCosts: {}, currency: '' } },
    {},
    p.load,
  ).floor;
}

/** The largest cost whose floor is ≤ `price`, or null when even `minCost` is too dear. */
export function maxCostWithin(p: MatchProvider, price: number, minCost: number): number | null {
  if (floorOfCost(p, minCost) > price) return null;
  // The margin is never negative, so the floor is ≥ the cost: nothing above `price` qualifies.
  let lo = minCost;
  let hi = Math.max(minCost, price);
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (floorOfCost(p, mid) <= price) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** `feature=value` cost weights the model knows (unknown keys cost nothing in costOf either). */
function costWeights(compiled: CompiledModel, costs: ProviderCosts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of compiled.ir.features)
    for (const v of f.values) {
      const w = costs.optionCosts[`${f.id}=${String(v)}`];
      if (w) out[`${f.id}=${String(v)}`] = w;
    }
  return out;
}

/** The lowest cost any design could have at this provider (base + every saving). */
function minCostOf(compiled: CompiledModel, costs: ProviderCosts): number {
  let total = costs.baseCost;
  for (const f of compiled.ir.features)
    total += Math.min(0, ...f.values.map((v) => costs.optionCosts[`${f.id}=${String(v)}`] ?? 0));
  return total;
}

/**
 * "Lead time ≤ days" as what it means for a max-aggregated lead time: values whose own lead time
 * is longer are excluded (a sum-aggregated lead time becomes a bound instead). Null: no design
 * can make it (the product's base lead time alone is too long, or a feature has no value left).
 */
function leadTimeLimit(
  compiled: CompiledModel,
  days: number,
): {
  restriction: EngineRestriction | null;
  bound: { weights: Record<string, number>; max: number } | null;
} | null {
  const lead = compiled.ir.properties.find((p) => p.name === 'leadTimeDays')!;
  if (lead.aggregate === 'sum') {
    const weights: Record<string, number> = {};
    compiled.ir.features.forEach((f, fi) =>
      f.values.forEach((v, vi) => {
        const w = lead.w[fi]?.[vi] ?? 0;
        if (w !== 0) weights[`${f.id}=${String(v)}`] = w;
      }),
    );
    return { restriction: null, bound: { weights, max: days - lead.base } };
  }
  if (Math.max(0, lead.base) > days) return null;
  const allowed: Record<string, Value[]> = {};
  for (const [fi, f] of compiled.ir.features.entries()) {
    const ok = f.values.filter((_, vi) => (lead.w[fi]?.[vi] ?? 0) <= days);
    if (ok.length === 0) return null;
    if (ok.length < f.values.length) allowed[f.id] = ok;
  }
  return {
    restriction: Object.keys(allowed).length ? { id: 'lead-time', allowed } : null,
    bound: null,
  };
}

/** The first must-have that contradicts the model or the ones before it, with the engine's why. */
export function contradiction(
  compiled: CompiledModel,
  mustHave: Choices,
): { feature: string; explanation: Explanation } | null {
  const session = createSession(compiled);
  for (const [feature, value] of Object.entries(mustHave)) {
    const r = session.select(feature, value);
    if (!r.ok) return { feature, explanation: r.explanation };
  }
  return null;
}

function objectiveOf(
  compiled: CompiledModel,
  objective: BidObjective,
  costs: ProviderCosts,
): Objective {
  return objective === 'most-product'
    ? { sense: 'max', weights: { price: 1 } }
    : { sense: 'min', weights: costWeights(compiled, costs) };
}

/** List price of a configuration from the engine's own price property. */
function listPriceOf(compiled: CompiledModel, config: Configuration): number {
  const price = compiled.ir.properties.find((p) => p.name === 'price')!;
  let total = price.base;
  compiled.ir.features.forEach((f, fi) => {
    const v = config[f.id];
    if (v === undefined) return;
    const vi = f.values.findIndex((x) => x === v);
    if (vi >= 0) total += price.w[fi]?.[vi] ?? 0;
  });
  return total;
}

/** Best first: higher score, then the own workshop, then the lower floor. */
export function compareMatches(a: ProviderMatch, b: ProviderMatch): number {
  return (
    b.score - a.score ||
    (a.providerId === null ? 0 : 1) - (b.providerId === null ? 0 : 1) ||
    a.floor - b.floor
  );
}

/**
 * Matches a bid against every provider. Throws DeadlineExceededError past `deadlineMs`.
 * Customer-input features must be among the must-haves (the caller refuses the bid otherwise).
 */
export function matchBid(compiled: CompiledModel, input: MatchInput): MatchResult {
  const contra = contradiction(compiled, input.mustHave);
  if (contra) return { kind: 'contradiction', ...contra };
  const started = Date.now();
  const remaining = () => {
    if (input.deadlineMs === undefined) return undefined;
    const left = input.deadlineMs - (Date.now() - started);
    if (left <= 0) throw new DeadlineExceededError(input.deadlineMs);
    return left;
  };
  const flexible: EngineRestriction | null = Object.keys(input.flexible).length
    ? { id: 'flexible', allowed: input.flexible }
    : null;
  const matches: ProviderMatch[] = [];
  let dateBlocked = false;
  for (const p of input.providers) {
    const own: EngineRestriction | null = p.allowed ? { id: 'provider', allowed: p.allowed } : null;
    const base = [own, flexible, ...(input.restrictions ?? [])].filter(
      (r): r is EngineRestriction => r !== null,
    );
    const lead = p.daysAvailable < 0 ? null : leadTimeLimit(compiled, p.daysAvailable);
    const leadRestrictions = lead?.restriction ? [...base, lead.restriction] : base;
    const leadBounds = lead?.bound ? [lead.bound] : [];
    const maxCost =
      lead === null ? null : maxCostWithin(p, input.price, minCostOf(compiled, p.costs));
    const found =
      lead === null || maxCost === null
        ? null
        : compiled.backend.optimize(
            input.mustHave,
            objectiveOf(compiled, input.objective, p.costs),
            {
              restrictions: leadRestrictions,
              bounds: [
                { weights: costWeights(compiled, p.costs), max: maxCost - p.costs.baseCost },
                ...leadBounds,
              ],
              deadlineMs: remaining(),
            },
          );
    if (!found) {
      // Whether the date, not the price, rules this provider out: decided without the floor (a
      // design by the date at any price, and one at all), so it is the same at every bid.
      const byDate =
        lead !== null &&
        compiled.backend.optimize(
          input.mustHave,
          { sense: 'max', weights: {} },
          { restrictions: leadRestrictions, bounds: leadBounds, deadlineMs: remaining() },
        ) !== null;
      if (
        !byDate &&
        compiled.backend.optimize(
          input.mustHave,
          { sense: 'max', weights: {} },
          { restrictions: base, deadlineMs: remaining() },
        ) !== null
      )
        dateBlocked = true;
      continue;
    }
    const choices = { ...found, ...input.mustHave };
    const f = floorFor(p, choices, p.load);
    const listPrice = listPriceOf(compiled, choices);
    matches.push({
      providerId: p.id,
      choices,
      listPrice,
      cost: costOf(p.costs, choices),
      floor: f.floor,
      margin: f.margin,
      score: input.objective === 'most-product' ? listPrice : -f.cost,
    });
  }
  matches.sort(compareMatches);
  return { kind: 'matched', matches, dateBlocked };
}
