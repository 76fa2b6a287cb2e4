// Option assets (SVG/PNG preview layers) stored in the database, so every server process serves them.
import { integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../db/bytea.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Path-like key, e.g. `city-bike/frame-black`; unique in the firm. */
    key: text('key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('assets_tenant_key').on(t.tenantId, t.key)],
);
