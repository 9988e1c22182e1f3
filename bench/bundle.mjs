#!/usr/bin/env node
// `npm run bench:bundle` — what the CDN build costs a learner on a cheap phone (not a test).
//
// 1. Sizes (gzip -9 and brotli -11) of the loader, of every chunk, of each element when it is
//    alone on a page (loader + its chunks + the provider's), and of all six together.
// 2. First render of examples/script-tag/ in headless Chromium: time from navigation start until
//    every furrow-* element on the page is defined and has rendered its shadow DOM. Unthrottled,
//    then with Lighthouse's mobile "Slow 4G" network (150 ms RTT, 1.6 Mbps down, 750 kbps up: bench/browser.mjs) and
//    4× CPU slowdown through CDP. Median of 5 runs, each in a fresh browser context (cold cache).
//    Each run also loads the page with its scripts blocked (no Furrow), timed to its first frame:
//    what the page costs on this machine anyway, printed beside ours.
// Printed against the targets of issue 7: loader ≤ 2 KB gz, all six ≤ 30 KB gz, first render
// ≤ 90 ms unthrottled and ≤ 1.35 s on Slow 4G + 4× CPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildCdn, launchBrowser, root, startDemoServer } from '../examples/test/helpers.mjs';
import { SLOW_4G, coldPage } from './browser.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const cdn = join(root, 'packages/elements/dist/cdn');
const SIX = ['furrow-course-catalog', 'furrow-lesson-player', 'furrow-quiz', 'furrow-badge-shelf', 'furrow-checkout', 'furrow-booking-picker'];
const TARGETS = { loaderGz: 2048, sixGz: 30 * 1024, renderFastMs: 90, renderSlowMs: 1350 };

buildCdn();
const manifest = JSON.parse(readFileSync(join(cdn, 'manifest.json'), 'utf8'));
const size = (file) => {
  const buf = readFileSync(join(cdn, file));
  return { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length, br: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
};
const sum = (files) => files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz, br: a.br + b.br }), { raw: 0, gz: 0, br: 0 });
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const row = (label, s, target) => console.log(`  ${label.padEnd(34)} ${kb(s.raw).padStart(10)} ${kb(s.gz).padStart(10)} ${kb(s.br).padStart(10)}${target ? `   ${s.gz <= target ? 'OK  ' : 'OVER'} target ≤ ${kb(target)} gz` : ''}`);

console.log('\nCDN sizes                                  raw       gzip     brotli');
row('loader furrow.js', size('furrow.js'), TARGETS.loaderGz);
for (const f of manifest.chunks ? Object.keys(manifest.chunks) : []) row(`chunk ${f.replace('chunks/', '')}`, size(f));
const provider = manifest.elements['furrow-provider']?.files ?? [];
console.log('\nEach element alone on a page (loader + its chunks + provider):');
for (const tag of Object.keys(manifest.elements).filter((t) => t !== 'furrow-provider')) {
  row(tag, sum(['furrow.js', ...new Set([...manifest.elements[tag].files, ...provider])]));
}
const present = SIX.filter((t) => manifest.elements[t]);
const missing = SIX.filter((t) => !manifest.elements[t]);
const all = sum(['furrow.js', ...new Set([...provider, ...present.flatMap((t) => manifest.elements[t].files)])]);
row(`all six together${missing.length ? ` (${present.length} built)` : ''}`, all, TARGETS.sixGz);
if (missing.length) console.log(`  (not built yet: ${missing.join(', ')})`);

// ---- first render --------------------------------------------------------------------------
const server = await startDemoServer();
const browser = await launchBrowser();

// The baseline: the same page with its scripts blocked (the co-op's own HTML and CSS, no
// Furrow), timed to its first frame after DOMContentLoaded — what the page costs anyway.
async function bareRender(throttled) {
  const { ctx, page } = await coldPage(browser, throttled);
  await page.setRequestInterception(true);
  page.on('request', (r) => (r.resourceType() === 'script' ? r.abort() : r.continue()));
  await page.goto(`${server.url}/script-tag/`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const ms = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
  await ctx.close();
  return ms;
}

async function firstRender(throttled) {
  const { ctx, page } = await coldPage(browser, throttled);
  await page.goto(`${server.url}/script-tag/`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const ms = await page.evaluate(() => new Promise((resolve) => {
    const tags = [...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('furrow-')))];
    const done = () => tags.every((t) => customElements.get(t) && [...document.querySelectorAll(t)].every((el) => el.shadowRoot && el.shadowRoot.childNodes.length > 0));
    const check = () => (done() ? resolve(performance.now()) : requestAnimationFrame(check));
    check();
  }));
  await ctx.close();
  return ms;
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\nFirst render of examples/script-tag/ (every furrow-* element defined and rendered; median of ${RUNS}, cold cache; Slow 4G = ${JSON.stringify(SLOW_4G)}):`);
for (const [label, throttled, target] of [['unthrottled', false, TARGETS.renderFastMs], ['Slow 4G + 4x CPU', true, TARGETS.renderSlowMs]]) {
  const xs = [];
  const bare = [];
  for (let i = 0; i < RUNS; i++) {
    xs.push(await firstRender(throttled));
    bare.push(await bareRender(throttled));
  }
  const m = median(xs);
  const b = median(bare);
  console.log(`  ${label.padEnd(20)} ${m.toFixed(0).padStart(6)} ms   ${m <= target ? 'OK  ' : 'OVER'} target ≤ ${target} ms   (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  ${''.padEnd(20)} the page without Furrow: ${b.toFixed(0)} ms → Furrow adds ${(m - b).toFixed(0)} ms (${(m / b).toFixed(2)}×)`);
}
await browser.close();
await server.stop();
