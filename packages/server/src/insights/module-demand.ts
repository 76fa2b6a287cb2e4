// Module demand for operations (docs/insights.md#module-demand): how many of each part/module
// (each BOM line, by sku and unit) the firm's orders are expected to use in each of the next
// weeks. Two things are combined per product:
//   - the order trend: units ordered per week over the history window (default 12 weeks),
//     extended by a straight line fitted by least squares and floored at 0;
//   - the option mix: how much of each BOM line one unit of the product used on average over
//     the same window (its total quantity / the units ordered), which is where the customers'
//     choices show (a frame in steel or in aluminium is another sku).
// Expected use of a part in a week = Σ over products of (forecast units × quantity per unit).
// `forecastModuleDemand` is the pure calculation; `moduleDemandForecast` reads the history and
// is what the operations planning work (replenishment) calls.
import type { Db } from '../db/types.ts';
import { weeklyPartUse, weeklyUnits } from './module-demand.store.ts';

export const DEFAULT_FORECAST_WEEKS = 8;
export const DEFAULT_HISTORY_WEEKS = 12;
export const MAX_FORECAST_WEEKS = 52;
export const MAX_HISTORY_WEEKS = 104;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Numbers are kept to 6 decimals (as BOM quantities are merged), so sums do not drift. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** y ≈ intercept + slope · x over x = 0, 1, …, n − 1 (least squares); flat for one point. */
export function linearTrend(ys: readonly number[]): { intercept: number; slope: number } {
  const n = ys.length;
  if (n === 0) return { intercept: 0, slope: 0 };
  const xMean = (n - 1) / 2;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => {
    sxy += (x - xMean) * (y - yMean);
    sxx += (x - xMean) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: yMean - slope * xMean, slope };
}

export type DemandHistory = {
  /** Number of history weeks; every series below has this length (index 0 = oldest). */
  historyWeeks: number;
  products: {
    productId: string;
    productName: string;
    units: number[];
    parts: { sku: string; unit: string; description: string | null; qty: number[] }[];
  }[];
};

export type ProductTrend = {
  productId: string;
  productName: string;
  /** Units ordered per history week: what the line was fitted on. */
  history: number[];
  intercept: number;
  slope: number;
  /** Expected units per forecast week: max(0, intercept + slope · (historyWeeks + j)). */
  forecast: number[];
};

export type PartDemand = {
  sku: string;
  unit: string;
  description: string | null;
  /** Quantity used per history week (all products). */
  history: number[];
  /** Expected quantity per forecast week. */
  forecast: number[];
  /** Sum of the forecast. */
  total: number;
  /** Per product: quantity per unit ordered (the option mix). */
  perUnit: { productId: string; qty: number }[];
};

export type ModuleDemand = {
  method: 'linear-trend';
  products: ProductTrend[];
  parts: PartDemand[];
};

/** The pure forecast: history in, expected use per part and week out. */
export function forecastModuleDemand(history: DemandHistory, weeks: number): ModuleDemand {
  const h = history.historyWeeks;
  const products: ProductTrend[] = [];
  const parts = new Map<string, PartDemand>();
  for (const p of history.products) {
    const { intercept, slope } = linearTrend(p.units);
    const forecast = Array.from({ length: weeks }, (_, j) =>
      round6(Math.max(0, intercept + slope * (h + j))),
    );
    products.push({
      productId: p.productId,
      productName: p.productName,
      history: p.units,
      intercept: round6(intercept),
      slope: round6(slope),
      forecast,
    });
    const unitsTotal = p.units.reduce((a, b) => a + b, 0);
    for (const part of p.parts) {
      const key = `${part.sku}|${part.unit}`;
      let out = parts.get(key);
      if (!out) {
        out = {
          sku: part.sku,
          unit: part.unit,
          description: part.description,
          history: Array<number>(h).fill(0),
          forecast: Array<number>(weeks).fill(0),
          total: 0,
          perUnit: [],
        };
        parts.set(key, out);
      }
      out.description ??= part.description;
      part.qty.forEach((q, i) => (out.history[i] = round6(out.history[i]! + q)));
      if (unitsTotal === 0) continue;
      const perUnit = part.qty.reduce((a, b) => a + b, 0) / unitsTotal;
      out.perUnit.push({ productId: p.productId, qty: round6(perUnit) });
      forecast.forEach((u, j) => (out.forecast[j] = out.forecast[j]! + u * perUnit));
    }
  }
  const partList = [...parts.values()].map((p) => {
    const forecast = p.forecast.map(round6);
    return { ...p, forecast, total: round6(forecast.reduce((a, b) => a + b, 0)) };
  });
  partList.sort(
    (a, b) => b.total - a.total || a.sku.localeCompare(b.sku) || a.unit.localeCompare(b.unit),
  );
  products.sort((a, b) => a.productName.localeCompare(b.productName));
  return { method: 'linear-trend', products, parts: partList };
}

export type ModuleDemandForecast = ModuleDemand & {
  /** Start (inclusive) and end (exclusive) of each history week, oldest first. */
  historyWeeks: { start: string; end: string }[];
  /** Start and end of each forecast week, from `now`. */
  forecastWeeks: { start: string; end: string }[];
};

/**
 * Expected use of each part over the next `weeks` 7-day weeks from `now`, fitted on the
 * `historyWeeks` 7-day weeks before `now` (rolling weeks, so no week is partly past).
 */
export async function moduleDemandForecast(
  db: Db,
  tenantId: string,
  opts: { weeks?: number; now: Date; historyWeeks?: number },
): Promise<ModuleDemandForecast> {
  const weeks = opts.weeks ?? DEFAULT_FORECAST_WEEKS;
  const h = opts.historyWeeks ?? DEFAULT_HISTORY_WEEKS;
  const to = opts.now;
  const from = new Date(to.getTime() - h * WEEK_MS);
  const units = await weeklyUnits(db, tenantId, from, to);
  const use = await weeklyPartUse(db, tenantId, from, to);
  const byProduct = new Map<string, DemandHistory['products'][number]>();
  for (const u of units) {
    let p = byProduct.get(u.productId);
    if (!p) {
      p = {
        productId: u.productId,
        productName: u.productName,
        units: Array(h).fill(0),
        parts: [],
      };
      byProduct.set(u.productId, p);
    }
    if (u.week >= 0 && u.week < h) p.units[u.week]! += u.units;
  }
  for (const r of use) {
    const p = byProduct.get(r.productId);
    if (!p || r.week < 0 || r.week >= h) continue;
    let part = p.parts.find((x) => x.sku === r.sku && x.unit === r.unit);
    if (!part) {
      part = { sku: r.sku, unit: r.unit, description: r.description, qty: Array(h).fill(0) };
      p.parts.push(part);
    }
    part.qty[r.week]! += r.qty;
  }
  const span = (start: number) => ({
    start: new Date(start).toISOString(),
    end: new Date(start + WEEK_MS).toISOString(),
  });
  return {
    ...forecastModuleDemand({ historyWeeks: h, products: [...byProduct.values()] }, weeks),
    historyWeeks: Array.from({ length: h }, (_, i) => span(from.getTime() + i * WEEK_MS)),
    forecastWeeks: Array.from({ length: weeks }, (_, j) => span(to.getTime() + j * WEEK_MS)),
  };
}
