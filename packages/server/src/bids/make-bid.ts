// Making a bid: check it, apply the rebid and rate rules, match it in the compute pool (off the
// event loop, with a deadline), then — in one transaction under the firm's capacity lock —
// schedule the best match at its provider, hold that capacity and record the bid. Fifty
// concurrent bids on scarce capacity are serialized by the lock, so no minute is held twice.
import {
  approvedRestrictionsFor,
  approvedSpaceOutside,
  assertInApprovedSpace,
} from '../companies/approved-space.ts';
import { validatePersonalization, type CompiledModel, type Value } from '@customerize/engine';
import { hit } from '../auth/rate-limit.ts';
import { sha256 } from '../auth/tokens.ts';
import { compiledVersion, ensureProven } from '../catalog/catalog.ts';
import { getCompiledBytes, getProduct, getVersionSummary } from '../catalog/catalog.store.ts';
import { lockCapacity } from '../capacity/capacity.store.ts';
import { addDays, dateInZone, NoCapacity } from '../capacity/capacity.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { ComputeBusy, Conflict, HttpProblem, NotFound, ValidationFailed } from '../http/errors.ts';
import { notify } from '../notify/notify.ts';
import { DEFAULT_FLOOR_POLICY } from '../providers/providers.ts';
import { providerLoads } from '../providers/providers.store.ts';
import { candidatesFor } from '../providers/routing.ts';
import { quoteDesign, type FullQuote } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import {
  ACCEPTED_FROM_DAYS,
  bandUp,
  bidChoiceErrors,
  bidSettings,
  MAX_BID_AMOUNT,
  MAX_BID_DAYS_AHEAD,
  rebidKeyHash,
  refusalSuggestions,
  type Bid,
} from './bids.ts';
import {
  insertBid,
  insertHolds,
  lastSameRefusal,
  lowestAccepted,
  type Bidder,
} from './bids.store.ts';
import { modelCosts, type MatchInput, type MatchProvider, type ProviderMatch } from './matching.ts';

export type BidRequest = {
  versionId: string;
  mustHave: Record<string, Value>;
  flexible: Record<string, Value[]>;
  price: { amount: number; currency: string };
  latestDate: string;
  personalization: Record<string, string>;
  email: string | null;
  customerId: string | null;
  /** The client address (guests' rebid and rate rules); only its hash is kept. */
  clientAddress: string;
  tokenHash: string;
};

/** Milliseconds matching over every provider may take before the bid answers 503. */
export const BID_MATCH_DEADLINE_MS = 5_000;

export class RebidTooSoon extends HttpProblem {
  constructor(retryAfter: Date, now: Date) {
    const seconds = Math.max(1, Math.ceil((retryAfter.getTime() - now.getTime()) / 1000));
    super(
      429,
      'rebid-too-soon',
      'This bid was refused recently',
      `The same bid (must-haves, flexibility and date) was refused recently; you may make it again from ${retryAfter.toISOString()}, or change a must-have, the flexibility or the date now.`,
      [{ field: 'mustHave', message: 'the same bid was refused recently' }],
      { 'retry-after': String(seconds) },
    );
    this.extensions = { retryAfter: retryAfter.toISOString() };
  }
}

export class BidRateLimit extends HttpProblem {
  constructor(seconds: number) {
    super(
      429,
      'bid-rate-limit',
      'Too many bids',
      `You have made too many bids; try again in ${seconds} s.`,
      [],
      { 'retry-after': String(seconds) },
    );
  }
}

