// What an order confirmation email says about an order: the product, each choice with the
// labels the studio showed, the personal texts, the price and date, and the private link.
import { formatIntValue, type ProductModel, type Value } from '@customerize/engine';
import { getProduct, getVersionSummary } from '../catalog/catalog.store.ts';
import type { Db } from '../db/types.ts';
import type { OrderMailSummary } from '../notify/notify.ts';
import type { Order } from './orders.store.ts';

/** The chosen options as "Feature: Option" rows, in the model's order, then personal texts. */
export function chosenItems(
  model: Pick<ProductModel, 'features' | 'personalization'>,
  choices: Record<string, Value>,
  personalization: Record<string, string>,
): { label: string; value: string }[] {
  const items: { label: string; value: string }[] = [];
  for (const feature of model.features) {
    const value = choices[feature.id];
    if (value === undefined) continue;
    let shown: string;
    if (feature.type === 'enum') {
      shown = feature.options.find((o) => o.id === value)?.label ?? String(value);
    } else if (feature.type === 'bool') {
      shown =
        (value ? feature.whenTrue?.label : feature.whenFalse?.label) ?? (value ? 'Yes' : 'No');
    } else {
      shown = typeof value === 'number' ? formatIntValue(feature, value) : String(value);
    }
    items.push({ label: feature.label ?? feature.id, value: shown });
  }
  for (const field of model.personalization ?? []) {
    const text = personalization[field.id];
    if (text) items.push({ label: field.label ?? field.id, value: text });
  }
  return items;
}

/** The confirmation of `order`; `link` is its private page (with the order token). */
export async function orderMailSummary(
  db: Db,
  order: Order,
  link: string,
): Promise<OrderMailSummary> {
  const product = await getProduct(db, order.tenantId, order.productId);
  const version = await getVersionSummary(db, order.tenantId, order.productVersionId);
  const model = version?.model as ProductModel | undefined;
  return {
    orderNumber: String(order.number),
    productName: product?.name ?? model?.name ?? 'your product',
    items: model ? chosenItems(model, order.choices, order.personalization) : [],
    total: order.total,
    currency: order.currency,
    promisedDate: order.promisedDate,
    link,
  };
}
