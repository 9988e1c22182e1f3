import { FurrowError, type FurrowErrorInit } from './furrow-error.js';

/**
 * No HTTP answer: offline, DNS, connection dropped, CORS refusal. Safe reads fall back to the
 * offline cache; outbox writes stay queued.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof FurrowNetworkError) showOfflineBanner(); }
 * ```
 */
export class FurrowNetworkError extends FurrowError {
  override readonly name: string = 'FurrowNetworkError';
  constructor(message: string, init: Omit<FurrowErrorInit, 'code'>) {
    super(message, { ...init, code: 'network_error' });
  }
}
