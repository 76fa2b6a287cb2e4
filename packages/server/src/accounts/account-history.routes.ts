// A signed-in customer's history on any device: their designs (each with every saved version)
// and their orders (status, total, promised date, timeline). Guest designs and orders placed
// with the same email belong here once the account is verified (accounts/claims.ts). Only the
// customer's own records of their own firm are listed; there is no id to guess.
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf, requireCustomer } from '../auth/guards.ts';
import { getProduct } from '../catalog/catalog.store.ts';
import type { Product } from '../catalog/catalog.store.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Unauthorized } from '../http/errors.ts';
import { DEFAULT_PAGE_SIZE, decodeCursor, PageQuery, pageOf } from '../http/pagination.ts';
import { responses, Timestamp } from '../http/schemas.ts';
import type { Db } from '../db/types.ts';
import { listCustomerOrders, listEventsOfOrders } from '../orders/orders.store.ts';
import { ORDER_STATUSES } from '../orders/orders.schema.ts';
import { listCustomerDesigns, listVersionsOfDesigns } from '../studio/studio.store.ts';
import { accountDesignView, accountOrderView } from './account-history.ts';

const ProductRef = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });

const AccountDesignVersion = Type.Object({
  number: Type.Integer({ example: 2 }),
  savedAt: Timestamp,
  total: Type.Integer({ description: 'Price in minor units when saved.', example: 54900 }),
  currency: Type.String({ example: 'EUR' }),
  promisedDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  valid: Type.Boolean({ description: 'Whether the version could be built as saved.' }),
  note: Type.Union([Type.String(), Type.Null()]),
  choices: Type.Record(Type.String(), Type.Unknown()),
});

const AccountDesign = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String({ example: 'Oak desk for the study' }),
  product: ProductRef,
  currentVersion: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The design's page; the signed-in owner opens it without the private token. */
  url: Type.String({ example: '/designs/0b7c…' }),
  versions: Type.Array(AccountDesignVersion),
});

const AccountOrder = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer({ example: 12 }),
  status: Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s))),
  createdAt: Timestamp,
  product: ProductRef,
  designId: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer({ example: 54900 }),
  currency: Type.String({ example: 'EUR' }),
  promisedDate: Type.String({ format: 'date', example: '2026-12-18' }),
  url: Type.String({ example: '/orders/5d1e…' }),
  timeline: Type.Array(
    Type.Object({
      status: Type.String({ example: 'placed' }),
      at: Timestamp,
      by: Type.String(),
      note: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

function pageSchema<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as ?cursor= for the next page; null on the last page.',
    }),
  });
}

function customerOf(request: FastifyRequest) {
  const p = principalOf(request);
  if (p.kind !== 'customer') throw new Unauthorized();
  return p;
}

/** The products of a page's records, each fetched once. */
async function productsOf(db: Db, tenantId: string, ids: string[]): Promise<Map<string, Product>> {
  const out = new Map<string, Product>();
  for (const id of new Set(ids)) {
    const product = await getProduct(db, tenantId, id);
    if (product) out.set(id, product);
  }
  return out;
}

export function registerAccountHistoryRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;

  app.get(
    '/api/v1/account/designs',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary:
          'The signed-in customer’s designs, newest first, each with its saved versions (paginated)',
        querystring: PageQuery,
        response: responses({ 200: pageSchema(AccountDesign) }),
      },
    },
    async (request) => {
      const p = customerOf(request);
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const after = decodeCursor(request.query.cursor);
      const rows = await listCustomerDesigns(db, p.tenantId, p.customerId, {
        after,
        limit: limit + 1,
      });
      const page = pageOf(rows, limit, (d) => ({ at: d.createdAt, id: d.id }));
      const versions = await listVersionsOfDesigns(
        db,
        p.tenantId,
        page.items.map((d) => d.id),
      );
      const products = await productsOf(
        db,
        p.tenantId,
        page.items.map((d) => d.productId),
      );
      return {
        items: page.items.map((d) =>
          accountDesignView(
            d,
            products.get(d.productId) ?? null,
            versions.filter((v) => v.designId === d.id),
          ),
        ),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/account/orders',
    {
      onRequest: requireCustomer(),
      schema: {
        tags: ['account'],
        summary:
          'The signed-in customer’s orders, newest first, with status, total, promised date and timeline (paginated)',
        querystring: PageQuery,
        response: responses({ 200: pageSchema(AccountOrder) }),
      },
    },
    async (request) => {
      const p = customerOf(request);
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const after = decodeCursor(request.query.cursor);
      const rows = await listCustomerOrders(db, p.tenantId, p.customerId, {
        after,
        limit: limit + 1,
      });
      const page = pageOf(rows, limit, (o) => ({ at: o.createdAt, id: o.id }));
      const events = await listEventsOfOrders(
        db,
        p.tenantId,
        page.items.map((o) => o.id),
      );
      const products = await productsOf(
        db,
        p.tenantId,
        page.items.map((o) => o.productId),
      );
      return {
        items: page.items.map((o) =>
          accountOrderView(
            o,
            products.get(o.productId) ?? null,
            events.filter((e) => e.orderId === o.id),
          ),
        ),
        nextCursor: page.nextCursor,
      };
    },
  );
}
