import { checkBody, type Origin } from './check-response.js';
import { DEFAULTS, HEADERS } from './constants.js';
import { errorFromResponse, errorFromThrown, parseRetryAfter } from './errors/to-furrow-error.js';
import { FurrowTimeoutError } from './errors/timeout-error.js';
import { FurrowValidationError } from './errors/validation-error.js';
import type { RetryPolicy } from './options.js';
import type { RequestOptions } from './types.js';

/** What the transport needs from the client; `token` is read per call so `setToken` applies at once. */
export interface TransportConfig {
  baseUrl: string;
  publishableKey: string;
  token: () => string | null;
  fetch?: typeof fetch;
  timeout: number;
  retry: Required<RetryPolicy>;
  locale?: string;
}

/** One HTTP exchange. `path` is relative to `baseUrl` and already has its query string. */
export interface Exchange {
  method: string;
  path: string;
  /** Route flags from the route table (idempotent, page, html, octets…). */
  flags: string;
  json?: unknown;
  raw?: BodyInit;
  idempotencyKey?: string;
  options?: RequestOptions;
  /** false: one attempt only (the outbox schedules its own retries). */
  retry?: boolean;
}

// Statuses whose Retry-After we honour as the wait (others get the jittered backoff).
const AFTER_STATUSES = [429, 503];

/** Waits `ms`, or rejects with the signal's reason as soon as the caller aborts. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const done = () => (clearTimeout(timer), reject(signal!.reason));
    const timer = setTimeout(() => (signal?.removeEventListener('abort', done), resolve()), ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * One attempt: `fetch` with a per-attempt timeout tied to the caller's signal. Resolves with
 * the response (any status); rejects with the caller's abort reason, a FurrowTimeoutError, or
 * what `fetch` threw (no response: offline, DNS, reset, CORS).
 */
async function attempt(cfg: TransportConfig, url: string, init: RequestInit, at: Origin, ms: number, signal?: AbortSignal): Promise<Response> {
  if (signal?.aborted) throw signal.reason;
  const ac = new AbortController();
  const onAbort = () => ac.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), ac.abort()), ms);
  try {
    return await (cfg.fetch ?? fetch)(url, { ...init, signal: ac.signal });
  } catch (e) {
    throw timedOut ? new FurrowTimeoutError(`${at.method} ${at.url} timed out`, { ...at, cause: e }) : e;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Sends one request with `fetch` and returns the checked body, or throws a Furrow error.
 *
 * Retries (capped, jittered exponential backoff; `Retry-After` of a 429/503 honoured up to
 * `maxRetryAfter`, a longer one fails the call at once) apply only where a repeat cannot do
 * harm: GET, PUT, DELETE, and POSTs of routes that honour `Idempotency-Key` (the key is the
 * same on every attempt). PATCH and other POSTs get exactly one attempt. A request that got
 * no answer while the browser says it is offline is not retried: it fails at once with
 * `FurrowNetworkError` (outbox writes are queued by the caller, not here).
 *
 * @example
 * ```ts
 * const course = await send(config, { method: 'GET', path: '/v1/courses/42', flags: '' });
 * ```
 */
export async function send(cfg: TransportConfig, x: Exchange): Promise<unknown> {
  const url = cfg.baseUrl + x.path;
  const at: Origin = { method: x.method, url };
  const headers: Record<string, string> = { [HEADERS.key]: cfg.publishableKey, accept: 'application/json' };
  const token = cfg.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (x.idempotencyKey) headers[HEADERS.idempotency] = x.idempotencyKey;
  if (cfg.locale) headers['accept-language'] = cfg.locale;
  let body = x.raw;
  if (x.json !== undefined) [body, headers['content-type']] = [JSON.stringify(x.json), 'application/json'];
  const safe = x.method !== 'PATCH' && (x.method !== 'POST' || x.flags.includes('i'));
  const { limit, backoffLimit, maxRetryAfter } = cfg.retry;
  const retries = safe && x.retry !== false ? limit : 0;
  const signal = x.options?.signal;
  const ms = x.options?.timeout ?? cfg.timeout;
  let res: Response;
  for (let n = 0; ; n++) {
    let wait: number | undefined;
    try {
      res = await attempt(cfg, url, { method: x.method, headers, body }, at, ms, signal);
    } catch (e) {
      // The caller's own abort is their decision: passed through untouched, never retried.
      if (signal?.aborted || n >= retries || (globalThis.navigator as Navigator | undefined)?.onLine === false) throw errorFromThrown(e, at);
      await sleep(Math.min(backoffLimit, Math.random() * 300 * 2 ** n), signal);
      continue;
    }
    if (res.ok) break;
    if (n < retries && (DEFAULTS.retryStatuses as readonly number[]).includes(res.status)) {
      const after = AFTER_STATUSES.includes(res.status) ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
      // A server asking for a longer pause than we may wait: fail now rather than hang.
      if (after === undefined || after <= maxRetryAfter) wait = after ?? Math.min(backoffLimit, Math.random() * 300 * 2 ** n);
    }
    if (wait === undefined) throw errorFromResponse(res.status, await res.text().catch(() => ''), res.headers, at);
    void res.body?.cancel().catch(() => {});
    await sleep(wait, signal);
  }
  at.requestId = res.headers.get(HEADERS.requestId) ?? undefined;
  try {
    if (x.flags.includes('h')) return await res.text();
    if (x.flags.includes('o')) return await res.blob();
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new FurrowValidationError(`${at.method} ${at.url}: response $ should be JSON`, { ...at, status: res.status, path: '$' });
    }
    checkBody(parsed, x.flags.replace(/[^pd]/g, ''), at);
    return parsed;
  } catch (e) {
    // A connection dropped while reading the body is a network failure, not a contract one.
    throw errorFromThrown(e, at);
  }
}
