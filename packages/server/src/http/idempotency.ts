// Idempotency-Key support for POST requests. The first answer for (tenant, caller, route, key) is
// stored and replayed to retries, so a retried request never creates twice. The same key with a
// different request answers 422; a retry while the first is still running answers 409.
// State lives in the database (idempotency_records), so it holds across server processes.
//
// Two ways a route is protected:
// - **Atomic** (routes declared with `config: { idempotency: 'atomic' }`, e.g. orders): the
//   handler does its writes through `answerOnce`, which stores the answer in the same transaction
//   as what it protects. A crash either loses both (the retry runs afresh) or keeps both (the
//   retry replays). A concurrent duplicate waits for the first and then replays its answer.
// - **Claimed** (every other POST): a claim row is written before the handler runs and completed
//   when the answer is sent. A claim left by a crashed process is given up after two minutes.
//
// Keys belong to the caller: a staff user, an API key, a customer, or a guest (identified by the
// token or email the guest sends). Stored answers hold no secrets in plain text: only a SHA-256
// of the key is stored, and the answer is encrypted (AES-256-GCM) with a key derived from the
// Idempotency-Key itself, so only a retry that presents the key can read it back.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  type Hmac,
} from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { sha256 } from '../auth/tokens.ts';
import { Conflict, IdempotencyKeyReused, ValidationFailed } from './errors.ts';
import { idempotencyRecords } from './idempotency.schema.ts';
import type { App } from './app-type.ts';
import { canonicalPath } from './route-path.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Stored responses are replayed for this long; after that the key may be reused. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claimed (non-atomic) first request that has not finished after this long is abandoned. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

