// The demo company's contract: Acme Interiors buys at 5 % off list, 32 GB laptop memory at a
// fixed price, and more off from 10 and 50 units. Laptops are ordered at most 500 to a line.
import type { DemoSeedContext } from '../seed/demo.ts';
import { listBusinessAccounts } from '../users/users.store.ts';
import { findProductBySlug } from '../catalog/catalog.store.ts';
import { insertPriceList, insertQuantityRule } from './contracts.store.ts';

export async function seedDemoContracts(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const company = (await listBusinessAccounts(db, tenant.id))[0];
  if (!company) return;
  const now = clock.now();
  await insertPriceList(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    companyId: company.id,
    locationId: null,
    name: `${company.name} contract`,
    currency: 'EUR',
    terms: {
      percentOffBp: 500,
      optionPrices: { 'ram=gb32': 9_000 },
      designPrices: {},
      tiers: [
        { minQuantity: 10, percentOffBp: 500 },
        { minQuantity: 50, percentOffBp: 800 },
      ],
    },
    createdAt: now,
    updatedAt: now,
  });
  const laptop = await findProductBySlug(db, tenant.id, 'laptop');
  if (laptop)
    await insertQuantityRule(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      productId: laptop.id,
      approvedConfigurationId: null,
      minQuantity: 1,
      maxQuantity: 500,
      increment: 1,
      createdAt: now,
      updatedAt: now,
    });
}
