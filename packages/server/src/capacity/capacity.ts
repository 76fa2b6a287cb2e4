// Capacity scheduling over plain data: which days a design's operations take at each work
// center, given what earlier orders already booked, and the date the firm can promise.
//
// Rules (one place, so the studio, the quote and the order agree):
// - Work starts the day after the order (today's capacity is already planned).
// - Operations run in routing order; each starts no earlier than the day the previous one ended
//   and takes the first free minutes of its center's working days, spilling over days as needed.
// - Final (postponed customization) operations come last and start no earlier than the day
//   before the parts are in (today + leadTimeDays - 1): the personal step is done at the end.
// - The promised date is the later of today + leadTimeDays and the day after the last operation.
// - Work at a center the firm has not defined is not capacity-constrained (it takes its day).
import type { WorkLine } from '@customerize/engine';
import { Conflict } from '../http/errors.ts';

export type IsoDate = string;

export type CenterCapacity = {
  id: string;
  code: string;
  name: string;
  minutesPerDay: number;
  /** Minutes of each day only priority customers' orders may book (0: none reserved). */
  reservedMinutesPerDay?: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
};

/** Minutes already booked: center id → day → minutes. */
export type BookedMinutes = Map<string, Map<IsoDate, number>>;

export type ScheduledOperation = {
  center: string;
  operation: string;
  hours: number;
  final: boolean;
  startDate: IsoDate;
  endDate: IsoDate;
  /** Minutes per day booked at the center (empty for undefined centers). */
  allocations: { centerId: string; day: IsoDate; minutes: number }[];
};

export type Schedule = {
  operations: ScheduledOperation[];
  promisedDate: IsoDate;
  /** Per center: total hours and the first and last day it works on this design. */
  workCenters: { center: string; hours: number; startDate: IsoDate; endDate: IsoDate }[];
};

/** How far ahead the scheduler looks before it declares a center full. */
export const HORIZON_DAYS = 730;

export class NoCapacity extends Conflict {
  constructor(readonly center: string) {
    super(
      `The work center ${center} has no free capacity in the next ${HORIZON_DAYS} days, so no delivery date can be promised.`,
      [{ field: 'choices', message: `needs work at ${center}, which is fully booked` }],
    );
  }
}

export function addDays(day: IsoDate, n: number): IsoDate {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of a date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: IsoDate): number {
  const w = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

/** The calendar date of an instant in a time zone. */
export function dateInZone(at: Date, timeZone: string): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function hoursToMinutes(hours: number): number {
  return Math.round(hours * 60);
}

export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/**
 * The minutes of a day an order may fill at a center, counting every booking (ordinary or
 * priority): all of them for a priority order, all but the reserve for an ordinary one. So
 * ordinary bookings never reach into the reserve, and no booking goes past the day's capacity.
 */
export function usableMinutes(center: CenterCapacity, mayUseReserve: boolean): number {
  const reserve = Math.min(center.minutesPerDay, Math.max(0, center.reservedMinutesPerDay ?? 0));
  return mayUseReserve ? center.minutesPerDay : center.minutesPerDay - reserve;
}

export function scheduleWork(input: {
  today: IsoDate;
  leadTimeDays: number;
  routing: WorkLine[];
  centers: CenterCapacity[];
  booked: BookedMinutes;
  /**
   * A priority customer's order (service-levels/): it may book a center's reserved minutes.
   * Otherwise a day is full once its bookings reach minutesPerDay - reservedMinutesPerDay.
   */
  mayUseReserve?: boolean;
}): Schedule {
  const { today, leadTimeDays } = input;
  const byCode = new Map(input.centers.map((c) => [c.code, c]));
  // Minutes this schedule itself takes, on top of the existing bookings.
  const mine = new Map<string, number>();
  const used = (centerId: string, day: IsoDate) =>
    (input.booked.get(centerId)?.get(day) ?? 0) + (mine.get(`${centerId}|${day}`) ?? 0);

  const firstDay = addDays(today, 1);
  const partsIn = addDays(today, Math.max(0, leadTimeDays - 1));
  let cursor = firstDay;
  const operations: ScheduledOperation[] = [];
  const ordered = [
    ...input.routing.filter((w) => !w.final),
    ...input.routing.filter((w) => w.final),
  ];
  let startedFinal = false;
  for (const line of ordered) {
    if (line.final && !startedFinal) {
      startedFinal = true;
      if (partsIn > cursor) cursor = partsIn;
    }
    const center = byCode.get(line.center);
    const minutes = hoursToMinutes(line.hours);
    const op: ScheduledOperation = {
      center: line.center,
      operation: line.operation ?? line.center,
      hours: line.hours,
      final: line.final === true,
      startDate: cursor,
      endDate: cursor,
      allocations: [],
    };
    if (center && minutes > 0) {
      let remaining = minutes;
      let day = cursor;
      let first: IsoDate | null = null;
      for (let i = 0; remaining > 0; i += 1, day = addDays(day, 1)) {
        if (i > HORIZON_DAYS) throw new NoCapacity(center.name);
        if (!center.workingDays.includes(isoWeekday(day))) continue;
        const free = usableMinutes(center, input.mayUseReserve === true) - used(center.id, day);
        if (free <= 0) continue;
        const take = Math.min(free, remaining);
        remaining -= take;
        first ??= day;
        const key = `${center.id}|${day}`;
        mine.set(key, (mine.get(key) ?? 0) + take);
        op.allocations.push({ centerId: center.id, day, minutes: take });
        op.endDate = day;
      }
      op.startDate = first ?? cursor;
    }
    cursor = op.endDate;
    operations.push(op);
  }
  const leadDate = addDays(today, leadTimeDays);
  const afterWork = operations.length > 0 ? addDays(cursor, 1) : leadDate;
  const promisedDate = afterWork > leadDate ? afterWork : leadDate;

  const perCenter = new Map<string, Schedule['workCenters'][number]>();
  for (const op of operations) {
    const cur = perCenter.get(op.center);
    if (!cur)
      perCenter.set(op.center, {
        center: op.center,
        hours: op.hours,
        startDate: op.startDate,
        endDate: op.endDate,
      });
    else {
      cur.hours = Math.round((cur.hours + op.hours) * 100) / 100;
      if (op.startDate < cur.startDate) cur.startDate = op.startDate;
      if (op.endDate > cur.endDate) cur.endDate = op.endDate;
    }
  }
  return { operations, promisedDate, workCenters: [...perCenter.values()] };
}

/** Weekday names of examples/work-centers.yaml → ISO weekday numbers. */
export const WEEKDAY_NUMBERS: Record<string, number> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};
