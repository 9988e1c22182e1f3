/**
 * Every default of the SDK in one place, so a reviewer can see the whole policy at once.
 *
 * @example
 * ```ts
 * import { DEFAULTS } from '@furrow/sdk';
 * createFurrow({ baseUrl, publishableKey, timeout: DEFAULTS.timeout * 2 });
 * ```
 */
export const DEFAULTS = {
  /** Per-attempt timeout (ms). Generous: learners are on 2G/3G links. */
  timeout: 20_000,
  /** Retries after the first attempt, for safe requests only. */
  retryLimit: 2,
  /** Upper bound of one backoff delay (ms); the delay itself is jittered. */
  backoffLimit: 8_000,
  /** Longest `Retry-After` we wait inside one call (ms); longer waits fail the call. */
  maxRetryAfter: 30_000,
  /** Statuses worth a retry: the request may succeed unchanged a moment later. */
  retryStatuses: [408, 425, 429, 500, 502, 503, 504],
  /** Statuses whose `Retry-After` is the wait (the others get the jittered backoff). */
  retryAfterStatuses: [429, 503],
  /** IndexedDB database name when `offline: true`. */
  dbName: 'furrow',
  /** Outbox sends in flight at once (different resources only; one resource is sequential). */
  outboxConcurrency: 6,
  /** First and largest pause between outbox replay rounds after a failure (ms). */
  outboxBackoffBase: 1_000,
  outboxBackoffMax: 60_000,
} as const;

/** Header names the server reads. */
export const HEADERS = {
  key: 'X-Furrow-Key',
  idempotency: 'Idempotency-Key',
  requestId: 'X-Request-Id',
  device: 'X-Furrow-Device',
} as const;

/**
 * Operations whose writes must never be lost: with `offline` on they go through the outbox.
 *
 * @example
 * ```ts
 * OUTBOX_OPERATIONS.includes('progress.update'); // true
 * ```
 */
export const OUTBOX_OPERATIONS = [
  'progress.update',
  'progress.complete',
  'attempts.submit',
  'reviews.create',
  'questions.create',
  'bookings.create',
] as const;

/** Reads kept in the offline cache automatically (catalog pages and course outlines). */
export const CACHED_OPERATIONS = ['courses.list', 'courses.retrieve'] as const;

/** Error codes the SDK itself produces (the server's are in `ERROR_CODES` of `@furrow/schema`). */
export const SDK_ERROR_CODES = {
  network: 'network_error',
  timeout: 'timeout',
  invalidResponse: 'invalid_response',
  unknown: 'unknown_error',
  quota: 'storage_quota_exceeded',
  offlineDisabled: 'offline_disabled',
} as const;
