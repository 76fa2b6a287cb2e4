// Builds the HTTP application from its dependencies. Nothing here opens sockets or databases:
// the caller (server.ts, or a test) owns those.
import { registerOfferRoutes } from './offers/offers.routes.ts';
import { registerStudioEventRoutes } from './studio-events/studio-events.routes.ts';
import fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'drizzle-orm';
import { registerAccountRoutes } from './accounts/accounts.routes.ts';
import { registerAccountHistoryRoutes } from './accounts/account-history.routes.ts';
import { registerApiKeyRoutes } from './auth/api-keys.routes.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { registerAssetRoutes } from './assets/assets.routes.ts';
import { registerCapacityRoutes } from './capacity/capacity.routes.ts';
import { registerCapacityChangeRoutes } from './capacity/capacity-changes.routes.ts';
import { registerStockRoutes } from './stock/stock.routes.ts';
import { registerProviderRoutes } from './providers/providers.routes.ts';
import { registerCatalogRoutes } from './catalog/catalog.routes.ts';
import { registerOrderRoutes } from './orders/orders.routes.ts';
import { registerCompanyRoutes } from './companies/companies.routes.ts';
import { registerApprovalRoutes } from './approvals/approvals.routes.ts';
import { registerQuoteRoutes } from './quotes/quotes.routes.ts';
import { registerRecommendationRoutes } from './recommendations/recommendations.routes.ts';
import { registerServiceLevelRoutes } from './service-levels/service-levels.routes.ts';
import { registerBidRoutes } from './bids/bids.routes.ts';
import { registerPunchoutRoutes } from './punchout/punchout.routes.ts';
import { registerCustomerValueRoutes } from './insights/customer-value.routes.ts';
import { registerTimelineRoutes } from './insights/timeline.routes.ts';
import { registerCampaignRoutes } from './campaigns/campaigns.routes.ts';
import { registerContractRoutes } from './contracts/contracts.routes.ts';
import { registerLineOrderRoutes } from './contracts/line-orders.routes.ts';
import { registerOrderChangeRoutes } from './orders/order-changes.routes.ts';
import { registerStudioRoutes } from './studio/studio.routes.ts';
import { registerDesignCommentRoutes } from './studio/design-comments.routes.ts';
import { registerGalleryRoutes } from './gallery/gallery.routes.ts';
import { registerIdeaRoutes } from './ideas/ideas.routes.ts';
import { registerModuleDemandRoutes } from './insights/module-demand.routes.ts';
import { checkKeyAccess } from './auth/guards.ts';
import { resolvePrincipal } from './auth/principal.ts';
import type { Clock } from './clock.ts';
import { ComputePool } from './compute/pool.ts';
import type { AppConfig } from './config.ts';
import type { Db } from './db/types.ts';
import type { AppDeps } from './deps.ts';
import type { App } from './http/app-type.ts';
import { HttpProblem } from './http/errors.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { MAX_BODY_BYTES, registerInputChecks } from './http/json-body.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWriteLimits } from './http/write-limits.ts';
import { handleError, sendProblem } from './http/problem.ts';
import { matchedRoute } from './http/route-path.ts';
import { Problem } from './http/schemas.ts';
import type { Ids } from './ids.ts';
import { registerDialogueRoutes } from './dialogue/dialogue.routes.ts';
import { registerFeedbackRoutes } from './dialogue/feedback.ts';
import { registerRevisionRoutes } from './dialogue/revisions.ts';
import { registerNotifyRoutes } from './notify/notify.routes.ts';
import { registerPrivacyRoutes } from './privacy/privacy.routes.ts';
import { registerTenantRoutes } from './tenants/tenants.routes.ts';
import { registerUserRoutes } from './users/users.routes.ts';
import { isPageRequest, registerWebApp, sendIndexHtml } from './web-app.ts';
import { registerInsightReportRoutes } from './insights/insight-reports.routes.ts';

export type BuildAppOptions = {
  db: Db;
  clock: Clock;
  ids: Ids;
  logger: FastifyBaseLogger;
  config: AppConfig;
  /** A compute pool to use; by default the app makes one from `config.compute` and closes it. */
  compute?: ComputePool;
};

