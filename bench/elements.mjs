#!/usr/bin/env node
// Element benchmarks (`npm run bench:elements`):
//  1. Size: min+gzip (level 9) of each element loaded alone with Lit and the SDK, and of
//     packages/elements/src/index.ts (all six + provider). esbuild, minify, ESM, code splitting,
//     conditions ['furrow-src', 'browser']. Budget: all six + Lit + SDK ≤ 30 KB gz.
//     What counts: the entry plus every chunk it imports statically — what a page that uses
//     the elements in English with `offline` off downloads before anything renders. Chunks
//     reached only through `import()` are listed apart: the Hindi/Marathi strings (one
//     language per page, fetched when an element's locale is hi/mr) and the SDK's offline
//     code (idb, outbox, downloads; fetched when the provider has `offline`). The line
//     "hi + offline" adds the Hindi chunks and the offline chunks to the eager total.
//  2. Time to first course card of <furrow-course-catalog> in headless Chromium
//     (puppeteer-core), from navigation start (performance.now() in the page, taken when the
//     first card is in the catalog's shadow root and laid out), median of RUNS cold loads:
//     unthrottled, and Slow 4G + 4× CPU (profile printed below). Targets ≤ 90 ms and ≤ 1.35 s.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { createServer } from 'node:http';
import puppeteer from 'puppeteer-core';
import { startFurrowServer } from '../scripts/wtr-furrow-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const src = `${root}packages/elements/src`;
const ELEMENTS = ['course-catalog', 'lesson-player', 'quiz', 'badge-shelf', 'checkout', 'booking-picker'];
const BUDGET_KB = 30;
const RUNS = Number(process.env.RUNS ?? 7);
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8 * 0.9,
  uploadThroughput: (750 * 1024) / 8 * 0.9,
};
const CPU_RATE = 4;

async function bundle(entry, extra = {}) {
  const r = await build({
    entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, target: 'es2022', metafile: true,
    splitting: true, outdir: '/furrow-bench-out', conditions: ['furrow-src', 'browser'], platform: 'browser',
    logLevel: 'silent', legalComments: 'none', tsconfig: `${root}tsconfig.base.json`, ...extra,
  });
  const outs = r.metafile.outputs;
  const byPath = new Map(r.outputFiles.map((f) => [f.path, f.contents]));
  const file = (k) => byPath.get(new URL(k, `file://${process.cwd()}/`).pathname);
  const gz = (k) => gzipSync(file(k), { level: 9 }).length;
  const closure = (keys, kinds) => {
    const seen = new Set();
    const visit = (k) => !seen.has(k) && (seen.add(k), outs[k].imports.forEach((i) => kinds.includes(i.kind) && visit(i.path)));
    keys.forEach(visit);
    return seen;
  };
  const main = Object.keys(outs).find((k) => outs[k].entryPoint === relative(process.cwd(), entry));
  const eager = closure([main], ['import-statement']);
  const code = Buffer.concat([...eager].map((k) => Buffer.from(file(k))));
  // Lazy chunks by what they hold (and what they import statically that is not eager yet).
  const lazyOf = (test) => {
    const roots = Object.keys(outs).filter((k) => k.endsWith('.js') && !eager.has(k) && Object.keys(outs[k].inputs).some(test));
    const all = [...closure(roots, ['import-statement'])].filter((k) => !eager.has(k));
    return { files: all.length, gz: all.reduce((n, k) => n + gz(k), 0) };
  };
  return {
    min: code.length, gz: gzipSync(code, { level: 9 }).length,
    hi: lazyOf((p) => p.endsWith('.hi.ts')), mr: lazyOf((p) => p.endsWith('.mr.ts')),
    offline: lazyOf((p) => p.includes('sdk/src/lib/offline/') || p.includes('node_modules/idb/')),
  };
}

const kb = (n) => (n / 1024).toFixed(1);

