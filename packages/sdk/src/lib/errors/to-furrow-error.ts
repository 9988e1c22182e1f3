import { checkErrorBody, type Origin } from '../check-response.js';
import { FurrowError } from './furrow-error.js';
import { FurrowHttpError } from './http-error.js';
import { isFurrowError } from './is-furrow-error.js';
import { FurrowNetworkError } from './network-error.js';
import { FurrowTimeoutError } from './timeout-error.js';

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/**
 * Maps a non-2xx answer to an error: 4xx/5xx become {@link FurrowHttpError}; anything else
 * (an unexpected 1xx/3xx) the base {@link FurrowError}. A body that is not the Furrow error
 * shape (a proxy's HTML 502) still keeps its status; the shape problem is the `cause`.
 *
 * @example
 * ```ts
 * const err = errorFromResponse(503, '{"error":{...}}', headers, { method: 'GET', url });
 * ```
 */
export function errorFromResponse(status: number, text: string, headers: Headers, at: Origin): FurrowError {
  let code = 'unknown_error';
  let message = `HTTP ${status}`;
  let details;
  let cause: unknown;
  let requestId = headers.get('x-request-id') ?? undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page): checkErrorBody below names the problem.
  }
  try {
    const { error } = checkErrorBody(parsed, { ...at, requestId });
    ({ code, message, details } = error);
    requestId = error.requestId;
  } catch (e) {
    cause = e;
  }
  const init = { ...at, status, code, requestId, details, cause };
  const msg = `${at.method} ${at.url} failed with ${status} ${code}: ${message}`;
  if (status >= 400 && status < 600) {
    return new FurrowHttpError(msg, { ...init, retryAfter: parseRetryAfter(headers.get('retry-after')) });
  }
  return new FurrowError(msg, init);
}

/**
 * Maps what `fetch`/ky threw to a Furrow error. Aborts by the caller's own signal are passed
 * through untouched (they are the caller's decision, not a failure).
 *
 * @example
 * ```ts
 * catch (e) { throw errorFromThrown(e, { method: 'GET', url }); }
 * ```
 */
export function errorFromThrown(e: unknown, at: Origin): unknown {
  if (isFurrowError(e)) return e;
  const name = (e as Error | undefined)?.name;
  if (name === 'AbortError') return e;
  if (name === 'TimeoutError') return new FurrowTimeoutError(`${at.method} ${at.url} timed out`, { ...at, cause: e });
  return new FurrowNetworkError(`${at.method} ${at.url} failed: no response (${(e as Error)?.message ?? e})`, { ...at, cause: e });
}

/**
 * Whether a failure may go away by itself: network, timeout, 408/425/429, 5xx, or a
 * concurrent request with the same idempotency key still running. Everything else is final.
 *
 * @example
 * ```ts
 * if (isTransient(err)) scheduleRetry();
 * ```
 */
export function isTransient(e: unknown): boolean {
  if (!isFurrowError(e)) return false;
  if (e.status === 0) return e.code === 'network_error' || e.code === 'timeout';
  // 501 Not Implemented will not change by waiting.
  return (e.status >= 500 && e.status < 600 && e.status !== 501) || [408, 425, 429].includes(e.status) || e.code === 'idempotency_key_in_flight';
}
