// A customer's timeline for the firm's owner and sales staff (not designers, operations or
// providers): designs and versions, orders and their statuses, order changes, conversations,
// revisions, feedback, bids, consents given and withdrawn, and their customer-value figures
// while their personalization consent holds. Every read is recorded in the audit log.
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound } from '../http/errors.ts';
import { IdParams, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { auditAccess } from '../privacy/audit.ts';
import { usePersonalData } from '../privacy/consent.ts';
import { getCustomer } from '../users/users.store.ts';
import { customerValueView } from './customer-value.ts';
import { CustomerValueSchema } from './customer-value.routes.ts';
import { getCustomerValue } from './customer-value.store.ts';
import { eventView, inTimeOrder, TIMELINE_KINDS } from './timeline.ts';
import { timelineEvents } from './timeline.store.ts';

const TimelineSchema = Type.Object({
  customer: Type.Object({
    id: Uuid,
    name: Type.String(),
    email: Type.String(),
    createdAt: Timestamp,
  }),
  value: Type.Union([CustomerValueSchema, Type.Null()], {
    description: 'Null when not scored, or without personalization consent now',
  }),
  events: Type.Array(
    Type.Object({
      at: Timestamp,
      kind: Type.Union(TIMELINE_KINDS.map((k) => Type.Literal(k))),
      summary: Type.String(),
      refId: Type.Union([Uuid, Type.Null()]),
    }),
  ),
});

export function registerTimelineRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/customers/:id/timeline',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['insights'],
        summary:
          'Everything a customer did with the firm, oldest first (recorded in the audit log)',
        params: IdParams,
        response: responses({ 200: TimelineSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const customer = await getCustomer(deps.db, staff.tenantId, request.params.id);
      if (!customer) throw new NotFound('customer', request.params.id);
      await auditAccess(deps, staff, {
        customerId: customer.id,
        action: 'read',
        resource: 'timeline',
        resourceId: customer.id,
      });
      const scored = await usePersonalData(
        deps,
        staff.tenantId,
        customer.id,
        'personalization',
        () => getCustomerValue(deps.db, staff.tenantId, customer.id),
      );
      const value = scored.used ? scored.value : null;
      const events = inTimeOrder(await timelineEvents(deps.db, staff.tenantId, customer.id));
      return {
        customer: {
          id: customer.id,
          name: customer.name,
          email: customer.email,
          createdAt: customer.createdAt.toISOString(),
        },
        value: value ? customerValueView(value) : null,
        events: events.map(eventView),
      };
    },
  );
}
