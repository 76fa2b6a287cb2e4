// The insight reports for the firm's console: demand by option and the variety & effectiveness
// scorecard of one product over a period. Reads go through the stores (tenant-scoped); the
// variety facts of a published version (exact count, cheapest price) are computed once in the
// compute pool with a deadline and kept, since a published version never changes.
import type { AppDeps } from '../deps.ts';
import { getCompiledBytes, getProduct } from '../catalog/catalog.store.ts';
import { ComputeBusy, ModelTooExpensive, NotFound, ValidationFailed } from '../http/errors.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { localDate } from './customer-value.ts';
import {
  labelsFrom,
  OPTION_DEMAND_EXPLANATION,
  perBucket,
  perSegment,
  perValue,
} from './option-demand.ts';
import { demandTotals, optionDemandRows, type Period } from './option-demand.store.ts';
import {
  MARGIN_EXPLANATION,
  marginsPerValue,
  premiumOf,
  scorecardFigures,
  type OfferedFacts,
} from './scorecard.ts';
import {
  getVarietyFacts,
  orderFigures,
  ordersPerVersion,
  productModels,
  providerOptionCosts,
  putVarietyFacts,
  valuesPerVersion,
  versionModels,
  type VarietyFactsRow,
} from './scorecard.store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'compute'>;

/** How long counting a model and finding its cheapest configuration may take in the pool. */
export const VARIETY_DEADLINE_MS = 5_000;
/** The default period: the last 365 days up to today (firm's time zone). */
export const DEFAULT_DAYS = 365;
/** The longest period asked for at once. */
export const MAX_DAYS = 3_660;

const DAY_MS = 86_400_000;

export async function periodOf(
  deps: Deps,
  tenantId: string,
  query: { from?: string; to?: string },
): Promise<Period> {
  const tenant = await getTenant(deps.db, tenantId);
  const timezone = tenant?.settings.timezone ?? 'UTC';
  const to = query.to ?? localDate(deps.clock.now(), timezone);
  const from =
    query.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS)
      .toISOString()
      .slice(0, 10);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (!Number.isFinite(days))
    throw new ValidationFailed([{ field: 'from', message: 'not a date' }]);
  if (days < 0)
    throw new ValidationFailed([{ field: 'from', message: 'must be on or before `to`' }]);
  if (days >= MAX_DAYS)
    throw new ValidationFailed([
      { field: 'from', message: `the period may be at most ${MAX_DAYS} days` },
    ]);
  return { from, to, timezone };
}

async function productOf(deps: Deps, tenantId: string, productId: string) {
  const product = await getProduct(deps.db, tenantId, productId);
  if (!product) throw new NotFound('product', productId);
  return product;
}

export async function optionDemandReport(
  deps: Deps,
  tenantId: string,
  query: {
    product: string;
    from?: string;
    to?: string;
    bucket?: 'week' | 'month';
    segment?: string;
  },
) {
  const product = await productOf(deps, tenantId, query.product);
  const period = await periodOf(deps, tenantId, query);
  const bucket = query.bucket ?? 'month';
  const segment = query.segment ?? null;
  const [rows, totals, models] = [
    await optionDemandRows(deps.db, tenantId, product.id, period, bucket, segment),
    await demandTotals(deps.db, tenantId, product.id, period, segment),
    await productModels(deps.db, tenantId, product.id),
  ];
  const labels = labelsFrom(models.map((m) => m.model));
  return {
    product: { id: product.id, name: product.name },
    from: period.from,
    to: period.to,
    timezone: period.timezone,
    bucket,
    segment,
    totals,
    values: perValue(rows, labels),
    overTime: perBucket(rows, labels),
    bySegment: perSegment(rows, labels),
    explanation: OPTION_DEMAND_EXPLANATION,
  };
}

/**
 * The variety facts of a published version: kept when computed before, else computed in the pool
 * (the model's bytes sent only when the worker does not hold it) and kept. A deadline or a busy
 * pool is reported, not kept, so a later request tries again.
 */
