import type { IncomingMessage } from 'node:http';
import { ERROR_CODES, type RouteSpec } from '@furrow/schema';
import { HttpError } from '../core/errors.js';
import { validate } from './validate.js';

/**
 * Reads a request body up to `limit` bytes. Bodies already consumed by a host app's parser
 * (Express `express.json()` mounted before Furrow) are taken from `req.body`.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const pre = (req as IncomingMessage & { body?: unknown }).body;
  if (req.readableEnded && pre !== undefined) {
    if (Buffer.isBuffer(pre)) return pre;
    if (typeof pre === 'string') return Buffer.from(pre);
    return Buffer.from(JSON.stringify(pre));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, ERROR_CODES.payloadTooLarge, `Request body is larger than ${limit} bytes`);
}

/** Parses a JSON body, answering 415 for other content types and 400 for malformed JSON. */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpError(415, ERROR_CODES.unsupportedMediaType, 'Send the body as application/json');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, ERROR_CODES.malformedJson, `Body is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Stage: reads the body a route declares — raw bytes of an allowed content type (uploads,
 * webhooks), JSON validated against the route's schema, or, for a write without a body schema,
 * JSON that must at least parse.
 */
export async function readRouteBody(req: IncomingMessage, route: RouteSpec, limit: number): Promise<{ body: unknown; rawBody: Buffer | null }> {
  if (route.rawBody) {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!route.rawBody.contentTypes.includes(type)) {
      req.resume();
      throw new HttpError(415, ERROR_CODES.unsupportedMediaType, `Content-Type must be one of ${route.rawBody.contentTypes.join(', ')}`);
    }
    return { body: undefined, rawBody: await readBody(req, route.rawBody.maxBytes) };
  }
  if (route.body) return { body: validate(route.body, parseJsonBody(req, await readBody(req, limit)), 'body'), rawBody: null };
  if (route.method !== 'GET') {
    const raw = await readBody(req, limit);
    if (raw.length) parseJsonBody(req, raw);
  }
  return { body: undefined, rawBody: null };
}
