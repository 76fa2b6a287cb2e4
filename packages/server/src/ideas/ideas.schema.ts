// Ideas: options customers suggest that a product's model does not have ("a longer frame"), the
// votes of other customers, and the firm's public answer and status (docs/ideas.md).
import {
  foreignKey,
  index,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { products } from '../catalog/catalog.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers } from '../users/users.schema.ts';

export const IDEA_STATUSES = ['open', 'planned', 'done', 'declined'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export const ideas = pgTable(
  'ideas',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    /** The author; their ideas go with their erasure. */
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** The name the author chose to be shown under (never their account name or email). */
    authorName: text('author_name').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: IDEA_STATUSES }).notNull(),
    /** The firm's public answer. */
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** Hidden by staff (moderation): shown to nobody but staff. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('ideas_tenant_id').on(t.tenantId, t.id),
    index('ideas_tenant_product').on(t.tenantId, t.productId, t.status),
    index('ideas_tenant_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'ideas_product_fk',
    }).onDelete('cascade'),
  ],
);

/** One vote per customer per idea (the unique index): voting twice counts once. */
export const ideaVotes = pgTable(
  'idea_votes',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    ideaId: uuid('idea_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('idea_votes_once').on(t.tenantId, t.ideaId, t.customerId),
    index('idea_votes_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.ideaId],
      foreignColumns: [ideas.tenantId, ideas.id],
      name: 'idea_votes_idea_fk',
    }).onDelete('cascade'),
  ],
);
