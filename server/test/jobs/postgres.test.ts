/**
 * The job runner with several instances on one PostgreSQL database (skipped without
 * FURROW_TEST_DATABASE_URL): each job runs once across runners, and a job whose process is
 * killed mid-run (SIGKILL) is taken over after its lease and completed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LEASE_EXPIRED, type JobRunner } from '../../src/core/jobs.js';
import { openPostgres } from '../../src/db/postgres.js';
import type { Db } from '../../src/db/types.js';
import { createTestDb, dbKinds } from '../helpers.js';
import { job, testRunner, until } from './support.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./child-runner.ts', import.meta.url));

describe('job runner on PostgreSQL, several instances', { skip: !dbKinds().includes('postgres') && 'FURROW_TEST_DATABASE_URL not set' }, () => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  const pools: Db[] = [];
  before(async () => {
    const t = await createTestDb('postgres');
    db = t.db;
    url = t.url!;
    drop = t.drop;
    await db.query(`CREATE TABLE test_job_runs (job_id uuid NOT NULL, runner text NOT NULL)`);
    await db.query(`CREATE TABLE test_job_effects (job_id uuid PRIMARY KEY)`);
    await db.query(`CREATE TABLE test_job_marks (job_id uuid NOT NULL, who text NOT NULL, attempt int NOT NULL, at timestamptz(3) NOT NULL DEFAULT now())`);
  });
  after(async () => {
    for (const p of pools) await p.close();
    await drop();
  });

  test('three runners, each with its own pool, run each of 200 jobs exactly once', async () => {
    const runners: JobRunner[] = [];
    for (const name of ['r1', 'r2', 'r3']) {
      const pool = await openPostgres(url, { max: 6 });
      pools.push(pool);
      const r = testRunner(pool, { instanceId: name, pollMs: 20, leaseMs: 10_000 });
      r.register('test.once', async (_p, ctx) => {
        // Every run is counted; the effect has a unique key, so a second run would also fail loudly.
        await pool.query(`INSERT INTO test_job_runs (job_id, runner) VALUES ($1, $2)`, [ctx.job.id, name]);
        await new Promise((ok) => setTimeout(ok, Math.random() * 4));
        await pool.query(`INSERT INTO test_job_effects (job_id) VALUES ($1)`, [ctx.job.id]);
      }, { concurrency: 8 });
      runners.push(r);
    }
    const ids = await db.tx(async (q) => {
      const out: string[] = [];
      for (let i = 0; i < 200; i++) out.push((await runners[0].enqueue(q, 'test.once', { i }, { maxAttempts: 3 })).id);
      return out;
    });
    await Promise.all(runners.map((r) => r.start()));
    try {
      await until(async () => (await db.query(`SELECT 1 FROM jobs WHERE kind = 'test.once' AND state <> 'succeeded' LIMIT 1`)).rows.length === 0, 60_000, 'all 200 jobs succeeded');
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    const runs = await db.query<{ job_id: string; n: number }>(`SELECT job_id, count(*)::int AS n FROM test_job_runs GROUP BY job_id`);
    assert.equal(runs.rows.length, 200, 'every job ran');
    assert.deepEqual(runs.rows.filter((r) => r.n !== 1), [], 'no job ran twice');
    assert.deepEqual(new Set(runs.rows.map((r) => r.job_id)), new Set(ids));
    const effects = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM test_job_effects`);
    assert.equal(effects.rows[0].n, 200);
    const attempts = await db.query<{ attempts: number; n: number }>(`SELECT attempts, count(*)::int AS n FROM jobs WHERE kind = 'test.once' GROUP BY attempts`);
    assert.deepEqual(attempts.rows, [{ attempts: 1, n: 200 }], 'one attempt each: no failed attempt, no reclaim');
    const by = await db.query<{ runner: string }>(`SELECT DISTINCT runner FROM test_job_runs`);
    assert.ok(by.rows.length >= 2, `the runners shared the work (${by.rows.map((r) => r.runner).join(', ')})`);
  });

  test('a job whose worker is killed mid-run (SIGKILL) is reclaimed after its lease and completed by another runner', async () => {
    const leaseMs = 1500;
    const { id } = await testRunner(db).enqueue(db, 'test.blocking', {}, { maxAttempts: 3 });
    const child = spawn(process.execPath, ['--conditions=furrow-src', '--import', 'tsx', CHILD, url, String(leaseMs)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr += d; });
    const exited = new Promise<NodeJS.Signals | number | null>((ok) => child.on('exit', (code, signal) => ok(signal ?? code)));
    let parent: JobRunner | null = null;
    try {
      await until(async () => (await db.query(`SELECT 1 FROM test_job_marks WHERE job_id = $1 AND who = 'child'`, [id])).rows.length > 0, 30_000, `the child claiming the job (${stderr})`);
      const claimed = await job(db, id);
      assert.equal(claimed.state, 'running');
      assert.equal(claimed.locked_by, 'child');
      assert.equal(claimed.attempts, 1);

      // Another instance is polling all along.
      parent = testRunner(db, { instanceId: 'parent', pollMs: 25, leaseMs });
      parent.register('test.blocking', async (_p, ctx) => {
        await db.query(`INSERT INTO test_job_marks (job_id, who, attempt) VALUES ($1, 'parent', $2)`, [ctx.job.id, ctx.job.attempt]);
      });
      await parent.start();
      // While the child lives, its heartbeat renews the lease: past the first lease, the job is still the child's.
      await until(async () => (await db.query<{ past: boolean }>(`SELECT now() > $1::timestamptz + interval '300 milliseconds' AS past`, [claimed.locked_until])).rows[0].past, 10_000, 'the first lease running out');
      const renewed = await job(db, id);
      assert.equal(renewed.locked_by, 'child', 'not taken while its worker is alive');
      assert.equal(renewed.state, 'running');
      assert.ok(renewed.locked_until! > claimed.locked_until!, 'the lease was renewed');

      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      const lastLease = (await job(db, id)).locked_until!;

      await until(async () => (await job(db, id)).state === 'succeeded', 20_000, 'the parent completing the job');
      const done = await job(db, id);
      assert.equal(done.attempts, 2);
      assert.equal(done.locked_by, null);
      assert.equal(done.last_error, LEASE_EXPIRED, 'the lost attempt is on record');
      const marks = await db.query<{ who: string; attempt: number; at: Date }>(`SELECT who, attempt, at FROM test_job_marks WHERE job_id = $1 ORDER BY at`, [id]);
      assert.deepEqual(marks.rows.map((m) => [m.who, m.attempt]), [['child', 1], ['parent', 2]]);
      assert.ok(marks.rows[1].at >= lastLease, 'taken over only after the dead worker\'s lease ran out');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await parent?.stop();
    }
  });
});
