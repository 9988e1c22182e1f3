import ky, { type Options as KyOptions } from 'ky';
import { checkBody, type Origin } from './check-response.js';
import { DEFAULTS, HEADERS } from './constants.js';
import { errorFromResponse, errorFromThrown, parseRetryAfter } from './errors/to-furrow-error.js';
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

/**
 * Sends one request through ky and returns the checked body, or throws a Furrow error.
 *
 * Retries (capped, jittered exponential backoff, `Retry-After` honoured up to
 * `maxRetryAfter`) apply only where a repeat cannot do harm: GET, PUT, DELETE, and POSTs of
 * routes that honour `Idempotency-Key` (the key is the same on every attempt). PATCH and
 * other POSTs get exactly one attempt.
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
  const safe = x.method !== 'PATCH' && (x.method !== 'POST' || x.flags.includes('i'));
  const { limit, backoffLimit, maxRetryAfter } = cfg.retry;
  const opts: KyOptions = {
    method: x.method,
    headers,
    json: x.json,
    body: x.raw,
    timeout: x.options?.timeout ?? cfg.timeout,
    signal: x.options?.signal,
    fetch: cfg.fetch,
    retry:
      safe && x.retry !== false
        ? {
            limit,
            methods: ['get', 'put', 'delete', 'post'],
            statusCodes: [...DEFAULTS.retryStatuses],
            afterStatusCodes: [429, 503],
            backoffLimit,
            maxRetryAfter,
            jitter: true,
            retryOnTimeout: true,
            // ky would wait `maxRetryAfter` when told to wait longer; we give up instead, so a
            // call never hangs far beyond what the caller could expect.
            shouldRetry: ({ error }) => {
              const res = (error as { response?: Response }).response;
              const after = parseRetryAfter(res?.headers.get('retry-after') ?? null);
              return after !== undefined && after > maxRetryAfter ? false : undefined;
            },
          }
        : 0,
  };
  let res: Response;
  try {
    res = await ky(url, opts);
  } catch (e) {
    const r = (e as { name?: string; response?: Response }).response;
    if ((e as Error)?.name === 'HTTPError' && r) {
      throw errorFromResponse(r.status, await r.text().catch(() => ''), r.headers, at);
    }
    throw errorFromThrown(e, at);
  }
  at.requestId = res.headers.get(HEADERS.requestId) ?? undefined;
  try {
    if (x.flags.includes('h')) return await res.text();
    if (x.flags.includes('o')) return await res.blob();
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new FurrowValidationError(`${at.method} ${at.url}: response $ should be JSON`, { ...at, status: res.status, path: '$' });
    }
    checkBody(body, x.flags.replace(/[^pd]/g, ''), at);
    return body;
  } catch (e) {
    // A connection dropped while reading the body is a network failure, not a contract one.
    throw errorFromThrown(e, at);
  }
}
