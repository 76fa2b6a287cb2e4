// What a signed-in customer sees of their own designs and orders (GET /account/designs and
// /account/orders): plain views, ISO dates, links to the pages that open them without a token.
import type { Product } from '../catalog/catalog.store.ts';
import type { Order, OrderEvent } from '../orders/orders.store.ts';
import type { Design, DesignVersion } from '../studio/studio.store.ts';

function productRef(id: string, product: Product | null) {
  return { id, slug: product?.slug ?? '', name: product?.name ?? '' };
}

export function accountDesignView(d: Design, product: Product | null, versions: DesignVersion[]) {
  return {
    id: d.id,
    name: d.name,
    product: productRef(d.productId, product),
    currentVersion: d.currentVersion,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    url: `/designs/${d.id}`,
    versions: versions.map((v) => ({
      number: v.number,
      savedAt: v.createdAt.toISOString(),
      total: v.quote.total,
      currency: v.quote.currency,
      promisedDate: v.quote.promisedDate,
      valid: v.quote.valid,
      note: v.note,
      choices: v.choices,
    })),
  };
}

export function accountOrderView(o: Order, product: Product | null, events: OrderEvent[]) {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    createdAt: o.createdAt.toISOString(),
    product: productRef(o.productId, product),
    designId: o.designId,
    total: o.total,
    currency: o.currency,
    promisedDate: o.promisedDate,
    url: `/orders/${o.id}`,
    timeline: events.map((e) => ({
      status: e.toStatus,
      at: e.at.toISOString(),
      by: e.byLabel,
      note: e.note,
    })),
  };
}
