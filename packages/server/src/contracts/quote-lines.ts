// The server's quote of several designs × quantities (a multi-line quote or order): each line
// validated and priced with the buyer's contract terms (contract-pricing.ts), its BOM and
// routing scaled by its quantity, all lines scheduled together on the firm's work centers (work
// one day cannot hold spills to the next working days), and the promised date the latest line's.
import { centersWithCalendars } from '../capacity/capacity-changes.store.ts';
import {
  priceOf,
  validate,
  validatePersonalization,
  type BomLine,
  type CompiledModel,
  type Configuration,
  type Value,
  type Violation,
  type WorkLine,
} from '@customerize/engine';
import { bookedMinutes, listWorkCenters } from '../capacity/capacity.store.ts';
import {
  dateInZone,
  NoCapacity,
  scheduleWork,
  type BookedMinutes,
  type CenterCapacity,
  type Schedule,
} from '../capacity/capacity.ts';
import type { Db } from '../db/types.ts';
import { Conflict, HttpProblem, ValidationFailed, type FieldError } from '../http/errors.ts';
import { canonicalChoices } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { contractPrice, type ContractLine, type PriceListRef } from './contract-pricing.ts';
import { quantityProblem, type QuantityRule } from './quantity-rules.ts';

/** One line as the buyer asks for it. */
export type LineRequest = {
  versionId: string;
  choices: Record<string, Value>;
  personalization: Record<string, string>;
  quantity: number;
};

/** What the server knows about a line's design before quoting it. */
export type LineSubject = {
  compiled: CompiledModel;
  productId: string;
  /** The approved design the line is (portal module), or null. */
  approvedConfigurationId: string | null;
  rule: QuantityRule;
};

export type QuotedLine = {
  versionId: string;
  productId: string;
  approvedConfigurationId: string | null;
  quantity: number;
  valid: boolean;
  violations: Violation[];
  choices: Configuration;
  personalization: Record<string, string>;
  currency: string;
  lines: ContractLine[];
  listTotal: number;
  total: number;
  leadTimeDays: number;
  promisedDate: string;
  /** The design's BOM, each quantity × the line's quantity. */
  bom: BomLine[];
  schedule: Schedule;
};

export type LinesQuote = {
  valid: boolean;
  currency: string;
  priceListId: string | null;
  lines: QuotedLine[];
  listTotal: number;
  total: number;
  promisedDate: string;
  today: string;
};

/** 400 for each line whose quantity breaks its rule, naming `lines.<i>.quantity`. */
export function assertQuantities(requests: LineRequest[], subjects: LineSubject[]): void {
  const errors: FieldError[] = [];
  requests.forEach((r, i) => {
    const problem = quantityProblem(subjects[i]!.rule, r.quantity);
    if (problem) errors.push({ field: `lines.${i}.quantity`, message: problem });
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
}

/** Work lines of one unit → of `quantity` units (hours rounded to the hundredth). */
export function scaleRouting(routing: readonly WorkLine[], quantity: number): WorkLine[] {
  return routing.map((w) => ({ ...w, hours: Math.round(w.hours * quantity * 100) / 100 }));
}

export function scaleBom(bom: readonly BomLine[], quantity: number): BomLine[] {
  return bom.map((b) => ({ ...b, qty: Math.round(b.qty * quantity * 1e6) / 1e6 }));
}

/** `booked` plus a schedule's own allocations, as the next line sees the centers. */
function addAllocations(booked: BookedMinutes, schedule: Schedule): void {
  for (const op of schedule.operations)
    for (const a of op.allocations) {
      const days = booked.get(a.centerId) ?? new Map<string, number>();
      days.set(a.day, (days.get(a.day) ?? 0) + a.minutes);
      booked.set(a.centerId, days);
    }
}

/** Problems of one line's input, with the line's index in the field (`lines.2.choices.ram`). */
function inLine<T>(i: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof HttpProblem && e.status === 400)
      throw new ValidationFailed(
        e.errors.map((x) => ({ field: `lines.${i}.${x.field}`, message: x.message })),
      );
    throw e;
  }
}

