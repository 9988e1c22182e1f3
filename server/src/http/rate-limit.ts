import { ERROR_CODES } from '@furrow/schema';
import { HttpError } from '../core/errors.js';

/** Checks one write by a principal (`u:<user id>`, `ip:<address>`, `s:<site id>`); throws 429 with `Retry-After`. */
export type WriteLimiter = (principal: string) => void;

/**
 * Stage: the write rate limit, as token buckets — `limit` writes at once, refilled at `limit`
 * per minute. Unlike fixed windows, a burst cannot double up across a window boundary.
 * Per instance (see server/README.md); `false` turns it off.
 */
export function createWriteLimiter(limit: number | false, now: () => number = Date.now, message = 'Too many requests; slow down'): WriteLimiter {
  if (limit === false) return () => {};
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit / 60_000;
  return (principal) => {
    const t = now();
    let b = buckets.get(principal);
    if (!b) {
      if (buckets.size > 10_000) buckets.clear();
      b = { tokens: limit, at: t };
      buckets.set(principal, b);
    }
    b.tokens = Math.min(limit, b.tokens + (t - b.at) * perMs);
    b.at = t;
    if (b.tokens < 1) {
      const retry = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
      throw new HttpError(429, ERROR_CODES.rateLimited, message, undefined, { 'retry-after': String(retry) });
    }
    b.tokens -= 1;
  };
}
