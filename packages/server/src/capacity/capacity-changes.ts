// Capacity changes on a work center's calendar, previewed as a re-plan and applied atomically
// (docs/build-to-order.md, "Capacity changes and re-planning").
//
// - A change is recorded as a draft: a center, a span of future days, the minutes it works on
//   them (0: closed), the reason, and the apology customers read. Days from today back are
//   refused: their work is already under way.
// - Preview: the orders with work at that center from the change's first day on are placed again
//   from tomorrow (capacity/replan.ts) with the change in the center's calendar, around every
//   other booking; the answer lists each order's new date and the plan's figures (orders later,
//   mean delay, overtime minutes), and a fingerprint of the bookings it was computed from.
// - What-if: alternative plans for the same change side by side — the change alone; with further
//   drafts applied together with it (an extra Saturday shift, a longer day at the next center);
//   with the affected orders a partner provider can make moved to the partner's work centers
//   (replan.ts) — each with its orders later, mean delay, overtime hours and orders moved away.
// - Apply one plan: in one transaction under the firm's capacity lock — its drafts are still
//   drafts, none overlaps an applied change (or another of the plan) on the same center, and the
//   bookings are exactly those of the preview (else 409, nothing written) — the affected orders'
//   remaining bookings are replaced, their promised dates, routing dates (and, moved to the
//   partner, their provider) updated, an event written on each moved one, and every customer
//   with an order promised later told exactly once (one message: in the order's conversation, or,
//   with several orders later, in one conversation about them all; and one email), with the
//   firm's apology. Each kind of row is written for all orders in one statement.
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { compiledVersion } from '../catalog/catalog.ts';
import { orderLines } from '../contracts/contracts.schema.ts';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { notify } from '../notify/notify.ts';
import type { RoutingStep } from '../orders/orders.schema.ts';
import { acceptHoursOf, canBuild } from '../providers/providers.ts';
import {
  getProvider,
  listProviderProducts,
  MOVABLE_STATUSES,
  type Provider,
} from '../providers/providers.store.ts';
import { serviceOfCustomers } from '../service-levels/service-for.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { addDays, dateInZone, type IsoDate } from './capacity.ts';
import {
  appliedOverlapping,
  bookingsFingerprint,
  centersWithCalendars,
  deleteBookingsFrom,
  getCapacityChange,
  insertBookingsAtOnce,
  insertCapacityChange,
  insertOrderEventsAtOnce,
  openOrdersBookedAt,
  setCapacityChangeStatus,
  tellCustomersAtOnce,
  updateReplannedOrders,
  type CapacityChange,
  type OpenOrderWork,
} from './capacity-changes.store.ts';
import { bookedMinutes, getWorkCenter, listWorkCenters, lockCapacity } from './capacity.store.ts';
import {
  remainingWork,
  replan,
  type OrderToReplan,
  type PartnerOption,
  type Replan,
} from './replan.ts';

/** The longest span one change may cover. */
export const MAX_CHANGE_DAYS = 366;

export const DEFAULT_APOLOGY =
  'We are sorry: a change in our workshop means your order takes longer than we promised.';

export type ChangeInput = {
  workCenterId: string;
  firstDay: IsoDate;
  lastDay: IsoDate;
  minutesPerDay: number;
  reason: string;
  apology: string;
};

type Deps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>;

const DAY_MS = 86_400_000;
const spanDays = (a: IsoDate, b: IsoDate) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS) + 1;

