// The one entry point for telling people and systems that something happened: `notify` writes
// the customer's email (if the event has one) and queues the webhooks. Other modules call it,
// e.g. the orders module on every status change:
//   await notify(deps, tenantId, { kind: 'order.status_changed', orderId, orderNumber, status, customerId, email })
import type { AppDeps } from '../deps.ts';
import { getCustomer } from '../users/users.store.ts';
import { sendMail, type Mail } from './mail.ts';
import { enqueueWebhook } from './webhooks.ts';

export type NotifyEvent =
  | { kind: 'account.verify'; email: string; name: string; link: string }
  | { kind: 'account.reset'; email: string; link: string }
  | { kind: 'account.verified'; customerId: string }
  | {
      kind: 'message.created';
      customerId: string;
      conversationId: string;
      messageId: string;
      topic: string;
      fromStaff: boolean;
    }
  | {
      kind: 'revision.requested' | 'revision.proposed' | 'revision.accepted' | 'revision.declined';
      customerId: string;
      conversationId: string;
      revisionId: string;
      designId: string;
    }
  | { kind: 'order.confirm'; email: string; orderNumber: string; expiresAt: Date; link: string }
  | {
      kind: 'order.status_changed';
      orderId: string;
      orderNumber: string;
      status: string;
      /** The signed-in customer, or null for a guest order (then `email` is used). */
      customerId: string | null;
      email: string | null;
      /** Where the customer sees the order (a guest's link carries its token). */
      link?: string;
    };

type NotifyDeps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>;

export async function notify(
  deps: NotifyDeps,
  tenantId: string,
  event: NotifyEvent,
): Promise<void> {
  const base = deps.config.publicUrl;
  switch (event.kind) {
    case 'account.verify':
      await sendMail(deps, tenantId, {
        event: event.kind,
        to: event.email,
        essential: true,
        subject: 'Confirm your email address',
        text: `Hello ${event.name},\n\nPlease confirm your email address to finish creating your account:\n${event.link}\n\nThe link works once and expires in 24 hours. If you did not sign up, ignore this email.`,
      });
      return;
    case 'account.reset':
      await sendMail(deps, tenantId, {
        event: event.kind,
        to: event.email,
        essential: true,
        subject: 'Reset your password',
        text: `Someone asked to reset the password of your account. Choose a new password here:\n${event.link}\n\nThe link works once and expires in 1 hour. If it was not you, ignore this email; your password stays as it is.`,
      });
      return;
    case 'account.verified':
      await enqueueWebhook(deps, tenantId, event.kind, { customerId: event.customerId });
      return;
    case 'message.created':
      await enqueueWebhook(deps, tenantId, event.kind, {
        conversationId: event.conversationId,
        messageId: event.messageId,
        from: event.fromStaff ? 'staff' : 'customer',
      });
      if (event.fromStaff) {
        await mailCustomer(deps, tenantId, event.customerId, {
          event: event.kind,
          subject: `New reply: ${event.topic}`,
          text: `You have a new reply in your conversation "${event.topic}".\nRead and answer it here: ${base}/account/conversations/${event.conversationId}`,
        });
      }
      return;
    case 'revision.requested':
    case 'revision.proposed':
    case 'revision.accepted':
    case 'revision.declined':
      if (event.kind === 'revision.proposed') {
        await mailCustomer(deps, tenantId, event.customerId, {
          event: event.kind,
          subject: 'A revised design is ready for you',
          text: `We made the change you asked for. Compare the revised design with yours and accept or decline it here:\n${base}/account/conversations/${event.conversationId}`,
        });
      }
      await enqueueWebhook(deps, tenantId, event.kind, {
        conversationId: event.conversationId,
        revisionId: event.revisionId,
        designId: event.designId,
      });
      return;
    case 'order.confirm':
      await sendMail(deps, tenantId, {
        event: event.kind,
        to: event.email,
        essential: true,
        subject: `Please confirm your order ${event.orderNumber}`,
        text: `Thank you for your order ${event.orderNumber}. Please confirm it here:\n${event.link}\n\nWe reserve its production time until ${event.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; unconfirmed orders are released then. If you did not order, ignore this email.`,
      });
      return;
    case 'order.status_changed': {
      await enqueueWebhook(deps, tenantId, event.kind, {
        orderId: event.orderId,
        orderNumber: event.orderNumber,
        status: event.status,
      });
      const mail = {
        event: event.kind,
        subject: `Order ${event.orderNumber}: ${event.status.replaceAll('_', ' ')}`,
        text: `Your order ${event.orderNumber} is now: ${event.status.replaceAll('_', ' ')}.${event.link ? `\nSee it here: ${event.link}` : ''}`,
      };
      if (event.customerId) await mailCustomer(deps, tenantId, event.customerId, mail);
      else if (event.email)
        await sendMail(deps, tenantId, { ...mail, to: event.email, essential: false });
      return;
    }
  }
}

async function mailCustomer(
  deps: NotifyDeps,
  tenantId: string,
  customerId: string,
  mail: Omit<Mail, 'to' | 'essential'>,
): Promise<void> {
  const customer = await getCustomer(deps.db, tenantId, customerId);
  if (!customer || customer.passwordHash === null) return;
  await sendMail(deps, tenantId, { ...mail, to: customer.email, essential: false });
}
