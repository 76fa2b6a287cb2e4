// Orders: placed from the shop (guests with an email, or signed-in customers), read by their
// owner with the order token, managed by the firm's staff (list, detail with BOM and routing,
// lifecycle transitions).
import { notify } from '../notify/notify.ts';
import { auditAccess } from '../privacy/audit.ts';
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { Principal } from '../auth/principal.ts';
import { randomToken, sameSecret, sha256 } from '../auth/tokens.ts';
import { findProductBySlug, getProduct } from '../catalog/catalog.store.ts';
import { deleteOrderBookings } from '../capacity/capacity.store.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import type { Db } from '../db/types.ts';
import { answerOnce } from '../http/idempotency.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses, Uuid } from '../http/schemas.ts';
import { Choices, ExtendedProblem, Personalization } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { getDesign } from '../studio/studio.store.ts';
import { getCustomer, getStaff } from '../users/users.store.ts';
import { ORDER_STATUSES, type OrderStatus } from './orders.schema.ts';
import {
  OrderApprovalFields,
  OrderApprovalView,
  orderApprovalView,
} from '../approvals/order-fields.ts';
import { settleReservations } from '../stock/stock.store.ts';
import { assertTransition, freesCapacity, stockSettlement, TRANSITIONS } from './orders.ts';
import {
  getOrder,
  getOrderForUpdate,
  insertOrderEvent,
  listOrderEvents,
  listOrders,
  setOrderStatus,
  type Order,
  type OrderEvent,
} from './orders.store.ts';
import { confirmGuestOrder } from './holds.ts';
import { guestHold, tellOrderPlaced } from './order-mail.ts';
import { placeOrderIn } from './place-order.ts';
import { OfferIdField } from '../offers/offers.routes.ts';
import { refusePendingChanges } from './order-changes.ts';
import { listOrderChanges } from './order-changes.store.ts';
import { OrderChangeView, orderChangeView } from './order-change-view.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { ensureProven } from '../catalog/catalog.ts';
import { OrderItemSchema, orderItems } from '../contracts/order-items.ts';

const StatusSchema = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));
const TargetStatus = Type.Union(
  (['confirmed', 'in_production', 'shipped', 'delivered', 'cancelled'] as const).map((s) =>
    Type.Literal(s),
  ),
);
const TimelineEntry = Type.Object({
  status: Type.String(),
  at: Type.String(),
  by: Type.String(),
  byKind: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
});
const Line = Type.Object(
  { label: Type.String(), amount: Type.Integer() },
  { additionalProperties: true },
);
export const OrderSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    status: Type.String(),
    createdAt: Type.String(),
    product: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
    versionId: Type.String(),
    email: Type.String(),
    choices: Choices,
    personalization: Personalization,
    lines: Type.Array(Line),
    total: Type.Integer(),
    currency: Type.String(),
    promisedDate: Type.String(),
    timeline: Type.Array(TimelineEntry),
    /** Line by line (contracts/order-items.ts): designs × quantities with contract prices. */
    items: Type.Array(OrderItemSchema),
    /** Changes from design revisions the customer accepted: applied, waiting, refused. */
    changes: Type.Array(OrderChangeView),
    changeWaiting: Type.Boolean({
      description:
        'Whether a change request (a revised design the customer accepted) waits for the firm to approve or refuse it.',
      example: false,
    }),
    /** Company orders (approvals/): PO number, payment terms, cost center, approval. */
    ...OrderApprovalView,
  },
  { additionalProperties: true },
);
const OrderDetail = Type.Intersect([
  OrderSchema,
  Type.Object({
    bom: Type.Array(
      Type.Object({ sku: Type.String(), qty: Type.Number() }, { additionalProperties: true }),
    ),
    routing: Type.Array(
      Type.Object({
        center: Type.String(),
        operation: Type.String(),
        hours: Type.Number(),
        final: Type.Boolean(),
        startDate: Type.String(),
        endDate: Type.String(),
      }),
    ),
    allowedTransitions: Type.Array(Type.String()),
  }),
]);
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
const ShopIdParams = Type.Object({ tenant: Type.String({ maxLength: 100 }), id: Uuid });

