// Stored first responses of POST requests sent with an Idempotency-Key header.
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';

export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Method and path, e.g. "POST /api/v1/users": the same key on another route is another record. */
    route: text('route').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the request body, to refuse the same key reused with a different body. */
    requestHash: text('request_hash').notNull(),
    /** Null while the first request is still being handled. */
    responseStatus: integer('response_status'),
    responseContentType: text('response_content_type'),
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.route, t.key] }),
    index('idempotency_records_created').on(t.createdAt),
  ],
);
