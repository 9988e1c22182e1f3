import { FurrowError, type FurrowErrorInit } from './furrow-error.js';

/**
 * An attempt took longer than `timeout` ms (per attempt; retries get a fresh timer).
 *
 * @example
 * ```ts
 * await client.courses.list({}, { timeout: 5_000 }).catch((e) => e instanceof FurrowTimeoutError);
 * ```
 */
export class FurrowTimeoutError extends FurrowError {
  override readonly name: string = 'FurrowTimeoutError';
  constructor(message: string, init: Omit<FurrowErrorInit, 'code'>) {
    super(message, { ...init, code: 'timeout' });
  }
}
