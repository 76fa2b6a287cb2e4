// Sign-in sessions, API keys and rate-limit counters. All live in the database so several
// server processes sharing one PostgreSQL agree on them.
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers, staffUsers } from '../users/users.schema.ts';

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** SHA-256 (hex) of the cookie value; the cookie value itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    csrfToken: text('csrf_token').notNull(),
    staffUserId: uuid('staff_user_id').references(() => staffUsers.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('sessions_tenant').on(t.tenantId),
    check('sessions_one_subject', sql`(${t.staffUserId} is null) <> (${t.customerId} is null)`),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'designer', 'sales', 'operations'] }).notNull(),
    /** read: GET/HEAD only (any other method answers 403); write: whatever the role may do. */
    access: text('access', { enum: ['read', 'write'] })
      .notNull()
      .default('write'),
    /** The first characters of the secret, shown in lists so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** SHA-256 (hex) of the whole secret. */
    secretHash: text('secret_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_tenant').on(t.tenantId)],
);

/**
 * Fixed-window counters (login attempts per IP, per tenant+email). Not tenant-scoped on purpose:
 * a per-IP limit spans tenants. Holds no tenant data, only hashed bucket keys.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/**
 * Browsers that signed in to an account before (the `cz_device` cookie): their sign-ins are not
 * slowed by failures from other clients, so nobody can lock the rightful owner out. One row per
 * device and account; the account is the SHA-256 of the normalized email, not the address.
 */
export const knownDevices = pgTable(
  'known_devices',
  {
    /** SHA-256 (hex) of the cookie value. */
    tokenHash: text('token_hash').notNull(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    accountHash: text('account_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenHash, t.tenantId, t.accountHash] })],
);
