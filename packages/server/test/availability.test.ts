// Untrusted work never blocks the server: compiling, counting and measuring a model a firm
// uploads runs in worker threads with a heap cap and a hard deadline, publishing proves a
// model cheap enough to serve (or refuses it with the figures), and shop routes only read what
// publishing computed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile, createSession, type ProductModel } from '@customerize/engine';
import { parse } from 'yaml';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { productVersions } from '../src/catalog/catalog.schema.ts';
import { isCompiledLoaded } from '../src/catalog/catalog.ts';
import { insertVersion } from '../src/catalog/catalog.store.ts';
import { ComputePool } from '../src/compute/pool.ts';
import { EXAMPLES_DIR } from '../src/seed/demo-catalog.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { startHealthProbe, quantile } from './helpers/health-probe.ts';
import { heavyModel, unsatisfiableModel } from './helpers/heavy-model.ts';

/** Short enough to keep the suite quick, long enough for a small model on a busy machine. */
const DEADLINE_MS = 6_000;

let t: TestApp;
let compute: ComputePool;
let firm: Firm;
let designer: SignedIn;
let base: string;

before(async () => {
  compute = new ComputePool({
    workers: 1,
    deadlineMs: DEADLINE_MS,
    heapMb: 512,
    maxQueue: 1,
    maxPerTenant: 2,
  });
  t = await createTestApp({ compute });
  firm = await t.seedFirm('alpha');
  designer = await t.signIn(firm, 'designer');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  assert.ok(address && typeof address === 'object');
  base = `http://127.0.0.1:${address.port}`;
});
after(async () => {
  await t.close();
  await compute.close();
});

type Problem = {
  type: string;
  status: number;
  detail: string;
  figures?: Record<string, unknown>;
  exceeded?: { limit: string; allowed: number; measured: number | null }[];
  conflict?: string[];
};

