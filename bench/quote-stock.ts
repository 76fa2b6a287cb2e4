// "Quotes with stock" section of docs/benchmarks.md (issue 15: the promise with stock keeps the
// quote's p95 within 1.2× of today's). The real app on PGlite with the demo catalog, whose city
// bike has a postponement point (assembly) and stocked modules. For the same sampled bike designs,
// interleaved so drift hits every mode alike:
//   - today:        quoteDesign without the product (no stock query — the code path before stock)
//   - with stock:   quoteDesign with the product (one query: postponement point + availability,
//                   a second schedule of the postponed steps when every module is in stock)
//   - HTTP, made:   POST /shop/:tenant/quote with the postponement point removed
//   - HTTP, stock:  POST /shop/:tenant/quote with it
// Written only at the default size and when the load average is below 2.
//
//   node --import tsx bench/quote-stock.ts [--designs 40] [--rounds 10] [--no-write]
import { cpus, loadavg } from 'node:os';
import { createSession, type Configuration } from '@customerize/engine';
import { compiledVersion } from '../packages/server/src/catalog/catalog.ts';
import { clearPostponement, setPostponement } from '../packages/server/src/stock/stock.store.ts';
import { quoteDesign } from '../packages/server/src/studio/quote.ts';
import { getTenant } from '../packages/server/src/tenants/tenants.store.ts';
import { enterDemoMeasurements } from '../packages/server/src/seed/demo-catalog.ts';
import { createTestApp } from '../packages/server/test/helpers/app.ts';
import { shopProduct } from '../packages/server/test/helpers/shop.ts';
import { writeBenchSection } from './doc-section.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const designsN = arg('--designs', 40);
const rounds = arg('--rounds', 10);
const write = !process.argv.includes('--no-write') && designsN === 40 && rounds === 10;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

const t = await createTestApp();
const firm = await t.seedFirm('alpha');
const tenant = (await getTenant(t.db, firm.tenant.id))!;
const bike = await shopProduct(t, 'alpha', 'city-bike');
const compiled = await compiledVersion(t.db, tenant.id, bike.version.id);
// Designs as the studio makes them: the customer's height entered, then sampled completions;
// half with black powder (every module stocked when the frame is aluminium or steel).
const designs: Configuration[] = [];
const session = createSession(bike.engine);
enterDemoMeasurements(session);
for (const d of session.sample(designsN, 11)) designs.push(d);
if (designs.length < designsN) throw new Error(`only ${designs.length} designs sampled`);

const times: Record<'today' | 'stock' | 'httpMade' | 'httpStock', number[]> = {
  today: [],
  stock: [],
  httpMade: [],
  httpStock: [],
};
let fromStock = 0;
const timeIt = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};
const http = (choices: Configuration, i: number) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/quote',
    remoteAddress: `10.4.${Math.floor(i / 200) % 250}.${i % 200}`,
    payload: { versionId: bike.version.id, choices },
  });

for (let r = 0; r < rounds + 1; r++) {
  for (const [i, choices] of designs.entries()) {
    const warm = r === 0;
    const now = t.clock.now();
    const a = await timeIt(() => quoteDesign(t.db, tenant, compiled, choices, {}, now));
    const b = await timeIt(async () => {
      const q = await quoteDesign(t.db, tenant, compiled, choices, {}, now, {
        productId: bike.product.id,
      });
      if (q.fromStock && !warm) fromStock += 1;
    });
    await clearPostponement(t.db, tenant.id, bike.product.id);
    const c = await timeIt(() => http(choices, r * designsN + i));
    await setPostponement(t.db, tenant.id, bike.product.id, ['assembly'], now);
    const d = await timeIt(() => http(choices, r * designsN + i));
    if (warm) continue;
    times.today.push(a);
    times.stock.push(b);
    times.httpMade.push(c);
    times.httpStock.push(d);
  }
}
await t.close();

const p95 = (k: keyof typeof times) => pct(times[k], 95);
const ratio = p95('stock') / p95('today');
const httpRatio = p95('httpStock') / p95('httpMade');
const row = (label: string, k: keyof typeof times) =>
  `| ${label} | ${times[k].length} | ${pct(times[k], 50).toFixed(2)} | ${p95(k).toFixed(2)} |`;
const lines = [
  row('quoteDesign, today (no stock query)', 'today'),
  row('quoteDesign, with stock', 'stock'),
  row('POST /quote, no postponement point', 'httpMade'),
  row('POST /quote, with stock', 'httpStock'),
];
console.log(lines.join('\n'));
console.log(
  `p95 ratio with/without stock: quoteDesign ${ratio.toFixed(2)}, HTTP ${httpRatio.toFixed(2)}; ${fromStock} of ${times.stock.length} quotes promised from stock`,
);
const load = loadavg()[0]!;
const text = [
  '## Quotes with stock',
  '',
  `\`node --import tsx bench/quote-stock.ts --designs ${designsN} --rounds ${rounds}\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}; load average when measured: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}.`,
  `The demo city bike (postponement point: assembly; aluminium and steel frames, black and white powder and the bought parts stocked). ${designsN} sampled designs × ${rounds} rounds, modes interleaved; ${fromStock} of ${times.stock.length} quotes were promised from stock.`,
  '',
  '| Mode | Quotes | p50 (ms) | p95 (ms) |',
  '| --- | ---: | ---: | ---: |',
  ...lines,
  '',
  `p95 with stock / today: ${ratio.toFixed(2)} (quoteDesign), ${httpRatio.toFixed(2)} (HTTP). Target ≤ 1.2: ${Math.max(ratio, httpRatio) <= 1.2 ? 'met' : '**missed**'}.`,
].join('\n');
if (!write) console.log('(not the default size or --no-write: docs/benchmarks.md left alone)');
else if (load >= 2) console.log(`load average ${load.toFixed(2)} ≥ 2: numbers not written`);
else writeBenchSection('quote-stock', text);
