// The demo firm serves its best customers better from day one: priority, an 8-hour response
// target, reserved capacity (where a work center reserves some) and the sales member as their
// named contact. Only customers who consented to personalization get it.
import { and, eq } from 'drizzle-orm';
import type { DemoSeedContext } from '../seed/demo.ts';
import { staffUsers } from '../users/users.schema.ts';
import { upsertLevel } from './service-levels.store.ts';

export async function seedDemoServiceLevels(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, tenant } = ctx;
  const [sales] = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.tenantId, tenant.id), eq(staffUsers.role, 'sales')));
  await upsertLevel(
    db,
    tenant.id,
    {
      segment: 'best',
      priority: 2,
      responseTargetHours: 8,
      mayUseReservedCapacity: true,
      contactStaffId: sales?.id ?? null,
    },
    clock.now(),
  );
}
