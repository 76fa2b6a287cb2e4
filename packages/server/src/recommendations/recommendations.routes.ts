// POST /api/v1/shop/:tenant/recommendations — "customers like you chose" for the open choices
// and whole designs completing the current ones, every one checked by the engine in the
// product's current published version (docs/recommendations.md). Personal (the customer's own
// orders and designs weigh in) only with the personalization consent, through usePersonalData;
// otherwise, and for guests, popular among customers — and the answer says which.
//
// Engine work here is what the quote route does: `validate` of complete designs on an already
// proven model (linear in the model), at most MAX_CHECKS per request, in-process; nothing that
// can run long (domains, optimize) is computed on the server for it.
import { Type } from 'typebox';
import { normalizeChoices } from '@customerize/engine';
import { assertInApprovedSpace } from '../companies/approved-space.ts';
import { compiledVersion, servingFactsOf } from '../catalog/catalog.ts';
import { getVersionSummary, publishedVersions } from '../catalog/catalog.store.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, responses, Uuid } from '../http/schemas.ts';
import { Choices } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { recommendFor } from './recommend-for.ts';
import { learnInPool, StatsCache } from './stats-cache.ts';

const ChoiceValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const Labelled = {
  feature: Type.String({ example: 'brakes' }),
  featureLabel: Type.String({ example: 'Brakes' }),
  value: ChoiceValue,
  valueLabel: Type.String({ example: 'Hydraulic disc' }),
};
const RecommendationsSchema = Type.Object({
  /** `personal`: the customer's own history weighed in (with their personalization consent);
   * `popular`: what customers chose, nothing of the asker's history. */
  basis: Type.Union([Type.Literal('personal'), Type.Literal('popular')]),
  versionId: Type.String(),
  next: Type.Array(
    Type.Object({
      ...Labelled,
      reason: Type.String({ example: 'Hydraulic disc: chosen with Carbon by 12 customers' }),
      customers: Type.Integer({ minimum: 0 }),
    }),
  ),
  designs: Type.Array(
    Type.Object({
      choices: Choices,
      adds: Type.Array(Type.Object(Labelled)),
      reason: Type.String({ example: 'Completes your choices as 7 customers chose the rest' }),
      customers: Type.Integer({ minimum: 0 }),
    }),
  ),
});

export function registerRecommendationRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;
  const shopTenant = resolveShopTenant(db);
  const cache = new StatsCache(db, clock, learnInPool(deps.compute, db));

  app.post(
    '/api/v1/shop/:tenant/recommendations',
    {
      onRequest: shopTenant,
      schema: {
        tags: ['shop'],
        summary:
          'Suggestions that can be built for the open choices and whole designs completing the current ones (personal only with consent)',
        params: Type.Object({ tenant: Type.String({ maxLength: 100 }) }),
        body: Body({
          versionId: Uuid,
          choices: Choices,
          feature: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'Only values of this feature (the studio’s next choice).',
            }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
        }),
        response: responses({ 200: RecommendationsSchema }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const body = request.body;
      const version = await getVersionSummary(db, tenant.id, body.versionId);
      if (!version || version.status === 'draft')
        throw new NotFound('product version', body.versionId);
      const [published] = await publishedVersions(db, tenant.id, [version.productId]);
      if (published?.id !== version.id)
        throw new Conflict(
          'Recommendations are made for the product’s current published version; open the product again.',
          [{ field: 'versionId', message: `must be the published version ${published?.id ?? ''}` }],
        );
      const facts = await servingFactsOf(deps, version);
      const compiled = await compiledVersion(db, tenant.id, version.id);
      const { choices, errors } = normalizeChoices(compiled, body.choices);
      if (errors.length > 0)
        throw new ValidationFailed(
          errors.map((e) => ({
            field: e.field ? `choices.${e.field}` : 'choices',
            message: e.message,
          })),
        );
      if (body.feature !== undefined && !compiled.ir.featureIndex.has(body.feature))
        throw new ValidationFailed([
          { field: 'feature', message: `the product has no feature '${body.feature}'` },
        ]);
      const customerId = shopper?.kind === 'customer' ? shopper.customerId : null;
      // A company member asks within what the company approved, and is suggested nothing else.
      await assertInApprovedSpace(db, tenant.id, customerId, version.productId, compiled, choices);
      const result = await recommendFor(deps, cache, {
        tenantId: tenant.id,
        customerId,
        productId: version.productId,
        versionId: version.id,
        compiled,
        facts,
        choices,
        ...(body.feature !== undefined ? { feature: body.feature } : {}),
        limit: body.limit ?? 5,
      });
      return {
        basis: result.basis,
        versionId: version.id,
        next: result.next,
        designs: result.designs,
      };
    },
  );
}