/** Where a firm's order is built: its provider (null: the own workshop) and routing status. */
function providerRouting(order: Order) {
  return {
    provider: {
      id: order.providerId,
      status: order.routingStatus,
      deadline: order.routingDeadline?.toISOString() ?? null,
    },
  };
}

export async function orderView(db: Db, order: Order, detail: boolean) {
  const product = await getProduct(db, order.tenantId, order.productId);
  const events = await listOrderEvents(db, order.tenantId, order.id);
  const changes = await listOrderChanges(db, order.tenantId, order.id);
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    createdAt: order.createdAt.toISOString(),
    product: { id: order.productId, slug: product?.slug ?? '', name: product?.name ?? '' },
    versionId: order.productVersionId,
    designId: order.designId,
    /** The accepted bid the order was placed from, at its price; null for list-price orders. */
    bidId: order.bidId,
    email: order.email,
    choices: order.choices,
    personalization: order.personalization,
    lines: order.lines,
    total: order.total,
    currency: order.currency,
    leadTimeDays: order.leadTimeDays,
    promisedDate: order.promisedDate,
    timeline: events.map(timelineEntry),
    items: await orderItems(db, order),
    changes: changes.map(orderChangeView),
    changeWaiting: changes.some((c) => c.status === 'requested'),
    ...(await orderApprovalView(db, order)),
    ...(detail
      ? {
          bom: order.bom.map((b) => ({
            sku: b.sku,
            qty: b.qty,
            unit: b.unit ?? null,
            description: b.description ?? null,
          })),
          allowedTransitions: TRANSITIONS[order.status],
          routing: order.routing,
        }
      : {}),
  };
}

function timelineEntry(e: OrderEvent) {
  return {
    status: e.toStatus,
    at: e.at.toISOString(),
    by: e.byLabel,
    byKind: e.byKind,
    note: e.note,
  };
}

/** Who acted, as recorded on the timeline: the person's name where there is one. */
export async function actorOf(
  db: Db,
  p: Principal,
): Promise<{ kind: string; id: string | null; label: string }> {
  if (p.kind === 'customer') {
    const customer = await getCustomer(db, p.tenantId, p.customerId);
    return { kind: 'customer', id: p.customerId, label: customer?.name ?? 'customer' };
  }
  if (p.kind === 'provider') return { kind: 'provider', id: p.userId, label: 'provider' };
  if (p.via === 'apiKey') return { kind: 'api-key', id: p.apiKeyId, label: `API key (${p.role})` };
  const staff = await getStaff(db, p.tenantId, p.userId);
  return { kind: 'staff', id: p.userId, label: staff ? `${staff.name} (${p.role})` : p.role };
}

