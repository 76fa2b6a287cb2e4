// Providers build orders: the firm's own workshop is one, partners are others. Each states what
// it can build (a restriction on a product's model), what that costs it, and how its floor price
// is computed. Orders are routed to one provider, who accepts or declines within a deadline.
import {
  boolean,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Value } from '@customerize/engine';
import { products } from '../catalog/catalog.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const PROVIDER_KINDS = ['own', 'partner'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * How the firm's floor price at a provider is computed: cost plus a minimum margin (absolute in
 * minor units and/or percent of cost; the larger wins), optionally lowered when the provider's
 * capacity in the delivery window is slack and raised when it is nearly full.
 */
export type FloorPolicy = {
  marginAbs: number;
  marginPercent: number;
  yield: {
    enabled: boolean;
    /** Load (0..1) at or below which capacity counts as slack. */
    slackBelow: number;
    /** Load (0..1) at or above which capacity counts as nearly full. */
    fullAbove: number;
    /** Percent the margin is lowered when slack (0..100). */
    slackDiscountPercent: number;
    /** Percent the margin is raised when nearly full. */
    fullPremiumPercent: number;
  };
};

export const providers = pgTable(
  'providers',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: PROVIDER_KINDS }).notNull(),
    active: boolean('active').notNull().default(true),
    /**
     * Hours the provider has to accept or decline an order routed to it; null: the firm's
     * setting `providerAcceptHours` (routing.ts `acceptHoursOf`).
     */
    acceptDeadlineHours: integer('accept_deadline_hours'),
    /** Days added to the product's lead time for work at this provider. */
    extraLeadDays: integer('extra_lead_days').notNull().default(0),
    floorPolicy: jsonb('floor_policy').$type<FloorPolicy>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('providers_tenant_id').on(t.tenantId, t.id)],
);

/**
 * What a provider can build of one product and what it costs: `allowed` restricts each named
 * feature to the listed values (features not named are unrestricted); costs in minor units.
 */
export const providerProducts = pgTable(
  'provider_products',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id').notNull(),
    productId: uuid('product_id').notNull(),
    allowed: jsonb('allowed').$type<Record<string, Value[]>>().notNull(),
    baseCost: integer('base_cost').notNull(),
    /** `feature=value` → cost in minor units. */
    optionCosts: jsonb('option_costs').$type<Record<string, number>>().notNull(),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('provider_products_provider_product').on(t.tenantId, t.providerId, t.productId),
    foreignKey({
      columns: [t.tenantId, t.providerId],
      foreignColumns: [providers.tenantId, providers.id],
      name: 'provider_products_provider_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'provider_products_product_fk',
    }).onDelete('cascade'),
  ],
);
