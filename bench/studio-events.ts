// Studio events (issue 14's targets): ingestion ≥ 2,000 events/s in batches, order placement
// slowed by at most 10 % while events pour in, and the "where customers get stuck" and funnel
// endpoints answering p95 ≤ 300 ms over 1,000,000 studio events. The real app (fastify inject,
// every hook: principal, write limits, tenant) with the demo catalog; events of the city bike
// sent in batches of 50 by 8 concurrent visitors (one in ten a customer with research consent, so
// visit rows are written too), spread over 90 days of the firm's calendar. On an in-memory PGlite
// by default; `--database-url postgres://…` runs it on a PostgreSQL server (a fresh schema,
// dropped afterwards). Writes the section "studio-events" of docs/benchmarks.md only on
// PostgreSQL with at least 1,000,000 events and when the load average is below 2. Run it alone.
//
//   node --import tsx bench/studio-events.ts [--events 1000000] [--orders 100] [--requests 200]
//        [--rate 2000] [--database-url postgres://…] [--no-write]
import { cpus, loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Configuration } from '@customerize/engine';
import { randomIds } from '../packages/server/src/ids.ts';
import { createTestApp, type SignedIn } from '../packages/server/test/helpers/app.ts';
import { signInCustomer, signUpCustomer } from '../packages/server/test/helpers/accounts.ts';
import {
  openPgliteTestDatabase,
  openPostgresTestDatabase,
} from '../packages/server/test/helpers/db.ts';
import { completePreset, orderAsGuest, shopProduct } from '../packages/server/test/helpers/shop.ts';
import { writeBenchSection } from './doc-section.ts';
import { rng } from './recommendation-history.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const EVENTS = Number(arg('--events') ?? 1_000_000);
const ORDERS = Number(arg('--orders') ?? 100);
const REQUESTS = Number(arg('--requests') ?? 200);
/** Events per second sent while orders are placed: the ingestion target. */
const RATE = Number(arg('--rate') ?? 2000);
const url = arg('--database-url');
const write = !process.argv.includes('--no-write') && EVENTS >= 1_000_000 && Boolean(url);
const BATCH = 50;
const CONCURRENCY = 8;
const DAYS = 90;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

