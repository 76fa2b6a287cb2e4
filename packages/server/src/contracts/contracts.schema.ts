// Contract terms of business customers: a company's price lists (optionally for one of its
// locations) and the quantity rules a line of an order must follow.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
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
import type { BomLine, Value } from '@customerize/engine';
import { products, productVersions } from '../catalog/catalog.schema.ts';
import { approvedConfigurations, companyLocations } from '../companies/companies.schema.ts';
import { orders, type RoutingStep } from '../orders/orders.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { businessAccounts } from '../users/users.schema.ts';
import type { ContractLine, ContractTerms } from './contract-pricing.ts';

/**
 * A company's price list: terms (contract-pricing.ts) in one currency. At most one per company and
 * location; the company-wide one has no location. `locationId` names one of the company's own
 * locations (the foreign key includes the company, so a list never prices another company's
 * location). Design prices name approved configurations inside `terms` (checked by the routes).
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
    foreignKey({
      columns: [t.tenantId, t.companyId, t.locationId],
      foreignColumns: [companyLocations.tenantId, companyLocations.companyId, companyLocations.id],
      name: 'price_lists_location_fk',
    }).onDelete('cascade'),
  ],
);

/**
 * How many of a product (or of one approved configuration, which wins over its product's rule)
 * one order line may hold: at least `minQuantity`, at most `maxQuantity` (null: no maximum), in
 * steps of `increment` from the minimum. `approvedConfigurationId` names one of the portal
 * module's `approved_configurations` (deleted with it).
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
    foreignKey({
      columns: [t.tenantId, t.approvedConfigurationId],
      foreignColumns: [approvedConfigurations.tenantId, approvedConfigurations.id],
      name: 'quantity_rules_approved_configuration_fk',
    }).onDelete('cascade'),
  ],
);

/**
 * The lines of a multi-line order (several designs × quantities). The order row itself carries
 * the first line's product and design (so every view of orders keeps working) and the sums: all
 * price lines, the total, the latest line's promised date, the merged BOM and the whole routing.
 * Single-design orders have no rows here (one line of quantity 1). Prices are the contract's
 * (`lines[].term` says which term set each amount), in integer minor units.
 */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    position: integer('position').notNull(),
    productId: uuid('product_id').notNull(),
    productVersionId: uuid('product_version_id').notNull(),
    choices: jsonb('choices').$type<Record<string, Value>>().notNull(),
    personalization: jsonb('personalization').$type<Record<string, string>>().notNull(),
    quantity: integer('quantity').notNull(),
    /** The approved design the line was priced as (portal module; no foreign key here). */
    approvedConfigurationId: uuid('approved_configuration_id'),
    /** The price list whose terms priced the line; null: list prices. */
    priceListId: uuid('price_list_id'),
    lines: jsonb('lines').$type<ContractLine[]>().notNull(),
    listTotal: integer('list_total').notNull(),
    total: integer('total').notNull(),
    currency: text('currency').notNull(),
    promisedDate: date('promised_date', { mode: 'string' }).notNull(),
    bom: jsonb('bom').$type<BomLine[]>().notNull(),
    routing: jsonb('routing').$type<RoutingStep[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('order_lines_order_position').on(t.tenantId, t.orderId, t.position),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: 'order_lines_order_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'order_lines_product_fk',
    }).onDelete('restrict'),
    foreignKey({
      columns: [t.tenantId, t.productVersionId],
      foreignColumns: [productVersions.tenantId, productVersions.id],
      name: 'order_lines_product_version_fk',
    }).onDelete('restrict'),
  ],
);
