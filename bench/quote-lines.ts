// "Multi-line quotes" section of docs/benchmarks.md: pricing a 50-line quote with contract terms.
// The real app on PGlite with the demo catalog; a signed-in member of the demo company (whose
// price list has percent off, an option price and volume tiers) asks for POST
// /shop/:tenant/quotes/lines with 50 different laptops at quantities of 1 to 60: each line
// validated, priced by the engine, priced again with the contract, its work scaled and all lines
// scheduled together. Server time of the whole request. Target p95 ≤ 100 ms.
// Written only when the load average is below 2.
//
//   node --import tsx bench/quote-lines.ts [--quotes 40] [--lines 50] [--no-write]
import { cpus, loadavg } from 'node:os';
import { createSession, type Configuration } from '@customerize/engine';
import {
  approvedRestrictionsFor,
  approvedSpaceOutside,
} from '../packages/server/src/companies/approved-space.ts';
import { createTestApp } from '../packages/server/test/helpers/app.ts';
import { shopProduct } from '../packages/server/test/helpers/shop.ts';
import { writeBenchSection } from './doc-section.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const quotesN = arg('--quotes', 40);
const linesN = arg('--lines', 50);
const write = !process.argv.includes('--no-write');
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

const t = await createTestApp();
const firm = await t.seedFirm('alpha');
const buyer = await t.signIn(firm, 'buyer');
const laptop = await shopProduct(t, 'alpha', 'laptop');
// The buyer is Acme's: its designs lie inside the laptops Acme approved, as the portal's are.
const restrictions = await approvedRestrictionsFor(
  t.db,
  firm.tenant.id,
  buyer.userId,
  laptop.product.id,
);
const designs: Configuration[] = [];
for (const d of createSession(laptop.engine, {}, { restrictions }).sample(linesN * 4, 7)) {
  const outside = await approvedSpaceOutside(
    t.db,
    firm.tenant.id,
    buyer.userId,
    laptop.product.id,
    laptop.engine,
    d,
  );
  if (!outside && designs.length < linesN) designs.push(d);
}
if (designs.length < linesN) throw new Error(`only ${designs.length} laptop designs sampled`);
const lines = designs.map((choices, i) => ({
  versionId: laptop.version.id,
  choices,
  quantity: 1 + ((i * 37) % 60),
}));

const times: number[] = [];
let contractLines = 0;
for (let i = 0; i < quotesN + 3; i++) {
  const t0 = performance.now();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/quotes/lines',
    headers: buyer.headers,
    remoteAddress: `10.3.${Math.floor(i / 200)}.${i % 200}`,
    payload: { lines },
  });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`quote answered ${res.statusCode}: ${res.body}`);
  const q = res.json<{ priceListId: string | null; lines: { lines: unknown[] }[] }>();
  if (q.priceListId === null) throw new Error('the contract did not apply');
  contractLines = q.lines.reduce((s, l) => s + l.lines.length, 0);
  if (i < 3) continue; // the first few warm the caches
  times.push(ms);
}
await t.close();

const row = `| Demo laptop | ${linesN} | ${contractLines} | ${times.length} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | p95 ≤ 100 ms: ${pct(times, 95) <= 100 ? 'met' : '**missed**'} |`;
console.log(row);
const load = loadavg()[0]!;
const text = [
  '## Multi-line quotes with contract prices',
  '',
  `\`node --import tsx bench/quote-lines.ts --quotes ${quotesN} --lines ${linesN}\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}; load average when measured: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}.`,
  'Server time of POST /shop/:tenant/quotes/lines as a member of the demo company (5 % off, an option price, volume tiers): every line validated and priced, priced with the contract, its work scaled by quantity, all lines scheduled together.',
  '',
  '| Model | Lines | Price lines | Quotes | p50 (ms) | p95 (ms) | Target |',
  '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  row,
].join('\n');
if (!write) console.log('(--no-write: docs/benchmarks.md left alone)');
else if (load >= 2) console.log(`load average ${load.toFixed(2)} ≥ 2: numbers not written`);
else writeBenchSection('quote-lines', text);
