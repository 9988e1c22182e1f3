import type { ErrorDetail, KnownErrorCode } from '@furrow/schema';
import type { SDK_ERROR_CODES } from '../constants.js';

/** Error codes: the server's known codes, the SDK's own, and any future string. */
export type FurrowErrorCode =
  | KnownErrorCode
  | (typeof SDK_ERROR_CODES)[keyof typeof SDK_ERROR_CODES]
  // `string & {}` keeps autocompletion of the known codes
  | (string & {});

/** What every Furrow error may carry. */
export interface FurrowErrorInit {
  code: FurrowErrorCode;
  status?: number;
  requestId?: string;
  method?: string;
  url?: string;
  details?: ErrorDetail[];
  cause?: unknown;
}

/** Plain-object form of an error (`JSON.stringify`, logs, outbox records). */
export interface FurrowErrorJSON {
  name: string;
  message: string;
  code: string;
  status: number;
  requestId?: string;
  method?: string;
  url?: string;
  details?: ErrorDetail[];
}

// A registry symbol is the same in every realm (iframe, worker), unlike a class identity.
export const BRAND = Symbol.for('furrow.error');

/**
 * Base class of every error the SDK throws. `status` is 0 when no HTTP answer arrived.
 * `queued` is true when the write behind the error is safe in the offline outbox and will be
 * replayed: show "saved, will sync" rather than an error.
 *
 * `name` is a fixed string per class (`'FurrowError'`, `'FurrowHttpError'`, …), not the
 * constructor's name: minifiers rename classes (through the CDN build the name was `"is"`), and
 * `name` ends up in `toJSON()`, in logs and in partners' error reports. A subclass of your own
 * sets its own `name` the same way.
 *
 * @example
 * ```ts
 * try { await client.courses.retrieve(id); }
 * catch (err) { if (isFurrowError(err) && err.code === 'not_found') showMissing(); }
 * ```
 */
export class FurrowError extends Error {
  override readonly name: string = 'FurrowError';
  readonly code: FurrowErrorCode;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly details: ErrorDetail[] | undefined;
  queued = false;

  constructor(message: string, init: FurrowErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? 0;
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
    this.details = init.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** A serialisable copy without the stack; `name` is the fixed class name (see above). */
  toJSON(): FurrowErrorJSON {
    const { name, message, code, status, requestId, method, url, details } = this;
    return { name, message, code, status, requestId, method, url, details };
  }
}
