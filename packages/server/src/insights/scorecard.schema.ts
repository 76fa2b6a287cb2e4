// What each published model version offers (exact configuration count, cheapest price), counted
// once in the compute pool and kept: a published version never changes, so neither do these.
import {
  foreignKey,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { productVersions } from '../catalog/catalog.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const versionVarietyFacts = pgTable(
  'version_variety_facts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productVersionId: uuid('product_version_id').notNull(),
    /** Exact count of valid configurations, decimal (may exceed 2^63); null: too large to count. */
    configurations: text('configurations'),
    /** Total price of the cheapest valid configuration, minor units; null: none found in time. */
    cheapestPrice: integer('cheapest_price'),
    currency: text('currency').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productVersionId] }),
    foreignKey({
      columns: [t.tenantId, t.productVersionId],
      foreignColumns: [productVersions.tenantId, productVersions.id],
      name: 'version_variety_facts_version_fk',
    }).onDelete('cascade'),
  ],
);