/** A center too full for a line's quantity: 409 naming that line's quantity. */
function inLineCapacity<T>(i: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NoCapacity)
      throw new Conflict(e.detail, [
        {
          field: `lines.${i}.quantity`,
          message: `needs work at ${e.center}, which is fully booked`,
        },
      ]);
    throw e;
  }
}

/**
 * Quotes every line (the caller has checked quantities with `assertQuantities`). All lines must
 * be priced in one currency (400 naming the first other one). `exceptOrderId` leaves an order's
 * own bookings out (re-quoting it).
 */
export async function quoteLines(
  db: Db,
  tenant: Tenant,
  requests: LineRequest[],
  subjects: LineSubject[],
  list: PriceListRef | null,
  now: Date,
  options: { exceptOrderId?: string } = {},
): Promise<LinesQuote> {
  const today = dateInZone(now, tenant.settings.timezone);
  const centers: CenterCapacity[] = await centersWithCalendars(
    db,
    tenant.id,
    await listWorkCenters(db, tenant.id, { provider: null }),
    today,
  );
  const booked = await bookedMinutes(db, tenant.id, today, now, options.exceptOrderId);
  const quoted: QuotedLine[] = [];
  requests.forEach((r, i) => {
    const s = subjects[i]!;
    const known = inLine(i, () => canonicalChoices(s.compiled, r.choices));
    const violations = [
      ...validate(s.compiled, r.choices).violations,
      ...validatePersonalization(s.compiled, r.personalization, known).map((x) => ({
        rule: `personalization:${x.field}`,
        message: x.message,
      })),
    ];
    const price = priceOf(s.compiled, known, r.personalization);
    if (quoted.length > 0 && price.currency !== quoted[0]!.currency)
      throw new ValidationFailed([
        {
          field: `lines.${i}.versionId`,
          message: `is priced in ${price.currency}; this order is in ${quoted[0]!.currency}`,
        },
      ]);
    const contract = contractPrice({
      currency: price.currency,
      lines: price.lines,
      quantity: r.quantity,
      list,
      approvedConfigurationId: s.approvedConfigurationId,
    });
    const schedule = inLineCapacity(i, () =>
      scheduleWork({
        today,
        leadTimeDays: price.leadTimeDays,
        routing: scaleRouting(price.routing, r.quantity),
        centers,
        booked,
      }),
    );
    addAllocations(booked, schedule);
    quoted.push({
      versionId: r.versionId,
      productId: s.productId,
      approvedConfigurationId: s.approvedConfigurationId,
      quantity: r.quantity,
      valid: violations.length === 0,
      violations,
      choices: known,
      personalization: r.personalization,
      currency: price.currency,
      lines: contract.lines,
      listTotal: contract.listTotal,
      total: contract.total,
      leadTimeDays: price.leadTimeDays,
      promisedDate: schedule.promisedDate,
      bom: scaleBom(price.bom, r.quantity),
      schedule,
    });
  });
  const applied = list && quoted.some((q) => q.lines.some((l) => l.priceListId === list.id));
  return {
    valid: quoted.every((q) => q.valid),
    currency: quoted[0]?.currency ?? tenant.settings.currency,
    priceListId: applied ? list.id : null,
    lines: quoted,
    listTotal: quoted.reduce((s, q) => s + q.listTotal, 0),
    total: quoted.reduce((s, q) => s + q.total, 0),
    promisedDate: quoted.reduce((d, q) => (q.promisedDate > d ? q.promisedDate : d), today),
    today,
  };
}

/** The quote as the buyer sees it (no internal schedule allocations). */
export function publicLinesQuote(q: LinesQuote) {
  return {
    valid: q.valid,
    currency: q.currency,
    priceListId: q.priceListId,
    listTotal: q.listTotal,
    total: q.total,
    promisedDate: q.promisedDate,
    lines: q.lines.map((l) => ({
      versionId: l.versionId,
      productId: l.productId,
      quantity: l.quantity,
      valid: l.valid,
      violations: l.violations,
      choices: l.choices,
      currency: l.currency,
      lines: l.lines,
      listTotal: l.listTotal,
      total: l.total,
      leadTimeDays: l.leadTimeDays,
      promisedDate: l.promisedDate,
      workCenters: l.schedule.workCenters,
    })),
  };
}