export async function varietyFactsFor(
  deps: Deps,
  tenantId: string,
  versionId: string,
): Promise<VarietyFactsRow | { unavailable: string }> {
  const kept = await getVarietyFacts(deps.db, tenantId, versionId);
  if (kept) return kept;
  const key = `${tenantId}/${versionId}`;
  const options = { tenant: tenantId, deadlineMs: VARIETY_DEADLINE_MS };
  try {
    let result = await deps.compute.run(
      'variety-facts',
      { key, bytes: null, deadlineMs: VARIETY_DEADLINE_MS },
      options,
    );
    if (result.kind === 'need-model') {
      const bytes = await getCompiledBytes(deps.db, tenantId, versionId);
      if (!bytes) return { unavailable: 'The version has no compiled model.' };
      result = await deps.compute.run(
        'variety-facts',
        { key, bytes, deadlineMs: VARIETY_DEADLINE_MS },
        options,
      );
    }
    if (result.kind === 'need-model') return { unavailable: 'The model could not be loaded.' };
    const row: VarietyFactsRow = {
      tenantId,
      productVersionId: versionId,
      configurations: result.configurations,
      cheapestPrice: result.cheapestPrice,
      currency: result.currency,
      computedAt: deps.clock.now(),
    };
    await putVarietyFacts(deps.db, row);
    return row;
  } catch (e) {
    if (e instanceof ModelTooExpensive)
      return { unavailable: `Counting took longer than ${VARIETY_DEADLINE_MS / 1000} s.` };
    if (e instanceof ComputeBusy)
      return { unavailable: 'The model workers are busy; the figure comes at a later visit.' };
    throw e;
  }
}

export async function scorecardReport(
  deps: Deps,
  tenantId: string,
  query: { product: string; from?: string; to?: string },
) {
  const product = await productOf(deps, tenantId, query.product);
  const period = await periodOf(deps, tenantId, query);
  const models = await productModels(deps.db, tenantId, product.id);
  const published = models.find((m) => m.status === 'published');
  let offered: OfferedFacts = {
    status: 'unavailable',
    versionId: null,
    reason: 'The product has no published version.',
  };
  if (published) {
    const facts = await varietyFactsFor(deps, tenantId, published.id);
    offered =
      'unavailable' in facts
        ? { status: 'unavailable', versionId: published.id, reason: facts.unavailable }
        : { status: 'counted', versionId: published.id, configurations: facts.configurations };
  }
  const figures = await orderFigures(deps.db, tenantId, product.id, period);
  const perVersion = await ordersPerVersion(deps.db, tenantId, product.id, period);
  const withCheapest = [];
  for (const v of perVersion) {
    const facts = await varietyFactsFor(deps, tenantId, v.versionId);
    withCheapest.push({ ...v, cheapest: 'unavailable' in facts ? null : facts.cheapestPrice });
  }
  const counts = await valuesPerVersion(deps.db, tenantId, product.id, period);
  const ordered = await versionModels(
    deps.db,
    tenantId,
    perVersion.map((v) => v.versionId),
  );
  const labels = labelsFrom(models.map((m) => m.model));
  const margins = marginsPerValue(
    counts,
    ordered,
    await providerOptionCosts(deps.db, tenantId, product.id),
    labels,
  );
  const costsMissing = margins.some((m) => m.costSource === 'missing');
  return {
    product: { id: product.id, name: product.name },
    from: period.from,
    to: period.to,
    timezone: period.timezone,
    currency: published?.model.currency ?? models[0]?.model.currency ?? null,
    figures: scorecardFigures(offered, figures, premiumOf(withCheapest), margins),
    margins: {
      costsMissing,
      items: margins,
      explanation: {
        ...MARGIN_EXPLANATION,
        inputs: [
          {
            name: 'valuesWithoutCosts',
            value: margins.filter((m) => m.costSource === 'missing').length,
          },
        ],
      },
    },
  };
}
