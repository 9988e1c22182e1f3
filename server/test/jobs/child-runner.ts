/**
 * A second server instance for the kill -9 test: a job runner on the given PostgreSQL database
 * whose `test.blocking` handler records that it started and then never returns. The parent test
 * SIGKILLs this process mid-run.
 *
 * Usage: node --conditions=furrow-src --import tsx server/test/jobs/child-runner.ts <database-url> <lease-ms>
 */
import { openPostgres } from '../../src/db/postgres.js';
import { createJobRunner } from '../../src/core/jobs.js';

const [url, leaseMs] = process.argv.slice(2);
const db = await openPostgres(url!, { max: 3 });
const runner = createJobRunner({
  db, instanceId: 'child', pollMs: 25, leaseMs: Number(leaseMs), heartbeatMs: 100, keepSucceededMs: false, keepDeadMs: false,
  logger: { warn: (...a) => console.error(...a), error: (...a) => console.error(...a) },
});
runner.register('test.blocking', async (_p, ctx) => {
  await db.query(`INSERT INTO test_job_marks (job_id, who, attempt) VALUES ($1, 'child', $2)`, [ctx.job.id, ctx.job.attempt]);
  await new Promise<void>(() => {}); // busy until killed
});
await runner.start();
// Keep the process alive (the runner's timers do not).
setInterval(() => {}, 60_000);
