// Console routes of the catalog: product families, model versions (upload, check, publish).
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses, Uuid } from '../http/schemas.ts';
import { productView, proveInPool, publishVersion, versionView } from './catalog.ts';
import {
  getProduct,
  getVersion,
  insertProduct,
  insertVersion,
  listProducts,
  listVersions,
  publishedVersions,
} from './catalog.store.ts';
import { ExtendedProblem } from '../shop/shop-schemas.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { limitsOf } from './serving.ts';

const Format = Type.Union([Type.Literal('yaml'), Type.Literal('json')]);
const Issue = Type.Object({
  severity: Type.String(),
  message: Type.String(),
  path: Type.String(),
  line: Type.Union([Type.Integer(), Type.Null()]),
  column: Type.Union([Type.Integer(), Type.Null()]),
});
const Stats = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]);
const VersionSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  status: Type.String(),
  createdAt: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  issues: Type.Array(Issue),
  stats: Stats,
  cost: Stats,
});
const ProductSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  createdAt: Type.String(),
  publishedVersion: Type.Union([
    Type.Object({ id: Type.String(), number: Type.Integer() }),
    Type.Null(),
  ]),
});
const ProductDetail = Type.Intersect([
  ProductSchema,
  Type.Object({ versions: Type.Array(VersionSchema) }),
]);
const VersionDetail = Type.Intersect([
  VersionSchema,
  Type.Object({
    productId: Type.String(),
    format: Type.String(),
    source: Type.String(),
    model: Type.Unknown(),
  }),
]);
const VersionParams = Type.Object({ id: Uuid, versionId: Uuid });
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const designers = requireStaff(['owner', 'designer']);

/** Model computation answers with problems that carry figures (422) or Retry-After (503). */
const computeProblems = { 400: ExtendedProblem, 422: ExtendedProblem, 503: ExtendedProblem };

