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
    /**
     * Whose key it is: `staff:<userId>`, `api-key:<id>`, `customer:<id>`, or for guests
     * `guest-token:<sha256 of their token>`, `guest-email:<sha256 of their email>`, `guest`.
     */
    caller: text('caller').notNull().default(''),
    route: text('route').notNull(),
    /** SHA-256 of the Idempotency-Key: the key itself decrypts the stored answer, never stored. */
    key: text('key').notNull(),
    /** HMAC (keyed by the Idempotency-Key) of the request, to refuse the key reused with another. */
    requestHash: text('request_hash').notNull(),
    /** Null while the first request is still being handled. */
    responseStatus: integer('response_status'),
    responseContentType: text('response_content_type'),
    /** The answer, AES-256-GCM encrypted under a key derived from the Idempotency-Key (`v1.…`). */
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.caller, t.route, t.key] }),
    index('idempotency_records_created').on(t.createdAt),
  ],
);
