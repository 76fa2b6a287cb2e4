// The catalog's rules: publishing compiles once and freezes a version; the studio and orders
// load compiled versions through a per-process cache; views for the console and the shop.
import { compile, createSession, type CompiledModel, type ProductModel } from '@customerize/engine';
import type { Db } from '../db/types.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { CompiledModelCache } from './compiled-cache.ts';
import {
  getCompiledBytes,
  markPublished,
  type Product,
  type ProductVersion,
  type VersionSummary,
} from './catalog.store.ts';

const caches = new WeakMap<Db, CompiledModelCache>();

/** The compiled model of a published (or retired) version, deserialized at most once per process. */
export async function compiledVersion(
  db: Db,
  tenantId: string,
  versionId: string,
): Promise<CompiledModel> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new CompiledModelCache()));
  return cache.get(`${tenantId}/${versionId}`, async () => {
    const bytes = await getCompiledBytes(db, tenantId, versionId);
    if (!bytes) throw new NotFound('published product version', versionId);
    return bytes;
  });
}

/** Compiles (unless given the compiled model of this version) and publishes a draft. */
export async function publishVersion(
  db: Db,
  version: ProductVersion,
  now: Date,
  precompiled?: CompiledModel,
): Promise<ProductVersion> {
  if (version.status !== 'draft') {
    throw new Conflict(
      `Version ${version.number} is already ${version.status}; published versions never change. Upload a new version instead.`,
    );
  }
  if (version.issues.some((i) => i.severity === 'error')) {
    throw new Conflict(
      `Version ${version.number} has errors; fix them in a new version before publishing.`,
    );
  }
  const compiled = precompiled ?? compile(version.model);
  if (compiled.stats.conflict) {
    throw new Conflict(
      `No product satisfies every rule of version ${version.number} (${compiled.stats.conflict.join(', ')}).`,
    );
  }
  return markPublished(
    db,
    version.tenantId,
    version,
    { bytes: compiled.serialize(), stats: compiled.stats },
    now,
  );
}

/** Standard products have no free choice: every feature allows exactly one value. */
export function productKind(compiled: CompiledModel): 'configurable' | 'standard' {
  const domains = createSession(compiled).domains();
  return Object.values(domains).every((d) => d.length <= 1) ? 'standard' : 'configurable';
}

export function fromPrice(compiled: CompiledModel): number {
  return createSession(compiled).ranges().price.min;
}

/** Asset keys of a product live under its slug: `city-bike/frame-black`. */
export function assetPrefix(product: Pick<Product, 'slug'>): string {
  return `${product.slug}/`;
}

export type VersionView = {
  id: string;
  number: number;
  status: 'draft' | 'published' | 'retired';
  createdAt: string;
  publishedAt: string | null;
  issues: VersionSummary['issues'];
  stats: VersionSummary['compileStats'];
};

export function versionView(v: VersionSummary): VersionView {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    issues: v.issues,
    stats: v.compileStats,
  };
}

export type ProductView = {
  id: string;
  slug: string;
  name: string;
  description: string;
  createdAt: string;
  publishedVersion: { id: string; number: number } | null;
};

export function productView(p: Product, published: VersionSummary | undefined): ProductView {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    createdAt: p.createdAt.toISOString(),
    publishedVersion: published ? { id: published.id, number: published.number } : null,
  };
}

export type { ProductModel };
