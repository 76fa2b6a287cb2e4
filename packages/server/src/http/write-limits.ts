// Rate limits on every write (POST, PUT, PATCH, DELETE) that a guest or a customer makes, per
// client address and per firm. One hook covers every route, so a new route cannot forget it;
// staff and API keys are not limited here (they are the firm's own). Counters live in the
// database (auth/rate-limit.ts), so the limits hold across server processes.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { hit, type RateLimit } from '../auth/rate-limit.ts';
import type { App } from './app-type.ts';
import { TooManyRequests } from './errors.ts';
import { matchedRoute } from './route-path.ts';

/**
 * `order`: placing orders (they book capacity), much stricter; `write`: everything else.
 * A route picks its class with `config: { writeLimit: 'order' }`.
 */
export type WriteLimitClass = 'write' | 'order';

export type WriteLimits = Record<WriteLimitClass, { perClient: RateLimit; perFirm: RateLimit }>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which write limit applies to guests and customers (default `write`). */
    writeLimit?: WriteLimitClass;
  }
}

/** A positive whole number from the environment, else `fallback` (operators tune limits). */
function envLimit(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/**
 * Defaults; operators may change the per-client and per-firm counts with WRITE_LIMIT_PER_CLIENT,
 * WRITE_LIMIT_PER_FIRM (per minute), ORDER_LIMIT_PER_CLIENT and ORDER_LIMIT_PER_FIRM (per hour).
 */
export const defaultWriteLimits: WriteLimits = {
  write: {
    perClient: { limit: envLimit('WRITE_LIMIT_PER_CLIENT', 120), windowMs: 60_000 },
    perFirm: { limit: envLimit('WRITE_LIMIT_PER_FIRM', 3_000), windowMs: 60_000 },
  },
  order: {
    perClient: { limit: envLimit('ORDER_LIMIT_PER_CLIENT', 10), windowMs: 60 * 60_000 },
    perFirm: { limit: envLimit('ORDER_LIMIT_PER_FIRM', 300), windowMs: 60 * 60_000 },
  },
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The client a limit counts: the IPv4 address, or the /64 network of an IPv6 address (one
 * subscriber usually has a whole /64 and could rotate through it).
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function registerWriteLimits(app: App, deps: AppDeps): void {
  // preParsing: after the route's own onRequest hooks (guards; shop routes set tenantScope),
  // before the body is read.
  app.addHook('preParsing', async (request: FastifyRequest) => {
    // The API, and the punch-out pages' form posts (the only writes outside /api). Decided on
    // the route matched, so a percent-encoded spelling of the path is limited the same.
    const route = matchedRoute(request) ?? request.url;
    const limited = route.startsWith('/api/') || route.startsWith('/punchout/');
    if (!WRITES.has(request.method) || !limited) return;
    const p = request.principal;
    // The firm's own staff, in their own firm (not in another firm's shop).
    if (p?.kind === 'staff' && (request.tenantScope ?? p.tenantId) === p.tenantId) return;
    const name = request.routeOptions.config?.writeLimit ?? 'write';
    const rules = deps.config.writeLimits[name];
    const now = deps.clock.now();
    const buckets: [string, RateLimit][] = [
      [`${name}:client:${clientKey(request.ip)}`, rules.perClient],
    ];
    if (request.tenantScope) buckets.push([`${name}:firm:${request.tenantScope}`, rules.perFirm]);
    for (const [bucket, rule] of buckets) {
      const outcome = await hit(deps.db, bucket, rule, now);
      if (!outcome.allowed)
        throw new TooManyRequests(
          outcome.retryAfterSeconds,
          `Too many requests${bucket.includes(':firm:') ? ' to this shop' : ' from your address'}; try again in ${outcome.retryAfterSeconds} s.`,
        );
    }
  });
}
