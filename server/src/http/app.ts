import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import { ERROR_CODES, routes, type RouteSpec } from '@furrow/schema';
import { HttpError } from '../core/errors.js';
import { DEFAULTS } from '../core/config.js';
import type { Services } from '../core/services.js';
import type { ExtraRoute, Handler } from '../core/context.js';
import { requestIdOf, setBaseHeaders } from './headers.js';
import { answerPreflight, applyCors } from './cors.js';
import { createWriteLimiter } from './rate-limit.js';
import { sendError } from './respond.js';
import { runRoute, type TableRoute } from './route.js';

type Store = ({ kind: 'table' } & TableRoute) | { kind: 'extra'; extra: ExtraRoute };

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Options of {@link buildHandler}. */
export interface HandlerDeps {
  services: () => Promise<Services>;
  handlers: Partial<Record<string, Handler<RouteSpec>>>;
  extraRoutes: ExtraRoute[];
  bodyLimitBytes: number;
  trustProxy: boolean;
  writeRateLimitPerMinute: number | false;
  siteWriteRateLimitPerMinute: number | false;
  logger: Pick<Console, 'info' | 'warn' | 'error'>;
  /** Files served under the router's own path (CDN build, demo media); true when it answered. */
  assets?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
}

/** find-my-way's radix tree over the route table and the extra (HTML) routes. */
function buildRouter(deps: HandlerDeps) {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 500 });
  const noop = () => {};
  for (const [id, route] of Object.entries(routes) as [string, RouteSpec][]) {
    router.on(route.method, route.path, noop, { kind: 'table', id, route, handler: deps.handlers[id] ?? null } satisfies Store);
  }
  for (const extra of deps.extraRoutes) router.on(extra.method, extra.path, noop, { kind: 'extra', extra } satisfies Store);
  return router;
}

/**
 * Builds the Node request handler: one function `(req, res, next?)` that Express (any version),
 * Connect or `node:http` can use. Routing is find-my-way's radix tree, so the cost per request
 * stays close to bare `node:http`. The stages live in their own files: headers, cors, auth,
 * rate-limit, validate, cache, body, idempotency, respond, compress (see route.ts for their order).
 */
export function buildHandler(deps: HandlerDeps) {
  const router = buildRouter(deps);
  const routeDeps = { bodyLimitBytes: deps.bodyLimitBytes, trustProxy: deps.trustProxy, limitWrite: createWriteLimiter(deps.writeRateLimitPerMinute),
    limitSiteWrite: createWriteLimiter(deps.siteWriteRateLimitPerMinute, Date.now, 'This site is sending too many writes; slow down'), logger: deps.logger };
  const find = (method: string, path: string) => {
    try {
      return router.find(method as 'GET', path);
    } catch {
      throw new HttpError(400, ERROR_CODES.validation, 'Malformed URL');
    }
  };

  /** A path nobody serves: the host app's `next`, else 405 (another method would do) or 404. */
  async function unrouted(req: IncomingMessage, res: ServerResponse, method: string, path: string, services: Services): Promise<void> {
    await applyCors(req, res, services.sites);
    const other = METHODS.filter((m) => m !== method && router.find(m, path));
    req.resume();
    if (other.length) throw new HttpError(405, ERROR_CODES.methodNotAllowed, `${method} is not allowed here; use ${other.join(', ')}`, undefined, { Allow: other.join(', ') });
    throw new HttpError(404, ERROR_CODES.routeNotFound, `No route ${method} ${path}`);
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, requestId: string, next?: (err?: unknown) => void): Promise<void> {
    const url = req.url ?? '/';
    const qIndex = url.indexOf('?');
    const path = qIndex === -1 ? url : url.slice(0, qIndex);
    const method = req.method ?? 'GET';
    const ours = path.startsWith('/v1/') || path === '/healthz';
    if (method === 'OPTIONS') {
      const services = await deps.services();
      const allowed = await applyCors(req, res, services.sites);
      if (!METHODS.some((m) => find(m, path)) && next && !path.startsWith('/v1/')) return next();
      return answerPreflight(res, allowed);
    }
    const found = find(method, path);
    if (!found && !ours) { if (deps.assets?.(req, res, path)) return; if (next) return next(); }
    const services = await deps.services();
    if (!found) return unrouted(req, res, method, path, services);
    await applyCors(req, res, services.sites);
    const store = found.store as Store;
    if (store.kind === 'extra') return store.extra.handle(req, res, found.params, services, requestId);
    await runRoute(req, res, store, found.params, qIndex === -1 ? '' : url.slice(qIndex + 1), services, requestId, routeDeps);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> {
    const requestId = requestIdOf(req);
    setBaseHeaders(req, res, requestId, deps.trustProxy);
    try {
      await dispatch(req, res, requestId, next);
    } catch (err) {
      sendError(req, res, requestId, err, deps.logger);
    }
  }

  return {
    handle,
    sendError: (req: IncomingMessage, res: ServerResponse, requestId: string, err: unknown) => sendError(req, res, requestId, err, deps.logger),
    /** Route ids that have no handler yet (a test asserts this list is empty). */
    missing: () => Object.keys(routes).filter((id) => !deps.handlers[id]),
  };
}

export { DEFAULTS };
