import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../lib/route.js';
import { authRoutes } from './auth.js';
import { catalogRoutes } from './catalog.js';
import { learningRoutes } from './learning.js';
import { communityRoutes } from './community.js';
import { commerceRoutes } from './commerce.js';
import { bookingRoutes } from './booking.js';
import { jobRoutes } from './jobs.js';
import { siteRoutes } from './sites.js';

/** Liveness and the API description. */
export const systemRoutes = {
  'system.health': defineRoute({
    method: 'GET', path: '/healthz', tag: 'system', access: 'signature', scope: 'any',
    summary: 'Liveness and database reachability',
    response: z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), version: z.string() }),
  }),
  'system.openapi': defineRoute({
    method: 'GET', path: '/v1/openapi.json', tag: 'system', access: 'signature', scope: 'any',
    summary: 'The OpenAPI 3.1 document of this API', response: z.record(z.string(), z.unknown()),
  }),
} as const;

/**
 * The whole Furrow API, keyed by operation id (`resource.action`). The server registers every
 * route from this table; the SDK and the OpenAPI document derive from it.
 *
 * @example
 * ```ts
 * import { routes } from '@furrow/schema';
 * routes['courses.list'].path; // '/v1/courses'
 * ```
 */
export const routes = {
  ...systemRoutes,
  ...authRoutes,
  ...catalogRoutes,
  ...learningRoutes,
  ...communityRoutes,
  ...commerceRoutes,
  ...bookingRoutes,
  ...jobRoutes,
  ...siteRoutes,
} as const;

/** Operation ids. */
export type RouteId = keyof typeof routes;
/** The route table type. */
export type Routes = typeof routes;
/** A route by id. */
export type RouteOf<K extends RouteId> = Routes[K];

// Checked at compile time: every entry is a RouteSpec.
const _check: Record<string, RouteSpec> = routes;
void _check;

export { authRoutes, catalogRoutes, learningRoutes, communityRoutes, commerceRoutes, bookingRoutes, jobRoutes, siteRoutes };
