// Stock for staff (docs/build-to-order.md#modules-and-stock): stocked parts and modules with their
// history, receipts and adjustments, open reservations, build-ahead suggestions with the
// risk-pooling numbers, and each product's postponement point. Owner and operations change
// stock; every staff member may look.
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import { listWorkCenters } from '../capacity/capacity.store.ts';
import { getProduct } from '../catalog/catalog.store.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, NoContent, responses, Uuid } from '../http/schemas.ts';
import { actorOf } from '../orders/orders.routes.ts';
import { getProvider } from '../providers/providers.store.ts';
import { replenishment } from './replenishment.ts';
import {
  changeOnHand,
  clearPostponement,
  getPostponement,
  getStockItem,
  insertStockItem,
  itemMovements,
  listOpenReservations,
  listStockItems,
  setPostponement,
  updateStockItem,
} from './stock.store.ts';
import { itemView, movementView } from './stock.ts';

const CHANGERS = ['owner', 'operations'] as const;

const ItemSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  unit: Type.String(),
  description: Type.String(),
  providerId: Type.Union([Type.String(), Type.Null()], {
    description: 'Where it is kept: a partner provider; null: the own workshop',
  }),
  generic: Type.Boolean({ description: 'A generic module built ahead (replenishment suggests)' }),
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer({ description: 'onHand − reserved' }),
  reorderPoint: Type.Integer(),
  leadTimeDays: Type.Integer(),
  belowReorderPoint: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const MovementSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([
    Type.Literal('receipt'),
    Type.Literal('adjustment'),
    Type.Literal('reservation'),
    Type.Literal('consumption'),
    Type.Literal('return'),
  ]),
  onHandChange: Type.Integer(),
  reservedChange: Type.Integer(),
  orderId: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  by: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

const ItemDetail = Type.Object({ ...ItemSchema.properties, movements: Type.Array(MovementSchema) });

const Sku = Type.String({
  minLength: 1,
  maxLength: 120,
  pattern: '^\\S(.*\\S)?$',
  examples: ['FRM-AL-M'],
});
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const LeadDays = Type.Integer({ minimum: 0, maximum: 365 });
const Note = Type.String({ maxLength: 500 });

const PostponementSchema = Type.Object({
  productId: Type.String(),
  postponedCenters: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'Work centers whose steps happen only after the order; null: made to order',
  }),
  centers: Type.Array(Type.String(), {
    description: 'The firm’s work center codes to choose from',
  }),
});

