import { FurrowError, type FurrowErrorInit } from './furrow-error.js';

/**
 * The server answered with a 4xx or 5xx status. `code` comes from the error body
 * (`ERROR_CODES` of `@furrow/schema`, or a newer code); `retryAfter` is in milliseconds.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof FurrowHttpError && err.status === 409) refresh(); }
 * ```
 */
export class FurrowHttpError extends FurrowError {
  override readonly name: string = 'FurrowHttpError';
  readonly retryAfter: number | undefined;

  constructor(message: string, init: FurrowErrorInit & { status: number; retryAfter?: number }) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }
}
