// Modules in stock, over plain data (docs/build-to-order.md#modules-and-stock):
// - what an order needs from stock (its BOM lines, in whole units);
// - the promise with stock: when every module a design needs is available at the location it is
//   built at, and its product has a postponement point, only the postponed routing steps remain;
// - replenishment: build-ahead suggestions for generic modules and the risk-pooling effect
//   (safety stock of one generic module for N end variants vs N finished variants stocked apart).
import type { BomLine, WorkLine } from '@customerize/engine';
import { Conflict, ValidationFailed } from '../http/errors.ts';
import type { StockMovementKind } from './stock.schema.ts';

/** One stocked thing an order needs: a BOM line's sku and unit, in whole units. */
export type StockNeed = {
  sku: string;
  unit: string;
  qty: number;
  description: string;
  /** A generic module built ahead (what the studio names), known once matched with stock. */
  generic?: boolean;
};

/** The BOM of a design as whole units per sku and unit (a fraction counts as a whole unit). */
export function stockNeeds(bom: readonly BomLine[]): StockNeed[] {
  const out = new Map<string, StockNeed>();
  for (const b of bom) {
    const unit = b.unit ?? '';
    const key = `${b.sku}\u0000${unit}`;
    const cur = out.get(key);
    if (cur) cur.qty += b.qty;
    else out.set(key, { sku: b.sku, unit, qty: b.qty, description: b.description ?? '' });
  }
  return [...out.values()]
    .map((n) => ({ ...n, qty: Math.ceil(n.qty - 1e-9) }))
    .filter((n) => n.qty > 0)
    .sort((a, b) => a.sku.localeCompare(b.sku) || a.unit.localeCompare(b.unit));
}

export type Availability = {
  sku: string;
  unit: string;
  available: number;
  description: string;
  generic?: boolean;
};

/**
 * Whether a design can be promised from stock: the product has a postponement point, the design
 * needs at least one BOM line, and every line is available (on hand − reserved) at the location.
 * Then the routing left is the postponed steps only (work at the postponed centers).
 */
export function stockPlan(input: {
  postponedCenters: readonly string[] | null;
  bom: readonly BomLine[];
  routing: readonly WorkLine[];
  available: readonly Availability[];
}): { needs: StockNeed[]; postponed: WorkLine[] } | null {
  if (!input.postponedCenters) return null;
  const needs = stockNeeds(input.bom);
  if (needs.length === 0) return null;
  const have = new Map(input.available.map((a) => [`${a.sku}\u0000${a.unit}`, a]));
  for (const n of needs) {
    const a = have.get(`${n.sku}\u0000${n.unit}`);
    if (!a || a.available < n.qty) return null;
    if (!n.description) n.description = a.description;
    if (a.generic) n.generic = true;
  }
  const centers = new Set(input.postponedCenters);
  return { needs, postponed: input.routing.filter((w) => centers.has(w.center)) };
}

/**
 * What the studio names in its faster date: the generic modules built ahead ("the stocked
 * Aluminium tube set"), else "the stocked parts".
 */
export function stockedLabel(needs: readonly StockNeed[]): string {
  const names = needs.filter((n) => n.generic).map((n) => n.description || n.sku);
  if (names.length === 0) return 'the stocked parts';
  const list =
    names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `the stocked ${list}`;
}

// ——— Errors ———

/** A reservation asks for more than is available (on hand − reserved). */
export class InsufficientStock extends Conflict {
  constructor(sku: string, unit: string, wanted: number, field = 'choices') {
    super(
      `Not enough ${sku}${unit ? ` (${unit})` : ''} in stock for this order: it needs ${wanted}. Quote it again for the date without stock.`,
      [{ field, message: `needs ${wanted} of ${sku}, more than is available` }],
    );
    this.extensions = { code: 'insufficient-stock', sku, unit, wanted };
  }
}

/** An adjustment would make on hand negative or less than what is reserved. */
export class StockBelowReserved extends ValidationFailed {
  constructor(onHand: number, reserved: number, change: number) {
    super([
      {
        field: 'quantity',
        message:
          onHand + change < 0
            ? `would make stock negative (on hand ${onHand}, change ${change})`
            : `would leave less on hand (${onHand + change}) than is reserved for orders (${reserved})`,
      },
    ]);
  }
}

