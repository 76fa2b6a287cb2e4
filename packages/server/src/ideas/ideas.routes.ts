// Ideas (docs/ideas.md). The customer side is addressed by the firm's slug, like the shop:
// everyone reads the ideas of the firm's products; signed-in customers who consented to
// co-creation suggest them and vote (their writes are rate-limited by http/write-limits.ts).
// Staff (owner, sales) answer, set the status (the author is told by email through notify) and
// hide ideas (moderation, in the audit log); designers read them too.
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { requireStaff, staffOf } from '../auth/guards.ts';
import { findProductBySlug } from '../catalog/catalog.store.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses, Uuid } from '../http/schemas.ts';
import { notify } from '../notify/notify.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import { hasConsent } from '../privacy/consent.ts';
import { registerPersonalDataHolder } from '../privacy/personal-data.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { ideasHolder } from './ideas-data.ts';
import {
  ANSWER_MAX,
  assertPlainText,
  DEFAULT_AUTHOR_NAME,
  DESCRIPTION_MAX,
  DISPLAY_NAME_MAX,
  mayMove,
  NEXT_STATUSES,
  publicIdeaView,
  staffIdeaView,
  TITLE_MAX,
} from './ideas.ts';
import { IDEA_STATUSES, type IdeaStatus } from './ideas.schema.ts';
import {
  addVote,
  findIdea,
  insertIdea,
  listIdeas,
  lockIdea,
  removeVote,
  updateIdea,
} from './ideas.store.ts';

const STAFF_READERS = ['owner', 'sales', 'designer'] as const;
const STAFF_ANSWERERS = ['owner', 'sales'] as const;

