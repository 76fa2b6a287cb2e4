// "Recommendations: offline accuracy" section of docs/benchmarks.md. Leave-last-order-out: the
// last order of every customer is held out, the recommender learns from everything else (other
// customers' orders and saved designs, the customer's own earlier ones), and is asked, for the
// held-out order, from a seeded random part of its choices (the customer's own input — height —
// always given, as in the studio):
//   (a) next choice: the values of one hidden feature → hit rate@5, nDCG@5 (and hit@1);
//   (b) whole design: complete designs keeping the revealed choices → hit@5 (the held-out
//       design, every non-input feature equal), nDCG@5.
// Compared: the popularity baseline (values by how often they were chosen, among those the
// engine allows under the revealed choices; designs by how often they were chosen among those
// containing the revealed choices), our recommender on the popular basis (co-occurrence with the
// revealed choices) and on the personal basis (plus the customer's own earlier history). The
// same functions as the server (packages/server/src/recommendations/recommendations.ts).
// Accuracy, not speed: run it once.
//
// Histories: the seeded demo firm (every product), and a generated history of the city bike
// (the real model and its rules; generator described in docs/recommendations.md).
//
//   node --import tsx bench/recommendations-offline.ts [--customers 5000] [--seed 7] [--no-write]
import { readFileSync } from 'node:fs';
import { createSession, type CompiledModel, type Value } from '@customerize/engine';
import { checkModelSource } from '../packages/server/src/catalog/model-source.ts';
import { publishedVersions, listProducts } from '../packages/server/src/catalog/catalog.store.ts';
import { compiledVersion } from '../packages/server/src/catalog/catalog.ts';
import {
  MIN_CUSTOMERS,
  learn,
  ownHistoryOf,
  recommend,
  type HistoryRow,
  type LearnedStats,
} from '../packages/server/src/recommendations/recommendations.ts';
import { productHistory } from '../packages/server/src/recommendations/recommendations.store.ts';
import { createTestApp } from '../packages/server/test/helpers/app.ts';
import { writeBenchSection } from './doc-section.ts';
import { generate, rng, type Timed } from './recommendation-history.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const CUSTOMERS = arg('--customers', 5000);
const SEED = arg('--seed', 7);
const write = !process.argv.includes('--no-write');

type Scores = { cases: number; hit5: number; ndcg5: number; hit1: number };
const empty = (): Scores => ({ cases: 0, hit5: 0, ndcg5: 0, hit1: 0 });
function score(s: Scores, rank: number) {
  s.cases++;
  if (rank >= 0 && rank < 5) {
    s.hit5++;
    s.ndcg5 += 1 / Math.log2(rank + 2);
  }
  if (rank === 0) s.hit1++;
}

type Result = {
  cases: number;
  next: Record<'popularity' | 'popular' | 'personal', Scores>;
  design: Record<'popularity' | 'popular' | 'personal', Scores>;
};

