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
// - What-if: several drafts previewed side by side, each alone against today's bookings.
// - Apply: in one transaction under the firm's capacity lock — the draft is still a draft, it
//   does not overlap an applied change of the same center, and the bookings are exactly those of
//   the preview (else 409, nothing written) — the affected orders' remaining bookings are
//   replaced, their promised dates and routing dates updated, an event written on each, and
//   every customer whose promise moved later told once (a message in the order's conversation
//   and an email, with the firm's apology).
import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { notify } from '../notify/notify.ts';
import { insertOrderEvent } from '../orders/orders.store.ts';
import { setOrderRouting } from '../providers/providers.store.ts';
import { tellAboutOrder } from '../dialogue/tell-customer.ts';
import { serviceOfCustomers } from '../service-levels/service-for.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { addDays, dateInZone, type IsoDate } from './capacity.ts';
import {
  appliedOverlapping,
  bookingsFingerprint,
  centersWithCalendars,
  deleteBookingsFrom,
  getCapacityChange,
  insertCapacityChange,
  openOrdersBookedAt,
  setCapacityChangeStatus,
  type CapacityChange,
  type OpenOrderWork,
} from './capacity-changes.store.ts';
import {
  bookedMinutes,
  getWorkCenter,
  insertBookings,
  listWorkCenters,
  lockCapacity,
} from './capacity.store.ts';
import { remainingWork, replan, type Replan, type OrderToReplan } from './replan.ts';

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

export type ChangePlan = Replan & {
  changeId: string;
  /** Work may move from this day on (tomorrow in the firm's time zone). */
  start: IsoDate;
  fingerprint: string;
};

type Computed = { plan: ChangePlan; affected: OpenOrderWork[] };

async function compute(deps: Deps, tenant: Tenant, change: CapacityChange): Promise<Computed> {
  const { db } = deps;
  const now = deps.clock.now();
  const start = addDays(dateInZone(now, tenant.settings.timezone), 1);
  const center = await getWorkCenter(db, tenant.id, change.workCenterId);
  if (!center) throw new NotFound('work center', change.workCenterId);
  const own = await listWorkCenters(db, tenant.id, { provider: center.providerId });
  const centers = await centersWithCalendars(db, tenant.id, own, start, [change]);
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
  const result = replan({ start, centers, fixed, orders });
  const fingerprint = createHash('sha256')
    .update(`${change.id}|${start}|${await bookingsFingerprint(db, tenant.id, start)}`)
    .digest('hex');
  return { plan: { ...result, changeId: change.id, start, fingerprint }, affected };
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

export async function previewChange(deps: Deps, tenant: Tenant, id: string): Promise<ChangePlan> {
  return (await compute(deps, tenant, await draftOf(deps.db, tenant.id, id))).plan;
}

/** Applies draft `id` if the bookings are still those its preview (`fingerprint`) saw. */
export async function applyChange(
  deps: Deps,
  tenant: Tenant,
  id: string,
  fingerprint: string,
  by: { kind: string; id: string | null; label: string },
): Promise<ChangePlan> {
  return deps.db.transaction(async (tx) => {
    await lockCapacity(tx, tenant.id);
    const txDeps = { ...deps, db: tx };
    const change = await draftOf(tx, tenant.id, id);
    const clash = await appliedOverlapping(
      tx,
      tenant.id,
      change.workCenterId,
      change.firstDay,
      change.lastDay,
    );
    if (clash.length > 0)
      throw new Conflict(
        `Another applied change already sets this center's capacity from ${clash[0]!.firstDay} to ${clash[0]!.lastDay}.`,
        [{ field: 'id', message: 'overlaps an applied change of the same work center' }],
      );
    const { plan, affected } = await compute(txDeps, tenant, change);
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
    await insertBookings(
      tx,
      plan.orders.flatMap((o) =>
        o.allocations.map((a) => ({
          id: deps.ids.uuid(),
          tenantId: tenant.id,
          workCenterId: a.centerId,
          orderId: o.orderId,
          day: a.day,
          minutes: a.minutes,
          now,
        })),
      ),
    );
    const byId = new Map(affected.map((o) => [o.id, o]));
    const apology = change.apology || DEFAULT_APOLOGY;
    for (const p of plan.orders) {
      const order = byId.get(p.orderId)!;
      await setOrderRouting(tx, tenant.id, order.id, {
        promisedDate: p.promisedDate,
        routing: movedRouting(order.routing, p, plan.start),
        now,
      });
      if (p.delayDays === 0) continue;
      await insertOrderEvent(tx, {
        id: deps.ids.uuid(),
        tenantId: tenant.id,
        orderId: order.id,
        fromStatus: order.status,
        toStatus: order.status,
        byKind: by.kind,
        byId: by.id,
        byLabel: by.label,
        note: `Re-planned after a capacity change (${change.reason}): the promised date moves from ${p.previousDate} to ${p.promisedDate}.`,
        at: now,
      });
      const body = `Your order ${order.number} will now be ready on ${p.promisedDate} instead of ${p.previousDate}. Why: ${change.reason}. ${apology}`;
      if (order.customerId)
        await tellAboutOrder(
          tx,
          { ids: deps.ids, now },
          {
            tenantId: tenant.id,
            customerId: order.customerId,
            orderId: order.id,
            orderNumber: order.number,
            kind: 'rescheduled',
            body,
          },
        );
      await notify(txDeps, tenant.id, {
        kind: 'order.rescheduled',
        orderId: order.id,
        orderNumber: String(order.number),
        customerId: order.customerId,
        email: order.customerId ? null : order.email,
        oldPromisedDate: p.previousDate,
        newPromisedDate: p.promisedDate,
        reason: change.reason,
        apology,
      });
    }
    const applied = await setCapacityChangeStatus(tx, tenant.id, id, 'draft', 'applied', {
      appliedAt: now,
      ordersMoved: plan.late,
    });
    if (!applied) throw new Conflict('The change was applied or discarded meanwhile.');
    return plan;
  });
}

/** The order's routing with the re-planned steps' dates (steps ended before `start` keep theirs). */
function movedRouting(
  routing: OpenOrderWork['routing'],
  planned: PlannedOrder,
  start: IsoDate,
): OpenOrderWork['routing'] {
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
