import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import { ERROR_CODES, routes, type RouteSpec } from '@furrow/schema';
import { HttpError } from './errors.js';
import { RawResponse } from './raw.js';
import { parseJsonBody, readBody } from './body.js';
import { validate } from './validate.js';
import { enforceAccess, resolveAuth } from './auth.js';
import { claimKey, completeKey, releaseKey, requestHash } from './idempotency.js';
import { originAllowed } from './origins.js';
import { addVary, compressBody, COMPRESS_MIN_BYTES, negotiateEncoding } from './compress.js';
import { newRequestId } from '../util/ids.js';
import { DEFAULTS } from '../config.js';
import type { Services } from '../services.js';
import type { Ctx, Handler } from './types.js';

/** A route outside the table (HTML pages: sandbox checkout, embeds, oEmbed). */
export interface ExtraRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, services: Services, requestId: string): Promise<void>;
}

type Store =
  | { kind: 'table'; id: string; route: RouteSpec; handler: Handler<RouteSpec> | null }
  | { kind: 'extra'; extra: ExtraRoute };

const ALLOW_HEADERS = 'X-Furrow-Key, Authorization, Content-Type, Idempotency-Key, X-Request-Id';
const EXPOSE_HEADERS = 'X-Request-Id, Retry-After, Idempotency-Replayed, ETag';
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

/** Routes whose anonymous GET answers may be cached (public catalog and library reads). */
const CACHEABLE_TAGS = new Set(['catalog', 'library']);

/** Options of {@link buildHandler}. */
export interface HandlerDeps {
  services: () => Promise<Services>;
  handlers: Partial<Record<string, Handler<RouteSpec>>>;
  extraRoutes: ExtraRoute[];
  bodyLimitBytes: number;
  trustProxy: boolean;
  writeRateLimitPerMinute: number | false;
  logger: Pick<Console, 'info' | 'warn' | 'error'>;
}

/**
 * Builds the Node request handler: one function `(req, res, next?)` that Express (any version),
 * Connect or `node:http` can use. Routing is find-my-way's radix tree, so the cost per request
 * stays close to bare `node:http`.
 */