export async function draftChange(
  deps: Deps,
  tenant: Tenant,
  staffId: string,
  input: ChangeInput,
): Promise<CapacityChange> {
  const today = dateInZone(deps.clock.now(), tenant.settings.timezone);
  if (input.firstDay <= today)
    throw new ValidationFailed([
      {
        field: 'firstDay',
        message: `must be after today (${today}): work up to today is under way`,
      },
    ]);
  if (input.lastDay < input.firstDay)
    throw new ValidationFailed([{ field: 'lastDay', message: 'must not be before firstDay' }]);
  if (spanDays(input.firstDay, input.lastDay) > MAX_CHANGE_DAYS)
    throw new ValidationFailed([
      { field: 'lastDay', message: `a change covers at most ${MAX_CHANGE_DAYS} days` },
    ]);
  const center = await getWorkCenter(deps.db, tenant.id, input.workCenterId);
  if (!center) throw new NotFound('work center', input.workCenterId);
  return insertCapacityChange(deps.db, {
    id: deps.ids.uuid(),
    tenantId: tenant.id,
    workCenterId: center.id,
    firstDay: input.firstDay,
    lastDay: input.lastDay,
    minutesPerDay: input.minutesPerDay,
    reason: input.reason.trim(),
    apology: input.apology.trim(),
    createdBy: staffId,
    createdAt: deps.clock.now(),
  });
}

export type PlannedOrder = Replan['orders'][number];

/**
 * How a plan answers the change (what-if): further drafts applied with it (an extra shift) and/or
 * a partner provider taking the affected orders it can make. Nothing: the change alone.
 */
export type Alternative = { extraChangeIds?: string[]; partnerId?: string | null };

export type ChangePlan = Replan & {
  changeId: string;
  extraChangeIds: string[];
  partnerId: string | null;
  /** Work may move from this day on (tomorrow in the firm's time zone). */
  start: IsoDate;
  fingerprint: string;
};

type Computed = {
  plan: ChangePlan;
  affected: OpenOrderWork[];
  extras: CapacityChange[];
  partner: Provider | null;
};

const overlaps = (a: CapacityChange, b: CapacityChange) =>
  a.workCenterId === b.workCenterId && a.firstDay <= b.lastDay && b.firstDay <= a.lastDay;

async function compute(
  deps: Deps,
  tenant: Tenant,
  change: CapacityChange,
  alternative: Alternative = {},
): Promise<Computed> {
  const { db } = deps;
  const now = deps.clock.now();
  const start = addDays(dateInZone(now, tenant.settings.timezone), 1);
  const center = await getWorkCenter(db, tenant.id, change.workCenterId);
  if (!center) throw new NotFound('work center', change.workCenterId);
  const extraIds = [...new Set(alternative.extraChangeIds ?? [])].sort();
  const extras: CapacityChange[] = [];
  for (const [i, extraId] of extraIds.entries()) {
    const field = `extraChangeIds.${i}`;
    if (extraId === change.id)
      throw new ValidationFailed([{ field, message: 'is the change itself' }]);
    const extra = await getCapacityChange(db, tenant.id, extraId);
    if (!extra) throw new NotFound('capacity change', extraId);
    if (extra.status !== 'draft')
      throw new ValidationFailed([{ field, message: `is ${extra.status}, not a draft` }]);
    const at = await getWorkCenter(db, tenant.id, extra.workCenterId);
    if (at?.providerId !== center.providerId)
      throw new ValidationFailed([
        { field, message: 'is at another provider’s work center than the change' },
      ]);
    const clash = [change, ...extras].find((c) => overlaps(c, extra));
    if (clash)
      throw new ValidationFailed([
        {
          field,
          message: `sets the same work center’s capacity on days the plan already sets (${extra.firstDay}–${extra.lastDay})`,
        },
      ]);
    extras.push(extra);
  }
  const own = await listWorkCenters(db, tenant.id, { provider: center.providerId });
  const centers = await centersWithCalendars(db, tenant.id, own, start, [change, ...extras]);
  const affected = (
    await openOrdersBookedAt(db, tenant.id, [change.workCenterId], change.firstDay, start)
  ).filter((o) => o.providerId === center.providerId);
  // Everything else booked from `start` stays: the affected orders' own minutes are taken out.
  const fixed = await bookedMinutes(db, tenant.id, start, now);
  for (const o of affected)
    for (const b of o.bookings) {
      const days = fixed.get(b.workCenterId);
      if (days) days.set(b.day, (days.get(b.day) ?? 0) - b.minutes);
    }
  const codeOf = new Map(own.map((c) => [c.id, c.code]));
  const levels = await serviceOfCustomers(
    deps,
    tenant.id,
    affected.flatMap((o) => (o.customerId ? [o.customerId] : [])),
  );
  const orders: OrderToReplan[] = affected.map((o) => {
    const level = o.customerId ? levels.get(o.customerId) : undefined;
    return {
      orderId: o.id,
      number: o.number,
      orderDay: dateInZone(o.createdAt, tenant.settings.timezone),
      leadTimeDays: o.leadTimeDays,
      promisedDate: o.promisedDate,
      priority: level?.priority ?? 0,
      mayUseReserve: level?.mayUseReservedCapacity ?? false,
      work: remainingWork(
        o.routing,
        o.bookings.map((b) => ({ center: codeOf.get(b.workCenterId) ?? '', ...b })),
        start,
      ),
    };
  });
  const partnerId = alternative.partnerId ?? null;
  let partner: Provider | null = null;
  let partnerOption: PartnerOption | undefined;
  if (partnerId !== null) {
    partner = await getProvider(db, tenant.id, partnerId);
    if (!partner) throw new NotFound('provider', partnerId);
    if (partner.kind !== 'partner' || !partner.active || partnerId === center.providerId)
      throw new ValidationFailed([
        {
          field: 'partnerId',
          message: 'is not an active partner other than the change’s provider',
        },
      ]);
    partnerOption = {
      providerId: partner.id,
      centers: await centersWithCalendars(
        db,
        tenant.id,
        await listWorkCenters(db, tenant.id, { provider: partner.id }),
        start,
      ),
      extraLeadDays: partner.extraLeadDays,
      mayTake: await ordersPartnerMayTake(db, tenant.id, partner.id, affected),
    };
  }
  const result = replan({
    start,
    centers,
    fixed,
    orders,
    ...(partnerOption ? { partner: partnerOption } : {}),
  });
  const fingerprint = createHash('sha256')
    .update(
      `${change.id}|${extraIds.join(',')}|${partnerId ?? ''}|${start}|${await bookingsFingerprint(db, tenant.id, start)}`,
    )
    .digest('hex');
  return {
    plan: {
      ...result,
      changeId: change.id,
      extraChangeIds: extraIds,
      partnerId,
      start,
      fingerprint,
    },
    affected,
    extras,
    partner,
  };
}

