// The demo company's punch-out credentials (Acme's procurement system, signing in as Acme's
// buyer). Their secret is not kept: an owner gives the company new credentials in the console
// to get one (it is shown once).
import { and, eq } from 'drizzle-orm';
import type { DemoSeeder } from '../seed/demo.ts';
import { customers } from '../users/users.schema.ts';
import { newSharedSecret } from './punchout.ts';
import { insertCredential } from './punchout.store.ts';

export const seedDemoPunchout: DemoSeeder = async ({ db, clock, ids, tenant }) => {
  const [buyer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.businessRole, 'buyer')))
    .limit(1);
  if (!buyer?.businessAccountId) return;
  await insertCredential(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    businessAccountId: buyer.businessAccountId,
    customerId: buyer.id,
    domain: 'NetworkID',
    identity: 'acme-procurement',
    secretHash: newSharedSecret().secretHash,
    createdAt: clock.now(),
  });
};
