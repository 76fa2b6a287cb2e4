// Companies (business accounts) as customers of a firm: their locations / cost centers and the
// configurations they approved for their people.
import type { Value } from '@customerize/engine';
import {
  bigint,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PostalAddress } from '../accounts/accounts.schema.ts';
import { products } from '../catalog/catalog.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { businessAccounts } from '../users/users.schema.ts';

export const companyLocations = pgTable(
  'company_locations',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').notNull(),
    name: text('name').notNull(),
    billingAddress: jsonb('billing_address').$type<PostalAddress>().notNull(),
    shippingAddress: jsonb('shipping_address').$type<PostalAddress>().notNull(),
    /** Spending budget in minor units of `currency`; null: no budget set. */
    budget: bigint('budget', { mode: 'number' }),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('company_locations_tenant_id').on(t.tenantId, t.id),
    unique('company_locations_company_name').on(t.tenantId, t.companyId, t.name),
    // Lets rows that name a location of one company say so in their foreign key (price lists).
    unique('company_locations_company_id').on(t.tenantId, t.companyId, t.id),
    foreignKey({
      columns: [t.tenantId, t.companyId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'company_locations_company_fk',
    }).onDelete('cascade'),
  ],
);

export const approvedConfigurations = pgTable(
  'approved_configurations',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').notNull(),
    productId: uuid('product_id').notNull(),
    name: text('name').notNull(),
    /** `fixed`: one design, every choice fixed; `space`: some features fixed or limited. */
    kind: text('kind', { enum: ['fixed', 'space'] }).notNull(),
    /** Per limited feature the values allowed (a fixed feature is in `fixed`, not here). */
    allowed: jsonb('allowed').$type<Record<string, Value[]>>().notNull(),
    fixed: jsonb('fixed').$type<Record<string, Value>>().notNull(),
    /** Company rules in the model's expression language; every one must hold. */
    rules: jsonb('rules').$type<string[]>().notNull(),
    /** Counts every change: compiled company rules are cached per (configuration, version). */
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('approved_configurations_tenant_id').on(t.tenantId, t.id),
    unique('approved_configurations_company_name').on(t.tenantId, t.companyId, t.name),
    foreignKey({
      columns: [t.tenantId, t.companyId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'approved_configurations_company_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'approved_configurations_product_fk',
    }).onDelete('cascade'),
  ],
);
