// Work centers (daily capacity) and the capacity view: booked vs. available per center per day.
// Both show the firm's own workshop; partner providers' centers belong to the providers.
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses } from '../http/schemas.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import {
  addDays,
  dateInZone,
  dayMinutes,
  hoursToMinutes,
  isoWeekday,
  minutesToHours,
} from './capacity.ts';
import { centersWithCalendars, listCapacityChanges } from './capacity-changes.store.ts';
import {
  bookedBetween,
  getWorkCenter,
  insertWorkCenter,
  listWorkCenters,
  updateWorkCenter,
  type WorkCenter,
} from './capacity.store.ts';

const Weekdays = Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
  maxItems: 7,
  uniqueItems: true,
});
const Hours = Type.Number({ minimum: 0, maximum: 24 * 60 });
const WorkCenterSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  hoursPerDay: Type.Number(),
  reservedHoursPerDay: Type.Number({
    description: 'Of each day, the hours only priority customers’ orders may book',
  }),
  workingDays: Type.Array(Type.Integer()),
});
const Reserved = Type.Number({
  minimum: 0,
  maximum: 24 * 60,
  description:
    'Hours of each day reserved for customers whose service level may use reserved capacity (at most hoursPerDay)',
});

/** The reserve fits in the day, or 400 naming the field. */
function checkReserve(minutesPerDay: number, reservedMinutes: number): void {
  if (reservedMinutes > minutesPerDay)
    throw new ValidationFailed([
      { field: 'reservedHoursPerDay', message: 'must not be more than hoursPerDay' },
    ]);
}

function centerView(c: WorkCenter) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    description: c.description,
    hoursPerDay: minutesToHours(c.minutesPerDay),
    reservedHoursPerDay: minutesToHours(c.reservedMinutesPerDay),
    workingDays: [...c.workingDays].sort(),
  };
}

const taken = () =>
  new Conflict('A work center with this code exists.', [
    { field: 'code', message: 'is already in use' },
  ]);

export function registerCapacityRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.get(
    '/api/v1/work-centers',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['capacity'],
        summary: 'Work centers',
        response: responses({ 200: Type.Array(WorkCenterSchema) }),
      },
    },
    async (request) =>
      (await listWorkCenters(db, staffOf(request).tenantId, { provider: null })).map(centerView),
  );

  app.post(
    '/api/v1/work-centers',
    {
      onRequest: requireStaff(['owner', 'operations']),
      schema: {
        tags: ['capacity'],
        summary: 'Add a work center (code = what model work lines name)',
        body: Body({
          code: Type.String({ minLength: 1, maxLength: 80 }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
          hoursPerDay: Hours,
          reservedHoursPerDay: Type.Optional(Reserved),
          workingDays: Weekdays,
        }),
        response: responses({ 201: WorkCenterSchema }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const reservedMinutesPerDay = hoursToMinutes(b.reservedHoursPerDay ?? 0);
      checkReserve(hoursToMinutes(b.hoursPerDay), reservedMinutesPerDay);
      const center = await insertWorkCenter(db, {
        id: ids.uuid(),
        tenantId: staffOf(request).tenantId,
        code: b.code.trim(),
        name: b.name.trim(),
        description: b.description ?? '',
        minutesPerDay: hoursToMinutes(b.hoursPerDay),
        reservedMinutesPerDay,
        workingDays: b.workingDays,
        now: clock.now(),
      }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? taken() : error;
      });
      return reply.code(201).send(centerView(center));
    },
  );

  app.patch(
    '/api/v1/work-centers/:id',
    {
      onRequest: requireStaff(['owner', 'operations']),
      schema: {
        tags: ['capacity'],
        summary: 'Change a work center’s name or capacity (existing bookings stay)',
        params: IdParams,
        body: Body({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
          hoursPerDay: Type.Optional(Hours),
          reservedHoursPerDay: Type.Optional(Reserved),
          workingDays: Type.Optional(Weekdays),
        }),
        response: responses({ 200: WorkCenterSchema }),
      },
    },
    async (request) => {
      const b = request.body;
      const tenantId = staffOf(request).tenantId;
      const current = await getWorkCenter(db, tenantId, request.params.id);
      if (!current) throw new NotFound('work center', request.params.id);
      const minutesPerDay =
        b.hoursPerDay !== undefined ? hoursToMinutes(b.hoursPerDay) : current.minutesPerDay;
      const reservedMinutesPerDay =
        b.reservedHoursPerDay !== undefined
          ? hoursToMinutes(b.reservedHoursPerDay)
          : Math.min(current.reservedMinutesPerDay, minutesPerDay);
      checkReserve(minutesPerDay, reservedMinutesPerDay);
      const updated = await updateWorkCenter(db, tenantId, request.params.id, {
        ...(b.name !== undefined ? { name: b.name.trim() } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        minutesPerDay,
        reservedMinutesPerDay,
        ...(b.workingDays !== undefined ? { workingDays: b.workingDays } : {}),
        now: clock.now(),
      });
      if (!updated) throw new NotFound('work center', request.params.id);
      return centerView(updated);
    },
  );

  app.get(
    '/api/v1/work-centers/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['capacity'],
        summary: 'A work center',
        params: IdParams,
        response: responses({ 200: WorkCenterSchema }),
      },
    },
    async (request) => {
      const c = await getWorkCenter(db, staffOf(request).tenantId, request.params.id);
      if (!c) throw new NotFound('work center', request.params.id);
      return centerView(c);
    },
  );

  app.get(
    '/api/v1/capacity',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['capacity'],
        summary:
          'Booked vs. available hours per work center per day (its calendar: applied changes count, drafts are marked)',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date' })),
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
        }),
        response: responses({
          200: Type.Array(
            Type.Object({
              center: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
              days: Type.Array(
                Type.Object({
                  date: Type.String(),
                  available: Type.Number(),
                  booked: Type.Number(),
                  /** The hours of the center's weekly pattern that day (differs on changed days). */
                  normal: Type.Number(),
                  changes: Type.Array(
                    Type.Object({
                      id: Type.String(),
                      status: Type.String(),
                      reason: Type.String(),
                      hoursPerDay: Type.Number(),
                    }),
                  ),
                }),
              ),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const tenant = await getTenant(db, tenantId);
      const from =
        request.query.from ?? dateInZone(clock.now(), tenant?.settings.timezone ?? 'UTC');
      const days = request.query.days ?? 28;
      const until = addDays(from, days);
      const booked = await bookedBetween(db, tenantId, from, until, clock.now());
      const centers = await centersWithCalendars(
        db,
        tenantId,
        await listWorkCenters(db, tenantId, { provider: null }),
        from,
      );
      const changes = (await listCapacityChanges(db, tenantId, from)).filter(
        (c) => c.firstDay < until,
      );
      return centers.map((c) => ({
        center: { id: c.id, code: c.code, name: c.name },
        days: Array.from({ length: days }, (_, i) => {
          const date = addDays(from, i);
          return {
            date,
            available: minutesToHours(dayMinutes(c, date)),
            booked: minutesToHours(booked.get(c.id)?.get(date) ?? 0),
            normal: c.workingDays.includes(isoWeekday(date)) ? minutesToHours(c.minutesPerDay) : 0,
            changes: changes
              .filter((x) => x.workCenterId === c.id && x.firstDay <= date && date <= x.lastDay)
              .map((x) => ({
                id: x.id,
                status: x.status,
                reason: x.reason,
                hoursPerDay: minutesToHours(x.minutesPerDay),
              })),
          };
        }),
      }));
    },
  );
}
