import { defineRoute } from '../lib/route.js';
import { IdParams, page } from '../lib/primitives.js';
import { Job, JobListQuery } from '../lib/jobs.js';

/** The background job runner, for the operator: what is queued, running, finished or dead. */
export const jobRoutes = {
  'admin.jobs.list': defineRoute({
    method: 'GET', path: '/v1/admin/jobs', tag: 'admin', access: 'operator', scope: 'any',
    summary: 'Background jobs, newest first (state, attempts, last error)', query: JobListQuery, response: page(Job),
  }),
  'admin.jobs.retry': defineRoute({
    method: 'POST', path: '/v1/admin/jobs/:id/retry', tag: 'admin', access: 'operator', scope: 'any',
    summary: 'Queue a dead job again with a fresh set of attempts', params: IdParams, response: Job,
  }),
} as const;
