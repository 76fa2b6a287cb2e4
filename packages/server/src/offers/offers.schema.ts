// Personal offers (issue 13): a discount, a free option or a faster date for one customer or a
// customer-value segment, valid in a window, with an optional total usage limit. Each use is a
// redemption row written in the order's own transaction; a customer uses an offer at most once
// (unique offer + customer), so two simultaneous orders cannot both take it.
import {
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
import { products } from '../catalog/catalog.schema.ts';
import { SEGMENTS } from '../insights/customer-value.schema.ts';
import { orders } from '../orders/orders.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers } from '../users/users.schema.ts';

export const OFFER_KINDS = ['percent', 'amount', 'free-option', 'faster-date'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    kind: text('kind', { enum: OFFER_KINDS }).notNull(),
    /** percent: 1..100 off the price after contract terms. */
    percent: integer('percent'),
    /** amount: minor units of `currency` off. */
    amount: integer('amount'),
    currency: text('currency'),
    /** free-option: this option value of the product in scope costs nothing. */
    feature: text('feature'),
    value: jsonb('value').$type<string | number | boolean>(),
    /** faster-date: the lead time (parts) shortened by this many days, at no charge. */
    daysEarlier: integer('days_earlier'),
    /** Exactly one of segment / customer_id is set. */
    segment: text('segment', { enum: SEGMENTS }),
    /** Erasing the customer deletes their personal offers with them. */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    /** Null: every product. */
    productId: uuid('product_id'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Total uses over all customers; null: no limit (each customer still once). */
    usageLimit: integer('usage_limit'),
    /** Uses so far, counted up in the order's transaction (never past usage_limit). */
    uses: integer('uses').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    /** Ended by staff before ends_at. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    unique('offers_tenant_id').on(t.tenantId, t.id),
    index('offers_tenant_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'offers_product_fk',
    }).onDelete('cascade'),
  ],
);

export const offerRedemptions = pgTable(
  'offer_redemptions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    offerId: uuid('offer_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    /** What the offer took off (minor units; 0 for a faster date). */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // Once per customer: the database itself refuses a second use, even from a parallel order.
    unique('offer_redemptions_once').on(t.offerId, t.customerId),
    index('offer_redemptions_tenant_offer').on(t.tenantId, t.offerId),
    foreignKey({
      columns: [t.tenantId, t.offerId],
      foreignColumns: [offers.tenantId, offers.id],
      name: 'offer_redemptions_offer_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: 'offer_redemptions_order_fk',
    }).onDelete('cascade'),
  ],
);
