/**
 * `node --conditions=furrow-src --import tsx bench/progress.ts` — requests/s of
 * `PUT /v1/lessons/:id/progress` (a video position report) against a local demo server, next to
 * a raw single-row upsert loop on the same database in the same run, both with the same number
 * of concurrent workers (each worker writes its own learner's row). Target: ratio ≥ 0.5.
 *
 * PGlite by default (the server's data directory is reopened for the raw loop after the server
 * stops); PostgreSQL when BENCH_DATABASE_URL is set (a scratch database is created and dropped).
 * Not a test: it prints numbers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const root = new URL('..', import.meta.url).pathname;
const pgBase = process.env.BENCH_DATABASE_URL;

/** Starts the demo server in a child process without the per-user write limit (a benchmark is not abuse). */
async function startServer(env: Record<string, string>, dataDir: string) {
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : []), '--conditions=furrow-src', '--import', 'tsx', 'server/src/cli.ts', 'start', '--demo', '--port', '0',
    '--data-dir', dataDir, '--ready-json', '--write-rate-limit', 'off', '--site-write-rate-limit', 'off'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const info = await new Promise<{ url: string; secretKey: string; publishableKey: string; database: string }>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
      if (line) ok(JSON.parse(line));
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  return { info, stop: async () => { child.kill('SIGTERM'); await new Promise((ok) => child.once('exit', ok)); } };
}

async function json(url: string, init: RequestInit & { headers: Record<string, string> }) {
  const r = await fetch(url, init);
  const body = await r.json();
  if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${r.status} ${JSON.stringify(body)}`);
  return body;
}

// Scratch database on PostgreSQL, data directory on PGlite.
const dataDir = mkdtempSync(join(tmpdir(), 'furrow-bench-progress-'));
let dbUrl: string | null = null;
let dbName = '';
if (pgBase) {
  dbName = `furrow_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(pgBase);
  u.pathname = `/${dbName}`;
  dbUrl = u.toString();
}

const server = await startServer(dbUrl ? { DATABASE_URL: dbUrl } : {}, dataDir);
const base = server.info.url;
const pk = { 'x-furrow-key': server.info.publishableKey };
let httpRps: number;
let httpStats: string;
let floorRps: number;
const learners: { userId: string; token: string }[] = [];
let lessonId = '';
let courseId = '';
try {
  const courses = await json(`${base}/v1/courses?q=soil%20testing`, { headers: pk });
  courseId = courses.data[0].id;
  const detail = await json(`${base}/v1/courses/${courseId}`, { headers: pk });
  lessonId = detail.sections[0].lessons[0].id;
  for (let i = 0; i < WORKERS; i++) {
    const t = await json(`${base}/v1/embed-tokens`, {
      method: 'POST', headers: { 'x-furrow-key': server.info.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ externalId: `bench-${i}`, name: `Bench ${i}`, ttlSeconds: 3600 }),
    });
    await json(`${base}/v1/courses/${courseId}/enroll`, { method: 'POST', headers: { ...pk, authorization: `Bearer ${t.token}` } });
    learners.push({ userId: t.user.id, token: t.token });
  }
  let next = 0;
  const run = (seconds: number) => autocannon({
    url: `${base}/v1/lessons/${lessonId}/progress`, method: 'PUT', connections: WORKERS, duration: seconds,
    headers: { ...pk, 'content-type': 'application/json' },
    body: JSON.stringify({ videoPositionSeconds: 123.5, videoPercent: 40, timeSpentDeltaSeconds: 1 }),
    // One learner per connection, like one player per farmer.
    setupClient: (client: { setHeaders(h: Record<string, string>): void }) => {
      client.setHeaders({ ...pk, 'content-type': 'application/json', authorization: `Bearer ${learners[next++ % learners.length].token}` });
    },
  } as autocannon.Options);
  await run(2);
  const r = await run(SECONDS);
  if (r.non2xx || r.errors) throw new Error(`server answered ${r.non2xx} non-2xx and ${r.errors} errors`);
  httpRps = r.requests.average;
  httpStats = `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`;
  // The pipeline's floor on this machine: an authenticated read with no write (HTTP, key, session).
  const floor = await autocannon({
    url: `${base}/v1/me`, connections: WORKERS, duration: SECONDS, headers: pk,
    setupClient: (client: { setHeaders(h: Record<string, string>): void }) => {
      client.setHeaders({ ...pk, authorization: `Bearer ${learners[next++ % learners.length].token}` });
    },
  } as autocannon.Options);
  floorRps = floor.requests.average;
} finally {
  await server.stop();
}

// The raw loop: the same upsert the handler boils down to, one statement per write, no HTTP.
const UPSERT = `INSERT INTO lesson_progress AS p (user_id, lesson_id, course_id, status, time_spent_seconds, video_position_seconds, video_percent, last_watched_at)
  VALUES ($1, $2, $3, 'in_progress', 1, 123.5, 40, now())
  ON CONFLICT (user_id, lesson_id) DO UPDATE SET time_spent_seconds = p.time_spent_seconds + 1, video_position_seconds = EXCLUDED.video_position_seconds,
    video_percent = GREATEST(p.video_percent, EXCLUDED.video_percent), last_watched_at = now(), updated_at = now()`;
let query: (sql: string, params: unknown[]) => Promise<unknown>;
let close: () => Promise<void>;
if (dbUrl) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: WORKERS });
  // An idle client dropped by the server must not crash the run.
  pool.on('error', () => {});
  query = (sql, params) => pool.query(sql, params);
  close = () => pool.end();
} else {
  const db = await PGlite.create({ dataDir });
  query = (sql, params) => db.query(sql, params);
  close = () => db.close();
}
async function rawLoop(seconds: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(learners.map(async (l) => {
    while (Date.now() < until) {
      await query(UPSERT, [l.userId, lessonId, courseId]);
      n++;
    }
  }));
  return n / seconds;
}
let rawRps: number;
try {
  await rawLoop(2);
  rawRps = await rawLoop(SECONDS);
} finally {
  await close();
  rmSync(dataDir, { recursive: true, force: true });
  if (pgBase) {
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

const db = dbUrl ? 'PostgreSQL' : 'PGlite';
console.log(`\nPUT /v1/lessons/:id/progress on ${db}, ${WORKERS} workers, ${SECONDS}s each`);
console.log(`  HTTP handler:      ${httpRps.toFixed(0)} req/s (${httpStats})`);
console.log(`  raw upsert loop:   ${rawRps.toFixed(0)} writes/s`);
console.log(`  ratio:             ${(httpRps / rawRps).toFixed(2)}× (target ≥ 0.5×)`);
console.log(`  floor GET /v1/me:  ${floorRps.toFixed(0)} req/s (${(floorRps / rawRps).toFixed(2)}× raw): HTTP + key + session, no write`);
