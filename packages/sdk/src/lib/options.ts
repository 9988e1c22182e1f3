import { LOCALES, type Locale } from '@furrow/schema';
import type { DeviceTokenStore } from './device-token.js';

/**
 * Retry policy for safe requests (GET/PUT/DELETE, and POSTs that carry an idempotency key).
 *
 * @example
 * ```ts
 * createFurrow({ baseUrl, publishableKey, retry: { limit: 4, backoffLimit: 5_000 } });
 * ```
 */
export interface RetryPolicy {
  /** Retries after the first attempt (0 disables). */
  limit?: number;
  /** Cap of one jittered backoff delay, ms. */
  backoffLimit?: number;
  /** Longest `Retry-After` honoured inside one call, ms; a longer one fails the call. */
  maxRetryAfter?: number;
}

/**
 * Offline settings: `true` for the defaults, or an object.
 *
 * @example
 * ```ts
 * createFurrow({ baseUrl, publishableKey, offline: { dbName: 'furrow-coop-42' } });
 * ```
 */
export interface OfflineOptions {
  /** IndexedDB database name (one per partner site or user, if they share a device). */
  dbName?: string;
}

/**
 * Options of {@link createFurrow}. Unknown keys are rejected, so a typo never silently
 * disables something.
 *
 * @example
 * ```ts
 * const client = createFurrow({
 *   baseUrl: 'https://learn.example.org/furrow',
 *   publishableKey: 'pk_live_coop',
 *   offline: true,
 *   locale: 'hi',
 * });
 * ```
 */
export interface FurrowOptions {
  /** Where the Furrow server is mounted (routes live under `/v1` below it). */
  baseUrl: string;
  /** The partner site's publishable key (`pk_…`). Secret keys (`sk_…`) only in Node. */
  publishableKey: string;
  /** A user token (embed token or session) to start with. Kept in memory only. */
  token?: string;
  /** A `fetch` implementation (tests, instrumentation). Defaults to the global one. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. */
  timeout?: number;
  /** Number of retries, or a policy; `0` disables. */
  retry?: number | RetryPolicy;
  /** Cache catalog and downloads and queue writes in an outbox (IndexedDB; memory in Node). */
  offline?: boolean | OfflineOptions;
  /** Sent as `Accept-Language` so server messages come in the learner's language. */
  locale?: Locale;
  /** Where the device token is kept (default: IndexedDB with `offline`, else `localStorage`, else memory). */
  deviceStore?: DeviceTokenStore;
}

const KNOWN = ['baseUrl', 'publishableKey', 'token', 'fetch', 'timeout', 'retry', 'offline', 'locale', 'deviceStore'];

function bad(msg: string): never {
  throw new TypeError(`createFurrow: ${msg}`);
}

function checkKeys(obj: object, known: string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) bad(`unknown option "${where}${k}". Known options: ${known.join(', ')}.`);
  }
}

const isMs = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Validates {@link FurrowOptions} and throws a `TypeError` that names the offending option.
 *
 * @example
 * ```ts
 * validateOptions({ baseUrl: 'http://127.0.0.1:4000', publishableKey: 'pk_test_furrow_demo' });
 * ```
 */
export function validateOptions(o: FurrowOptions): FurrowOptions {
  if (typeof o !== 'object' || o === null) bad('options must be an object');
  checkKeys(o, KNOWN, '');
  if (typeof o.baseUrl !== 'string' || !/^https?:\/\/[^/]/.test(o.baseUrl)) {
    bad(`"baseUrl" must be an absolute http(s) URL, got ${JSON.stringify(o.baseUrl)}`);
  }
  if (typeof o.publishableKey !== 'string' || !/^(pk|sk)_[\w-]+$/.test(o.publishableKey)) {
    bad('"publishableKey" must look like pk_…');
  }
  if (o.publishableKey.startsWith('sk_') && typeof document !== 'undefined') {
    bad('a secret key (sk_…) must never be used in a browser; use the publishable key');
  }
  if (o.token !== undefined && (typeof o.token !== 'string' || !o.token)) bad('"token" must be a non-empty string');
  if (o.fetch !== undefined && typeof o.fetch !== 'function') bad('"fetch" must be a function');
  if (o.timeout !== undefined && (!isMs(o.timeout) || o.timeout === 0)) bad('"timeout" must be a positive number of ms');
  if (o.locale !== undefined && !(LOCALES as readonly string[]).includes(o.locale)) bad(`"locale" must be one of ${LOCALES.join(', ')}`);
  const r = o.retry;
  if (typeof r === 'object' && r !== null) {
    checkKeys(r, ['limit', 'backoffLimit', 'maxRetryAfter'], 'retry.');
    for (const [k, v] of Object.entries(r)) if (v !== undefined && !isMs(v)) bad(`"retry.${k}" must be a number ≥ 0`);
  } else if (r !== undefined && (!isMs(r) || !Number.isInteger(r))) {
    bad('"retry" must be a whole number ≥ 0 or a policy object');
  }
  const off = o.offline;
  if (typeof off === 'object' && off !== null) {
    checkKeys(off, ['dbName'], 'offline.');
    if (off.dbName !== undefined && (typeof off.dbName !== 'string' || !off.dbName)) bad('"offline.dbName" must be a non-empty string');
  } else if (off !== undefined && typeof off !== 'boolean') {
    bad('"offline" must be a boolean or { dbName }');
  }
  return o;
}
