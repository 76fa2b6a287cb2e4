// Contract terms of business customers: a company's price lists (optionally for one of its
// locations) and the quantity rules a line of an order must follow.
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { products } from '../catalog/catalog.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { businessAccounts } from '../users/users.schema.ts';
import type { ContractTerms } from './contract-pricing.ts';

/**
 * A company's price list: terms (contract-pricing.ts) in one currency. At most one per company and
 * location; the company-wide one has no location. `locationId` names a company location (the
 * `company_locations` table of the portal module; its foreign key is added where both exist).
 */
export const priceLists = pgTable(
  'price_lists',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').notNull(),
    locationId: uuid('location_id'),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    terms: jsonb('terms').$type<ContractTerms>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('price_lists_tenant_id').on(t.tenantId, t.id),
    uniqueIndex('price_lists_company_location').on(
      t.tenantId,
      t.companyId,
      sql`coalesce(${t.locationId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    foreignKey({
      columns: [t.tenantId, t.companyId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'price_lists_company_fk',
    }).onDelete('cascade'),
  ],
);

/**
 * How many of a product (or of one approved configuration, which wins over its product's rule)
 * one order line may hold: at least `minQuantity`, at most `maxQuantity` (null: no maximum), in
 * steps of `increment` from the minimum. `approvedConfigurationId` names a row of the portal
 * module's `approved_configurations` (foreign key added where both exist).
 */
export const quantityRules = pgTable(
  'quantity_rules',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id'),
    approvedConfigurationId: uuid('approved_configuration_id'),
    minQuantity: integer('min_quantity').notNull(),
    maxQuantity: integer('max_quantity'),
    increment: integer('increment').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('quantity_rules_tenant_id').on(t.tenantId, t.id),
    uniqueIndex('quantity_rules_product').on(t.tenantId, t.productId),
    uniqueIndex('quantity_rules_approved').on(t.tenantId, t.approvedConfigurationId),
    check(
      'quantity_rules_one_subject',
      sql`(${t.productId} is null) <> (${t.approvedConfigurationId} is null)`,
    ),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'quantity_rules_product_fk',
    }).onDelete('cascade'),
  ],
);
