// Purposes and their notices, append-only consent records, data recorded for a purpose
// (profiling), incentives for sharing preferences, and the audit log of staff access.
import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers, staffUsers } from '../users/users.schema.ts';

export const PURPOSES = [
  'necessary',
  'personalization',
  'marketing',
  'research',
  'co-creation',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** A firm's own wording of a purpose's notice; version 1 is the platform default (in code). */
export const privacyNotices = pgTable(
  'privacy_notices',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<Purpose>().notNull(),
    version: integer('version').notNull(),
    text: text('text').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('privacy_notices_version').on(t.tenantId, t.purpose, t.version)],
);

/** Append-only: a change of mind is a new row; the latest row per purpose is the state. */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<Purpose>().notNull(),
    action: text('action', { enum: ['given', 'withdrawn'] }).notNull(),
    screen: text('screen').notNull(),
    noticeVersion: integer('notice_version').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('consent_records_customer').on(t.tenantId, t.customerId, t.purpose, t.at)],
);

/** Data about a customer used for one purpose (stated preferences, needs answers, viewed options). */
export const profileRecords = pgTable(
  'profile_records',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<Purpose>().notNull(),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<unknown>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('profile_records_customer').on(t.tenantId, t.customerId, t.purpose)],
);

export const incentives = pgTable(
  'incentives',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<Purpose>().notNull(),
    kind: text('kind', { enum: ['discount', 'early-access'] }).notNull(),
    description: text('description').notNull(),
    /** For discounts: integer minor units off the next order. */
    amount: integer('amount'),
    currency: text('currency'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('incentives_tenant').on(t.tenantId)],
);

/** A reward granted on opt-in. Used stays used; an unused one is revoked on withdrawal. */
export const rewardGrants = pgTable(
  'reward_grants',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    incentiveId: uuid('incentive_id')
      .notNull()
      .references(() => incentives.id, { onDelete: 'cascade' }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedOn: text('used_on'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('reward_grants_once').on(t.tenantId, t.customerId, t.incentiveId)],
);

/** Who among the staff read or changed which customer's data, and when. Holds ids, not data. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    actorStaffId: uuid('actor_staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    actorApiKeyId: uuid('actor_api_key_id'),
    customerId: uuid('customer_id'),
    action: text('action', { enum: ['read', 'change'] }).notNull(),
    resource: text('resource').notNull(),
    resourceId: uuid('resource_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_log_tenant_at').on(t.tenantId, t.at)],
);

/** What an erasure kept and why, told to the customer and kept as proof; no personal data. */
export const erasures = pgTable('erasures', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull(),
  report: jsonb('report').$type<unknown>().notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
