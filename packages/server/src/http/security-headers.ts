// Security headers on every answer, through @fastify/helmet: a strict Content-Security-Policy
// (scripts and styles only from our own origin, no inline script), no framing of the console or
// the API (frame-ancestors 'none', X-Frame-Options: DENY), nosniff, a strict Referrer-Policy,
// and HSTS when the server is reached over HTTPS. Studio pages (the shop a firm may embed in its
// own site) may be framed by the origins the operator lists (STUDIO_EMBED_ORIGINS).
import fastifyHelmet from '@fastify/helmet';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config.ts';
import type { App } from './app-type.ts';

/** The policy every answer carries; a page that needs more (punch-out return) extends it. */
export const cspDirectives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  // The favicon is a data: URI; product images may be drawn from blobs.
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** Customer-area pages that show the studio, which a firm may embed (everything else: never). */
export function isStudioPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  return (
    path === '/' || path === '/compare' || path.startsWith('/p/') || path.startsWith('/designs/')
  );
}

export async function registerSecurityHeaders(app: App, config: AppConfig): Promise<void> {
  const overTls = config.publicUrl.startsWith('https:');
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Browsers ignore HSTS over plain HTTP; sent when customers reach us over HTTPS.
    strictTransportSecurity: overTls
      ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true }
      : false,
  });
  const embedders = config.studioEmbedOrigins;
  if (embedders.length === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    if (!isStudioPage(request)) return;
    await reply.helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { ...cspDirectives, frameAncestors: ["'self'", ...embedders] },
      },
      frameguard: false,
    });
    // frame-ancestors decides; X-Frame-Options cannot name several origins.
    reply.raw.removeHeader('x-frame-options');
  });
}
