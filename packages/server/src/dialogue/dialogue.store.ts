// SQL for conversations, messages, attachments and revisions.
import { and, asc, desc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import type { CheckedAttachment } from './attachments.ts';
import {
  attachments,
  conversations,
  messages,
  revisions,
  type MessageKind,
} from './dialogue.schema.ts';

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Revision = typeof revisions.$inferSelect;
export type ConversationStatus = Conversation['status'];

export async function insertConversation(
  db: Db,
  c: Pick<
    Conversation,
    'id' | 'tenantId' | 'customerId' | 'subjectKind' | 'subjectId' | 'topic'
  > & { now: Date },
): Promise<Conversation> {
  const rows = await db
    .insert(conversations)
    .values({
      id: c.id,
      tenantId: c.tenantId,
      customerId: c.customerId,
      subjectKind: c.subjectKind,
      subjectId: c.subjectId,
      topic: c.topic,
      status: 'open',
      createdAt: c.now,
      lastMessageAt: c.now,
    })
    .returning();
  return rows[0]!;
}

export async function getConversation(
  db: Db,
  tenantId: string,
  id: string,
): Promise<Conversation | null> {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)));
  return rows[0] ?? null;
}

export type NewMessage = {
  id: string;
  conversation: Conversation;
  authorKind: 'customer' | 'staff' | 'system';
  authorStaffId: string | null;
  kind: MessageKind;
  body: string;
  revisionId?: string | null;
  attachments: (CheckedAttachment & { id: string })[];
  now: Date;
};

/**
 * Appends a message and keeps the conversation's figures: a customer message reopens it and
 * starts the response clock if nothing is waiting for an answer; the first staff message stops
 * the clock and makes it "waiting for customer". The writer has read everything so far.
 */
export async function insertMessage(db: Db, m: NewMessage): Promise<Message> {
  const c = m.conversation;
  const rows = await db
    .insert(messages)
    .values({
      id: m.id,
      tenantId: c.tenantId,
      conversationId: c.id,
      authorKind: m.authorKind,
      authorStaffId: m.authorStaffId,
      kind: m.kind,
      body: m.body,
      revisionId: m.revisionId ?? null,
      createdAt: m.now,
    })
    .returning();
  for (const a of m.attachments) {
    await db.insert(attachments).values({
      id: a.id,
      tenantId: c.tenantId,
      conversationId: c.id,
      messageId: m.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.bytes.length,
      bytes: a.bytes,
      createdAt: m.now,
    });
  }
  const change: Partial<Conversation> = { lastMessageAt: m.now };
  if (m.authorKind === 'customer') {
    change.status = 'open';
    change.customerReadAt = m.now;
    if (c.firstCustomerMessageAt === null) change.firstCustomerMessageAt = m.now;
  } else if (m.authorKind === 'staff') {
    change.status = 'waiting';
    change.staffReadAt = m.now;
    if (c.firstStaffReplyAt === null && c.firstCustomerMessageAt !== null)
      change.firstStaffReplyAt = m.now;
  }
  await db
    .update(conversations)
    .set(change)
    .where(and(eq(conversations.tenantId, c.tenantId), eq(conversations.id, c.id)));
  return rows[0]!;
}

export async function markRead(
  db: Db,
  c: Conversation,
  reader: 'customer' | 'staff',
  now: Date,
): Promise<void> {
  await db
    .update(conversations)
    .set(reader === 'customer' ? { customerReadAt: now } : { staffReadAt: now })
    .where(and(eq(conversations.tenantId, c.tenantId), eq(conversations.id, c.id)));
}

export async function updateConversation(
  db: Db,
  tenantId: string,
  id: string,
  change: { status?: ConversationStatus; assignedStaffId?: string | null },
): Promise<void> {
  await db
    .update(conversations)
    .set(change)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)));
}

export type AttachmentMeta = {
  id: string;
  messageId: string;
  filename: string;
  contentType: string;
  size: number;
};

