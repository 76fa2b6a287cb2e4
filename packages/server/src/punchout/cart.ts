// The punch-out cart: the buyer's saved designs with quantities, priced by the server now (the
// buyer's browser only says which designs and how many) with the buyer's company contract, as a
// multi-line quote prices them, each line carrying a signed reference to the design version so a
// later OrderRequest can name it.
import { getVersionSummary } from '../catalog/catalog.store.ts';
import { approvedDesignsOf } from '../contracts/buyer-contract.ts';
import { contractPriceFor } from '../contracts/contracts.ts';
import { lineSubjects } from '../contracts/line-orders.ts';
import { quoteLines, type LineRequest, type QuotedLine } from '../contracts/quote-lines.ts';
import type { AppDeps } from '../deps.ts';
import { ValidationFailed } from '../http/errors.ts';
import { getDesign, listDesignVersions, type DesignVersion } from '../studio/studio.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { buyerOf } from './punchout.ts';
import type { CartItem } from './cxml.ts';
import { signDesignRef } from './design-ref.ts';
import type { PunchoutCredential, PunchoutSession } from './punchout.store.ts';

export const MAX_CART_QUANTITY = 999;
export const MAX_CART_LINES = 50;

export type CartLine = { designId: string; quantity: number };

/**
 * What one unit of a quoted line costs: contract pricing prices each unit and multiplies
 * (contract-pricing.ts), so the line's total is exactly this × its quantity. A contract that
 * would pay the buyer (the `floor` line) makes the unit free, as it makes the line.
 */
export function unitPriceOf(line: QuotedLine): number {
  const unit = Math.max(
    0,
    line.lines.reduce((s, l) => s + l.unitAmount, 0),
  );
  if (unit * line.quantity !== line.total)
    throw new Error(`contract line total ${line.total} is not ${line.quantity} × ${unit}`);
  return unit;
}

export async function pricedCart(
  deps: Pick<AppDeps, 'db' | 'clock' | 'compute'>,
  tenant: Tenant,
  credential: PunchoutCredential,
  session: PunchoutSession,
  lines: CartLine[],
): Promise<CartItem[]> {
  const { db } = deps;
  const found: { line: CartLine; name: string; version: DesignVersion }[] = [];
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
    found.push({ line, name: design.name, version });
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
  const requests: LineRequest[] = found.map((f) => ({
    versionId: f.version.productVersionId,
    choices: f.version.choices,
    personalization: f.version.personalization,
    quantity: f.line.quantity,
  }));
  const buyer = await buyerOf(db, credential);
  const subjects = await inCartFields(() =>
    lineSubjects(deps, tenant.id, requests, approvedDesignsOf(db, tenant.id, buyer)),
  );
  const priceList = await contractPriceFor(db, tenant.id, buyer);
  const quote = await inCartFields(() =>
    quoteLines(db, tenant, requests, subjects, priceList, deps.clock.now()),
  );
  quote.lines.forEach((q, i) => {
    if (!q.valid)
      errors.push({
        field: `lines[${i}].designId`,
        message: 'this design cannot be built as it is',
      });
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  return quote.lines.map((q, i) => {
    const f = found[i]!;
    return {
      quantity: q.quantity,
      supplierPartId: signDesignRef(credential.secretHash, tenant.id, {
        designId: f.line.designId,
        version: f.version.number,
      }),
      supplierPartAuxiliaryId: q.versionId,
      unitPrice: unitPriceOf(q),
      currency: q.currency,
      description: `${f.name} (${subjects[i]!.compiled.model.name})`,
      leadTimeDays: q.leadTimeDays,
    };
  });
}

/** The multi-line quote names `lines.<i>.<field>`; the cart form's fields are `lines[<i>].<field>`. */
async function inCartFields<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ValidationFailed)
      throw new ValidationFailed(
        e.errors.map((x) => ({ ...x, field: x.field.replace(/^lines\.(\d+)\./, 'lines[$1].') })),
      );
    throw e;
  }
}