export function registerCatalogRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids, compute } = deps;

  app.get(
    '/api/v1/products',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['catalog'],
        summary: 'Product families',
        response: responses({ 200: Type.Array(ProductSchema) }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const published = new Map(
        (await publishedVersions(db, tenantId)).map((v) => [v.productId, v]),
      );
      return (await listProducts(db, tenantId)).map((p) => productView(p, published.get(p.id)));
    },
  );

  app.post(
    '/api/v1/products',
    {
      onRequest: designers,
      schema: {
        tags: ['catalog'],
        summary: 'Add a product family (its models come as versions)',
        body: Body({
          slug: Type.String({
            minLength: 1,
            maxLength: 80,
            description: 'lowercase-with-dashes, used in shop URLs',
          }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          description: Type.Optional(Type.String({ maxLength: 5000 })),
        }),
        response: responses({ 201: ProductSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      if (!SLUG.test(request.body.slug)) {
        throw new ValidationFailed([
          { field: 'slug', message: 'must be lowercase letters, digits and single dashes' },
        ]);
      }
      const product = await insertProduct(db, {
        id: ids.uuid(),
        tenantId,
        slug: request.body.slug,
        name: request.body.name.trim(),
        description: request.body.description ?? '',
        now: clock.now(),
      }).catch((error: unknown) => {
        throw isUniqueViolation(error)
          ? new Conflict('A product with this slug exists.', [
              { field: 'slug', message: 'is already in use' },
            ])
          : error;
      });
      return reply.code(201).send(productView(product, undefined));
    },
  );

  app.get(
    '/api/v1/products/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['catalog'],
        summary: 'A product family with its versions',
        params: IdParams,
        response: responses({ 200: ProductDetail }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const product = await getProduct(db, tenantId, request.params.id);
      if (!product) throw new NotFound('product', request.params.id);
      const versions = await listVersions(db, tenantId, product.id);
      return {
        ...productView(
          product,
          versions.find((v) => v.status === 'published'),
        ),
        versions: versions.map(versionView),
      };
    },
  );

  app.post(
    '/api/v1/products/model-check',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['catalog'],
        summary: 'Check a model (parse, consistency, compile) without saving it',
        body: Body({ source: Type.String({ maxLength: 2_000_000 }), format: Format }),
        response: responses({
          200: Type.Object({
            ok: Type.Boolean(),
            issues: Type.Array(Issue),
            stats: Type.Optional(Stats),
          }),
          ...computeProblems,
        }),
      },
    },
    async (request) => {
      // Parsing, compiling and counting an uploaded model can take unbounded time: in a worker.
      const checked = await compute.run(
        'check',
        { source: request.body.source, format: request.body.format, count: true },
        { tenant: staffOf(request).tenantId },
      );
      return {
        ok: checked.model !== null,
        issues: checked.issues,
        ...(checked.stats
          ? {
              stats: {
                backend: checked.stats.backend,
                nodes: checked.stats.nodes,
                compileMs: Math.round(checked.stats.compileMs),
                count: checked.count,
              },
            }
          : {}),
      };
    },
  );

  app.post(
    '/api/v1/products/:id/versions',
    {
      onRequest: designers,
      schema: {
        tags: ['catalog'],
        summary: 'Upload a model as a new draft version',
        params: IdParams,
        body: Body({ source: Type.String({ maxLength: 2_000_000 }), format: Format }),
        response: responses({ 201: VersionSchema, ...computeProblems }),
      },
    },
    async (request, reply) => {
      const principal = staffOf(request);
      const product = await getProduct(db, principal.tenantId, request.params.id);
      if (!product) throw new NotFound('product', request.params.id);
      const checked = await compute.run(
        'check',
        { source: request.body.source, format: request.body.format, count: false },
        { tenant: principal.tenantId },
      );
      if (!checked.model) {
        const errors = checked.issues.filter((i) => i.severity === 'error');
        throw new ValidationFailed(
          errors.map((i) => ({
            field: 'source',
            message: `${i.line !== null ? `line ${i.line}${i.column !== null ? `:${i.column}` : ''}: ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}`,
            line: i.line,
            column: i.column,
          })),
          `The model has ${errors.length} error(s); the first: ${errors[0]?.message ?? 'unknown'}`,
        );
      }
      const version = await db.transaction((tx) =>
        insertVersion(tx, {
          id: ids.uuid(),
          tenantId: principal.tenantId,
          productId: product.id,
          format: request.body.format,
          source: request.body.source,
          model: checked.model!,
          issues: checked.issues,
          createdBy: 'userId' in principal ? principal.userId : null,
          createdAt: clock.now(),
        }),
      );
      return reply.code(201).send(versionView(version));
    },
  );

  const readVersion = async (tenantId: string, versionId: string, productId?: string) => {
    const version = await getVersion(db, tenantId, versionId);
    if (!version || (productId !== undefined && version.productId !== productId))
      throw new NotFound('product version', versionId);
    return {
      ...versionView(version),
      productId: version.productId,
      format: version.format,
      source: version.source,
      model: version.model,
    };
  };
  // Publishing proves the model cheap enough to serve: compiled and measured in a worker under
  // the firm's limits (outside any transaction), then stored with its figures and serving facts.
  const publish = async (tenantId: string, versionId: string, productId?: string) => {
    const draft = await getVersion(db, tenantId, versionId);
    if (!draft || (productId !== undefined && draft.productId !== productId))
      throw new NotFound('product version', versionId);
    if (draft.status !== 'draft')
      return versionView(await publishVersion(db, draft, clock.now(), null));
    const tenant = await getTenant(db, tenantId);
    if (!tenant) throw new NotFound('tenant');
    const proven = await proveInPool(deps, tenantId, draft.model, limitsOf(tenant.settings));
    return db.transaction(async (tx) => {
      const version = await getVersion(tx, tenantId, versionId);
      if (!version) throw new NotFound('product version', versionId);
      return versionView(await publishVersion(tx, version, clock.now(), proven));
    });
  };

  // The contract's nested paths, and single-id paths (documented in OpenAPI) for the same thing.
  app.get(
    '/api/v1/products/:id/versions/:versionId',
    {
      onRequest: requireStaff(),
      schema: { hide: true, params: VersionParams, response: responses({ 200: VersionDetail }) },
    },
    async (request) =>
      readVersion(staffOf(request).tenantId, request.params.versionId, request.params.id),
  );
  app.get(
    '/api/v1/product-versions/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['catalog'],
        summary: 'A version with its source and model (also at /products/:id/versions/:versionId)',
        params: IdParams,
        response: responses({ 200: VersionDetail }),
      },
    },
    async (request) => readVersion(staffOf(request).tenantId, request.params.id),
  );
  app.post(
    '/api/v1/products/:id/versions/:versionId/publish',
    {
      onRequest: designers,
      schema: {
        hide: true,
        params: VersionParams,
        response: responses({ 200: VersionSchema, ...computeProblems }),
      },
    },
    async (request) =>
      publish(staffOf(request).tenantId, request.params.versionId, request.params.id),
  );
  app.post(
    '/api/v1/product-versions/:id/publish',
    {
      onRequest: designers,
      schema: {
        tags: ['catalog'],
        summary:
          'Publish a draft (immutable; the previous published version retires). Also at /products/:id/versions/:versionId/publish',
        params: IdParams,
        response: responses({ 200: VersionSchema, ...computeProblems }),
      },
    },
    async (request) => publish(staffOf(request).tenantId, request.params.id),
  );
}
