// Conversations between a firm and one customer, their messages and attachments, design
// revision requests, and feedback after delivery.
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  boolean,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers, staffUsers } from '../users/users.schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    subjectKind: text('subject_kind', { enum: ['design', 'order', 'customer'] }).notNull(),
    /** The design or order id; null for a conversation about the customer in general. */
    subjectId: uuid('subject_id'),
    topic: text('topic').notNull(),
    status: text('status', { enum: ['open', 'waiting', 'closed'] }).notNull(),
    assignedStaffId: uuid('assigned_staff_id').references(() => staffUsers.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When the customer's first message still unanswered arrived (response-time figures). */
    firstCustomerMessageAt: timestamp('first_customer_message_at', { withTimezone: true }),
    firstStaffReplyAt: timestamp('first_staff_reply_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    customerReadAt: timestamp('customer_read_at', { withTimezone: true }),
    staffReadAt: timestamp('staff_read_at', { withTimezone: true }),
  },
  (t) => [
    index('conversations_tenant_customer').on(t.tenantId, t.customerId),
    index('conversations_tenant_status').on(t.tenantId, t.status, t.lastMessageAt),
  ],
);

export type MessageKind =
  | 'text'
  | 'revision-requested'
  | 'revision-proposed'
  | 'revision-accepted'
  | 'revision-declined'
  /** What an accepted revision did to an order of the design (applied, waiting, refused). */
  | 'order-change'
  | 'status-changed'
  /** The order's promised date moved (a capacity change re-planned it: capacity/). */
  | 'rescheduled'
  | 'assigned';

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorKind: text('author_kind', { enum: ['customer', 'staff', 'system'] }).notNull(),
    authorStaffId: uuid('author_staff_id').references(() => staffUsers.id, {
      onDelete: 'set null',
    }),
    kind: text('kind').$type<MessageKind>().notNull(),
    body: text('body').notNull(),
    revisionId: uuid('revision_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('messages_conversation').on(t.conversationId, t.createdAt)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('attachments_message').on(t.messageId)],
);

export type DesignProposal = {
  choices: Record<string, unknown>;
  personalization?: Record<string, unknown>;
  note?: string;
};

/** One request for a change on a design, and where it stands. */
export const revisions = pgTable(
  'revisions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    designId: uuid('design_id').notNull(),
    /** The design version the customer looked at when asking. */
    baseVersion: integer('base_version').notNull(),
    status: text('status', {
      enum: ['requested', 'proposed', 'accepted', 'declined'],
    }).notNull(),
    request: text('request').notNull(),
    proposal: jsonb('proposal').$type<DesignProposal>(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }),
    /** The design version the accepted proposal became. */
    acceptedVersion: integer('accepted_version'),
    declineReason: text('decline_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('revisions_conversation').on(t.conversationId)],
);

/** Feedback after delivery: the product as a whole, and per feature/option in items. */
export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Null once the customer was erased: the ratings stay, anonymous, without text. */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    orderId: uuid('order_id').notNull(),
    product: text('product').notNull(),
    rating: integer('rating').notNull(),
    text: text('text'),
    public: boolean('public').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('feedback_tenant_product').on(t.tenantId, t.product)],
);

export const feedbackItems = pgTable(
  'feedback_items',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    feedbackId: uuid('feedback_id')
      .notNull()
      .references(() => feedback.id, { onDelete: 'cascade' }),
    feature: text('feature').notNull(),
    option: text('option').notNull(),
    rating: integer('rating').notNull(),
    text: text('text'),
  },
  (t) => [index('feedback_items_feature').on(t.tenantId, t.feature, t.option)],
);
