// The two things a campaign message borrows from other modules, as small ports so that better
// implementations plug in without touching campaigns:
//
// - RecommenderPort: a design to recommend to one customer. `recommendedDesign` asks the
//   recommendations module (recommendations/recommend-for.ts) for a whole design of the product
//   the customer last designed — personal only under their personalization consent, checked by
//   the engine — and falls back to `mostOrderedBuildable` (the firm's most ordered design the
//   published model still accepts and the customer has not ordered) when it has nothing.
//
// The offer a message carries comes straight from the offers module (offers/use-offer.ts
// `describeOffer`, see send.ts): no port, no module-global wiring.
import { designAssets, validate, type Value } from '@customerize/engine';
import { and, desc, eq, ne } from 'drizzle-orm';
import { assetPrefix, compiledVersion } from '../catalog/catalog.ts';
import { getProduct, getVersion, publishedVersions } from '../catalog/catalog.store.ts';
import { assets } from '../assets/assets.schema.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { recommendFor } from '../recommendations/recommend-for.ts';
import { learnHere, StatsCache, type Learner } from '../recommendations/stats-cache.ts';
import { orders } from '../orders/orders.schema.ts';
import { designs, designVersions } from '../studio/studio.schema.ts';
import { topDesigns } from '../studio/studio.store.ts';
import type { DesignCard } from './template.ts';

/** Links into the shop: absolute, and carrying the campaign for attribution (`?campaign=`). */
export type LinkContext = { publicUrl: string; tenantSlug: string; campaignId: string };

export function shopLink(ctx: LinkContext, path: string): string {
  return withCampaign(ctx, `${ctx.publicUrl}${path}`);
}

/** An absolute link of the shop with the campaign added to its query (`?campaign=` / `&campaign=`). */
export function withCampaign(ctx: Pick<LinkContext, 'campaignId'>, url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}campaign=${encodeURIComponent(ctx.campaignId)}`;
}

type Picturing = {
  productId: string;
  versionId: string;
  choices: Record<string, Value>;
};

/**
 * Per send batch: loads each product, version and top-design list once, and learns each
 * product's recommendation statistics once (`stats`), whatever the number of recipients that
 * need them.
 */
export class DesignCatalog {
  readonly #db: Db;
  readonly #tenantId: string;
  readonly #products = new Map<string, Promise<Awaited<ReturnType<typeof getProduct>>>>();
  readonly #versions = new Map<string, Promise<Awaited<ReturnType<typeof getVersion>>>>();
  readonly #hero = new Map<string, Promise<boolean>>();
  readonly #top = new Map<string, Promise<{ choices: Record<string, Value> }[]>>();
  readonly #published = new Map<string, Promise<string | null>>();
  /** Learned recommendation statistics, per product version, for this batch. */
  readonly stats: StatsCache;

  /** `learner`: where statistics are learned (the compute pool in the server). */
  constructor(db: Db, tenantId: string, clock: Clock, learner: Learner = learnHere) {
    this.#db = db;
    this.#tenantId = tenantId;
    this.stats = new StatsCache(db, clock, learner);
  }

  /** The id of the product's published version, or null. */
  publishedVersion(productId: string) {
    let p = this.#published.get(productId);
    if (!p) {
      p = publishedVersions(this.#db, this.#tenantId, [productId]).then((v) => v[0]?.id ?? null);
      this.#published.set(productId, p);
    }
    return p;
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
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
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
  { db },
  catalog,
  ctx,
  tenantId,
  customer,
) => {
  if (!customer.lastDesignProductId) return null;
  const productId = customer.lastDesignProductId;
  const candidates = await catalog.buildableTop(productId);
  if (candidates.length === 0) return null;
  const ordered = await orderedChoices(db, tenantId, customer.id, productId);
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

/** Value labels a recommended design's name lists at most. */
const NAMED_VALUES = 4;

/**
 * The recommendations module's first whole design for the product the customer last designed
 * (no current choices: completed as customers chose; weighted by their own history only under
 * their personalization consent), that they have not ordered; else `mostOrderedBuildable`.
 */
export const recommendedDesign: RecommenderPort = async (
  deps,
  catalog,
  ctx,
  tenantId,
  customer,
) => {
  if (!customer.lastDesignProductId) return null;
  const productId = customer.lastDesignProductId;
  const versionId = await catalog.publishedVersion(productId);
  const product = await catalog.product(productId);
  const version = versionId ? await catalog.version(versionId) : null;
  if (versionId && product && version) {
    const compiled = await compiledVersion(deps.db, tenantId, versionId);
    const answer = await recommendFor(deps, catalog.stats, {
      tenantId,
      customerId: customer.id,
      productId,
      versionId,
      compiled,
      facts: version.servingFacts ?? null,
      choices: {},
      limit: 1,
      designs: 3,
    });
    const ordered = await orderedChoices(deps.db, tenantId, customer.id, productId);
    const pick = answer.designs.find((d) => !ordered.has(canonical(d.choices)));
    if (pick) {
      const labels = pick.adds.map((a) => a.valueLabel);
      const named =
        labels.slice(0, NAMED_VALUES).join(', ') + (labels.length > NAMED_VALUES ? ', …' : '');
      return {
        name: `${product.name}: ${named} (${pick.reason.toLowerCase()})`,
        link: shopLink(ctx, `/p/${encodeURIComponent(product.slug)}`),
        layers: await catalog.layers(ctx, { productId, versionId, choices: pick.choices }),
      };
    }
  }
  return mostOrderedBuildable(deps, catalog, ctx, tenantId, customer);
};

async function orderedChoices(
  db: Db,
  tenantId: string,
  customerId: string,
  productId: string,
): Promise<Set<string>> {
  const theirs = await db
    .select({ choices: orders.choices })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.customerId, customerId),
        eq(orders.productId, productId),
        ne(orders.status, 'cancelled'),
      ),
    );
  return new Set(theirs.map((o) => canonical(o.choices)));
}

function canonical(choices: Record<string, Value>): string {
  return JSON.stringify(
    Object.keys(choices)
      .sort()
      .map((k) => [k, choices[k]]),
  );
}
