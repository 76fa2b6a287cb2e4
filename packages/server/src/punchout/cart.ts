// The punch-out cart: the buyer's saved designs with quantities, priced by the server now (the
// buyer's browser only says which designs and how many), each line carrying a signed reference
// to the design version so a later OrderRequest can name it.
import { compiledVersion } from '../catalog/catalog.ts';
import { getVersionSummary } from '../catalog/catalog.store.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { ValidationFailed } from '../http/errors.ts';
import { getDesign, listDesignVersions } from '../studio/studio.store.ts';
import { quoteDesign } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import type { CartItem } from './cxml.ts';
import { signDesignRef } from './design-ref.ts';
import type { PunchoutCredential, PunchoutSession } from './punchout.store.ts';

export const MAX_CART_QUANTITY = 999;
export const MAX_CART_LINES = 50;

export type CartLine = { designId: string; quantity: number };

export async function pricedCart(
  db: Db,
  clock: Clock,
  tenant: Tenant,
  credential: PunchoutCredential,
  session: PunchoutSession,
  lines: CartLine[],
): Promise<CartItem[]> {
  const items: CartItem[] = [];
  const errors: { field: string; message: string }[] = [];
  for (const [i, line] of lines.entries()) {
    const field = `lines[${i}].designId`;
    const design = await getDesign(db, tenant.id, line.designId);
    // Only the punch-out buyer's own designs: another customer's design is not found.
    if (!design || design.customerId !== session.customerId) {
      errors.push({ field, message: 'no such design of yours' });
      continue;
    }
    const version = (await listDesignVersions(db, tenant.id, design.id)).find(
      (v) => v.number === design.currentVersion,
    );
    const summary = version && (await getVersionSummary(db, tenant.id, version.productVersionId));
    if (!version || !summary || summary.status !== 'published') {
      errors.push({ field, message: 'made with a product version that is no longer offered' });
      continue;
    }
    const compiled = await compiledVersion(db, tenant.id, version.productVersionId);
    const quote = await quoteDesign(
      db,
      tenant,
      compiled,
      version.choices,
      version.personalization,
      clock.now(),
    );
    if (!quote.valid) {
      errors.push({ field, message: 'this design cannot be built as it is' });
      continue;
    }
    items.push({
      quantity: line.quantity,
      supplierPartId: signDesignRef(credential.secretHash, tenant.id, {
        designId: design.id,
        version: version.number,
      }),
      supplierPartAuxiliaryId: version.productVersionId,
      unitPrice: quote.total,
      currency: quote.currency,
      description: `${design.name} (${compiled.model.name})`,
      leadTimeDays: quote.leadTimeDays,
    });
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
  const currencies = new Set(items.map((i) => i.currency));
  if (currencies.size > 1)
    throw new ValidationFailed([
      { field: 'lines', message: 'one cart holds designs of one currency' },
    ]);
  return items;
}
