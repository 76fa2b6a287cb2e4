// SQL for segment service levels. Every function is scoped by tenant.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { customerValues } from '../insights/customer-value.schema.ts';
import { staffUsers } from '../users/users.schema.ts';
import { segmentServiceLevels, type ServiceKey } from './service-levels.schema.ts';
import { defaultLevel, SERVICE_KEYS, type ServiceLevel } from './service-levels.ts';

/** Every key (default and each segment): the firm's settings, else the default treatment. */
export async function listLevels(db: Db, tenantId: string): Promise<ServiceLevel[]> {
  const rows = await db
    .select()
    .from(segmentServiceLevels)
    .where(eq(segmentServiceLevels.tenantId, tenantId));
  const byKey = new Map(rows.map((r) => [r.segment, r]));
  const of = (key: ServiceKey): ServiceLevel | null => {
    const r = byKey.get(key);
    return r
      ? {
          segment: key,
          priority: r.priority,
          responseTargetHours: r.responseTargetHours,
          mayUseReservedCapacity: r.mayUseReservedCapacity,
          contactStaffId: r.contactStaffId,
        }
      : null;
  };
  // A segment the firm has not set gets the default treatment.
  const ordinary = of('default') ?? defaultLevel('default');
  return SERVICE_KEYS.map((key) => of(key) ?? { ...ordinary, segment: key });
}

export async function upsertLevel(
  db: Db,
  tenantId: string,
  level: ServiceLevel,
  now: Date,
): Promise<void> {
  const values = {
    priority: level.priority,
    responseTargetHours: level.responseTargetHours,
    mayUseReservedCapacity: level.mayUseReservedCapacity,
    contactStaffId: level.contactStaffId,
    updatedAt: now,
  };
  await db
    .insert(segmentServiceLevels)
    .values({ tenantId, segment: level.segment, ...values })
    .onConflictDoUpdate({
      target: [segmentServiceLevels.tenantId, segmentServiceLevels.segment],
      set: values,
    });
}

/** The segment of a customer's last computed figures (null: not scored). Read under consent only. */
export async function segmentOfCustomer(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<ServiceKey | null> {
  const [row] = await db
    .select({ segment: customerValues.segment })
    .from(customerValues)
    .where(and(eq(customerValues.tenantId, tenantId), eq(customerValues.customerId, customerId)));
  return row?.segment ?? null;
}

/** Names of the firm's staff by id (for contacts). */
export async function staffNames(db: Db, tenantId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(eq(staffUsers.tenantId, tenantId));
  return new Map(rows.map((r) => [r.id, r.name]));
}
