// The two things a campaign message borrows from other modules, as small ports so that better
// implementations plug in without touching campaigns:
//
// - RecommenderPort: a design to recommend to one customer. The implementation here is honest
//   and simple: the firm's most ordered design of the product the customer last designed that
//   the published model still accepts (engine validation) and that the customer has not ordered.
//   A real recommender (issue 13, "recommendations that can be built") replaces it.
// - OfferPort: the customer's personal offer for the campaign's offer id. The offers module does
//   not exist on this branch: `noOffers` finds no offer, so `{{offer}}` renders nothing (or its
//   fallback) and a campaign cannot be saved with an offer id. The offers module wires its own
//   port with `wireOfferPort(port)` when its routes are registered.
import { designAssets, validate, type Value } from '@customerize/engine';
import { and, desc, eq, ne } from 'drizzle-orm';
import { assetPrefix, compiledVersion } from '../catalog/catalog.ts';
import { getProduct, getVersion, publishedVersions } from '../catalog/catalog.store.ts';
import { assets } from '../assets/assets.schema.ts';
import type { Db } from '../db/types.ts';
import { orders } from '../orders/orders.schema.ts';
import { designs, designVersions } from '../studio/studio.schema.ts';
import { topDesigns } from '../studio/studio.store.ts';
import type { DesignCard } from './template.ts';

export type OfferPort = {
  /** Whether the firm has this offer (a campaign may name it). */
  exists(db: Db, tenantId: string, offerId: string): Promise<boolean>;
  /** What the message says of the offer for this customer; null: nothing to offer them. */
  describe(db: Db, tenantId: string, offerId: string, customerId: string): Promise<string | null>;
};

/** No offers module wired: there are no offers, and `{{offer}}` renders nothing. */
export const noOffers: OfferPort = {
  exists: () => Promise.resolve(false),
  describe: () => Promise.resolve(null),
};

let offerPort: OfferPort = noOffers;

/** Called by the offers module at startup (its routes registration). */
export function wireOfferPort(port: OfferPort): void {
  offerPort = port;
}

export function offers(): OfferPort {
  return offerPort;
}

/** Links into the shop: absolute, and carrying the campaign for attribution (`?campaign=`). */
export type LinkContext = { publicUrl: string; tenantSlug: string; campaignId: string };

export function shopLink(ctx: LinkContext, path: string): string {
  return `${ctx.publicUrl}${path}${path.includes('?') ? '&' : '?'}campaign=${encodeURIComponent(ctx.campaignId)}`;
}

type Picturing = {
  productId: string;
  versionId: string;
  choices: Record<string, Value>;
};

/**
 * Per send batch: loads each product, version and top-design list once, whatever the number of
 * recipients that need them.
 */
export class DesignCatalog {
  readonly #db: Db;
  readonly #tenantId: string;
  readonly #products = new Map<string, Promise<Awaited<ReturnType<typeof getProduct>>>>();
  readonly #versions = new Map<string, Promise<Awaited<ReturnType<typeof getVersion>>>>();
  readonly #hero = new Map<string, Promise<boolean>>();
  readonly #top = new Map<string, Promise<{ choices: Record<string, Value> }[]>>();

  constructor(db: Db, tenantId: string) {
    this.#db = db;
    this.#tenantId = tenantId;
  }

  product(id: string) {
    let p = this.#products.get(id);
    if (!p) this.#products.set(id, (p = getProduct(this.#db, this.#tenantId, id)));
    return p;
  }

  version(id: string) {
    let v = this.#versions.get(id);
    if (!v) this.#versions.set(id, (v = getVersion(this.#db, this.#tenantId, id)));
    return v;
  }