/**
 * Every module's routes, in one list. A new module adds its `register<Module>Routes(app, deps)`
 * here; the OpenAPI document, the tenant-isolation and bad-input tests pick its routes up.
 */
export const routeModules: ((app: App, deps: AppDeps) => void | Promise<void>)[] = [
  registerAuthRoutes,
  registerTenantRoutes,
  registerUserRoutes,
  registerApiKeyRoutes,
  registerCatalogRoutes,
  registerAssetRoutes,
  registerCapacityRoutes,
  registerCapacityChangeRoutes,
  registerStockRoutes,
  registerStudioRoutes,
  registerDesignCommentRoutes,
  registerOrderRoutes,
  registerOrderChangeRoutes,
  registerAccountRoutes,
  registerAccountHistoryRoutes,
  registerDialogueRoutes,
  registerRevisionRoutes,
  registerFeedbackRoutes,
  registerNotifyRoutes,
  registerPrivacyRoutes,
  registerProviderRoutes,
  registerBidRoutes,
  registerPunchoutRoutes,
  registerCustomerValueRoutes,
  registerTimelineRoutes,
  registerContractRoutes,
  registerLineOrderRoutes,
  registerCompanyRoutes,
  registerApprovalRoutes,
  registerQuoteRoutes,
  registerRecommendationRoutes,
  registerCampaignRoutes,
  registerOfferRoutes,
  registerServiceLevelRoutes,
  registerInsightReportRoutes,
  registerGalleryRoutes,
  registerIdeaRoutes,
  registerModuleDemandRoutes,
  registerStudioEventRoutes,
];

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const compute = options.compute ?? new ComputePool(options.config.compute);
  const deps: AppDeps = { ...options, compute };
  const app = fastify({
    loggerInstance: options.logger,
    trustProxy: options.config.trustProxy,
    // A proxy's X-Request-Id correlates its logs with ours; otherwise fastify numbers requests.
    requestIdHeader: 'x-request-id',
    bodyLimit: MAX_BODY_BYTES,
  }).withTypeProvider<TypeBoxTypeProvider>() as App;
  // Typebox checks bodies as they are (no coercion: "12" is not a number), params converted.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(handleError);
  if (!options.compute) app.addHook('onClose', () => compute.close());
  // Too deep bodies and NUL characters are refused before any guard or handler sees them.
  registerInputChecks(app);

  await registerSecurityHeaders(app, options.config);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Customerize API',
        version: '1',
        description:
          'Conventions: docs/api.md. Authenticate with the cz_session cookie (send x-csrf-token on writes) or `Authorization: Bearer <API key>`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cz_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI's own policy (hashes of its inline parts), never framed, no upgrade on HTTP.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace('upgrade-insecure-requests;', ''),
  });
  app.addSchema(Problem);

  app.decorateRequest('principal', null);
  app.decorateRequest('tenantScope', null);
  app.addHook('onRequest', async (request) => {
    // On the route matched: `/%61pi/v1/…` reaches the same route and must see the same caller.
    if (!(matchedRoute(request) ?? request.url).startsWith('/api/v1/')) return;
    request.principal = await resolvePrincipal(deps, request);
    request.tenantScope = request.principal?.tenantId ?? null;
    checkKeyAccess(request, request.principal);
  });
  registerWriteLimits(app, deps);
  registerIdempotency(app, deps);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => {
    await options.db.execute(sql`select 1`);
    return { status: 'ok' };
  });

  for (const register of routeModules) await register(app, deps);

  const servesWeb = await registerWebApp(app, options.config.webDir);
  app.setNotFoundHandler((request, reply) => {
    if (isPageRequest(request)) {
      if (servesWeb) return sendIndexHtml(reply);
      return sendProblem(
        reply,
        new HttpProblem(
          404,
          'not-found',
          'Not found',
          'The web app is not built here: run `npm run build:web`.',
        ),
      );
    }
    return sendProblem(
      reply,
      new HttpProblem(
        404,
        'not-found',
        'Not found',
        `Nothing at ${request.method} ${request.url.split('?')[0]}.`,
      ),
    );
  });
  return app;
}
