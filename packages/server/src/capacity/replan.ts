// Re-planning open orders after their work centers' capacity changed (a machine down, an extra
// shift, a holiday), over plain data.
//
// Rules (docs/build-to-order.md, "Capacity changes and re-planning"):
// - Work already done (booked before `start`) stays where it is; each order's remaining work (its
//   bookings from `start` on) is placed again with the same rules as a new order (`placeWork`):
//   operations in routing order, final ones not before the parts are in (order day + lead time
//   - 1), earliest free minutes first, never into a reserve the order may not use.
// - Orders are placed in priority order: earlier promised date first, then higher customer
//   priority, then order number — so an outage delays the orders promised latest, not the ones
//   due first. Bookings of orders that are not re-planned stay and are worked around.
// - An order's earliest date is the later of order day + lead time and the day after its last
//   work. Its new promised date is that, but never earlier than its current promise (a promise
//   kept is not a change to tell a customer about; the work still moves up).
// - What-if "move to a partner": with a partner given, an order the partner may take that would
//   be late in the own workshop is placed on the partner's centers instead (same codes, the
//   partner's extra lead days) when that makes it ready sooner; else it stays. Its own minutes
//   are given back first, so later orders can use them.
import {
  addDays,
  promiseAfter,
  type BookedMinutes,
  type CenterCapacity,
  type IsoDate,
  isoWeekday,
  placeWork,
  type WorkToPlace,
} from './capacity.ts';

export type OrderToReplan = {
  orderId: string;
  number: number;
  /** The calendar day the order was placed (its lead time counts from it). */
  orderDay: IsoDate;
  leadTimeDays: number;
  promisedDate: IsoDate;
  /** Higher first among orders promised the same day (service-levels' priority; 0 ordinary). */
  priority: number;
  mayUseReserve: boolean;
  /** What is left to do from `start` on, in routing order. */
  work: WorkToPlace[];
};

export type ReplannedOrder = {
  orderId: string;
  number: number;
  previousDate: IsoDate;
  earliestDate: IsoDate;
  promisedDate: IsoDate;
  /** Days the promise moved later (0: kept). */
  delayDays: number;
  /** The remaining work as placed, in the order placed (final operations last). */
  operations: { center: string; startDate: IsoDate; endDate: IsoDate; minutes: number }[];
  allocations: { centerId: string; day: IsoDate; minutes: number }[];
  /** The partner the order moves to (what-if "move to a partner"); null: it stays. */
  movedTo: string | null;
};

/** A partner provider that may take some of the orders (what-if). */
export type PartnerOption = {
  providerId: string;
  centers: readonly CenterCapacity[];
  extraLeadDays: number;
  /** The orders it may take: its offer can make the design and production has not started. */
  mayTake: ReadonlySet<string>;
};

export type Replan = {
  orders: ReplannedOrder[];
  /** Orders whose promise moves later. */
  late: number;
  /** Mean delay over the late orders, in days (0 when none). */
  averageDelayDays: number;
  /** Minutes booked beyond each center's normal day (its weekly pattern) on changed days. */
  overtimeMinutes: number;
  /** Orders moved to the partner (0 without one). */
  toPartner: number;
};

const DAY_MS = 86_400_000;
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The priority order of re-planning (see the rules above). */
export function replanOrder(a: OrderToReplan, b: OrderToReplan): number {
  if (a.promisedDate !== b.promisedDate) return a.promisedDate < b.promisedDate ? -1 : 1;
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.number - b.number;
}

/**
 * Places every order of `orders` again from `start` on the `centers` (whose calendars hold the
 * change), around `fixed` (bookings from `start` on that stay: other orders', bid holds).
 */
