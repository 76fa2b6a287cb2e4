// The demo firm's example conversation: the business buyer asks about delivery with a note
// attached, and sales answers; the inbox and the customer's messages are not empty on day one.
import { and, eq, like } from 'drizzle-orm';
import type { DemoSeedContext } from '../seed/demo.ts';
import { customers } from '../users/users.schema.ts';
import { insertConversation, insertMessage } from './dialogue.store.ts';

export async function seedDemoDialogue(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const [buyer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), like(customers.email, 'buyer@%')));
  if (!buyer) return;
  // Both messages lie in the past of the injected clock: asked two hours ago, answered 42
  // minutes later (a reply dated after "now" would read as from the future).
  const now = clock.now();
  const asked = new Date(now.getTime() - 2 * 60 * 60_000);
  const conversation = await insertConversation(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    customerId: buyer.id,
    subjectKind: 'customer',
    subjectId: null,
    topic: 'Delivery to our new showroom',
    now: asked,
  });
  await insertMessage(db, {
    id: ids.uuid(),
    conversation,
    authorKind: 'customer',
    authorStaffId: null,
    kind: 'text',
    body: 'Could you deliver our next order to the new showroom? The address is in the attached note.',
    attachments: [
      {
        id: ids.uuid(),
        filename: 'showroom.txt',
        contentType: 'text/plain',
        bytes: Buffer.from('Showroom, loading bay at the back, open 8–16.\n'),
      },
    ],
    now: asked,
  });
  const fresh = { ...conversation, firstCustomerMessageAt: asked };
  await insertMessage(db, {
    id: ids.uuid(),
    conversation: fresh,
    authorKind: 'staff',
    authorStaffId: ctx.owner?.id ?? null,
    kind: 'text',
    body: 'Yes, we will. The driver calls 30 minutes before arriving.',
    attachments: [],
    now: new Date(asked.getTime() + 42 * 60_000),
  });
}
