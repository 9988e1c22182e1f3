import type { Queryable } from '../db/types.js';
import type { AuthUser } from '../core/context.js';
import type { Services } from '../core/services.js';
import type { Viewer } from './courses.js';

/**
 * Runs a write that changes what the anonymous catalog shows: the catalog version is bumped in
 * the same transaction (other instances drop their caches when they see it) and this instance's
 * cache is dropped right after commit, so the writer never reads its own stale page.
 *
 * @example
 * ```ts
 * const section = await catalogTx(ctx.services, async (q) => insertSection(q, …));
 * ```
 */
export async function catalogTx<T>(services: Services, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const out = await services.db.tx(async (q) => {
    const r = await fn(q);
    await services.catalog.bump(q);
    return r;
  });
  services.catalog.invalidate();
  return out;
}

/** The viewer an author is: sees drafts and private lessons, plays everything. */
export function authorViewer(user: AuthUser): Viewer {
  return { user, siteId: user.siteId, enrolled: false, hasAccess: true, isAuthor: true };
}
