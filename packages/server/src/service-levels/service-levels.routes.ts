// Serving the best customers better: the firm sets, per segment, a priority and response target
// for the staff inbox, whether their orders may take reserved capacity, and a named contact
// (owner and sales read; the owner changes, audited). A customer sees their contact's name.
import { Type } from 'typebox';
import { principalOf, requireCustomer, requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, responses, Uuid } from '../http/schemas.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import { getStaff } from '../users/users.store.ts';
import { serviceFor } from './service-for.ts';
import { listLevels, staffNames, upsertLevel } from './service-levels.store.ts';
import { MAX_PRIORITY, MAX_RESPONSE_TARGET_HOURS, type ServiceLevel } from './service-levels.ts';

const SegmentKey = Type.Union(
  [
    Type.Literal('default'),
    Type.Literal('best'),
    Type.Literal('growing'),
    Type.Literal('at-risk'),
    Type.Literal('lapsed'),
    Type.Literal('costly'),
  ],
  {
    description:
      'default (everyone without a segment or without personalization consent) or a segment: best, growing, at-risk, lapsed, costly',
  },
);

const Priority = Type.Integer({
  minimum: 0,
  maximum: MAX_PRIORITY,
  description: '0 = normal; higher comes first in the staff inbox',
});
const Target = Type.Union(
  [Type.Integer({ minimum: 1, maximum: MAX_RESPONSE_TARGET_HOURS }), Type.Null()],
  { description: 'Hours from the customer’s first message to the first staff reply; null: none' },
);

export const ServiceLevelSchema = Type.Object({
  segment: SegmentKey,
  priority: Type.Integer(),
  responseTargetHours: Type.Union([Type.Integer(), Type.Null()]),
  mayUseReservedCapacity: Type.Boolean(),
  contact: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
});

function levelView(l: ServiceLevel, names: Map<string, string>) {
  const name = l.contactStaffId ? names.get(l.contactStaffId) : undefined;
  return {
    segment: l.segment,
    priority: l.priority,
    responseTargetHours: l.responseTargetHours,
    mayUseReservedCapacity: l.mayUseReservedCapacity,
    contact: l.contactStaffId && name !== undefined ? { id: l.contactStaffId, name } : null,
  };
}

export function registerServiceLevelRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get(
    '/api/v1/service-levels',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['service-levels'],
        summary:
          'How each customer segment is served: inbox priority, response target, reserved capacity, named contact',
        response: responses({ 200: Type.Array(ServiceLevelSchema) }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const names = await staffNames(db, tenantId);
      return (await listLevels(db, tenantId)).map((l) => levelView(l, names));
    },
  );

  app.put(
    '/api/v1/service-levels',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['service-levels'],
        summary: 'Set how one segment (or the default) is served; the change is audited',
        body: Body({
          segment: SegmentKey,
          priority: Priority,
          responseTargetHours: Target,
          mayUseReservedCapacity: Type.Boolean({
            description: 'Their orders may book the work centers’ reserved capacity',
          }),
          contactStaffId: Type.Union([Uuid, Type.Null()], {
            description:
              'A staff member of the firm; new conversations of these customers go to them',
          }),
        }),
        response: responses({ 200: ServiceLevelSchema }),
      },
    },
    async (request) => {
      const p = staffOf(request);
      const b = request.body;
      if (b.segment === 'default' && b.mayUseReservedCapacity)
        throw new ValidationFailed([
          {
            field: 'mayUseReservedCapacity',
            message: 'reserved capacity is for segments; the default treatment cannot take it',
          },
        ]);
      if (b.contactStaffId !== null) {
        const staff = await getStaff(db, p.tenantId, b.contactStaffId);
        if (!staff || staff.disabledAt !== null)
          throw new ValidationFailed([
            { field: 'contactStaffId', message: 'is not an active staff member of this firm' },
          ]);
      }
      const level: ServiceLevel = {
        segment: b.segment,
        priority: b.priority,
        responseTargetHours: b.responseTargetHours,
        mayUseReservedCapacity: b.mayUseReservedCapacity,
        contactStaffId: b.contactStaffId,
      };
      await db.transaction(async (tx) => {
        await upsertLevel(tx, p.tenantId, level, clock.now());
        // The firm's settings are the record: its id is the firm's, the segment names the row.
        await auditStaffAction({ ...deps, db: tx }, p, {
          resource: `service-level:${b.segment}`,
          resourceId: p.tenantId,
        });
      });
      const names = await staffNames(db, p.tenantId);
      const saved = (await listLevels(db, p.tenantId)).find((l) => l.segment === b.segment)!;
      return levelView(saved, names);
    },
  );

  app.get(
    '/api/v1/account/contact',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['service-levels'],
        summary:
          'The signed-in customer’s named contact at the firm (name only), if their service level has one',
        response: responses({
          200: Type.Object({
            contact: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
          }),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new NotFound('customer');
      const level = await serviceFor(deps, p.tenantId, p.customerId);
      if (!level.contactStaffId) return { contact: null };
      const staff = await getStaff(db, p.tenantId, level.contactStaffId);
      return { contact: staff && staff.disabledAt === null ? { name: staff.name } : null };
    },
  );
}
