// Outgoing webhooks: endpoints per tenant, a durable delivery queue in the database, and the
// worker that drains it. Receivers dedupe on the X-Customerize-Delivery header: a delivery keeps
// its id and body across every retry, so "exactly once" holds from the receiver's side.
import { createHmac } from 'node:crypto';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppConfig } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { randomToken } from '../auth/tokens.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './notify.schema.ts';
import {
  AddressRefused,
  HostNotResolved,
  pinnedLookup,
  resolveAllowed,
  type AddressPolicy,
} from './webhook-address.ts';

export const WEBHOOK_EVENTS = [
  'account.verified',
  'message.created',
  'revision.requested',
  'revision.proposed',
  'revision.accepted',
  'revision.declined',
  'order.status_changed',
  'order.changed',
  'order.change_refused',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SIGNATURE_HEADER = 'x-customerize-signature';
export const TIMESTAMP_HEADER = 'x-customerize-timestamp';
export const DELIVERY_HEADER = 'x-customerize-delivery';
export const EVENT_HEADER = 'x-customerize-event';

/** hex HMAC-SHA256(secret, timestamp + "." + body); the header reads `v1=<hex>`. */
export function signature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export async function createEndpoint(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  tenantId: string,
  input: { url: string; events: string[] },
) {
  const rows = await deps.db
    .insert(webhookEndpoints)
    .values({
      id: deps.ids.uuid(),
      tenantId,
      url: input.url,
      secret: `whsec_${randomToken(24)}`,
      events: input.events,
      active: true,
      createdAt: deps.clock.now(),
    })
    .returning();
  return rows[0]!;
}

export async function listEndpoints(db: Db, tenantId: string) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, tenantId))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
}

export async function deleteEndpoint(db: Db, tenantId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/**
 * Queues `event` for every active endpoint of the tenant that wants it. Call inside the
 * transaction of the change it reports, so the event exists exactly when the change does.
 * Payloads carry ids, not personal data.
 */
export async function enqueueWebhook(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  tenantId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
): Promise<string[]> {
  const endpoints = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.active, true)));
  const now = deps.clock.now();
  const ids: string[] = [];
  for (const endpoint of endpoints) {
    if (endpoint.events.length > 0 && !endpoint.events.includes(event)) continue;
    const id = deps.ids.uuid();
    const body = JSON.stringify({ id, event, createdAt: now.toISOString(), data });
    await deps.db.insert(webhookDeliveries).values({
      id,
      tenantId,
      endpointId: endpoint.id,
      event,
      body,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    });
    ids.push(id);
  }
  return ids;
}

export type DeliveryPolicy = {
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number;
  /** Delay before retry n (n ≥ 1) is baseDelayMs · 2^(n-1), at most maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A claimed delivery not finished within this is claimable again (the worker died). */
  leaseMs: number;
  timeoutMs: number;
  batchSize: number;
};

export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 10_000,
  maxDelayMs: 6 * 60 * 60_000,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  batchSize: 20,
};

export function backoffMs(policy: DeliveryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

type Claimed = {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
};

/**
 * Claims due deliveries: pending, due, and not leased (or the lease ran out). SKIP LOCKED lets
 * several workers (processes) share the queue without claiming the same row.
 */
export async function claimDeliveries(
  db: Db,
  now: Date,
  policy: DeliveryPolicy,
): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + policy.leaseMs);
  const result = await db.execute(sql`
    with due as (
      select d.id from ${webhookDeliveries} d
      where d.status = 'pending' and d.next_attempt_at <= ${now}
        and (d.locked_until is null or d.locked_until <= ${now})
      order by d.next_attempt_at, d.id
      limit ${policy.batchSize}
      for update skip locked
    )
    update ${webhookDeliveries} w
       set locked_until = ${leaseUntil}, attempts = w.attempts + 1
      from due, ${webhookEndpoints} e
     where w.id = due.id and e.id = w.endpoint_id
    returning w.id, w.tenant_id, w.endpoint_id, w.event, w.body, w.attempts, e.url, e.secret`);
  return (result as unknown as { rows: Claimed[] }).rows;
}

/** The worker's dependencies; `config.webhookAllowCidrs` opens non-public ranges. */
export type DeliveryDeps = Pick<AppDeps, 'db' | 'clock' | 'ids'> & {
  config?: Pick<AppConfig, 'webhookAllowCidrs'>;
};

/**
 * What the delivery log says about a failed attempt: a class, never the socket error. Errno
 * codes (ECONNREFUSED vs. a hang-up) would tell an endpoint's owner which ports are open.
 */
export type DeliveryFailure =
  | 'address-not-allowed'
  | 'host-not-found'
  | 'connection-failed'
  | 'timeout'
  | 'http-1xx'
  | 'http-3xx'
  | 'http-4xx'
  | 'http-5xx';