/**
 * The affected orders a partner may take: production has not started, the order is one design
 * (several lines are built in the own workshop), and the partner's offer can make it.
 */
async function ordersPartnerMayTake(
  db: Db,
  tenantId: string,
  partnerId: string,
  affected: OpenOrderWork[],
): Promise<Set<string>> {
  const offers = new Map(
    (await listProviderProducts(db, tenantId, { providerId: partnerId })).map((o) => [
      o.productId,
      o,
    ]),
  );
  const movable = new Set<string>(MOVABLE_STATUSES);
  const candidates = affected.filter((o) => movable.has(o.status) && offers.has(o.productId));
  const withLines = new Set<string>();
  for (let i = 0; i < candidates.length; i += 5000) {
    const rows = await db
      .selectDistinct({ orderId: orderLines.orderId })
      .from(orderLines)
      .where(
        and(
          eq(orderLines.tenantId, tenantId),
          inArray(
            orderLines.orderId,
            candidates.slice(i, i + 5000).map((o) => o.id),
          ),
        ),
      );
    for (const r of rows) withLines.add(r.orderId);
  }
  const out = new Set<string>();
  for (const o of candidates) {
    if (withLines.has(o.id)) continue;
    const compiled = await compiledVersion(db, tenantId, o.productVersionId);
    if (canBuild(compiled, { allowed: offers.get(o.productId)!.allowed }, o.choices)) out.add(o.id);
  }
  return out;
}

async function draftOf(db: Db, tenantId: string, id: string): Promise<CapacityChange> {
  const change = await getCapacityChange(db, tenantId, id);
  if (!change) throw new NotFound('capacity change', id);
  if (change.status !== 'draft')
    throw new Conflict(
      `The change is ${change.status}; only a draft can be previewed or applied.`,
      [{ field: 'id', message: `is ${change.status}` }],
    );
  return change;
}