function post(path: string, body: unknown): Promise<Response> {
  return fetch(base + path, {
    method: 'POST',
    headers: { ...designer.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Runs `work` while probing /healthz; latencies in ms. */
async function healthWhile<T>(work: Promise<T>): Promise<{ result: T; latencies: number[] }> {
  const probe = startHealthProbe(`${base}/healthz`);
  let result: T;
  try {
    result = await work;
  } catch (error) {
    await probe.stop().catch(() => undefined);
    throw error;
  }
  return { result, latencies: await probe.stop() };
}

type Probed<T> = { result: T; latencies: number[]; idle: number[] };

/** Runs `work` while probing /healthz, after probing it idle just before. */
async function probedWhile<T>(work: () => Promise<T>): Promise<Probed<T>> {
  const { latencies: idle } = await healthWhile(Promise.resolve());
  const { result, latencies } = await healthWhile(work());
  return { result, latencies, idle };
}

/**
 * The p99 the issue asks for, on a shared test machine: the heavy work may add at most 50 ms to
 * the /healthz p99 measured just before it on the same machine. A blocked event loop adds the
 * whole computation (seconds); a busy machine slows both measurements alike. The absolute
 * figure on an idle machine is measured by the benchmark (docs/benchmarks.md), not here.
 */
function assertHealthy(probe: Probed<unknown>): void {
  assert.ok(probe.latencies.length >= 200, `${probe.latencies.length} health probes`);
  const during = p99(probe.latencies);
  const before = p99(probe.idle);
  assert.ok(
    during < before + 50,
    `healthz p99 ${during.toFixed(1)} ms while the work ran, ${before.toFixed(1)} ms just before`,
  );
}

const p99 = (values: number[]): number => quantile(values, 0.99);

async function newProduct(slug: string): Promise<string> {
  const res = await post('/api/v1/products', { slug, name: slug });
  const body = await res.text();
  assert.equal(res.status, 201, body);
  return (JSON.parse(body) as { id: string }).id;
}

/** A draft stored as it was uploaded before publishing proved models (no compile at upload). */
async function storedDraft(productId: string, model: ProductModel): Promise<string> {
  const version = await insertVersion(t.db, {
    id: t.ids.uuid(),
    tenantId: firm.tenant.id,
    productId,
    format: 'json',
    source: JSON.stringify(model),
    model,
    issues: [],
    createdBy: null,
    createdAt: t.clock.now(),
  });
  return version.id;
}

test('checking a heavy model answers 422 model-too-expensive, its worker is terminated, and the work adds under 50 ms to the /healthz p99', async () => {
  const terminated = compute.stats.terminated;
  const probe = await probedWhile(() =>
    post('/api/v1/products/model-check', { source: JSON.stringify(heavyModel()), format: 'json' }),
  );
  const res = probe.result;
  assert.equal(res.status, 422);
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  const problem = (await res.json()) as Problem;
  assert.equal(problem.type, 'https://customerize.dev/problems/model-too-expensive');
  assert.match(problem.detail, new RegExp(`${DEADLINE_MS} ms deadline`));
  assert.deepEqual(problem.exceeded, [
    { limit: 'deadlineMs', allowed: DEADLINE_MS, measured: null },
  ]);
  assert.equal(compute.stats.terminated, terminated + 1, 'the worker was terminated');
  assert.equal(compute.running, 0, 'no worker is left running the heavy model');

  const small = await post('/api/v1/products/model-check', {
    source: readFileSync(`${EXAMPLES_DIR}/city-bike/model.yaml`, 'utf8'),
    format: 'yaml',
  });
  assert.equal(small.status, 200, 'a new worker replaces the terminated one');
  assert.equal(((await small.json()) as { ok: boolean }).ok, true);
  assertHealthy(probe);
});

test('publishing a heavy model is refused with a problem, and the version stays a draft', async () => {
  const productId = await newProduct('heavy');
  const versionId = await storedDraft(productId, heavyModel());
  const probe = await probedWhile(() => post(`/api/v1/product-versions/${versionId}/publish`, {}));
  const res = probe.result;
  assert.equal(res.status, 422, await res.clone().text());
  const problem = (await res.json()) as Problem;
  assert.equal(problem.type, 'https://customerize.dev/problems/model-too-expensive');
  assert.ok(problem.exceeded?.length, 'names the limit it exceeded');

  const version = await t.app.inject({
    method: 'GET',
    url: `/api/v1/product-versions/${versionId}`,
    headers: designer.headers,
  });
  assert.equal(version.json<{ status: string }>().status, 'draft');
  const shop = await fetch(`${base}/api/v1/shop/alpha/products`);
  const slugs = ((await shop.json()) as { slug: string }[]).map((p) => p.slug);
  assert.ok(!slugs.includes('heavy'), 'the shop never offers it');
  assertHealthy(probe);
});

test('a model over the firm’s limits is refused at publish with the measured figures', async () => {
  const owner = await t.signIn(firm, 'owner');
  const limited = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/tenant',
    headers: owner.headers,
    payload: { settings: { modelLimits: { maxNodes: 5 } } },
  });
  assert.equal(limited.statusCode, 200, limited.body);
  try {
    const productId = await newProduct('bike-over-limits');
    const upload = await post(`/api/v1/products/${productId}/versions`, {
      source: readFileSync(`${EXAMPLES_DIR}/city-bike/model.yaml`, 'utf8'),
      format: 'yaml',
    });
    assert.equal(upload.status, 201, await upload.clone().text());
    const { id } = (await upload.json()) as { id: string };
    const res = await post(`/api/v1/product-versions/${id}/publish`, {});
    assert.equal(res.status, 422);
    const problem = (await res.json()) as Problem;
    assert.equal(problem.type, 'https://customerize.dev/problems/model-too-expensive');
    const nodes = problem.exceeded?.find((e) => e.limit === 'maxNodes');
    assert.ok(nodes, JSON.stringify(problem));
    assert.equal(nodes.allowed, 5);
    assert.ok(typeof problem.figures?.nodes === 'number' && problem.figures.nodes > 5);
    assert.equal(typeof problem.figures?.compileMs, 'number');
  } finally {
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/tenant',
      headers: owner.headers,
      payload: { settings: { modelLimits: {} } },
    });
  }
});

test('a model with no valid product is refused at publish with the conflicting rules', async () => {
  const productId = await newProduct('impossible-small');
  const model: ProductModel = {
    id: 'impossible-small',
    name: 'Impossible',
    currency: 'EUR',
    features: ['a', 'b', 'c'].map((id) => ({ id, type: 'int' as const, min: 0, max: 5 })),
    rules: [
      { id: 'at-most', expr: 'a + b + c <= 5' },
      { id: 'at-least', expr: 'a + b + c >= 6' },
      { id: 'harmless', expr: 'a <= 5' },
    ],
  };
  const versionId = await storedDraft(productId, model);
  const res = await post(`/api/v1/product-versions/${versionId}/publish`, {});
  assert.equal(res.status, 422);
  const problem = (await res.json()) as Problem;
  assert.equal(problem.type, 'https://customerize.dev/problems/model-unsatisfiable');
  assert.deepEqual([...(problem.conflict ?? [])].sort(), ['at-least', 'at-most']);
});