// ——— Views ———

export type StockItemRow = {
  id: string;
  sku: string;
  unit: string;
  description: string;
  providerId: string | null;
  generic: boolean;
  onHand: number;
  reserved: number;
  reorderPoint: number;
  leadTimeDays: number;
  updatedAt: Date;
};

export function itemView(r: StockItemRow) {
  return {
    id: r.id,
    sku: r.sku,
    unit: r.unit,
    description: r.description,
    providerId: r.providerId,
    generic: r.generic,
    onHand: r.onHand,
    reserved: r.reserved,
    available: r.onHand - r.reserved,
    reorderPoint: r.reorderPoint,
    leadTimeDays: r.leadTimeDays,
    belowReorderPoint: r.onHand - r.reserved <= r.reorderPoint,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export type MovementRow = {
  id: string;
  kind: StockMovementKind;
  onHandChange: number;
  reservedChange: number;
  orderId: string | null;
  note: string;
  byLabel: string;
  at: Date;
};

export function movementView(m: MovementRow) {
  return {
    id: m.id,
    kind: m.kind,
    onHandChange: m.onHandChange,
    reservedChange: m.reservedChange,
    orderId: m.orderId,
    note: m.note,
    by: m.byLabel,
    at: m.at.toISOString(),
  };
}

// ——— Replenishment and risk pooling ———

/**
 * The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9): z for a
 * cycle service level p (0.95 → 1.6449).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Population standard deviation of a series (0 for fewer than one point). */
export function stdDev(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Safety stock of one generic module used by N end variants, with weekly demand per variant
 * `variants[i]` (same weeks), lead time L weeks, service factor z:
 *   pooled   = z · σ(Σ_i d_i) · √L      (one stock of the generic module serves every variant)
 *   separate = Σ_i z · σ(d_i) · √L      (each finished variant stocked on its own)
 * σ(Σ d_i) ≤ Σ σ(d_i) always (triangle inequality), with equality only when the variants'
 * demands move together exactly; the difference is what postponement saves.
 */
export function riskPooling(input: {
  variants: readonly (readonly number[])[];
  leadTimeWeeks: number;
  z: number;
}): {
  variants: number;
  sigmaPooled: number;
  sigmaSeparate: number;
  pooled: number;
  separate: number;
} {
  const weeks = Math.max(0, ...input.variants.map((v) => v.length));
  const total = Array.from({ length: weeks }, (_, w) =>
    input.variants.reduce((a, v) => a + (v[w] ?? 0), 0),
  );
  const root = Math.sqrt(Math.max(0, input.leadTimeWeeks));
  const sigmaPooled = stdDev(total);
  const sigmaSeparate = input.variants.reduce((a, v) => a + stdDev(v), 0);
  return {
    variants: input.variants.length,
    sigmaPooled: round2(sigmaPooled),
    sigmaSeparate: round2(sigmaSeparate),
    pooled: round2(input.z * sigmaPooled * root),
    separate: round2(input.z * sigmaSeparate * root),
  };
}

/**
 * Build-ahead suggestion for one generic module: expected use over its lead time plus the pooled
 * safety stock is the reorder level; build what brings available stock up to it (never < 0):
 *   suggested = ⌈max(0, weeklyDemand · L + safetyStock − available)⌉
 */
export function suggestedBuild(input: {
  weeklyDemand: number;
  leadTimeWeeks: number;
  safetyStock: number;
  available: number;
}): { reorderLevel: number; quantity: number } {
  const reorderLevel = input.weeklyDemand * input.leadTimeWeeks + input.safetyStock;
  return {
    reorderLevel: round2(reorderLevel),
    quantity: Math.max(0, Math.ceil(reorderLevel - input.available - 1e-9)),
  };
}

/** Mean of the last `n` weeks of a series (the fallback when no forecast covers a part). */
export function movingAverage(xs: readonly number[], n = 4): number {
  const tail = xs.slice(-n);
  return tail.length === 0 ? 0 : tail.reduce((a, b) => a + b, 0) / tail.length;
}