export async function previewChange(
  deps: Deps,
  tenant: Tenant,
  id: string,
  alternative: Alternative = {},
): Promise<ChangePlan> {
  return (await compute(deps, tenant, await draftOf(deps.db, tenant.id, id), alternative)).plan;
}

/**
 * Applies draft `id` with `alternative` (as previewed) if the bookings are still those its preview
 * (`fingerprint`) saw. `apology`, when given, replaces the draft's before customers read it.
 */
export async function applyChange(
  deps: Deps,
  tenant: Tenant,
  id: string,
  fingerprint: string,
  by: { kind: string; id: string | null; label: string },
  alternative: Alternative = {},
  apology?: string,
): Promise<ChangePlan> {
  return deps.db.transaction(async (tx) => {
    await lockCapacity(tx, tenant.id);
    const txDeps = { ...deps, db: tx };
    const draft = await draftOf(tx, tenant.id, id);
    const change = apology === undefined ? draft : { ...draft, apology: apology.trim() };
    const { plan, affected, extras, partner } = await compute(txDeps, tenant, change, alternative);
    for (const c of [change, ...extras]) {
      const clash = await appliedOverlapping(tx, tenant.id, c.workCenterId, c.firstDay, c.lastDay);
      if (clash.length > 0)
        throw new Conflict(
          `Another applied change already sets this center's capacity from ${clash[0]!.firstDay} to ${clash[0]!.lastDay}.`,
          [
            {
              field: c === change ? 'id' : `extraChangeIds.${extras.indexOf(c)}`,
              message: 'overlaps an applied change of the same work center',
            },
          ],
        );
    }
    if (plan.fingerprint !== fingerprint)
      throw new Conflict(
        'The bookings changed since this plan was previewed; preview it again before applying.',
        [{ field: 'fingerprint', message: 'does not match the current bookings' }],
      );
    const now = deps.clock.now();
    await deleteBookingsFrom(
      tx,
      tenant.id,
      affected.map((o) => o.id),
      plan.start,
    );
    await insertBookingsAtOnce(
      tx,
      tenant.id,
      now,
      plan.orders.flatMap((o) =>
        o.allocations.map((a) => ({
          id: deps.ids.uuid(),
          workCenterId: a.centerId,
          orderId: o.orderId,
          day: a.day,
          minutes: a.minutes,
        })),
      ),
    );
    const byId = new Map(affected.map((o) => [o.id, o]));
    const deadline =
      partner === null
        ? null
        : new Date(now.getTime() + acceptHoursOf(partner, tenant.settings) * 3_600_000);
    await updateReplannedOrders(
      tx,
      tenant.id,
      now,
      plan.orders.map((p) => {
        const order = byId.get(p.orderId)!;
        const moved = p.movedTo !== null;
        return {
          id: p.orderId,
          promisedDate: p.promisedDate,
          routing: movedRouting(order.routing, p, plan.start),
          providerId: p.movedTo,
          routingDeadline: moved ? deadline!.toISOString() : null,
          leadTimeDays: moved ? order.leadTimeDays + partner!.extraLeadDays : null,
        };
      }),
    );
    const why = [change, ...extras].map((c) => c.reason).join('; ');
    const told = plan.orders.filter((p) => p.delayDays > 0 || p.movedTo !== null);
    await insertOrderEventsAtOnce(
      tx,
      tenant.id,
      now,
      by,
      told.map((p) => {
        const order = byId.get(p.orderId)!;
        const to = p.movedTo !== null ? ` Routed to ${partner!.name}.` : '';
        const date =
          p.delayDays > 0
            ? ` The promised date moves from ${p.previousDate} to ${p.promisedDate}.`
            : ' The promised date holds.';
        return {
          id: deps.ids.uuid(),
          orderId: order.id,
          status: order.status,
          note: `Re-planned after a capacity change (${why}).${to}${date}`,
        };
      }),
    );
    await tellCustomers(txDeps, tenant, change, why, plan, byId, now);
    for (const c of [change, ...extras]) {
      const applied = await setCapacityChangeStatus(tx, tenant.id, c.id, 'draft', 'applied', {
        appliedAt: now,
        ordersMoved: c === change ? plan.late : 0,
        ...(c === change ? { apology: change.apology } : {}),
      });
      if (!applied) throw new Conflict('The change was applied or discarded meanwhile.');
    }
    return plan;
  });
}