test('the issue’s unsatisfiable model (30 sums ≤ 900 and ≥ 901) can never be published', async () => {
  const productId = await newProduct('impossible');
  const upload = await post(`/api/v1/products/${productId}/versions`, {
    source: JSON.stringify(unsatisfiableModel()),
    format: 'json',
  });
  // Refused at upload when the engine proves it unsatisfiable while compiling, else at publish
  // (no valid product, or not proven within the deadline): either way a 4xx problem.
  if (upload.status === 201) {
    const { id } = (await upload.json()) as { id: string };
    const res = await post(`/api/v1/product-versions/${id}/publish`, {});
    assert.equal(res.status, 422, await res.clone().text());
    assert.match(
      ((await res.json()) as Problem).type,
      /problems\/(model-unsatisfiable|model-too-expensive)$/,
    );
  } else {
    assert.ok([400, 422].includes(upload.status), await upload.text());
  }
  const shop = await fetch(`${base}/api/v1/shop/alpha/products`);
  const slugs = ((await shop.json()) as { slug: string }[]).map((p) => p.slug);
  assert.ok(!slugs.includes('impossible'));
});

test('a full pool answers 503 with Retry-After instead of queueing without bound', async () => {
  const heavy = { source: JSON.stringify(heavyModel()), format: 'json' };
  const running = post('/api/v1/products/model-check', heavy);
  const waiting = post('/api/v1/products/model-check', heavy);
  // Wait until both reached the pool: one running, one in its queue of one.
  while (compute.running + compute.queued < 2) await new Promise((r) => setTimeout(r, 20));
  const refused = await post('/api/v1/products/model-check', heavy);
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get('retry-after'), String(DEADLINE_MS / 1000));
  assert.equal(
    ((await refused.json()) as Problem).type,
    'https://customerize.dev/problems/compute-busy',
  );
  assert.equal((await running).status, 422);
  assert.equal((await waiting).status, 422);
});

