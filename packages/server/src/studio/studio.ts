// Studio rules over plain data: popularity without revealing anyone, design views.
import type { ProductModel, Value } from '@customerize/engine';
import type { Design, DesignVersion } from './studio.store.ts';

/** "Chosen by N% of customers" appears only with at least this many orders behind it. */
export const POPULARITY_MIN_ORDERS = 20;
/** A most-ordered design is shown only when this many orders share it (never one person's). */
export const TOP_DESIGN_MIN_ORDERS = 5;

/** Percent (integer) of orders choosing each value, per feature; empty below the threshold. */
export function popularity(
  totalOrders: number,
  counts: { feature: string; value: string; orders: number }[],
): Record<string, Record<string, number>> {
  if (totalOrders < POPULARITY_MIN_ORDERS) return {};
  const out: Record<string, Record<string, number>> = {};
  for (const c of counts) {
    (out[c.feature] ??= {})[c.value] = Math.round((100 * c.orders) / totalOrders);
  }
  return out;
}

/**
 * A most-ordered design as a starting point for someone else: without the customer-input
 * features (one customer's height or prescription is never another's start, nor invented).
 */
export function startingPoint(
  model: ProductModel,
  design: { choices: Record<string, Value>; orders: number },
): { choices: Record<string, Value>; orders: number } {
  return { choices: withoutCustomerInput(model, design.choices), orders: design.orders };
}

/** The choices without the customer-input features (someone's measurements, prescription). */
export function withoutCustomerInput(
  model: ProductModel,
  choices: Record<string, Value>,
): Record<string, Value> {
  const own = new Set(model.features.filter((f) => f.customerInput).map((f) => f.id));
  return Object.fromEntries(Object.entries(choices).filter(([f]) => !own.has(f)));
}

export type DesignVersionView = {
  number: number;
  versionId: string;
  choices: Record<string, Value>;
  personalization: Record<string, string>;
  createdAt: string;
  quote: DesignVersion['quote'];
  note?: string;
};

export function designVersionView(v: DesignVersion): DesignVersionView {
  return {
    number: v.number,
    versionId: v.productVersionId,
    choices: v.choices,
    personalization: v.personalization,
    createdAt: v.createdAt.toISOString(),
    quote: v.quote,
    ...(v.note ? { note: v.note } : {}),
  };
}

export function designView(
  d: Design,
  productSlug: string,
  versions: DesignVersion[],
  token: string | null,
): {
  id: string;
  name: string;
  productSlug: string;
  editUrl: string | null;
  shareUrl: string | null;
  shared: boolean;
  remixedFrom: string | null;
  currentVersion: number;
  versions: DesignVersionView[];
} {
  const editUrl = token ? `/designs/${d.id}?token=${encodeURIComponent(token)}` : null;
  return {
    id: d.id,
    name: d.name,
    productSlug,
    editUrl,
    // Deprecated alias of editUrl (the private link), kept for older clients; the read-only
    // link is made by POST …/designs/:id/share and shown once (only its hash is stored).
    shareUrl: editUrl,
    shared: d.shareTokenHash !== null,
    remixedFrom: d.remixedFrom,
    currentVersion: d.currentVersion,
    versions: versions.map(designVersionView),
  };
}

/** The web address of a design's read-only share link. */
export function sharedDesignUrl(designId: string, shareToken: string): string {
  return `/shared/${designId}?share=${encodeURIComponent(shareToken)}`;
}

export type SharedDesignVersionView = Omit<DesignVersionView, 'personalization' | 'note'>;

/**
 * What a visitor with the read-only share link sees: the design and its versions (to view and
 * compare) and nothing of the owner: no email, no customer, no links, no personal text
 * (personalization) and no notes.
 */
export function sharedDesignView(
  d: Design,
  productSlug: string,
  versions: DesignVersion[],
): {
  id: string;
  name: string;
  productSlug: string;
  currentVersion: number;
  versions: SharedDesignVersionView[];
} {
  return {
    id: d.id,
    name: d.name,
    productSlug,
    currentVersion: d.currentVersion,
    versions: versions.map((v) => ({
      number: v.number,
      versionId: v.productVersionId,
      choices: v.choices,
      createdAt: v.createdAt.toISOString(),
      quote: v.quote,
    })),
  };
}