/**
 * Each customer with an order promised later hears it once: one message (in the order's
 * conversation; with several orders later, in one new conversation about them all) and one
 * email under the notification rules. Guests get one email per address.
 */
async function tellCustomers(
  deps: Deps,
  tenant: Tenant,
  change: CapacityChange,
  why: string,
  plan: ChangePlan,
  byId: Map<string, OpenOrderWork>,
  now: Date,
): Promise<void> {
  const apology = change.apology || DEFAULT_APOLOGY;
  const late = plan.orders.filter((p) => p.delayDays > 0).sort((a, b) => a.number - b.number);
  const groups = new Map<string, { order: OpenOrderWork; planned: PlannedOrder }[]>();
  for (const p of late) {
    const order = byId.get(p.orderId)!;
    const key = order.customerId ? `c:${order.customerId}` : `e:${order.email.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({ order, planned: p });
  }
  const line = (g: { order: OpenOrderWork; planned: PlannedOrder }) =>
    `order ${g.order.number} on ${g.planned.promisedDate} instead of ${g.planned.previousDate}`;
  const messages: Parameters<typeof tellCustomersAtOnce>[5] = [];
  for (const group of groups.values()) {
    const [first] = group;
    const customerId = first!.order.customerId;
    const body =
      group.length === 1
        ? `Your order ${first!.order.number} will now be ready on ${first!.planned.promisedDate} instead of ${first!.planned.previousDate}. Why: ${why}. ${apology}`
        : `Your orders will now be ready later: ${group.map(line).join('; ')}. Why: ${why}. ${apology}`;
    if (customerId)
      messages.push({
        customerId,
        orderId: group.length === 1 ? first!.order.id : null,
        topic: group.length === 1 ? `Order ${first!.order.number}` : 'New delivery dates',
        body,
      });
    await notify(deps, tenant.id, {
      kind: 'order.rescheduled',
      orderId: first!.order.id,
      orderNumber: String(first!.order.number),
      customerId,
      email: customerId ? null : first!.order.email,
      oldPromisedDate: first!.planned.previousDate,
      newPromisedDate: first!.planned.promisedDate,
      reason: why,
      apology,
      ...(group.length > 1
        ? {
            others: group.slice(1).map((g) => ({
              orderNumber: String(g.order.number),
              oldPromisedDate: g.planned.previousDate,
              newPromisedDate: g.planned.promisedDate,
            })),
          }
        : {}),
    });
  }
  await tellCustomersAtOnce(deps.db, tenant.id, now, deps.ids, 'rescheduled', messages);
}

/** The order's routing with the re-planned steps' dates (steps ended before `start` keep theirs). */
function movedRouting(
  routing: RoutingStep[],
  planned: PlannedOrder,
  start: IsoDate,
): RoutingStep[] {
  let k = 0;
  const ordered = [...routing.filter((s) => !s.final), ...routing.filter((s) => s.final)];
  return ordered.map((step) => {
    if (step.endDate < start) return step;
    const op = planned.operations[k++];
    if (!op) return step;
    const begun = step.startDate < start;
    return { ...step, startDate: begun ? step.startDate : op.startDate, endDate: op.endDate };
  });
}

export async function discardChange(deps: Deps, tenantId: string, id: string): Promise<void> {
  await draftOf(deps.db, tenantId, id);
  if (!(await setCapacityChangeStatus(deps.db, tenantId, id, 'draft', 'discarded')))
    throw new Conflict('The change was applied or discarded meanwhile.');
}
