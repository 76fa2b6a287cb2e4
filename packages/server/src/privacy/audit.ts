// The audit log of staff access to customer data. Route handlers that show or change a
// customer's data to staff call `auditAccess`; the owner reads the log.
import { and, desc, eq } from 'drizzle-orm';
import type { Principal } from '../auth/principal.ts';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { auditLog } from './privacy.schema.ts';

export async function auditAccess(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  principal: Principal,
  entry: { customerId: string; action: 'read' | 'change'; resource: string; resourceId?: string },
): Promise<void> {
  if (principal.kind !== 'staff') return;
  await deps.db.insert(auditLog).values({
    id: deps.ids.uuid(),
    tenantId: principal.tenantId,
    actorStaffId: principal.via === 'session' ? principal.userId : null,
    actorApiKeyId: principal.via === 'apiKey' ? principal.apiKeyId : null,
    customerId: entry.customerId,
    action: entry.action,
    resource: entry.resource,
    resourceId: entry.resourceId ?? null,
    at: deps.clock.now(),
  });
}

/**
 * A staff action on the firm's records (providers, what they build, routing orders), in the same
 * log: who changed which record, and the customer whose order it was, if any. A provider's staff
 * are staff rows too (role provider) and are recorded as the actor; customers never are.
 */
export async function auditStaffAction(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  principal: Principal,
  entry: { resource: string; resourceId: string; customerId?: string | null },
): Promise<void> {
  if (principal.kind !== 'staff' && principal.kind !== 'provider') return;
  await deps.db.insert(auditLog).values({
    id: deps.ids.uuid(),
    tenantId: principal.tenantId,
    actorStaffId: principal.via === 'session' ? principal.userId : null,
    actorApiKeyId:
      principal.kind === 'staff' && principal.via === 'apiKey' ? principal.apiKeyId : null,
    customerId: entry.customerId ?? null,
    action: 'change',
    resource: entry.resource,
    resourceId: entry.resourceId,
    at: deps.clock.now(),
  });
}

export async function listAudit(
  db: Db,
  tenantId: string,
  filter: { customerId?: string; limit: number },
) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, tenantId),
        ...(filter.customerId ? [eq(auditLog.customerId, filter.customerId)] : []),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit);
}
