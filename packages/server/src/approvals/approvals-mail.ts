// The approval emails, through the outbox (notify/mail.ts) in the caller's transaction: the
// buyer hears when the order waits, is approved (and placed) or rejected; the approvers who may
// decide the next level hear that an order waits for them.
import type { AppConfig } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { Ids } from '../ids.ts';
import { sendMail } from '../notify/mail.ts';
import { formatDate, formatMoney, mailParts, type Block } from '../notify/templates.ts';
import type { Order } from '../orders/orders.store.ts';
import type { ApprovalReason } from './approvals.schema.ts';
import { reasonText } from './approvals.ts';

export type MailDeps = { db: Db; clock: Clock; ids: Ids; config: AppConfig };

export type ApprovalMail =
  | { kind: 'waiting'; reasons: ApprovalReason[]; levels: number }
  | { kind: 'next-level'; approvedBy: string }
  | { kind: 'approved'; by: string; oldPromisedDate: string | null }
  | { kind: 'rejected'; by: string; reason: string };

const orderRows = (order: Order): Block => ({
  rows: [
    { label: 'Order', value: `#${order.number}` },
    { label: 'Total', value: formatMoney(order.total, order.currency) },
    ...(order.poNumber ? [{ label: 'PO number', value: order.poNumber }] : []),
    { label: 'Earliest delivery', value: formatDate(order.promisedDate) },
  ],
});

/** To the buyer: what happened to their order. */
export async function mailBuyer(deps: MailDeps, order: Order, mail: ApprovalMail): Promise<void> {
  const link = `${deps.config.publicUrl}/account`;
  const [subject, blocks]: [string, Block[]] =
    mail.kind === 'waiting'
      ? [
          `Your order #${order.number} waits for approval`,
          [
            {
              p: `Your order is ${mail.reasons.map((r) => reasonText(r, formatMoney)).join(' and ')}, so ${mail.levels === 2 ? 'two approvers of your company' : 'an approver of your company'} must approve it. Nothing is produced or booked until then.`,
            },
          ],
        ]
      : mail.kind === 'next-level'
        ? [
            `Your order #${order.number}: first approval given`,
            [{ p: `${mail.approvedBy} approved your order; it now waits for a second approval.` }],
          ]
        : mail.kind === 'approved'
          ? [
              `Your order #${order.number} is approved and placed`,
              [
                {
                  p: `${mail.by} approved your order. It is placed and its production time is booked.`,
                },
                ...(mail.oldPromisedDate
                  ? [
                      {
                        p: `While it waited, the earliest delivery moved from ${formatDate(mail.oldPromisedDate)} to ${formatDate(order.promisedDate)}.`,
                      },
                    ]
                  : []),
              ],
            ]
          : [
              `Your order #${order.number} was not approved`,
              [
                { p: `${mail.by} rejected your order: ${mail.reason}` },
                { p: 'Nothing was booked or charged.' },
              ],
            ];
  await sendMail(deps, order.tenantId, {
    event: `approval.${mail.kind}`,
    to: order.email,
    essential: true,
    subject,
    ...mailParts(subject, [...blocks, orderRows(order), { link, text: 'See your orders' }]),
  });
}

/** To each approver who may decide the next level. */
export async function mailApprovers(
  deps: MailDeps,
  order: Order,
  approvers: { email: string; name: string }[],
  buyerName: string,
  portalPath: string | null,
): Promise<void> {
  const link = `${deps.config.publicUrl}${portalPath ? `${portalPath}/approvals` : '/account'}`;
  for (const a of approvers) {
    const subject = `Order #${order.number} by ${buyerName} waits for your approval`;
    await sendMail(deps, order.tenantId, {
      event: 'approval.requested',
      to: a.email,
      essential: true,
      subject,
      ...mailParts(subject, [
        { p: `Hello ${a.name}, ${buyerName} placed an order that needs your approval.` },
        orderRows(order),
        { link, text: 'Approve or reject it here' },
      ]),
    });
  }
}
