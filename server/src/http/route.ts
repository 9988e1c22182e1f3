import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES, type RouteSpec } from '@furrow/schema';
import { HttpError } from '../core/errors.js';
import { RawResponse } from '../core/raw.js';
import type { Services } from '../core/services.js';
import type { Ctx, Handler } from '../core/context.js';
import { enforceAccess, resolveAuth } from './auth.js';
import { clientIp } from './headers.js';
import type { WriteLimiter } from './rate-limit.js';
import { validateRequest } from './validate.js';
import { catalogCacheStage } from './cache.js';
import { readRouteBody } from './body.js';
import { beginIdempotent, finishIdempotent } from './idempotency.js';
import { sendJson, sendRaw, type RespondLogger } from './respond.js';

/** A route of the table with the handler that serves it (null: not implemented). */
export interface TableRoute {
  id: string;
  route: RouteSpec;
  handler: Handler<RouteSpec> | null;
}

/** What the route pipeline needs besides the request. */
export interface RouteDeps {
  bodyLimitBytes: number;
  trustProxy: boolean;
  limitWrite: WriteLimiter;
  /** The same limit per partner site, all its callers together. */
  limitSiteWrite: WriteLimiter;
  logger: RespondLogger;
}

/** The request's context, handed to the handler. */
function makeCtx(req: IncomingMessage, res: ServerResponse, t: TableRoute, requestId: string, ip: string, parts: Pick<Ctx, 'params' | 'query' | 'body' | 'rawBody' | 'auth' | 'services' | 'idempotencyKey'>): Ctx {
  const ua = req.headers['user-agent'];
  return { req, res, routeId: t.id, route: t.route, requestId, ip, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null, ...parts };
}

/** Stage: runs the handler and checks its answer against the route's response schema. */
async function callHandler(handler: Handler<RouteSpec>, ctx: Ctx, logger: RespondLogger): Promise<RawResponse | { status: number; body: string }> {
  const result = await handler(ctx);
  if (result instanceof RawResponse) return result;
  const checked = ctx.route.response.safeParse(result);
  if (!checked.success) {
    logger.error(`[furrow] ${ctx.requestId} response of ${ctx.routeId} does not match its schema:`, checked.error.issues.slice(0, 5));
    throw new HttpError(500, ERROR_CODES.internal, 'Something went wrong on our side; try again');
  }
  return { status: ctx.route.status ?? 200, body: JSON.stringify(checked.data) };
}

/**
 * The pipeline of one table route, stage by stage: auth (key, token, `route.access`) → write
 * rate limit → params/query validation → anonymous catalog cache → body → `Idempotency-Key`
 * → handler with its response checked → respond (cached, raw or JSON).
 */
export async function runRoute(req: IncomingMessage, res: ServerResponse, t: TableRoute, rawParams: Record<string, string | undefined>, qs: string, services: Services, requestId: string, deps: RouteDeps): Promise<void> {
  const { route } = t;
  const auth = await resolveAuth(req, services.db, services.sites);
  enforceAccess(route.access, auth);
  const ip = clientIp(req, deps.trustProxy);
  // Per user when signed in: farmers often share one carrier-grade NAT address.
  if (route.method !== 'GET') {
    deps.limitWrite(auth.user ? `u:${auth.user.id}` : `ip:${ip}`);
    if (auth.site) deps.limitSiteWrite(`s:${auth.site.id}`);
  }
  const { params, query } = validateRequest(route, rawParams, qs);
  const cache = catalogCacheStage(req, res, route, auth, services.catalog);
  if (cache.hit()) return;
  const { body, rawBody } = await readRouteBody(req, route, deps.bodyLimitBytes);
  if (!t.handler) throw new HttpError(501, 'not_implemented', `${t.id} is not implemented yet`);

  const idem = await beginIdempotent(services.db, req, route, t.id, { userId: auth.user?.id ?? null, siteId: auth.site?.id ?? null }, body ?? rawBody?.toString('base64'));
  if (idem.kind === 'replay') return sendJson(req, res, idem.response.status, idem.response.body, { 'Idempotency-Replayed': 'true' });
  const run = idem.kind === 'run' ? idem.run : null;
  const ctx = makeCtx(req, res, t, requestId, ip, { params: params as Ctx['params'], query: query as Ctx['query'], body: body as Ctx['body'], rawBody, auth, services, idempotencyKey: run?.key ?? null });
  let answer: RawResponse | { status: number; body: string };
  try {
    answer = await callHandler(t.handler, ctx, deps.logger);
  } catch (err) {
    if (run) await finishIdempotent(run, { error: err, requestId });
    throw err;
  }
  if (answer instanceof RawResponse) {
    if (run) await finishIdempotent(run, 'release');
    return sendRaw(req, res, answer);
  }
  if (run) await finishIdempotent(run, answer);
  if (cache.cacheable) return cache.store(answer.status, answer.body);
  sendJson(req, res, answer.status, answer.body);
}
