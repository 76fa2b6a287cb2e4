// Roll-ups of the insight pages (docs/insights.md, "How the pages stay fast"): counts per firm,
// product and day (and week and month) kept in the same transaction as the orders, designs, consents and customer
// values they come from, by the database triggers of migration 0034 (one place, so every writer
// — the shop, staff, erasure, imports, set-based SQL — keeps them right). The pages read only
// these tables; `insight_rebuild(tenant)` recomputes a firm's from the raw rows (the test
// compares both).
import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';

/**
 * The segment each customer's demand is counted under: their customer-value segment while their
 * personalization consent holds, else no row ("unsegmented"). Kept equal to that by the triggers
 * on consent_records and customer_values, which move the customer's counts between segments in
 * the same transaction as a withdrawal, an erasure or a re-scoring.
 */
export const insightCustomerSegments = pgTable(
  'insight_customer_segments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    segment: text('segment').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.customerId] })],
);

/**
 * Demand by option per day, week (from Monday) and month of the firm's time zone (`grain` d, w,
 * m; `day` the first day): how many counted orders (source 1) and saved designs' current
 * versions (source 0) chose each value, per segment and model version. A period is read as its
 * whole weeks or months plus the days at its edges. `feature` '' (value null) is the row of the
 * designs/orders themselves, with the orders' summed totals. Rows netted to 0 stay (read with
 * `n > 0`).
 */
export const optionDemandRollup = pgTable(
  'option_demand_rollup',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    /** d day, w week, m month. */
    grain: text('grain').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** 0 designs, 1 orders. */
    source: smallint('source').notNull(),
    segment: text('segment').notNull(),
    versionId: uuid('version_id').notNull(),
    feature: text('feature').notNull(),
    value: jsonb('value').notNull(),
    n: integer('n').notNull(),
    /** Sum of the orders' totals (minor units), on the orders' own row (feature ''). */
    total: bigint('total', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'option_demand_rollup_pk',
      columns: [
        t.tenantId,
        t.productId,
        t.grain,
        t.day,
        t.source,
        t.segment,
        t.versionId,
        t.feature,
        t.value,
      ],
    }),
  ],
);

/**
 * Counted orders per configuration (`config` = md5 of the choices' canonical text), per day and
 * month (`grain` d, m).
 */
export const orderConfigRollup = pgTable(
  'order_config_rollup',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    grain: text('grain').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    config: uuid('config').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'order_config_rollup_pk',
      columns: [t.tenantId, t.productId, t.grain, t.day, t.config],
    }),
  ],
);

/**
 * Counted orders per day placed and lead time: days from placed to delivered (the first event
 * to delivered), else to the promised date (`lead_known` false when neither is known);
 * `delivered`, and `on_time` = delivered on or before the promised date.
 */
export const orderLeadDaily = pgTable(
  'order_lead_daily',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    leadKnown: boolean('lead_known').notNull(),
    lead: integer('lead').notNull(),
    delivered: boolean('delivered').notNull(),
    onTime: boolean('on_time').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'order_lead_daily_pk',
      columns: [t.tenantId, t.productId, t.day, t.leadKnown, t.lead, t.delivered, t.onTime],
    }),
  ],
);
