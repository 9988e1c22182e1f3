import type { z } from 'zod';
import { ERROR_CODES, type ErrorDetail } from '@furrow/schema';
import { HttpError } from './errors.js';

/**
 * Parses `value` with `schema`; a failure becomes a 400 naming every bad field, prefixed by
 * where it came from (`body`, `query`, `params`).
 */
export function validate<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
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
