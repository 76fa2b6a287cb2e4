// Company portals: the firm's staff (owner, sales) set companies up — address, logo, locations,
// approved configurations; a company's own people see only their company's portal, and its
// admin manages it. Anyone else asking for a company's portal gets 404, as if none existed.
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { principalOf, requireCustomer, requireStaff, staffOf } from '../auth/guards.ts';
import { assetExists } from '../assets/assets.store.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import { getProduct, publishedVersions } from '../catalog/catalog.store.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, IdParams, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { ExtendedProblem } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import type { BusinessAccount, Customer } from '../users/users.ts';
import { compileSpace, type SpaceInput } from './approved-space.ts';
import {
  approvedConfigurationView,
  companyView,
  isCompanyAdmin,
  locationView,
  memberView,
} from './companies.ts';
import {
  findCompanyBySlug,
  getApprovedConfiguration,
  insertApprovedConfiguration,
  insertLocation,
  listApprovedConfigurations,
  listCompanyMembers,
  listLocations,
  updateCompany,
} from './companies.store.ts';

const Value = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', examples: ['acme'] });
const Address = Type.Object(
  {
    label: Type.String({ maxLength: 100 }),
    lines: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 4 }),
    postalCode: Type.String({ maxLength: 20 }),
    city: Type.String({ maxLength: 100 }),
    country: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);
const Currency = Type.String({ pattern: '^[A-Z]{3}$', examples: ['EUR'] });

export const CompanySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.Union([Type.String(), Type.Null()]),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  logoAssetKey: Type.Union([Type.String(), Type.Null()]),
  portalPath: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
const LocationSchema = Type.Object({
  id: Type.String(),
  companyId: Type.String(),
  name: Type.String(),
  billingAddress: Address,
  shippingAddress: Address,
  budget: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.String(),
  createdAt: Timestamp,
});
const ApprovedSchema = Type.Object({
  id: Type.String(),
  companyId: Type.String(),
  productId: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('fixed'), Type.Literal('space')]),
  allowed: Type.Record(Type.String(), Type.Array(Value)),
  fixed: Type.Record(Type.String(), Value),
  rules: Type.Array(Type.String()),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const MemberSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.String(), Type.Null()]),
});
const PortalConfiguration = Type.Object({
  configuration: ApprovedSchema,
  product: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
});
const PortalSchema = Type.Object({
  company: CompanySchema,
  /** The caller's role in the company. */
  role: Type.Union([Type.String(), Type.Null()]),
  configurations: Type.Array(PortalConfiguration),
  /** For the company admin (and the firm's staff) only; empty for the others. */
  locations: Type.Array(LocationSchema),
  people: Type.Array(MemberSchema),
});

const LocationBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  billingAddress: Address,
  shippingAddress: Address,
  budget: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1e12 }), Type.Null()])),
  currency: Currency,
});
const ApprovedBody = Body({
  productId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Union([Type.Literal('fixed'), Type.Literal('space')]),
  allowed: Type.Optional(
    Type.Record(Type.String({ maxLength: 100 }), Type.Array(Value, { maxItems: 500 }), {
      maxProperties: 500,
    }),
  ),
  fixed: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Value, { maxProperties: 500 })),
  rules: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 20 }),
  ),
});
const PortalParams = Type.Object({ tenant: Type.String({ maxLength: 100 }), slug: Slug });

type LocationInput = Static<typeof LocationBody>;
type ApprovedInput = Static<typeof ApprovedBody>;

