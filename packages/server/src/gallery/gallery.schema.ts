// The co-creation gallery (docs/gallery.md): designs customers published under the co-creation
// consent (a snapshot of the choices, never their personal texts), likes, comments and their
// reports, remixes saved from a publication, and adoption as a community pick.
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
import { products } from '../catalog/catalog.schema.ts';
import { designs } from '../studio/studio.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers, staffUsers } from '../users/users.schema.ts';

/**
 * A published design. Withdrawing it (or the co-creation consent, or erasing the account)
 * deletes the row, and with it its likes, comments, reports and remix credits.
 */
export const galleryPublications = pgTable(
  'gallery_publications',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The owner; never shown to anyone but the owner and the firm's staff. */
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** The owner's design it was published from (one publication per design). */
    designId: uuid('design_id').notNull(),
    productId: uuid('product_id').notNull(),
    /** The model version the choices were made with (the snapshot's version). */
    productVersionId: uuid('product_version_id').notNull(),
    /** The choices at publish, without the customer-input features. */
    choices: jsonb('choices').$type<Record<string, Value>>().notNull(),
    priceTotal: integer('price_total').notNull(),
    currency: text('currency').notNull(),
    title: text('title').notNull(),
    story: text('story').notNull(),
    /** The name the creator chose to be shown by (a pseudonym). */
    displayName: text('display_name').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    /** Staff hid it: shown to nobody but staff and its owner. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    /** Adopted as a community pick (shown in the studio); null when not (or no longer). */
    adoptedAt: timestamp('adopted_at', { withTimezone: true }),
    adoptedBy: uuid('adopted_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    /** The reward granted at the first adoption (granted once, kept when un-adopted). */
    rewardGrantId: uuid('reward_grant_id'),
  },
  (t) => [
    unique('gallery_publications_tenant_id').on(t.tenantId, t.id),
    unique('gallery_publications_design').on(t.tenantId, t.designId),
    index('gallery_publications_product').on(t.tenantId, t.productId, t.publishedAt),
    index('gallery_publications_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.designId],
      foreignColumns: [designs.tenantId, designs.id],
      name: 'gallery_publications_design_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: 'gallery_publications_product_fk',
    }).onDelete('cascade'),
  ],
);

/** One like per customer and publication (the unique index makes liking twice a no-op). */
export const galleryLikes = pgTable(
  'gallery_likes',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    publicationId: uuid('publication_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('gallery_likes_once').on(t.tenantId, t.publicationId, t.customerId),
    index('gallery_likes_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.publicationId],
      foreignColumns: [galleryPublications.tenantId, galleryPublications.id],
      name: 'gallery_likes_publication_fk',
    }).onDelete('cascade'),
  ],
);

/** Plain-text comments of signed-in customers, signed with a name they chose. */
export const galleryComments = pgTable(
  'gallery_comments',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    publicationId: uuid('publication_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Staff hid it (moderation): shown to nobody but staff. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  },
  (t) => [
    unique('gallery_comments_tenant_id').on(t.tenantId, t.id),
    index('gallery_comments_publication').on(t.tenantId, t.publicationId, t.createdAt),
    index('gallery_comments_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.publicationId],
      foreignColumns: [galleryPublications.tenantId, galleryPublications.id],
      name: 'gallery_comments_publication_fk',
    }).onDelete('cascade'),
  ],
);

/** A customer reported a comment (once per customer); reported comments lead the staff queue. */
export const galleryCommentReports = pgTable(
  'gallery_comment_reports',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('gallery_comment_reports_once').on(t.tenantId, t.commentId, t.customerId),
    index('gallery_comment_reports_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.commentId],
      foreignColumns: [galleryComments.tenantId, galleryComments.id],
      name: 'gallery_comment_reports_comment_fk',
    }).onDelete('cascade'),
  ],
);

/** A saved design that was remixed from a publication (counted once per design). */
export const galleryRemixes = pgTable(
  'gallery_remixes',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** remixed_from: the publication the design started from. */
    publicationId: uuid('publication_id').notNull(),
    designId: uuid('design_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('gallery_remixes_design').on(t.tenantId, t.designId),
    index('gallery_remixes_publication').on(t.tenantId, t.publicationId),
    foreignKey({
      columns: [t.tenantId, t.publicationId],
      foreignColumns: [galleryPublications.tenantId, galleryPublications.id],
      name: 'gallery_remixes_publication_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.designId],
      foreignColumns: [designs.tenantId, designs.id],
      name: 'gallery_remixes_design_fk',
    }).onDelete('cascade'),
  ],
);
