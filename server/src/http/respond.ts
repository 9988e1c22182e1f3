import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES } from '@furrow/schema';
import { HttpError } from '../core/errors.js';
import type { RawResponse } from '../core/raw.js';
import { addVary, compressBody, COMPRESS_MIN_BYTES, negotiateEncoding } from './compress.js';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * PostgreSQL data exceptions caused by a request's values (SQLSTATE class 22): invalid text
 * encoding or NUL, untranslatable character, bad text representation, value too long, numeric
 * or datetime out of range, bad time zone displacement.
 */
const DATA_EXCEPTIONS = new Set(['22021', '22P05', '22P02', '22001', '22003', '22007', '22008', '22009']);

function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DATA_EXCEPTIONS.has(code);
}

/** Where the respond stage reports what it hides from clients. */
export type RespondLogger = Pick<Console, 'warn' | 'error'>;

/** The one error body: `{ error: { code, message, details?, requestId } }`. */
export function errorBody(e: HttpError, requestId: string): string {
  return JSON.stringify({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}), requestId } });
}

/**
 * Stage: sends a JSON answer. Successful GETs are compressed for slow connections (a catalog
 * page: 11.6 KB → 2.9 KB) — only GETs: answers that carry secrets (sessions, tokens, keys)
 * answer POSTs, so a reflected input never shares a compressed body with a secret (BREACH).
 *
 * @param negotiated - an encoding already chosen by the caller (cached bodies), or undefined.
 */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, extra?: Record<string, string>, negotiated?: 'br' | 'gzip' | null): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Security-Policy', API_CSP);
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  if (extra) for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  let buf = typeof body === 'string' ? Buffer.from(body) : body;
  if (status === 200 && req.method === 'GET') {
    addVary(res, 'Accept-Encoding');
    const encoding = negotiated !== undefined ? negotiated : buf.length >= COMPRESS_MIN_BYTES ? negotiateEncoding(req) : null;
    if (encoding) {
      buf = compressBody(buf, encoding);
      res.setHeader('Content-Encoding', encoding);
    }
  }
  res.setHeader('Content-Length', buf.length);
  res.end(req.method === 'HEAD' ? undefined : buf);
}

/**
 * Turns anything thrown into the answer a client may see: an {@link HttpError} as it is; a value
 * the database could not store (NUL, out of range) as a 400; anything else as a logged 500
 * that says nothing of our internals.
 */
export function toHttpError(req: IncomingMessage, requestId: string, err: unknown, logger: RespondLogger): HttpError {
  if (err instanceof HttpError) return err;
  if (isDataException(err)) {
    logger.warn(`[furrow] ${requestId} ${req.method} ${req.url}: database refused a value (${(err as { code: string }).code})`);
    return new HttpError(400, ERROR_CODES.validation, 'The request holds a value that cannot be stored (for example a NUL character or an out-of-range number)');
  }
  logger.error(`[furrow] ${requestId} ${req.method} ${req.url}:`, err);
  return new HttpError(500, ERROR_CODES.internal, 'Something went wrong on our side; try again');
}

/** Stage: sends an error in the one error shape. */
export function sendError(req: IncomingMessage, res: ServerResponse, requestId: string, err: unknown, logger: RespondLogger): void {
  const e = toHttpError(req, requestId, err, logger);
  sendJson(req, res, e.status, errorBody(e, requestId), e.headers);
}

/**
 * Stage: sends a cached body with `no-cache` and an ETag per representation (the brotli, gzip
 * and plain bodies differ byte for byte); answers 304 when the client already has it.
 */
export function sendCached(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, etag: string): void {
  res.setHeader('Cache-Control', 'no-cache');
  const encoding = status === 200 && body.length >= COMPRESS_MIN_BYTES ? negotiateEncoding(req) : null;
  if (encoding) etag = `${etag.slice(0, -1)}-${encoding}"`;
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    if (status === 200) addVary(res, 'Accept-Encoding');
    res.statusCode = 304;
    res.end();
    return;
  }
  sendJson(req, res, status, body, undefined, encoding);
}

/** Stage: sends a handler's raw (HTML, file) answer as it is, `no-store` unless it says otherwise. */
export function sendRaw(req: IncomingMessage, res: ServerResponse, r: RawResponse): void {
  res.statusCode = r.status;
  for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  if (r.body === null) return void res.end();
  const buf = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  res.setHeader('Content-Length', buf.length);
  res.end(req.method === 'HEAD' ? undefined : buf);
}