export function replan(input: {
  start: IsoDate;
  centers: readonly CenterCapacity[];
  fixed: BookedMinutes;
  orders: readonly OrderToReplan[];
  partner?: PartnerOption;
}): Replan {
  const centers = new Map(input.centers.map((c) => [c.code, c]));
  const partner = input.partner;
  const partnerCenters = new Map((partner?.centers ?? []).map((c) => [c.code, c]));
  const taken = new Map<string, number>();
  const fullUntil = new Map(
    [...input.centers, ...(partner?.centers ?? [])].flatMap(
      (c) =>
        [
          [`${c.id}|0`, input.start],
          [`${c.id}|1`, input.start],
        ] as [string, IsoDate][],
    ),
  );
  /** Gives placed minutes back (a what-if trying the partner instead). */
  const unplace = (allocations: readonly { centerId: string; day: IsoDate; minutes: number }[]) => {
    for (const a of allocations) {
      const key = `${a.centerId}|${a.day}`;
      taken.set(key, (taken.get(key) ?? 0) - a.minutes);
      for (const k of [`${a.centerId}|0`, `${a.centerId}|1`]) {
        const full = fullUntil.get(k);
        if (full !== undefined && full > a.day) fullUntil.set(k, a.day);
      }
    }
  };
  const place = (order: OrderToReplan, at: ReadonlyMap<string, CenterCapacity>, extra: number) => {
    const leadTimeDays = order.leadTimeDays + extra;
    const placed = placeWork({
      firstDay: input.start,
      partsIn: addDays(order.orderDay, Math.max(0, leadTimeDays - 1)),
      work: order.work,
      centers: at,
      booked: input.fixed,
      taken,
      mayUseReserve: order.mayUseReserve,
      fullUntil,
    });
    return {
      operations: placed.operations,
      allocations: placed.operations.flatMap((op) => op.allocations),
      earliestDate: promiseAfter(order.orderDay, leadTimeDays, placed.lastDay),
    };
  };
  const out: ReplannedOrder[] = [];
  for (const order of [...input.orders].sort(replanOrder)) {
    let placed = place(order, centers, 0);
    let movedTo: string | null = null;
    if (partner && placed.earliestDate > order.promisedDate && partner.mayTake.has(order.orderId)) {
      unplace(placed.allocations);
      const there = place(order, partnerCenters, partner.extraLeadDays);
      if (there.earliestDate < placed.earliestDate) {
        placed = there;
        movedTo = partner.providerId;
      } else {
        unplace(there.allocations);
        placed = place(order, centers, 0);
      }
    }
    const { earliestDate } = placed;
    const promisedDate = earliestDate > order.promisedDate ? earliestDate : order.promisedDate;
    out.push({
      orderId: order.orderId,
      number: order.number,
      previousDate: order.promisedDate,
      earliestDate,
      promisedDate,
      delayDays: daysBetween(order.promisedDate, promisedDate),
      operations: placed.operations.map((op) => ({
        center: op.center,
        startDate: op.startDate,
        endDate: op.endDate,
        minutes: op.allocations.reduce((sum, a) => sum + a.minutes, 0),
      })),
      allocations: placed.allocations,
      movedTo,
    });
  }
  const late = out.filter((o) => o.delayDays > 0);
  return {
    orders: out,
    late: late.length,
    averageDelayDays:
      late.length === 0 ? 0 : late.reduce((sum, o) => sum + o.delayDays, 0) / late.length,
    overtimeMinutes: overtime([...input.centers, ...(partner?.centers ?? [])], input.fixed, taken),
    toPartner: out.filter((o) => o.movedTo !== null).length,
  };
}

/** Minutes booked on changed days beyond what the week's pattern gives that day. */
function overtime(
  centers: readonly CenterCapacity[],
  fixed: BookedMinutes,
  taken: Map<string, number>,
): number {
  let total = 0;
  for (const c of centers) {
    if (!c.calendar) continue;
    for (const [day, minutes] of c.calendar) {
      const normal = c.workingDays.includes(isoWeekday(day)) ? c.minutesPerDay : 0;
      if (minutes <= normal) continue;
      const booked = (fixed.get(c.id)?.get(day) ?? 0) + (taken.get(`${c.id}|${day}`) ?? 0);
      total += Math.max(0, Math.min(booked, minutes) - normal);
    }
  }
  return total;
}

/**
 * An order's work left from `start` on: each routing step that ends on or after `start` takes,
 * in routing order, the order's minutes booked at its center from `start` (or its own start, if
 * later) to its end. Steps at centers the firm does not define keep no minutes (not capacity-
 * constrained: they take their day).
 */
export function remainingWork(
  routing: readonly {
    center: string;
    operation: string;
    final: boolean;
    startDate: IsoDate;
    endDate: IsoDate;
  }[],
  bookings: readonly { center: string; day: IsoDate; minutes: number }[],
  start: IsoDate,
): WorkToPlace[] {
  const left = bookings.filter((b) => b.day >= start).map((b) => ({ ...b }));
  const work: WorkToPlace[] = [];
  for (const step of routing) {
    if (step.endDate < start) continue;
    const from = step.startDate > start ? step.startDate : start;
    let minutes = 0;
    for (const b of left) {
      if (b.center !== step.center || b.day < from || b.day > step.endDate) continue;
      minutes += b.minutes;
      b.minutes = 0;
    }
    work.push({ center: step.center, operation: step.operation, minutes, final: step.final });
  }
  // Minutes no step claimed (a booking outside its step's dates) stay with their center's
  // last step, so re-planning never loses work.
  for (const b of left) {
    if (b.minutes === 0) continue;
    const owner = [...work].reverse().find((w) => w.center === b.center);
    if (owner) owner.minutes += b.minutes;
    else work.push({ center: b.center, minutes: b.minutes, final: false });
  }
  return work;
}
