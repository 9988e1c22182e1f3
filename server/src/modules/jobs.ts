import { ERROR_CODES, type Job } from '@furrow/schema';
import { findJob, listJobs, retryDeadJob, type JobRow } from '../core/jobs.js';
import { conflict, notFound } from '../core/errors.js';
import { defineHandlers } from '../core/context.js';
import { audit } from '../shared-sql/audit.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { iso, isoNN } from '../core/time.js';
import { defineModule } from './module.js';

/** A jobs row as the API shows it (never the payload: it may hold personal data). */
function toJob(r: JobRow): Job {
  return {
    id: r.id, kind: r.kind, state: r.state, attempts: r.attempts, maxAttempts: r.max_attempts, runAt: isoNN(r.run_at),
    lastError: r.last_error, createdAt: isoNN(r.created_at), finishedAt: iso(r.finished_at),
  };
}

const handlers = defineHandlers({
  'admin.jobs.list': async (ctx) => {
    const f = ctx.query;
    const after = decodeCursor(f.cursor, ['string', 'string']) as [string, string] | null;
    const rows = await listJobs(ctx.services.db, { state: f.state, kind: f.kind, after, limit: f.limit + 1 });
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return { data: page.map(toJob), nextCursor: rows.length > f.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
  },

  'admin.jobs.retry': async (ctx) => {
    const job = await ctx.services.db.tx(async (q) => {
      const before = await findJob(q, ctx.params.id, true);
      if (!before) throw notFound('Job');
      const after = await retryDeadJob(q, before.id, ctx.services.now());
      if (!after) throw conflict(ERROR_CODES.conflict, `Only a dead job can be retried; this one is ${before.state}`);
      await audit(q, ctx, {
        entityName: 'job', entityId: before.id, action: 'update',
        oldValues: { state: before.state, attempts: before.attempts, lastError: before.last_error }, newValues: { state: after.state, attempts: 0 },
      });
      return after;
    });
    ctx.services.jobs.kick();
    return toJob(job);
  },
});

/** The operator's view of the job runner: list jobs, retry a dead one. */
export const jobsModule = defineModule({ name: 'jobs', handlers });