export class ContradictoryMustHaves extends HttpProblem {
  constructor(feature: string, explanation: unknown) {
    super(
      422,
      'contradictory-must-haves',
      'These must-haves cannot all be had together',
      `The must-have ${feature} contradicts the product's rules or the must-haves before it.`,
      [{ field: `mustHave.${feature}`, message: 'contradicts the other must-haves' }],
    );
    this.extensions = { explanation };
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round(
    (new Date(`${to}T00:00:00.000Z`).getTime() - new Date(`${from}T00:00:00.000Z`).getTime()) /
      86_400_000,
  );
}

type Checked = {
  compiled: CompiledModel;
  productId: string;
  productName: string;
  today: string;
};

/** Every field check that needs no matching; nothing is written when one fails. */
async function checkBid(deps: AppDeps, tenant: Tenant, req: BidRequest): Promise<Checked> {
  const errors: { field: string; message: string }[] = [];
  if (req.price.currency !== tenant.settings.currency)
    errors.push({
      field: 'price.currency',
      message: `bids are in ${tenant.settings.currency}, the firm's currency`,
    });
  if (req.price.amount > MAX_BID_AMOUNT)
    errors.push({ field: 'price.amount', message: `must be at most ${MAX_BID_AMOUNT}` });
  const today = dateInZone(deps.clock.now(), tenant.settings.timezone);
  if (req.latestDate < today)
    errors.push({ field: 'latestDate', message: `must be today (${today}) or later` });
  else if (req.latestDate > addDays(today, MAX_BID_DAYS_AHEAD))
    errors.push({ field: 'latestDate', message: `must be within ${MAX_BID_DAYS_AHEAD} days` });
  const version = await getVersionSummary(deps.db, tenant.id, req.versionId);
  if (!version) throw new NotFound('product version', req.versionId);
  if (version.status !== 'published')
    throw new Conflict(
      `Version ${version.number} of this product is ${version.status}: bids are on the published version only.`,
      [{ field: 'versionId', message: `is ${version.status}` }],
    );
  const product = await getProduct(deps.db, tenant.id, version.productId);
  if (!product) throw new NotFound('product version', req.versionId);
  await ensureProven(deps, tenant.id, req.versionId);
  const compiled = await compiledVersion(deps.db, tenant.id, req.versionId);
  errors.push(...bidChoiceErrors(compiled, req.mustHave, req.flexible));
  // Texts given are checked now (unknown fields, length, pattern); whether a field is offered or
  // required depends on the design matching finds.
  for (const issue of validatePersonalization(compiled, req.personalization, req.mustHave))
    if (issue.field in req.personalization && !issue.message.includes('not offered'))
      errors.push({ field: `personalization.${issue.field}`, message: issue.message });
  if (errors.length) throw new ValidationFailed(errors);
  // A company member bids only inside what the company approved (issue 12, portal).
  await assertInApprovedSpace(
    deps.db,
    tenant.id,
    req.customerId,
    product.id,
    compiled,
    req.mustHave,
  );
  return { compiled, productId: product.id, productName: product.name, today };
}

function bidderOf(req: BidRequest): Bidder {
  return {
    customerId: req.customerId,
    email: req.customerId ? null : req.email,
    clientHash: req.customerId ? null : sha256(`bid-client:${req.clientAddress}`),
  };
}

/** The rebid rule, then the bid-rate limit (per customer, email and client address). */
async function applyRebidRules(
  deps: AppDeps,
  tenant: Tenant,
  req: BidRequest,
  rebidKey: string,
): Promise<void> {
  const now = deps.clock.now();
  const { rebidWaitHours } = bidSettings(tenant.settings);
  const waitMs = rebidWaitHours * 3_600_000;
  const bidder = bidderOf(req);
  if (waitMs > 0) {
    const last = await lastSameRefusal(
      deps.db,
      tenant.id,
      rebidKey,
      bidder,
      new Date(now.getTime() - waitMs),
    );
    if (last) throw new RebidTooSoon(new Date(last.createdAt.getTime() + waitMs), now);
  }
  const buckets = [
    ...(bidder.customerId ? [`bid:customer:${tenant.id}:${bidder.customerId}`] : []),
    ...(bidder.email ? [`bid:email:${tenant.id}:${bidder.email}`] : []),
    ...(bidder.clientHash ? [`bid:client:${tenant.id}:${bidder.clientHash}`] : []),
  ];
  for (const bucket of buckets) {
    const outcome = await hit(deps.db, bucket, deps.config.bidRateLimit, now);
    if (!outcome.allowed) throw new BidRateLimit(outcome.retryAfterSeconds);
  }
}

type ProviderInfo = MatchProvider & {
  name: string;
  extraLeadDays: number;
  acceptDeadlineHours: number;
};

/** Every active provider able to build the product, with the figures matching needs. */
async function matchProviders(
  deps: AppDeps,
  tenant: Tenant,
  compiled: CompiledModel,
  productId: string,
  today: string,
  latestDate: string,
): Promise<ProviderInfo[]> {
  const out: ProviderInfo[] = [];
  const until = addDays(latestDate, 1);
  const now = deps.clock.now();
  const loads = await providerLoads(deps.db, tenant.id, today, until, now);
  for (const c of await candidatesFor(deps.db, tenant.id, productId)) {
    if (!c.active) continue;
    // A partner builds only products it has a restriction (and costs) for.
    if (c.id !== null && (!c.restriction || !c.costs)) continue;
    const extraLeadDays = c.provider?.extraLeadDays ?? 0;
    out.push({
      id: c.id,
      kind: c.id === null ? 'own' : 'partner',
      name: c.name,
      allowed: c.restriction?.allowed ?? null,
      costs: c.costs
        ? {
            baseCost: c.costs.baseCost,
            optionCosts: c.costs.optionCosts,
            currency: c.costs.currency,
          }
        : modelCosts(compiled),
      floorPolicy: c.provider?.floorPolicy ?? DEFAULT_FLOOR_POLICY,
      load: loads.get(c.id) ?? 1,
      daysAvailable: daysBetween(today, latestDate) - extraLeadDays,
      extraLeadDays,
      acceptDeadlineHours: c.provider?.acceptDeadlineHours ?? 48,
    });
  }
  return out;
}

/** A found design scheduled at its provider; null when it cannot be done by `latestDate`. */
async function scheduleAt(
  tx: Db,
  tenant: Tenant,
  compiled: CompiledModel,
  m: ProviderMatch,
  p: ProviderInfo,
  personalization: Record<string, string>,
  latestDate: string,
  now: Date,
): Promise<FullQuote | null> {
  try {
    const q = await quoteDesign(tx, tenant, compiled, m.choices, personalization, now, {
      provider: { centersOf: p.id, extraLeadDays: p.extraLeadDays },
    });
    return q.valid && q.promisedDate <= latestDate ? q : null;
  } catch (e) {
    if (e instanceof NoCapacity) return null;
    throw e;
  }
}

/**
 * Makes a bid. `commit` runs inside the bid's transaction after the bid is recorded (the caller
 * stores the Idempotency-Key answer there). Limit: each provider offers its single best design;
 * when that design cannot be scheduled by the date (capacity), the provider is dropped rather
 * than asked for its next-best design.
 */
export async function makeBid(
  deps: AppDeps,
  tenant: Tenant,
  req: BidRequest,
  inTx: (tx: Db, bid: Bid, productName: string) => Promise<void> = async () => {},
): Promise<Bid> {
  const checked = await checkBid(deps, tenant, req);
  const { compiled, productId, today } = checked;
  const rebidKey = rebidKeyHash(productId, req.mustHave, req.flexible, req.latestDate);
  await applyRebidRules(deps, tenant, req, rebidKey);
  const settings = bidSettings(tenant.settings);
  const providers = await matchProviders(deps, tenant, compiled, productId, today, req.latestDate);
  const match: MatchInput = {
    mustHave: req.mustHave,
    flexible: req.flexible,
    price: req.price.amount,
    objective: settings.bidObjective,
    providers: providers.map((p) => ({
      id: p.id,
      kind: p.kind,
      allowed: p.allowed,
      costs: p.costs,
      floorPolicy: p.floorPolicy,
      load: p.load,
      daysAvailable: p.daysAvailable,
    })),
    deadlineMs: BID_MATCH_DEADLINE_MS,
    restrictions: await approvedRestrictionsFor(deps.db, tenant.id, req.customerId, productId, {
      compiled,
    }),
  };
  const key = `${tenant.id}/${req.versionId}`;
  const options = { tenant: tenant.id, deadlineMs: BID_MATCH_DEADLINE_MS * 2 };
  // The model's bytes go to a worker only when it does not hold the model yet.
  let result = await deps.compute.run('bid-match', { key, bytes: null, match }, options);
  if (result.kind === 'need-model') {
    const bytes = await getCompiledBytes(deps.db, tenant.id, req.versionId);
    if (!bytes) throw new NotFound('published product version', req.versionId);
    result = await deps.compute.run('bid-match', { key, bytes, match }, options);
  }
  if (result.kind === 'deadline' || result.kind === 'need-model')
    throw new ComputeBusy(5, 'Finding a design for this bid took too long; please try again.');
  if (result.kind === 'contradiction')
    throw new ContradictoryMustHaves(result.feature, result.explanation);
  const suggestions = refusalSuggestions(compiled, req.mustHave, result.dateBlocked);
  return deps.db.transaction(async (tx) => {
    await lockCapacity(tx, tenant.id);
    const now = deps.clock.now();
    let chosen: { m: ProviderMatch; p: ProviderInfo; q: FullQuote } | null = null;
    for (const m of result.matches) {
      const p = providers.find((x) => x.id === m.providerId)!;
      // Company rules over several features are not restrictions: checked on the design found.
      if (await approvedSpaceOutside(tx, tenant.id, req.customerId, productId, compiled, m.choices))
        continue;
      const q = await scheduleAt(
        tx,
        tenant,
        compiled,
        m,
        p,
        req.personalization,
        req.latestDate,
        now,
      );
      if (q) {
        chosen = { m, p, q };
        break;
      }
    }
    const expiresAt = new Date(now.getTime() + settings.bidOfferHoldMinutes * 60_000);
    const id = deps.ids.uuid();
    const bid = await insertBid(tx, {
      id,
      tenantId: tenant.id,
      productId,
      versionId: req.versionId,
      customerId: req.customerId,
      email: req.email,
      tokenHash: req.tokenHash,
      clientHash: bidderOf(req).clientHash,
      mustHave: req.mustHave,
      flexible: req.flexible,
      personalization: req.personalization,
      price: req.price.amount,
      currency: req.price.currency,
      latestDate: req.latestDate,
      status: chosen ? 'accepted' : 'refused',
      offer: chosen
        ? {
            choices: chosen.q.choices,
            listPrice: chosen.q.total,
            currency: chosen.q.currency,
            promisedDate: chosen.q.promisedDate,
            leadTimeDays: chosen.q.leadTimeDays,
            providerId: chosen.p.id,
            providerName: chosen.p.name,
            expiresAt: expiresAt.toISOString(),
            routing: chosen.q.schedule.operations.map((op) => ({
              center: op.center,
              operation: op.operation,
              hours: op.hours,
              final: op.final,
              startDate: op.startDate,
              endDate: op.endDate,
            })),
          }
        : null,
      expiresAt: chosen ? expiresAt : null,
      suggestions: chosen ? [] : suggestions,
      floor: chosen
        ? {
            providerId: chosen.p.id,
            cost: chosen.m.cost,
            floor: chosen.m.floor,
            margin: chosen.m.margin,
          }
        : null,
      rebidKeyHash: rebidKey,
      orderId: null,
      createdAt: now,
    });
    if (chosen)
      await insertHolds(
        tx,
        chosen.q.schedule.operations.flatMap((op) =>
          op.allocations.map((a) => ({
            id: deps.ids.uuid(),
            tenantId: tenant.id,
            bidId: id,
            workCenterId: a.centerId,
            day: a.day,
            minutes: a.minutes,
            expiresAt,
            createdAt: now,
          })),
        ),
      );
    await inTx(tx, bid, checked.productName);
    return bid;
  });
}

/** "Bids like yours were accepted from": only where the firm allows it, as a price band. */
export async function acceptedFromFor(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  tenant: Tenant,
  bid: Bid,
): Promise<number | null> {
  if (bid.status !== 'refused' || !bidSettings(tenant.settings).showAcceptedFrom) return null;
  const since = new Date(deps.clock.now().getTime() - ACCEPTED_FROM_DAYS * 86_400_000);
  const lowest = await lowestAccepted(deps.db, tenant.id, bid.productId, since);
  return lowest === null ? null : bandUp(lowest);
}

/** The offer email to a guest, with the bid's private link. */
export async function mailOffer(
  deps: AppDeps,
  tx: Db,
  tenant: Tenant,
  bid: Bid,
  productName: string,
  token: string,
): Promise<void> {
  if (!bid.offer || bid.customerId || !bid.email) return;
  await notify({ ...deps, db: tx }, tenant.id, {
    kind: 'bid.offer',
    email: bid.email,
    productName,
    price: bid.price,
    currency: bid.currency,
    promisedDate: bid.offer.promisedDate,
    providerName: bid.offer.providerName,
    expiresAt: new Date(bid.offer.expiresAt),
    link: `${deps.config.publicUrl}/bids/${bid.id}?token=${token}`,
  });
}