type Claim = {
  tenantId: string;
  caller: string;
  route: string;
  /** SHA-256 of the Idempotency-Key (the key itself is never stored). */
  keyHash: string;
  requestHash: string;
  /** AES-256 key for the stored answer, derived from the Idempotency-Key. */
  secret: Buffer;
  mode: 'claimed' | 'atomic';
  /** The answer is in the database (atomic routes store it with their writes). */
  stored: boolean;
};

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
  interface FastifyContextConfig {
    /** 'atomic': the handler stores its answer with its writes through `answerOnce`. */
    idempotency?: 'atomic';
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

/** Who is calling, as far as keys are concerned: never just the firm. */
export function callerOf(request: FastifyRequest): string {
  const p = request.principal;
  if (p && p.tenantId === request.tenantScope) {
    if (p.kind === 'customer') return `customer:${p.customerId}`;
    if (p.via === 'apiKey') return `api-key:${p.apiKeyId}`;
    return `staff:${p.userId}`;
  }
  const query = (request.query ?? {}) as Record<string, unknown>;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const token = typeof query.token === 'string' ? query.token : body.token;
  if (typeof token === 'string') return `guest-token:${sha256(token)}`;
  if (typeof body.email === 'string') return guestEmailCaller(body.email);
  return 'guest';
}

/** The caller of a guest who identifies by email (used by erasure to find their records). */
export function guestEmailCaller(email: string): string {
  return `guest-email:${sha256(email.trim().toLowerCase())}`;
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
  const caller = callerOf(request);
  // The matched route, not the spelling of the URL (`/api/v1/…/order%73` is the same route).
  const route = `POST ${canonicalPath(request) ?? request.url.split('?')[0]}`;
  const derived = Buffer.from(
    hkdfSync('sha256', key, `${tenantId}\n${caller}\n${route}`, 'customerize idempotency v1', 64),
  );
  const mac = createHmac('sha256', derived.subarray(32));
  updateWithJson(mac, { query: request.query ?? null, body: request.body ?? null });
  const c: Claim = {
    tenantId,
    caller,
    route,
    keyHash: createHash('sha256').update(key).digest('hex'),
    requestHash: mac.digest('hex'),
    secret: derived.subarray(0, 32),
    mode: request.routeOptions.config.idempotency === 'atomic' ? 'atomic' : 'claimed',
    stored: false,
  };
  const now = deps.clock.now();
  const where = recordWhere(c);
  // Forget expired records and abandoned claims for this key before looking.
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
  if (c.mode === 'atomic') {
    // No claim row: the answer is written with the handler's own transaction (answerOnce).
    if (await replayStored(deps.db, c, reply)) return true;
    request.idempotency = c;
    return false;
  }
  try {
    await deps.db.insert(idempotencyRecords).values({
      tenantId,
      caller,
      route,
      key: c.keyHash,
      requestHash: c.requestHash,
      createdAt: now,
    });
    request.idempotency = c;
    return false;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  if (await replayStored(deps.db, c, reply)) return true;
  throw new Conflict('The request with this Idempotency-Key just expired; retry.');
}

function recordWhere(c: Claim) {
  return and(
    eq(idempotencyRecords.tenantId, c.tenantId),
    eq(idempotencyRecords.caller, c.caller),
    eq(idempotencyRecords.route, c.route),
    eq(idempotencyRecords.key, c.keyHash),
  );
}

/**
 * Sends the stored answer for the claim's key, if there is one (true). Throws 422 when the key
 * came with another request, 409 while the first request is still running.
 */
async function replayStored(db: Db, c: Claim, reply: FastifyReply): Promise<boolean> {
  const existing = (await db.select().from(idempotencyRecords).where(recordWhere(c)))[0];
  if (!existing) return false;
  if (existing.requestHash !== c.requestHash) throw new IdempotencyKeyReused();
  if (existing.responseStatus === null) {
    throw new Conflict(
      'The first request with this Idempotency-Key is still being handled; retry shortly.',
    );
  }
  await reply
    .code(existing.responseStatus)
    .header('idempotent-replayed', 'true')
    .type(existing.responseContentType ?? 'application/json; charset=utf-8')
    .send(decrypt(c.secret, existing.responseBody ?? ''));
  return true;
}

export type Answer<T> = { status: number; body: T };

/**
 * For routes declared `config: { idempotency: 'atomic' }`: runs `work` in one transaction and,
 * when the request carries an Idempotency-Key, stores the answer in that same transaction, then
 * sends it. A duplicate that raced past the first look waits for the first request's transaction
 * and then replays its answer.
 */
export async function answerOnce<T>(
  { db, clock }: { db: Db; clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  work: (tx: Db) => Promise<Answer<T>>,
): Promise<FastifyReply> {
  const c = request.idempotency;
  if (!c || c.mode !== 'atomic') {
    const answer = await db.transaction(work);
    return reply.code(answer.status).send(answer.body);
  }
  let raced = false;
  let answer: Answer<T>;
  try {
    answer = await db.transaction(async (tx) => {
      // Taking the key first: a concurrent duplicate blocks here until this transaction ends.
      try {
        await tx.insert(idempotencyRecords).values({
          tenantId: c.tenantId,
          caller: c.caller,
          route: c.route,
          key: c.keyHash,
          requestHash: c.requestHash,
          createdAt: clock.now(),
        });
      } catch (error) {
        raced = isUniqueViolation(error);
        throw error;
      }
      const result = await work(tx);
      const serialized = JSON.stringify(result.body);
      await tx
        .update(idempotencyRecords)
        .set({
          responseStatus: result.status,
          responseContentType: 'application/json; charset=utf-8',
          responseBody: encrypt(c.secret, serialized),
        })
        .where(recordWhere(c));
      return result;
    });
  } catch (error) {
    if (!raced) throw error;
    c.stored = true;
    if (await replayStored(db, c, reply)) return reply;
    throw new Conflict('The request with this Idempotency-Key just expired; retry.');
  }
  c.stored = true;
  return reply.code(answer.status).send(answer.body);
}

async function settle(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  const c = request.idempotency;
  if (!c) return;
  request.idempotency = null;
  if (c.stored) return;
  const where = recordWhere(c);
  const storable =
    reply.statusCode < 500 &&
    (typeof payload === 'string' || Buffer.isBuffer(payload) || payload == null);
  const contentType = reply.getHeader('content-type');
  const answer = {
    responseStatus: reply.statusCode,
    responseContentType: typeof contentType === 'string' ? contentType : null,
    responseBody: encrypt(c.secret, payload == null ? '' : payload.toString()),
  };
  if (c.mode === 'atomic') {
    // The handler refused before writing anything (a 4xx): store the refusal, unless a
    // concurrent duplicate stored its answer first. Server errors are not stored.
    if (!storable) return;
    await deps.db
      .insert(idempotencyRecords)
      .values({
        tenantId: c.tenantId,
        caller: c.caller,
        route: c.route,
        key: c.keyHash,
        requestHash: c.requestHash,
        createdAt: deps.clock.now(),
        ...answer,
      })
      .onConflictDoNothing();
    return;
  }
  // Server errors are not stored: the request did not happen, a retry should try again.
  if (!storable) {
    await deps.db.delete(idempotencyRecords).where(where);
    return;
  }
  await deps.db.update(idempotencyRecords).set(answer).where(where);
}

function encrypt(secret: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

function decrypt(secret: Buffer, stored: string): string {
  if (!stored.startsWith('v1.')) return stored;
  const bytes = Buffer.from(stored.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** Text written verbatim while serializing (brackets, commas, keys). */
class Raw {
  constructor(readonly text: string) {}
}

/**
 * Feeds a canonical JSON form of `value` (object keys sorted) into `hash`, with an explicit
 * stack instead of recursion, so a deeply nested body cannot overflow the call stack.
 */
export function updateWithJson(hash: Hmac | ReturnType<typeof createHash>, value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Raw) {
      hash.update(item.text);
    } else if (Array.isArray(item)) {
      hash.update('[');
      stack.push(new Raw(']'));
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i]);
        if (i > 0) stack.push(new Raw(','));
      }
    } else if (item !== null && typeof item === 'object') {
      hash.update('{');
      stack.push(new Raw('}'));
      const keys = Object.keys(item).sort();
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push((item as Record<string, unknown>)[keys[i]!]);
        stack.push(new Raw(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`));
      }
    } else {
      hash.update(item === undefined ? 'null' : JSON.stringify(item));
    }
  }
}
