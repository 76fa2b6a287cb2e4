// The customer side: the storefront, published products with their compiled models, live
// quotes, and saved designs (every save a version; guests hold a secret token).
import { approvedRestrictionsFor, assertInApprovedSpace } from '../companies/approved-space.ts';
import { Type } from 'typebox';
import { latestProfileWhere, recordProfile } from '../privacy/profiling.ts';
import { randomToken, sameSecret, sha256 } from '../auth/tokens.ts';
import { assetPrefix, compiledVersion, servingFactsOf } from '../catalog/catalog.ts';
import {
  findProductBySlug,
  getCompiledBytes,
  getProduct,
  getVersionSummary,
  listProducts,
  publishedVersions,
  type Product,
} from '../catalog/catalog.store.ts';
import { assetExists } from '../assets/assets.store.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { Forbidden, HttpProblem, NotFound, Unauthorized, VersionConflict } from '../http/errors.ts';
import { Body, NoContent, responses, Uuid } from '../http/schemas.ts';
import { Choices, ExtendedProblem, Personalization } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { mayUseReservedCapacity } from '../service-levels/service-for.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { findTenantBySlug } from '../tenants/tenants.store.ts';
import { notify } from '../notify/notify.ts';
import { answerOnce } from '../http/idempotency.ts';
import { publicQuote, quoteDesign, withReward } from './quote.ts';
import { availableDiscount } from '../privacy/rewards.ts';
import { OfferIdField } from '../offers/offers.routes.ts';
import { withOffer } from '../offers/offers.ts';
import { optionLabel, usableOffer } from '../offers/use-offer.ts';
import {
  designView,
  popularity,
  startingPoint,
  withoutCustomerInput,
  sharedDesignUrl,
  sharedDesignView,
  TOP_DESIGN_MIN_ORDERS,
} from './studio.ts';
import {
  countProductOrders,
  getDesign,
  getDesignForUpdate,
  insertDesign,
  claimCommentMail,
  insertDesignComment,
  insertDesignVersion,
  listDesignComments,
  deleteDesignComment,
  lastDesignVersionNumber,
  listDesignVersions,
  setDesignShareTokenHash,
  topDesigns,
  valueCounts,
  type Design,
} from './studio.store.ts';
import type { FastifyRequest } from 'fastify';
import { designContractFor } from '../contracts/buyer-contract.ts';
import type { Db } from '../db/types.ts';
import { designAssets, withoutModel, type Value } from '@customerize/engine';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

/** Where the browser downloads a version's compact compiled model (immutable per version). */
const gzipAsync = promisify(gzipCallback);

export function compiledUrl(tenant: { slug: string }, versionId: string): string {
  return `/api/v1/shop/${encodeURIComponent(tenant.slug)}/product-versions/${versionId}/compiled`;
}

const TenantParams = Type.Object({ tenant: Type.String({ maxLength: 100 }) });
const ShopIdParams = Type.Object({ tenant: Type.String({ maxLength: 100 }), id: Uuid });
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
const QuoteSchema = Type.Object(
  {
    valid: Type.Boolean(),
    violations: Type.Array(Type.Object({ rule: Type.String(), message: Type.String() })),
    currency: Type.String(),
    lines: Type.Array(
      Type.Object({ label: Type.String(), amount: Type.Integer() }, { additionalProperties: true }),
    ),
    total: Type.Integer(),
    leadTimeDays: Type.Integer(),
    promisedDate: Type.String(),
    workCenters: Type.Array(
      Type.Object({
        center: Type.String(),
        hours: Type.Number(),
        startDate: Type.String(),
        endDate: Type.String(),
      }),
    ),
    fromStock: Type.Optional(
      Type.Union([
        Type.Object(
          {
            promisedDate: Type.String(),
            madeToOrderDate: Type.String(),
            label: Type.String({ description: 'e.g. "the stocked Aluminium tube set"' }),
            postponedSteps: Type.Array(Type.String()),
          },
          {
            description:
              'Promised from stock: every module is on hand, only the postponed steps remain',
          },
        ),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: true },
);
const DesignVersionSchema = Type.Object({
  number: Type.Integer(),
  versionId: Type.String(),
  choices: Choices,
  personalization: Personalization,
  createdAt: Type.String(),
  quote: Type.Object({
    total: Type.Integer(),
    currency: Type.String(),
    promisedDate: Type.Union([Type.String(), Type.Null()]),
    valid: Type.Boolean(),
  }),
  note: Type.Optional(Type.String()),
});
const DesignSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  productSlug: Type.String(),
  /** The private link that edits and orders the design (only for whoever holds the token). */
  editUrl: Type.Union([Type.String(), Type.Null()]),
  /** Deprecated: the same private link as editUrl; never share it. */
  shareUrl: Type.Union([Type.String(), Type.Null()]),
  /** Whether a read-only share link is active. */
  shared: Type.Boolean(),
  /** The design this one was copied from ("Make it mine"). */
  remixedFrom: Type.Union([Type.String(), Type.Null()]),
  currentVersion: Type.Integer(),
  versions: Type.Array(DesignVersionSchema),
  token: Type.Optional(Type.String()),
});
/** The read-only share token; without it (or with a wrong or revoked one) the design is 404. */
const ShareQuery = Type.Object({
  share: Type.Optional(Type.String({ maxLength: 200 })),
});
const SharedDesignSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  productSlug: Type.String(),
  currentVersion: Type.Integer(),
  versions: Type.Array(Type.Omit(DesignVersionSchema, ['personalization', 'note'])),
});
/** A comment on a shared design: who wrote it (their name) and the text, as plain text. */
const DesignCommentSchema = Type.Object({
  id: Type.String(),
  author: Type.String({ example: 'Anna Berg' }),
  body: Type.String({ example: 'The sage frame looks great with brown grips.' }),
  createdAt: Type.String({ format: 'date-time' }),
});
const DesignCommentsSchema = Type.Array(DesignCommentSchema);
const CommentBody = Body({
  body: Type.String({
    minLength: 1,
    maxLength: 2000,
    pattern: '\\S',
    example: 'The sage frame looks great with brown grips.',
  }),
});

