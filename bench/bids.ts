// "Bids" section of docs/benchmarks.md: how long the answer to a bid takes.
// 1. Demo catalog, 5 providers: the real app on PGlite (answer padding off), the city bike with
//    its own workshop, the demo partner and 3 more partners added here (random restrictions and
//    costs); server time of POST /bids (checks, matching over all providers in the compute pool,
//    scheduling and holding under the capacity lock). Target p95 ≤ 200 ms.
// 2. Renault Megane (../shared/benchmarks), 3 providers with random restrictions and costs:
//    matching itself (bids/matching.ts), the part that grows with the model. Target p95 ≤ 1 s.
// Written only when the load average is below 2.
//
//   node --import tsx bench/bids.ts [--bids 40] [--renault-bids 20] [--no-write]
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { compile, createSession, type CompiledModel, type Value } from '@customerize/engine';
import { findProductBySlug } from '../packages/server/src/catalog/catalog.store.ts';
import { insertWorkCenter } from '../packages/server/src/capacity/capacity.store.ts';
import { loadModel } from '../packages/server/src/cli/model-commands.ts';
import { matchBid, type MatchProvider } from '../packages/server/src/bids/matching.ts';
import { DEFAULT_FLOOR_POLICY } from '../packages/server/src/providers/providers.ts';
import {
  insertProvider,
  upsertProviderProduct,
} from '../packages/server/src/providers/providers.store.ts';
import { createTestApp } from '../packages/server/test/helpers/app.ts';
import { shopProduct } from '../packages/server/test/helpers/shop.ts';
import { writeBenchSection } from './doc-section.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const CLIB = `${ROOT}../shared/benchmarks/configuration/clib`;
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const bidsN = arg('--bids', 40);
const renaultN = arg('--renault-bids', 20);
const write = !process.argv.includes('--no-write');

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

/** About a third of the multi-valued features limited to about half their values, keeping `keep`. */
function randomAllowed(compiled: CompiledModel, r: () => number): Record<string, Value[]> {
  const keep = createSession(compiled).sample(1, Math.floor(r() * 1e9))[0] ?? {};
  const allowed: Record<string, Value[]> = {};
  for (const f of compiled.ir.features) {
    const k = keep[f.id];
    if (f.values.length < 2 || r() > 0.33 || k === undefined) continue;
    allowed[f.id] = [k, ...f.values.filter((v) => v !== k && r() < 0.5)];
  }
  return allowed;
}

function randomCosts(compiled: CompiledModel, r: () => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of compiled.ir.features)
    for (const v of f.values) if (r() < 0.5) out[`${f.id}=${String(v)}`] = Math.floor(r() * 5000);
  return out;
}

const rows: string[] = [];