async function sizes() {
  console.log('\n## Bundle size (min + gzip -9, esm, code splitting, conditions furrow-src/browser)\n');
  console.log('Eager: entry + its static imports (English, `offline` off). Lazy chunks apart.\n');
  console.log('| entry | min KB | gzip KB | + hi chunks | + mr chunks | + offline chunks |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const rows = [];
  const line = (label, b) => `| ${label} | ${kb(b.min)} | ${kb(b.gz)} | ${kb(b.hi.gz)} | ${kb(b.mr.gz)} | ${kb(b.offline.gz)} |`;
  for (const name of ELEMENTS) {
    const entry = `${src}/${name}/${name}.ts`;
    if (!existsSync(entry)) {
      console.log(`| ${name} | (not built yet) | | | | |`);
      continue;
    }
    const b = await bundle(entry);
    rows.push({ name, ...b });
    console.log(line(`<furrow-${name}> + Lit + SDK`, b));
  }
  const all = await bundle(`${src}/index.ts`);
  console.log(line('**index.ts: all six + provider + Lit + SDK**', all));
  const worst = all.gz + Math.max(all.hi.gz, all.mr.gz) + all.offline.gz;
  console.log(`\nBudget ${BUDGET_KB} KB gz for all six (eager): ${all.gz <= BUDGET_KB * 1024 ? 'OK' : 'OVER'} (${kb(all.gz)} KB; Material Web's lightest comparable set: 36.3 KB)`);
  console.log(`Worst case, Hindi or Marathi + offline: ${kb(worst)} KB gz (eager + one language's chunks + offline chunks)`);
  return { rows, all: all.gz };
}

async function firstCard() {
  const furrow = await startFurrowServer();
  const { baseUrl, publishableKey } = furrow.env;
  // One entry as a partner page would load it: provider + catalog in a single module.
  const entry = await build({
    stdin: { contents: "import './provider/provider.ts'; import './course-catalog/course-catalog.ts';", resolveDir: src, loader: 'ts' },
    bundle: true, minify: true, format: 'esm', write: false, target: 'es2022', conditions: ['furrow-src', 'browser'],
    platform: 'browser', logLevel: 'silent', legalComments: 'none', tsconfig: `${root}tsconfig.base.json`,
    splitting: true, outdir: '/furrow-bench-page', entryNames: 'app', chunkNames: '[name]-[hash]',
  });
  // Served as a CDN would: every chunk gzipped; lazy ones (hi/mr strings, offline) are fetched only if used.
  const files = new Map(entry.outputFiles.map((f) => [f.path.replace('/furrow-bench-page', ''), gzipSync(Buffer.from(f.contents), { level: 9 })]));
  const js = files.get('/app.js');
  // The host-page markup docs/getting-started-script-tag.md recommends: preconnect to the Furrow
  // server (the handshake overlaps the script download) and modulepreload the entry's static
  // chunks (what bundlers such as Vite inject), so nothing waits for app.js to be parsed.
  const app = entry.outputFiles.find((f) => f.path.endsWith('/app.js')).text;
  const staticChunks = [...app.matchAll(/from\s*"\.\/([\w-]+\.js)"|import\s*"\.\/([\w-]+\.js)"/g)].map((m) => m[1] ?? m[2]);
  const hints = [`<link rel="preconnect" href="${baseUrl}" crossorigin>`, ...['app.js', ...staticChunks].map((c) => `<link rel="modulepreload" href="/${c}">`)].join('');
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>catalog bench</title>${hints}
<script type="module">
  // Watch for the first card as soon as the element upgrades; no polling.
  customElements.whenDefined('furrow-course-catalog').then(() => {
    const el = document.querySelector('furrow-course-catalog');
    const check = () => {
      const card = el.shadowRoot && el.shadowRoot.querySelector('button[part~="card"]');
      if (card && card.getBoundingClientRect().height > 0) {
        window.__firstCard = performance.now();
        requestAnimationFrame(() => (window.__firstCardFrame = performance.now()));
        return true;
      }
    };
    if (!check()) new MutationObserver((_, mo) => check() && mo.disconnect()).observe(el.shadowRoot, { childList: true, subtree: true });
  });
</script>
<script type="module" src="/app.js"></script></head>
<body><furrow-provider publishable-key="${publishableKey}" base-url="${baseUrl}" locale="en"><furrow-course-catalog></furrow-course-catalog></furrow-provider></body></html>`;
  const http = createServer((req, res) => {
    if (files.has(req.url)) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
      return res.end(files.get(req.url));
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page);
  });
  await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
  const pageUrl = `http://127.0.0.1:${http.address().port}/`;
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const results = {};
  try {
    for (const [label, throttle] of [['unthrottled', false], ['Slow 4G + 4x CPU', true]]) {
      const times = [];
      const frames = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const ctx = await browser.createBrowserContext(); // cold: no cache, no IndexedDB
        const p = await ctx.newPage();
        const cdp = await p.createCDPSession();
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        if (throttle) {
          await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
        }
        await p.goto(pageUrl, { waitUntil: 'domcontentloaded' });
        await p.waitForFunction('window.__firstCardFrame', { timeout: 60_000, polling: 50 });
        const [t, f] = await p.evaluate(() => [window.__firstCard, window.__firstCardFrame]);
        if (i > 0) [times.push(t), frames.push(f)]; // run 0 warms the server's caches
        await ctx.close();
      }
      const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
      results[label] = { median: med(times), frame: med(frames), min: Math.min(...times), max: Math.max(...times) };
    }
  } finally {
    await browser.close();
    http.close();
    await furrow.stop();
  }
  console.log(`\n## Time to first course card (median of ${RUNS} cold loads, page bundle ${kb(js.length)} KB gz + static chunks)\n`);
  console.log(`Slow 4G profile: Network.emulateNetworkConditions ${JSON.stringify(SLOW_4G)}; Emulation.setCPUThrottlingRate { rate: ${CPU_RATE} }\n`);
  console.log('| profile | first card in DOM (ms) | next frame (ms) | min–max (ms) | target |');
  console.log('|---|---:|---:|---:|---:|');
  const target = { unthrottled: 90, 'Slow 4G + 4x CPU': 1350 };
  for (const [label, r] of Object.entries(results)) {
    console.log(`| ${label} | ${r.median.toFixed(0)} | ${r.frame.toFixed(0)} | ${r.min.toFixed(0)}–${r.max.toFixed(0)} | ≤ ${target[label]} ${r.median <= target[label] ? '✓' : '✗'} |`);
  }
  return results;
}

// BENCH=size or BENCH=time runs one half.
if (process.env.BENCH !== 'time') await sizes();
if (process.env.BENCH !== 'size') await firstCard();