export function registerCompanyRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;
  const shopTenant = resolveShopTenant(db);

  const companyOr404 = async (tenantId: string, id: string) => {
    const company = await getBusinessAccount(db, tenantId, id);
    if (!company) throw new NotFound('company', id);
    return company;
  };

  const tenantOf = async (tenantId: string) => (await getTenant(db, tenantId))!;

  const portal = async (
    tenant: Tenant,
    company: BusinessAccount,
    viewer: { role: Customer['businessRole']; manages: boolean },
  ) => {
    const configs = await listApprovedConfigurations(db, tenant.id, company.id);
    const configurations = [];
    for (const c of configs) {
      const product = await getProduct(db, tenant.id, c.productId);
      if (!product) continue;
      configurations.push({
        configuration: approvedConfigurationView(c),
        product: { id: product.id, slug: product.slug, name: product.name },
      });
    }
    return {
      company: companyView(tenant, company),
      role: viewer.role,
      configurations,
      locations: viewer.manages
        ? (await listLocations(db, tenant.id, company.id)).map(locationView)
        : [],
      people: viewer.manages
        ? (await listCompanyMembers(db, tenant.id, company.id)).map(memberView)
        : [],
    };
  };

  const addLocation = async (tenantId: string, companyId: string, body: LocationInput) => {
    const now = clock.now();
    try {
      return await insertLocation(db, {
        id: ids.uuid(),
        tenantId,
        companyId,
        name: body.name.trim(),
        billingAddress: body.billingAddress,
        shippingAddress: body.shippingAddress,
        budget: body.budget ?? null,
        currency: body.currency,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new Conflict('The company has a location of this name already.', [
        { field: 'name', message: 'is already in use' },
      ]);
    }
  };

  /** Checked against the product's published model (400/422), then stored. */
  const approve = async (tenantId: string, company: BusinessAccount, body: ApprovedInput) => {
    const product = await getProduct(db, tenantId, body.productId);
    if (!product) throw new NotFound('product', body.productId);
    const [version] = await publishedVersions(db, tenantId, [product.id]);
    if (!version)
      throw new ValidationFailed([{ field: 'productId', message: 'the product is not published' }]);
    const compiled = await compiledVersion(db, tenantId, version.id);
    const input: SpaceInput = {
      kind: body.kind,
      allowed: body.allowed ?? {},
      fixed: body.fixed ?? {},
      rules: body.rules ?? [],
    };
    const space = compileSpace(compiled, input, { id: 'check', company: company.name });
    const now = clock.now();
    // Stored canonical: the values as the model names them.
    const fixed = Object.fromEntries(
      Object.keys(input.fixed).map((f) => [f, space.restriction.allowed[f]![0]!]),
    );
    const allowed = Object.fromEntries(
      Object.keys(input.allowed).map((f) => [f, space.restriction.allowed[f]!]),
    );
    try {
      return await insertApprovedConfiguration(db, {
        id: ids.uuid(),
        tenantId,
        companyId: company.id,
        productId: product.id,
        name: body.name.trim(),
        kind: body.kind,
        allowed,
        fixed,
        rules: input.rules,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new Conflict('The company has an approved configuration of this name already.', [
        { field: 'name', message: 'is already in use' },
      ]);
    }
  };

  // ---- The firm's staff ----

  app.get(
    '/api/v1/business-accounts/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['companies'],
        summary: 'A company: its portal, approved configurations, locations and people',
        params: IdParams,
        response: responses({ 200: PortalSchema }),
      },
    },
    async (request) => {
      const tenant = await tenantOf(staffOf(request).tenantId);
      const company = await companyOr404(tenant.id, request.params.id);
      return portal(tenant, company, { role: null, manages: true });
    },
  );

  app.patch(
    '/api/v1/business-accounts/:id',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['companies'],
        summary: 'Set a company’s portal address (slug) and logo (an asset key)',
        params: IdParams,
        body: Body({
          slug: Type.Optional(Type.Union([Slug, Type.Null()])),
          logoAssetKey: Type.Optional(
            Type.Union([Type.String({ minLength: 1, maxLength: 300 }), Type.Null()]),
          ),
        }),
        response: responses({ 200: CompanySchema }),
      },
    },
    async (request) => {
      const tenant = await tenantOf(staffOf(request).tenantId);
      await companyOr404(tenant.id, request.params.id);
      const { slug, logoAssetKey } = request.body;
      if (logoAssetKey && !(await assetExists(db, tenant.id, logoAssetKey)))
        throw new ValidationFailed([
          { field: 'logoAssetKey', message: 'no asset of this key; upload the logo first' },
        ]);
      try {
        const company = await updateCompany(db, tenant.id, request.params.id, {
          ...(slug !== undefined ? { slug } : {}),
          ...(logoAssetKey !== undefined ? { logoAssetKey } : {}),
        });
        return companyView(tenant, company!);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw new Conflict('Another company uses this address.', [
          { field: 'slug', message: 'is already in use' },
        ]);
      }
    },
  );

  app.post(
    '/api/v1/business-accounts/:id/locations',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['companies'],
        summary: 'Add a location / cost center (addresses, budget in minor units)',
        params: IdParams,
        body: LocationBody,
        response: responses({ 201: LocationSchema }),
      },
    },
    async (request, reply) => {
      const { tenantId } = staffOf(request);
      const company = await companyOr404(tenantId, request.params.id);
      return reply
        .code(201)
        .send(locationView(await addLocation(tenantId, company.id, request.body)));
    },
  );

  app.post(
    '/api/v1/business-accounts/:id/approved-configurations',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['companies'],
        summary:
          'Approve a configuration for a company: a fixed design or a space (fixed and limited features, company rules)',
        params: IdParams,
        body: ApprovedBody,
        response: responses({ 201: ApprovedSchema, 409: ExtendedProblem, 422: ExtendedProblem }),
      },
    },
    async (request, reply) => {
      const { tenantId } = staffOf(request);
      const company = await companyOr404(tenantId, request.params.id);
      const config = await approve(tenantId, company, request.body);
      return reply.code(201).send(approvedConfigurationView(config));
    },
  );

  app.get(
    '/api/v1/approved-configurations/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['companies'],
        summary: 'An approved configuration',
        params: IdParams,
        response: responses({ 200: ApprovedSchema }),
      },
    },
    async (request) => {
      const config = await getApprovedConfiguration(
        db,
        staffOf(request).tenantId,
        request.params.id,
      );
      if (!config) throw new NotFound('approved configuration', request.params.id);
      return approvedConfigurationView(config);
    },
  );

  // ---- The company's own people, in the firm's shop ----

  /** The signed-in member of the company at `slug`; anyone else: 404 (nothing revealed). */
  const memberAt = async (request: FastifyRequest, on: Db = db) => {
    const tenant = shopTenantOf(request);
    const { slug } = request.params as { slug: string };
    const shopper = shopperOf(request, tenant);
    const company = await findCompanyBySlug(on, tenant.id, slug);
    const customer =
      shopper?.kind === 'customer' ? await getCustomer(on, tenant.id, shopper.customerId) : null;
    if (!company || !customer || customer.businessAccountId !== company.id)
      throw new NotFound('company portal', slug);
    return { tenant, company, customer };
  };

  /** The signed-in company admin and their company (the only one they can manage). */
  const adminOfOwnCompany = async (request: FastifyRequest) => {
    const p = principalOf(request);
    if (p.kind !== 'customer') throw new Forbidden('This is for a company’s admin.');
    const customer = await getCustomer(db, p.tenantId, p.customerId);
    const company = customer?.businessAccountId
      ? await getBusinessAccount(db, p.tenantId, customer.businessAccountId)
      : null;
    if (!customer || !company) throw new Forbidden('You are not a member of a company.');
    if (!isCompanyAdmin(customer))
      throw new Forbidden(
        `This needs the company role admin; you are ${customer.businessRole ?? 'a member'}.`,
      );
    return { tenantId: p.tenantId, company };
  };

  app.get(
    '/api/v1/shop/:tenant/company/:slug',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary: 'A company’s portal, for its own people: name, logo, approved configurations',
        params: PortalParams,
        response: responses({ 200: PortalSchema }),
      },
    },
    async (request) => {
      const { tenant, company, customer } = await memberAt(request);
      return portal(tenant, company, {
        role: customer.businessRole,
        manages: isCompanyAdmin(customer),
      });
    },
  );

  app.post(
    '/api/v1/company/locations',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['companies'],
        summary: 'The company admin adds a location / cost center to their company',
        body: LocationBody,
        response: responses({ 201: LocationSchema }),
      },
    },
    async (request, reply) => {
      const { tenantId, company } = await adminOfOwnCompany(request);
      return reply
        .code(201)
        .send(locationView(await addLocation(tenantId, company.id, request.body)));
    },
  );

  app.post(
    '/api/v1/company/approved-configurations',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['companies'],
        summary: 'The company admin approves a configuration (a fixed design or a space)',
        body: ApprovedBody,
        response: responses({ 201: ApprovedSchema, 409: ExtendedProblem, 422: ExtendedProblem }),
      },
    },
    async (request, reply) => {
      const { tenantId, company } = await adminOfOwnCompany(request);
      const config = await approve(tenantId, company, request.body);
      return reply.code(201).send(approvedConfigurationView(config));
    },
  );
}