const Status = Type.Union(
  [Type.Literal('open'), Type.Literal('planned'), Type.Literal('done'), Type.Literal('declined')],
  { description: `${IDEA_STATUSES.join(', ')}` },
);
const ProductSlug = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z0-9][a-z0-9-]*$',
  examples: ['city-bike'],
});
const TenantParams = Type.Object({ tenant: Type.String({ maxLength: 100 }) });
const ShopIdParams = Type.Object({ tenant: Type.String({ maxLength: 100 }), id: Uuid });
const ListQuery = Type.Object({
  product: Type.Optional(ProductSlug),
  status: Type.Optional(Status),
  sort: Type.Optional(
    Type.Union([Type.Literal('votes'), Type.Literal('newest')], { default: 'votes' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
});

const IdeaFields = {
  id: Type.String(),
  productSlug: Type.String(),
  productName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  author: Type.String({ description: 'The display name the author chose' }),
  status: Status,
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  votes: Type.Integer({ description: 'Votes of customers whose co-creation consent holds' }),
};
const PublicIdea = Type.Object({
  ...IdeaFields,
  voted: Type.Boolean({ description: 'Whether you voted for it' }),
  mine: Type.Boolean({ description: 'Whether you suggested it' }),
});
const StaffIdea = Type.Object({
  ...IdeaFields,
  hidden: Type.Boolean(),
  hiddenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const SuggestBody = Body({
  product: ProductSlug,
  title: Type.String({
    minLength: 1,
    maxLength: TITLE_MAX,
    pattern: '\\S',
    examples: ['A longer frame'],
  }),
  description: Type.String({
    minLength: 1,
    maxLength: DESCRIPTION_MAX,
    pattern: '\\S',
    examples: ['A frame size XL for riders over 1.95 m.'],
  }),
  displayName: Type.Optional(
    Type.String({
      maxLength: DISPLAY_NAME_MAX,
      description: `Shown with the idea instead of your name (default "${DEFAULT_AUTHOR_NAME}")`,
      examples: ['Tall rider'],
    }),
  ),
});

const AnswerBody = Body({
  status: Status,
  answer: Type.Optional(
    Type.Union([
      Type.String({ maxLength: ANSWER_MAX, examples: ['Planned for next spring.'] }),
      Type.Null(),
    ]),
  ),
});

const notConsenting = () =>
  new Forbidden(
    'Suggesting and voting on ideas needs your consent to co-creation; give it in your privacy settings.',
  );

export function registerIdeaRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids, config } = deps;
  registerPersonalDataHolder(ideasHolder);
  const shopTenant = resolveShopTenant(db);

  /** The signed-in customer of this firm who may take part (co-creation consent, checked now). */
  async function participant(request: FastifyRequest, tenant: Tenant): Promise<string> {
    const shopper = shopperOf(request, tenant);
    if (!shopper) throw new Unauthorized('Sign in to suggest options and vote on ideas.');
    if (shopper.kind !== 'customer')
      throw new Forbidden('Ideas are suggested and voted on by customers; staff answer them.');
    if (!(await hasConsent(db, tenant.id, shopper.customerId, 'co-creation')))
      throw notConsenting();
    return shopper.customerId;
  }

  function viewerOf(request: FastifyRequest, tenant: Tenant): string | null {
    const p = request.principal;
    return p && p.tenantId === tenant.id && p.kind === 'customer' ? p.customerId : null;
  }

  app.get(
    '/api/v1/shop/:tenant/ideas',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['ideas'],
        summary:
          'Options customers suggested for the firm’s products, most votes or newest first (anyone)',
        params: TenantParams,
        querystring: ListQuery,
        response: responses({ 200: Type.Object({ items: Type.Array(PublicIdea) }) }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const q = request.query;
      const viewer = viewerOf(request, tenant);
      const rows = await listIdeas(db, tenant.id, {
        ...(q.product === undefined ? {} : { productSlug: q.product }),
        ...(q.status === undefined ? {} : { status: q.status }),
        sort: q.sort ?? 'votes',
        includeHidden: false,
        viewerCustomerId: viewer,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
      return { items: rows.map((r) => publicIdeaView(r, viewer)) };
    },
  );

  app.post(
    '/api/v1/shop/:tenant/ideas',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['ideas'],
        summary:
          'Suggest an option a product does not have (signed-in customers with co-creation consent; plain text)',
        params: TenantParams,
        body: SuggestBody,
        response: responses({ 201: PublicIdea }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const b = request.body;
      assertPlainText({ title: b.title, description: b.description, displayName: b.displayName });
      const customerId = await participant(request, tenant);
      const product = await findProductBySlug(db, tenant.id, b.product);
      if (!product)
        throw new ValidationFailed([
          { field: 'product', message: 'is not a product of this firm' },
        ]);
      const now = clock.now();
      const id = ids.uuid();
      await insertIdea(db, {
        id,
        tenantId: tenant.id,
        productId: product.id,
        customerId,
        authorName: b.displayName?.trim() || DEFAULT_AUTHOR_NAME,
        title: b.title.trim(),
        description: b.description.trim(),
        status: 'open',
        createdAt: now,
        updatedAt: now,
      });
      const row = await findIdea(db, tenant.id, id, {
        includeHidden: false,
        viewerCustomerId: customerId,
      });
      if (!row) throw new NotFound('idea', id);
      return reply.code(201).send(publicIdeaView(row, customerId));
    },
  );

  for (const [method, vote] of [
    ['post', true],
    ['delete', false],
  ] as const) {
    app[method](
      '/api/v1/shop/:tenant/ideas/:id/vote',
      {
        onRequest: shopTenant,
        schema: {
          tags: ['ideas'],
          summary: vote
            ? 'Vote for an idea (once per customer: voting again changes nothing)'
            : 'Take back your vote',
          params: ShopIdParams,
          response: responses({ 200: PublicIdea }),
        },
      },
      async (request) => {
        const tenant = shopTenantOf(request);
        const customerId = await participant(request, tenant);
        const opts = { includeHidden: false, viewerCustomerId: customerId };
        const idea = await findIdea(db, tenant.id, request.params.id, opts);
        if (!idea) throw new NotFound('idea', request.params.id);
        if (vote)
          await addVote(db, {
            id: ids.uuid(),
            tenantId: tenant.id,
            ideaId: idea.id,
            customerId,
            createdAt: clock.now(),
          });
        else await removeVote(db, tenant.id, idea.id, customerId);
        const after = await findIdea(db, tenant.id, idea.id, opts);
        if (!after) throw new NotFound('idea', idea.id);
        return publicIdeaView(after, customerId);
      },
    );
  }

  app.get(
    '/api/v1/ideas',
    {
      onRequest: requireStaff([...STAFF_READERS]),
      schema: {
        tags: ['ideas'],
        summary:
          'Customers’ ideas for the firm’s products, hidden ones too (to answer and moderate)',
        querystring: ListQuery,
        response: responses({ 200: Type.Object({ items: Type.Array(StaffIdea) }) }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const q = request.query;
      const rows = await listIdeas(db, staff.tenantId, {
        ...(q.product === undefined ? {} : { productSlug: q.product }),
        ...(q.status === undefined ? {} : { status: q.status }),
        sort: q.sort ?? 'votes',
        includeHidden: true,
        viewerCustomerId: null,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
      return { items: rows.map(staffIdeaView) };
    },
  );

  app.post(
    '/api/v1/ideas/:id/answer',
    {
      onRequest: requireStaff([...STAFF_ANSWERERS]),
      schema: {
        tags: ['ideas'],
        summary:
          'Answer an idea publicly and set its status (open → planned → done, or declined); its author is told by email',
        params: IdParams,
        body: AnswerBody,
        response: responses({ 200: StaffIdea }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const { status, answer } = request.body;
      assertPlainText({ answer });
      const opts = { includeHidden: true, viewerCustomerId: null };
      return db.transaction(async (tx) => {
        const current = await lockIdea(tx, staff.tenantId, request.params.id);
        const visible = current && (await findIdea(tx, staff.tenantId, current.id, opts));
        if (!current || !visible) throw new NotFound('idea', request.params.id);
        if (!mayMove(current.status, status))
          throw new Conflict(
            `An idea that is ${current.status} can move to ${NEXT_STATUSES[current.status].join(', ') || 'no other status'}.`,
            [{ field: 'status', message: `cannot go from ${current.status} to ${status}` }],
          );
        const newAnswer = answer === undefined ? current.answer : answer?.trim() || null;
        const changed = status !== current.status || newAnswer !== current.answer;
        const now = clock.now();
        if (changed) {
          await updateIdea(tx, staff.tenantId, current.id, {
            status,
            answer: newAnswer,
            answeredAt: newAnswer === current.answer ? current.answeredAt : now,
            updatedAt: now,
          });
          await auditStaffAction({ ...deps, db: tx }, staff, {
            resource: 'idea',
            resourceId: current.id,
            customerId: current.customerId,
          });
          await notify({ ...deps, db: tx }, staff.tenantId, {
            kind: 'idea.answered',
            customerId: current.customerId,
            ideaTitle: current.title,
            status: statusWords[status],
            answer: newAnswer,
            link: `${config.publicUrl}/ideas?idea=${current.id}`,
          });
        }
        const after = await findIdea(tx, staff.tenantId, current.id, opts);
        if (!after) throw new NotFound('idea', current.id);
        return staffIdeaView(after);
      });
    },
  );

  for (const [action, hidden] of [
    ['hide', true],
    ['show', false],
  ] as const) {
    app.post(
      `/api/v1/ideas/:id/${action}`,
      {
        onRequest: requireStaff([...STAFF_ANSWERERS]),
        schema: {
          tags: ['ideas'],
          summary: hidden
            ? 'Hide an idea (moderation): shown to nobody but staff'
            : 'Show a hidden idea again',
          params: IdParams,
          response: responses({ 200: StaffIdea }),
        },
      },
      async (request) => {
        const staff = staffOf(request);
        const opts = { includeHidden: true, viewerCustomerId: null };
        return db.transaction(async (tx) => {
          const current = await lockIdea(tx, staff.tenantId, request.params.id);
          const visible = current && (await findIdea(tx, staff.tenantId, current.id, opts));
          if (!current || !visible) throw new NotFound('idea', request.params.id);
          const now = clock.now();
          await updateIdea(tx, staff.tenantId, current.id, {
            hiddenAt: hidden ? (current.hiddenAt ?? now) : null,
            updatedAt: now,
          });
          await auditStaffAction({ ...deps, db: tx }, staff, {
            resource: 'idea',
            resourceId: current.id,
            customerId: current.customerId,
          });
          const after = await findIdea(tx, staff.tenantId, current.id, opts);
          if (!after) throw new NotFound('idea', current.id);
          return staffIdeaView(after);
        });
      },
    );
  }
}

const statusWords: Record<IdeaStatus, string> = {
  open: 'open',
  planned: 'planned',
  done: 'done',
  declined: 'declined',
};
