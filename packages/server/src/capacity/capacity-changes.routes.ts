// Capacity changes: record one on a work center's calendar (a draft), preview the re-plan it
// causes, compare alternative plans for it (what-if: with an extra shift, with a partner taking
// orders), apply one (bookings, promised dates and customers' messages
// in one transaction, refused with 409 when the bookings changed since the preview), discard a
// draft. Owner and operations staff change capacity; every staff member may look.
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Body, IdParams, NoContent, responses, Uuid } from '../http/schemas.ts';
import { actorOf } from '../orders/orders.routes.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import {
  applyChange,
  discardChange,
  draftChange,
  previewChange,
  type ChangePlan,
} from './capacity-changes.ts';
import { listCapacityChanges, type CapacityChange } from './capacity-changes.store.ts';
import { addDays, dateInZone, minutesToHours } from './capacity.ts';

const ISO_DAY = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
const Day = Type.String({ pattern: ISO_DAY, description: 'A calendar day, YYYY-MM-DD' });
const CHANGERS = ['owner', 'operations'] as const;

const ChangeSchema = Type.Object({
  id: Type.String(),
  workCenterId: Type.String(),
  firstDay: Type.String(),
  lastDay: Type.String(),
  hoursPerDay: Type.Number({ description: 'Hours worked on each day of the change (0: closed)' }),
  reason: Type.String(),
  apology: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('applied'), Type.Literal('discarded')]),
  createdAt: Type.String({ format: 'date-time' }),
  appliedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  ordersMoved: Type.Union([Type.Integer(), Type.Null()]),
});

const AlternativeFields = {
  extraChangeIds: Type.Optional(
    Type.Array(Uuid, {
      maxItems: 4,
      uniqueItems: true,
      description: 'Further draft changes applied together with this one (e.g. an extra shift)',
    }),
  ),
  partnerId: Type.Optional(
    Type.Union([Uuid, Type.Null()], {
      description: 'A partner provider that takes the affected orders it can make, when sooner',
    }),
  ),
};

