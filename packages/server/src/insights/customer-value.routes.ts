// Customer value for the firm's sales side (owner and sales; not designers, operations or
// providers): the segment lists, one customer's figures, and recomputing on demand. Every
// customer whose figures are shown is recorded in the audit log, and is shown only while their
// personalization consent holds (checked again at reading, through usePersonalData).
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import { hit } from '../auth/rate-limit.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, TooManyRequests } from '../http/errors.ts';
import { IdParams, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { auditAccess } from '../privacy/audit.ts';
import { usePersonalData } from '../privacy/consent.ts';
import { registerPersonalDataHolder } from '../privacy/personal-data.ts';
import { customerValueHolder } from './customer-value-data.ts';
import { customerValueView, runView, SEGMENTS } from './customer-value.ts';
import { getCustomerValue, getRun, listCustomerValues } from './customer-value.store.ts';
import { NotEnoughHistory, recomputeCustomerValues } from './recompute.ts';

const ROLES = ['owner', 'sales'] as const;

/** Recomputing on demand: this many times per firm per hour (the schedule does it daily). */
export const RECOMPUTE_LIMIT = { limit: 12, windowMs: 60 * 60_000 };

export const SegmentSchema = Type.Union(
  SEGMENTS.map((s) => Type.Literal(s)),
  { description: 'best, growing, at-risk, lapsed, or costly (costs more than it brings)' },
);

export const CustomerValueSchema = Type.Object({
  customerId: Uuid,
  name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  segment: SegmentSchema,
  orders: Type.Integer(),
  frequency: Type.Integer({ description: 'Repeat purchase days' }),
  recencyDays: Type.Integer({ description: 'Days from the first order to the last' }),
  ageDays: Type.Integer({ description: 'Days from the first order to the computation day' }),
  firstOrderOn: Type.String({ format: 'date' }),
  lastOrderOn: Type.String({ format: 'date' }),
  spent: Type.Integer({ description: 'Minor units' }),
  currency: Type.String(),
  pAlive: Type.Number(),
  expectedPurchases: Type.Number({ description: 'Over the horizon' }),
  expectedValue: Type.Integer({ description: 'Expected spend over the horizon, minor units' }),
  interactions: Type.Integer({ description: 'Conversations, revisions and order changes' }),
  expectedServiceCost: Type.Integer({ description: 'Over the horizon, minor units' }),
  netValue: Type.Integer({ description: 'expectedValue − expectedServiceCost' }),
  computedAt: Timestamp,
});

export const RunSchema = Type.Object({
  status: Type.Union([Type.Literal('scored'), Type.Literal('not-enough-history')]),
  message: Type.Union([Type.String(), Type.Null()]),
  customers: Type.Integer(),
  horizonDays: Type.Integer(),
  costPerInteraction: Type.Integer(),
  asOf: Type.String({ format: 'date' }),
  bestThreshold: Type.Union([Type.Integer(), Type.Null()]),
  computedAt: Timestamp,
});

export function registerCustomerValueRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;
  registerPersonalDataHolder(customerValueHolder);

  const stillConsented = async (tenantId: string, customerId: string) =>
    (await usePersonalData(deps, tenantId, customerId, 'personalization', () => Promise.resolve()))
      .used;

  app.get(
    '/api/v1/customer-values',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['insights'],
        summary: 'Customers by value (highest expected value first), optionally of one segment',
        querystring: Type.Object({
          segment: Type.Optional(SegmentSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
        }),
        response: responses({
          200: Type.Object({
            run: Type.Union([RunSchema, Type.Null()]),
            total: Type.Integer(),
            items: Type.Array(CustomerValueSchema),
          }),
        }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const { segment, limit = 20, offset = 0 } = request.query;
      const run = await getRun(db, staff.tenantId);
      const page = await listCustomerValues(db, staff.tenantId, {
        ...(segment ? { segment } : {}),
        offset,
        limit,
      });
      const items = [];
      for (const { value, name, email } of page.items) {
        // Withdrawn since the last computation: hidden now, deleted at the next one.
        if (!(await stillConsented(staff.tenantId, value.customerId))) continue;
        await auditAccess(deps, staff, {
          customerId: value.customerId,
          action: 'read',
          resource: 'customer-value',
          resourceId: value.customerId,
        });
        items.push(customerValueView({ ...value, name, email }));
      }
      return { run: run ? runView(run) : null, total: page.total, items };
    },
  );

  app.get(
    '/api/v1/customers/:id/value',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['insights'],
        summary: 'One customer’s value figures and segment (recorded in the audit log)',
        params: IdParams,
        response: responses({ 200: CustomerValueSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const row = await getCustomerValue(db, staff.tenantId, request.params.id);
      if (!row || !(await stillConsented(staff.tenantId, row.customerId)))
        throw new NotFound('customer value', request.params.id);
      await auditAccess(deps, staff, {
        customerId: row.customerId,
        action: 'read',
        resource: 'customer-value',
        resourceId: row.customerId,
      });
      return customerValueView(row);
    },
  );

  app.post(
    '/api/v1/customer-values/recompute',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['insights'],
        summary:
          'Fit the customer-value models to the firm’s orders now and replace every figure (409 when the history is too thin)',
        response: responses({ 200: RunSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const allowed = await hit(
        db,
        `customer-value-recompute:${staff.tenantId}`,
        RECOMPUTE_LIMIT,
        clock.now(),
      );
      if (!allowed.allowed)
        throw new TooManyRequests(
          allowed.retryAfterSeconds,
          `Customer value was recomputed ${RECOMPUTE_LIMIT.limit} times this hour; try again in ${allowed.retryAfterSeconds} s.`,
        );
      const run = await recomputeCustomerValues(deps, staff.tenantId);
      if (run.status === 'not-enough-history') throw new NotEnoughHistory(run.message ?? '');
      return runView(run);
    },
  );
}
