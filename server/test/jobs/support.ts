/** Shared pieces of the job runner tests: a settable clock, quiet logging, waiting for a condition. */
import { createJobRunner, findJob, type JobRow, type JobRunner, type JobRunnerOptions } from '../../src/core/jobs.js';
import type { Db } from '../../src/db/types.js';

export { until } from '../hardening/support.js';

/** A clock the test moves by hand: the runner's idea of "now" for run times and backoff. */
export function manualClock(start: string) {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set(at: Date | string | number) { t = new Date(at).getTime(); },
  };
}

/** Logs nothing unless FURROW_TEST_LOG is set. */
export const quiet = process.env.FURROW_TEST_LOG ? console : { warn() {}, error() {} };

/** A runner for tests: quiet, fast polling, no built-in prune job unless told otherwise. */
export function testRunner(db: Db, opts: Partial<JobRunnerOptions> = {}): JobRunner {
  return createJobRunner({ db, logger: quiet, pollMs: 25, keepSucceededMs: false, keepDeadMs: false, ...opts });
}

/** A job row that must exist. */
export async function job(db: Db, id: string): Promise<JobRow> {
  const row = await findJob(db, id);
  if (!row) throw new Error(`no job ${id}`);
  return row;
}
