// Probes a URL (e.g. /healthz) from a worker thread — its own event loop, so the probe's own
// work does not queue behind the server's on the main thread — 4 requests at a time, until
// stopped and at least `minAnswers` answers are in. Used by availability.test.ts and
// bench/availability.ts.
import { Worker } from 'node:worker_threads';

export type HealthProbe = {
  /** Stops probing; resolves with every latency (ms), or rejects on a non-200 answer. */
  stop(): Promise<number[]>;
};

export function startHealthProbe(url: string, minAnswers = 200): HealthProbe {
  const prober = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     let stop = false;
     parentPort.on('message', () => { stop = true; });
     (async () => {
       const latencies = [];
       while (!stop || latencies.length < workerData.minAnswers) {
         await Promise.all([0, 1, 2, 3].map(async () => {
           const t0 = performance.now();
           const res = await fetch(workerData.url);
           await res.arrayBuffer();
           if (res.status !== 200) throw new Error('the probe answered ' + res.status);
           latencies.push(performance.now() - t0);
         }));
       }
       parentPort.postMessage(latencies);
     })();`,
    { eval: true, workerData: { url, minAnswers } },
  );
  const probed = new Promise<number[]>((resolve, reject) => {
    prober.once('message', resolve);
    prober.once('error', reject);
  });
  return {
    async stop() {
      prober.postMessage('stop');
      try {
        return await probed;
      } finally {
        await prober.terminate();
      }
    },
  };
}

/** The p-th quantile (0 < p ≤ 1) of `values`, nearest rank. */
export function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}
