// Console views of outgoing communication: the email outbox, webhook endpoints and their
// delivery log.
import { Type } from 'typebox';
import { and, eq } from 'drizzle-orm';
import { principalOf, requireStaff } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import {
  Body,
  IdParams,
  NoContent,
  NullableTimestamp,
  responses,
  Timestamp,
} from '../http/schemas.ts';
import { hideSecrets, listOutbox } from './mail.ts';
import { webhookDeliveries } from './notify.schema.ts';
import {
  AddressRefused,
  HostNotResolved,
  resolveAllowed,
  type AddressPolicy,
} from './webhook-address.ts';
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  WEBHOOK_EVENTS,
} from './webhooks.ts';

const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Timestamp,
});

/** The endpoint's host must resolve, and only to addresses webhooks may reach (400 naming url). */
async function checkEndpointHost(url: URL, policy: AddressPolicy): Promise<void> {
  try {
    await resolveAllowed(url.hostname, policy);
  } catch (error) {
    if (error instanceof AddressRefused)
      throw new ValidationFailed([
        {
          field: 'url',
          message: `${url.hostname} ${error.reason}; webhooks go to public addresses only`,
        },
      ]);
    if (error instanceof HostNotResolved)
      throw new ValidationFailed([{ field: 'url', message: `${url.hostname} does not resolve` }]);
    throw error;
  }
}

export function registerNotifyRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get(
    '/api/v1/outbox',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['notify'],
        summary:
          'Email sent or kept (when no SMTP server is configured), newest first. Secret link parameters (`token=`) show as `[hidden]`: staff never see a link that acts as the customer.',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: responses({
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              event: Type.String(),
              to: Type.String(),
              subject: Type.String(),
              text: Type.String(),
              html: Type.Union([Type.String(), Type.Null()]),
              status: Type.String(),
              error: Type.Union([Type.String(), Type.Null()]),
              createdAt: Timestamp,
              sentAt: NullableTimestamp,
            }),
          ),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const rows = await listOutbox(db, p.tenantId, request.query.limit ?? 100);
      return rows.map((m) => ({
        id: m.id,
        event: m.event,
        to: m.toEmail,
        subject: m.subject,
        text: hideSecrets(m.text),
        html: m.html === null ? null : hideSecrets(m.html),
        status: m.status,
        error: m.error,
        createdAt: m.createdAt.toISOString(),
        sentAt: m.sentAt?.toISOString() ?? null,
      }));
    },
  );

  app.get(
    '/api/v1/webhooks',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['notify'],
        summary: 'Webhook endpoints',
        response: responses({ 200: Type.Array(Endpoint) }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      return (await listEndpoints(db, p.tenantId)).map((e) => ({
        id: e.id,
        url: e.url,
        events: e.events,
        active: e.active,
        createdAt: e.createdAt.toISOString(),
      }));
    },
  );

  app.post(
    '/api/v1/webhooks',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['notify'],
        summary: 'Add an endpoint; the answer shows its signing secret, once',
        body: Body({
          url: Type.String({
            format: 'uri',
            maxLength: 2000,
            description:
              'A public http(s) address; private, loopback and link-local ones are refused.',
            // A public address literal: a sample that needs no DNS (generated tests use it).
            examples: ['https://93.184.215.14/hooks/customerize'],
          }),
          events: Type.Optional(
            Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), {
              description: 'Events to deliver; all when omitted or empty.',
            }),
          ),
        }),
        response: responses({
          201: Type.Object({ ...Endpoint.properties, secret: Type.String() }),
        }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const url = new URL(request.body.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new ValidationFailed([{ field: 'url', message: 'must be http(s)' }]);
      }
      if (url.username || url.password) {
        throw new ValidationFailed([
          { field: 'url', message: 'must not contain a user name or password' },
        ]);
      }
      await checkEndpointHost(url, { allowCidrs: deps.config.webhookAllowCidrs });
      const e = await createEndpoint(deps, p.tenantId, {
        url: url.toString(),
        events: request.body.events ?? [],
      });
      return reply.code(201).send({
        id: e.id,
        url: e.url,
        events: e.events,
        active: e.active,
        createdAt: e.createdAt.toISOString(),
        secret: e.secret,
      });
    },
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['notify'],
        summary: 'Remove an endpoint and its queue',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (!(await deleteEndpoint(db, p.tenantId, request.params.id)))
        throw new NotFound('webhook', request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/webhooks/deliveries',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['notify'],
        summary: 'The delivery log: each event per endpoint with every attempt',
        querystring: Type.Object({
          endpointId: Type.Optional(Type.String({ format: 'uuid' })),
          status: Type.Optional(
            Type.Union([
              Type.Literal('pending'),
              Type.Literal('delivered'),
              Type.Literal('failed'),
            ]),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: responses({
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              endpointId: Type.String(),
              event: Type.String(),
              status: Type.String(),
              attempts: Type.Integer(),
              nextAttemptAt: Timestamp,
              lastError: Type.Union([Type.String(), Type.Null()]),
              createdAt: Timestamp,
              deliveredAt: NullableTimestamp,
              attemptLog: Type.Array(
                Type.Object({
                  attempt: Type.Integer(),
                  at: Timestamp,
                  statusCode: Type.Union([Type.Integer(), Type.Null()]),
                  error: Type.Union([Type.String(), Type.Null()]),
                  durationMs: Type.Integer(),
                }),
              ),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const rows = await listDeliveries(db, p.tenantId, {
        endpointId: request.query.endpointId,
        status: request.query.status,
        limit: request.query.limit ?? 100,
      });
      return rows.map((d) => ({
        id: d.id,
        endpointId: d.endpointId,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.nextAttemptAt.toISOString(),
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        attemptLog: d.attemptLog.map((a) => ({
          attempt: a.attempt,
          at: a.at.toISOString(),
          statusCode: a.statusCode,
          error: a.error,
          durationMs: a.durationMs,
        })),
      }));
    },
  );

  app.post(
    '/api/v1/webhooks/deliveries/:id/retry',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['notify'],
        summary: 'Send a failed delivery again (same delivery id and body)',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const rows = await db
        .update(webhookDeliveries)
        .set({ status: 'pending', nextAttemptAt: clock.now(), lockedUntil: null })
        .where(
          and(
            eq(webhookDeliveries.tenantId, p.tenantId),
            eq(webhookDeliveries.id, request.params.id),
          ),
        )
        .returning({ id: webhookDeliveries.id });
      if (rows.length === 0) throw new NotFound('delivery', request.params.id);
      return reply.code(204).send(null);
    },
  );
}
