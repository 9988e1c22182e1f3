import type { ErrorDetail } from '@furrow/schema';
import { ERROR_CODES } from '@furrow/schema';

/**
 * Thrown by handlers and middleware; rendered as `{error:{code,message,details,requestId}}`.
 *
 * @example
 * ```ts
 * throw new HttpError(404, ERROR_CODES.notFound, 'Course not found');
 * ```
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 404 in the one shape; used for missing objects and for objects the caller may not see. */
export function notFound(what: string): HttpError {
  return new HttpError(404, ERROR_CODES.notFound, `${what} not found`);
}

/** 400 naming one field. */
export function badField(path: (string | number)[], message: string): HttpError {
  return new HttpError(400, ERROR_CODES.validation, `${path.join('.')}: ${message}`, [{ path, message }]);
}

/** 409 with a specific code. */
export function conflict(code: string, message: string): HttpError {
  return new HttpError(409, code, message);
}

/** 403 forbidden. */
export function forbidden(message = 'You may not do this'): HttpError {
  return new HttpError(403, ERROR_CODES.forbidden, message);
}
