// Customer accounts beyond sign-in: email verification, password reset links, and the profile.
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers } from '../users/users.schema.ts';

export type ContactChannel = { kind: 'email' | 'phone' | 'sms' | 'post'; value: string };
export type PostalAddress = {
  label: string;
  lines: string[];
  postalCode: string;
  city: string;
  country: string;
};

/**
 * Single-use links sent by email. Only the SHA-256 of the secret is stored. A sign-up keeps the
 * chosen name and password hash here until the address is verified, so an unverified address
 * never gets a usable account.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify', 'reset'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    name: text('name'),
    passwordHash: text('password_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('account_tokens_tenant_email').on(t.tenantId, t.email)],
);

export const customerProfiles = pgTable('customer_profiles', {
  customerId: uuid('customer_id')
    .primaryKey()
    .references(() => customers.id, { onDelete: 'cascade' }),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  phone: text('phone'),
  channels: jsonb('channels').$type<ContactChannel[]>().notNull().default([]),
  addresses: jsonb('addresses').$type<PostalAddress[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