const PlanSchema = Type.Object({
  changeId: Type.String(),
  label: Type.Optional(Type.String()),
  extraChangeIds: Type.Array(Type.String()),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  toPartner: Type.Integer({ description: 'Orders the plan moves to the partner' }),
  affected: Type.Integer({ description: 'Orders re-planned' }),
  start: Type.String({ description: 'Work may move from this day on' }),
  fingerprint: Type.String({ description: 'Send it back to apply exactly this plan' }),
  late: Type.Integer({ description: 'Orders whose promise moves later' }),
  averageDelayDays: Type.Number(),
  overtimeHours: Type.Number({ description: 'Hours booked beyond the normal day on changed days' }),
  orders: Type.Array(
    Type.Object({
      orderId: Type.String(),
      number: Type.Integer(),
      previousDate: Type.String(),
      promisedDate: Type.String(),
      earliestDate: Type.String(),
      delayDays: Type.Integer(),
      movedTo: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

function changeView(c: CapacityChange) {
  return {
    id: c.id,
    workCenterId: c.workCenterId,
    firstDay: c.firstDay,
    lastDay: c.lastDay,
    hoursPerDay: minutesToHours(c.minutesPerDay),
    reason: c.reason,
    apology: c.apology,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    appliedAt: c.appliedAt?.toISOString() ?? null,
    ordersMoved: c.ordersMoved,
  };
}

/** The plan as staff read it: moved orders first (most delayed first), at most 1,000 rows. */
function planView(p: ChangePlan) {
  const orders = [...p.orders]
    .sort((a, b) => b.delayDays - a.delayDays || a.number - b.number)
    .slice(0, 1000)
    .map((o) => ({
      orderId: o.orderId,
      number: o.number,
      previousDate: o.previousDate,
      promisedDate: o.promisedDate,
      earliestDate: o.earliestDate,
      delayDays: o.delayDays,
      movedTo: o.movedTo,
    }));
  return {
    changeId: p.changeId,
    extraChangeIds: p.extraChangeIds,
    partnerId: p.partnerId,
    toPartner: p.toPartner,
    affected: p.orders.length,
    start: p.start,
    fingerprint: p.fingerprint,
    late: p.late,
    averageDelayDays: Math.round(p.averageDelayDays * 100) / 100,
    overtimeHours: minutesToHours(p.overtimeMinutes),
    orders,
  };
}

export function registerCapacityChangeRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;
  const tenantOf = async (tenantId: string) => (await getTenant(db, tenantId))!;

  app.get(
    '/api/v1/capacity-changes',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['capacity'],
        summary: 'Capacity changes from yesterday on: drafts and applied ones, newest first',
        response: responses({ 200: Type.Array(ChangeSchema) }),
      },
    },
    async (request) => {
      const tenant = await tenantOf(staffOf(request).tenantId);
      const from = addDays(dateInZone(clock.now(), tenant.settings.timezone), -1);
      return (await listCapacityChanges(db, tenant.id, from)).map(changeView);
    },
  );

  app.post(
    '/api/v1/capacity-changes',
    {
      onRequest: requireStaff(CHANGERS),
      schema: {
        tags: ['capacity'],
        summary:
          'Record a capacity change on a work center’s calendar as a draft (closed: hoursPerDay 0)',
        body: Body({
          workCenterId: Uuid,
          firstDay: Day,
          lastDay: Day,
          hoursPerDay: Type.Number({ minimum: 0, maximum: 24 }),
          reason: Type.String({ minLength: 1, maxLength: 500 }),
          apology: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: responses({ 201: ChangeSchema }),
      },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const tenant = await tenantOf(staff.tenantId);
      const actor = await actorOf(db, staff);
      const b = request.body;
      const change = await draftChange(deps, tenant, actor.id ?? staff.tenantId, {
        workCenterId: b.workCenterId,
        firstDay: b.firstDay,
        lastDay: b.lastDay,
        minutesPerDay: Math.round(b.hoursPerDay * 60),
        reason: b.reason,
        apology: b.apology ?? '',
      });
      return reply.code(201).send(changeView(change));
    },
  );

  app.get(
    '/api/v1/capacity-changes/:id/plan',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['capacity'],
        summary:
          'The re-plan a draft change causes: each affected order’s new date, orders later, mean delay, overtime',
        params: IdParams,
        response: responses({ 200: PlanSchema }),
      },
    },
    async (request) => {
      const tenant = await tenantOf(staffOf(request).tenantId);
      return planView(await previewChange(deps, tenant, request.params.id));
    },
  );

  app.post(
    '/api/v1/capacity-changes/:id/compare',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['capacity'],
        summary:
          'What-if: alternative plans for a draft change side by side (alone, with extra shifts, with a partner taking orders)',
        params: IdParams,
        body: Body({
          alternatives: Type.Array(
            Type.Object(
              { label: Type.String({ minLength: 1, maxLength: 100 }), ...AlternativeFields },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 4 },
          ),
        }),
        response: responses({ 200: Type.Array(PlanSchema) }),
      },
    },
    async (request) => {
      const tenant = await tenantOf(staffOf(request).tenantId);
      const out = [];
      for (const a of request.body.alternatives) {
        const plan = await previewChange(deps, tenant, request.params.id, {
          extraChangeIds: a.extraChangeIds ?? [],
          partnerId: a.partnerId ?? null,
        });
        out.push({ label: a.label, ...planView(plan) });
      }
      return out;
    },
  );

  app.post(
    '/api/v1/capacity-changes/:id/apply',
    {
      onRequest: requireStaff(CHANGERS),
      schema: {
        tags: ['capacity'],
        summary:
          'Apply a previewed draft: re-book the affected orders, update their promised dates, tell their customers',
        params: IdParams,
        body: Body({
          fingerprint: Type.String({ minLength: 1, maxLength: 200 }),
          ...AlternativeFields,
          apology: Type.Optional(
            Type.String({
              maxLength: 2000,
              description: 'The apology customers read, replacing the draft’s (empty: the default)',
            }),
          ),
        }),
        response: responses({ 200: PlanSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const tenant = await tenantOf(staff.tenantId);
      const plan = await applyChange(
        deps,
        tenant,
        request.params.id,
        request.body.fingerprint,
        await actorOf(db, staff),
        {
          extraChangeIds: request.body.extraChangeIds ?? [],
          partnerId: request.body.partnerId ?? null,
        },
        request.body.apology,
      );
      return planView(plan);
    },
  );

  app.delete(
    '/api/v1/capacity-changes/:id',
    {
      onRequest: requireStaff(CHANGERS),
      schema: {
        tags: ['capacity'],
        summary: 'Discard a draft change',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await discardChange(deps, staffOf(request).tenantId, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
