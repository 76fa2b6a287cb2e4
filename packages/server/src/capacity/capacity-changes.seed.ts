// The demo firm's planned maintenance: a draft closing its first work center for two days three
// weeks ahead, so the console's calendar has a change to preview and apply.
import type { DemoSeedContext } from '../seed/demo.ts';
import { addDays, dateInZone } from './capacity.ts';
import { insertCapacityChange } from './capacity-changes.store.ts';
import { listWorkCenters } from './capacity.store.ts';

export async function seedDemoCapacityChanges(ctx: DemoSeedContext): Promise<void> {
  const [center] = await listWorkCenters(ctx.db, ctx.tenant.id, { provider: null });
  if (!center || !ctx.owner) return;
  const first = addDays(dateInZone(ctx.clock.now(), ctx.tenant.settings.timezone), 21);
  await insertCapacityChange(ctx.db, {
    id: ctx.ids.uuid(),
    tenantId: ctx.tenant.id,
    workCenterId: center.id,
    firstDay: first,
    lastDay: addDays(first, 1),
    minutesPerDay: 0,
    reason: `Annual maintenance of the ${center.name}`,
    apology: '',
    createdBy: ctx.owner.id,
    createdAt: ctx.clock.now(),
  });
}
