// Conversations between the firm and a customer: the customer's side, the staff inbox, and
// attachments. A conversation is visible to its customer and to the firm's staff; anyone else
// (another customer, another firm) gets 404 as if it did not exist.
import { Type } from 'typebox';
import { principalOf, requireCustomer, requireSignedIn, requireStaff } from '../auth/guards.ts';
import type { Principal } from '../auth/principal.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Forbidden, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, NullableTimestamp, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { answerOnce } from '../http/idempotency.ts';
import { notify } from '../notify/notify.ts';
import { auditAccess } from '../privacy/audit.ts';
import { getCustomer, getStaff } from '../users/users.store.ts';
import {
  checkAttachments,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from './attachments.ts';
import {
  getAttachment,
  getConversation,
  insertConversation,
  insertMessage,
  listCustomerConversations,
  listInbox,
  listMessages,
  listRevisions,
  markRead,
  unreadTotals,
  updateConversation,
  type Conversation,
} from './dialogue.store.ts';
import { designs, orders, registerDesignPort, registerOrderPort } from './ports.ts';
import { ordersPort, studioDesignPort } from './studio-ports.ts';
import { responseTimes } from './response-times.ts';
import { serviceFor, serviceOfCustomers } from '../service-levels/service-for.ts';
import { compareInbox, isOverdue, responseDueAt } from '../service-levels/service-levels.ts';
import { revisionView, RevisionView } from './revision-view.ts';

const Status = Type.Union([Type.Literal('open'), Type.Literal('waiting'), Type.Literal('closed')]);

export const AttachmentBody = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.String({ minLength: 1, maxLength: 100 }),
    dataBase64: Type.String({
      minLength: 1,
      description: `At most ${MAX_ATTACHMENT_BYTES} bytes decoded.`,
    }),
  },
  { additionalProperties: false },
);
const Attachments = Type.Optional(
  Type.Array(AttachmentBody, { maxItems: MAX_ATTACHMENTS_PER_MESSAGE }),
);
/** JSON with base64 attachments: allow 5 × 5 MiB plus base64 overhead. */
export const MESSAGE_BODY_LIMIT =
  Math.ceil(MAX_ATTACHMENT_BYTES * MAX_ATTACHMENTS_PER_MESSAGE * 1.4) + 64 * 1024;

const ConversationSummary = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  subject: Type.Object({ kind: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
  topic: Type.String(),
  status: Type.String(),
  assignedStaffId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  lastMessageAt: Timestamp,
  firstStaffReplyAt: NullableTimestamp,
  unread: Type.Integer(),
});

/** A conversation in the staff inbox, with the customer's service level (service-levels/). */
const InboxConversation = Type.Object({
  ...ConversationSummary.properties,
  priority: Type.Integer({ description: '0 = normal; higher comes first' }),
  responseDueAt: Type.Union([Timestamp, Type.Null()], {
    description: 'First message + the response target; null: no target',
  }),
  overdue: Type.Boolean({ description: 'Not answered by the due time' }),
});

