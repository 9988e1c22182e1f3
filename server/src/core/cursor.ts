import { ERROR_CODES } from '@furrow/schema';
import { HttpError } from './errors.js';

/**
 * Opaque cursors: base64url JSON of the last row's sort values. A tampered cursor is a 400,
 * never a 500.
 */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}, checking each value's type. */
export function decodeCursor(cursor: string | undefined, types: ('string' | 'number')[]): unknown[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === types.length && v.every((x, i) => typeof x === types[i] && (typeof x !== 'number' || Number.isFinite(x)))) return v;
  } catch {
    /* fall through */
  }
  throw new HttpError(400, ERROR_CODES.validation, 'query.cursor: not a cursor from this list', [{ path: ['query', 'cursor'], message: 'Invalid cursor' }]);
}