/** Leave-last-order-out over one product's history (rows in time order). */
function evaluate(compiled: CompiledModel, rows: Timed[], seed: number): Result {
  const r = rng(seed);
  const lastOrder = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.kind === 'order') lastOrder.set(row.person, i);
  });
  const held = new Set(lastOrder.values());
  const train = rows.filter((_, i) => !held.has(i));
  const stats: LearnedStats = learn(compiled, train);
  const ownRows = new Map<string, HistoryRow[]>();
  for (const row of train) {
    let l = ownRows.get(row.person);
    if (!l) ownRows.set(row.person, (l = []));
    l.push(row);
  }
  const features = compiled.ir.features;
  const open = features.filter((f) => !f.customerInput);
  const inputs = features.filter((f) => f.customerInput);
  const sameDesign = (a: Record<string, Value>, b: Record<string, Value>) =>
    open.every((f) => a[f.id] === b[f.id]);
  const result: Result = {
    cases: 0,
    next: { popularity: empty(), popular: empty(), personal: empty() },
    design: { popularity: empty(), popular: empty(), personal: empty() },
  };
  // The popularity baseline's designs: learned designs, most weight first.
  const byWeight = stats.ranked.map((i) => stats.designs[i]!);
  for (const i of held) {
    const target = rows[i]!.choices;
    const present = open.filter((f) => target[f.id] !== undefined);
    if (present.length < 2) continue;
    result.cases++;
    // Reveal a random part (at least one, at most all but one) of the design.
    const shuffled = [...present].sort(() => r() - 0.5);
    const k = 1 + Math.floor(r() * (present.length - 1));
    const choices: Record<string, Value> = {};
    for (const f of inputs) if (target[f.id] !== undefined) choices[f.id] = target[f.id]!;
    for (const f of shuffled.slice(0, k)) choices[f.id] = target[f.id]!;
    const hidden = shuffled[k]!;
    const own = ownHistoryOf(compiled, stats, ownRows.get(rows[i]!.person) ?? []);

    // (a) next choice
    const allowed = compiled.backend.domains(choices)[hidden.id] ?? [];
    // Shown only when MIN_CUSTOMERS customers chose it, as the server requires of any answer.
    const idOf = (v: Value) => stats.itemIndex.get(`${hidden.id}\u0000${hidden.values.indexOf(v)}`);
    const pop = allowed
      .filter((v) => {
        const id = idOf(v);
        return id !== undefined && stats.itemPeople[id]! >= MIN_CUSTOMERS;
      })
      .sort((a, b) => stats.itemWeight[idOf(b)!]! - stats.itemWeight[idOf(a)!]!);
    score(result.next.popularity, pop.indexOf(target[hidden.id]!));
    for (const basis of ['popular', 'personal'] as const) {
      const recs = recommend(compiled, stats, choices, {
        feature: hidden.id,
        limit: 5,
        designs: 0,
        own: basis === 'personal' ? own : null,
        domains: (c) => compiled.backend.domains(c),
      });
      score(
        result.next[basis],
        recs.next.findIndex((s) => s.value === target[hidden.id]),
      );
    }

    // (b) whole design
    const containing: Record<string, Value>[] = [];
    for (const d of byWeight) {
      if (containing.length >= 5) break;
      if (d.people.length < MIN_CUSTOMERS) continue;
      const w = d.witness;
      if (Object.entries(choices).every(([f, v]) => inputs.some((x) => x.id === f) || w[f] === v))
        containing.push(w);
    }
    score(
      result.design.popularity,
      containing.findIndex((d) => sameDesign(d, target)),
    );
    for (const basis of ['popular', 'personal'] as const) {
      const recs = recommend(compiled, stats, choices, {
        limit: 0,
        designs: 5,
        own: basis === 'personal' ? own : null,
        domains: (c) => compiled.backend.domains(c),
      });
      score(
        result.design[basis],
        recs.designs.findIndex((d) => sameDesign(d.choices, target)),
      );
    }
  }
  return result;
}

const f3 = (x: number) => x.toFixed(3);
function rowsOf(name: string, res: Result): string[] {
  const line = (task: string, who: string, s: Scores) =>
    `| ${name} | ${task} | ${who} | ${s.cases} | ${s.cases ? f3(s.hit5 / s.cases) : '–'} | ${s.cases ? f3(s.ndcg5 / s.cases) : '–'} | ${s.cases ? f3(s.hit1 / s.cases) : '–'} |`;
  const who = {
    popularity: 'popularity baseline',
    popular: 'co-occurrence (popular basis)',
    personal: 'co-occurrence + own history (personal)',
  } as const;
  const out: string[] = [];
  for (const task of ['next', 'design'] as const)
    for (const k of ['popularity', 'popular', 'personal'] as const)
      out.push(line(task === 'next' ? 'next choice' : 'whole design', who[k], res[task][k]));
  return out;
}

