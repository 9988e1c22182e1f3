import { FurrowError, type FurrowErrorInit } from './furrow-error.js';

/**
 * A response did not have the shape the contract promises. `path` names the JSON path
 * (`$.data[3].id`) so the fault is found at the trust boundary, not deep inside an element.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof FurrowValidationError) report(err.path); }
 * ```
 */
export class FurrowValidationError extends FurrowError {
  override readonly name: string = 'FurrowValidationError';
  readonly path: string;

  constructor(message: string, init: Omit<FurrowErrorInit, 'code'> & { path: string }) {
    super(message, { ...init, code: 'invalid_response' });
    this.path = init.path;
  }
}
