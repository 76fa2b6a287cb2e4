// The demo's offer: 10 % off for the firm's best customers for 90 days. It reaches a customer
// only while they are in the "best" segment and their personalization consent holds.
import type { DemoSeedContext } from '../seed/demo.ts';
import { insertOffer } from './offers.store.ts';

const DAY = 86_400_000;

export async function seedDemoOffers(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant, owner } = ctx;
  const now = clock.now();
  await insertOffer(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    title: 'Thank you for being one of our best customers',
    kind: 'percent',
    percent: 10,
    segment: 'best',
    startsAt: now,
    endsAt: new Date(now.getTime() + 90 * DAY),
    createdAt: now,
    createdBy: owner?.id ?? 'demo',
  });
}