export async function listMessages(db: Db, c: Conversation) {
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.tenantId, c.tenantId), eq(messages.conversationId, c.id)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const metas: AttachmentMeta[] = await db
    .select({
      id: attachments.id,
      messageId: attachments.messageId,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
    })
    .from(attachments)
    .where(and(eq(attachments.tenantId, c.tenantId), eq(attachments.conversationId, c.id)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  return rows.map((m) => ({ ...m, attachments: metas.filter((a) => a.messageId === m.id) }));
}

export async function getAttachment(db: Db, tenantId: string, id: string) {
  const rows = await db
    .select({ attachment: attachments, customerId: conversations.customerId })
    .from(attachments)
    .innerJoin(conversations, eq(conversations.id, attachments.conversationId))
    .where(and(eq(attachments.tenantId, tenantId), eq(attachments.id, id)));
  return rows[0] ?? null;
}

export type InboxView = 'unassigned' | 'mine' | 'all';

/** Unread for the side asking: messages from the other side after its read marker. */
function unreadFor(reader: 'customer' | 'staff'): SQL<number> {
  const other = reader === 'staff' ? 'customer' : 'staff';
  // Qualified by hand: inside the subquery a bare "id" would be the message's.
  const marker = sql.raw(
    `"conversations"."${reader === 'staff' ? 'staff_read_at' : 'customer_read_at'}"`,
  );
  return sql<number>`(select count(*)::int from ${messages} m
     where m.conversation_id = "conversations"."id" and m.author_kind = ${other}
       and m.created_at > coalesce(${marker}, 'epoch'::timestamptz))`;
}

export async function listInbox(
  db: Db,
  tenantId: string,
  filter: {
    view: InboxView;
    staffId: string | null;
    status?: ConversationStatus;
    /** Null: every matching conversation (the caller orders them by service level and cuts). */
    limit: number | null;
  },
) {
  const where: SQL[] = [eq(conversations.tenantId, tenantId)];
  if (filter.view === 'unassigned') where.push(isNull(conversations.assignedStaffId));
  if (filter.view === 'mine') {
    if (!filter.staffId) return [];
    where.push(eq(conversations.assignedStaffId, filter.staffId));
  }
  if (filter.status) where.push(eq(conversations.status, filter.status));
  const q = db
    .select({ conversation: conversations, unread: unreadFor('staff') })
    .from(conversations)
    .where(and(...where))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id));
  return filter.limit === null ? q : q.limit(filter.limit);
}

export async function listCustomerConversations(db: Db, tenantId: string, customerId: string) {
  return db
    .select({ conversation: conversations, unread: unreadFor('customer') })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.customerId, customerId)))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id));
}

export async function unreadTotals(db: Db, tenantId: string, staffId: string | null) {
  const rows = await db
    .select({
      assigned: conversations.assignedStaffId,
      unread: unreadFor('staff'),
    })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), gt(unreadFor('staff'), 0)));
  let unassigned = 0;
  let mine = 0;
  let all = 0;
  for (const r of rows) {
    all += r.unread;
    if (r.assigned === null) unassigned += r.unread;
    else if (r.assigned === staffId) mine += r.unread;
  }
  return { unassigned, mine, all };
}

export async function insertRevision(db: Db, r: typeof revisions.$inferInsert): Promise<Revision> {
  const rows = await db.insert(revisions).values(r).returning();
  return rows[0]!;
}

export async function getRevision(db: Db, tenantId: string, id: string) {
  const rows = await db
    .select({ revision: revisions, conversation: conversations })
    .from(revisions)
    .innerJoin(conversations, eq(conversations.id, revisions.conversationId))
    .where(and(eq(revisions.tenantId, tenantId), eq(revisions.id, id)));
  return rows[0] ?? null;
}

export async function listRevisions(db: Db, c: Conversation): Promise<Revision[]> {
  return db
    .select()
    .from(revisions)
    .where(and(eq(revisions.tenantId, c.tenantId), eq(revisions.conversationId, c.id)))
    .orderBy(asc(revisions.createdAt), asc(revisions.id));
}

/** Moves a revision on only from the expected status (a concurrent decision loses with null). */
export async function advanceRevision(
  db: Db,
  tenantId: string,
  id: string,
  from: Revision['status'],
  change: Partial<Revision>,
): Promise<Revision | null> {
  const rows = await db
    .update(revisions)
    .set(change)
    .where(and(eq(revisions.tenantId, tenantId), eq(revisions.id, id), eq(revisions.status, from)))
    .returning();
  return rows[0] ?? null;
}
