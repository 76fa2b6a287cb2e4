// The queries behind a customer's timeline, each scoped by tenant and customer, each selecting
// only the columns the timeline shows (so no token hash or bid floor is ever read).
import { and, asc, eq } from 'drizzle-orm';
import { bids } from '../bids/bids.schema.ts';
import { campaignsReceived } from '../campaigns/campaigns.store.ts';
import type { Db } from '../db/types.ts';
import { conversations, feedback, revisions } from '../dialogue/dialogue.schema.ts';
import { orderChanges, orderEvents, orders } from '../orders/orders.schema.ts';
import { consentRecords } from '../privacy/privacy.schema.ts';
import { designs, designVersions } from '../studio/studio.schema.ts';
import { money, type TimelineEvent } from './timeline.ts';

export async function timelineEvents(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];

  const theirDesigns = await db
    .select({ id: designs.id, name: designs.name, createdAt: designs.createdAt })
    .from(designs)
    .where(and(eq(designs.tenantId, tenantId), eq(designs.customerId, customerId)));
  for (const d of theirDesigns)
    out.push({
      at: d.createdAt,
      kind: 'design',
      summary: `Design “${d.name}” created`,
      refId: d.id,
    });
  const versions = await db
    .select({
      designId: designVersions.designId,
      name: designs.name,
      number: designVersions.number,
      createdAt: designVersions.createdAt,
    })
    .from(designVersions)
    .innerJoin(
      designs,
      and(eq(designs.tenantId, designVersions.tenantId), eq(designs.id, designVersions.designId)),
    )
    .where(and(eq(designVersions.tenantId, tenantId), eq(designs.customerId, customerId)));
  for (const v of versions)
    out.push({
      at: v.createdAt,
      kind: 'design-version',
      summary: `Design “${v.name}” version ${v.number} saved`,
      refId: v.designId,
    });

  const theirOrders = await db
    .select({
      id: orders.id,
      number: orders.number,
      total: orders.total,
      currency: orders.currency,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.customerId, customerId)));
  for (const o of theirOrders)
    out.push({
      at: o.createdAt,
      kind: 'order',
      summary: `Order ${o.number} placed (${money(o.total, o.currency)})`,
      refId: o.id,
    });
  const statuses = await db
    .select({
      orderId: orderEvents.orderId,
      number: orders.number,
      from: orderEvents.fromStatus,
      to: orderEvents.toStatus,
      at: orderEvents.at,
    })
    .from(orderEvents)
    .innerJoin(
      orders,
      and(eq(orders.tenantId, orderEvents.tenantId), eq(orders.id, orderEvents.orderId)),
    )
    .where(and(eq(orderEvents.tenantId, tenantId), eq(orders.customerId, customerId)));
  // The first event of an order is its placing, already shown as the order itself.
  for (const s of statuses.filter((s) => s.from !== null))
    out.push({
      at: s.at,
      kind: 'order-status',
      summary: `Order ${s.number}: ${s.from} → ${s.to}`,
      refId: s.orderId,
    });
  const changes = await db
    .select({
      orderId: orderChanges.orderId,
      number: orders.number,
      status: orderChanges.status,
      createdAt: orderChanges.createdAt,
    })
    .from(orderChanges)
    .innerJoin(
      orders,
      and(eq(orders.tenantId, orderChanges.tenantId), eq(orders.id, orderChanges.orderId)),
    )
    .where(and(eq(orderChanges.tenantId, tenantId), eq(orders.customerId, customerId)));
  for (const c of changes)
    out.push({
      at: c.createdAt,
      kind: 'order-change',
      summary: `Order ${c.number}: change to a revised design (${c.status})`,
      refId: c.orderId,
    });

  const talks = await db
    .select({
      id: conversations.id,
      topic: conversations.topic,
      status: conversations.status,
      createdAt: conversations.createdAt,
    })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.customerId, customerId)));
  for (const c of talks)
    out.push({
      at: c.createdAt,
      kind: 'conversation',
      summary: `Conversation “${c.topic}” started (now ${c.status})`,
      refId: c.id,
    });
  const revs = await db
    .select({
      conversationId: revisions.conversationId,
      status: revisions.status,
      createdAt: revisions.createdAt,
    })
    .from(revisions)
    .innerJoin(
      conversations,
      and(
        eq(conversations.tenantId, revisions.tenantId),
        eq(conversations.id, revisions.conversationId),
      ),
    )
    .where(and(eq(revisions.tenantId, tenantId), eq(conversations.customerId, customerId)));
  for (const r of revs)
    out.push({
      at: r.createdAt,
      kind: 'revision',
      summary: `Revision of a design asked for (${r.status})`,
      refId: r.conversationId,
    });

  const notes = await db
    .select({
      orderId: feedback.orderId,
      product: feedback.product,
      rating: feedback.rating,
      createdAt: feedback.createdAt,
    })
    .from(feedback)
    .where(and(eq(feedback.tenantId, tenantId), eq(feedback.customerId, customerId)));
  for (const f of notes)
    out.push({
      at: f.createdAt,
      kind: 'feedback',
      summary: `Feedback on ${f.product}: ${f.rating} of 5`,
      refId: f.orderId,
    });

  const theirBids = await db
    .select({
      id: bids.id,
      price: bids.price,
      currency: bids.currency,
      status: bids.status,
      createdAt: bids.createdAt,
    })
    .from(bids)
    .where(and(eq(bids.tenantId, tenantId), eq(bids.customerId, customerId)));
  for (const b of theirBids)
    out.push({
      at: b.createdAt,
      kind: 'bid',
      summary: `Bid of ${money(b.price, b.currency)} (${b.status})`,
      refId: b.id,
    });

  const consents = await db
    .select({
      purpose: consentRecords.purpose,
      action: consentRecords.action,
      at: consentRecords.at,
    })
    .from(consentRecords)
    .where(and(eq(consentRecords.tenantId, tenantId), eq(consentRecords.customerId, customerId)))
    .orderBy(asc(consentRecords.at));
  for (const c of consents)
    out.push({
      at: c.at,
      kind: 'consent',
      summary: `Consent to ${c.purpose} ${c.action}`,
      refId: null,
    });

  // Campaign mails sent to them (not the ones they were held out of or skipped for).
  for (const c of await campaignsReceived(db, tenantId, customerId))
    out.push({
      at: c.at,
      kind: 'campaign',
      summary: `Campaign “${c.name}” received`,
      refId: c.campaignId,
    });
  return out;
}