export function registerStockRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  const itemOr404 = async (tenantId: string, id: string) => {
    const item = await getStockItem(db, tenantId, id);
    if (!item) throw new NotFound('stock item', id);
    return item;
  };
  const detail = async (tenantId: string, id: string) => {
    const item = await itemOr404(tenantId, id);
    return {
      ...itemView(item),
      movements: (await itemMovements(db, tenantId, id)).map(movementView),
    };
  };

  app.get(
    '/api/v1/stock-items',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['stock'],
        summary: 'Stocked parts and modules: on hand, reserved, available, reorder point',
        response: responses({ 200: Type.Array(ItemSchema) }),
      },
    },
    async (request) => (await listStockItems(db, staffOf(request).tenantId)).map(itemView),
  );

  app.post(
    '/api/v1/stock-items',
    {
      onRequest: requireStaff(CHANGERS),
      schema: {
        tags: ['stock'],
        summary: 'Stock a BOM part or module at a location (its first receipt: onHand)',
        body: Body({
          sku: Sku,
          unit: Type.Optional(Type.String({ maxLength: 40 })),
          description: Type.Optional(Type.String({ maxLength: 500 })),
          providerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          generic: Type.Optional(Type.Boolean()),
          onHand: Type.Optional(Count),
          reorderPoint: Type.Optional(Count),
          leadTimeDays: Type.Optional(LeadDays),
        }),
        response: responses({ 201: ItemDetail }),
      },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const b = request.body;
      const providerId = b.providerId ?? null;
      if (providerId && !(await getProvider(db, staff.tenantId, providerId)))
        throw new NotFound('provider', providerId);
      const actor = await actorOf(db, staff);
      const now = clock.now();
      const id = ids.uuid();
      try {
        await db.transaction(async (tx) => {
          await insertStockItem(tx, {
            id,
            tenantId: staff.tenantId,
            sku: b.sku,
            unit: b.unit ?? '',
            description: b.description ?? '',
            providerId,
            generic: b.generic ?? false,
            reorderPoint: b.reorderPoint ?? 0,
            leadTimeDays: b.leadTimeDays ?? 0,
            now,
          });
          if (b.onHand)
            await changeOnHand(tx, ids, staff.tenantId, id, 'receipt', b.onHand, 'first count', {
              label: actor.label,
              at: now,
            });
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw new Conflict('This part is already stocked at that location.', [
          { field: 'sku', message: 'is already stocked at this location' },
        ]);
      }
      return reply.code(201).send(await detail(staff.tenantId, id));
    },
  );

  app.get(
    '/api/v1/stock-items/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['stock'],
        summary: 'A stocked part or module with its history (the ledger, newest first)',
        params: IdParams,
        response: responses({ 200: ItemDetail }),
      },
    },
    async (request) => detail(staffOf(request).tenantId, request.params.id),
  );

  app.patch(
    '/api/v1/stock-items/:id',
    {
      onRequest: requireStaff(CHANGERS),
      schema: {
        tags: ['stock'],
        summary: 'Change a stocked item’s description, generic flag, reorder point or lead time',
        params: IdParams,
        body: Body({
          description: Type.Optional(Type.String({ maxLength: 500 })),
          generic: Type.Optional(Type.Boolean()),
          reorderPoint: Type.Optional(Count),
          leadTimeDays: Type.Optional(LeadDays),
        }),
        response: responses({ 200: ItemDetail }),
      },
    },
    async (request) => {
      const { tenantId } = staffOf(request);
      const updated = await updateStockItem(
        db,
        tenantId,
        request.params.id,
        request.body,
        clock.now(),
      );
      if (!updated) throw new NotFound('stock item', request.params.id);
      return detail(tenantId, request.params.id);
    },
  );

  for (const kind of ['receipts', 'adjustments'] as const)
    app.post(
      `/api/v1/stock-items/:id/${kind}`,
      {
        onRequest: requireStaff(CHANGERS),
        schema: {
          tags: ['stock'],
          summary:
            kind === 'receipts'
              ? 'Receive stock (built ahead or delivered): on hand goes up'
              : 'Correct on hand after a count (+/−); never below zero or below what is reserved',
          params: IdParams,
          body: Body({
            quantity:
              kind === 'receipts'
                ? Type.Integer({ minimum: 1, maximum: 1_000_000 })
                : Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
            note:
              kind === 'receipts'
                ? Type.Optional(Note)
                : Type.String({ minLength: 1, maxLength: 500 }),
          }),
          response: responses({ 201: ItemDetail }),
        },
      },
      async (request, reply) => {
        const staff = staffOf(request);
        const { quantity, note } = request.body;
        if (quantity === 0)
          throw new ValidationFailed([{ field: 'quantity', message: 'must not be 0' }]);
        const actor = await actorOf(db, staff);
        await db.transaction((tx) =>
          changeOnHand(
            tx,
            ids,
            staff.tenantId,
            request.params.id,
            kind === 'receipts' ? 'receipt' : 'adjustment',
            quantity,
            note ?? '',
            { label: actor.label, at: clock.now() },
          ),
        );
        return reply.code(201).send(await detail(staff.tenantId, request.params.id));
      },
    );

  app.get(
    '/api/v1/stock-reservations',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['stock'],
        summary: 'Stock reserved for orders not yet in production',
        response: responses({
          200: Type.Array(
            Type.Object({
              orderId: Type.String(),
              orderNumber: Type.Integer(),
              status: Type.String(),
              itemId: Type.String(),
              sku: Type.String(),
              unit: Type.String(),
              qty: Type.Integer(),
            }),
          ),
        }),
      },
    },
    async (request) => listOpenReservations(db, staffOf(request).tenantId),
  );

  app.get(
    '/api/v1/stock-replenishment',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['stock'],
        summary:
          'Build-ahead suggestions for generic modules, with safety stock pooled vs per finished variant',
        querystring: Type.Object({
          serviceLevel: Type.Optional(
            Type.Number({
              minimum: 0.5,
              maximum: 0.999,
              description: 'Cycle service level (0.95)',
            }),
          ),
        }),
        response: responses({
          200: Type.Object({
            serviceLevel: Type.Number(),
            z: Type.Number(),
            historyWeeks: Type.Integer(),
            suggestions: Type.Array(
              Type.Object({
                itemId: Type.String(),
                sku: Type.String(),
                unit: Type.String(),
                description: Type.String(),
                providerId: Type.Union([Type.String(), Type.Null()]),
                available: Type.Integer(),
                leadTimeDays: Type.Integer(),
                weeklyDemand: Type.Number(),
                method: Type.Union([Type.Literal('forecast'), Type.Literal('moving-average')]),
                safetyStockPooled: Type.Number({ description: 'z·σ_pooled·√L' }),
                safetyStockSeparate: Type.Number({ description: 'Σ z·σ_i·√L' }),
                variants: Type.Integer(),
                reorderLevel: Type.Number(),
                suggestedBuild: Type.Integer(),
              }),
            ),
          }),
        }),
      },
    },
    async (request) =>
      replenishment(db, staffOf(request).tenantId, {
        now: clock.now(),
        serviceLevel: request.query.serviceLevel ?? 0.95,
      }),
  );

  const productOr404 = async (tenantId: string, id: string) => {
    const product = await getProduct(db, tenantId, id);
    if (!product) throw new NotFound('product', id);
    return product;
  };
  const postponementView = async (tenantId: string, productId: string) => ({
    productId,
    postponedCenters: (await getPostponement(db, tenantId, productId))?.postponedCenters ?? null,
    centers: [...new Set((await listWorkCenters(db, tenantId)).map((c) => c.code))].sort(),
  });

  app.get(
    '/api/v1/products/:id/postponement',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['stock'],
        summary: 'A product’s postponement point: the steps that happen only after the order',
        params: IdParams,
        response: responses({ 200: PostponementSchema }),
      },
    },
    async (request) => {
      const { tenantId } = staffOf(request);
      await productOr404(tenantId, request.params.id);
      return postponementView(tenantId, request.params.id);
    },
  );

  app.put(
    '/api/v1/products/:id/postponement',
    {
      onRequest: requireStaff(CHANGERS),
      schema: {
        tags: ['stock'],
        summary:
          'Set the postponement point: the work centers whose steps happen only after the order',
        params: IdParams,
        body: Body({
          postponedCenters: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), {
            minItems: 1,
            maxItems: 50,
            uniqueItems: true,
          }),
        }),
        response: responses({ 200: PostponementSchema }),
      },
    },
    async (request) => {
      const { tenantId } = staffOf(request);
      await productOr404(tenantId, request.params.id);
      const known = new Set((await listWorkCenters(db, tenantId)).map((c) => c.code));
      const wrong = request.body.postponedCenters
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => !known.has(c));
      if (wrong.length > 0)
        throw new ValidationFailed(
          wrong.map(({ c, i }) => ({
            field: `postponedCenters.${i}`,
            message: `no work center ${c}`,
          })),
        );
      await setPostponement(
        db,
        tenantId,
        request.params.id,
        request.body.postponedCenters,
        clock.now(),
      );
      return postponementView(tenantId, request.params.id);
    },
  );

  app.delete(
    '/api/v1/products/:id/postponement',
    {
      onRequest: requireStaff(CHANGERS),
      schema: {
        tags: ['stock'],
        summary: 'Make the product to order again (no promise from stock)',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const { tenantId } = staffOf(request);
      await productOr404(tenantId, request.params.id);
      await clearPostponement(db, tenantId, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