export function buildHandler(deps: HandlerDeps) {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 500 });
  const methodsByPath = new Map<string, Set<string>>();
  const noop = () => {};
  for (const [id, route] of Object.entries(routes) as [string, RouteSpec][]) {
    const store: Store = { kind: 'table', id, route, handler: deps.handlers[id] ?? null };
    router.on(route.method, route.path, noop, store);
    (methodsByPath.get(route.path) ?? methodsByPath.set(route.path, new Set()).get(route.path)!).add(route.method);
  }
  for (const extra of deps.extraRoutes) router.on(extra.method, extra.path, noop, { kind: 'extra', extra } satisfies Store);

  // Token buckets: `limit` writes at once, refilled at `limit` per minute. Unlike fixed windows,
  // a burst cannot double up across a window boundary.
  const writeBuckets = new Map<string, { tokens: number; at: number }>();

  function clientIp(req: IncomingMessage): string {
    if (deps.trustProxy) {
      const fwd = req.headers['x-forwarded-for'];
      if (typeof fwd === 'string' && fwd) return fwd.split(',')[0].trim();
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  function checkWriteRate(principal: string): void {
    const limit = deps.writeRateLimitPerMinute;
    if (limit === false) return;
    const now = Date.now();
    const perMs = limit / 60_000;
    let b = writeBuckets.get(principal);
    if (!b) {
      if (writeBuckets.size > 10_000) writeBuckets.clear();
      b = { tokens: limit, at: now };
      writeBuckets.set(principal, b);
    }
    b.tokens = Math.min(limit, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (b.tokens < 1) {
      const retry = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
      throw new HttpError(429, ERROR_CODES.rateLimited, 'Too many requests; slow down', undefined, { 'retry-after': String(retry) });
    }
    b.tokens -= 1;
  }

  function baseHeaders(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    const proto = deps.trustProxy ? req.headers['x-forwarded-proto'] : undefined;
    if (encrypted || proto === 'https') res.setHeader('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
  }

  function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, extra?: Record<string, string>, negotiated?: 'br' | 'gzip' | null): void {
    if (res.headersSent) return;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Security-Policy', API_CSP);
    if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
    if (extra) for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
    let buf = typeof body === 'string' ? Buffer.from(body) : body;
    // Successful reads are compressed for slow connections (a catalog page: 11.6 KB → 2.9 KB).
    // Only GET: responses that carry secrets (sessions, tokens, keys) answer POSTs, so an
    // attacker-reflected input never shares a compressed body with a secret (BREACH).
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

  function sendError(req: IncomingMessage, res: ServerResponse, requestId: string, err: unknown): void {
    let e: HttpError;
    if (err instanceof HttpError) e = err;
    else if (isDataException(err)) {
      // A value the database cannot store or compare (NUL in text, an unencodable character, an
      // out-of-range number or date) reached SQL: the request is at fault, not the server.
      deps.logger.warn(`[furrow] ${requestId} ${req.method} ${req.url}: database refused a value (${(err as { code: string }).code})`);
      e = new HttpError(400, ERROR_CODES.validation, 'The request holds a value that cannot be stored (for example a NUL character or an out-of-range number)');
    } else {
      deps.logger.error(`[furrow] ${requestId} ${req.method} ${req.url}:`, err);
      e = new HttpError(500, ERROR_CODES.internal, 'Something went wrong on our side; try again');
    }
    const body = JSON.stringify({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}), requestId } });
    sendJson(req, res, e.status, body, e.headers);
  }

  async function applyCors(req: IncomingMessage, res: ServerResponse, services: Services): Promise<boolean> {
    const origin = req.headers.origin;
    if (!origin) return false;
    const allowed = originAllowed(origin, await services.sites.origins());
    addVary(res, 'Origin');
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    return allowed;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> {
    const incomingId = req.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && /^[\w.-]{1,64}$/.test(incomingId) ? incomingId : newRequestId();
    baseHeaders(req, res, requestId);
    try {
      const url = req.url ?? '/';
      const qIndex = url.indexOf('?');
      const path = qIndex === -1 ? url : url.slice(0, qIndex);
      const method = req.method ?? 'GET';

      if (method === 'OPTIONS') {
        const services = await deps.services();
        const ok = await applyCors(req, res, services);
        const found = router.find('GET', path) ?? router.find('POST', path) ?? router.find('PUT', path) ?? router.find('PATCH', path) ?? router.find('DELETE', path);
        if (!found && next && !path.startsWith('/v1/')) return next();
        if (!ok) throw new HttpError(403, ERROR_CODES.originNotAllowed, 'Origin not allowed');
        res.statusCode = 204;
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
        res.end();
        return;
      }

      let found: ReturnType<typeof router.find>;
      try {
        found = router.find(method as 'GET', path);
      } catch {
        throw new HttpError(400, ERROR_CODES.validation, 'Malformed URL');
      }
      if (!found) {
        if (next && !path.startsWith('/v1/') && path !== '/healthz') return next();
        const services = await deps.services();
        await applyCors(req, res, services);
        const other = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter((m) => m !== method && router.find(m, path));
        req.resume();
        if (other.length) throw new HttpError(405, ERROR_CODES.methodNotAllowed, `${method} is not allowed here; use ${other.join(', ')}`, undefined, { Allow: other.join(', ') });
        throw new HttpError(404, ERROR_CODES.routeNotFound, `No route ${method} ${path}`);
      }
      const store = found.store as Store;
      const services = await deps.services();
      await applyCors(req, res, services);
      if (store.kind === 'extra') {
        await store.extra.handle(req, res, found.params, services, requestId);
        return;
      }
      await runRoute(req, res, store, found.params, qIndex === -1 ? '' : url.slice(qIndex + 1), services, requestId);
    } catch (err) {
      sendError(req, res, requestId, err);
    }
  }

  async function runRoute(
    req: IncomingMessage, res: ServerResponse, store: Extract<Store, { kind: 'table' }>,
    rawParams: Record<string, string | undefined>, qs: string, services: Services, requestId: string,
  ): Promise<void> {
    const { route, id } = store;
    const auth = await resolveAuth(req, services.db, services.sites);
    enforceAccess(route.access, auth);
    const ip = clientIp(req);
    const isWrite = route.method !== 'GET';
    // Per user when signed in: farmers often share one carrier-grade NAT address.
    if (isWrite) checkWriteRate(auth.user ? `u:${auth.user.id}` : `ip:${ip}`);

    const params = route.params ? validate(route.params, rawParams, 'params') : {};
    const rawQuery = qs ? Object.fromEntries(new URLSearchParams(qs)) : {};
    const query = route.query ? validate(route.query, rawQuery, 'query') : {};

    // Anonymous catalog reads are served from the cache.
    const cacheable = route.method === 'GET' && !auth.user && CACHEABLE_TAGS.has(route.tag) && route.access === 'public' && !route.produces;
    const cacheKey = cacheable ? req.url ?? '' : '';
    if (cacheable) {
      const hit = services.catalog.get(cacheKey);
      if (hit) return sendCached(req, res, hit.status, hit.body, hit.etag);
    }
    const versionAtStart = services.catalog.currentVersion;

    let body: unknown = undefined;
    let rawBody: Buffer | null = null;
    if (route.rawBody) {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!route.rawBody.contentTypes.includes(type)) {
        req.resume();
        throw new HttpError(415, ERROR_CODES.unsupportedMediaType, `Content-Type must be one of ${route.rawBody.contentTypes.join(', ')}`);
      }
      rawBody = await readBody(req, route.rawBody.maxBytes);
    } else if (route.body) {
      const raw = await readBody(req, deps.bodyLimitBytes);
      body = validate(route.body, parseJsonBody(req, raw), 'body');
    } else if (isWrite) {
      const raw = await readBody(req, deps.bodyLimitBytes);
      if (raw.length) parseJsonBody(req, raw);
    }

    if (!store.handler) throw new HttpError(501, 'not_implemented', `${id} is not implemented yet`);

    const keyHeader = req.headers['idempotency-key'];
    const idemKey = route.idempotent && typeof keyHeader === 'string' && keyHeader ? keyHeader : null;
    if (idemKey && idemKey.length > 200) throw new HttpError(400, ERROR_CODES.validation, 'Idempotency-Key: at most 200 characters', [{ path: ['headers', 'idempotency-key'], message: 'Too long' }]);
    const scope = auth.user ? `user:${auth.user.id}` : `site:${auth.site?.id ?? 'none'}`;
    if (idemKey) {
      const claim = await claimKey(services.db, scope, idemKey, id, requestHash(route.method, req.url ?? '', body ?? rawBody?.toString('base64')));
      if (claim.kind === 'replay') {
        return sendJson(req, res, claim.response.status, claim.response.body, { 'Idempotency-Replayed': 'true' });
      }
    }

    const ctx: Ctx = {
      req, res, routeId: id, route, requestId, ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 500) : null,
      params, query, body, rawBody, auth, services, idempotencyKey: idemKey,
    };
    let status: number;
    let payload: string;
    try {
      const result = await store.handler(ctx);
      if (result instanceof RawResponse) {
        if (idemKey) await releaseKey(services.db, scope, idemKey);
        return sendRaw(req, res, result);
      }
      const checked = route.response.safeParse(result);
      if (!checked.success) {
        deps.logger.error(`[furrow] ${requestId} response of ${id} does not match its schema:`, checked.error.issues.slice(0, 5));
        throw new HttpError(500, ERROR_CODES.internal, 'Something went wrong on our side; try again');
      }
      status = route.status ?? 200;
      payload = JSON.stringify(checked.data);
    } catch (err) {
      if (idemKey) {
        // A refusal is an answer (replayed); a crash of ours is not (the retry may run).
        if (err instanceof HttpError && err.status < 500 && err.status !== 429 && err.code !== ERROR_CODES.idempotencyInFlight) {
          await completeKey(services.db, scope, idemKey, err.status, JSON.stringify({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), requestId } }));
        } else {
          await releaseKey(services.db, scope, idemKey).catch(() => {});
        }
      }
      throw err;
    }
    if (idemKey) await completeKey(services.db, scope, idemKey, status, payload);
    if (cacheable) {
      const entry = services.catalog.set(cacheKey, status, Buffer.from(payload), versionAtStart);
      return sendCached(req, res, status, entry.body, entry.etag);
    }
    sendJson(req, res, status, payload);
  }

  function sendCached(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, etag: string): void {
    res.setHeader('Cache-Control', 'no-cache');
    // One ETag per representation: the brotli, gzip and plain bodies differ byte for byte.
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

  function sendRaw(req: IncomingMessage, res: ServerResponse, r: RawResponse): void {
    res.statusCode = r.status;
    for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
    if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
    if (r.body === null) return void res.end();
    const buf = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
    res.setHeader('Content-Length', buf.length);
    res.end(req.method === 'HEAD' ? undefined : buf);
  }

  return {
    handle,
    sendError,
    /** Route ids that have no handler yet (a test asserts this list is empty). */
    missing: () => Object.keys(routes).filter((id) => !deps.handlers[id]),
  };
}

export { DEFAULTS };
