import type { ErrorBody } from '@furrow/schema';
import { FurrowValidationError } from './errors/validation-error.js';

/** Where a response came from, for error messages. */
export interface Origin {
  method: string;
  url: string;
  requestId?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(at: Origin, path: string, want: string): never {
  throw new FurrowValidationError(`${at.method} ${at.url}: response ${path} should be ${want}`, { ...at, path });
}

function checkItem(at: Origin, v: unknown, path: string): void {
  if (!isObj(v)) fail(at, path, 'an object');
  if ('id' in v && typeof v.id !== 'string') fail(at, `${path}.id`, 'a string');
}

/**
 * Checks the envelope of a success body: an object; `id` a string when present; for lists
 * (`kind` 'p' or 'd') a `data` array of objects, and for pages a `nextCursor` string or null.
 * Deliberately shallow: full zod parsing would cost the bundle budget, and the envelope is
 * what the SDK itself relies on (pagination, ids for cache and outbox keys).
 *
 * @example
 * ```ts
 * checkBody(json, 'p', { method: 'GET', url }); // throws FurrowValidationError naming $.nextCursor
 * ```
 */
export function checkBody(body: unknown, kind: string, at: Origin): void {
  checkItem(at, body, '$');
  if (kind !== 'p' && kind !== 'd') return;
  const { data, nextCursor } = body as Record<string, unknown>;
  if (!Array.isArray(data)) fail(at, '$.data', 'an array');
  data.forEach((item, i) => checkItem(at, item, `$.data[${i}]`));
  if (kind === 'p' && nextCursor !== null && typeof nextCursor !== 'string') fail(at, '$.nextCursor', 'a string or null');
}

/**
 * Checks the Furrow error envelope `{error:{code,message,requestId}}` and returns it.
 *
 * @example
 * ```ts
 * const { error } = checkErrorBody(json, { method: 'GET', url });
 * ```
 */
export function checkErrorBody(body: unknown, at: Origin): ErrorBody {
  if (!isObj(body) || !isObj(body.error)) fail(at, '$.error', 'an object');
  for (const k of ['code', 'message', 'requestId'] as const) {
    if (typeof body.error[k] !== 'string') fail(at, `$.error.${k}`, 'a string');
  }
  return body as ErrorBody;
}
