import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './primitives.js';

/**
 * Where a background job is. A failed attempt that will be retried is `queued` again with a
 * later `runAt`; `dead` means every attempt failed (the reason is `lastError`).
 *
 * @example
 * ```ts
 * JobState.parse('dead');
 * ```
 */
export const JobState = z.enum(['queued', 'running', 'succeeded', 'dead']);
/** A job's state. */
export type JobState = z.infer<typeof JobState>;

/** A background job as the operator sees it (mail delivery, booking holds, …; never its payload). */
export const Job = z.object({
  id: Id,
  /** The queue it belongs to, e.g. `mail.send`, `booking.release-unpaid`. */
  kind: z.string(),
  state: JobState,
  /** Attempts started so far. */
  attempts: z.int().min(0),
  maxAttempts: z.int().min(1),
  /** When it runs (next attempt, or the one it ran at). */
  runAt: Timestamp,
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
/** A background job. */
export type Job = z.infer<typeof Job>;

/** `GET /v1/admin/jobs` query: newest first, optionally one state and one kind. */
export const JobListQuery = PageQuery.extend({
  state: JobState.optional(),
  kind: z.string().min(1).max(100).optional(),
});
