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
// - A day's capacity is the center's calendar entry for that day where there is one (a capacity
//   change: closed, a shorter day, an extra shift — capacity-changes.ts), else minutesPerDay on
//   its working days and nothing on the others.
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
  /** Days whose capacity differs from the week's pattern: day → minutes that day (0: closed). */
  calendar?: ReadonlyMap<IsoDate, number>;
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

/** One formatter per time zone: making one costs far more than using it (hot paths call this). */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone. */
export function dateInZone(at: Date, timeZone: string): IsoDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    if (dayFormats.size >= 512) dayFormats.clear();
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function hoursToMinutes(hours: number): number {
  return Math.round(hours * 60);
}

export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** The minutes a center works on `day`: its calendar entry, else its weekly pattern. */
export function dayMinutes(center: CenterCapacity, day: IsoDate): number {
  const changed = center.calendar?.get(day);
  if (changed !== undefined) return changed;
  return center.workingDays.includes(isoWeekday(day)) ? center.minutesPerDay : 0;
}

/**
 * The minutes of a day an order may fill at a center, counting every booking (ordinary or
 * priority): all of them for a priority order, all but the reserve for an ordinary one. So
 * ordinary bookings never reach into the reserve, and no booking goes past the day's capacity.
 */
export function usableMinutes(
  center: CenterCapacity,
  day: IsoDate,
  mayUseReserve: boolean,
): number {
  const capacity = dayMinutes(center, day);
  const reserve = Math.min(capacity, Math.max(0, center.reservedMinutesPerDay ?? 0));
  return mayUseReserve ? capacity : capacity - reserve;
}

/** Work to place: routing lines in order (final ones are placed last by `placeWork`). */
export type WorkToPlace = { center: string; operation?: string; minutes: number; final: boolean };

/**
 * Places `work` on the centers' free minutes, earliest first: operations in order, each from the
 * day the previous one ended (never before `firstDay`), final ones not before `partsIn`. `used`
 * tells the minutes already taken on a center's day; the placed minutes are added to `taken`
 * (center id|day → minutes) so a caller placing several orders sees its own placements.
 */
export function placeWork(input: {
  firstDay: IsoDate;
  partsIn: IsoDate;
  work: readonly WorkToPlace[];
  centers: ReadonlyMap<string, CenterCapacity>;
  booked: BookedMinutes;
  taken: Map<string, number>;
  mayUseReserve: boolean;
  /**
   * For a caller placing many orders (re-planning): per center and reserve class, a day before
   * which every day is known to be full. Kept up to date here; valid because placing only ever
   * takes minutes away.
   */
  fullUntil?: Map<string, IsoDate>;
}): { operations: Omit<ScheduledOperation, 'hours'>[]; lastDay: IsoDate | null } {
  const { booked, taken } = input;
  const used = (centerId: string, day: IsoDate) =>
    (booked.get(centerId)?.get(day) ?? 0) + (taken.get(`${centerId}|${day}`) ?? 0);
  let cursor = input.firstDay;
  const operations: Omit<ScheduledOperation, 'hours'>[] = [];
  const ordered = [...input.work.filter((w) => !w.final), ...input.work.filter((w) => w.final)];
  let startedFinal = false;
  for (const line of ordered) {
    if (line.final && !startedFinal) {
      startedFinal = true;
      if (input.partsIn > cursor) cursor = input.partsIn;
    }
    const center = input.centers.get(line.center);
    const op: Omit<ScheduledOperation, 'hours'> = {
      center: line.center,
      operation: line.operation ?? line.center,
      final: line.final,
      startDate: cursor,
      endDate: cursor,
      allocations: [],
    };
    if (center && line.minutes > 0) {
      let remaining = line.minutes;
      let day = cursor;
      const fullKey = `${center.id}|${input.mayUseReserve ? 1 : 0}`;
      const knownFull = input.fullUntil?.get(fullKey);
      // Scanning from the first day that may have room, every day passed that has none left
      // moves that day on.
      let advancing = knownFull !== undefined && knownFull >= day;
      if (knownFull !== undefined && knownFull > day) day = knownFull;
      let first: IsoDate | null = null;
      for (let i = 0; remaining > 0; i += 1, day = addDays(day, 1)) {
        if (i > HORIZON_DAYS) throw new NoCapacity(center.name);
        const free = usableMinutes(center, day, input.mayUseReserve) - used(center.id, day);
        if (free <= 0) {
          if (advancing) input.fullUntil!.set(fullKey, addDays(day, 1));
          continue;
        }
        const take = Math.min(free, remaining);
        if (advancing) {
          if (take === free) input.fullUntil!.set(fullKey, addDays(day, 1));
          else advancing = false;
        }
        remaining -= take;
        first ??= day;
        const key = `${center.id}|${day}`;
        taken.set(key, (taken.get(key) ?? 0) + take);
        op.allocations.push({ centerId: center.id, day, minutes: take });
        op.endDate = day;
      }
      op.startDate = first ?? cursor;
    }
    cursor = op.endDate;
    operations.push(op);
  }
  return { operations, lastDay: operations.length > 0 ? cursor : null };
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
  const placed = placeWork({
    firstDay: addDays(today, 1),
    partsIn: addDays(today, Math.max(0, leadTimeDays - 1)),
    work: input.routing.map((w) => ({
      center: w.center,
      ...(w.operation !== undefined ? { operation: w.operation } : {}),
      minutes: hoursToMinutes(w.hours),
      final: w.final === true,
    })),
    centers: new Map(input.centers.map((c) => [c.code, c])),
    booked: input.booked,
    taken: new Map(),
    mayUseReserve: input.mayUseReserve === true,
  });
  const lines = orderedRouting(input.routing);
  const operations: ScheduledOperation[] = placed.operations.map((op, i) => ({
    ...op,
    hours: lines[i]!.hours,
  }));
  const promisedDate = promiseAfter(today, leadTimeDays, placed.lastDay);

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

/** Routing lines in the order `placeWork` places them: ordinary first, then final ones. */
function orderedRouting(routing: readonly WorkLine[]): WorkLine[] {
  return [...routing.filter((w) => !w.final), ...routing.filter((w) => w.final)];
}

/** The promised date: the later of today + leadTimeDays and the day after the last work. */
export function promiseAfter(
  today: IsoDate,
  leadTimeDays: number,
  lastDay: IsoDate | null,
): IsoDate {
  const leadDate = addDays(today, leadTimeDays);
  const afterWork = lastDay === null ? leadDate : addDays(lastDay, 1);
  return afterWork > leadDate ? afterWork : leadDate;
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
