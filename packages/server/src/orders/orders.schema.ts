// Orders freeze a snapshot of what was sold (model version, choices, personalization, price
// lines, promised date, BOM, routing); order_events record every lifecycle transition.
import { sql } from 'drizzle-orm';
import {
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BomLine, PriceLine, Value } from '@customerize/engine';

/**
 * The engine's price lines, a reward the customer used (a negative amount), and the lines a
 * contract adds (contracts/contract-pricing.ts: an approved design's price, a volume tier, the
 * zero floor).
 */
export type OrderLine = Omit<PriceLine, 'kind'> & {
  kind:
    PriceLine['kind'] | 'reward' | 'offer' | 'bid' | 'design' | 'volume-tier' | 'floor' | 'quote';
};
import { products, productVersions } from '../catalog/catalog.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const ORDER_STATUSES = [
  /** A guest's order holding capacity until the guest confirms by the emailed link. */
  'pending_confirmation',
  /** A company member's order above a spend limit: books nothing until approved (approvals/). */
  'awaiting_approval',
  'placed',
  'confirmed',
  'in_production',
  'shipped',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Where an order stands with its provider: routed (waiting for the provider to accept by the
 * deadline), accepted, or unassigned (no provider could take it: back to the firm's staff).
 */
export const ROUTING_STATUSES = ['routed', 'accepted', 'unassigned'] as const;
export type RoutingStatus = (typeof ROUTING_STATUSES)[number];

export type RoutingStep = {
  center: string;
  operation: string;
  hours: number;
  final: boolean;
  startDate: string;
  endDate: string;
};

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Per-firm order number shown to people (1, 2, …). */
    number: integer('number').notNull(),
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    productId: uuid('product_id').notNull(),
    productVersionId: uuid('product_version_id').notNull(),
    designId: uuid('design_id'),
    customerId: uuid('customer_id'),
    email: text('email').notNull(),
    choices: jsonb('choices').$type<Record<string, Value>>().notNull(),
    personalization: jsonb('personalization').$type<Record<string, string>>().notNull(),
    lines: jsonb('lines').$type<OrderLine[]>().notNull(),
    total: integer('total').notNull(),
    currency: text('currency').notNull(),
    leadTimeDays: integer('lead_time_days').notNull(),
    promisedDate: date('promised_date', { mode: 'string' }).notNull(),
    bom: jsonb('bom').$type<BomLine[]>().notNull(),
    routing: jsonb('routing').$type<RoutingStep[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** pending_confirmation: when the capacity hold is released unless confirmed. */
    holdExpiresAt: timestamp('hold_expires_at', { withTimezone: true }),
    /** SHA-256 (hex) of the token in the emailed confirmation link; null once confirmed. */
    confirmTokenHash: text('confirm_token_hash'),
    /** The provider building the order; null: the firm's own workshop. */
    providerId: uuid('provider_id'),
    routingStatus: text('routing_status', { enum: ROUTING_STATUSES }).notNull().default('accepted'),
    /** routed: when the provider must have accepted or declined; the order moves on after. */
    routingDeadline: timestamp('routing_deadline', { withTimezone: true }),
    /** Providers that declined or missed the deadline for this order (not asked again). */
    declinedProviders: uuid('declined_providers')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** The bid this order was placed from (at the bid's price); null for list-price orders. */
    bidId: uuid('bid_id'),
    /** The buyer's purchase-order number (company orders), shown on the order and invoice. */
    poNumber: text('po_number'),
    /** Payment terms agreed for the order (`net30`…, approvals/approvals.schema.ts); null: pay now. */
    paymentTerms: text('payment_terms'),
    /** The company location / cost center charged (its budget) and shipped to. */
    locationId: uuid('location_id'),
  },
  (t) => [
    index('orders_hold_expires').on(t.holdExpiresAt),
    index('orders_routing_deadline').on(t.routingDeadline),
    index('orders_tenant_provider').on(t.tenantId, t.providerId),
    unique('orders_tenant_number').on(t.tenantId, t.number),
    unique('orders_tenant_id').on(t.tenantId, t.id),
    index('orders_tenant_product').on(t.tenantId, t.productId),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'orders_product_fk',
    }).onDelete('restrict'),
    foreignKey({
      columns: [t.tenantId, t.productVersionId],
      foreignColumns: [productVersions.tenantId, productVersions.id],
      name: 'orders_product_version_fk',
    }).onDelete('restrict'),
  ],
);

export const orderEvents = pgTable(
  'order_events',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    fromStatus: text('from_status', { enum: ORDER_STATUSES }),
    toStatus: text('to_status', { enum: ORDER_STATUSES }).notNull(),
    /** Who: `staff`, `customer`, `guest` (by email) or `api-key`. */
    byKind: text('by_kind').notNull(),
    byId: uuid('by_id'),
    byLabel: text('by_label').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('order_events_order').on(t.tenantId, t.orderId),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: 'order_events_order_fk',
    }).onDelete('cascade'),
  ],
);

export const ORDER_CHANGE_STATUSES = ['requested', 'applied', 'refused', 'withdrawn'] as const;
export type OrderChangeStatus = (typeof ORDER_CHANGE_STATUSES)[number];

/** What an order was before a change: enough to show and to audit the change. */
export type OrderSpecSnapshot = {
  productVersionId: string;
  choices: Record<string, Value>;
  personalization: Record<string, string>;
  lines: OrderLine[];
  total: number;
  currency: string;
  leadTimeDays: number;
  promisedDate: string;
};

/**
 * A change of an order to a revised design the customer accepted: applied at once while the
 * order has not started production (unless the firm approves changes itself), waiting for the
 * firm's decision, refused (with the reason) once production started, or withdrawn when a later
 * revision replaced it. Prices in minor units; the new values are those quoted when last decided.
 */
export const orderChanges = pgTable(
  'order_changes',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    designId: uuid('design_id').notNull(),
    /** The order as it was when the change was asked for. */
    fromSnapshot: jsonb('from_snapshot').$type<OrderSpecSnapshot>().notNull(),
    toDesignVersion: integer('to_design_version').notNull(),
    oldTotal: integer('old_total').notNull(),
    oldCurrency: text('old_currency').notNull(),
    newTotal: integer('new_total'),
    newCurrency: text('new_currency'),
    oldPromisedDate: date('old_promised_date', { mode: 'string' }).notNull(),
    newPromisedDate: date('new_promised_date', { mode: 'string' }),
    status: text('status', { enum: ORDER_CHANGE_STATUSES }).notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Who decided: a staff member's label, or `automatic`. */
    decidedBy: text('decided_by'),
  },
  (t) => [
    index('order_changes_order').on(t.tenantId, t.orderId),
    index('order_changes_status').on(t.tenantId, t.status),
    unique('order_changes_order_version').on(t.orderId, t.toDesignVersion),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: 'order_changes_order_fk',
    }).onDelete('cascade'),
  ],
);
