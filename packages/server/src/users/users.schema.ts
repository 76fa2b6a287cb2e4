// People of a firm: staff who run it, and customers (optionally members of a business account).
import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { providers } from '../providers/providers.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** `provider`: staff of a partner provider (`providerId`), who see only its orders. */
    role: text('role', {
      enum: ['owner', 'designer', 'sales', 'operations', 'provider'],
    }).notNull(),
    providerId: uuid('provider_id'),
    passwordHash: text('password_hash').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('staff_users_tenant_email').on(t.tenantId, sql`lower(${t.email})`),
    // A provider's staff belong to a provider of the same firm.
    foreignKey({
      columns: [t.tenantId, t.providerId],
      foreignColumns: [providers.tenantId, providers.id],
      name: 'staff_users_provider_fk',
    }).onDelete('cascade'),
  ],
);

export const businessAccounts = pgTable(
  'business_accounts',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The company portal's address in the firm's shop (`/company/<slug>`); null: no portal yet. */
    slug: text('slug'),
    /** Key of the logo in the firm's assets (served at /api/v1/shop/<firm>/assets/<key>). */
    logoAssetKey: text('logo_asset_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // Target of the tenant-including foreign key from customers.
    unique('business_accounts_tenant_id').on(t.tenantId, t.id),
    uniqueIndex('business_accounts_tenant_slug').on(t.tenantId, t.slug),
  ],
);

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Null for customers who have not set a password (e.g. invited, or guest checkout). */
    passwordHash: text('password_hash'),
    /**
     * True while the password is one a staff member chose (POST /customers): the staff member
     * knows it, so a session made with it is not the customer's own (it cannot give consent).
     * Cleared when the customer sets their own through an emailed link.
     */
    passwordChosenByStaff: boolean('password_chosen_by_staff').notNull().default(false),
    businessAccountId: uuid('business_account_id'),
    businessRole: text('business_role', { enum: ['buyer', 'approver', 'admin'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('customers_tenant_email').on(t.tenantId, sql`lower(${t.email})`),
    // The account must belong to the same tenant: the foreign key includes tenant_id.
    foreignKey({
      columns: [t.tenantId, t.businessAccountId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'customers_business_account_fk',
    }).onDelete('restrict'),
  ],
);
