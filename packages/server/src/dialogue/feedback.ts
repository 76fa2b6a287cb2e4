// Feedback after delivery: a rating and words for the product and per feature/option, optionally
// public. The console's per-option aggregate is a research use of feedback, so it counts only
// customers who consent to research right now (erased customers' ratings remain, anonymous).
import { Type } from 'typebox';
import { and, eq, inArray } from 'drizzle-orm';
import { principalOf, requireCustomer, requireStaff } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { Body, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { hasConsent } from '../privacy/consent.ts';
import { findTenantBySlug } from '../tenants/tenants.store.ts';
import { feedback, feedbackItems } from './dialogue.schema.ts';
import { orders } from './ports.ts';

const Rating = Type.Integer({ minimum: 1, maximum: 5 });

export function registerFeedbackRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.post(
    '/api/v1/feedback',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['feedback'],
        summary: 'Rate a delivered order: the product and, optionally, its features/options',
        body: Body({
          orderId: Uuid,
          rating: Rating,
          text: Type.Optional(Type.String({ maxLength: 5000 })),
          public: Type.Boolean(),
          items: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  feature: Type.String({ minLength: 1, maxLength: 100 }),
                  option: Type.String({ minLength: 1, maxLength: 100 }),
                  rating: Rating,
                  text: Type.Optional(Type.String({ maxLength: 2000 })),
                },
                { additionalProperties: false },
              ),
              { maxItems: 50 },
            ),
          ),
        }),
        response: responses({ 201: Type.Object({ id: Type.String() }) }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new NotFound('order');
      const order = await orders().find(db, p.tenantId, request.body.orderId);
      if (!order || order.customerId !== p.customerId)
        throw new NotFound('order', request.body.orderId);
      if (order.status !== 'delivered')
        throw new Conflict('Feedback opens once the order is delivered.');
      const existing = await db
        .select({ id: feedback.id })
        .from(feedback)
        .where(and(eq(feedback.tenantId, p.tenantId), eq(feedback.orderId, order.id)));
      if (existing.length > 0) throw new Conflict('This order already has feedback.');
      const id = ids.uuid();
      await db.transaction(async (tx) => {
        await tx.insert(feedback).values({
          id,
          tenantId: p.tenantId,
          customerId: p.customerId,
          orderId: order.id,
          product: order.product,
          rating: request.body.rating,
          text: request.body.text ?? null,
          public: request.body.public,
          createdAt: clock.now(),
        });
        for (const item of request.body.items ?? []) {
          await tx.insert(feedbackItems).values({
            id: ids.uuid(),
            tenantId: p.tenantId,
            feedbackId: id,
            feature: item.feature,
            option: item.option,
            rating: item.rating,
            text: item.text ?? null,
          });
        }
      });
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/v1/feedback/options',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['feedback'],
        summary: 'Average rating per product feature/option (customers consenting to research)',
        querystring: Type.Object({ product: Type.Optional(Type.String()) }),
        response: responses({
          200: Type.Array(
            Type.Object({
              product: Type.String(),
              feature: Type.String(),
              option: Type.String(),
              ratings: Type.Integer(),
              average: Type.Number(),
              distribution: Type.Array(Type.Integer(), { description: 'Counts of 1..5 stars' }),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const rows = await db
        .select({ item: feedbackItems, product: feedback.product, customerId: feedback.customerId })
        .from(feedbackItems)
        .innerJoin(feedback, eq(feedback.id, feedbackItems.feedbackId))
        .where(
          and(
            eq(feedbackItems.tenantId, p.tenantId),
            ...(request.query.product ? [eq(feedback.product, request.query.product)] : []),
          ),
        );
      const consent = new Map<string, boolean>();
      for (const id of new Set(
        rows.map((r) => r.customerId).filter((x): x is string => x !== null),
      )) {
        consent.set(id, await hasConsent(db, p.tenantId, id, 'research'));
      }
      const groups = new Map<
        string,
        { product: string; feature: string; option: string; d: number[] }
      >();
      for (const r of rows) {
        if (r.customerId !== null && !consent.get(r.customerId)) continue;
        const key = JSON.stringify([r.product, r.item.feature, r.item.option]);
        const g = groups.get(key) ?? {
          product: r.product,
          feature: r.item.feature,
          option: r.item.option,
          d: [0, 0, 0, 0, 0],
        };
        g.d[r.item.rating - 1]! += 1;
        groups.set(key, g);
      }
      return [...groups.values()]
        .map((g) => {
          const n = g.d.reduce((a, b) => a + b, 0);
          const sum = g.d.reduce((a, c, i) => a + c * (i + 1), 0);
          return {
            product: g.product,
            feature: g.feature,
            option: g.option,
            ratings: n,
            average: sum / n,
            distribution: g.d,
          };
        })
        .sort(
          (a, b) =>
            a.product.localeCompare(b.product) ||
            a.feature.localeCompare(b.feature) ||
            a.option.localeCompare(b.option),
        );
    },
  );

  app.get(
    '/api/v1/feedback/public',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Feedback customers chose to make public, without names',
        querystring: Type.Object({
          tenant: Type.String({ minLength: 1 }),
          product: Type.Optional(Type.String()),
        }),
        response: responses({
          200: Type.Array(
            Type.Object({
              product: Type.String(),
              rating: Type.Integer(),
              text: Type.Union([Type.String(), Type.Null()]),
              createdAt: Timestamp,
              items: Type.Array(
                Type.Object({
                  feature: Type.String(),
                  option: Type.String(),
                  rating: Type.Integer(),
                  text: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const tenant = await findTenantBySlug(db, request.query.tenant);
      if (!tenant) throw new NotFound('firm');
      const rows = await db
        .select()
        .from(feedback)
        .where(
          and(
            eq(feedback.tenantId, tenant.id),
            eq(feedback.public, true),
            ...(request.query.product ? [eq(feedback.product, request.query.product)] : []),
          ),
        )
        .orderBy(feedback.createdAt)
        .limit(200);
      const items = rows.length
        ? await db
            .select()
            .from(feedbackItems)
            .where(
              inArray(
                feedbackItems.feedbackId,
                rows.map((r) => r.id),
              ),
            )
        : [];
      return rows.map((r) => ({
        product: r.product,
        rating: r.rating,
        text: r.text,
        createdAt: r.createdAt.toISOString(),
        items: items
          .filter((i) => i.feedbackId === r.id)
          .map((i) => ({ feature: i.feature, option: i.option, rating: i.rating, text: i.text })),
      }));
    },
  );
}
