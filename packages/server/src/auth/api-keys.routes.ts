// API keys: listed by any staff member, created and revoked by owners only.
import { Type } from 'typebox';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound } from '../http/errors.ts';
import { Body, IdParams, NullableTimestamp, responses, Timestamp } from '../http/schemas.ts';
import { StaffRoleSchema } from '../users/users.routes.ts';
import { apiKeyView, newApiKeySecret } from './api-keys.ts';
import { insertApiKey, listApiKeys, revokeApiKey } from './api-keys.store.ts';
import { requireStaff, staffOf } from './guards.ts';

const accessSchema = (options: { default?: 'write' } = {}) =>
  Type.Union([Type.Literal('read'), Type.Literal('write')], {
    description:
      'read: the key may only read (GET); any other method answers 403. write: whatever its role may do.',
    ...options,
  });
const ApiKeyAccessSchema = accessSchema();

const ApiKeySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    role: StaffRoleSchema,
    access: ApiKeyAccessSchema,
    prefix: Type.String({ description: 'First characters of the secret, to tell keys apart.' }),
    createdAt: Timestamp,
    lastUsedAt: NullableTimestamp,
    revokedAt: NullableTimestamp,
  },
  { $id: 'ApiKey' },
);

const CreatedApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: StaffRoleSchema,
  access: ApiKeyAccessSchema,
  prefix: Type.String(),
  createdAt: Timestamp,
  secret: Type.String({
    description: 'Shown only in this response: send it as `Authorization: Bearer <secret>`.',
  }),
});

export function registerApiKeyRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.get(
    '/api/v1/api-keys',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['api-keys'],
        summary: 'List API keys',
        response: responses({ 200: Type.Array(ApiKeySchema) }),
      },
    },
    async (request) => (await listApiKeys(db, staffOf(request).tenantId)).map(apiKeyView),
  );

  app.post(
    '/api/v1/api-keys',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key (the secret is returned once)',
        body: Body({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          role: StaffRoleSchema,
          access: Type.Optional(accessSchema({ default: 'write' })),
        }),
        response: responses({ 201: CreatedApiKey }),
      },
    },
    async (request, reply) => {
      const p = staffOf(request);
      const { secret, prefix, secretHash } = newApiKeySecret();
      const key = await insertApiKey(db, {
        id: ids.uuid(),
        tenantId: p.tenantId,
        name: request.body.name.trim(),
        role: request.body.role,
        access: request.body.access ?? 'write',
        prefix,
        secretHash,
        createdBy: p.via === 'session' ? p.userId : null,
        createdAt: clock.now(),
      });
      const view = apiKeyView(key);
      return reply.code(201).send({
        id: view.id,
        name: view.name,
        role: view.role,
        access: view.access,
        prefix: view.prefix,
        createdAt: view.createdAt,
        secret,
      });
    },
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key (it stays listed, marked revoked)',
        params: IdParams,
        response: responses({ 200: ApiKeySchema }),
      },
    },
    async (request) => {
      const p = staffOf(request);
      const key = await revokeApiKey(db, p.tenantId, request.params.id, clock.now());
      if (!key) throw new NotFound('API key', request.params.id);
      return apiKeyView(key);
    },
  );
}
