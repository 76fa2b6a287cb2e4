// A buildable design of one of the firm's published products (its first preset completed at the
// lowest price, as the demo seeder does), and orders placed through the orders module.
import { and, asc, eq } from 'drizzle-orm';
import { createSession, validate, type Value } from '@customerize/engine';
import { compiledVersion } from '../../src/catalog/catalog.ts';
import { getVersionSummary } from '../../src/catalog/catalog.store.ts';
import { designContractFor } from '../../src/contracts/buyer-contract.ts';
import { products, productVersions } from '../../src/catalog/catalog.schema.ts';
import { sha256 } from '../../src/auth/tokens.ts';
import { placeOrder } from '../../src/orders/place-order.ts';
import { enterDemoMeasurements } from '../../src/seed/demo-catalog.ts';
import { quoteDesign } from '../../src/studio/quote.ts';
import { getTenant } from '../../src/tenants/tenants.store.ts';
import type { Firm, TestApp } from './app.ts';

export type BuildableDesign = {
  versionId: string;
  choices: Record<string, Value>;
  /** Another valid design differing in one feature (for a revision). */
  alternative: Record<string, Value>;
};

/**
 * The first product (in the order published, or the one named) with two valid designs. Ordered,
 * so PGlite and PostgreSQL pick the same product.
 */
export async function buildableDesign(
  t: TestApp,
  firm: Firm,
  options: { productSlug?: string } = {},
): Promise<BuildableDesign> {
  const rows = await t.db
    .select({ version: productVersions, slug: products.slug })
    .from(productVersions)
    .innerJoin(
      products,
      and(
        eq(products.tenantId, productVersions.tenantId),
        eq(products.id, productVersions.productId),
      ),
    )
    .where(
      and(
        eq(productVersions.tenantId, firm.tenant.id),
        eq(productVersions.status, 'published'),
        ...(options.productSlug ? [eq(products.slug, options.productSlug)] : []),
      ),
    )
    .orderBy(asc(productVersions.createdAt), asc(productVersions.id));
  const published = rows.map((r) => r.version);
  for (const version of published) {
    const compiled = await compiledVersion(t.db, firm.tenant.id, version.id);
    const preset = compiled.model.presets?.[0];
    const session = createSession(compiled);
    for (const [f, v] of Object.entries(preset?.choices ?? {})) session.select(f, v);
    enterDemoMeasurements(session);
    const cheap = session.optimize({ sense: 'min', weights: { price: 1 } });
    if (!cheap) continue;
    const tenant = (await getTenant(t.db, firm.tenant.id))!;
    const q = await quoteDesign(t.db, tenant, compiled, cheap, {}, t.clock.now());
    if (!q.valid) continue;
    for (const [feature, index] of compiled.ir.featureIndex) {
      for (const value of compiled.ir.features[index]!.values) {
        if (value === cheap[feature]) continue;
        const alternative = { ...cheap, [feature]: value };
        if (validate(compiled, alternative).violations.length === 0) {
          return { versionId: version.id, choices: cheap, alternative };
        }
      }
    }
  }
  throw new Error('the demo catalog has no product with two valid designs');
}

export async function placeTestOrder(
  t: TestApp,
  firm: Firm,
  design: { versionId: string; choices: Record<string, Value> },
  who: { customerId: string | null; email: string },
) {
  const tenant = (await getTenant(t.db, firm.tenant.id))!;
  const compiled = await compiledVersion(t.db, tenant.id, design.versionId);
  // What the customer sees: a company member's contract price (contracts/buyer-contract.ts).
  const productId = (await getVersionSummary(t.db, tenant.id, design.versionId))!.productId;
  const contract = await designContractFor(
    t.db,
    tenant.id,
    who.customerId,
    productId,
    compiled,
    design.choices,
  );
  const quote = await quoteDesign(t.db, tenant, compiled, design.choices, {}, t.clock.now(), {
    contract,
  });
  return placeOrder(t.db, { clock: t.clock, ids: t.ids }, tenant, {
    versionId: design.versionId,
    choices: design.choices,
    personalization: {},
    designId: null,
    email: who.email,
    customerId: who.customerId,
    expected: { total: quote.total, currency: quote.currency, promisedDate: quote.promisedDate },
    tokenHash: sha256(t.ids.uuid()),
    by: { kind: who.customerId ? 'customer' : 'guest', id: who.customerId, label: who.email },
  });
}