export function registerOrderRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;
  const shopTenant = resolveShopTenant(db);

  app.post(
    '/api/v1/shop/:tenant/orders',
    {
      onRequest: shopTenant,
      // Orders book capacity: a much stricter limit for guests and customers.
      config: { idempotency: 'atomic', writeLimit: 'order' },
      schema: {
        tags: ['shop'],
        summary: 'Order a complete design (the server re-checks validity, price and date)',
        params: Type.Object({ tenant: Type.String({ maxLength: 100 }) }),
        body: Body({
          versionId: Uuid,
          choices: Choices,
          personalization: Type.Optional(Personalization),
          designId: Type.Optional(Uuid),
          token: Type.Optional(Type.String({ maxLength: 200 })),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
          locationId: Type.Optional(
            Type.Union([Uuid, Type.Null()], {
              description:
                'A company member buying for one of their company’s locations (cost centers): its price list applies. Another company’s location is 404.',
            }),
          ),
          providerId: Type.Optional(
            Type.Union([Uuid, Type.Null()], {
              description:
                'Where the order is built, chosen from POST /provider-quotes (null: the firm’s own workshop); re-checked, and `expected.promisedDate` must be that provider’s date. Left out: the own workshop.',
              example: null,
            }),
          ),
          expected: Type.Object(
            {
              total: Type.Integer(),
              currency: Type.String({ minLength: 3, maxLength: 3 }),
              promisedDate: Type.String({ format: 'date' }),
            },
            { additionalProperties: false },
          ),
          ...OrderApprovalFields,
          offerId: Type.Optional(OfferIdField),
        }),
        response: responses({
          201: Type.Intersect([OrderSchema, Type.Object({ token: Type.String() })]),
          409: ExtendedProblem,
        }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const body = request.body;
      let email = body.email?.trim().toLowerCase();
      let customerId: string | null = null;
      if (shopper?.kind === 'customer') {
        const customer = await getCustomer(db, tenant.id, shopper.customerId);
        customerId = shopper.customerId;
        email ??= customer?.email;
      }
      if (!email)
        throw new ValidationFailed([
          { field: 'email', message: 'is required to order as a guest' },
        ]);
      if (body.designId !== undefined) {
        const design = await getDesign(db, tenant.id, body.designId);
        const mayUse =
          design &&
          ((body.token !== undefined && sameSecret(sha256(body.token), design.tokenHash)) ||
            (customerId !== null && design.customerId === customerId) ||
            shopper?.kind === 'staff');
        if (!mayUse) throw new NotFound('design', body.designId);
      }
      // Only a proven model is loaded to check and price the order (catalog/catalog.ts).
      await ensureProven(deps, tenant.id, body.versionId);
      const token = randomToken();
      const compiled = await compiledVersion(db, tenant.id, body.versionId);
      const by = shopper ? await actorOf(db, shopper) : { kind: 'guest', id: null, label: email };
      const { confirmToken, hold } = guestHold(deps, Boolean(shopper));
      // The order, its capacity bookings, its confirmation email and the answer to its
      // Idempotency-Key commit together: a retry after a crash either replays this answer or
      // finds nothing was taken.
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const order = await placeOrderIn(
          tx,
          { clock, ids, config: deps.config },
          tenant,
          compiled,
          {
            versionId: body.versionId,
            choices: body.choices,
            personalization: body.personalization ?? {},
            designId: body.designId ?? null,
            email,
            customerId,
            expected: body.expected,
            ...(body.providerId !== undefined ? { providerId: body.providerId } : {}),
            ...(body.locationId ? { locationId: body.locationId } : {}),
            tokenHash: sha256(token),
            by,
            poNumber: body.poNumber ?? null,
            paymentTerms: body.paymentTerms ?? null,
            offerId: body.offerId ?? null,
            ...(hold && { hold }),
          },
        );
        await tellOrderPlaced(deps, tx, order, { email, token, confirmToken });
        return { status: 201, body: { ...(await orderView(tx, order, false)), token } };
      });
    },
  );

  app.post(
    '/api/v1/shop/:tenant/orders/:id/confirm',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'A guest confirms an order with the token from the emailed link; unconfirmed orders are released when their hold expires (410)',
        params: ShopIdParams,
        body: Body({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: responses({ 200: OrderSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const order = await confirmGuestOrder(deps, tenant.id, request.params.id, request.body.token);
      return orderView(db, order, false);
    },
  );

  app.get(
    '/api/v1/shop/:tenant/orders/:id',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'An order’s page: its owner (order token or signed-in customer) or the firm’s staff',
        params: ShopIdParams,
        querystring: TokenQuery,
        response: responses({ 200: OrderSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const order = await getOrder(db, tenant.id, request.params.id);
      const token = request.query.token;
      const allowed =
        order &&
        ((token !== undefined && sameSecret(sha256(token), order.tokenHash)) ||
          (shopper?.kind === 'customer' && order.customerId === shopper.customerId) ||
          shopper?.kind === 'staff');
      if (!allowed) throw new NotFound('order', request.params.id);
      return orderView(db, order, false);
    },
  );

  app.get(
    '/api/v1/orders',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['orders'],
        summary:
          'Orders, newest first (filters: status, product id or slug, created from/to dates, a change request waiting)',
        querystring: Type.Object({
          status: Type.Optional(StatusSchema),
          changeWaiting: Type.Optional(
            Type.Boolean({
              description:
                'true: only orders with a change request waiting for the firm; false: only those without.',
              example: true,
            }),
          ),
          product: Type.Optional(Type.String()),
          from: Type.Optional(Type.String({ format: 'date' })),
          to: Type.Optional(Type.String({ format: 'date' })),
        }),
        response: responses({ 200: Type.Array(OrderSchema) }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const q = request.query;
      let productId: string | undefined;
      if (q.product) {
        const byId = /^[0-9a-f-]{36}$/i.test(q.product)
          ? await getProduct(db, tenantId, q.product)
          : null;
        productId =
          (byId ?? (await findProductBySlug(db, tenantId, q.product)))?.id ??
          '00000000-0000-0000-0000-000000000000';
      }
      const list = await listOrders(db, tenantId, {
        ...(q.status ? { status: q.status } : {}),
        ...(q.changeWaiting !== undefined ? { changeWaiting: q.changeWaiting } : {}),
        ...(productId ? { productId } : {}),
        ...(q.from ? { from: new Date(`${q.from}T00:00:00.000Z`) } : {}),
        ...(q.to ? { to: new Date(new Date(`${q.to}T00:00:00.000Z`).getTime() + 86_400_000) } : {}),
      });
      return Promise.all(
        list.map(async (o) => ({ ...(await orderView(db, o, false)), ...providerRouting(o) })),
      );
    },
  );

  app.get(
    '/api/v1/orders/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['orders'],
        summary: 'An order with its BOM, routing and timeline',
        params: IdParams,
        response: responses({ 200: OrderDetail }),
      },
    },
    async (request) => {
      const order = await getOrder(db, staffOf(request).tenantId, request.params.id);
      if (!order) throw new NotFound('order', request.params.id);
      // Staff reading a customer's order (name, address, personalization) is audited.
      if (order.customerId) {
        await auditAccess(deps, staffOf(request), {
          customerId: order.customerId,
          action: 'read',
          resource: 'order',
          resourceId: order.id,
        });
      }
      return { ...(await orderView(db, order, true)), ...providerRouting(order) };
    },
  );

  app.post(
    '/api/v1/orders/:id/transitions',
    {
      onRequest: requireStaff(['owner', 'operations']),
      schema: {
        tags: ['orders'],
        summary:
          'Move an order along its lifecycle (cancel only before production; frees capacity)',
        params: IdParams,
        body: Body({ to: TargetStatus, note: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: responses({ 200: OrderDetail, 409: ExtendedProblem }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      const tenantId = principal.tenantId;
      const to: OrderStatus = request.body.to;
      const updated = await db.transaction(async (tx) => {
        const order = await getOrderForUpdate(tx, tenantId, request.params.id);
        if (!order) throw new NotFound('order', request.params.id);
        assertTransition(order.status, to);
        const now = clock.now();
        if (freesCapacity(to)) await deleteOrderBookings(tx, tenantId, order.id);
        // Stocked modules (stock/): returned with a cancellation, taken off the shelf when
        // production starts (the postponement step) — in this same transaction.
        const settles = stockSettlement(to);
        if (settles)
          await settleReservations(tx, ids, tenantId, order.id, settles, {
            label: `order ${order.number} ${settles === 'consume' ? 'in production' : 'cancelled'}`,
            at: now,
          });
        const by = await actorOf(tx, principal);
        await insertOrderEvent(tx, {
          id: ids.uuid(),
          tenantId,
          orderId: order.id,
          fromStatus: order.status,
          toStatus: to,
          byKind: by.kind,
          byId: by.id,
          byLabel: by.label,
          note: request.body.note ?? null,
          at: now,
        });
        const changed = await setOrderStatus(tx, tenantId, order.id, to, now);
        // A change waiting for approval can no longer be made once production starts.
        const tenant = await getTenant(tx, tenantId);
        if (tenant) await refusePendingChanges({ ...deps, db: tx }, tenant, changed);
        // The email and webhook are queued in the same transaction: no status change without them.
        await notify({ ...deps, db: tx }, tenantId, {
          kind: 'order.status_changed',
          orderId: changed.id,
          orderNumber: String(changed.number),
          status: to,
          customerId: changed.customerId,
          email: changed.customerId ? null : changed.email,
        });
        return changed;
      });
      return orderView(db, updated, true);
    },
  );
}
