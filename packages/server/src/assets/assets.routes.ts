// Assets: staff upload option images / SVG layers; the shop serves them to anyone.
import fastifyMultipart from '@fastify/multipart';
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { responses } from '../http/schemas.ts';
import { resolveShopTenant, shopTenantOf } from '../shop/shop-tenant.ts';
import {
  assertAssetKey,
  assertContentMatches,
  contentTypeOf,
  keyWithoutExtension,
  MAX_ASSET_BYTES,
  sha256Hex,
} from './assets.ts';
import { getAssetByKey, listAssets, putAsset } from './assets.store.ts';

const AssetSchema = Type.Object({
  key: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Type.String(),
});

export async function registerAssetRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db, clock, ids } = deps;
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_ASSET_BYTES, files: 1, fields: 5 },
  });

  app.get(
    '/api/v1/assets',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['catalog'],
        summary: 'Stored assets',
        response: responses({ 200: Type.Array(AssetSchema) }),
      },
    },
    async (request) =>
      (await listAssets(db, staffOf(request).tenantId)).map((a) => ({
        key: a.key,
        contentType: a.contentType,
        size: a.size,
        createdAt: a.createdAt.toISOString(),
      })),
  );

  app.post(
    '/api/v1/assets',
    {
      onRequest: requireStaff(['owner', 'designer']),
      schema: {
        tags: ['catalog'],
        summary: 'Upload an asset (multipart/form-data: `file`, optional `key`; same key replaces)',
        consumes: ['multipart/form-data'],
        response: responses({ 201: AssetSchema }),
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new ValidationFailed([
          { field: 'file', message: 'send multipart/form-data with a file field' },
        ]);
      }
      const file = await request.file();
      if (!file || file.fieldname !== 'file')
        throw new ValidationFailed([{ field: 'file', message: 'is required' }]);
      const bytes = new Uint8Array(await file.toBuffer());
      const keyField = file.fields.key;
      const given =
        keyField && !Array.isArray(keyField) && keyField.type === 'field'
          ? String(keyField.value)
          : undefined;
      const key = assertAssetKey(given ?? keyWithoutExtension(file.filename));
      const contentType = contentTypeOf(file.filename, file.mimetype);
      assertContentMatches(contentType, bytes);
      const asset = await putAsset(db, {
        id: ids.uuid(),
        tenantId: staffOf(request).tenantId,
        key,
        contentType,
        size: bytes.byteLength,
        sha256: sha256Hex(bytes),
        bytes,
        now: clock.now(),
      });
      return reply.code(201).send({
        key: asset.key,
        contentType: asset.contentType,
        size: asset.size,
        createdAt: asset.createdAt.toISOString(),
      });
    },
  );

  app.get(
    '/api/v1/shop/:tenant/assets/*',
    {
      onRequest: resolveShopTenant(db),
      schema: {
        tags: ['shop'],
        summary: 'An asset’s bytes (key may contain slashes; a trailing .svg/.png is optional)',
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const key = (request.params as Record<string, string>)['*'] ?? '';
      const asset =
        (await getAssetByKey(db, tenant.id, key)) ??
        (await getAssetByKey(db, tenant.id, keyWithoutExtension(key)));
      if (!asset) throw new NotFound('asset', key);
      const etag = `"${asset.sha256}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=300');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      if (asset.contentType === 'image/svg+xml')
        reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      return reply.type(asset.contentType).send(Buffer.from(asset.bytes));
    },
  );
}