test('the shop lists and shows a published product without compiling or loading its model', async () => {
  const productId = await newProduct('bike');
  const upload = await post(`/api/v1/products/${productId}/versions`, {
    source: readFileSync(`${EXAMPLES_DIR}/city-bike/model.yaml`, 'utf8'),
    format: 'yaml',
  });
  const { id: versionId } = (await upload.json()) as { id: string };
  const published = await post(`/api/v1/product-versions/${versionId}/publish`, {});
  assert.equal(published.status, 200, await published.clone().text());
  const figures = ((await published.json()) as { cost: Record<string, number> }).cost;
  assert.equal(typeof figures.worstStepMs, 'number', 'publishing stored the measured cost');

  const tasks = compute.stats.started;
  const listing = await fetch(`${base}/api/v1/shop/alpha/products`);
  assert.equal(listing.status, 200);
  const card = ((await listing.json()) as { slug: string; fromPrice: number; kind: string }[]).find(
    (p) => p.slug === 'bike',
  );
  assert.ok(card);
  assert.equal(card.kind, 'configurable');
  const bike = parse(readFileSync(`${EXAMPLES_DIR}/city-bike/model.yaml`, 'utf8')) as ProductModel;
  assert.equal(card.fromPrice, createSession(compile(bike)).ranges().price.min);
  const page = await fetch(`${base}/api/v1/shop/alpha/products/bike`);
  assert.equal(page.status, 200);
  assert.equal(((await page.json()) as { kind: string }).kind, 'configurable');
  assert.equal(compute.stats.started, tasks, 'no model computation for the listing or the page');
  assert.equal(
    isCompiledLoaded(t.db, firm.tenant.id, versionId),
    false,
    'the compiled model was not even loaded',
  );

  // The same listing from a server whose model workers are off.
  const off = await createTestApp({
    testDb: t.testDb,
    config: { compute: { workers: 0, deadlineMs: 1000, heapMb: 64, maxQueue: 0, maxPerTenant: 1 } },
  });
  try {
    const res = await off.app.inject({ method: 'GET', url: '/api/v1/shop/alpha/products' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.json<{ slug: string }[]>().some((p) => p.slug === 'bike'));
  } finally {
    await off.close();
  }
});

test('a version published before proofs existed is proven once in the pool, then listed from its stored facts', async () => {
  await t.db.execute(
    sql`update product_versions set serving_facts = null, cost_figures = null where tenant_id = ${firm.tenant.id} and status = 'published'`,
  );
  const tasks = compute.stats.started;
  const first = await fetch(`${base}/api/v1/shop/alpha/products`);
  assert.equal(first.status, 200);
  const cards = (await first.json()) as { slug: string; fromPrice: number }[];
  assert.ok(cards.some((c) => c.slug === 'city-bike'));
  assert.ok(compute.stats.started > tasks, 'the facts were computed in the pool');
  const unproven = await t.db
    .select({ id: productVersions.id })
    .from(productVersions)
    .where(
      and(
        eq(productVersions.tenantId, firm.tenant.id),
        eq(productVersions.status, 'published'),
        isNull(productVersions.servingFacts),
      ),
    );
  assert.deepEqual(unproven, [], 'and stored with each version');

  const again = compute.stats.started;
  const second = await fetch(`${base}/api/v1/shop/alpha/products`);
  assert.deepEqual(await second.json(), cards);
  assert.equal(compute.stats.started, again, 'the second listing computed nothing');
});

test('a heavy model published before proofs existed is left out of the listing, which still answers, and an anonymous listing adds under 50 ms to the /healthz p99', async () => {
  const productId = await newProduct('heavy-legacy');
  const versionId = await storedDraft(productId, heavyModel());
  await t.db.execute(
    sql`update product_versions set status = 'published', published_at = now() where id = ${versionId}`,
  );
  // The issue's scenario: an anonymous visitor lists the shop while its heavy model is unproven.
  const probe = await probedWhile(() => fetch(`${base}/api/v1/shop/alpha/products`));
  assertHealthy(probe);
  const listing = probe.result;
  assert.equal(listing.status, 200);
  const slugs = ((await listing.json()) as { slug: string }[]).map((p) => p.slug);
  assert.ok(!slugs.includes('heavy-legacy'));
  assert.ok(slugs.includes('city-bike'));

  const tasks = compute.stats.started;
  const again = await fetch(`${base}/api/v1/shop/alpha/products`);
  assert.equal(again.status, 200);
  assert.equal(compute.stats.started, tasks, 'a failed proof is not retried for every visitor');
});

test('a worker that reaches its heap cap is lost, the caller gets 422 naming the cap, and the next task gets a fresh worker', async () => {
  const small = new ComputePool({
    workers: 1,
    deadlineMs: 60_000,
    heapMb: 64,
    maxQueue: 1,
    maxPerTenant: 1,
  });
  // Within the 2 MB a model text may have, but its parse tree alone outgrows 64 MB.
  const source = JSON.stringify(heavyModel(9, 600, 60, 0), null, 1);
  assert.ok(source.length < 2_000_000);
  try {
    await assert.rejects(
      small.run('check', { source, format: 'json', count: false }),
      (error: Error & { slug?: string; exceeded?: { limit: string }[] }) => {
        assert.equal(error.slug, 'model-too-expensive', error.message);
        assert.deepEqual(
          error.exceeded?.map((e) => e.limit),
          ['heapMb'],
        );
        return true;
      },
    );
    assert.equal(small.stats.terminated, 1);
    const checked = await small.run('check', {
      source: readFileSync(`${EXAMPLES_DIR}/city-bike/model.yaml`, 'utf8'),
      format: 'yaml',
      count: false,
    });
    assert.ok(checked.model, 'a fresh worker checks the next model');
  } finally {
    await small.close();
  }
});

test('one firm cannot take the whole pool: past its share its tasks answer 503 while another firm’s still run', async () => {
  const pool = new ComputePool({
    workers: 1,
    deadlineMs: 30_000,
    heapMb: 512,
    maxQueue: 4,
    maxPerTenant: 1,
  });
  const heavy = { source: JSON.stringify(heavyModel()), format: 'json' as const, count: true };
  const city = readFileSync(`${EXAMPLES_DIR}/city-bike/model.yaml`, 'utf8');
  try {
    const first = assert.rejects(
      pool.run('check', heavy, { tenant: 'greedy', deadlineMs: 2_000 }),
      /deadline/,
    );
    await assert.rejects(
      pool.run('check', heavy, { tenant: 'greedy' }),
      (error: Error & { slug?: string }) => {
        assert.equal(error.slug, 'compute-busy');
        return true;
      },
    );
    const other = await pool.run(
      'check',
      { source: city, format: 'yaml', count: false },
      { tenant: 'other' },
    );
    assert.ok(other.model, 'the other firm’s model was checked');
    await first;
  } finally {
    await pool.close();
  }
});