// --- the demo firm ---
const t = await createTestApp();
const firm = await t.seedFirm('demo');
const demoRows: string[] = [];
let demoHistory = 0;
const demoCustomers = new Set<string>();
let demoCases = 0;
const total: Result = {
  cases: 0,
  next: { popularity: empty(), popular: empty(), personal: empty() },
  design: { popularity: empty(), popular: empty(), personal: empty() },
};
for (const p of await listProducts(t.db, firm.tenant.id)) {
  const [v] = await publishedVersions(t.db, firm.tenant.id, [p.id]);
  if (!v) continue;
  const compiled = await compiledVersion(t.db, firm.tenant.id, v.id);
  const rows = (await productHistory(t.db, firm.tenant.id, p.id, 100_000))
    .reverse()
    .map((row, i) => ({ ...row, at: i }));
  demoHistory += rows.length;
  for (const row of rows) demoCustomers.add(row.person);
  const res = evaluate(compiled, rows, SEED);
  demoCases += res.cases;
  total.cases += res.cases;
  for (const task of ['next', 'design'] as const)
    for (const k of ['popularity', 'popular', 'personal'] as const) {
      const s = total[task][k];
      const x = res[task][k];
      s.cases += x.cases;
      s.hit5 += x.hit5;
      s.ndcg5 += x.ndcg5;
      s.hit1 += x.hit1;
    }
}
demoRows.push(...rowsOf('demo firm (all products)', total));
await t.close();

// --- the generated history ---
const source = readFileSync(new URL('../examples/city-bike/model.yaml', import.meta.url), 'utf8');
const compiled = checkModelSource(source, 'yaml').compiled!;
createSession(compiled); // warm
const t0 = performance.now();
const generated = generate(compiled, CUSTOMERS, SEED);
const genSecs = (performance.now() - t0) / 1000;
const orders = generated.filter((r) => r.kind === 'order').length;
const t1 = performance.now();
const genRes = evaluate(compiled, generated, SEED + 1);
const evalSecs = (performance.now() - t1) / 1000;

const lines = [
  '## Recommendations: offline accuracy (leave-last-order-out)',
  '',
  `\`node --import tsx bench/recommendations-offline.ts --customers ${CUSTOMERS} --seed ${SEED}\`. Every customer’s last order is held out; the recommender learns from the rest and is asked, from a seeded random part of the held-out design (the rider’s own height always given), for the values of one hidden feature (“next choice”) and for whole designs keeping the revealed choices. hit@5: the held-out value (design) is among the first 5; nDCG@5 with that one relevant item; hit@1 too, because hit@5 hardly separates rankings of the next choice: for a feature with five values or fewer every ranking that lists all allowed values hits (so hit@5 is the same for all three; nDCG@5 and hit@1 show the order). Accuracy, not speed; generator and method in docs/recommendations.md.`,
  '',
  `- Demo firm: ${demoHistory} history rows (orders and saved designs) of ${demoCustomers.size} customers over every product, ${demoCases} test cases. The seeded demo has one order per product (a guest's) and nothing else: holding it out leaves nothing to learn from, so every recommender — the baseline too, which shows only what ${MIN_CUSTOMERS} customers chose — suggests nothing and scores 0. The demo history cannot measure accuracy; the generated one does.`,
  `- Generated: city bike (the real model and rules), ${CUSTOMERS} customers, ${orders} orders and ${generated.length - orders} saved designs (generated in ${genSecs.toFixed(1)} s, evaluated in ${evalSecs.toFixed(1)} s), ${genRes.cases} test cases.`,
  '',
  '| History | Task | Recommender | Cases | hit@5 | nDCG@5 | hit@1 |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ...demoRows,
  ...rowsOf(`generated, ${CUSTOMERS} customers`, genRes),
];
const text = lines.join('\n');
console.log(text);
if (write) writeBenchSection('recommendations-offline', text);
