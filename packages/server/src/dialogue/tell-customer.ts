// For other modules: a message from the firm's system into a customer's conversation about one
// of their orders (opened when there is none yet), so what happened to the order stays in the
// one-to-one dialogue beside the email. In the caller's transaction.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { conversations, type MessageKind } from './dialogue.schema.ts';
import { insertConversation, insertMessage } from './dialogue.store.ts';

export async function tellAboutOrder(
  tx: Db,
  deps: { ids: { uuid(): string }; now: Date },
  m: {
    tenantId: string;
    customerId: string;
    orderId: string;
    orderNumber: number;
    kind: MessageKind;
    body: string;
  },
): Promise<void> {
  const found = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.tenantId, m.tenantId),
        eq(conversations.customerId, m.customerId),
        eq(conversations.subjectKind, 'order'),
        eq(conversations.subjectId, m.orderId),
      ),
    )
    .orderBy(asc(conversations.createdAt))
    .limit(1);
  const conversation =
    found[0] ??
    (await insertConversation(tx, {
      id: deps.ids.uuid(),
      tenantId: m.tenantId,
      customerId: m.customerId,
      subjectKind: 'order',
      subjectId: m.orderId,
      topic: `Order ${m.orderNumber}`,
      now: deps.now,
    }));
  await insertMessage(tx, {
    id: deps.ids.uuid(),
    conversation,
    authorKind: 'system',
    authorStaffId: null,
    kind: m.kind,
    body: m.body,
    attachments: [],
    now: deps.now,
  });
}
