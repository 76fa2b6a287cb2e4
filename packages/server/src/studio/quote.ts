// The server's authoritative quote of a design: validity (rules + personalization), price lines,
// lead time and a capacity-aware promised date. The studio shows it; orders re-run it.
import {
  priceOf,
  validate,
  validatePersonalization,
  type CompiledModel,
  type Configuration,
  type Quote,
  type Value,
  type Violation,
} from '@customerize/engine';
import { bookedMinutes, listWorkCenters } from '../capacity/capacity.store.ts';
import { dateInZone, scheduleWork, type Schedule } from '../capacity/capacity.ts';
import type { Db } from '../db/types.ts';
import type { Tenant } from '../tenants/tenants.ts';

export type DesignQuote = {
  valid: boolean;
  violations: Violation[];
  currency: string;
  lines: { label: string; amount: number; kind: string; feature?: string; value?: Value }[];
  total: number;
  leadTimeDays: number;
  promisedDate: string;
  workCenters: Schedule['workCenters'];
};

export type FullQuote = DesignQuote & { price: Quote; schedule: Schedule; today: string };

/** Only the choices the model knows (unknown features or values are reported as violations). */
function knownChoices(compiled: CompiledModel, choices: Configuration): Configuration {
  const out: Configuration = {};
  for (const [feature, value] of Object.entries(choices)) {
    const fi = compiled.ir.featureIndex.get(feature);
    if (fi === undefined) continue;
    const f = compiled.ir.features[fi]!;
    if (f.values.some((v) => v === value)) out[feature] = value;
  }
  return out;
}

export async function quoteDesign(
  db: Db,
  tenant: Tenant,
  compiled: CompiledModel,
  choices: Configuration,
  personalization: Record<string, string>,
  now: Date,
): Promise<FullQuote> {
  const validation = validate(compiled, choices);
  const known = knownChoices(compiled, choices);
  const violations = [
    ...validation.violations,
    ...validatePersonalization(compiled, personalization, known).map((i) => ({
      rule: `personalization:${i.field}`,
      message: i.message,
    })),
  ];
  const price = priceOf(compiled, known, personalization);
  const today = dateInZone(now, tenant.settings.timezone);
  const schedule = scheduleWork({
    today,
    leadTimeDays: price.leadTimeDays,
    routing: price.routing,
    centers: await listWorkCenters(db, tenant.id),
    booked: await bookedMinutes(db, tenant.id, today),
  });
  return {
    valid: violations.length === 0,
    violations,
    currency: price.currency,
    lines: price.lines.map((l) => ({
      label: l.label,
      amount: l.amount,
      kind: l.kind,
      ...(l.feature !== undefined ? { feature: l.feature } : {}),
      ...(l.value !== undefined ? { value: l.value } : {}),
    })),
    total: price.total,
    leadTimeDays: price.leadTimeDays,
    promisedDate: schedule.promisedDate,
    workCenters: schedule.workCenters,
    price,
    schedule,
    today,
  };
}

export function publicQuote(q: FullQuote): DesignQuote {
  return {
    valid: q.valid,
    violations: q.violations,
    currency: q.currency,
    lines: q.lines,
    total: q.total,
    leadTimeDays: q.leadTimeDays,
    promisedDate: q.promisedDate,
    workCenters: q.workCenters,
  };
}
