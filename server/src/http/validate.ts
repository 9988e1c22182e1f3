import type { z } from 'zod';
import { ERROR_CODES, type ErrorDetail, type RouteSpec } from '@furrow/schema';
import { HttpError } from '../core/errors.js';

/**
 * Parses `value` with `schema`; a failure becomes a 400 naming every bad field, prefixed by
 * where it came from (`body`, `query`, `params`).
 */
export function validate<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
  const nul = findNul(value, [where]);
  // PostgreSQL text cannot hold U+0000: refuse it here, naming the field, not deep in a query.
  if (nul) throw new HttpError(400, ERROR_CODES.validation, `${nul.join('.')}: must not contain NUL characters`, [{ path: nul, message: 'Contains a NUL character', code: 'invalid_string' }]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: [where, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
    code: issue.code,
  }));
  const first = details[0];
  const message = first ? `${first.path.join('.')}: ${first.message}` : `Invalid ${where}`;
  throw new HttpError(400, ERROR_CODES.validation, message, details);
}

/** Path of the first string (or key) holding U+0000 inside `value`, or null. */
function findNul(value: unknown, path: (string | number)[], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], [...path, i], depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return [...path, k];
    const hit = findNul(v, [...path, k], depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** Stage: validates a route's path parameters and query string (400 naming the field). */
export function validateRequest(route: RouteSpec, rawParams: Record<string, string | undefined>, qs: string): { params: unknown; query: unknown } {
  const params = route.params ? validate(route.params, rawParams, 'params') : {};
  const rawQuery = qs ? Object.fromEntries(new URLSearchParams(qs)) : {};
  const query = route.query ? validate(route.query, rawQuery, 'query') : {};
  return { params, query };
}