const testDb = url ? await openPostgresTestDatabase(url) : await openPgliteTestDatabase();
const t = await createTestApp({ testDb, ids: randomIds });
try {
  const firm = await t.seedFirm('alpha');
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const design = completePreset(bike);
  // One in ten visits is a customer's who gave research consent: its events are also kept per visit.
  const person = {
    email: 'bench.research@example.test',
    name: 'Bench Research',
    password: 'bench walnut chair 42',
  };
  let researcher = await signUpCustomer(t, firm, person);
  {
    const state = await t.app.inject({
      method: 'GET',
      url: '/api/v1/privacy/consents',
      headers: researcher.headers,
    });
    const version = state
      .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
      .purposes.find((p) => p.purpose === 'research')!.notice.version;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/consents',
      headers: researcher.headers,
      payload: { purpose: 'research', given: true, screen: 'bench', noticeVersion: version },
    });
  }

  // What a visit runs into: the engine's own explanations of excluded values under a random part
  // of a random design (as the studio would send them).
  const r = rng(14);
  const compiled = bike.engine;
  const ir = compiled.ir;
  const entries = ['needs', 'options', 'preset', 'remix', 'name_your_price'];
  const samples = compiled.backend.sample({}, 200, 7);
  type Ev = Record<string, unknown>;
  const excluded: Ev[] = [];
  for (const s of samples.slice(0, 60)) {
    const part: Configuration = {};
    for (const f of ir.features)
      if (!f.customerInput && s[f.id] !== undefined && r() < 0.5) part[f.id] = s[f.id]!;
    for (const f of ir.features) {
      if (f.customerInput || part[f.id] !== undefined) continue;
      const allowed = new Set(compiled.backend.domains(part)[f.id] ?? []);
      for (const v of f.values) {
        if (allowed.has(v)) continue;
        const e = compiled.backend.explain(part, Object.keys(part), f.id, v);
        if (e?.rules.length)
          excluded.push({ feature: f.id, value: v, rules: e.rules.map((x) => x.id), design: part });
      }
    }
  }
  if (excluded.length === 0) throw new Error('no excluded value found to send');
  const visitEvents = (): Ev[] => {
    const out: Ev[] = [{ type: 'studio_opened', first: true }];
    const touched = new Set<string>();
    while (out.length < BATCH) {
      const x = excluded[Math.floor(r() * excluded.length)]!;
      const rules = x.rules as string[];
      const firstRules = rules.filter((id) => !touched.has(id));
      firstRules.forEach((id) => touched.add(id));
      out.push({ type: 'excluded_opened', ...x, ...(firstRules.length ? { firstRules } : {}) });
      if (r() < 0.6) out.push({ type: 'why_read', feature: x.feature, value: x.value, rules });
      if (r() < 0.3) out.push({ type: 'chose_anyway', ...x });
      else if (r() < 0.2) out.push({ type: 'conflict_abandoned', ...x });
    }
    const tail: Ev[] = [{ type: 'design_saved', first: true }];
    if (r() < 0.7) tail.push({ type: 'quoted', first: true });
    if (r() < 0.3) tail.push({ type: 'ordered', first: true });
    return [...out.slice(0, BATCH - tail.length), ...tail];
  };
  const sendBatch = async (i: number, who: SignedIn | null) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/studio-events',
      headers: who?.headers ?? {},
      remoteAddress: `10.9.${Math.floor(i / 250) % 250}.${i % 250}`,
      payload: {
        visit: randomUUID(),
        versionId: bike.version.id,
        entry: entries[i % entries.length],
        events: visitEvents(),
      },
    });
    if (res.statusCode !== 202)
      throw new Error(`ingestion answered ${res.statusCode}: ${res.body}`);
  };

  // 1. Ingestion of every event, in batches from 8 concurrent visitors, over 90 days.
  const batches = Math.ceil(EVENTS / BATCH);
  const perDay = Math.ceil(batches / DAYS);
  t.clock.set(new Date(Date.now() - DAYS * 86_400_000));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < batches; i = next++) {
        if (i > 0 && i % perDay === 0) {
          // The next day of the firm's calendar; the customer signs in again every week
          // (sessions last 14 days).
          t.clock.advance(86_400_000);
          if ((i / perDay) % 7 === 0) researcher = await signInCustomer(t, firm, person);
        }
        await sendBatch(i, i % 10 === 0 ? researcher : null);
      }
    }),
  );
  const ingestS = (performance.now() - t0) / 1000;
  const perSecond = (batches * BATCH) / ingestS;
  t.clock.set(new Date());
  const owner = await t.signIn(firm, 'owner');
  console.log(
    `ingested ${(batches * BATCH).toLocaleString('en')} events in ${ingestS.toFixed(1)} s: ${perSecond.toFixed(0)} events/s`,
  );

  // 2. Order placement alone, then with 8 visitors sending events all the while.
  const placeOrders = async () => {
    const times: number[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const o0 = performance.now();
      await orderAsGuest(t, 'alpha', bike.version.id, design);
      times.push(performance.now() - o0);
    }
    return times;
  };
  const alone = await placeOrders();
  // Meanwhile, batches at RATE events/s (one every BATCH/RATE seconds, at most CONCURRENCY in
  // flight): the target ingestion rate, not a flood.
  let busy = true;
  let during = 0;
  let inFlight = 0;
  const d0 = performance.now();
  const load = (async () => {
    const pending = new Set<Promise<void>>();
    while (busy) {
      const due = d0 + ((during * BATCH) / RATE) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight >= CONCURRENCY) {
        await Promise.race(pending);
        continue;
      }
      inFlight += 1;
      const p: Promise<void> = sendBatch(during++, null).finally(() => {
        inFlight -= 1;
        pending.delete(p);
      });
      pending.add(p);
    }
    await Promise.all(pending);
  })();
  const withIngestion = await placeOrders();
  busy = false;
  await load;
  const achieved = (during * BATCH) / ((performance.now() - d0) / 1000);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const slowdown = (mean(withIngestion) / mean(alone) - 1) * 100;
  console.log(
    `order placement (quote + order): ${mean(alone).toFixed(1)} ms alone, ${mean(withIngestion).toFixed(1)} ms with ingestion at ${achieved.toFixed(0)} events/s (target ${RATE}): ${slowdown.toFixed(1)} %`,
  );

  // 3. The insight endpoints over everything ingested.
  const timeGet = async (path: string) => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const g0 = performance.now();
      const res = await t.app.inject({ method: 'GET', url: path, headers: owner.headers });
      times.push(performance.now() - g0);
      if (res.statusCode !== 200)
        throw new Error(`${path} answered ${res.statusCode}: ${res.body}`);
    }
    return times;
  };
  const stuck = await timeGet('/api/v1/insights/stuck');
  const stuckProduct = await timeGet('/api/v1/insights/stuck?product=city-bike');
  const funnel = await timeGet('/api/v1/insights/funnel');
  const total = (
    await t.app.inject({ method: 'GET', url: '/api/v1/insights/funnel', headers: owner.headers })
  )
    .json<{ rows: { productSlug: string; entry: string; opened: number }[] }>()
    .rows.find((x) => x.productSlug === 'city-bike' && x.entry === 'all')!.opened;
  if (total < batches) throw new Error(`the funnel counts ${total} visits, expected ≥ ${batches}`);

  const loadAvg = loadavg()[0]!;
  const row = (label: string, xs: number[]) =>
    `| ${label} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${pct(xs, 95) <= 300 ? 'met' : 'missed'} |`;
  const text = [
    '## Studio events: ingestion and insight pages',
    '',
    `\`node --import tsx bench/studio-events.ts --events ${EVENTS} --orders ${ORDERS}${url ? ' --database-url …' : ''}\` on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${url ? 'PostgreSQL' : 'PGlite (in memory)'}; load average ${loadAvg.toFixed(2)} at the end. Batches of ${BATCH} city-bike events (engine explanations of excluded values) from ${CONCURRENCY} concurrent visitors through the whole HTTP stack; one visit in ten with research consent (visit rows too), the rest anonymous counts; spread over ${DAYS} days.`,
    '',
    '| Measure | Result | Target |',
    '| --- | --- | --- |',
    `| ingestion | ${perSecond.toFixed(0)} events/s (${(batches * BATCH).toLocaleString('en')} events in ${ingestS.toFixed(1)} s) | ≥ 2,000 events/s: ${perSecond >= 2000 ? 'met' : 'missed'} |`,
    `| order placement (quote + order, mean of ${ORDERS}) | ${mean(alone).toFixed(1)} ms alone, ${mean(withIngestion).toFixed(1)} ms while ${achieved.toFixed(0)} events/s are ingested (${slowdown.toFixed(1)} %) | ≤ 10 % slower at ${RATE} events/s: ${slowdown <= 10 && achieved >= RATE * 0.95 ? 'met' : 'missed'} |`,
    '',
    '| Endpoint | Requests | p50 (ms) | p95 (ms) | p95 ≤ 300 ms |',
    '| --- | ---: | ---: | ---: | --- |',
    row('GET /insights/stuck (90 days, all products)', stuck),
    row('GET /insights/stuck?product=city-bike', stuckProduct),
    row('GET /insights/funnel (90 days)', funnel),
  ].join('\n');
  console.log(text);
  if (!write) console.log('(not written: --no-write, PGlite, or fewer than 1,000,000 events)');
  else if (loadAvg >= 2) console.log(`(not written: load average ${loadAvg.toFixed(2)} ≥ 2)`);
  else writeBenchSection('studio-events', text);
} finally {
  await t.close();
  await testDb.close();
}
