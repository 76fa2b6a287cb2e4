// Studio click latency and first-load size, in Chromium against the real server. Writes the
// "Studio" section of docs/benchmarks.md (between its markers; other sections are left alone).
//
//   node --import tsx bench/studio-click.ts [--clicks=60] [--no-write]
//
// For every published example product: open /p/<slug>, start option by option, then click
// random options (radio cards, and values of integer selects) — available or not. One sample is
// the time from dispatching the click in the page to the next frame after React rendered the new
// price, date, availabilities (or the explanation of an excluded option): measured in the page
// with performance.now() around the click and a requestAnimationFrame + task after it.
// First load: gzip size of the JS and CSS index.html loads (the console is a lazy chunk, models
// and assets are data, not counted). Needs a built packages/web/dist and Chromium.
import { writeBenchSection } from './doc-section.ts';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumOptions, startLiveServer } from '../packages/web/test/helpers/live-server.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'packages/web/dist');
const write = !process.argv.includes('--no-write');
const clicks = Number(process.argv.find((a) => a.startsWith('--clicks='))?.slice(9) ?? 60);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

function firstLoad(): { files: Array<{ file: string; gzip: number }>; total: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1]!,
  );
  const files = [...new Set(refs)].map((ref) => ({
    file: ref,
    gzip: gzipSync(readFileSync(join(DIST, ref))).length,
  }));
  return { files, total: files.reduce((a, f) => a + f.gzip, 0) };
}

if (!existsSync(join(DIST, 'index.html'))) throw new Error('build the web app first');
const load = firstLoad();
// The same live server and Chromium the browser tests use (packages/web/test/helpers).
const server = await startLiveServer();
const base = server.baseUrl;
const browser = await chromium.launch(chromiumOptions());

interface Row {
  slug: string;
  samples: number;
  p50: number;
  p95: number;
  render95: number;
  max: number;
  blocked: number;
}
/** The in-page click loop (plain JavaScript). */
const CLICK_LOOP = String.raw`async ({ n, seed }) => {
        let s = seed >>> 0;
        const rnd = () => {
          s = (s + 0x6d2b79f5) >>> 0;
          let t = s;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        const frame = () =>
          new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const times = [];
        const renders = [];
        let blocked = 0;
        for (let i = 0; i < n + 5; i++) {
          const radios = [...document.querySelectorAll('.options .option label')];
          const selects = [...document.querySelectorAll('.feature__int select')];
          const pickSelect = selects.length > 0 && rnd() < selects.length / (selects.length + 6);
          const t0 = performance.now();
          if (pickSelect) {
            const sel = selects[Math.floor(rnd() * selects.length)];
            const opts = [...sel.options].filter((o) => o.value !== '');
            const o = opts[Math.floor(rnd() * opts.length)];
            if (o.textContent?.includes('not available')) blocked++;
            sel.value = o.value;
            sel.dispatchEvent(new Event('change', { bubbles: true }));
          } else {
            const label = radios[Math.floor(rnd() * radios.length)];
            if (label.closest('.option--blocked')) blocked++;
            label.click();
          }
          await Promise.resolve();
          const rendered = performance.now() - t0;
          await frame();
          const t = performance.now() - t0;
          if (i >= 5) {
            times.push(t);
            renders.push(rendered);
          }
          // Keep the session moving: accept the minimal change sometimes, else dismiss.
          const anyway = [...document.querySelectorAll('button')].find(
            (b) => b.textContent === 'Choose it anyway',
          );
          if (anyway) {
            if (rnd() < 0.5) anyway.click();
            else
              [...document.querySelectorAll('button')]
                .find((b) => b.textContent === 'Keep my choices')
                ?.click();
            await frame();
          }
        }
        return { times, renders, blocked };
      }`;

const rows: Row[] = [];
try {
  const products = (await (await fetch(`${base}/api/v1/shop/demo/products`)).json()) as Array<{
    slug: string;
  }>;
  for (const { slug } of products) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/p/${slug}`);
    await page.getByRole('button', { name: 'Choose option by option' }).click();
    await page.getByTestId('total').waitFor();
    // Warm-up: the first clicks compile the page's code paths in V8.
    // Passed as source text: the in-page loop must not go through tsx's transform.
    const result = (await page.evaluate(
      `(${CLICK_LOOP})(${JSON.stringify({ n: clicks, seed: 7 })})`,
    )) as {
      times: number[];
      renders: number[];
      blocked: number;
    };
    const t = result.times;
    rows.push({
      slug,
      samples: t.length,
      p50: pct(t, 50),
      p95: pct(t, 95),
      render95: pct(result.renders, 95),
      max: Math.max(...t),
      blocked: result.blocked,
    });
    console.log(slug, rows.at(-1));
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const f1 = (x: number) => x.toFixed(1);
const out: string[] = [];
out.push('## Studio');
out.push('');
out.push(
  `\`node --import tsx bench/studio-click.ts\` — Chromium (headless, ${cpus().length} cores shared with other work), the real server, ${clicks} random clicks per product after 5 warm-up clicks, on ${new Date().toISOString().slice(0, 10)}.`,
);
out.push(
  'A sample is the time from dispatching a click on an option (or choosing a value of an integer select) to the next frame after the studio rendered the new price, date and availabilities — or the explanation of an excluded option ("to frame"; at least one 16.7 ms frame); "to DOM updated" stops when React has committed the new screen, before the frame. The engine runs in the browser; no request is made per click.',
);
out.push(
  `Load average while measuring: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')} (above about 2, the cores were shared and the tail includes waits for the CPU).`,
);
out.push('');
out.push(
  '| Product | Clicks | On excluded options | p50 to frame (ms) | p95 to frame (ms) | max (ms) | p95 to DOM updated (ms) | Target p95 ≤ 50 ms |',
);
out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of rows)
  out.push(
    `| ${r.slug} | ${r.samples} | ${r.blocked} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(r.max)} | ${f1(r.render95)} | ${r.p95 <= 50 ? 'met' : '**missed**'} |`,
  );
out.push('');
out.push(
  `First load of the studio (JS + CSS that index.html loads, gzip; the console is a separate lazy chunk, models and assets excluded): **${(load.total / 1024).toFixed(1)} KB** (target ≤ 250 KB: ${load.total <= 250 * 1024 ? 'met' : '**missed**'}).`,
);
out.push('');
for (const f of load.files) out.push(`- \`${f.file}\`: ${(f.gzip / 1024).toFixed(1)} KB gzip`);
out.push('');
const text = out.join('\n');
console.log(text);

if (write) writeBenchSection('studio', text);
