// The co-creation gallery's routes (docs/gallery.md). Customers publish their own saved designs
// (/account/publications, under the co-creation consent), everyone browses a firm's gallery
// (/shop/{tenant}/gallery), signed-in customers like, comment, report and remix, and the
// firm's owner and sales staff moderate and adopt community picks (/gallery/…).
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { requireCustomer, requireStaff, principalOf, staffOf } from '../auth/guards.ts';
import { sameSecret, sha256 } from '../auth/tokens.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import {
  findProductBySlug,
  getVersionSummary,
  publishedVersions,
} from '../catalog/catalog.store.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { Conflict, Forbidden, HttpProblem, NotFound, Unauthorized } from '../http/errors.ts';
import { Body, IdParams, NoContent, responses, Uuid } from '../http/schemas.ts';
import { auditAccess, auditStaffAction } from '../privacy/audit.ts';
import { hasConsent } from '../privacy/consent.ts';
import { registerPersonalDataHolder } from '../privacy/personal-data.ts';
import { grantOneOffReward, listRewards } from '../privacy/rewards.ts';
import { Choices } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { withoutCustomerInput } from '../studio/studio.ts';
import { getDesign, listDesignVersions } from '../studio/studio.store.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { galleryHolder } from './gallery-data.ts';
import {
  addLike,
  addReport,
  countReports,
  deleteOwnPublication,
  getComment,
  getPublication,
  hasLiked,
  insertComment,
  insertPublication,
  listAllPublications,
  listCommentsForModeration,
  listCommunityPicks,
  listCustomerPublications,
  listPublicPublications,
  listVisibleComments,
  markAdopted,
  publicationOfDesign,
  recordRemix,
  remixSourceOf,
  removeLike,
  setCommentHidden,
  setPublicationHidden,
  setRewardGrant,
  unmarkAdopted,
  type GalleryComment,
  type ModerationComment,
  type PublicationWithCounts,
} from './gallery.store.ts';
import {
  COMMENT_MAX,
  DISPLAY_NAME_MAX,
  GALLERY_PURPOSE,
  STORY_MAX,
  TITLE_MAX,
  displayNameOf,
  ownView,
  plainTexts,
  publicCommentView,
  publicView,
  remixStart,
  staffView,
} from './gallery.ts';

const MODERATORS = ['owner', 'sales'] as const;

/** 403 naming the consent a gallery action needs. */
export class ConsentRequired extends HttpProblem {
  constructor(action: string) {
    super(
      403,
      'consent-required',
      'Consent required',
      `${action} needs your co-creation consent: give it in your privacy centre (Account → Privacy).`,
      [{ field: 'consent', message: `the ${GALLERY_PURPOSE} consent is required` }],
    );
  }
}

// Texts are typed by people: typebox caps their size at the door (a little above the limits the
// handlers state by field, so an over-long text is answered with the limit, not a generic error).
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max * 2 });

const TenantParams = Type.Object({ tenant: Type.String({ maxLength: 100 }) });
const ShopIdParams = Type.Object({ tenant: Type.String({ maxLength: 100 }), id: Uuid });

const RemixedFrom = Type.Union([
  Type.Object({ id: Type.String(), title: Type.String(), displayName: Type.String() }),
  Type.Null(),
]);

const PublicPublication = Type.Object({
  id: Type.String(),
  title: Type.String(),
  story: Type.String(),
  displayName: Type.String(),
  productSlug: Type.String(),
  productName: Type.String(),
  versionId: Type.String(),
  choices: Choices,
  price: Type.Object({ total: Type.Integer(), currency: Type.String() }),
  publishedAt: Type.String({ format: 'date-time' }),
  likes: Type.Integer(),
  remixes: Type.Integer(),
  comments: Type.Integer(),
  communityPick: Type.Boolean(),
  remixedFrom: RemixedFrom,
});

