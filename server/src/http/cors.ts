import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES } from '@furrow/schema';
import { HttpError } from '../core/errors.js';
import type { SiteCache } from '../core/site-cache.js';
import { addVary } from './compress.js';
import { originAllowed } from './origins.js';
import { carriesSecretKey } from './auth.js';

const ALLOW_HEADERS = 'X-Furrow-Key, Authorization, Content-Type, Idempotency-Key, X-Request-Id, X-Furrow-Device';
const EXPOSE_HEADERS = 'X-Request-Id, Retry-After, Idempotency-Replayed, ETag';

/**
 * Stage: CORS for a request with an `Origin`. Any active site's allowlisted origin is let in
 * here (a preflight carries no key); which site a key belongs to, and whether this origin is
 * one of its own, is the auth stage's business. A request carrying a secret key is granted
 * nothing, whatever its origin: the auth stage refuses it (`secret_key_in_browser`), and the
 * browser must not be able to read even that refusal. Returns whether the origin is allowed.
 */
export async function applyCors(req: IncomingMessage, res: ServerResponse, sites: SiteCache): Promise<boolean> {
  const origin = req.headers.origin;
  if (!origin) return false;
  addVary(res, 'Origin');
  if (carriesSecretKey(req)) return false;
  const allowed = originAllowed(origin, await sites.origins());
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  }
  return allowed;
}

/** Stage: answers a CORS preflight whose origin {@link applyCors} judged: 204 with the allowed methods and headers, or 403. */
export function answerPreflight(res: ServerResponse, allowed: boolean): void {
  if (!allowed) throw new HttpError(403, ERROR_CODES.originNotAllowed, 'Origin not allowed');
  res.statusCode = 204;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
  res.end();
}
