// Punch-out: a company's procurement system (cXML or SAP OCI) signs its buyers in with per-company
// credentials, gets the configured cart back, and later orders it with a cXML OrderRequest.
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';
import { businessAccounts, customers } from '../users/users.schema.ts';

/**
 * How one company's procurement system authenticates: the cXML Sender identity (also the OCI
 * USERNAME) within its domain, and a shared secret the server generated, shown once and stored
 * only as SHA-256 (it has 256 bits of entropy, so a fast hash is enough).
 */
export const punchoutCredentials = pgTable(
  'punchout_credentials',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The company (a business account). */
    businessAccountId: uuid('business_account_id').notNull(),
    /** Credential domain (e.g. "NetworkID", "DUNS"), compared case-insensitively as cXML says. */
    domain: text('domain').notNull(),
    identity: text('identity').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** The company buyer a punch-out signs in as, and whose orders an OrderRequest places. */
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('punchout_credentials_tenant_id').on(t.tenantId, t.id),
    unique('punchout_credentials_identity').on(t.tenantId, t.domain, t.identity),
    foreignKey({
      columns: [t.tenantId, t.businessAccountId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'punchout_credentials_business_account_fk',
    }).onDelete('cascade'),
  ],
);

/**
 * One punch-out: opened by a setup request, entered once through its start page (a one-time
 * token, stored hashed, valid a few minutes), ended when the cart goes back.
 */
export const punchoutSessions = pgTable(
  'punchout_sessions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    credentialId: uuid('credential_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    format: text('format', { enum: ['cxml', 'oci'] }).notNull(),
    operation: text('operation', { enum: ['create', 'edit', 'inspect'] }).notNull(),
    /** The procurement system's BuyerCookie, echoed in the order message (cXML only). */
    buyerCookie: text('buyer_cookie'),
    /**
     * The cart an `edit` or `inspect` setup brought back (its ItemOut lines whose references we
     * signed for this company): the cart page starts from these quantities.
     */
    prefill: jsonb('prefill').$type<{ designId: string; quantity: number }[]>().notNull(),
    /** BrowserFormPost URL or OCI HOOK_URL: posted to by the buyer's browser only. */
    returnUrl: text('return_url').notNull(),
    startTokenHash: text('start_token_hash').notNull().unique(),
    startExpiresAt: timestamp('start_expires_at', { withTimezone: true }).notNull(),
    /** The sign-in session the start page made; null until the start page is opened. */
    authSessionId: uuid('auth_session_id'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('punchout_sessions_auth_session').on(t.tenantId, t.authSessionId),
    foreignKey({
      columns: [t.tenantId, t.credentialId],
      foreignColumns: [punchoutCredentials.tenantId, punchoutCredentials.id],
      name: 'punchout_sessions_credential_fk',
    }).onDelete('cascade'),
  ],
);

/**
 * OrderRequests taken, by payloadID per credential: a repeat of the same document answers the
 * stored answer and places nothing. Only accepted documents are kept (a refusal writes nothing).
 */
export const punchoutOrderRequests = pgTable(
  'punchout_order_requests',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    credentialId: uuid('credential_id').notNull(),
    payloadId: text('payload_id').notNull(),
    /** The buyer's own order number (OrderRequestHeader orderID). */
    buyerOrderId: text('buyer_order_id').notNull(),
    orderIds: jsonb('order_ids').$type<string[]>().notNull(),
    status: integer('status').notNull(),
    answer: text('answer').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.credentialId, t.payloadId] }),
    foreignKey({
      columns: [t.tenantId, t.credentialId],
      foreignColumns: [punchoutCredentials.tenantId, punchoutCredentials.id],
      name: 'punchout_order_requests_credential_fk',
    }).onDelete('cascade'),
  ],
);
