// The catalog's rules: publishing proves a model cheap enough to serve (compiled and measured in
// a compute worker) and freezes the version with its serving facts; the studio and orders load
// compiled versions through a per-process cache; views for the console and the shop.
import type { CompiledModel, ProductModel } from '@customerize/engine';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict, ModelTooExpensive, ModelUnsatisfiable, NotFound } from '../http/errors.ts';
import { CompiledModelCache } from './compiled-cache.ts';
import {
  getCompiledBytes,
  getVersionSummary,
  markPublished,
  setServingFacts,
  type Product,
  type ProductVersion,
  type VersionSummary,
} from './catalog.store.ts';
import type { Proof } from './prove.ts';
import { defaultModelLimits, type ModelLimits, type ServingFacts } from './serving.ts';

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

/** Whether this process holds the compiled model of a version in memory (tests, metrics). */
export function isCompiledLoaded(db: Db, tenantId: string, versionId: string): boolean {
  return caches.get(db)?.has(`${tenantId}/${versionId}`) ?? false;
}

export type ProvenModel = Extract<Proof, { outcome: 'proven' }>;

/** A proof that failed as the problem the caller answers with (422, with the figures). */
export function provenOrThrow(proof: Proof, limits: ModelLimits): ProvenModel {
  if (proof.outcome === 'proven') return proof;
  if (proof.outcome === 'unsatisfiable') {
    throw new ModelUnsatisfiable(
      proof.conflict.length
        ? `No product satisfies every rule; these rules conflict: ${proof.conflict.join(', ')}.`
        : 'No product satisfies every rule.',
      proof.conflict,
    );
  }
  throw new ModelTooExpensive(
    `Serving this model would cost more than the firm's limits: ${proof.exceeded
      .map((e) => `${e.limit} ${e.allowed}, measured ${e.measured}`)
      .join('; ')}.`,
    { ...proof.cost, limits },
    proof.exceeded,
  );
}

/** Compiles and measures a model in the compute pool under the firm's limits. */
export async function proveInPool(
  deps: Pick<AppDeps, 'compute'>,
  tenant: string,
  model: ProductModel,
  limits: ModelLimits = defaultModelLimits,
): Promise<ProvenModel> {
  return provenOrThrow(await deps.compute.run('prove', { model, limits }, { tenant }), limits);
}

const provings = new WeakMap<Db, Map<string, Promise<ServingFacts>>>();

/**
 * The serving facts of a published or retired version. Versions published before facts existed
 * are proven once in the compute pool (never on the event loop) and the facts stored. Concurrent
 * requests share one proof, and a proof that failed is not retried by this process, so visitors
 * cannot make the pool redo expensive work.
 */
export async function servingFactsOf(
  deps: Pick<AppDeps, 'db' | 'compute'>,
  version: VersionSummary,
): Promise<ServingFacts> {
  if (version.servingFacts) return version.servingFacts;
  let pending = provings.get(deps.db);
  if (!pending) provings.set(deps.db, (pending = new Map()));
  const key = `${version.tenantId}/${version.id}`;
  let proving = pending.get(key);
  if (!proving) {
    proving = proveLegacy(deps, version);
    pending.set(key, proving);
    // Success is stored in the database; only failures stay remembered here.
    proving.then(() => pending.delete(key)).catch(() => undefined);
  }
  return proving;
}

/**
 * Before loading a published or retired version's compiled model in this process: make sure it
 * has been proven (versions published before proofs existed are proven in the pool first).
 * Unknown versions and drafts are left to the caller's own not-found answer.
 */
export async function ensureProven(
  deps: Pick<AppDeps, 'db' | 'compute'>,
  tenantId: string,
  versionId: string,
): Promise<void> {
  const version = await getVersionSummary(deps.db, tenantId, versionId);
  if (version && version.status !== 'draft') await servingFactsOf(deps, version);
}

async function proveLegacy(
  deps: Pick<AppDeps, 'db' | 'compute'>,
  version: VersionSummary,
): Promise<ServingFacts> {
  // Already published: only the compute deadline and heap cap apply, not the firm's limits.
  const limits: ModelLimits = {
    maxNodes: defaultModelLimits.maxNodes,
    maxCompileMs: Infinity,
    maxFirstDomainsMs: Infinity,
    maxStepMs: Infinity,
  };
  const proven = provenOrThrow(
    await deps.compute.run('prove', { model: version.model, limits }, { tenant: version.tenantId }),
    limits,
  );
  await setServingFacts(deps.db, version.tenantId, version.id, proven.cost, proven.serving);
  return proven.serving;
}

/** Publishes a draft with its proof (compiled bytes, measured cost, serving facts). */
export async function publishVersion(
  db: Db,
  version: ProductVersion,
  now: Date,
  /** The proof of the model; only a draft is published, so null refuses any other version. */
  proven: ProvenModel | null,
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
  if (!proven) throw new Conflict(`Version ${version.number} has not been compiled.`);
  return markPublished(
    db,
    version.tenantId,
    version,
    { bytes: proven.bytes, stats: proven.stats, cost: proven.cost, serving: proven.serving },
    now,
  );
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
  cost: VersionSummary['costFigures'];
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
    cost: v.costFigures,
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
