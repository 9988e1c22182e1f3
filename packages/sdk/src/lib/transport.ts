import ky, { HTTPError } from 'ky';
import { checkBody, type Origin } from './check-response.js';
import { DEFAULTS, HEADERS } from './constants.js';
import { errorFromResponse, errorFromThrown, parseRetryAfter } from './errors/to-furrow-error.js';
import { FurrowValidationError } from './errors/validation-error.js';
import type { RetryPolicy } from './options.js';
import type { RequestOptions } from './types.js';

/**
 * What the transport needs from the client; `token` is read per call so `setToken` applies at once.
 *
 * @example
 * ```ts
 * const cfg: TransportConfig = { baseUrl, publishableKey, token: () => null, timeout: 20_000, retry: { limit: 2, backoffLimit: 8_000, maxRetryAfter: 30_000 } };
 * ```
 */
export interface TransportConfig {
  baseUrl: string;
  publishableKey: string;
  token: () => string | null;
  fetch?: typeof fetch;
  timeout: number;
  retry: Required<RetryPolicy>;
  locale?: string;
  /** The device token to send as `X-Furrow-Device`: set for `auth.login` only (elsewhere it would only track). */
  device?: string | null;
}

/**
 * One HTTP exchange. `path` is relative to `baseUrl` and already has its query string.
 *
 * @example
 * ```ts
 * const x: Exchange = { method: 'POST', path: '/v1/courses', flags: 'bi', json: { title: 'Soil' }, idempotencyKey: crypto.randomUUID() };
 * ```
 */
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

// ky refuses a timer longer than what setTimeout can hold (2^31 - 1 ms, about 24 days).
const MAX_TIMEOUT = 2_147_483_647;

const offline = () => (globalThis.navigator as Navigator | undefined)?.onLine === false;

/**
 * Sends one request through ky and returns the checked body, or throws a Furrow error.
 *
 * Retries are ky's (`retry` option: capped, jittered exponential backoff; `Retry-After` of a
 * 429/503 honoured) and apply only where a repeat cannot do harm: GET, PUT, DELETE, and POSTs
 * of routes that honour `Idempotency-Key` (the key is a header of the request, so every attempt
 * carries the same one). PATCH and other POSTs get exactly one attempt. `shouldRetry` adds the
 * SDK's own rules: a `Retry-After` beyond `maxRetryAfter` fails the call at once (ky would wait
 * `maxRetryAfter`), a request that got no answer while the browser says it is offline is not
 * retried (it fails at once with `FurrowNetworkError`; outbox writes are queued by the caller),
 * and the caller's abort is final.
 *
 * The first attempt's `fetch` is called before this function returns, in the caller's own
 * call. ky 1.x starts its `fetch` a microtask later (`await Promise.resolve()` in
 * `Ky.create`), which is after the rest of an element's first render; so the first attempt is
 * started here with the very URL and init given to ky, and ky's `fetch` option hands ky that
 * response promise instead of starting a second request. ky's signal (its timeout, the caller's
 * abort) is linked to it, so ky owns that attempt from then on; retries are ky's own requests.
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
  if (cfg.device) headers[HEADERS.device] = cfg.device;
  if (cfg.locale) headers['accept-language'] = cfg.locale;
  let body = x.raw;
  if (x.json !== undefined) [body, headers['content-type']] = [JSON.stringify(x.json), 'application/json'];
  const init: RequestInit = { method: x.method, headers, body };
  const safe = x.method !== 'PATCH' && (x.method !== 'POST' || x.flags.includes('i'));
  const { limit, backoffLimit, maxRetryAfter } = cfg.retry;
  const signal = x.options?.signal;
  // The caller's own abort is their decision: passed through untouched, nothing is sent.
  if (signal?.aborted) throw signal.reason;
  const doFetch: typeof fetch = (input, more) => (cfg.fetch ?? fetch)(input, more);

  // The first attempt, now (see above). Its rejection is ky's to handle; the no-op catch only
  // keeps an early failure (a bad URL) from being reported as unhandled before ky picks it up.
  const first = new AbortController();
  let early: Promise<Response> | undefined = doFetch(url, { ...init, signal: first.signal });
  early.catch(() => {});

  let res: Response;
  try {
    res = await ky(url, {
      ...init,
      signal,
      timeout: Math.min(x.options?.timeout ?? cfg.timeout, MAX_TIMEOUT),
      fetch: (input, more) => {
        if (!early) return doFetch(input, more);
        const started = early;
        early = undefined;
        // ky aborts its request's signal on timeout and on the caller's abort: so does the attempt.
        const req = input as Request;
        const stop = () => first.abort(req.signal.reason);
        if (req.signal.aborted) stop();
        else req.signal.addEventListener('abort', stop, { once: true });
        return started;
      },
      retry: {
        limit: safe && x.retry !== false ? limit : 0,
        methods: ['get', 'put', 'delete', 'post'],
        statusCodes: [...DEFAULTS.retryStatuses],
        afterStatusCodes: [...DEFAULTS.retryAfterStatuses],
        backoffLimit,
        maxRetryAfter,
        jitter: true,
        retryOnTimeout: true,
        shouldRetry: ({ error }) => {
          if (signal?.aborted) return false;
          if (!(error instanceof HTTPError)) return offline() ? false : undefined;
          // ky would wait `maxRetryAfter` when told to wait longer; we give up instead, so a
          // call never hangs far beyond what the caller could expect.
          const after = parseRetryAfter(error.response.headers.get('retry-after'));
          return after !== undefined && after > maxRetryAfter ? false : undefined;
        },
      },
      hooks: {
        // The failed answer's body is never read: release the connection now, not at GC.
        beforeRetry: [({ error }) => void (error as Partial<HTTPError>).response?.body?.cancel().catch(() => {})],
      },
    });
  } catch (e) {
    if (e instanceof HTTPError) throw errorFromResponse(e.response.status, await e.response.text().catch(() => ''), e.response.headers, at);
    throw errorFromThrown(e, at); // a caller's abort comes out untouched
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
