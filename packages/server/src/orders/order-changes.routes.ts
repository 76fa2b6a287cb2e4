// The firm's side of order changes: the list (waiting ones first to decide), approve (re-quoted
// and applied now, or refused if the order moved on) and refuse with a reason. Audited like
// other staff changes to a customer's order.
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { answerOnce } from '../http/idempotency.ts';
import { Body, IdParams, responses } from '../http/schemas.ts';
import { auditAccess } from '../privacy/audit.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { getOrder } from './orders.store.ts';
import { actorOf } from './orders.routes.ts';
import { ORDER_CHANGE_STATUSES } from './orders.schema.ts';
import { approveOrderChange, refuseOrderChange } from './order-changes.ts';
import { getOrderChange, listFirmOrderChanges } from './order-changes.store.ts';
import { OrderChangeView, orderChangeView } from './order-change-view.ts';

const DECIDERS = ['owner', 'operations', 'sales'] as const;

export function registerOrderChangeRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get(
    '/api/v1/order-changes',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['orders'],
        summary: 'Order changes from accepted design revisions, newest first (filter: status)',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(ORDER_CHANGE_STATUSES.map((s) => Type.Literal(s)))),
        }),
        response: responses({
          200: Type.Array(
            Type.Intersect([OrderChangeView, Type.Object({ orderNumber: Type.Integer() })]),
          ),
        }),
      },
    },
    async (request) => {
      const list = await listFirmOrderChanges(db, staffOf(request).tenantId, request.query.status);
      return list.map((c) => ({ ...orderChangeView(c), orderNumber: c.orderNumber }));
    },
  );

  /** The firm, the change (404 in another firm) and the audit of the change to the order. */
  async function decide(request: Parameters<typeof staffOf>[0] & { params: { id: string } }) {
    const principal = staffOf(request);
    const tenant = await getTenant(db, principal.tenantId);
    const change = await getOrderChange(db, principal.tenantId, request.params.id);
    if (!tenant || !change) throw new NotFound('order change', request.params.id);
    const order = await getOrder(db, tenant.id, change.orderId);
    if (order?.customerId)
      await auditAccess(deps, principal, {
        customerId: order.customerId,
        action: 'change',
        resource: 'order',
        resourceId: order.id,
      });
    return { tenant, by: await actorOf(db, principal) };
  }

  app.post(
    '/api/v1/order-changes/:id/approve',
    {
      onRequest: requireStaff([...DECIDERS]),
      schema: {
        tags: ['orders'],
        summary:
          'Approve a requested order change: re-quoted now and applied (refused instead if the order started production)',
        params: IdParams,
        response: responses({ 200: OrderChangeView }),
      },
      // Money and capacity: a retry replays the first decision, never decides again.
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const { tenant, by } = await decide(request);
      return answerOnce({ db, clock }, request, reply, async (tx) => ({
        status: 200,
        body: orderChangeView(
          await approveOrderChange({ ...deps, db: tx }, tenant, request.params.id, by),
        ),
      }));
    },
  );

  app.post(
    '/api/v1/order-changes/:id/refuse',
    {
      onRequest: requireStaff([...DECIDERS]),
      schema: {
        tags: ['orders'],
        summary: 'Refuse a requested order change, saying why (the customer is told)',
        params: IdParams,
        body: Body({
          reason: Type.String({
            minLength: 1,
            maxLength: 2000,
            examples: ['The frame is already cut.'],
          }),
        }),
        response: responses({ 200: OrderChangeView }),
      },
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const reason = request.body.reason.trim();
      if (!reason) throw new ValidationFailed([{ field: 'reason', message: 'must say why' }]);
      const { tenant, by } = await decide(request);
      return answerOnce({ db, clock }, request, reply, async (tx) => ({
        status: 200,
        body: orderChangeView(
          await refuseOrderChange({ ...deps, db: tx }, tenant, request.params.id, reason, by),
        ),
      }));
    },
  );
}
