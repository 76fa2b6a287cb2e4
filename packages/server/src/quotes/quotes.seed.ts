// The demo's quote: sales quoted Acme ten of its standard engineer laptop at the contract price,
// valid for the firm's default days. Runs after the company portal and the contracts.
import { and, eq } from 'drizzle-orm';
import { compiledVersion } from '../catalog/catalog.ts';
import { findProductBySlug, publishedVersions } from '../catalog/catalog.store.ts';
import { DEMO_FIXED } from '../companies/companies.seed.ts';
import { listQuantityRules } from '../contracts/contracts.store.ts';
import { ruleFor } from '../contracts/quantity-rules.ts';
import type { DemoSeedContext } from '../seed/demo.ts';
import { businessAccounts } from '../users/users.schema.ts';
import { dateInZone } from '../capacity/capacity.ts';
import { priceQuote } from './quote-pricing.ts';
import { insertQuote } from './quotes.store.ts';
import { addDays } from './quotes.ts';

export async function seedDemoQuotes(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant, owner } = ctx;
  const [acme] = await db
    .select()
    .from(businessAccounts)
    .where(
      and(eq(businessAccounts.tenantId, tenant.id), eq(businessAccounts.name, 'Acme Interiors')),
    );
  const laptop = await findProductBySlug(db, tenant.id, 'laptop');
  const [version] = laptop ? await publishedVersions(db, tenant.id, [laptop.id]) : [];
  if (!acme || !laptop || !version) return;
  const compiled = await compiledVersion(db, tenant.id, version.id);
  const rules = await listQuantityRules(db, tenant.id);
  const priced = await priceQuote(
    {
      db,
      clock,
      subjectsOf: (requests) =>
        Promise.resolve(
          requests.map(() => ({
            compiled,
            productId: laptop.id,
            approvedConfigurationId: null,
            rule: ruleFor(rules, laptop.id, null),
          })),
        ),
    },
    tenant,
    {
      companyId: acme.id,
      customerId: null,
      lines: [
        {
          versionId: version.id,
          choices: DEMO_FIXED.fixed,
          personalization: {},
          quantity: 10,
          discountBp: 0,
        },
      ],
      quoteNumber: '',
    },
  );
  const now = clock.now();
  await insertQuote(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    companyId: acme.id,
    customerId: null,
    status: 'open',
    validUntil: addDays(dateInZone(now, tenant.settings.timezone), priced.settings.validityDays),
    paymentTerms: 'Net 30',
    notes: 'Ten standard engineer laptops for the new office.',
    currency: priced.currency,
    priceListId: priced.priceListId,
    priceListName: priced.priceListName,
    lines: priced.lines,
    listTotal: priced.listTotal,
    total: priced.total,
    costTotal: priced.costTotal,
    minMarginBp: priced.settings.minMarginBp,
    approval: priced.approval,
    revision: 1,
    createdByKind: 'staff',
    createdById: owner?.id ?? null,
    createdByLabel: owner ? `${owner.name} (owner)` : 'staff',
    createdAt: now,
    updatedAt: now,
  });
}