function failureClass(e: unknown, signal: AbortSignal): DeliveryFailure {
  if (e instanceof AddressRefused) return 'address-not-allowed';
  if (e instanceof HostNotResolved) return 'host-not-found';
  if (signal.aborted) return 'timeout';
  return 'connection-failed';
}

/**
 * POSTs `body` to `url` after resolving and checking its host, connecting only to the checked
 * addresses. Redirects are not followed. Answers the status code; the response body is dropped.
 */
async function post(
  url: URL,
  headers: OutgoingHttpHeaders,
  body: string,
  policy: AddressPolicy,
  signal: AbortSignal,
): Promise<number> {
  const addresses = await resolveAllowed(url.hostname, policy);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: pinnedLookup(addresses),
        signal,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('error', () => undefined);
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Thrown when the worker stops mid-delivery: the outcome is not recorded, the lease runs out. */
export class DeliveryAbandoned extends Error {
  constructor(readonly deliveryId: string) {
    super(`delivery ${deliveryId} abandoned by a stopping worker; it is retried after its lease`);
  }
}

/**
 * POSTs one claimed delivery and records the outcome. When `stopping` fires mid-request the
 * outcome is unknown (the receiver may have processed it): nothing is recorded, and the delivery
 * is sent again, with the same id, once its lease runs out — receivers dedupe on that id.
 */
export async function deliver(
  deps: DeliveryDeps,
  d: Claimed,
  policy: DeliveryPolicy,
  stopping?: AbortSignal,
): Promise<boolean> {
  const started = Date.now();
  const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
  const signal = stopping
    ? AbortSignal.any([AbortSignal.timeout(policy.timeoutMs), stopping])
    : AbortSignal.timeout(policy.timeoutMs);
  let statusCode: number | null = null;
  let error: DeliveryFailure | null = null;
  try {
    statusCode = await post(
      new URL(d.url),
      {
        'content-type': 'application/json',
        [DELIVERY_HEADER]: d.id,
        [EVENT_HEADER]: d.event,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: `v1=${signature(d.secret, timestamp, d.body)}`,
      },
      d.body,
      { allowCidrs: deps.config?.webhookAllowCidrs ?? [] },
      signal,
    );
    if (statusCode < 200 || statusCode >= 300)
      error = `http-${Math.min(5, Math.floor(statusCode / 100))}xx` as DeliveryFailure;
  } catch (e) {
    if (stopping?.aborted) throw new DeliveryAbandoned(d.id);
    error = failureClass(e, signal);
  }
  const now = deps.clock.now();
  const ok = error === null;
  await deps.db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      id: deps.ids.uuid(),
      tenantId: d.tenant_id,
      deliveryId: d.id,
      attempt: d.attempts,
      at: now,
      statusCode,
      error,
      durationMs: Date.now() - started,
    });
    const gaveUp = !ok && d.attempts >= policy.maxAttempts;
    await tx
      .update(webhookDeliveries)
      .set({
        status: ok ? 'delivered' : gaveUp ? 'failed' : 'pending',
        lockedUntil: null,
        lastError: error,
        deliveredAt: ok ? now : null,
        nextAttemptAt: ok ? now : new Date(now.getTime() + backoffMs(policy, d.attempts)),
      })
      .where(eq(webhookDeliveries.id, d.id));
  });
  return ok;
}

/** Claims and delivers one batch; returns how many were attempted. */
export async function runDeliveryBatch(
  deps: DeliveryDeps,
  policy: DeliveryPolicy = defaultDeliveryPolicy,
  stopping?: AbortSignal,
): Promise<number> {
  const claimed = await claimDeliveries(deps.db, deps.clock.now(), policy);
  const outcomes = await Promise.allSettled(claimed.map((d) => deliver(deps, d, policy, stopping)));
  const failure = outcomes.find(
    (o): o is PromiseRejectedResult =>
      o.status === 'rejected' && !(o.reason instanceof DeliveryAbandoned),
  );
  if (failure) throw failure.reason;
  return claimed.length;
}

export async function listDeliveries(
  db: Db,
  tenantId: string,
  filter: { endpointId?: string; status?: string; limit: number },
) {
  const deliveries = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.tenantId, tenantId),
        ...(filter.endpointId ? [eq(webhookDeliveries.endpointId, filter.endpointId)] : []),
        ...(filter.status
          ? [eq(webhookDeliveries.status, filter.status as 'pending' | 'delivered' | 'failed')]
          : []),
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(filter.limit);
  const attempts = deliveries.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          and(
            eq(webhookAttempts.tenantId, tenantId),
            sql`${webhookAttempts.deliveryId} in (${sql.join(
              deliveries.map((d) => sql`${d.id}::uuid`),
              sql`, `,
            )})`,
          ),
        )
        .orderBy(webhookAttempts.at, webhookAttempts.attempt)
    : [];
  return deliveries.map((d) => ({
    ...d,
    attemptLog: attempts.filter((a) => a.deliveryId === d.id),
  }));
}
