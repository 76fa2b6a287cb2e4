// The DealTime comparison over HTTP: a finished design's price and date at every provider able to
// build it. Public like POST /quote (guests compare too) and limited like every shop write
// (http/write-limits.ts); the work is per provider what /quote does once, so it stays on the
// event loop (comparison.ts). The chosen provider's id goes into POST /orders as `providerId`.
import { assertInApprovedSpace } from '../companies/approved-space.ts';
import { designContractFor } from '../contracts/buyer-contract.ts';
import { Type } from 'typebox';
import { compiledVersion, ensureProven } from '../catalog/catalog.ts';
import { getVersionSummary } from '../catalog/catalog.store.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound } from '../http/errors.ts';
import { Body, responses, Uuid } from '../http/schemas.ts';
import { OrderRefused } from '../orders/place-order.ts';
import { availableDiscount } from '../privacy/rewards.ts';
import { Choices, ExtendedProblem, Personalization } from '../shop/shop-schemas.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { compareProviders } from './comparison.ts';

const ProviderQuoteSchema = Type.Object(
  {
    provider: Type.Object({
      id: Type.Union([Type.String(), Type.Null()], {
        description: 'null: the firm’s own workshop',
      }),
      name: Type.String(),
    }),
    total: Type.Integer({ description: 'minor units of `currency`' }),
    currency: Type.String(),
    promisedDate: Type.String({ format: 'date' }),
    leadTimeDays: Type.Integer(),
  },
  { additionalProperties: false },
);

export function registerComparisonRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;

  app.post(
    '/api/v1/shop/:tenant/provider-quotes',
    {
      onRequest: resolveShopTenant(db),
      schema: {
        tags: ['shop'],
        summary:
          'Compare providers: a finished design’s price and delivery date at every provider able to build it, cheapest then earliest first',
        params: Type.Object({ tenant: Type.String({ maxLength: 100 }) }),
        body: Body({
          versionId: Uuid,
          choices: Choices,
          personalization: Type.Optional(Personalization),
        }),
        response: responses({
          200: Type.Object({ quotes: Type.Array(ProviderQuoteSchema) }),
          409: ExtendedProblem,
        }),
      },
    },
    async (request) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const { versionId, choices } = request.body;
      const version = await getVersionSummary(db, tenant.id, versionId);
      if (!version || version.status === 'draft') throw new NotFound('product version', versionId);
      if (version.status !== 'published')
        throw new OrderRefused(
          'outdated',
          `This design was made with version ${version.number} of the product, which has been replaced. Open it again to compare under the current version.`,
          { versionId: version.id },
        );
      await ensureProven(deps, tenant.id, version.id);
      const compiled = await compiledVersion(db, tenant.id, version.id);
      // A company member compares only designs the company approved (issue 12, portal).
      if (shopper?.kind === 'customer')
        await assertInApprovedSpace(
          db,
          tenant.id,
          shopper.customerId,
          version.productId,
          compiled,
          choices,
        );
      // A signed-in customer sees what their order will cost: their reward taken off, as /quote.
      const reward =
        shopper?.kind === 'customer'
          ? await availableDiscount(db, tenant.id, shopper.customerId, version.model.currency)
          : null;
      const quotes = await compareProviders(
        db,
        tenant,
        compiled,
        version.productId,
        { choices, personalization: request.body.personalization ?? {} },
        clock.now(),
        reward,
        shopper?.kind === 'customer'
          ? await designContractFor(
              db,
              tenant.id,
              shopper.customerId,
              version.productId,
              compiled,
              choices,
            )
          : null,
      );
      return { quotes };
    },
  );
}
