// The one entry point for telling people and systems that something happened: `notify` writes
// the customer's email (if the event has one) and queues the webhooks. Other modules call it,
// e.g. the orders module on every status change:
//   await notify(deps, tenantId, { kind: 'order.status_changed', orderId, orderNumber, status, customerId, email })
import type { AppDeps } from '../deps.ts';
import { getCustomer } from '../users/users.store.ts';
import { sendMail, type Mail } from './mail.ts';
import { formatDate, formatMoney, mailParts, type Block } from './templates.ts';
import { enqueueWebhook } from './webhooks.ts';

/** What an order confirmation says: what was ordered, its price and date, the private link. */
export type OrderMailSummary = {
  orderNumber: string;
  productName: string;
  /** The chosen options and personal texts, as the customer read them in the studio. */
  items: { label: string; value: string }[];
  /** In the currency's minor units. */
  total: number;
  currency: string;
  /** `YYYY-MM-DD`. */
  promisedDate: string;
  /** The order's page; a guest's link carries its token. */
  link: string;
};

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
  | {
      kind: 'design.saved';
      email: string;
      designName: string;
      productName: string;
      /** The design's private link (carries its token). */
      link: string;
    }
  | {
      /** A guest's order waiting for confirmation: the full confirmation plus the confirm link. */
      kind: 'order.confirm';
      email: string;
      order: OrderMailSummary;
      expiresAt: Date;
      link: string;
    }
  | {
      /** Someone commented on a design through its share link; at most one an hour per design. */
      kind: 'design.commented';
      designName: string;
      /** The signed-in owner (emailed at their account's address), or null for a guest's design. */
      customerId: string | null;
      /** A guest owner's address (the design's email). */
      email: string | null;
      /** The design's page for a signed-in owner; null for a guest (their link is private). */
      link: string | null;
    }
  | {
      /** Staff answered an idea or changed its status; told to its author (ideas/). */
      kind: 'idea.answered';
      customerId: string;
      ideaTitle: string;
      status: string;
      answer: string | null;
      /** The idea's page in the customer area. */
      link: string;
    }
  | { kind: 'order.placed'; email: string; order: OrderMailSummary }
  | {
      /** A guest's bid was accepted: the binding offer and its private link to confirm it. */
      kind: 'bid.offer';
      email: string;
      productName: string;
      price: number;
      currency: string;
      promisedDate: string;
      providerName: string;
      expiresAt: Date;
      link: string;
    }
  | {
      /** A revised design the customer accepted was applied to the order. */
      kind: 'order.changed';
      orderId: string;
      changeId: string;
      orderNumber: string;
      customerId: string | null;
      email: string | null;
      designVersion: number;
      /** In the currency's minor units. */
      oldTotal: number;
      newTotal: number;
      currency: string;
      oldPromisedDate: string;
      newPromisedDate: string;
    }
  | {
      /** A revised design could not be applied to the order (e.g. production started). */
      kind: 'order.change_refused';
      orderId: string;
      changeId: string;
      orderNumber: string;
      customerId: string | null;
      email: string | null;
      designVersion: number;
      reason: string;
    }
  | {
      /** The order moved (another provider, a capacity change) and its promised date changed. */
      kind: 'order.rescheduled';
      orderId: string;
      orderNumber: string;
      customerId: string | null;
      email: string | null;
      oldPromisedDate: string;
      newPromisedDate: string;
      /** Why, in the firm's words, and the apology it chose (capacity changes). */
      reason?: string;
      apology?: string;
      /** The same customer's other orders moved by the same change: one email tells them all. */
      others?: { orderNumber: string; oldPromisedDate: string; newPromisedDate: string }[];
    }
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
    case 'design.saved': {
      const subject = `Your design "${event.designName}"`;
      await sendMail(deps, tenantId, {
        event: event.kind,
        to: event.email,
        essential: false,
        subject,
        ...mailParts(subject, [
          { p: `You saved your design "${event.designName}" (${event.productName}).` },
          { link: event.link, text: 'Open it, change it or order it here' },
          {
            p: 'Keep this email: the link is private and is the only way back to your design without an account. Anyone with it can open and change the design.',
          },
        ]),
      });
      return;
    }
    case 'design.commented': {
      // Neither the comment nor its author is in the mail: the outbox row is the owner's and
      // outlives the author's erasure (like message.created, which quotes no message either).
      const subject = `New comment on your design "${event.designName}"`;
      const mail = {
        event: event.kind,
        subject,
        ...mailParts(subject, [
          { p: `Someone commented on your design "${event.designName}", which you shared.` },
          event.link
            ? { link: event.link, text: 'Read the comments on your design' }
            : {
                p: 'Open your design with the private link we sent you when you saved it to read the comments.',
              },
          {
            p: 'We tell you about new comments at most once an hour, however many there are.',
          },
        ]),
      };
      if (event.customerId) await mailCustomer(deps, tenantId, event.customerId, mail);
      else if (event.email)
        await sendMail(deps, tenantId, { ...mail, to: event.email, essential: false });
      return;
    }
    case 'idea.answered': {
      const subject = `Your idea "${event.ideaTitle}": ${event.status}`;
      await mailCustomer(deps, tenantId, event.customerId, {
        event: event.kind,
        subject,
        ...mailParts(subject, [
          {
            p: `We looked at the option you suggested, "${event.ideaTitle}". It is now ${event.status}.`,
          },
          ...(event.answer ? [{ p: event.answer }] : []),
          { link: event.link, text: 'See your idea and our answer' },
        ]),
      });
      return;
    }
    case 'order.confirm': {
      const subject = `Please confirm your order ${event.order.orderNumber}`;
      await sendMail(deps, tenantId, {
        event: event.kind,
        to: event.email,
        essential: true,
        subject,
        ...mailParts(subject, [
          { p: `Thank you for your order ${event.order.orderNumber}.` },
          { link: event.link, text: 'Please confirm it here' },
          {
            p: `We reserve its production time until ${event.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; unconfirmed orders are released then. If you did not order, ignore this email.`,
          },
          ...orderBlocks(event.order),
        ]),
      });
      return;
    }
    case 'bid.offer': {
      const subject = `Your price for ${event.productName} is accepted`;
      await sendMail(deps, tenantId, {
        event: event.kind,
        to: event.email,
        essential: true,
        subject,
        ...mailParts(subject, [
          {
            p: `We accept your price of ${formatMoney(event.price, event.currency)} for ${event.productName}, delivered by ${formatDate(event.promisedDate)}, built by ${event.providerName}.`,
          },
          { link: event.link, text: 'See the offer and confirm your order' },
          {
            p: `The offer and its production time are reserved for you until ${event.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. If you did not bid, ignore this email.`,
          },
        ]),
      });
      return;
    }
    case 'order.placed': {
      const subject = `Your order ${event.order.orderNumber} is confirmed`;
      await sendMail(deps, tenantId, {
        event: event.kind,
        to: event.email,
        essential: true,
        subject,
        ...mailParts(subject, [
          { p: `Thank you for your order ${event.order.orderNumber}.` },
          ...orderBlocks(event.order),
        ]),
      });
      return;
    }
    case 'order.changed': {
      await enqueueWebhook(deps, tenantId, event.kind, {
        orderId: event.orderId,
        orderNumber: event.orderNumber,
        changeId: event.changeId,
        designVersion: event.designVersion,
        oldTotal: event.oldTotal,
        newTotal: event.newTotal,
        currency: event.currency,
        oldPromisedDate: event.oldPromisedDate,
        newPromisedDate: event.newPromisedDate,
      });
      const subject = `Your order ${event.orderNumber} was changed`;
      const difference = event.newTotal - event.oldTotal;
      const mail = {
        event: event.kind,
        subject,
        ...mailParts(subject, [
          {
            p: `Your order ${event.orderNumber} now follows version ${event.designVersion} of your design, which you accepted.`,
          },
          {
            rows: [
              { label: 'Previous price', value: formatMoney(event.oldTotal, event.currency) },
              { label: 'New price', value: formatMoney(event.newTotal, event.currency) },
              {
                label: 'Difference',
                value:
                  difference === 0
                    ? 'none'
                    : `${difference > 0 ? '+' : '-'}${formatMoney(Math.abs(difference), event.currency)}`,
              },
              { label: 'Promised date', value: formatDate(event.newPromisedDate) },
              ...(event.newPromisedDate !== event.oldPromisedDate
                ? [{ label: 'Previously promised', value: formatDate(event.oldPromisedDate) }]
                : []),
            ],
          },
        ]),
      };
      if (event.customerId) await mailCustomer(deps, tenantId, event.customerId, mail);
      else if (event.email)
        await sendMail(deps, tenantId, { ...mail, to: event.email, essential: true });
      return;
    }
    case 'order.change_refused': {
      await enqueueWebhook(deps, tenantId, event.kind, {
        orderId: event.orderId,
        orderNumber: event.orderNumber,
        changeId: event.changeId,
        designVersion: event.designVersion,
        reason: event.reason,
      });
      const subject = `Your order ${event.orderNumber} stays as ordered`;
      const mail = {
        event: event.kind,
        subject,
        ...mailParts(subject, [
          {
            p: `Version ${event.designVersion} of your design could not be applied to order ${event.orderNumber}.`,
          },
          { p: event.reason },
        ]),
      };
      if (event.customerId) await mailCustomer(deps, tenantId, event.customerId, mail);
      else if (event.email)
        await sendMail(deps, tenantId, { ...mail, to: event.email, essential: true });
      return;
    }
    case 'order.rescheduled': {
      const why = `${event.reason ? ` Why: ${event.reason}.` : ''} ${event.apology ?? 'We are sorry for the change.'}`;
      const others = event.others ?? [];
      const mail =
        others.length === 0
          ? {
              event: event.kind,
              subject: `Order ${event.orderNumber}: new delivery date`,
              text: `Your order ${event.orderNumber} will now be delivered on ${formatDate(event.newPromisedDate)} instead of ${formatDate(event.oldPromisedDate)}.${why}`,
            }
          : {
              event: event.kind,
              subject: `Orders ${[event.orderNumber, ...others.map((o) => o.orderNumber)].join(', ')}: new delivery dates`,
              text: `Your orders will now be delivered later:\n${[event, ...others]
                .map(
                  (o) =>
                    `- order ${o.orderNumber}: ${formatDate(o.newPromisedDate)} instead of ${formatDate(o.oldPromisedDate)}`,
                )
                .join('\n')}\n${why.trim()}`,
            };
      if (event.customerId) await mailCustomer(deps, tenantId, event.customerId, mail);
      else if (event.email)
        await sendMail(deps, tenantId, { ...mail, to: event.email, essential: false });
      return;
    }
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

/** What was ordered, its price and promised date, and the order's private link. */
function orderBlocks(order: OrderMailSummary): Block[] {
  return [
    { p: `What you ordered: ${order.productName}` },
    ...(order.items.length > 0 ? [{ rows: order.items }] : []),
    {
      rows: [
        { label: 'Price', value: formatMoney(order.total, order.currency) },
        { label: 'Promised date', value: formatDate(order.promisedDate) },
      ],
    },
    { link: order.link, text: 'See your order and every change of its status here' },
    { p: 'Keep this email: the link is private and shows your order without an account.' },
  ];
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
