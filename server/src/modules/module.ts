import type { RouteSpec } from '@furrow/schema';
import type { ExtraRoute } from '../core/context.js';
import type { Handler } from '../core/context.js';
import type { Services } from '../core/services.js';

/**
 * A server module: handlers for some routes of the table, optional extra (non-table) routes,
 * and an optional start hook that may return a stop function.
 */
export interface FurrowModule {
  name: string;
  handlers: Partial<Record<string, Handler<RouteSpec>>>;
  extraRoutes?: ExtraRoute[];
  init?(services: Services): Promise<void | (() => void | Promise<void>)>;
}

/**
 * Declares a module. Handlers are typed per route by {@link defineHandlers}.
 *
 * @example
 * ```ts
 * export const systemModule = defineModule({ name: 'system', handlers: systemHandlers });
 * ```
 */
export function defineModule(m: { name: string; handlers: object; extraRoutes?: ExtraRoute[]; init?: FurrowModule['init'] }): FurrowModule {
  return m as FurrowModule;
}