  hasAsset(key: string) {
    let h = this.#hero.get(key);
    if (!h) {
      h = this.#db
        .select({ id: assets.id })
        .from(assets)
        .where(and(eq(assets.tenantId, this.#tenantId), eq(assets.key, key)))
        .limit(1)
        .then((rows) => rows.length > 0);
      this.#hero.set(key, h);
    }
    return h;
  }

  /** The most ordered designs of the product that its published version accepts, best first. */
  buildableTop(productId: string) {
    let t = this.#top.get(productId);
    if (!t) {
      t = (async () => {
        const [published] = await publishedVersions(this.#db, this.#tenantId, [productId]);
        if (!published) return [];
        const compiled = await compiledVersion(this.#db, this.#tenantId, published.id);
        const top = await topDesigns(this.#db, this.#tenantId, productId, 1, 20);
        return top
          .filter((d) => validate(compiled, d.choices).valid)
          .map((d) => ({ choices: d.choices, versionId: published.id }));
      })();
      this.#top.set(productId, t);
    }
    return t as Promise<{ choices: Record<string, Value>; versionId: string }[]>;
  }

  /** Absolute URLs of a design's picture: the product's base image, then its options' layers. */
  async layers(ctx: LinkContext, d: Picturing): Promise<string[]> {
    const product = await this.product(d.productId);
    const version = await this.version(d.versionId);
    if (!product || !version) return [];
    const base = `${ctx.publicUrl}/api/v1/shop/${encodeURIComponent(ctx.tenantSlug)}/assets/${assetPrefix(product)}`;
    const hero = (await this.hasAsset(`${assetPrefix(product)}base`)) ? [`${base}base`] : [];
    return [
      ...hero,
      ...designAssets(version.model, d.choices).map((k) => `${base}${encodeURIComponent(k)}`),
    ];
  }
}

/** The design the customer saved last (any product), as a message shows it. */
export async function lastDesignOf(
  db: Db,
  catalog: DesignCatalog,
  ctx: LinkContext,
  tenantId: string,
  customerId: string,
): Promise<(DesignCard & { productId: string }) | null> {
  const rows = await db
    .select({
      id: designs.id,
      name: designs.name,
      productId: designs.productId,
      versionId: designVersions.productVersionId,
      choices: designVersions.choices,
    })
    .from(designs)
    .innerJoin(
      designVersions,
      and(
        eq(designVersions.tenantId, designs.tenantId),
        eq(designVersions.designId, designs.id),
        eq(designVersions.number, designs.currentVersion),
      ),
    )
    .where(and(eq(designs.tenantId, tenantId), eq(designs.customerId, customerId)))
    .orderBy(desc(designs.updatedAt), desc(designs.id))
    .limit(1);
  const d = rows[0];
  if (!d) return null;
  return {
    name: d.name,
    link: shopLink(ctx, `/designs/${encodeURIComponent(d.id)}`),
    layers: await catalog.layers(ctx, d),
    productId: d.productId,
  };
}

export type RecommenderPort = (
  db: Db,
  catalog: DesignCatalog,
  ctx: LinkContext,
  tenantId: string,
  customer: { id: string; lastDesignProductId: string | null },
) => Promise<DesignCard | null>;

/**
 * The firm's most ordered buildable design of the product the customer last designed, that they
 * have not ordered themselves. Null when they designed nothing or there is none.
 */
export const mostOrderedBuildable: RecommenderPort = async (
  db,
  catalog,
  ctx,
  tenantId,
  customer,
) => {
  if (!customer.lastDesignProductId) return null;
  const productId = customer.lastDesignProductId;
  const candidates = await catalog.buildableTop(productId);
  if (candidates.length === 0) return null;
  const theirs = await db
    .select({ choices: orders.choices })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.customerId, customer.id),
        eq(orders.productId, productId),
        ne(orders.status, 'cancelled'),
      ),
    );
  const ordered = new Set(theirs.map((o) => canonical(o.choices)));
  const pick = candidates.find((c) => !ordered.has(canonical(c.choices)));
  if (!pick) return null;
  const product = await catalog.product(productId);
  if (!product) return null;
  return {
    name: `${product.name}, as our customers order it most`,
    link: shopLink(ctx, `/p/${encodeURIComponent(product.slug)}`),
    layers: await catalog.layers(ctx, {
      productId,
      versionId: pick.versionId,
      choices: pick.choices,
    }),
  };
};

function canonical(choices: Record<string, Value>): string {
  return JSON.stringify(
    Object.keys(choices)
      .sort()
      .map((k) => [k, choices[k]]),
  );
}