function commentsView(rows: Awaited<ReturnType<typeof listDesignComments>>) {
  return rows.map((c) => ({
    id: c.id,
    author: c.authorName,
    body: c.body,
    createdAt: c.createdAt.toISOString(),
  }));
}

const ShareLinkSchema = Type.Object({
  shareUrl: Type.String(),
  shareToken: Type.String(),
});
const ProductCard = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: Type.String(),
  versionId: Type.String(),
  versionNumber: Type.Integer(),
  fromPrice: Type.Integer(),
  currency: Type.String(),
  heroAsset: Type.Union([Type.String(), Type.Null()]),
  /**
   * The pictured design's layers over the hero image (URLs, drawn in order): the product's
   * defaults completed at the lowest price, composed as the studio's preview composes them.
   */
  previewLayers: Type.Array(Type.String(), {
    example: ['/api/v1/shop/demo/assets/city-bike/frame-black'],
  }),
});

function assetsBase(tenant: Tenant, product: Product): string {
  return `/api/v1/shop/${tenant.slug}/assets/${assetPrefix(product)}`;
}

async function designAccess(
  db: Db,
  request: FastifyRequest,
  tenant: Tenant,
  id: string,
  token: string | undefined,
  forUpdate = false,
): Promise<Design> {
  const shopper = shopperOf(request, tenant);
  const design = forUpdate
    ? await getDesignForUpdate(db, tenant.id, id)
    : await getDesign(db, tenant.id, id);
  const allowed =
    design &&
    ((token !== undefined && sameSecret(sha256(token), design.tokenHash)) ||
      (shopper?.kind === 'customer' && design.customerId === shopper.customerId) ||
      shopper?.kind === 'staff');
  if (!allowed) throw new NotFound('design', id);
  return design;
}

/**
 * The design a read-only share token opens. It grants nothing else: the edit routes compare only
 * the private token. Unknown designs, wrong tokens and revoked links all answer 404.
 */
async function sharedDesign(
  db: Db,
  tenant: Tenant,
  id: string,
  share: string | undefined,
): Promise<Design> {
  const design = await getDesign(db, tenant.id, id);
  if (
    share === undefined ||
    !design?.shareTokenHash ||
    !sameSecret(sha256(share), design.shareTokenHash)
  )
    throw new NotFound('design', id);
  return design;
}

/** The owner is emailed about new comments on a design at most this often. */
export const COMMENT_MAIL_INTERVAL_MS = 60 * 60 * 1000;

