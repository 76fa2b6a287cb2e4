// Work centers with their daily capacity, and the capacity each order books per center per day.
// Capacity is kept in whole minutes so sums are exact.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
  uniqueIndex,
  foreignKey,
} from 'drizzle-orm/pg-core';
import { orders } from '../orders/orders.schema.ts';
import { providers } from '../providers/providers.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const workCenters = pgTable(
  'work_centers',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** What model work lines name in `center`, e.g. `frame-shop`. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    minutesPerDay: integer('minutes_per_day').notNull(),
    /**
     * Of each working day's minutes, how many only priority customers' orders may book
     * (service-levels/): ordinary orders stop at minutesPerDay - reservedMinutesPerDay.
     */
    reservedMinutesPerDay: integer('reserved_minutes_per_day').notNull().default(0),
    /** ISO weekdays the center works (1 = Monday … 7 = Sunday). */
    workingDays: integer('working_days')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    /** The partner provider whose center this is; null: the firm's own workshop. */
    providerId: uuid('provider_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // Codes are what model work lines name, so each provider has its own set of them.
    uniqueIndex('work_centers_tenant_provider_code').on(
      t.tenantId,
      sql`coalesce(${t.providerId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.code,
    ),
    foreignKey({
      columns: [t.tenantId, t.providerId],
      foreignColumns: [providers.tenantId, providers.id],
      name: 'work_centers_provider_fk',
    }).onDelete('cascade'),
    unique('work_centers_tenant_id').on(t.tenantId, t.id),
    check(
      'work_centers_reserve_within_day',
      sql`${t.reservedMinutesPerDay} >= 0 and ${t.reservedMinutesPerDay} <= ${t.minutesPerDay}`,
    ),
  ],
);

export const capacityBookings = pgTable(
  'capacity_bookings',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    workCenterId: uuid('work_center_id').notNull(),
    orderId: uuid('order_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('capacity_bookings_center_day').on(t.tenantId, t.workCenterId, t.day),
    index('capacity_bookings_order').on(t.tenantId, t.orderId),
    foreignKey({
      columns: [t.tenantId, t.workCenterId],
      foreignColumns: [workCenters.tenantId, workCenters.id],
      name: 'capacity_bookings_center_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: 'capacity_bookings_order_fk',
    }).onDelete('cascade'),
  ],
);

export const CAPACITY_CHANGE_STATUSES = ['draft', 'applied', 'discarded'] as const;
export type CapacityChangeStatus = (typeof CAPACITY_CHANGE_STATUSES)[number];

/**
 * A change to a work center's calendar (capacity-changes.ts): from `firstDay` to `lastDay`
 * (inclusive) the center works `minutesPerDay` minutes a day (0: closed — a machine down, a
 * holiday; more than usual: an extra shift). A draft is a scenario to preview and compare;
 * applying it re-plans the affected orders and tells their customers; applied changes make the
 * center's calendar.
 */
export const capacityChanges = pgTable(
  'capacity_changes',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    workCenterId: uuid('work_center_id').notNull(),
    firstDay: date('first_day', { mode: 'string' }).notNull(),
    lastDay: date('last_day', { mode: 'string' }).notNull(),
    minutesPerDay: integer('minutes_per_day').notNull(),
    /** Why, in the firm's words; shown to staff and, when orders move, to their customers. */
    reason: text('reason').notNull(),
    /** The apology the affected customers read (the firm's text; a default when empty). */
    apology: text('apology').notNull().default(''),
    status: text('status', { enum: CAPACITY_CHANGE_STATUSES }).notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    /** Orders whose promise moved later when it was applied. */
    ordersMoved: integer('orders_moved'),
  },
  (t) => [
    index('capacity_changes_center').on(t.tenantId, t.workCenterId, t.status, t.lastDay),
    foreignKey({
      columns: [t.tenantId, t.workCenterId],
      foreignColumns: [workCenters.tenantId, workCenters.id],
      name: 'capacity_changes_center_fk',
    }).onDelete('cascade'),
    check('capacity_changes_days', sql`${t.firstDay} <= ${t.lastDay}`),
    check('capacity_changes_minutes', sql`${t.minutesPerDay} >= 0 and ${t.minutesPerDay} <= 1440`),
  ],
);
