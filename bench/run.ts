// `npm run bench`: every benchmark in sequence, each in its own process (so one's heap and JIT
// state do not skew the next), output forwarded as it comes. Stops at the first that fails and
// exits with its code. Each writes its own section of docs/benchmarks.md.
//
//   node --import tsx bench/run.ts [--no-write] [--quick]
//
// `--no-write` is passed to every benchmark; `--quick` to bench/sat.ts only (the others take no
// such flag).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const noWrite = args.includes('--no-write') ? ['--no-write'] : [];
const quick = args.includes('--quick') ? ['--quick'] : [];
const unknown = args.filter((a) => a !== '--no-write' && a !== '--quick');
if (unknown.length) {
  process.stderr.write(`bench/run.ts: unknown argument(s) ${unknown.join(' ')}\n`);
  process.exit(2);
}

const benches: Array<{ file: string; args: string[] }> = [
  { file: 'engine.ts', args: noWrite },
  { file: 'sat.ts', args: [...quick, ...noWrite] },
  { file: 'studio-click.ts', args: noWrite },
  { file: 'availability.ts', args: noWrite },
  { file: 'restrict.ts', args: noWrite },
  { file: 'clv.ts', args: noWrite },
  { file: 'bids.ts', args: noWrite },
  { file: 'quote-lines.ts', args: noWrite },
  { file: 'quote-stock.ts', args: noWrite },
  { file: 'campaign-queue.ts', args: noWrite },
  // Accuracy (bench/recommendations-offline.ts) is run on its own, once; this is its speed.
  { file: 'recommendations-speed.ts', args: noWrite },
];

for (const b of benches) {
  process.stdout.write(`\n== bench/${b.file} ${b.args.join(' ')}\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${HERE}${b.file}`, ...b.args], {
    stdio: 'inherit',
    cwd: ROOT, // where `tsx` resolves
  });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.error) {
    process.stderr.write(`bench/${b.file} could not start: ${r.error.message}\n`);
    process.exit(1);
  }
  if (r.status !== 0) {
    const why = r.signal ? `signal ${r.signal}` : `exit code ${r.status}`;
    process.stderr.write(`bench/${b.file} failed (${why}) after ${secs} s\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`== bench/${b.file} done in ${secs} s\n`);
}
