// Customer value as last computed from the firm's own orders: one row per scored customer
// (replaced as a whole at every recompute) and one row per firm describing that run.
import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers } from '../users/users.schema.ts';

export const SEGMENTS = ['best', 'growing', 'at-risk', 'lapsed', 'costly'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const customerValues = pgTable(
  'customer_values',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Erasing the customer deletes their figures with them. */
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** Orders counted (cancelled ones left out). */
    orders: integer('orders').notNull(),
    /** Repeat purchase days (BG/NBD x). */
    frequency: integer('frequency').notNull(),
    /** Days from the first purchase to the last (BG/NBD t_x). */
    recencyDays: integer('recency_days').notNull(),
    /** Days from the first purchase to the computation day (BG/NBD T). */
    ageDays: integer('age_days').notNull(),
    firstOrderOn: date('first_order_on', { mode: 'string' }).notNull(),
    lastOrderOn: date('last_order_on', { mode: 'string' }).notNull(),
    /** Everything the customer spent, minor units. */
    spent: integer('spent').notNull(),
    currency: text('currency').notNull(),
    pAlive: doublePrecision('p_alive').notNull(),
    expectedPurchases: doublePrecision('expected_purchases').notNull(),
    /** Expected spend over the horizon, minor units. */
    expectedValue: integer('expected_value').notNull(),
    /** Conversations, revisions and order changes so far. */
    interactions: integer('interactions').notNull(),
    /** Expected cost of serving the customer over the horizon, minor units. */
    expectedServiceCost: integer('expected_service_cost').notNull(),
    segment: text('segment', { enum: SEGMENTS }).notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    index('customer_values_segment').on(t.tenantId, t.segment, t.expectedValue),
  ],
);

export type CustomerValueRunFacts = {
  horizonDays: number;
  costPerInteraction: number;
  /** The day (firm's time zone) ages are measured to. */
  asOf: string;
  bgnbd?: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  gammaGamma?: { p: number; q: number; v: number };
  /** The "best" threshold: the 80th percentile of net expected value. */
  bestThreshold?: number;
};

/** The firm's last computation: when, whether it could fit, and with what. */
export const customerValueRuns = pgTable('customer_value_runs', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  status: text('status', { enum: ['scored', 'not-enough-history'] }).notNull(),
  /** Why the models could not be fitted (not-enough-history). */
  message: text('message'),
  customers: integer('customers').notNull(),
  facts: jsonb('facts').$type<CustomerValueRunFacts>().notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
});
