// The demo firm's stock: the city bike is assembled to order (its postponement point is the
// assembly center) from modules built ahead — frames in aluminium and steel, black and white
// powder, and the bought parts. Carbon frames and the weekly-sprayed colours are not stocked,
// so those designs are made to order and the studio shows both kinds of date.
import type { BomLine } from '@customerize/engine';
import { findProductBySlug, publishedVersions } from '../catalog/catalog.store.ts';
import { productVersions } from '../catalog/catalog.schema.ts';
import type { DemoSeedContext } from '../seed/demo.ts';
import { and, eq } from 'drizzle-orm';
import { changeOnHand, insertStockItem, setPostponement } from './stock.store.ts';

const NOT_STOCKED = new Set(['FRM-CARBON-CITY', 'PWD-SAGE', 'PWD-RED', 'PWD-NAVY', 'CLR-COAT']);
/** Modules built ahead in the frame shop (replenishment suggests builds of these). */
const GENERIC = new Set(['TUB-AL6061-SET', 'TUB-CRMO-SET']);

export async function seedDemoStock(ctx: DemoSeedContext): Promise<void> {
  const { db, tenant, clock, ids } = ctx;
  const product = await findProductBySlug(db, tenant.id, 'city-bike');
  if (!product) return;
  const [version] = await publishedVersions(db, tenant.id, [product.id]);
  if (!version) return;
  const rows = await db
    .select({ model: productVersions.model })
    .from(productVersions)
    .where(and(eq(productVersions.tenantId, tenant.id), eq(productVersions.id, version.id)));
  const model = rows[0]?.model;
  if (!model) return;
  const lines = new Map<string, BomLine>();
  const add = (bom: BomLine[] | undefined) => {
    for (const b of bom ?? [])
      if (!lines.has(`${b.sku}|${b.unit ?? ''}`)) lines.set(`${b.sku}|${b.unit ?? ''}`, b);
  };
  add(model.base?.bom);
  for (const f of model.features) {
    const feature = f as { options?: { bom?: BomLine[] }[]; bom?: BomLine[] };
    add(feature.bom);
    for (const o of feature.options ?? []) add(o.bom);
  }
  const now = clock.now();
  const by = { label: 'demo stock count', at: now };
  for (const b of lines.values()) {
    if (NOT_STOCKED.has(b.sku)) continue;
    const generic = GENERIC.has(b.sku);
    const id = ids.uuid();
    await insertStockItem(db, {
      id,
      tenantId: tenant.id,
      sku: b.sku,
      unit: b.unit ?? '',
      description: b.description ?? '',
      providerId: null,
      generic,
      reorderPoint: generic ? 2 : 5,
      leadTimeDays: generic ? 7 : 14,
      now,
    });
    await changeOnHand(db, ids, tenant.id, id, 'receipt', generic ? 6 : 20, 'opening stock', by);
  }
  await setPostponement(db, tenant.id, product.id, ['assembly'], now);
}
