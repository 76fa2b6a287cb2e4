// How the firm serves each customer segment (insights/customer-value.ts): priority and a response
// target in the staff inbox, whether their orders may take reserved capacity, a named contact.
// One row per firm and segment; "default" is everyone else (no segment, or no consent).
import { boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { SEGMENTS } from '../insights/customer-value.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { staffUsers } from '../users/users.schema.ts';

export const SERVICE_KEYS = ['default', ...SEGMENTS] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

export const segmentServiceLevels = pgTable(
  'segment_service_levels',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    segment: text('segment', { enum: SERVICE_KEYS }).notNull(),
    /** 0 = normal; higher comes first in the staff inbox. */
    priority: integer('priority').notNull().default(0),
    /** Hours from the customer's first message to the first staff reply; null: no target. */
    responseTargetHours: integer('response_target_hours'),
    /** Their orders may book the capacity work centers reserve (work_centers.reserved_minutes_per_day). */
    mayUseReservedCapacity: boolean('may_use_reserved_capacity').notNull().default(false),
    /** The staff member new conversations of these customers go to; shown to them by name. */
    contactStaffId: uuid('contact_staff_id').references(() => staffUsers.id, {
      onDelete: 'set null',
    }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.segment] })],
);