const MessageView = Type.Object({
  id: Type.String(),
  author: Type.Object({ kind: Type.String(), staffId: Type.Union([Type.String(), Type.Null()]) }),
  kind: Type.String(),
  body: Type.String(),
  revisionId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  attachments: Type.Array(
    Type.Object({
      id: Type.String(),
      filename: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
});

const ConversationDetail = Type.Object({
  conversation: ConversationSummary,
  messages: Type.Array(MessageView),
  revisions: Type.Array(RevisionView),
});

export function summary(c: Conversation, unread: number) {
  return {
    id: c.id,
    customerId: c.customerId,
    subject: { kind: c.subjectKind, id: c.subjectId },
    topic: c.topic,
    status: c.status,
    assignedStaffId: c.assignedStaffId,
    createdAt: c.createdAt.toISOString(),
    lastMessageAt: c.lastMessageAt.toISOString(),
    firstStaffReplyAt: c.firstStaffReplyAt?.toISOString() ?? null,
    unread,
  };
}

function messageView(m: Awaited<ReturnType<typeof listMessages>>[number]) {
  return {
    id: m.id,
    author: { kind: m.authorKind, staffId: m.authorStaffId },
    kind: m.kind,
    body: m.body,
    revisionId: m.revisionId,
    createdAt: m.createdAt.toISOString(),
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}

/**
 * The conversation if `p` may see it: staff of its firm, or its own customer. Otherwise 404 —
 * the same answer as for an id that does not exist.
 */
export async function visibleConversation(
  deps: AppDeps,
  p: Principal,
  id: string,
): Promise<Conversation> {
  const c = await getConversation(deps.db, p.tenantId, id);
  if (!c || (p.kind === 'customer' && c.customerId !== p.customerId))
    throw new NotFound('conversation', id);
  return c;
}

export async function conversationDetail(deps: AppDeps, p: Principal, c: Conversation) {
  const reader = p.kind === 'customer' ? 'customer' : 'staff';
  const [msgs, revs] = await Promise.all([listMessages(deps.db, c), listRevisions(deps.db, c)]);
  await markRead(deps.db, c, reader, deps.clock.now());
  await auditAccess(deps, p, {
    customerId: c.customerId,
    action: 'read',
    resource: 'conversation',
    resourceId: c.id,
  });
  return {
    conversation: summary(c, 0),
    messages: msgs.map(messageView),
    revisions: revs.map(revisionView),
  };
}

/** After visibleConversation: staff-only actions refuse the conversation's own customer. */
export function assertStaff(p: Principal): void {
  if (p.kind !== 'staff') throw new Forbidden('This is for the firm’s staff only.');
}

export function registerDialogueRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;
  registerDesignPort(studioDesignPort);
  registerOrderPort(ordersPort);

  app.get(
    '/api/v1/conversations',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['dialogue'],
        summary:
          'The signed-in customer’s conversations, newest activity first, with unread counts',
        response: responses({ 200: Type.Array(ConversationSummary) }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new NotFound('conversation');
      const rows = await listCustomerConversations(db, p.tenantId, p.customerId);
      return rows.map((r) => summary(r.conversation, r.unread));
    },
  );

  app.post(
    '/api/v1/conversations',
    {
      onRequest: requireCustomer(),
      bodyLimit: MESSAGE_BODY_LIMIT,
      // A retry must not start the conversation (and tell the firm) twice.
      config: { idempotency: 'atomic' },
      schema: {
        tags: ['dialogue'],
        summary: 'Start a conversation about a design, an order, or in general',
        body: Body({
          subject: Type.Object(
            {
              kind: Type.Union([
                Type.Literal('customer'),
                Type.Literal('design'),
                Type.Literal('order'),
              ]),
              id: Type.Optional(Uuid),
            },
            { additionalProperties: false },
          ),
          topic: Type.String({ minLength: 1, maxLength: 200 }),
          body: Type.String({ minLength: 1, maxLength: 20_000 }),
          attachments: Attachments,
        }),
        response: responses({ 201: ConversationDetail }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new NotFound('conversation');
      const { subject } = request.body;
      const files = checkAttachments(request.body.attachments ?? []);
      if (subject.kind === 'customer' && subject.id !== undefined) {
        // The customer is the subject: an id here names nothing we would use, so it is refused
        // rather than silently dropped (it may be another record, even another firm's).
        throw new ValidationFailed([
          { field: 'subject.id', message: 'must be left out when the subject is the customer' },
        ]);
      }
      if (subject.kind !== 'customer') {
        if (!subject.id)
          throw new ValidationFailed([{ field: 'subject.id', message: 'is required' }]);
        const found =
          subject.kind === 'design'
            ? await designs().find(db, p.tenantId, subject.id)
            : await orders().find(db, p.tenantId, subject.id);
        if (!found || found.customerId !== p.customerId)
          throw new NotFound(subject.kind, subject.id);
      }
      const now = clock.now();
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const created = await insertConversation(tx, {
          id: ids.uuid(),
          tenantId: p.tenantId,
          customerId: p.customerId,
          subjectKind: subject.kind,
          subjectId: subject.kind === 'customer' ? null : subject.id!,
          topic: request.body.topic.trim(),
          now,
        });
        // A customer with a named contact (service-levels/) starts with them.
        const contact = (await serviceFor({ ...deps, db: tx }, p.tenantId, p.customerId))
          .contactStaffId;
        if (contact && (await getStaff(tx, p.tenantId, contact))?.disabledAt === null)
          await updateConversation(tx, p.tenantId, created.id, { assignedStaffId: contact });
        const message = await insertMessage(tx, {
          id: ids.uuid(),
          conversation: created,
          authorKind: 'customer',
          authorStaffId: null,
          kind: 'text',
          body: request.body.body,
          attachments: files.map((f) => ({ ...f, id: ids.uuid() })),
          now,
        });
        await notify({ ...deps, db: tx }, p.tenantId, {
          kind: 'message.created',
          customerId: p.customerId,
          conversationId: created.id,
          messageId: message.id,
          topic: created.topic,
          fromStaff: false,
        });
        const fresh = (await getConversation(tx, p.tenantId, created.id))!;
        return { status: 201, body: await conversationDetail({ ...deps, db: tx }, p, fresh) };
      });
    },
  );

  app.post(
    '/api/v1/inbox/conversations',
    {
      onRequest: requireStaff(['owner', 'designer', 'sales']),
      bodyLimit: MESSAGE_BODY_LIMIT,
      // A retry must not write (and email the customer) twice.
      config: { idempotency: 'atomic' },
      schema: {
        tags: ['dialogue'],
        summary: 'Staff start a conversation with a customer (in general)',
        body: Body({
          customerId: Uuid,
          topic: Type.String({ minLength: 1, maxLength: 200 }),
          body: Type.String({ minLength: 1, maxLength: 20_000 }),
          attachments: Attachments,
        }),
        response: responses({ 201: ConversationDetail }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const customer = await getCustomer(db, p.tenantId, request.body.customerId);
      if (!customer) throw new NotFound('customer', request.body.customerId);
      const files = checkAttachments(request.body.attachments ?? []);
      const now = clock.now();
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const created = await insertConversation(tx, {
          id: ids.uuid(),
          tenantId: p.tenantId,
          customerId: customer.id,
          subjectKind: 'customer',
          subjectId: null,
          topic: request.body.topic.trim(),
          now,
        });
        const message = await insertMessage(tx, {
          id: ids.uuid(),
          conversation: created,
          authorKind: 'staff',
          authorStaffId: p.kind === 'staff' && p.via === 'session' ? p.userId : null,
          kind: 'text',
          body: request.body.body,
          attachments: files.map((f) => ({ ...f, id: ids.uuid() })),
          now,
        });
        await updateConversation(tx, p.tenantId, created.id, {
          assignedStaffId: p.kind === 'staff' && p.via === 'session' ? p.userId : null,
        });
        await auditAccess({ ...deps, db: tx }, p, {
          customerId: customer.id,
          action: 'change',
          resource: 'conversation',
          resourceId: created.id,
        });
        await notify({ ...deps, db: tx }, p.tenantId, {
          kind: 'message.created',
          customerId: customer.id,
          conversationId: created.id,
          messageId: message.id,
          topic: created.topic,
          fromStaff: true,
        });
        const fresh = (await getConversation(tx, p.tenantId, created.id))!;
        return { status: 201, body: await conversationDetail({ ...deps, db: tx }, p, fresh) };
      });
    },
  );

  app.get(
    '/api/v1/conversations/:id',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'A conversation with its messages and revisions; marks it read for the reader',
        params: IdParams,
        response: responses({ 200: ConversationDetail }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = await visibleConversation(deps, p, request.params.id);
      return conversationDetail(deps, p, c);
    },
  );

  app.post(
    '/api/v1/conversations/:id/messages',
    {
      onRequest: requireSignedIn(),
      bodyLimit: MESSAGE_BODY_LIMIT,
      // A retry must not write the message (and email the customer) twice.
      config: { idempotency: 'atomic' },
      schema: {
        tags: ['dialogue'],
        summary: 'Write in a conversation (customer or staff), with attachments',
        params: IdParams,
        body: Body({
          body: Type.String({ minLength: 1, maxLength: 20_000 }),
          attachments: Attachments,
        }),
        response: responses({ 201: MessageView }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const c = await visibleConversation(deps, p, request.params.id);
      const files = checkAttachments(request.body.attachments ?? []);
      const fromStaff = p.kind === 'staff';
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const m = await insertMessage(tx, {
          id: ids.uuid(),
          conversation: c,
          authorKind: fromStaff ? 'staff' : 'customer',
          authorStaffId: fromStaff && p.via === 'session' ? p.userId : null,
          kind: 'text',
          body: request.body.body,
          attachments: files.map((f) => ({ ...f, id: ids.uuid() })),
          now: clock.now(),
        });
        await auditAccess({ ...deps, db: tx }, p, {
          customerId: c.customerId,
          action: 'change',
          resource: 'conversation',
          resourceId: c.id,
        });
        await notify({ ...deps, db: tx }, p.tenantId, {
          kind: 'message.created',
          customerId: c.customerId,
          conversationId: c.id,
          messageId: m.id,
          topic: c.topic,
          fromStaff,
        });
        const all = await listMessages(tx, c);
        return { status: 201, body: messageView(all.find((x) => x.id === m.id)!) };
      });
    },
  );

  app.post(
    '/api/v1/conversations/:id/assign',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'Assign the conversation to a staff member (null: unassigned)',
        params: IdParams,
        body: Body({ staffId: Type.Union([Uuid, Type.Null()]) }),
        response: responses({ 200: ConversationSummary }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = await visibleConversation(deps, p, request.params.id);
      assertStaff(p);
      const staffId = request.body.staffId;
      if (staffId !== null && !(await getStaff(db, p.tenantId, staffId))) {
        throw new ValidationFailed([
          { field: 'staffId', message: 'is not a staff member of this firm' },
        ]);
      }
      await updateConversation(db, p.tenantId, c.id, { assignedStaffId: staffId });
      return summary((await getConversation(db, p.tenantId, c.id))!, 0);
    },
  );

  app.post(
    '/api/v1/conversations/:id/status',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'Set the status: open, waiting (for the customer) or closed',
        params: IdParams,
        body: Body({ status: Status }),
        response: responses({ 200: ConversationSummary }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = await visibleConversation(deps, p, request.params.id);
      assertStaff(p);
      await updateConversation(db, p.tenantId, c.id, { status: request.body.status });
      return summary((await getConversation(db, p.tenantId, c.id))!, 0);
    },
  );

  app.get(
    '/api/v1/attachments/:id',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'An attachment’s bytes (as a download)',
        params: IdParams,
        response: responses({ 200: Type.Unknown({ description: 'The file' }) }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const found = await getAttachment(db, p.tenantId, request.params.id);
      if (!found || (p.kind === 'customer' && found.customerId !== p.customerId)) {
        throw new NotFound('attachment', request.params.id);
      }
      await auditAccess(deps, p, {
        customerId: found.customerId,
        action: 'read',
        resource: 'attachment',
        resourceId: found.attachment.id,
      });
      const a = found.attachment;
      return reply
        .header('content-type', a.contentType)
        .header('content-disposition', `attachment; filename="${a.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(a.bytes);
    },
  );

  const InboxQuery = Type.Object({
    view: Type.Optional(
      Type.Union([Type.Literal('unassigned'), Type.Literal('mine'), Type.Literal('all')]),
    ),
    status: Type.Optional(Status),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  });

  app.get(
    '/api/v1/inbox',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['dialogue'],
        summary:
          'The staff inbox: conversations by view and status, highest priority then earliest response due first, with unread counts',
        querystring: InboxQuery,
        response: responses({
          200: Type.Object({
            conversations: Type.Array(InboxConversation),
            unread: Type.Object({
              unassigned: Type.Integer(),
              mine: Type.Integer(),
              all: Type.Integer(),
            }),
          }),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const staffId = p.kind === 'staff' && p.via === 'session' ? p.userId : null;
      const rows = await listInbox(db, p.tenantId, {
        view: request.query.view ?? 'all',
        staffId,
        status: request.query.status,
        limit: null,
      });
      const levels = await serviceOfCustomers(
        deps,
        p.tenantId,
        rows.map((r) => r.conversation.customerId),
      );
      const now = clock.now();
      const entries = rows.map((r) => {
        const c = r.conversation;
        const level = levels.get(c.customerId)!;
        const dueAt = responseDueAt(c.firstCustomerMessageAt, level.responseTargetHours);
        return { r, priority: level.priority, dueAt, lastMessageAt: c.lastMessageAt, id: c.id };
      });
      entries.sort(compareInbox);
      return {
        conversations: entries.slice(0, request.query.limit ?? 100).map((e) => ({
          ...summary(e.r.conversation, e.r.unread),
          priority: e.priority,
          responseDueAt: e.dueAt?.toISOString() ?? null,
          overdue: isOverdue(e.dueAt, e.r.conversation.firstStaffReplyAt, now),
        })),
        unread: await unreadTotals(db, p.tenantId, staffId),
      };
    },
  );

  app.get(
    '/api/v1/inbox/response-times',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['dialogue'],
        summary:
          'Median and 90th percentile time to first reply, per ISO week, and how many met their response target',
        querystring: Type.Object({
          weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 104 })),
        }),
        response: responses({
          200: Type.Array(
            Type.Object({
              week: Type.String(),
              answered: Type.Integer(),
              unanswered: Type.Integer(),
              medianMinutes: Type.Union([Type.Number(), Type.Null()]),
              p90Minutes: Type.Union([Type.Number(), Type.Null()]),
              withTarget: Type.Integer({
                description: 'Conversations whose customer has a response target now',
              }),
              metTarget: Type.Integer({ description: 'First reply by the due time' }),
              missedTarget: Type.Integer({
                description: 'First reply after the due time, or none and past it',
              }),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const weeks = request.query.weeks ?? 12;
      const since = new Date(clock.now().getTime() - weeks * 7 * 86_400_000);
      return responseTimes(db, p.tenantId, since, {
        now: clock.now(),
        of: async (customerIds) => {
          const levels = await serviceOfCustomers(deps, p.tenantId, customerIds);
          return new Map([...levels].map(([id, l]) => [id, l.responseTargetHours]));
        },
      });
    },
  );
}
