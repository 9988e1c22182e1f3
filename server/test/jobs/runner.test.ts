/**
 * The job runner on every database kind (PGlite always, PostgreSQL when FURROW_TEST_DATABASE_URL
 * is set): backoff and dead letters, schedules in a time zone, dedupe keys, expired leases.
 * Time is a hand-moved clock and every wait is for a state of the database, never a sleep.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, LEASE_EXPIRED, nextDailyRun, nextRun, PRUNE_JOB, zonedInstant } from '../../src/core/jobs.js';
import type { Db } from '../../src/db/types.js';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from '../../src/db/pglite.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { createTestDb, dbKinds } from '../helpers.js';
import { job, manualClock, testRunner, until } from './support.js';

describe('backoff and run times (pure)', () => {
  test('backoff doubles per attempt, is capped, and is jittered within [step/2, step]', () => {
    const b = { baseMs: 1000, maxMs: 8000 };
    const steps = [1000, 2000, 4000, 8000, 8000, 8000];
    steps.forEach((step, i) => {
      assert.equal(backoffDelay(i + 1, b, () => 0), step / 2, `attempt ${i + 1}, least jitter`);
      assert.equal(backoffDelay(i + 1, b, () => 1), step, `attempt ${i + 1}, most jitter`);
    });
    assert.equal(backoffDelay(2000, b, () => 1), 8000, 'huge attempt numbers stay at the cap');
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(3, b)));
    assert.ok(seen.size > 10, 'random jitter spreads retries');
    for (const d of seen) assert.ok(d >= 2000 && d <= 4000, String(d));
  });

  test('daily runs at a wall-clock time in a zone, strictly after the given instant', () => {
    // 00:00 UTC is 05:30 in Kolkata.
    const t0 = new Date('2026-03-10T00:00:00.000Z');
    assert.equal(nextDailyRun('06:00', 'Asia/Kolkata', t0).toISOString(), '2026-03-10T00:30:00.000Z');
    assert.equal(nextDailyRun('05:00', 'Asia/Kolkata', t0).toISOString(), '2026-03-10T23:30:00.000Z');
    assert.equal(nextDailyRun('05:30', 'Asia/Kolkata', t0).toISOString(), '2026-03-11T00:00:00.000Z', 'exactly now is not after now');
    assert.equal(nextDailyRun('23:59', 'UTC', t0).toISOString(), '2026-03-10T23:59:00.000Z');
    // New York: 8 March 2026 02:00 EST jumps to 03:00 EDT; 1 November 02:00 EDT falls back to 01:00 EST.
    assert.equal(nextDailyRun('09:00', 'America/New_York', new Date('2026-03-07T15:00:00Z')).toISOString(), '2026-03-08T13:00:00.000Z');
    assert.equal(nextDailyRun('02:30', 'America/New_York', new Date('2026-03-08T05:00:00Z')).toISOString(), '2026-03-08T07:30:00.000Z', 'a skipped time moves forward by the gap');
    assert.equal(nextDailyRun('01:30', 'America/New_York', new Date('2026-11-01T04:00:00Z')).toISOString(), '2026-11-01T05:30:00.000Z', 'a repeated time is its first occurrence');
    assert.equal(zonedInstant(2026, 6, 1, 12, 0, 'Europe/London').toISOString(), '2026-06-01T11:00:00.000Z');
    assert.throws(() => nextDailyRun('25:00', 'UTC', t0), RangeError);
    assert.throws(() => nextDailyRun('06:00', 'Mars/Olympus', t0), RangeError);
  });

  test('interval schedules sit on a grid, so every instance computes the same next run', () => {
    assert.equal(nextRun({ everyMs: 60_000 }, new Date('2026-03-10T12:00:30.500Z')).toISOString(), '2026-03-10T12:01:00.000Z');
    assert.equal(nextRun({ everyMs: 60_000 }, new Date('2026-03-10T12:01:00.000Z')).toISOString(), '2026-03-10T12:02:00.000Z');
  });
});

describe('migration 0006', () => {
  test('mail waiting in the outbox gets its delivery job; sent and given-up mail does not', async () => {
    const db = wrapPglite(await PGlite.create());
    try {
      const all = await loadMigrations();
      await migrate(db, all.filter((m) => m.version < 6));
      const row = (id: string, attempts: number, sent: boolean) => db.query(
        `INSERT INTO mail_outbox (id, to_address, subject, text_body, kind, attempts, next_attempt_at, sent_at)
         VALUES ($1, 'a@example.org', 's', 't', 'test', $2, '2026-03-10T00:00:00Z', ${sent ? 'now()' : 'NULL'})`, [id, attempts]);
      const waiting = '00000000-0000-4000-8000-000000000001';
      await row(waiting, 3, false);
      await row('00000000-0000-4000-8000-000000000002', 1, true);
      await row('00000000-0000-4000-8000-000000000003', 8, false);
      assert.deepEqual(await migrate(db, all), all.filter((m) => m.version >= 6).map((m) => m.version));
      const jobs = await db.query<{ kind: string; payload: { mailId: string }; attempts: number; max_attempts: number; run_at: Date; state: string }>(
        `SELECT kind, payload, attempts, max_attempts, run_at, state FROM jobs`);
      assert.equal(jobs.rows.length, 1);
      assert.deepEqual(jobs.rows[0], { kind: 'mail.send', payload: { mailId: waiting }, attempts: 3, max_attempts: 8, run_at: new Date('2026-03-10T00:00:00Z'), state: 'queued' });
    } finally {
      await db.close();
    }
  });
});

for (const kind of dbKinds()) {
  describe(`job runner (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    before(async () => ({ db, drop } = await createTestDb(kind)));
    after(() => drop());

    test('a failing job is retried with capped, jittered exponential backoff, then dead-lettered with its last error', async () => {
      const clock = manualClock('2026-03-10T00:00:00.000Z');
      const runner = testRunner(db, { now: clock.now });
      const attempts: number[] = [];
      runner.register('test.flaky', async (_p, ctx) => {
        attempts.push(ctx.job.attempt);
        throw new Error(`upstream said no (attempt ${ctx.job.attempt})`);
      }, { backoff: { baseMs: 60_000, maxMs: 150_000 } });
      const { id } = await runner.enqueue(db, 'test.flaky', { n: 1 }, { maxAttempts: 4 });

      // Retry n waits between half and all of min(cap, base × 2^(n-1)).
      const bounds = [[30_000, 60_000], [60_000, 120_000], [75_000, 150_000]];
      for (const [i, [lo, hi]] of bounds.entries()) {
        assert.equal(await runner.runDue(), 1, `attempt ${i + 1} runs`);
        const row = await job(db, id);
        assert.equal(row.state, 'queued');
        assert.equal(row.attempts, i + 1);
        assert.equal(row.last_error, `upstream said no (attempt ${i + 1})`);
        assert.equal(row.locked_by, null);
        const wait = row.run_at.getTime() - clock.now().getTime();
        assert.ok(wait >= lo && wait <= hi, `retry ${i + 1} waits ${wait} ms, expected ${lo}–${hi}`);
        clock.set(row.run_at.getTime() - 1);
        assert.equal(await runner.runDue(), 0, 'not before its run time');
        clock.set(row.run_at);
      }
      assert.equal(await runner.runDue(), 1, 'the last attempt runs');
      const dead = await job(db, id);
      assert.equal(dead.state, 'dead');
      assert.equal(dead.attempts, 4);
      assert.equal(dead.last_error, 'upstream said no (attempt 4)');
      assert.ok(dead.finished_at);
      assert.equal(dead.locked_until, null);
      clock.set('2027-01-01T00:00:00Z');
      assert.equal(await runner.runDue(), 0, 'a dead job stays dead');
      assert.deepEqual(attempts, [1, 2, 3, 4]);
      await runner.stop();
    });

    test('a scheduled job runs at 06:00 in Asia/Kolkata, once across three runners, and enqueues its next run once', async () => {
      const clock = manualClock('2026-03-10T00:00:00.000Z'); // 05:30 in Kolkata
      const ran: string[] = [];
      // Polling is off (an hour): the test drives the rounds with runDue().
      const runners = [1, 2, 3].map(() => testRunner(db, { now: clock.now, pollMs: 3_600_000, keepSucceededMs: 60_000 }));
      for (const r of runners) {
        r.register<{ scheduledFor: string }>('test.daily', async (p) => { ran.push(p.scheduledFor); });
        r.schedule('test.daily', { at: '06:00', timeZone: 'Asia/Kolkata' });
      }
      await Promise.all(runners.map((r) => r.start()));
      const queued = async (k: string) => (await db.query<{ run_at: Date; dedupe_key: string }>(
        `SELECT run_at, dedupe_key FROM jobs WHERE kind = $1 AND state = 'queued'`, [k])).rows;
      const first = await queued('test.daily');
      assert.equal(first.length, 1, 'three runners starting together enqueue the schedule once');
      assert.equal(first[0].run_at.toISOString(), '2026-03-10T00:30:00.000Z');
      assert.equal(first[0].dedupe_key, 'schedule:test.daily:2026-03-10T00:30:00.000Z');
      assert.equal((await queued(PRUNE_JOB)).length, 1, 'the built-in prune schedule too');

      clock.set('2026-03-10T00:29:59.999Z');
      assert.equal((await Promise.all(runners.map((r) => r.runDue()))).reduce((a, b) => a + b), 0, '05:59:59.999 is too early');
      clock.set('2026-03-10T00:30:00.000Z');
      assert.equal((await Promise.all(runners.map((r) => r.runDue()))).reduce((a, b) => a + b), 1, 'one runner runs it');
      assert.deepEqual(ran, ['2026-03-10T00:30:00.000Z']);
      const next = await queued('test.daily');
      assert.equal(next.length, 1, 'its next run is enqueued once');
      assert.equal(next[0].run_at.toISOString(), '2026-03-11T00:30:00.000Z', 'tomorrow 06:00 in Kolkata');
      const done = await db.query(`SELECT 1 FROM jobs WHERE kind = 'test.daily' AND state = 'succeeded'`);
      assert.equal(done.rows.length, 1);

      // Starting again (a restart) with a run already queued adds nothing.
      const again = testRunner(db, { now: clock.now, pollMs: 3_600_000 });
      again.register('test.daily', async () => {});
      again.schedule('test.daily', { at: '06:00', timeZone: 'Asia/Kolkata' });
      await again.start();
      assert.equal((await queued('test.daily')).length, 1);
      await Promise.all([...runners, again].map((r) => r.stop()));
    });

    test('a dedupe key enqueues a job once, inside the caller\'s transaction; a rolled-back enqueue leaves nothing', async () => {
      const runner = testRunner(db);
      let runs = 0;
      runner.register('test.singleton', async () => { runs++; });
      const [a, b] = await db.tx(async (q) => [
        await runner.enqueue(q, 'test.singleton', { v: 1 }, { dedupeKey: 'singleton:report-42' }),
        await runner.enqueue(q, 'test.singleton', { v: 2 }, { dedupeKey: 'singleton:report-42' }),
      ]);
      assert.equal(a.created, true);
      assert.deepEqual(b, { id: a.id, created: false });
      const c = await runner.enqueue(db, 'test.singleton', { v: 3 }, { dedupeKey: 'singleton:report-42' });
      assert.deepEqual(c, { id: a.id, created: false });
      // Many enqueuers at once (concurrent transactions on PostgreSQL): one job.
      const many = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        db.tx((q) => runner.enqueue(q, 'test.singleton', { i }, { dedupeKey: 'singleton:burst' }))));
      assert.equal(many.filter((x) => x.created).length, 1);
      assert.equal(new Set(many.map((x) => x.id)).size, 1);

      await assert.rejects(db.tx(async (q) => {
        await runner.enqueue(q, 'test.singleton', {}, { dedupeKey: 'singleton:rolled-back' });
        throw new Error('abort');
      }), /abort/);
      const none = await db.query(`SELECT 1 FROM jobs WHERE dedupe_key = 'singleton:rolled-back'`);
      assert.equal(none.rows.length, 0);
      assert.equal((await runner.enqueue(db, 'test.singleton', {}, { dedupeKey: 'singleton:rolled-back' })).created, true, 'the key is free again');

      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'test.singleton'`);
      assert.equal(rows.rows[0].n, 3);
      assert.equal(await runner.runDue(), 3);
      assert.equal(runs, 3);
      assert.equal((await job(db, a.id)).state, 'succeeded');
      assert.deepEqual((await job(db, a.id)).payload, { v: 1 }, 'the first payload wins');
      await runner.stop();
    });

    test('a local run time in a zone, and a delay', async () => {
      const clock = manualClock('2026-03-10T00:00:00.000Z');
      const runner = testRunner(db, { now: clock.now });
      const local = await runner.enqueue(db, 'test.at', {}, { runAt: '2026-03-12T06:00', timeZone: 'Asia/Kolkata' });
      assert.equal((await job(db, local.id)).run_at.toISOString(), '2026-03-12T00:30:00.000Z');
      const daily = await runner.enqueue(db, 'test.at', {}, { runAt: '04:00', timeZone: 'Asia/Kolkata' });
      assert.equal((await job(db, daily.id)).run_at.toISOString(), '2026-03-10T22:30:00.000Z');
      const later = await runner.enqueue(db, 'test.at', {}, { delayMs: 90_000 });
      assert.equal((await job(db, later.id)).run_at.toISOString(), '2026-03-10T00:01:30.000Z');
      await assert.rejects(runner.enqueue(db, 'test.at', {}, { runAt: 'soon' }), RangeError);
    });

    test('a job whose worker stopped mid-run is claimed again after its lease; on its last attempt it is dead-lettered', async () => {
      // Worker A claims two jobs and never finishes them; stopping it ends its lease renewal, as a crash would.
      const a = testRunner(db, { leaseMs: 300, stopTimeoutMs: 0, instanceId: 'worker-a' });
      let started = 0;
      a.register('test.stuck', () => { started++; return new Promise<void>(() => {}); }, { concurrency: 2 });
      const retried = await a.enqueue(db, 'test.stuck', {}, { maxAttempts: 2 });
      const lastTry = await a.enqueue(db, 'test.stuck', {}, { maxAttempts: 1 });
      await a.start();
      await until(() => started === 2, 10_000, 'worker A running both jobs');
      assert.equal((await job(db, retried.id)).locked_by, 'worker-a');
      await a.stop();

      const b = testRunner(db, { instanceId: 'worker-b' });
      const finished: string[] = [];
      b.register('test.stuck', async (_p, ctx) => { finished.push(ctx.job.id); });
      await until(async () => (await b.runDue(), (await job(db, retried.id)).state === 'succeeded'), 15_000, 'worker B finishing the reclaimed job');
      const r = await job(db, retried.id);
      assert.equal(r.attempts, 2);
      assert.equal(r.last_error, LEASE_EXPIRED);
      await until(async () => (await b.runDue(), (await job(db, lastTry.id)).state === 'dead'), 15_000, 'the last-attempt job dead-lettered');
      const d = await job(db, lastTry.id);
      assert.equal(d.attempts, 1);
      assert.equal(d.last_error, LEASE_EXPIRED);
      assert.deepEqual(finished, [retried.id], 'worker B ran only the job with attempts left');
      await b.stop();
    });
  });
}
