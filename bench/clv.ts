// Fitting customer value: BG/NBD and Gamma-Gamma by maximum likelihood on histories of 10,000 and
// 100,000 simulated customers (issue 13's target: 100,000 in ≤ 10 s on this machine), then the
// per-customer figures (P(alive), expected purchases and spend over 365 days). Several runs;
// writes the section "clv" of docs/benchmarks.md only when the load average is below 2.
//
//   node --import tsx bench/clv.ts [--runs 3] [--no-write]
import { cpus, loadavg } from 'node:os';
import {
  expectedPurchases,
  expectedSpend,
  fitBgNbd,
  fitGammaGamma,
  pAlive,
} from '../packages/server/src/insights/clv.ts';
import { simulateHistory } from '../packages/server/src/insights/simulate.ts';
import { writeBenchSection } from './doc-section.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = arg('--runs', 3);
const write = !process.argv.includes('--no-write');

const bg = { r: 0.6, alpha: 18, a: 0.9, b: 3.2 };
const spend = { p: 4, q: 6, v: 900 };
const rows: string[] = [];
for (const n of [10_000, 100_000]) {
  const history = simulateHistory(bg, spend, n, { seed: n, minT: 30, maxT: 730 });
  const times: number[] = [];
  let iterations = 0;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const fit = fitBgNbd(history);
    const gg = fitGammaGamma(history);
    let total = 0;
    for (const c of history) {
      total += pAlive(fit.params, c.frequency, c.recency, c.T);
      total +=
        expectedPurchases(fit.params, 365, c.frequency, c.recency, c.T) *
        expectedSpend(gg.params, c.frequency, c.monetary);
    }
    if (!Number.isFinite(total)) throw new Error('a customer value is not finite');
    times.push(performance.now() - t0);
    iterations = fit.iterations + gg.iterations;
  }
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const line = `| ${n.toLocaleString('en')} | ${times.map(s).join(' / ')} s | ${iterations} |`;
  console.log(line);
  rows.push(line);
}
const load = loadavg()[0]!;
const text = [
  '## Customer value (BG/NBD + Gamma-Gamma fit)',
  '',
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load.toFixed(2)} at the end of the run. Each run fits both models by maximum likelihood (Nelder–Mead over log-parameters, restarted until it stops improving) and values every customer over 365 days.`,
  '',
  '| customers | fit + values, each run | optimizer iterations |',
  '| --- | --- | --- |',
  ...rows,
].join('\n');
if (!write) console.log('(not written: --no-write)');
else if (load >= 2) console.log(`(not written: load average ${load.toFixed(2)} ≥ 2)`);
else writeBenchSection('clv', text);
