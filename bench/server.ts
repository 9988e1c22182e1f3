/**
 * `npm run bench:server` — requests/s of the first public catalog page (demo data, 10
 * connections) against a bare node:http server sending the same bytes, measured in one run on
 * this machine. Target: ratio ≥ 0.8. Not a test: it prints numbers.
 */
import { rps, startBare, startFurrow } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const furrow = await startFurrow();
const headers = { 'x-furrow-key': 'pk_test_furrow_demo' };
const path = '/v1/courses';
const first = await fetch(furrow.url + path, { headers });
const body = Buffer.from(await first.arrayBuffer());
if (first.status !== 200) throw new Error(`catalog answered ${first.status}`);
// The bare server sends the same bytes with the same content headers.
const sameHeaders: Record<string, string> = {};
for (const h of ['content-type', 'cache-control', 'etag', 'x-content-type-options', 'content-security-policy', 'referrer-policy', 'x-request-id']) {
  const v = first.headers.get(h);
  if (v) sameHeaders[h] = v;
}
const bare = await startBare(body, sameHeaders);

const results = { bare: [] as number[], furrow: [] as number[] };
try {
  // Warm both up, then alternate so neither gets the quieter moment.
  await rps({ url: bare.url + path, headers, seconds: 2 });
  await rps({ url: furrow.url + path, headers, seconds: 2 });
  for (let i = 0; i < ROUNDS; i++) {
    const b = await rps({ url: bare.url + path, headers, seconds: SECONDS });
    const f = await rps({ url: furrow.url + path, headers, seconds: SECONDS });
    if (f.non2xx || f.errors) throw new Error(`furrow answered ${f.non2xx} non-2xx and ${f.errors} errors`);
    results.bare.push(b.rps);
    results.furrow.push(f.rps);
  }
} finally {
  await furrow.stop();
  await bare.stop();
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ratio = mean(results.furrow) / mean(results.bare);
console.log(`\nCatalog page GET ${path} (${body.length} bytes), 10 connections, ${ROUNDS}×${SECONDS}s each:`);
console.log(`  bare node:http   ${mean(results.bare).toFixed(0)} req/s`);
console.log(`  Furrow           ${mean(results.furrow).toFixed(0)} req/s`);
console.log(`  ratio            ${ratio.toFixed(2)}×  (target ≥ 0.80×) ${ratio >= 0.8 ? 'MET' : 'NOT MET'}`);