// Shop routes compute nothing expensive per request: what they show of a product (kind,
// from-price) was computed when it was published (catalog/prove.ts) and is read from the
// version; quotes and saves only validate and price one design on an already-proven model.
export function registerStudioRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids, config } = deps;
  const shopTenant = resolveShopTenant(db);

  app.get(
    '/api/v1/storefront',
    {
      schema: {
        tags: ['shop'],
        summary: 'The firm the customer area at / serves',
        response: responses({
          200: Type.Object({
            tenant: Type.Object({ slug: Type.String(), name: Type.String() }),
            currency: Type.String(),
          }),
        }),
      },
    },
    async () => {
      const tenant = await findTenantBySlug(db, config.defaultTenant);
      if (!tenant) throw new NotFound('storefront');
      return {
        tenant: { slug: tenant.slug, name: tenant.name },
        currency: tenant.settings.currency,
      };
    },
  );

  app.get(
    '/api/v1/shop/:tenant/products',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'Published products',
        params: TenantParams,
        response: responses({ 200: Type.Array(ProductCard) }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const published = new Map(
        (await publishedVersions(db, tenant.id)).map((v) => [v.productId, v]),
      );
      const out = [];
      for (const p of await listProducts(db, tenant.id)) {
        const v = published.get(p.id);
        if (!v) continue;
        // A version published before proofs existed that cannot be proven is not offered.
        const facts = await servingFactsOf(deps, v).catch((error: unknown) => {
          if (!(error instanceof HttpProblem)) throw error;
          request.log.warn({ versionId: v.id, problem: error.slug }, 'product not servable');
          return null;
        });
        if (!facts) continue;
        const hero = `${assetPrefix(p)}base`;
        out.push({
          id: p.id,
          slug: p.slug,
          name: p.name,
          description: p.description,
          kind: facts.kind,
          versionId: v.id,
          versionNumber: v.number,
          fromPrice: facts.fromPrice,
          currency: v.model.currency,
          heroAsset: (await assetExists(db, tenant.id, hero))
            ? `/api/v1/shop/${tenant.slug}/assets/${hero}`
            : null,
          previewLayers: designAssets(v.model, facts.preview ?? facts.cheapest ?? {}).map(
            (key) => `${assetsBase(tenant, p)}${encodeURIComponent(key)}`,
          ),
        });
      }
      return out;
    },
  );

  // The compiled model a browser runs: the stored bytes without the product model in their
  // header (the product response carries the model), made once per version and process. A
  // version's compiled model never changes, so browsers and proxies may keep it for a year.
  // Entries are promises, so concurrent first requests share one build; gzip (level 9 of the
  // Renault model takes tens of ms) runs in libuv's thread pool, off the event loop.
  const compactCache = new Map<string, Promise<{ bytes: Buffer; gzipped: Buffer; etag: string }>>();
  const COMPACT_CACHE_SIZE = 32;
  const buildCompact = async (tenantId: string, versionId: string) => {
    const stored = await getCompiledBytes(db, tenantId, versionId);
    if (!stored) throw new NotFound('published product version', versionId);
    const bytes = Buffer.from(withoutModel(stored));
    const etag = `"${createHash('sha256').update(bytes).digest('hex')}"`;
    return { bytes, gzipped: await gzipAsync(bytes, { level: 9 }), etag };
  };
  app.get(
    '/api/v1/shop/:tenant/product-versions/:id/compiled',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'A published version’s compiled model for the browser (binary; immutable, cached a year)',
        params: ShopIdParams,
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const key = `${tenant.id}/${request.params.id}`;
      let pending = compactCache.get(key);
      if (!pending) {
        pending = buildCompact(tenant.id, request.params.id);
        compactCache.set(key, pending);
        pending.catch(() => compactCache.delete(key)); // a miss (404) is not kept
        if (compactCache.size > COMPACT_CACHE_SIZE)
          compactCache.delete(compactCache.keys().next().value!);
      }
      const entry = await pending;
      // Gzipped once per version (a fifth of the size), for every client that accepts it; each
      // encoding has its own ETag.
      const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
      const etag = gzip ? `${entry.etag.slice(0, -1)}.gz"` : entry.etag;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('vary', 'accept-encoding');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      if (gzip) reply.header('content-encoding', 'gzip');
      return reply.type('application/octet-stream').send(gzip ? entry.gzipped : entry.bytes);
    },
  );

  app.get(
    '/api/v1/shop/:tenant/products/:slug',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'A published product (by slug or id): model, compiled engine bytes, popularity, top designs',
        params: Type.Object({
          tenant: Type.String({ maxLength: 100 }),
          slug: Type.String({ maxLength: 100 }),
        }),
        // A company member opening one of the company's approved configurations (issue 12).
        querystring: Type.Object({ approved: Type.Optional(Uuid) }),
        response: responses({ 200: Type.Object({}, { additionalProperties: true }) }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const key = request.params.slug;
      const product =
        (await findProductBySlug(db, tenant.id, key)) ??
        (/^[0-9a-f-]{36}$/i.test(key) ? await getProduct(db, tenant.id, key) : null);
      const version = product
        ? (await publishedVersions(db, tenant.id, [product.id]))[0]
        : undefined;
      if (!product || !version) throw new NotFound('product', key);
      const facts = await servingFactsOf(deps, version);
      const total = await countProductOrders(db, tenant.id, product.id);
      return {
        product: {
          id: product.id,
          slug: product.slug,
          name: product.name,
          description: product.description,
        },
        version: {
          id: version.id,
          number: version.number,
          publishedAt: version.publishedAt?.toISOString() ?? null,
        },
        kind: facts.kind,
        fromPrice: facts.fromPrice,
        count: facts.count,
        model: version.model,
        // The compact compiled model (no model in its header), at an immutable URL per version
        // so the browser downloads it once: `deserialize(bytes, model)`.
        compiledUrl: compiledUrl(tenant, version.id),
        popularity: popularity(total, await valueCounts(db, tenant.id, product.id)),
        topDesigns:
          total >= TOP_DESIGN_MIN_ORDERS
            ? (await topDesigns(db, tenant.id, product.id, TOP_DESIGN_MIN_ORDERS, 3)).map((d) =>
                startingPoint(version.model, d),
              )
            : [],
        assetsBase: assetsBase(tenant, product),
        // What the customer's company approved, as engine restrictions for the studio session
        // (empty for everyone else); the server enforces the same space on every design.
        restrictions: await approvedRestrictionsFor(
          db,
          tenant.id,
          shopper?.kind === 'customer' ? shopper.customerId : null,
          product.id,
          request.query.approved ? { approvedConfigurationId: request.query.approved } : {},
        ),
      };
    },
  );

  const quoteFor = async (
    tenant: Tenant,
    versionId: string,
    choices: Record<string, Value>,
    personalization: Record<string, string>,
    /** The signed-in customer (null: a guest or staff): a company member's design must lie in
     * what the company approved (issue 12, portal). */
    customerId: string | null,
    /** The company location the member buys for (its price list applies). */
    locationId: string | null = null,
    /** A faster-date offer's days (offers/), already checked by the caller. */
    leadDaysOff = 0,
  ) => {
    const version = await getVersionSummary(db, tenant.id, versionId);
    if (!version || version.status === 'draft') throw new NotFound('product version', versionId);
    // Only a proven model is loaded in this process (proven once, in the pool, if published
    // before proofs existed); validating and pricing one design on it is linear in the model.
    await servingFactsOf(deps, version);
    const compiled = await compiledVersion(db, tenant.id, version.id);
    await assertInApprovedSpace(db, tenant.id, customerId, version.productId, compiled, choices);
    // A company member sees (and saves) their contract price, as their order will charge it.
    const contract = await designContractFor(
      db,
      tenant.id,
      customerId,
      version.productId,
      compiled,
      choices,
      { locationId },
    );
    return {
      version,
      quote: await quoteDesign(db, tenant, compiled, choices, personalization, clock.now(), {
        contract,
        leadDaysOff,
        // A priority customer's live date may use reserved capacity (service-levels/), as their
        // order will; decided here from the session, never from the request.
        mayUseReserve: await mayUseReservedCapacity(deps, tenant.id, customerId),
        // Stocked modules make the date earlier where the product has a postponement point.
        productId: version.productId,
      }),
    };
  };

  app.post(
    '/api/v1/shop/:tenant/quote',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Price, validity and capacity-aware delivery date of a design, computed by the server',
        params: TenantParams,
        body: Body({
          versionId: Uuid,
          choices: Choices,
          personalization: Type.Optional(Personalization),
          locationId: Type.Optional(
            Type.Union([Uuid, Type.Null()], {
              description:
                'A company member buying for one of their company’s locations (cost centers): its price list applies. Another company’s location is 404.',
            }),
          ),
          offerId: Type.Optional(OfferIdField),
        }),
        // 409: a named offer that cannot be used (`code` says why, offers/offers.ts).
        response: responses({ 200: QuoteSchema, 409: ExtendedProblem }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const asker = shopperOf(request, tenant);
      const customerId = asker?.kind === 'customer' ? asker.customerId : null;
      const { offerId } = request.body;
      const named = offerId ? await getVersionSummary(db, tenant.id, request.body.versionId) : null;
      if (offerId && (!named || named.status === 'draft'))
        throw new NotFound('product version', request.body.versionId);
      const offer =
        offerId && named
          ? await usableOffer(deps, tenant.id, customerId, offerId, named.productId)
          : null;
      const { quote: listed } = await quoteFor(
        tenant,
        request.body.versionId,
        request.body.choices,
        request.body.personalization ?? {},
        customerId,
        request.body.locationId ?? null,
        offer?.kind === 'faster-date' ? (offer.daysEarlier ?? 0) : 0,
      );
      // The same order as the order itself: contract price, the named offer, the reward.
      const quote = offer
        ? withOffer(
            listed,
            offer,
            optionLabel(await compiledVersion(db, tenant.id, request.body.versionId), offer),
          )
        : listed;
      // A signed-in customer sees the reward their order will take (orders/place-order.ts).
      const p = request.principal;
      if (p?.kind !== 'customer' || p.tenantId !== tenant.id) return publicQuote(quote);
      const reward = await availableDiscount(db, tenant.id, p.customerId, quote.currency);
      return publicQuote(withReward(quote, reward));
    },
  );

  // Needs answers are profiling data: recorded and read back only through the personalization
  // consent check (privacy/profiling.ts). Guests and customers without consent get the
  // non-personalized studio and nothing is kept.
  app.put(
    '/api/v1/shop/:tenant/needs-answers',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Remember a signed-in customer’s needs answers (only with personalization consent)',
        params: TenantParams,
        body: Body({
          product: Type.String({ minLength: 1, maxLength: 200 }),
          answers: Type.Record(Type.String(), Type.String({ maxLength: 200 })),
        }),
        response: responses({ 200: Type.Object({ recorded: Type.Boolean() }) }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      if (shopper?.kind !== 'customer') return { recorded: false };
      const recorded = await recordProfile(deps, tenant.id, shopper.customerId, 'needs-answers', {
        product: request.body.product,
        answers: request.body.answers,
      });
      return { recorded };
    },
  );

  app.get(
    '/api/v1/shop/:tenant/needs-answers',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'The customer’s last needs answers (for one product when given), to start from (with consent)',
        params: TenantParams,
        querystring: Type.Object({
          product: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        response: responses({
          200: Type.Object({
            personalized: Type.Boolean(),
            answers: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
          }),
        }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      if (shopper?.kind !== 'customer') return { personalized: false, answers: null };
      const latest = await latestProfileWhere(
        deps,
        tenant.id,
        shopper.customerId,
        'needs-answers',
        (data) =>
          request.query.product === undefined ||
          (data as { product?: unknown }).product === request.query.product,
      );
      const answers = (latest.data as { answers?: Record<string, string> } | null)?.answers ?? null;
      return { personalized: latest.personalized, answers };
    },
  );

  /**
   * A new version of the design, numbered under the design's row lock: parallel saves are
   * serialized and each gets the next number. Should two numbers still collide, the later save
   * is answered 409 with the design's current version, never 500. Written in `tx` (the
   * transaction that stores the answer); `quote` is computed before it starts (the embedded
   * database has one connection).
   */
  const saveVersion = async (
    tx: Db,
    tenant: Tenant,
    design: Design,
    v: {
      versionId: string;
      choices: Record<string, Value>;
      personalization: Record<string, string>;
      note: string | null;
      quote: Awaited<ReturnType<typeof quoteFor>>['quote'];
    },
  ) => {
    const { versionId, choices, personalization, note, quote } = v;
    try {
      // A savepoint: a lost race rolls back only this, and is answered as a version conflict.
      return await tx.transaction(async (sp) => {
        const locked = await getDesignForUpdate(sp, tenant.id, design.id);
        if (!locked) throw new NotFound('design', design.id);
        return insertDesignVersion(sp, {
          id: ids.uuid(),
          tenantId: tenant.id,
          designId: design.id,
          number: (await lastDesignVersionNumber(sp, tenant.id, design.id)) + 1,
          productVersionId: versionId,
          choices,
          personalization,
          note,
          quote: {
            total: quote.total,
            currency: quote.currency,
            promisedDate: quote.promisedDate,
            valid: quote.valid,
          },
          createdAt: clock.now(),
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const current = await getDesign(tx, tenant.id, design.id);
      throw new VersionConflict('design', current?.currentVersion ?? 0);
    }
  };

  const view = async (tenant: Tenant, design: Design, token: string | null, on: Db = db) => {
    const product = await getProduct(on, tenant.id, design.productId);
    const versions = await listDesignVersions(on, tenant.id, design.id);
    const fresh = (await getDesign(on, tenant.id, design.id)) ?? design;
    return designView(fresh, product?.slug ?? '', versions, token);
  };

  /**
   * A new design (version 1) owned by the shopper (a customer, or a guest holding the token),
   * written in `tx` (the caller's transaction, which stores the answer with it).
   */
  const createDesign = async (
    tx: Db,
    tenant: Tenant,
    shopper: ReturnType<typeof shopperOf>,
    d: {
      productId: string;
      versionId: string;
      name: string;
      email: string | null;
      choices: Record<string, Value>;
      personalization: Record<string, string>;
      quote: Awaited<ReturnType<typeof quoteFor>>['quote'];
      remixedFrom: string | null;
      /** The product's name, for the email that gives a guest the design's private link. */
      productName: string;
    },
  ) => {
    const token = randomToken();
    const now = clock.now();
    const design = await insertDesign(tx, {
      id: ids.uuid(),
      tenantId: tenant.id,
      productId: d.productId,
      customerId: shopper?.kind === 'customer' ? shopper.customerId : null,
      email: d.email?.trim().toLowerCase() ?? null,
      name: d.name.trim(),
      tokenHash: sha256(token),
      currentVersion: 1,
      remixedFrom: d.remixedFrom,
      createdAt: now,
    });
    await insertDesignVersion(tx, {
      id: ids.uuid(),
      tenantId: tenant.id,
      designId: design.id,
      number: 1,
      productVersionId: d.versionId,
      choices: d.choices,
      personalization: d.personalization,
      note: null,
      quote: {
        total: d.quote.total,
        currency: d.quote.currency,
        promisedDate: d.quote.promisedDate,
        valid: d.quote.valid,
      },
      createdAt: now,
    });
    // A guest who gave an email gets the design's private link, committed with the design.
    if (!shopper && design.email)
      await notify({ ...deps, db: tx }, tenant.id, {
        kind: 'design.saved',
        email: design.email,
        designName: design.name,
        productName: d.productName,
        link: `${config.publicUrl}/designs/${design.id}?token=${encodeURIComponent(token)}`,
      });
    return { design, token };
  };

  app.post(
    '/api/v1/shop/:tenant/designs',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'Save a new design (version 1); guests get a secret token that grants access',
        params: TenantParams,
        body: Body({
          versionId: Uuid,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          choices: Choices,
          personalization: Type.Optional(Personalization),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
        }),
        response: responses({ 201: DesignSchema }),
      },
      // A retry must not save the design (and email a guest its link) twice.
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const body = request.body;
      const { version, quote } = await quoteFor(
        tenant,
        body.versionId,
        body.choices,
        body.personalization ?? {},
        shopper?.kind === 'customer' ? shopper.customerId : null,
      );
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const { design, token } = await createDesign(tx, tenant, shopper, {
          productId: version.productId,
          versionId: version.id,
          name: body.name,
          email: body.email ?? null,
          choices: body.choices,
          personalization: body.personalization ?? {},
          quote,
          remixedFrom: null,
          productName: version.model.name,
        });
        return { status: 201, body: { ...(await view(tenant, design, token, tx)), token } };
      });
    },
  );

  app.get(
    '/api/v1/shop/:tenant/designs/:id',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'A design with all its versions',
        params: ShopIdParams,
        querystring: TokenQuery,
        response: responses({ 200: DesignSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const design = await designAccess(
        db,
        request,
        tenant,
        request.params.id,
        request.query.token,
      );
      return view(tenant, design, request.query.token ?? null);
    },
  );

  app.post(
    '/api/v1/shop/:tenant/designs/:id/versions',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'Save a new version of a design (becomes current)',
        params: ShopIdParams,
        querystring: TokenQuery,
        body: Body({
          choices: Choices,
          personalization: Type.Optional(Personalization),
          note: Type.Optional(Type.String({ maxLength: 500 })),
          versionId: Type.Optional(Uuid),
        }),
        response: responses({ 201: DesignSchema }),
      },
      // A retry must not save the version twice, even when the first answer was lost.
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const design = await designAccess(
        db,
        request,
        tenant,
        request.params.id,
        request.query.token,
      );
      const versions = await listDesignVersions(db, tenant.id, design.id);
      const current = versions.at(-1);
      const modelVersion = request.body.versionId ?? current?.productVersionId;
      if (!modelVersion) throw new NotFound('design', design.id);
      if (request.body.versionId) {
        const v = await getVersionSummary(db, tenant.id, request.body.versionId);
        if (!v || v.productId !== design.productId)
          throw new NotFound('product version', request.body.versionId);
      }
      const choices = request.body.choices;
      const personalization = request.body.personalization ?? {};
      const { quote } = await quoteFor(
        tenant,
        modelVersion,
        choices,
        personalization,
        design.customerId,
      );
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        await saveVersion(tx, tenant, design, {
          versionId: modelVersion,
          choices,
          personalization,
          note: request.body.note ?? null,
          quote,
        });
        return { status: 201, body: await view(tenant, design, request.query.token ?? null, tx) };
      });
    },
  );

  app.post(
    '/api/v1/shop/:tenant/designs/:id/restore',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'Restore an earlier version (saved as a new version)',
        params: ShopIdParams,
        querystring: TokenQuery,
        body: Body({ version: Type.Integer({ minimum: 1 }) }),
        response: responses({ 201: DesignSchema }),
      },
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const design = await designAccess(
        db,
        request,
        tenant,
        request.params.id,
        request.query.token,
      );
      const versions = await listDesignVersions(db, tenant.id, design.id);
      const source = versions.find((v) => v.number === request.body.version);
      if (!source) throw new NotFound('design version', String(request.body.version));
      const { quote } = await quoteFor(
        tenant,
        source.productVersionId,
        source.choices,
        source.personalization,
        design.customerId,
      );
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        await saveVersion(tx, tenant, design, {
          versionId: source.productVersionId,
          choices: source.choices,
          personalization: source.personalization,
          note: `Restored version ${source.number}`,
          quote,
        });
        return { status: 201, body: await view(tenant, design, request.query.token ?? null, tx) };
      });
    },
  );

  app.post(
    '/api/v1/shop/:tenant/designs/:id/share',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Make a read-only share link (view and compare only); replaces an earlier one. The owner only.',
        params: ShopIdParams,
        querystring: TokenQuery,
        response: responses({ 201: ShareLinkSchema }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const design = await designAccess(
        db,
        request,
        tenant,
        request.params.id,
        request.query.token,
      );
      const shareToken = randomToken();
      await setDesignShareTokenHash(db, tenant.id, design.id, sha256(shareToken));
      return reply.code(201).send({ shareUrl: sharedDesignUrl(design.id, shareToken), shareToken });
    },
  );

  app.delete(
    '/api/v1/shop/:tenant/designs/:id/share',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'Revoke the read-only share link (it then answers 404). The owner only.',
        params: ShopIdParams,
        querystring: TokenQuery,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const design = await designAccess(
        db,
        request,
        tenant,
        request.params.id,
        request.query.token,
      );
      await setDesignShareTokenHash(db, tenant.id, design.id, null);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/shop/:tenant/shared-designs/:id',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'A shared design, read-only: its versions to view and compare, nothing of the owner',
        params: ShopIdParams,
        querystring: ShareQuery,
        response: responses({ 200: SharedDesignSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const design = await sharedDesign(db, tenant, request.params.id, request.query.share);
      const product = await getProduct(db, tenant.id, design.productId);
      const versions = await listDesignVersions(db, tenant.id, design.id);
      return sharedDesignView(design, product?.slug ?? '', versions);
    },
  );

  /**
   * The owner hears of a new comment by email (committed with the comment), at most once an
   * hour per design; not of their own comments.
   */
  const tellOwnerOfComment = async (
    tx: Db,
    tenantId: string,
    design: Design,
    authorId: string,
    now: Date,
  ) => {
    const byOwner = design.customerId !== null && design.customerId === authorId;
    const reachable = design.customerId !== null || design.email !== null;
    if (byOwner || !reachable) return;
    const since = new Date(now.getTime() - COMMENT_MAIL_INTERVAL_MS);
    if (!(await claimCommentMail(tx, tenantId, design.id, now, since))) return;
    await notify({ ...deps, db: tx }, tenantId, {
      kind: 'design.commented',
      designName: design.name,
      customerId: design.customerId,
      email: design.customerId ? null : design.email,
      link: design.customerId ? `${config.publicUrl}/designs/${design.id}` : null,
    });
  };

  // Comments on a shared design: everyone with the read-only link reads them, signed-in customers
  // of the firm write them, and the owner reads them on the design itself. Texts are stored and
  // answered as plain text (the web app renders them as text, never as HTML).
  app.get(
    '/api/v1/shop/:tenant/shared-designs/:id/comments',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'Comments on a shared design (anyone with the read-only link)',
        params: ShopIdParams,
        querystring: ShareQuery,
        response: responses({ 200: DesignCommentsSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const design = await sharedDesign(db, tenant, request.params.id, request.query.share);
      return commentsView(await listDesignComments(db, tenant.id, design.id));
    },
  );

  app.post(
    '/api/v1/shop/:tenant/shared-designs/:id/comments',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Comment on a shared design (signed-in customers of the firm; the owner sees it on the design)',
        params: ShopIdParams,
        querystring: ShareQuery,
        body: CommentBody,
        response: responses({ 201: DesignCommentSchema }),
      },
      // A retry must not post the comment (and email the owner) twice.
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const design = await sharedDesign(db, tenant, request.params.id, request.query.share);
      const shopper = shopperOf(request, tenant);
      if (!shopper) throw new Unauthorized('Sign in to comment on this design.');
      if (shopper.kind !== 'customer')
        throw new Forbidden('Comments are written by customers; staff answer in the inbox.');
      const now = clock.now();
      const comment = {
        id: ids.uuid(),
        tenantId: tenant.id,
        designId: design.id,
        customerId: shopper.customerId,
        body: request.body.body.trim(),
        createdAt: now,
      };
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        await insertDesignComment(tx, comment);
        await tellOwnerOfComment(tx, tenant.id, design, shopper.customerId, now);
        const mine = (await listDesignComments(tx, tenant.id, design.id)).find(
          (c) => c.id === comment.id,
        );
        return { status: 201, body: commentsView(mine ? [mine] : [])[0]! };
      });
    },
  );

  app.get(
    '/api/v1/shop/:tenant/designs/:id/comments',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'Comments others left on the design through its read-only link. The owner only.',
        params: ShopIdParams,
        querystring: TokenQuery,
        response: responses({ 200: DesignCommentsSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const design = await designAccess(
        db,
        request,
        tenant,
        request.params.id,
        request.query.token,
      );
      return commentsView(await listDesignComments(db, tenant.id, design.id));
    },
  );

  // Moderation by the owner: a comment on their design is deleted for good. Only through the
  // owner's own access (private token or their account); staff hide comments instead
  // (design-comments.routes.ts), audited.
  app.delete(
    '/api/v1/shop/:tenant/designs/:id/comments/:commentId',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Delete a comment others left on the design (the owner only: private token or account)',
        params: Type.Object({
          tenant: Type.String({ maxLength: 100 }),
          id: Uuid,
          commentId: Uuid,
        }),
        querystring: TokenQuery,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      if (shopperOf(request, tenant)?.kind === 'staff')
        throw new Forbidden(
          'Only the design’s owner deletes a comment; staff hide it (POST /api/v1/design-comments/{id}/hide).',
        );
      const design = await designAccess(
        db,
        request,
        tenant,
        request.params.id,
        request.query.token,
      );
      if (!(await deleteDesignComment(db, tenant.id, design.id, request.params.commentId)))
        throw new NotFound('comment', request.params.commentId);
      return reply.code(204).send(null);
    },
  );

  // "Make it mine": the visitor gets an independent copy of the shared design's current version.
  // Only the choices are copied; the owner's personal text (personalization), email, notes and
  // history stay with the owner.
  app.post(
    '/api/v1/shop/:tenant/shared-designs/:id/remix',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Make it mine: copy a shared design’s choices into a new design of your own (records where it came from)',
        params: ShopIdParams,
        querystring: ShareQuery,
        body: Body({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
        }),
        response: responses({ 201: DesignSchema }),
      },
      // A retry must not make a second copy (and email a guest its link twice).
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const source = await sharedDesign(db, tenant, request.params.id, request.query.share);
      const current = (await listDesignVersions(db, tenant.id, source.id)).find(
        (v) => v.number === source.currentVersion,
      );
      if (!current) throw new NotFound('design', source.id);
      // The owner's own measurements (customer-input features) stay theirs, like their text.
      const summary = await getVersionSummary(db, tenant.id, current.productVersionId);
      const choices = summary
        ? withoutCustomerInput(summary.model, current.choices)
        : current.choices;
      const { version, quote } = await quoteFor(
        tenant,
        current.productVersionId,
        choices,
        {},
        shopper?.kind === 'customer' ? shopper.customerId : null,
      );
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const { design, token } = await createDesign(tx, tenant, shopper, {
          productId: version.productId,
          versionId: version.id,
          name: request.body.name ?? `${source.name} (my copy)`.slice(0, 200),
          email: request.body.email ?? null,
          choices,
          personalization: {},
          quote,
          remixedFrom: source.id,
          productName: version.model.name,
        });
        return { status: 201, body: { ...(await view(tenant, design, token, tx)), token } };
      });
    },
  );
}
