import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteSpec } from '@furrow/schema';
import type { AuthInfo } from '../core/context.js';
import type { CatalogCache } from '../core/catalog-cache.js';
import { sendCached } from './respond.js';
import { addVary } from './compress.js';

/** Routes whose anonymous GET answers may be cached (public catalog and library reads). */
const CACHEABLE_TAGS = new Set(['catalog', 'library']);

/** Whether this request's answer may come from (and go to) the anonymous catalog cache. */
export function isCacheable(route: RouteSpec, auth: Pick<AuthInfo, 'user'>): boolean {
  return route.method === 'GET' && !auth.user && CACHEABLE_TAGS.has(route.tag) && route.access === 'public' && !route.produces;
}

/**
 * Stage: the anonymous catalog cache. `hit()` answers from the cache when it can (true when it
 * did); `store()` keeps an answer computed at the catalog version seen before the handler ran,
 * so a write that lands meanwhile is never hidden by a stale entry.
 */
export function catalogCacheStage(req: IncomingMessage, res: ServerResponse, route: RouteSpec, auth: Pick<AuthInfo, 'user' | 'site'>, cache: CatalogCache) {
  const cacheable = isCacheable(route, auth);
  // Each site sees its own catalogue (shared content plus its own), so the site is part of the key.
  const key = cacheable ? `${auth.site?.id ?? '-'} ${req.url ?? ''}` : '';
  if (cacheable) addVary(res, 'X-Furrow-Key');
  const versionAtStart = cache.currentVersion;
  return {
    cacheable,
    hit(): boolean {
      const entry = cacheable ? cache.get(key) : undefined;
      if (!entry) return false;
      sendCached(req, res, entry.status, entry.body, entry.etag);
      return true;
    },
    store(status: number, payload: string): void {
      const entry = cache.set(key, status, Buffer.from(payload), versionAtStart);
      sendCached(req, res, status, entry.body, entry.etag);
    },
  };
}
