// Stocked parts and modules (docs/build-to-order.md#modules-and-stock): one row per BOM sku and
// unit per location (the firm's own workshop, or a partner provider), its balances kept beside
// an append-only ledger of every movement; and each product's postponement point.
// Quantities are whole units. The database itself refuses a negative balance or a reservation
// beyond what is on hand.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { products } from '../catalog/catalog.schema.ts';
import { providers } from '../providers/providers.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const STOCK_MOVEMENT_KINDS = [
  'receipt',
  'adjustment',
  'reservation',
  'consumption',
  'return',
] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

export const stockItems = pgTable(
  'stock_items',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The BOM line's sku and unit ('' when the line names none) this stock is of. */
    sku: text('sku').notNull(),
    unit: text('unit').notNull().default(''),
    description: text('description').notNull().default(''),
    /** Where it is kept: a partner provider; null: the firm's own workshop. */
    providerId: uuid('provider_id'),
    /** A generic module built ahead (replenishment suggests builds); false: a bought part. */
    generic: boolean('generic').notNull().default(false),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    reorderPoint: integer('reorder_point').notNull().default(0),
    leadTimeDays: integer('lead_time_days').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('stock_items_tenant_location_sku').on(
      t.tenantId,
      sql`coalesce(${t.providerId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.sku,
      t.unit,
    ),
    unique('stock_items_tenant_id').on(t.tenantId, t.id),
    foreignKey({
      columns: [t.tenantId, t.providerId],
      foreignColumns: [providers.tenantId, providers.id],
      name: 'stock_items_provider_fk',
    }).onDelete('cascade'),
    check('stock_items_on_hand_not_negative', sql`${t.onHand} >= 0`),
    check(
      'stock_items_reserved_within_on_hand',
      sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`,
    ),
    check('stock_items_reorder_point', sql`${t.reorderPoint} >= 0`),
    check('stock_items_lead_time', sql`${t.leadTimeDays} >= 0 and ${t.leadTimeDays} <= 365`),
  ],
);

/**
 * The ledger: every change of a stock item's balances, never updated or deleted. Per item,
 * Σ onHandChange = on_hand and Σ reservedChange = reserved. A reservation is tied to its order;
 * the order's open reservation of an item is Σ reservedChange of its rows.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull(),
    kind: text('kind').$type<StockMovementKind>().notNull(),
    onHandChange: integer('on_hand_change').notNull(),
    reservedChange: integer('reserved_change').notNull(),
    orderId: uuid('order_id'),
    note: text('note').notNull().default(''),
    byLabel: text('by_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.tenantId, t.itemId],
      foreignColumns: [stockItems.tenantId, stockItems.id],
      name: 'stock_movements_item_fk',
    }).onDelete('cascade'),
    index('stock_movements_item_at').on(t.tenantId, t.itemId, t.at),
    index('stock_movements_order').on(t.tenantId, t.orderId),
    check(
      'stock_movements_kind',
      sql`${t.kind} in ('receipt', 'adjustment', 'reservation', 'consumption', 'return')`,
    ),
  ],
);

/**
 * A product's postponement point: the work centers whose routing steps happen only after the
 * order (final assembly, personalization). Everything before it is built ahead into stocked
 * modules. No row: the product is made to order from scratch.
 */
export const postponementPoints = pgTable(
  'postponement_points',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    postponedCenters: text('postponed_centers').array().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productId] }),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'postponement_points_product_fk',
    }).onDelete('cascade'),
  ],
);
