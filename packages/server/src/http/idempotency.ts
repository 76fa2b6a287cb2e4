// Idempotency-Key support for POST requests. The first response for (tenant, route, key) is
// stored and replayed to retries, so a retried request never creates twice. The same key with a
// different body answers 422; a retry while the first is still running answers 409.
// State lives in the database (idempotency_records), so it holds across server processes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { sha256 } from '../auth/tokens.ts';
import { Conflict, IdempotencyKeyReused, ValidationFailed } from './errors.ts';
import { idempotencyRecords } from './idempotency.schema.ts';
import type { App } from './app-type.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Stored responses are replayed for this long; after that the key may be reused. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A first request that has not finished after this long is considered abandoned. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { tenantId: string; route: string; key: string } | null;
  }
}

export function registerIdempotency(app: App, deps: AppDeps): void {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request, reply) => {
    // Returning the reply tells fastify a stored response was sent and the handler must not run.
    if (await claim(deps, request, reply)) return reply;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    await settle(deps, request, reply, payload);
    return payload;
  });
}

async function claim(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (request.method !== 'POST') return false;
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return false;
  const key = Array.isArray(header) ? header[0]! : header;
  if (key.length < 1 || key.length > 255) {
    throw new ValidationFailed([
      { field: 'Idempotency-Key', message: 'must be 1 to 255 characters' },
    ]);
  }
  const tenantId = request.tenantScope;
  if (!tenantId) return false; // Not tenant-scoped (e.g. sign-in): nothing is created, nothing to store.
  const route = `POST ${request.url.split('?')[0]}`;
  const requestHash = sha256(JSON.stringify(request.body ?? null));
  const now = deps.clock.now();
  const where = and(
    eq(idempotencyRecords.tenantId, tenantId),
    eq(idempotencyRecords.route, route),
    eq(idempotencyRecords.key, key),
  );
  // Forget expired records and abandoned attempts for this key before claiming it.
  await deps.db
    .delete(idempotencyRecords)
    .where(
      and(where, lt(idempotencyRecords.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))),
    );
  await deps.db
    .delete(idempotencyRecords)
    .where(
      and(
        where,
        isNull(idempotencyRecords.responseStatus),
        lt(idempotencyRecords.createdAt, new Date(now.getTime() - ABANDONED_AFTER_MS)),
      ),
    );
  try {
    await deps.db
      .insert(idempotencyRecords)
      .values({ tenantId, route, key, requestHash, createdAt: now });
    request.idempotency = { tenantId, route, key };
    return false;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = (await deps.db.select().from(idempotencyRecords).where(where))[0];
  if (!existing) throw new Conflict('The request with this Idempotency-Key just expired; retry.');
  if (existing.requestHash !== requestHash) throw new IdempotencyKeyReused(key);
  if (existing.responseStatus === null) {
    throw new Conflict(
      'The first request with this Idempotency-Key is still being handled; retry shortly.',
    );
  }
  await reply
    .code(existing.responseStatus)
    .header('idempotent-replayed', 'true')
    .type(existing.responseContentType ?? 'application/json; charset=utf-8')
    .send(existing.responseBody ?? '');
  return true;
}

async function settle(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  const claimed = request.idempotency;
  if (!claimed) return;
  request.idempotency = null;
  const where = and(
    eq(idempotencyRecords.tenantId, claimed.tenantId),
    eq(idempotencyRecords.route, claimed.route),
    eq(idempotencyRecords.key, claimed.key),
  );
  // Server errors are not stored: the request did not happen, a retry should try again.
  if (
    reply.statusCode >= 500 ||
    (typeof payload !== 'string' && !Buffer.isBuffer(payload) && payload != null)
  ) {
    await deps.db.delete(idempotencyRecords).where(where);
    return;
  }
  const contentType = reply.getHeader('content-type');
  await deps.db
    .update(idempotencyRecords)
    .set({
      responseStatus: reply.statusCode,
      responseContentType: typeof contentType === 'string' ? contentType : null,
      responseBody: payload == null ? '' : payload.toString(),
    })
    .where(where);
}
