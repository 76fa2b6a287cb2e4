// Product families and their versions. A published version is immutable: designs and orders
// point at the version they were made with. The compiled model is stored once per version.
import {
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CompileStats, ProductModel } from '@customerize/engine';
import { bytea } from '../db/bytea.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import type { CostFigures, ServingFacts } from './serving.ts';

export type StoredModelIssue = {
  severity: 'error' | 'warning';
  message: string;
  path: string;
  line: number | null;
  column: number | null;
};

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('products_tenant_slug').on(t.tenantId, t.slug),
    unique('products_tenant_id').on(t.tenantId, t.id),
  ],
);

export const productVersions = pgTable(
  'product_versions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    number: integer('number').notNull(),
    status: text('status', { enum: ['draft', 'published', 'retired'] }).notNull(),
    format: text('format', { enum: ['yaml', 'json'] }).notNull(),
    source: text('source').notNull(),
    model: jsonb('model').$type<ProductModel>().notNull(),
    issues: jsonb('issues').$type<StoredModelIssue[]>().notNull(),
    /** engine `serialize()` of the compiled model, written once at publish. */
    compiled: bytea('compiled'),
    compileStats: jsonb('compile_stats').$type<CompileStats>(),
    /** Measured cost of serving the compiled model, written at publish (catalog/prove.ts). */
    costFigures: jsonb('cost_figures').$type<CostFigures>(),
    /** What the shop shows (from-price, kind, count, …), computed at publish. */
    servingFacts: jsonb('serving_facts').$type<ServingFacts>(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    unique('product_versions_product_number').on(t.productId, t.number),
    unique('product_versions_tenant_id').on(t.tenantId, t.id),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'product_versions_product_fk',
    }).onDelete('cascade'),
  ],
);
