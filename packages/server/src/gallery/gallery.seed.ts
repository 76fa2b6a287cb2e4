// The demo gallery: a demo customer (no password: a fixture, not an account anyone signs in to)
// who gave the co-creation consent and published a design of the first demo product (its first
// preset completed at the lowest price, as the catalog's demo order), with one comment, adopted
// as a community pick without a reward. So the gallery, the studio's community picks and the
// console's gallery page have something to show, in every firm the demo seeders make.
import { createSession } from '@customerize/engine';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import { publishedVersions } from '../catalog/catalog.store.ts';
import { consentRecords } from '../privacy/privacy.schema.ts';
import { enterDemoMeasurements } from '../seed/demo-catalog.ts';
import type { DemoSeedContext } from '../seed/demo.ts';
import { quoteDesign } from '../studio/quote.ts';
import { withoutCustomerInput } from '../studio/studio.ts';
import { insertDesign, insertDesignVersion } from '../studio/studio.store.ts';
import { insertCustomer } from '../users/users.store.ts';
import { insertComment, insertPublication } from './gallery.store.ts';
import { GALLERY_PURPOSE } from './gallery.ts';

export async function seedDemoGallery(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const now = clock.now();
  const versions = (await publishedVersions(db, tenant.id)).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  const version = versions[0];
  if (!version) return;
  const compiled = await compiledVersion(db, tenant.id, version.id);
  const session = createSession(compiled);
  for (const [f, v] of Object.entries(compiled.model.presets?.[0]?.choices ?? {}))
    session.select(f, v);
  enterDemoMeasurements(session);
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  if (!choices) return;
  const quote = await quoteDesign(db, tenant, compiled, choices, {}, now);
  if (!quote.valid) return;
  const creator = await insertCustomer(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    email: `gallery.creator@${tenant.slug}.customerize.dev`,
    name: 'Demo Gallery Creator',
    passwordHash: null,
    businessAccountId: null,
    businessRole: null,
    now,
  });
  await db.insert(consentRecords).values({
    id: ids.uuid(),
    tenantId: tenant.id,
    customerId: creator.id,
    purpose: GALLERY_PURPOSE,
    action: 'given',
    screen: 'demo seed',
    noticeVersion: 1,
    at: now,
  });
  const design = await insertDesign(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    productId: version.productId,
    customerId: creator.id,
    email: creator.email,
    name: 'My everyday one',
    tokenHash: sha256(randomToken()),
    currentVersion: 1,
    createdAt: now,
  });
  await insertDesignVersion(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    designId: design.id,
    number: 1,
    productVersionId: version.id,
    choices,
    personalization: {},
    note: null,
    quote: {
      total: quote.total,
      currency: quote.currency,
      promisedDate: quote.promisedDate,
      valid: quote.valid,
    },
    createdAt: now,
  });
  const publication = await insertPublication(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    customerId: creator.id,
    designId: design.id,
    productId: version.productId,
    productVersionId: version.id,
    choices: withoutCustomerInput(version.model, choices),
    priceTotal: quote.total,
    currency: quote.currency,
    title: 'My everyday one',
    story: 'The simplest version that does everything I need, every day.',
    displayName: 'Demo creator',
    publishedAt: now,
    hiddenAt: null,
    adoptedAt: now,
    adoptedBy: ctx.owner?.id ?? null,
    rewardGrantId: null,
  });
  await insertComment(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    publicationId: publication.id,
    customerId: creator.id,
    displayName: 'Demo creator',
    body: 'Happy to answer questions about it.',
    createdAt: now,
    hiddenAt: null,
  });
}