// 1. The demo catalog through the app.
{
  const t = await createTestApp();
  const firm = await t.seedFirm('alpha');
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const product = await findProductBySlug(t.db, firm.tenant.id, 'city-bike');
  const r = rng(11);
  const now = t.clock.now();
  for (let i = 0; i < 3; i++) {
    const provider = await insertProvider(t.db, {
      id: t.ids.uuid(),
      tenantId: firm.tenant.id,
      name: `Bench partner ${i + 1}`,
      kind: 'partner',
      active: true,
      acceptDeadlineHours: 48,
      extraLeadDays: i,
      floorPolicy: { ...DEFAULT_FLOOR_POLICY, marginPercent: 10 + 10 * i },
      createdAt: now,
      updatedAt: now,
    });
    await upsertProviderProduct(t.db, {
      id: t.ids.uuid(),
      tenantId: firm.tenant.id,
      providerId: provider.id,
      productId: product!.id,
      allowed: randomAllowed(bike.engine, r),
      baseCost: 20_000 + Math.floor(r() * 20_000),
      optionCosts: randomCosts(bike.engine, r),
      currency: 'EUR',
      createdAt: now,
      updatedAt: now,
    });
    for (const code of ['frame-shop', 'paint', 'assembly'])
      await insertWorkCenter(t.db, {
        id: t.ids.uuid(),
        tenantId: firm.tenant.id,
        providerId: provider.id,
        code,
        name: `${code} ${i + 1}`,
        description: '',
        minutesPerDay: 16 * 60,
        workingDays: [1, 2, 3, 4, 5],
        now,
      });
  }
  // Must-haves a customer could really insist on together (the engine says which pairs hold).
  const pairs: Array<{ rider_height: number; frame_material: string }> = [];
  for (const material of ['aluminium', 'steel', 'carbon'])
    for (let height = 150; height <= 195; height += 5) {
      const s = createSession(bike.engine);
      if (s.select('rider_height', height).ok && s.select('frame_material', material).ok)
        pairs.push({ rider_height: height, frame_material: material });
    }
  const times: number[] = [];
  let accepted = 0;
  for (let i = 0; i < bidsN + 3; i++) {
    const t0 = performance.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/bids',
      remoteAddress: `10.2.${Math.floor(i / 200)}.${i % 200}`,
      payload: {
        versionId: bike.version.id,
        mustHave: pairs[(i * 7) % pairs.length],
        price: { amount: 60_000 + Math.floor(r() * 150_000), currency: 'EUR' },
        latestDate: '2026-03-01',
        email: `bench-${i}@example.com`,
      },
    });
    const ms = performance.now() - t0;
    if (res.statusCode !== 201) throw new Error(`bid answered ${res.statusCode}: ${res.body}`);
    if (i < 3) continue; // the first few warm the worker and the caches
    times.push(ms);
    if (res.json<{ status: string }>().status === 'accepted') accepted += 1;
  }
  await t.close();
  const row = `| Demo city bike | 5 | ${times.length} | ${accepted} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | p95 ≤ 200 ms: ${pct(times, 95) <= 200 ? 'met' : '**missed**'} |`;
  rows.push(row);
  console.log(row);
}

// 2. Renault Megane, matching only.
if (existsSync(`${CLIB}/megane.xml`)) {
  const { model } = loadModel(`${CLIB}/megane.xml`, { names: `${CLIB}/renault_domains.txt` });
  const compiled = compile(model);
  const r = rng(23);
  const providers: MatchProvider[] = Array.from({ length: 3 }, (_, i) => ({
    id: i === 0 ? null : `p${i}`,
    kind: i === 0 ? 'own' : 'partner',
    allowed: i === 0 ? null : randomAllowed(compiled, r),
    costs: { baseCost: 1000, optionCosts: randomCosts(compiled, r), currency: 'EUR' },
    floorPolicy: { ...DEFAULT_FLOOR_POLICY, marginPercent: 10 + 10 * i },
    load: 0.5,
    daysAvailable: 60,
  }));
  const times: number[] = [];
  let accepted = 0;
  for (let i = 0; i < renaultN; i++) {
    const sample = createSession(compiled).sample(1, i + 1)[0] ?? {};
    const mustHave = Object.fromEntries(Object.entries(sample).filter(() => r() < 0.1));
    const t0 = performance.now();
    const result = matchBid(compiled, {
      mustHave,
      flexible: {},
      price: Math.floor(r() * 200_000),
      objective: i % 2 ? 'most-product' : 'highest-margin',
      providers,
    });
    times.push(performance.now() - t0);
    if (result.kind === 'matched' && result.matches.length) accepted += 1;
  }
  const row = `| Renault Megane (${compiled.stats.backend}) | 3 | ${times.length} | ${accepted} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | p95 ≤ 1 s: ${pct(times, 95) <= 1000 ? 'met' : '**missed**'} |`;
  rows.push(row);
  console.log(row);
} else console.log(`Renault Megane not found under ${CLIB}: skipped`);

const load = loadavg()[0]!;
const text = [
  '## Bids: answer time',
  '',
  `\`node --import tsx bench/bids.ts --bids ${bidsN} --renault-bids ${renaultN}\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}; load average when measured: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}.`,
  'Demo: server time of POST /bids through the app (matching over every provider in the compute pool, scheduling and holding). Renault: matching alone (bids/matching.ts) with random provider restrictions and costs.',
  '',
  '| Model | Providers | Bids | Accepted | p50 (ms) | p95 (ms) | Target |',
  '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows,
].join('\n');
if (!write) console.log('(--no-write: docs/benchmarks.md left alone)');
else if (load >= 2) console.log(`load average ${load.toFixed(2)} ≥ 2: numbers not written`);
else writeBenchSection('bids', text);
