// Serves the built web app (packages/web/dist): files as they are, and index.html for every
// other non-API GET (the React router decides what `/console/users` shows).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './http/app-type.ts';

export async function registerWebApp(app: App, webDir: string | null): Promise<boolean> {
  if (!webDir || !existsSync(join(webDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    // Vite puts a content hash in every file name under assets/: they never change.
    setHeaders: (res, path) => {
      if (/[\\/]assets[\\/]/.test(path)) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
  return true;
}

/** For a request no route matched: the SPA's index.html when it is a page request. */
export function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  return !path.startsWith('/api/') && path !== '/api' && path !== '/healthz';
}

export function sendIndexHtml(reply: FastifyReply): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .sendFile('index.html', { cacheControl: false });
}
