import { BRAND, type FurrowError } from './furrow-error.js';

/**
 * Whether `value` is a Furrow error, also when it was thrown in another realm (iframe, a
 * second copy of the SDK) where `instanceof` would say no.
 *
 * @example
 * ```ts
 * catch (err) { if (isFurrowError(err)) console.warn(err.code, err.requestId); }
 * ```
 */
export function isFurrowError(value: unknown): value is FurrowError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
