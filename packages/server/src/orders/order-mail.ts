// What an order confirmation email says about an order: the product, each choice with the
// labels the studio showed, the personal texts, the price and date, and the private link.
import { formatIntValue, type ProductModel, type Value } from '@customerize/engine';
import { getProduct, getVersionSummary } from '../catalog/catalog.store.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { notify } from '../notify/notify.ts';
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

/**
 * How an order placed in the shop is held: a signed-in shopper's order is firm; a guest's email is
 * unverified, so their order only holds capacity until confirmed by email (`guestOrderHoldMs`;
 * `null` turns holding off). `confirmToken` goes into the email, `hold` into the order.
 */
export function guestHold(
  deps: Pick<AppDeps, 'clock' | 'config'>,
  signedIn: boolean,
): { confirmToken: string | null; hold?: { expiresAt: Date; confirmTokenHash: string } } {
  const holdMs = deps.config.guestOrderHoldMs;
  if (signedIn || holdMs === null) return { confirmToken: null };
  const confirmToken = randomToken();
  return {
    confirmToken,
    hold: {
      expiresAt: new Date(deps.clock.now().getTime() + holdMs),
      confirmTokenHash: sha256(confirmToken),
    },
  };
}

/**
 * Tells the customer, in the order's transaction `tx`, that their order was placed: every order is
 * confirmed by email (what was ordered, price, date, its private link with `token`); a guest's held
 * order asks for the confirmation in the same email; an order waiting for a company approval was
 * already told to the buyer and the approvers by approvals/.
 */
export async function tellOrderPlaced(
  deps: Pick<AppDeps, 'clock' | 'ids' | 'config' | 'logger'>,
  tx: Db,
  order: Order,
  p: { email: string; token: string; confirmToken: string | null },
): Promise<void> {
  const summary = await orderMailSummary(
    tx,
    order,
    `${deps.config.publicUrl}/orders/${order.id}?token=${p.token}`,
  );
  const to = { ...deps, db: tx };
  if (p.confirmToken && order.holdExpiresAt)
    await notify(to, order.tenantId, {
      kind: 'order.confirm',
      email: p.email,
      order: summary,
      expiresAt: order.holdExpiresAt,
      link: `${deps.config.publicUrl}/orders/${order.id}?confirm=${p.confirmToken}`,
    });
  else if (order.status !== 'awaiting_approval')
    await notify(to, order.tenantId, { kind: 'order.placed', email: p.email, order: summary });
}
