// Replenishment of generic modules (docs/build-to-order.md#replenishment): how many to build
// ahead, from the module demand forecast (insights/module-demand.ts) where it covers the module,
// else a moving average of the last 4 weeks of orders; and the risk-pooling effect made visible —
// the safety stock of the one generic module for its N end variants beside what N finished
// variants stocked apart would need.
import type { Db } from '../db/types.ts';
import { moduleDemandForecast } from '../insights/module-demand.ts';
import { listStockItems, weeklyVariantUse } from './stock.store.ts';
import { movingAverage, normalQuantile, riskPooling, suggestedBuild } from './stock.ts';

export const REPLENISHMENT_HISTORY_WEEKS = 12;
export const REPLENISHMENT_FORECAST_WEEKS = 8;

export type Suggestion = {
  itemId: string;
  sku: string;
  unit: string;
  description: string;
  providerId: string | null;
  available: number;
  leadTimeDays: number;
  /** Expected use per week and where it comes from. */
  weeklyDemand: number;
  method: 'forecast' | 'moving-average';
  /** Safety stock of this generic module for its end variants (z·σ_pooled·√L)… */
  safetyStockPooled: number;
  /** …and of the same variants each stocked finished on its own (Σ z·σ_i·√L). */
  safetyStockSeparate: number;
  variants: number;
  /** Expected use over the lead time + pooled safety stock. */
  reorderLevel: number;
  /** Build this many now (0: enough on hand). */
  suggestedBuild: number;
};

export async function replenishment(
  db: Db,
  tenantId: string,
  opts: { now: Date; serviceLevel: number },
): Promise<{ serviceLevel: number; z: number; historyWeeks: number; suggestions: Suggestion[] }> {
  const z = normalQuantile(opts.serviceLevel);
  const items = (await listStockItems(db, tenantId)).filter((i) => i.generic);
  if (items.length === 0)
    return {
      serviceLevel: opts.serviceLevel,
      z,
      historyWeeks: REPLENISHMENT_HISTORY_WEEKS,
      suggestions: [],
    };
  const forecast = await moduleDemandForecast(db, tenantId, {
    now: opts.now,
    weeks: REPLENISHMENT_FORECAST_WEEKS,
    historyWeeks: REPLENISHMENT_HISTORY_WEEKS,
  });
  const use = await weeklyVariantUse(db, tenantId, opts.now, REPLENISHMENT_HISTORY_WEEKS);
  const suggestions = items.map((item): Suggestion => {
    const variants = new Map<string, number[]>();
    for (const u of use) {
      if (u.sku !== item.sku || u.unit !== item.unit) continue;
      let series = variants.get(u.variant);
      if (!series) variants.set(u.variant, (series = Array(REPLENISHMENT_HISTORY_WEEKS).fill(0)));
      series[u.week] = (series[u.week] ?? 0) + u.qty;
    }
    const part = forecast.parts.find((p) => p.sku === item.sku && p.unit === item.unit);
    const fromForecast = part !== undefined && part.total > 0;
    const total = Array.from({ length: REPLENISHMENT_HISTORY_WEEKS }, (_, w) =>
      [...variants.values()].reduce((a, s) => a + (s[w] ?? 0), 0),
    );
    const weeklyDemand = fromForecast
      ? part.total / REPLENISHMENT_FORECAST_WEEKS
      : movingAverage(total, 4);
    const leadTimeWeeks = item.leadTimeDays / 7;
    const pooling = riskPooling({ variants: [...variants.values()], leadTimeWeeks, z });
    const available = item.onHand - item.reserved;
    const build = suggestedBuild({
      weeklyDemand,
      leadTimeWeeks,
      safetyStock: pooling.pooled,
      available,
    });
    return {
      itemId: item.id,
      sku: item.sku,
      unit: item.unit,
      description: item.description,
      providerId: item.providerId,
      available,
      leadTimeDays: item.leadTimeDays,
      weeklyDemand: Math.round(weeklyDemand * 100) / 100,
      method: fromForecast ? 'forecast' : 'moving-average',
      safetyStockPooled: pooling.pooled,
      safetyStockSeparate: pooling.separate,
      variants: pooling.variants,
      reorderLevel: build.reorderLevel,
      suggestedBuild: build.quantity,
    };
  });
  return {
    serviceLevel: opts.serviceLevel,
    z: Math.round(z * 10000) / 10000,
    historyWeeks: REPLENISHMENT_HISTORY_WEEKS,
    suggestions,
  };
}