const OwnPublication = Type.Object({
  ...PublicPublication.properties,
  designId: Type.String(),
  hidden: Type.Boolean(),
  adopted: Type.Boolean(),
  reward: Type.Union([
    Type.Object({
      description: Type.String(),
      amount: Type.Union([Type.Integer(), Type.Null()]),
      currency: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

const StaffPublication = Type.Object({
  ...PublicPublication.properties,
  customerId: Type.String(),
  hidden: Type.Boolean(),
  hiddenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  adoptedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rewardGranted: Type.Boolean(),
});

const PublicComment = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

const StaffComment = Type.Object({
  ...PublicComment.properties,
  publicationId: Type.String(),
  publicationTitle: Type.String(),
  customerId: Type.String(),
  reports: Type.Integer(),
  hidden: Type.Boolean(),
});

const LikeState = Type.Object({ liked: Type.Boolean(), likes: Type.Integer() });

const RemixStartSchema = Type.Object({
  publicationId: Type.String(),
  title: Type.String(),
  displayName: Type.String(),
  productSlug: Type.String(),
  versionId: Type.String(),
  choices: Choices,
  dropped: Type.Array(
    Type.Object({
      feature: Type.String(),
      value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
      reason: Type.String(),
    }),
  ),
});

function staffCommentView(c: ModerationComment) {
  return {
    ...publicCommentView(c),
    publicationId: c.publicationId,
    publicationTitle: c.publicationTitle,
    customerId: c.customerId,
    reports: c.reports,
    hidden: c.hiddenAt !== null,
  };
}

export function registerGalleryRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;
  const shopTenant = resolveShopTenant(db);
  registerPersonalDataHolder(galleryHolder);

  /** The signed-in customer of this shop, or 401 (guests and staff browse only). */
  const customerIn = (request: FastifyRequest, tenant: Tenant, doing: string) => {
    const shopper = shopperOf(request, tenant);
    if (shopper?.kind !== 'customer') throw new Unauthorized(`Sign in as a customer to ${doing}.`);
    return shopper;
  };

  const requireConsent = async (tenantId: string, customerId: string, action: string) => {
    if (!(await hasConsent(db, tenantId, customerId, GALLERY_PURPOSE)))
      throw new ConsentRequired(action);
  };

  /** A publication anyone may see: not hidden by staff. Otherwise 404 (as if it never was). */
  const visible = async (tenantId: string, id: string): Promise<PublicationWithCounts> => {
    const p = await getPublication(db, tenantId, id);
    if (!p || p.hiddenAt) throw new NotFound('publication', id);
    return p;
  };

  const withCredit = async (p: PublicationWithCounts) => {
    const source = await remixSourceOf(db, p.tenantId, p.designId);
    return publicView(p, source && !source.hiddenAt ? source : null);
  };

  // ---- the owner's publications ---------------------------------------------------------

  const ownViews = async (tenantId: string, customerId: string, list: PublicationWithCounts[]) => {
    const rewards = await listRewards(db, tenantId, customerId);
    const out = [];
    for (const p of list) {
      const reward = rewards.find((r) => r.id === p.rewardGrantId) ?? null;
      const source = await remixSourceOf(db, tenantId, p.designId);
      out.push(
        ownView(
          p,
          source,
          reward
            ? { description: reward.description, amount: reward.amount, currency: reward.currency }
            : null,
        ),
      );
    }
    return out;
  };

  app.get(
    '/api/v1/account/publications',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['gallery'],
        summary: 'My designs published in the gallery (with adoption and its reward)',
        response: responses({ 200: Type.Array(OwnPublication) }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new Unauthorized();
      const list = await listCustomerPublications(db, p.tenantId, p.customerId);
      return ownViews(p.tenantId, p.customerId, list);
    },
  );

  app.post(
    '/api/v1/account/publications',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['gallery'],
        summary:
          'Publish one of my saved designs in the gallery (needs the co-creation consent): its choices without personal texts or measurements',
        body: Body({
          designId: Uuid,
          title: Text(TITLE_MAX, 1),
          story: Text(STORY_MAX),
          displayName: Type.Optional(Text(DISPLAY_NAME_MAX)),
        }),
        response: responses({ 201: OwnPublication }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new Unauthorized();
      const body = request.body;
      // Someone else's design (or none) looks the same: not found.
      const design = await getDesign(db, p.tenantId, body.designId);
      if (!design || design.customerId !== p.customerId)
        throw new NotFound('design', body.designId);
      await requireConsent(p.tenantId, p.customerId, 'Publishing a design');
      const texts = plainTexts({
        title: { value: body.title, max: TITLE_MAX, min: 1 },
        story: { value: body.story, max: STORY_MAX },
        displayName: { value: body.displayName ?? '', max: DISPLAY_NAME_MAX },
      });
      const current = (await listDesignVersions(db, p.tenantId, design.id)).find(
        (v) => v.number === design.currentVersion,
      );
      if (!current) throw new NotFound('design', design.id);
      if (!current.quote.valid)
        throw new Conflict('Only a design that can be built can be published.', [
          { field: 'designId', message: 'the design is not valid' },
        ]);
      if (await publicationOfDesign(db, p.tenantId, design.id))
        throw new Conflict('This design is already published.', [
          { field: 'designId', message: 'is already published' },
        ]);
      const version = await getVersionSummary(db, p.tenantId, current.productVersionId);
      // A snapshot of the choices only: never the personal texts, and not the customer-input
      // features (one customer's measurements or prescription are theirs).
      const choices = version
        ? withoutCustomerInput(version.model, current.choices)
        : current.choices;
      let created;
      try {
        created = await insertPublication(db, {
          id: ids.uuid(),
          tenantId: p.tenantId,
          customerId: p.customerId,
          designId: design.id,
          productId: design.productId,
          productVersionId: current.productVersionId,
          choices,
          priceTotal: current.quote.total,
          currency: current.quote.currency,
          title: texts.title,
          story: texts.story,
          displayName: displayNameOf(texts.displayName),
          publishedAt: clock.now(),
          hiddenAt: null,
          adoptedAt: null,
          adoptedBy: null,
          rewardGrantId: null,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new Conflict('This design is already published.', [
          { field: 'designId', message: 'is already published' },
        ]);
      }
      const full = (await getPublication(db, p.tenantId, created.id))!;
      const [view] = await ownViews(p.tenantId, p.customerId, [full]);
      return reply.code(201).send(view!);
    },
  );

  app.delete(
    '/api/v1/account/publications/:id',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['gallery'],
        summary: 'Withdraw my publication: it leaves the gallery with its likes and comments',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (p.kind !== 'customer') throw new Unauthorized();
      if (!(await deleteOwnPublication(db, p.tenantId, p.customerId, request.params.id)))
        throw new NotFound('publication', request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- public gallery -------------------------------------------------------------------

  app.get(
    '/api/v1/shop/:tenant/gallery',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary:
          'The firm’s gallery: published designs, by product, newest / most liked / most remixed',
        params: TenantParams,
        querystring: Type.Object({
          product: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          sort: Type.Optional(
            Type.Union([Type.Literal('newest'), Type.Literal('likes'), Type.Literal('remixes')]),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
        }),
        response: responses({
          200: Type.Object({
            items: Type.Array(PublicPublication),
            total: Type.Integer(),
            nextOffset: Type.Union([Type.Integer(), Type.Null()]),
          }),
        }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const q = request.query;
      let productId: string | undefined;
      if (q.product) {
        const product = await findProductBySlug(db, tenant.id, q.product);
        if (!product) return { items: [], total: 0, nextOffset: null };
        productId = product.id;
      }
      const limit = q.limit ?? 20;
      const offset = q.offset ?? 0;
      const page = await listPublicPublications(db, tenant.id, {
        ...(productId ? { productId } : {}),
        sort: q.sort ?? 'newest',
        limit,
        offset,
      });
      const items = [];
      for (const p of page.items) items.push(await withCredit(p));
      return {
        items,
        total: page.total,
        nextOffset: offset + items.length < page.total ? offset + items.length : null,
      };
    },
  );

  app.get(
    '/api/v1/shop/:tenant/gallery-publications/:id',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary: 'One published design with its comments (and whether I liked it)',
        params: ShopIdParams,
        response: responses({
          200: Type.Object({
            publication: PublicPublication,
            comments: Type.Array(PublicComment),
            likedByMe: Type.Boolean(),
            mine: Type.Boolean(),
          }),
        }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const p = await visible(tenant.id, request.params.id);
      const shopper = shopperOf(request, tenant);
      const me = shopper?.kind === 'customer' ? shopper.customerId : null;
      return {
        publication: await withCredit(p),
        comments: (await listVisibleComments(db, tenant.id, p.id)).map(publicCommentView),
        likedByMe: me ? await hasLiked(db, tenant.id, p.id, me) : false,
        mine: me === p.customerId,
      };
    },
  );

  app.get(
    '/api/v1/shop/:tenant/gallery-publications/:id/remix',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary:
          'A published design as a starting point: its choices re-checked against the product’s current version (what no longer fits is dropped and named)',
        params: ShopIdParams,
        response: responses({ 200: RemixStartSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const p = await visible(tenant.id, request.params.id);
      const version = (await publishedVersions(db, tenant.id, [p.productId]))[0];
      if (!version) throw new NotFound('publication', p.id);
      const compiled = await compiledVersion(db, tenant.id, version.id);
      const own = new Set(version.model.features.filter((f) => f.customerInput).map((f) => f.id));
      const start = remixStart(compiled, p.choices, own);
      return {
        publicationId: p.id,
        title: p.title,
        displayName: p.displayName,
        productSlug: p.productSlug,
        versionId: version.id,
        choices: start.choices,
        dropped: start.dropped,
      };
    },
  );

  app.post(
    '/api/v1/shop/:tenant/gallery-publications/:id/remixes',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary:
          'Credit a publication: the design I saved from its remix (mine, or opened with its token) records remixed_from and counts once',
        params: ShopIdParams,
        body: Body({
          designId: Uuid,
          token: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: responses({
          201: Type.Object({ recorded: Type.Boolean(), remixes: Type.Integer() }),
        }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const p = await visible(tenant.id, request.params.id);
      const shopper = shopperOf(request, tenant);
      const token = request.body.token;
      // A remix is the customer's own act: staff credit nothing (unless holding a design's link).
      if (shopper?.kind === 'staff' && token === undefined)
        throw new Forbidden('Only the customer who saved the remix credits it.');
      const design = await getDesign(db, tenant.id, request.body.designId);
      const allowed =
        design &&
        ((shopper?.kind === 'customer' && design.customerId === shopper.customerId) ||
          (token !== undefined && sameSecret(sha256(token), design.tokenHash)));
      if (!allowed) throw new NotFound('design', request.body.designId);
      if (design.productId !== p.productId || design.id === p.designId)
        throw new Conflict('This design is not a remix of that publication.', [
          { field: 'designId', message: 'is another product’s design, or the original itself' },
        ]);
      const recorded = await recordRemix(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        publicationId: p.id,
        designId: design.id,
        at: clock.now(),
      });
      const after = (await getPublication(db, tenant.id, p.id))!;
      return reply.code(201).send({ recorded, remixes: after.remixes });
    },
  );

  app.get(
    '/api/v1/shop/:tenant/community-picks',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary:
          'Community picks of a product (gallery designs the firm adopted) as studio starting points',
        params: TenantParams,
        querystring: Type.Object({
          product: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 100,
              description: 'A product’s slug; without it, the picks of every product.',
            }),
          ),
        }),
        response: responses({
          200: Type.Array(
            Type.Object({
              publicationId: Type.String(),
              productSlug: Type.String(),
              title: Type.String(),
              displayName: Type.String(),
              versionId: Type.String(),
              choices: Choices,
            }),
          ),
        }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      let productId: string | undefined;
      if (request.query.product !== undefined) {
        const product = await findProductBySlug(db, tenant.id, request.query.product);
        if (!product) return [];
        productId = product.id;
      }
      const picks = await listCommunityPicks(db, tenant.id, productId);
      const versions = await publishedVersions(db, tenant.id, [
        ...new Set(picks.map((p) => p.productId)),
      ]);
      const out = [];
      for (const p of picks) {
        // Each pick as a start on its product's current version (what no longer fits is left out).
        const version = versions.find((v) => v.productId === p.productId);
        if (!version) continue;
        const compiled = await compiledVersion(db, tenant.id, version.id);
        const own = new Set(version.model.features.filter((f) => f.customerInput).map((f) => f.id));
        out.push({
          publicationId: p.id,
          productSlug: p.productSlug,
          title: p.title,
          displayName: p.displayName,
          versionId: version.id,
          choices: remixStart(compiled, p.choices, own).choices,
        });
      }
      return out;
    },
  );

  for (const [method, like] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/shop/:tenant/gallery-publications/:id/like',
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary: like
          ? 'Like a published design (once: liking again changes nothing; needs the co-creation consent)'
          : 'Take my like back',
        params: ShopIdParams,
        response: responses({ 200: LikeState }),
      },
      handler: async (request) => {
        const tenant = shopTenantOf(request);
        const { id } = request.params as { id: string };
        const p = await visible(tenant.id, id);
        const me = customerIn(request, tenant, like ? 'like designs' : 'take a like back');
        if (like) {
          await requireConsent(tenant.id, me.customerId, 'Liking a design');
          await addLike(db, {
            id: ids.uuid(),
            tenantId: tenant.id,
            publicationId: p.id,
            customerId: me.customerId,
            at: clock.now(),
          });
        } else {
          await removeLike(db, tenant.id, p.id, me.customerId);
        }
        const after = (await getPublication(db, tenant.id, p.id))!;
        return { liked: like, likes: after.likes };
      },
    });
  }

  app.post(
    '/api/v1/shop/:tenant/gallery-publications/:id/comments',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary: 'Comment on a published design: plain text, signed with a name you choose',
        params: ShopIdParams,
        body: Body({
          body: Text(COMMENT_MAX, 1),
          displayName: Type.Optional(Text(DISPLAY_NAME_MAX)),
        }),
        response: responses({ 201: PublicComment }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const p = await visible(tenant.id, request.params.id);
      const me = customerIn(request, tenant, 'comment');
      await requireConsent(tenant.id, me.customerId, 'Commenting');
      const texts = plainTexts({
        body: { value: request.body.body, max: COMMENT_MAX, min: 1 },
        displayName: { value: request.body.displayName ?? '', max: DISPLAY_NAME_MAX },
      });
      const comment: GalleryComment = await insertComment(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        publicationId: p.id,
        customerId: me.customerId,
        displayName: displayNameOf(texts.displayName),
        body: texts.body,
        createdAt: clock.now(),
        hiddenAt: null,
      });
      return reply.code(201).send(publicCommentView(comment));
    },
  );

  app.post(
    '/api/v1/shop/:tenant/gallery-comments/:id/report',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['gallery'],
        summary: 'Report a comment to the firm’s moderators (once per customer)',
        params: ShopIdParams,
        response: responses({ 200: Type.Object({ reported: Type.Boolean() }) }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const comment = await getComment(db, tenant.id, request.params.id);
      if (!comment || comment.hiddenAt) throw new NotFound('comment', request.params.id);
      await visible(tenant.id, comment.publicationId);
      const me = customerIn(request, tenant, 'report a comment');
      await addReport(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        commentId: comment.id,
        customerId: me.customerId,
        at: clock.now(),
      });
      return { reported: true };
    },
  );

  // ---- staff: moderation and adoption -----------------------------------------------------

  app.get(
    '/api/v1/gallery/publications',
    {
      onRequest: requireStaff([...MODERATORS]),
      schema: {
        tags: ['gallery'],
        summary: 'Every publication of the firm, hidden ones too, newest first',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: responses({ 200: Type.Array(StaffPublication) }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      const list = await listAllPublications(db, principal.tenantId, request.query.limit ?? 200);
      for (const customerId of new Set(list.map((p) => p.customerId)))
        await auditAccess(deps, principal, {
          customerId,
          action: 'read',
          resource: 'gallery publications',
        });
      return list.map(staffView);
    },
  );

  for (const [action, hidden] of [
    ['hide', true],
    ['show', false],
  ] as const) {
    app.post(
      `/api/v1/gallery/publications/:id/${action}`,
      {
        onRequest: requireStaff([...MODERATORS]),
        schema: {
          tags: ['gallery'],
          summary: hidden
            ? 'Hide a publication from the gallery (and the studio’s community picks)'
            : 'Show a hidden publication again',
          params: IdParams,
          response: responses({ 200: StaffPublication }),
        },
      },
      async (request) => {
        const principal = staffOf(request);
        return db.transaction(async (tx) => {
          const changed = await setPublicationHidden(
            tx,
            principal.tenantId,
            request.params.id,
            hidden ? clock.now() : null,
          );
          if (!changed) throw new NotFound('publication', request.params.id);
          await auditStaffAction({ ...deps, db: tx }, principal, {
            resource: `gallery publication ${action}`,
            resourceId: changed.id,
            customerId: changed.customerId,
          });
          return staffView((await getPublication(tx, principal.tenantId, changed.id))!);
        });
      },
    );

    app.post(
      `/api/v1/gallery/comments/:id/${action}`,
      {
        onRequest: requireStaff([...MODERATORS]),
        schema: {
          tags: ['gallery'],
          summary: hidden
            ? 'Hide a gallery comment: shown to nobody but staff'
            : 'Show a hidden gallery comment again',
          params: IdParams,
          response: responses({ 200: StaffComment }),
        },
      },
      async (request) => {
        const principal = staffOf(request);
        return db.transaction(async (tx) => {
          const changed = await setCommentHidden(
            tx,
            principal.tenantId,
            request.params.id,
            hidden ? clock.now() : null,
          );
          if (!changed) throw new NotFound('comment', request.params.id);
          await auditStaffAction({ ...deps, db: tx }, principal, {
            resource: `gallery comment ${action}`,
            resourceId: changed.id,
            customerId: changed.customerId,
          });
          const publication = await getPublication(tx, principal.tenantId, changed.publicationId);
          return staffCommentView({
            ...changed,
            reports: await countReports(tx, principal.tenantId, changed.id),
            publicationTitle: publication?.title ?? '',
          });
        });
      },
    );
  }

  app.get(
    '/api/v1/gallery/comments',
    {
      onRequest: requireStaff([...MODERATORS]),
      schema: {
        tags: ['gallery'],
        summary: 'The moderation queue: gallery comments, reported ones first, hidden ones too',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: responses({ 200: Type.Array(StaffComment) }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      const list = await listCommentsForModeration(
        db,
        principal.tenantId,
        request.query.limit ?? 200,
      );
      for (const customerId of new Set(list.map((c) => c.customerId)))
        await auditAccess(deps, principal, {
          customerId,
          action: 'read',
          resource: 'gallery comments',
        });
      return list.map(staffCommentView);
    },
  );

  app.post(
    '/api/v1/gallery/publications/:id/adopt',
    {
      onRequest: requireStaff([...MODERATORS]),
      schema: {
        tags: ['gallery'],
        summary:
          'Adopt a publication as a community pick (shown in the studio); the first adoption grants its creator the reward (a discount in the firm’s currency)',
        params: IdParams,
        body: Body({
          rewardAmount: Type.Integer({
            minimum: 0,
            maximum: 100_000_000,
            description: 'Minor units off the creator’s next order (0: no reward).',
          }),
        }),
        response: responses({ 200: StaffPublication }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      const tenant = await getTenant(db, principal.tenantId);
      if (!tenant) throw new NotFound('firm');
      return db.transaction(async (tx) => {
        const existing = await getPublication(tx, principal.tenantId, request.params.id);
        if (!existing) throw new NotFound('publication', request.params.id);
        if (existing.hiddenAt)
          throw new Conflict('A hidden publication cannot be a community pick; show it first.');
        const adopted = await markAdopted(
          tx,
          principal.tenantId,
          existing.id,
          principal.via === 'session' ? principal.userId : null,
          clock.now(),
        );
        if (!adopted) throw new Conflict('This publication is already a community pick.');
        if (existing.rewardGrantId === null && request.body.rewardAmount > 0) {
          const grant = await grantOneOffReward(
            { ...deps, db: tx },
            tenant.id,
            existing.customerId,
            {
              purpose: GALLERY_PURPOSE,
              description: `Your design “${existing.title}” was adopted as a community pick`,
              amount: request.body.rewardAmount,
              currency: tenant.settings.currency,
            },
          );
          await setRewardGrant(tx, tenant.id, existing.id, grant);
        }
        await auditStaffAction({ ...deps, db: tx }, principal, {
          resource: 'gallery publication adopt',
          resourceId: existing.id,
          customerId: existing.customerId,
        });
        return staffView((await getPublication(tx, tenant.id, existing.id))!);
      });
    },
  );

  app.post(
    '/api/v1/gallery/publications/:id/unadopt',
    {
      onRequest: requireStaff([...MODERATORS]),
      schema: {
        tags: ['gallery'],
        summary: 'No longer a community pick (a reward already granted stays)',
        params: IdParams,
        response: responses({ 200: StaffPublication }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      return db.transaction(async (tx) => {
        const changed = await unmarkAdopted(tx, principal.tenantId, request.params.id);
        if (!changed) throw new NotFound('publication', request.params.id);
        await auditStaffAction({ ...deps, db: tx }, principal, {
          resource: 'gallery publication unadopt',
          resourceId: changed.id,
          customerId: changed.customerId,
        });
        return staffView((await getPublication(tx, principal.tenantId, changed.id))!);
      });
    },
  );
}
