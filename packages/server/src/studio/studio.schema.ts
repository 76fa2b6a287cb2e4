// Designs customers save in the studio. Every save is a new version; a design keeps pointing at
// the model version each of its versions was made with.
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
import type { Value } from '@customerize/engine';
import { products, productVersions } from '../catalog/catalog.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers } from '../users/users.schema.ts';

export type DesignQuoteSummary = {
  total: number;
  currency: string;
  promisedDate: string | null;
  valid: boolean;
};

export const designs = pgTable(
  'designs',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    /** The signed-in customer who owns it; null for a guest's design. */
    customerId: uuid('customer_id'),
    email: text('email'),
    name: text('name').notNull(),
    /** SHA-256 of the secret token that grants access (the token itself is never stored). */
    tokenHash: text('token_hash').notNull(),
    /**
     * SHA-256 of the read-only share token (view and compare only; never edit or order); null
     * while the design is not shared or after the owner revoked the link.
     */
    shareTokenHash: text('share_token_hash'),
    /** The design this one was copied from ("Make it mine"); null for an original design. */
    remixedFrom: uuid('remixed_from'),
    /**
     * When the owner was last emailed about new comments: at most one such email an hour, so a
     * busy thread does not flood their inbox. Null until the first.
     */
    commentMailedAt: timestamp('comment_mailed_at', { withTimezone: true }),
    currentVersion: integer('current_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('designs_tenant_id').on(t.tenantId, t.id),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'designs_product_fk',
    }).onDelete('cascade'),
  ],
);

export const designVersions = pgTable(
  'design_versions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    designId: uuid('design_id').notNull(),
    number: integer('number').notNull(),
    productVersionId: uuid('product_version_id').notNull(),
    choices: jsonb('choices').$type<Record<string, Value>>().notNull(),
    personalization: jsonb('personalization').$type<Record<string, string>>().notNull(),
    note: text('note'),
    quote: jsonb('quote').$type<DesignQuoteSummary>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('design_versions_design_number').on(t.designId, t.number),
    foreignKey({
      columns: [t.tenantId, t.designId],
      foreignColumns: [designs.tenantId, designs.id],
      name: 'design_versions_design_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.productVersionId],
      foreignColumns: [productVersions.tenantId, productVersions.id],
      name: 'design_versions_product_version_fk',
    }).onDelete('restrict'),
  ],
);

/**
 * Comments signed-in customers leave on a design shared with them (read-only link); the owner
 * sees them on the design, everyone with the link sees them on the shared page. They go with
 * the design, and with the author's account when it is erased.
 */
export const designComments = pgTable(
  'design_comments',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    designId: uuid('design_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when staff hid the comment (moderation): then it is shown to nobody but staff. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  },
  (t) => [
    index('design_comments_design').on(t.tenantId, t.designId, t.createdAt),
    foreignKey({
      columns: [t.tenantId, t.designId],
      foreignColumns: [designs.tenantId, designs.id],
      name: 'design_comments_design_fk',
    }).onDelete('cascade'),
  ],
);
