// The path a request reached, as the router matched it. The router decodes percent-encoding
// (`/%61pi/v1/…` reaches `/api/v1/…`), so a decision taken on `request.url` can be sidestepped
// by spelling the same address differently; decisions (which requests resolve a principal, are
// rate-limited, share an idempotency record) are taken on the matched route instead.
import type { FastifyRequest } from 'fastify';

/** The route pattern matched (`/api/v1/shop/:tenant/quote`), or null when none matched. */
export function matchedRoute(request: FastifyRequest): string | null {
  return request.routeOptions.url ?? null;
}

/**
 * The matched route with its decoded parameters filled in (`/api/v1/shop/alpha/quote`): the
 * same for every spelling of one address. Null when no route matched.
 */
export function canonicalPath(request: FastifyRequest): string | null {
  const route = matchedRoute(request);
  if (route === null) return null;
  const params = (request.params ?? {}) as Record<string, unknown>;
  return route.replace(/:(\w+)|\*$/g, (_, name: string | undefined) =>
    encodeURIComponent(String(params[name ?? '*'] ?? '')),
  );
}
