// "Recommendations: server time" section of docs/benchmarks.md. The real app on PGlite with the
// demo catalog and a generated history of the city bike (bench/recommendation-history.ts: N
// customers' orders-to-be, stored as saved designs through the studio store, and a consenting
// customer's own designs); POST /shop/:tenant/recommendations from a random part of a generated
// design, as a guest (popular) and as the consenting customer (personal), with the engine check
// included. Server time of the whole request (inject). The statistics are learned on the first
// request (reported apart) and then served from the cache. Target p95 ≤ 30 ms. Written only when
// the load average is below 2.
//
//   node --import tsx bench/recommendations-speed.ts [--customers 5000] [--requests 300] [--no-write]
import { cpus, loadavg } from 'node:os';
import type { Value } from '@customerize/engine';
import { insertDesign, insertDesignVersion } from '../packages/server/src/studio/studio.store.ts';
import { createTestApp } from '../packages/server/test/helpers/app.ts';
import { signUpCustomer } from '../packages/server/test/helpers/accounts.ts';
import { shopProduct } from '../packages/server/test/helpers/shop.ts';
import { writeBenchSection } from './doc-section.ts';
import { generate, rng } from './recommendation-history.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const CUSTOMERS = arg('--customers', 5000);
const REQUESTS = arg('--requests', 300);
const write = !process.argv.includes('--no-write');
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

const t = await createTestApp();
const firm = await t.seedFirm('alpha');
const bike = await shopProduct(t, 'alpha', 'city-bike');
const history = generate(bike.engine, CUSTOMERS, 11);
const person = { email: 'ann@example.test', name: 'Ann', password: 'ann walnut chair 42' };
const ann = await signUpCustomer(t, firm, person);
{
  const state = await t.app.inject({
    method: 'GET',
    url: '/api/v1/privacy/consents',
    headers: ann.headers,
  });
  const version = state
    .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
    .purposes.find((p) => p.purpose === 'personalization')!.notice.version;
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/privacy/consents',
    headers: ann.headers,
    payload: { purpose: 'personalization', given: true, screen: 'bench', noticeVersion: version },
  });
}
// Stored as saved designs (the orders module would also book capacity for each; what is learned
// is the same rows). Every 1,000th customer's designs are Ann's, so she has a history.
const now = t.clock.now();
for (const [i, row] of history.entries()) {
  const designId = t.ids.uuid();
  const annRow = Number(row.person.slice(1)) % 1000 === 0;
  await insertDesign(t.db, {
    id: designId,
    tenantId: firm.tenant.id,
    productId: bike.product.id,
    customerId: annRow ? ann.userId : null,
    email: null,
    name: `Generated ${i}`,
    tokenHash: `bench-${i}`,
    currentVersion: 1,
    createdAt: now,
  });
  await insertDesignVersion(t.db, {
    id: t.ids.uuid(),
    tenantId: firm.tenant.id,
    designId,
    number: 1,
    productVersionId: bike.version.id,
    choices: row.choices,
    personalization: {},
    note: null,
    quote: { total: 0, currency: 'EUR', promisedDate: null, valid: true },
    createdAt: now,
  });
}

const r = rng(5);
const features = bike.engine.ir.features.map((f) => f.id);
const askFor = () => {
  const design = history[Math.floor(r() * history.length)]!.choices;
  const shown = features.filter((f) => design[f] !== undefined).sort(() => r() - 0.5);
  const k = Math.floor(r() * shown.length);
  const choices: Record<string, Value> = {};
  for (const f of shown.slice(0, k)) choices[f] = design[f]!;
  return choices;
};
const ask = async (who: 'guest' | 'ann', i: number) => {
  const t0 = performance.now();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/recommendations',
    headers: who === 'ann' ? ann.headers : {},
    remoteAddress: `10.4.${Math.floor(i / 200)}.${i % 200}`,
    payload: { versionId: bike.version.id, choices: askFor() },
  });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}: ${res.body}`);
  const basis = res.json<{ basis: string }>().basis;
  if (basis !== (who === 'ann' ? 'personal' : 'popular')) throw new Error(`basis ${basis}`);
  return ms;
};

const firstMs = await ask('guest', 0);
const times: Record<'guest' | 'ann', number[]> = { guest: [], ann: [] };
for (let i = 0; i < REQUESTS + 5; i++) {
  const who = i % 2 === 0 ? 'guest' : 'ann';
  const ms = await ask(who, i + 1);
  if (i >= 5) times[who].push(ms);
}
await t.close();

const load = loadavg();
const row = (label: string, xs: number[]) =>
  `| ${label} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | p95 ≤ 30 ms: ${pct(xs, 95) <= 30 ? 'met' : 'missed'} |`;
const text = [
  '## Recommendations: server time',
  '',
  `\`node --import tsx bench/recommendations-speed.ts --customers ${CUSTOMERS} --requests ${REQUESTS}\` on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node.js ${process.version}; load average when measured: ${load.map((x) => x.toFixed(2)).join(', ')}.`,
  `Server time of POST /shop/:tenant/recommendations on the city bike with ${history.length} generated designs of ${CUSTOMERS} customers, from a random part of one of them: scoring, the engine check of every suggestion (domains under the choices, whole designs checked) and, for the consenting customer, the consent check and their own history. The first request learns the statistics: ${firstMs.toFixed(0)} ms.`,
  '',
  '| Asker | Requests | p50 (ms) | p95 (ms) | Target |',
  '| --- | ---: | ---: | ---: | --- |',
  row('guest (popular)', times.guest),
  row('consenting customer (personal)', times.ann),
].join('\n');
console.log(text);
if (write && load[0]! < 2) writeBenchSection('recommendations-speed', text);
else if (write) console.log('load average ≥ 2: not written');
