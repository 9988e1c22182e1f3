/**
 * SDK benchmarks (not tests): `node --conditions=furrow-src --import tsx bench/sdk.ts`
 *
 * 1. Bundle size: the SDK bundled with esbuild the way the elements bundle it (ESM, browser,
 *    minified, tree-shaken, `ky` and `idb` inside, zod must not be), min+gzip vs the 10 KB budget,
 *    beside the recorded size before ky (bench/sizes.mjs measures; the size guard uses it too).
 * 2. Replay: 1,000 writes queued while offline, then the time to replay them against a local
 *    Furrow server (target ≤ 10 s). The server runs in-process with its per-IP write rate limit
 *    off: from one IP, 600 writes/minute would otherwise make any client take > 60 s, and this
 *    measures the SDK, not the limiter.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createFurrow, isFurrowError, type FurrowClient } from '@furrow/sdk';
import { SDK_ENTRY, sdkBundle } from './sizes.mjs';

const BUDGET = 10 * 1024;
const TOTAL = 1000;

// Recorded, not measured: the SDK with its hand-written fetch transport, before ky replaced it
// (issue 13), measured by sdkBundle() on commit 8f5f4cd (bytes). Printed as the 'before'.
const BEFORE_KY = { commit: '8f5f4cd', split: { min: 15_851, gz: 6_270 }, single: { min: 25_969, gz: 9_685 } };

async function size(label: string, splitting: boolean): Promise<void> {
  const b = await sdkBundle(SDK_ENTRY, splitting);
  const was = BEFORE_KY[splitting ? 'split' : 'single'];
  const kb = (n: number) => (n / 1024).toFixed(2);
  const delta = (n: number) => `${n >= 0 ? '+' : ''}${kb(n)}`;
  console.log(`${label}\n  entry + static chunks (${b.files} files) ${kb(b.min)} KB min, ${kb(b.gz)} KB min+gzip — ${b.gz <= BUDGET ? 'within' : 'OVER'} the 10 KB budget` +
    `\n  before ky (hand-written fetch transport, ${BEFORE_KY.commit}): ${kb(was.min)} KB min, ${kb(was.gz)} KB min+gzip → ${delta(b.gz - was.gz)} KB gz` +
    (b.lazy.files ? `\n  + ${b.lazy.files} lazy chunks (offline: idb, outbox, downloads) ${kb(b.lazy.gz)} KB min+gzip, loaded only with offline: true` : '') +
    `\n  bundles ${b.deps.join(' + ') || 'no deps'}; zod ${b.zod ? 'INCLUDED ✗' : 'not included ✓'}`);
}

async function startServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'furrow-bench-'));
  const { createFurrowServer } = await import('../server/src/standalone.js');
  const { seedDemo, demoSeeders } = await import('../server/src/seed/index.js');
  const { server, router } = createFurrowServer({ database: { dataDir }, writeRateLimitPerMinute: false, siteWriteRateLimitPerMinute: false, exposeConfirmationTokens: true });
  const services = await router.ready;
  const demo = await seedDemo(services.db, demoSeeders);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  services.publicUrl = url;
  return {
    url, publishableKey: demo.publishableKey as string,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await (services.db as { close?: () => Promise<void> }).close?.();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function replay(): Promise<void> {
  const srv = await startServer();
  try {
    let online = false;
    const flaky: typeof fetch = (input, init) => (online ? fetch(input, init) : Promise.reject(new TypeError('offline')));
    const setup = createFurrow({ baseUrl: srv.url, publishableKey: srv.publishableKey });
    const session = await setup.auth.signup({ email: `bench-${Date.now()}@example.in`, password: 'correct horse battery', name: 'Bench' });
    let lessonId = '';
    for await (const c of setup.courses.list({ price: 'free' })) {
      const course = await setup.courses.retrieve(c.id);
      const lesson = course.sections.flatMap((s) => s.lessons).find((l) => !l.locked);
      if (lesson) {
        lessonId = lesson.id;
        try {
          await setup.enrollments.create(course.id);
          await setup.questions.create(lesson.id, { body: 'bench probe question' });
        } catch (e) {
          if (isFurrowError(e) && (e.status === 501 || e.code === 'route_not_found')) {
            console.log(`replay of ${TOTAL} writes: SKIPPED — ${e.message}`);
            return;
          }
          throw e;
        }
        break;
      }
    }
    // Baseline: the server's own pace for the same write, sent directly (6 at a time, like the
    // outbox), so the replay number can be read as SDK overhead vs server time.
    const direct = createFurrow({ baseUrl: srv.url, publishableKey: srv.publishableKey, token: session.token });
    const tb = performance.now();
    for (let i = 0; i < 200; i += 6) {
      await Promise.all(Array.from({ length: Math.min(6, 200 - i) }, (_, j) => direct.questions.create(lessonId, { body: `baseline #${i + j}` })));
    }
    const perSec = 200 / ((performance.now() - tb) / 1000);
    console.log(`server baseline (direct, 6 parallel):   ${perSec.toFixed(0)} writes/s → 1,000 writes need ≥ ${(TOTAL / perSec).toFixed(2)} s`);
    const client: FurrowClient = createFurrow({ baseUrl: srv.url, publishableKey: srv.publishableKey, token: session.token, offline: true, fetch: flaky });
    await Promise.all(Array.from({ length: TOTAL }, (_, i) => client.questions.create(lessonId, { body: `bench question #${i}` }).catch(() => {})));
    const queued = await client.outbox.size();
    online = true;
    const t0 = performance.now();
    while ((await client.outbox.size()) > 0) await client.outbox.flush();
    const ms = performance.now() - t0;
    client.close();
    console.log(`replay of ${queued} queued writes:        ${(ms / 1000).toFixed(2)} s  (${(queued / (ms / 1000)).toFixed(0)} writes/s; target ≤ 10 s: ${ms <= 10_000 ? 'met' : 'MISSED'})`);
  } finally {
    await srv.stop();
  }
}

console.log('@furrow/sdk benchmarks\n');
await size('createFurrow, code-split (how the elements CDN build loads it)', true);
await size('createFurrow, one file (no code splitting)', false);
if (process.env.BENCH !== 'size') await replay(); // BENCH=size: sizes only
