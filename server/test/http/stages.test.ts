// Each stage of the request pipeline (server/src/http/) on its own, on a real node:http server
// and, where the stage needs storage, a real database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { z } from 'zod';
import { ERROR_CODES, routes, type RouteSpec } from '@furrow/schema';
import { HttpError } from '../../src/core/errors.js';
import { RawResponse } from '../../src/core/raw.js';
import { SiteCache } from '../../src/core/site-cache.js';
import { CatalogCache } from '../../src/core/catalog-cache.js';
import { newId } from '../../src/core/ids.js';
import { clientIp, requestIdOf, setBaseHeaders } from '../../src/http/headers.js';
import { answerPreflight, applyCors } from '../../src/http/cors.js';
import { createWriteLimiter } from '../../src/http/rate-limit.js';
import { validate, validateRequest } from '../../src/http/validate.js';
import { readRouteBody } from '../../src/http/body.js';
import { catalogCacheStage, isCacheable } from '../../src/http/cache.js';
import { beginIdempotent, finishIdempotent } from '../../src/http/idempotency.js';
import { enforceAccess, resolveAuth } from '../../src/http/auth.js';
import { sendCached, sendError, sendJson, sendRaw, toHttpError } from '../../src/http/respond.js';
import { compressBody, negotiateEncoding } from '../../src/http/compress.js';
import type { Db } from '../../src/db/types.js';
import { createSession } from '../../src/shared-sql/users.js';
import { createTestDb, createTestSite, quietLogger } from '../helpers.js';

type Stage = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Serves one stage on a real socket; a thrown error answers through the respond stage. */
async function serve(stage: Stage) {
  const logger = quietLogger();
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => stage(req, res))
      .then(() => { if (!res.writableEnded) { res.statusCode = res.statusCode || 200; res.end(); } })
      .catch((err) => sendError(req, res, 'req_test', err, logger));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function once(stage: Stage, init: RequestInit & { path?: string } = {}) {
  const s = await serve(stage);
  try {
    const r = await fetch(s.base + (init.path ?? '/x'), init);
    return { status: r.status, headers: r.headers, text: await r.text() };
  } finally {
    await s.close();
  }
}

/** Like {@link once}, through `node:http`: exact headers (fetch sets `Sec-Fetch-Mode` itself, whatever it is given). */
async function onceRaw(stage: Stage, headers: Record<string, string>) {
  const s = await serve(stage);
  try {
    return await new Promise<{ status: number; text: string }>((ok, fail) => {
      const r = httpRequest(s.base + '/x', { headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c)).on('end', () => ok({ status: res.statusCode ?? 0, text }));
      });
      r.on('error', fail).end();
    });
  } finally {
    await s.close();
  }
}

let db: Db;
let drop: () => Promise<void>;
const site = { id: newId(), key: `pk_test_${newId().slice(0, 8)}`, secret: `sk_test_${newId()}`, origin: 'https://coop.example' };

before(async () => {
  ({ db, drop } = await createTestDb('pglite'));
  site.id = (await createTestSite(db, { name: 'Stage Co-op', publishableKey: site.key, secretKey: site.secret, origins: [site.origin] })).siteId;
});
after(async () => drop());

describe('stage: headers', () => {
  test('keeps a sane X-Request-Id, replaces a hostile one; nosniff, no referrer; HSTS only over TLS or a trusted proxy', async () => {
    const stage: Stage = (req, res) => setBaseHeaders(req, res, requestIdOf(req), true);
    const ok = await once(stage, { headers: { 'x-request-id': 'abc.DEF-1_2' } });
    assert.equal(ok.headers.get('x-request-id'), 'abc.DEF-1_2');
    assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(ok.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(ok.headers.get('strict-transport-security'), null);
    const bad = await once(stage, { headers: { 'x-request-id': '<script>', 'x-forwarded-proto': 'https' } });
    assert.notEqual(bad.headers.get('x-request-id'), '<script>');
    assert.match(bad.headers.get('x-request-id')!, /^[\w.-]{1,64}$/);
    assert.match(bad.headers.get('strict-transport-security')!, /max-age=\d+/);
    const untrusted = await once((req, res) => setBaseHeaders(req, res, 'r', false), { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(untrusted.headers.get('strict-transport-security'), null);
  });
  test('client address: first X-Forwarded-For hop only behind a trusted proxy', async () => {
    const seen: string[] = [];
    await once((req) => { seen.push(clientIp(req, true), clientIp(req, false)); }, { headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' } });
    assert.equal(seen[0], '203.0.113.9');
    assert.equal(seen[1], '127.0.0.1');
  });
});

describe('stage: cors', () => {
  test('an allowlisted origin gets Allow-Origin and exposed headers, Vary: Origin; another gets neither', async () => {
    const sites = new SiteCache(db);
    const ok = await once(async (req, res) => { await applyCors(req, res, sites); }, { headers: { origin: site.origin } });
    assert.equal(ok.headers.get('access-control-allow-origin'), site.origin);
    assert.match(ok.headers.get('access-control-expose-headers')!, /X-Request-Id/);
    assert.match(ok.headers.get('vary')!, /Origin/);
    const no = await once(async (req, res) => { await applyCors(req, res, sites); }, { headers: { origin: 'https://evil.example' } });
    assert.equal(no.headers.get('access-control-allow-origin'), null);
  });
  test('a request carrying a secret key gets no Allow-Origin, even from an allowlisted origin', async () => {
    const sites = new SiteCache(db);
    for (const headers of [{ 'x-furrow-key': site.secret }, { authorization: `Bearer ${site.secret}` }] as Record<string, string>[]) {
      const r = await once(async (req, res) => { await applyCors(req, res, sites); }, { headers: { ...headers, origin: site.origin } });
      assert.equal(r.headers.get('access-control-allow-origin'), null);
      assert.equal(r.headers.get('access-control-expose-headers'), null);
      assert.match(r.headers.get('vary')!, /Origin/);
    }
  });
  test('preflight: 204 with methods and headers for an allowed origin, 403 origin_not_allowed otherwise', async () => {
    const sites = new SiteCache(db);
    const stage: Stage = async (req, res) => answerPreflight(res, await applyCors(req, res, sites));
    const ok = await once(stage, { method: 'OPTIONS', headers: { origin: site.origin } });
    assert.equal(ok.status, 204);
    assert.match(ok.headers.get('access-control-allow-methods')!, /PATCH/);
    assert.match(ok.headers.get('access-control-allow-headers')!, /Idempotency-Key/);
    const no = await once(stage, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(no.status, 403);
    assert.equal(JSON.parse(no.text).error.code, ERROR_CODES.originNotAllowed);
  });
});

describe('stage: auth', () => {
  const access = (a: RouteSpec['access']) => async (req: IncomingMessage) => enforceAccess(a, await resolveAuth(req, db, new SiteCache(db)));
  test('public needs a key; an unknown key is 401 invalid_key; a foreign origin on a publishable key is 403', async () => {
    assert.equal(JSON.parse((await once(access('public'))).text).error.code, ERROR_CODES.missingKey);
    assert.equal((await once(access('public'), { headers: { 'x-furrow-key': site.key } })).status, 200);
    const unknown = await once(access('public'), { headers: { 'x-furrow-key': 'pk_nope' } });
    assert.equal(unknown.status, 401);
    assert.equal(JSON.parse(unknown.text).error.code, ERROR_CODES.invalidKey);
    const foreign = await once(access('public'), { headers: { 'x-furrow-key': site.key, origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
  });
  test('secret routes refuse a publishable key; user routes want a live session; a malformed Authorization is 401', async () => {
    assert.equal((await once(access('secret'), { headers: { 'x-furrow-key': site.key } })).status, 403);
    assert.equal((await once(access('secret'), { headers: { authorization: `Bearer ${site.secret}` } })).status, 200);
    const anon = await once(access('user'), { headers: { 'x-furrow-key': site.key } });
    assert.equal(JSON.parse(anon.text).error.code, ERROR_CODES.unauthenticated);
    const dead = await once(access('user'), { headers: { 'x-furrow-key': site.key, authorization: 'Bearer not-a-session' } });
    assert.equal(JSON.parse(dead.text).error.code, ERROR_CODES.sessionRevoked);
    assert.equal((await once(access('user'), { headers: { 'x-furrow-key': site.key, authorization: 'Token x' } })).status, 401);
  });
  test('a secret key from a browser (Origin, or a browser Sec-Fetch-* header) is 403 secret_key_in_browser; Node fetch\'s lone Sec-Fetch-Mode: cors is a server', async () => {
    const browserish: Record<string, string>[] = [
      { origin: site.origin }, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-dest': 'empty' }, { 'sec-fetch-user': '?1' }, { 'sec-fetch-mode': 'navigate' }, { 'sec-fetch-mode': 'no-cors' },
    ];
    for (const extra of browserish) {
      for (const key of [{ 'x-furrow-key': site.secret }, { authorization: `Bearer ${site.secret}` }, { 'x-furrow-key': 'sk_test_unknown_key' }] as Record<string, string>[]) {
        const r = await onceRaw(access('secret'), { ...key, ...extra });
        assert.equal(r.status, 403, JSON.stringify({ key, extra }));
        assert.equal(JSON.parse(r.text).error.code, ERROR_CODES.secretKeyInBrowser);
      }
    }
    // undici (Node's fetch) adds `sec-fetch-mode: cors` to every request it sends, as this one.
    const node = await once(access('secret'), { headers: { 'x-furrow-key': site.secret } });
    assert.equal(node.status, 200, node.text);
    const explicit = await onceRaw(access('secret'), { 'x-furrow-key': site.secret, 'sec-fetch-mode': 'cors' });
    assert.equal(explicit.status, 200, explicit.text);
    assert.equal((await onceRaw(access('secret'), { 'x-furrow-key': site.secret })).status, 200);
  });
  test('operator routes: no site key is enough, none is needed', async () => {
    const pk = await once(access('operator'), { headers: { 'x-furrow-key': site.key } });
    assert.equal(pk.status, 401);
    assert.equal(JSON.parse(pk.text).error.code, ERROR_CODES.unauthenticated);
    const sk = await once(access('operator'), { headers: { 'x-furrow-key': site.secret } });
    assert.equal(sk.status, 403);
    assert.equal(JSON.parse(sk.text).error.code, ERROR_CODES.forbidden);
    assert.equal(JSON.parse((await once(access('operator'))).text).error.code, ERROR_CODES.unauthenticated);
    assert.equal(JSON.parse((await once(access('operator'), { headers: { authorization: 'Bearer fur_not_a_session' } })).text).error.code, ERROR_CODES.sessionRevoked);
    const tokenOf = async (role: string, siteId: string | null) => {
      const id = newId();
      await db.query(`INSERT INTO users (id, site_id, email, name, role, password_hash) VALUES ($1, $2, $3, 'Stage', $4, 'x')`, [id, siteId, `${id}@example.org`, role]);
      return (await db.tx((q) => createSession(q, { userId: id, siteId, kind: 'login', now: new Date() }))).token;
    };
    const admin = await once(access('operator'), { headers: { 'x-furrow-key': site.key, authorization: `Bearer ${await tokenOf('admin', site.id)}` } });
    assert.equal(admin.status, 403);
    const operator = await tokenOf('operator', null);
    assert.equal((await once(access('operator'), { headers: { authorization: `Bearer ${operator}` } })).status, 200);
    assert.equal((await once(access('operator'), { headers: { 'x-furrow-key': site.key, authorization: `Bearer ${operator}` } })).status, 200);
  });
});

describe('stage: rate limit', () => {
  test('token bucket: `limit` at once, then 429 with Retry-After, refilled over time; false turns it off', () => {
    let now = 0;
    const limit = createWriteLimiter(3, () => now);
    for (let i = 0; i < 3; i++) limit('u:a');
    assert.throws(() => limit('u:a'), (e: HttpError) => e.status === 429 && e.headers?.['retry-after'] === '20');
    limit('u:b'); // buckets are per principal
    now += 20_000; // one token back
    limit('u:a');
    assert.throws(() => limit('u:a'));
    const off = createWriteLimiter(false);
    for (let i = 0; i < 1000; i++) off('u:a');
  });
});

describe('stage: validate', () => {
  test('400 validation_failed naming each bad field, prefixed by where it came from; NUL refused by name', () => {
    const schema = z.object({ title: z.string().min(1), n: z.number().int() });
    assert.throws(() => validate(schema, { title: '', n: 1.5 }, 'body'), (e: HttpError) =>
      e.status === 400 && e.code === ERROR_CODES.validation && e.details!.some((d) => d.path.join('.') === 'body.title') && e.details!.some((d) => d.path.join('.') === 'body.n'));
    assert.throws(() => validate(schema, { title: 'a\u0000b', n: 1 }, 'body'), (e: HttpError) => e.message.startsWith('body.title:'));
    assert.deepEqual(validate(schema, { title: 'ok', n: 2 }, 'body'), { title: 'ok', n: 2 });
  });
  test('params and query of a table route', () => {
    const route = routes['courses.list'] as RouteSpec;
    const { query } = validateRequest(route, {}, 'limit=5');
    assert.equal((query as { limit: number }).limit, 5);
    assert.throws(() => validateRequest(route, {}, 'limit=-3'), (e: HttpError) => e.details!.some((d) => d.path[0] === 'query'));
  });
});

describe('stage: body', () => {
  const route = (r: Partial<RouteSpec>) => ({ method: 'POST', path: '/x', ...r }) as RouteSpec;
  const read = (r: RouteSpec) => async (req: IncomingMessage, res: ServerResponse) => {
    const got = await readRouteBody(req, r, 64);
    sendJson(req, res, 200, JSON.stringify({ body: got.body ?? null, raw: got.rawBody?.toString() ?? null }));
  };
  test('JSON validated against the schema; 415 for another type; 400 malformed; 413 past the limit', async () => {
    const r = route({ body: z.object({ a: z.number() }) });
    const ok = await once(read(r), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.deepEqual(JSON.parse(ok.text).body, { a: 1 });
    assert.equal((await once(read(r), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"a":1}' })).status, 415);
    assert.equal(JSON.parse((await once(read(r), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' })).text).error.code, ERROR_CODES.malformedJson);
    assert.equal((await once(read(r), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 1, pad: 'x'.repeat(100) }) })).status, 413);
  });
  test('raw bodies keep their bytes and refuse other content types', async () => {
    const r = route({ rawBody: { contentTypes: ['image/png'], maxBytes: 10 } } as Partial<RouteSpec>);
    assert.equal(JSON.parse((await once(read(r), { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'PNGDATA' })).text).raw, 'PNGDATA');
    assert.equal((await once(read(r), { method: 'POST', headers: { 'content-type': 'image/gif' }, body: 'GIF' })).status, 415);
  });
});

describe('stage: cache', () => {
  test('only anonymous public catalog GETs are cacheable; a stored answer is served with an ETag and 304s', async () => {
    const list = routes['courses.list'] as RouteSpec;
    assert.equal(isCacheable(list, { user: null }), true);
    assert.equal(isCacheable(list, { user: { id: 'u' } as never }), false);
    assert.equal(isCacheable(routes['me.retrieve'] as RouteSpec, { user: null }), false);
    const cache = new CatalogCache(db, 60_000);
    await cache.start();
    try {
      let handlerRuns = 0;
      const stage: Stage = (req, res) => {
        const c = catalogCacheStage(req, res, list, { user: null, site: null }, cache);
        if (c.hit()) return;
        handlerRuns++;
        c.store(200, JSON.stringify({ data: [], nextCursor: null }));
      };
      const first = await once(stage, { path: '/v1/courses' });
      const second = await once(stage, { path: '/v1/courses' });
      assert.equal(handlerRuns, 1);
      assert.equal(first.headers.get('etag'), second.headers.get('etag'));
      assert.equal((await once(stage, { path: '/v1/courses', headers: { 'if-none-match': first.headers.get('etag')! } })).status, 304);
    } finally {
      cache.stop();
    }
  });
});

describe('stage: idempotency', () => {
  const route = { method: 'POST', idempotent: true };
  const req = (key?: string) => ({ method: 'POST', url: '/v1/x', headers: key ? { 'idempotency-key': key } : {} });
  const who = { userId: null, siteId: site.id };
  test('no key: nothing to do; a finished key replays its answer; a refusal replays too; a crash releases it', async () => {
    assert.equal((await beginIdempotent(db, req(), route, 'x.create', who, {})).kind, 'none');
    const first = await beginIdempotent(db, req('k1'), route, 'x.create', who, { a: 1 });
    assert.equal(first.kind, 'run');
    await finishIdempotent((first as Extract<Awaited<ReturnType<typeof beginIdempotent>>, { kind: 'run' }>).run, { status: 201, body: '{"id":"1"}' });
    const again = await beginIdempotent(db, req('k1'), route, 'x.create', who, { a: 1 });
    assert.deepEqual(again, { kind: 'replay', response: { status: 201, body: '{"id":"1"}' } });
    const refused = await beginIdempotent(db, req('k2'), route, 'x.create', who, {});
    await finishIdempotent((refused as Extract<Awaited<ReturnType<typeof beginIdempotent>>, { kind: 'run' }>).run, { error: new HttpError(409, 'conflict', 'taken'), requestId: 'r1' });
    const replayed = await beginIdempotent(db, req('k2'), route, 'x.create', who, {});
    assert.equal(replayed.kind === 'replay' && replayed.response.status, 409);
    const crashed = await beginIdempotent(db, req('k3'), route, 'x.create', who, {});
    await finishIdempotent((crashed as Extract<Awaited<ReturnType<typeof beginIdempotent>>, { kind: 'run' }>).run, { error: new Error('boom'), requestId: 'r2' });
    assert.equal((await beginIdempotent(db, req('k3'), route, 'x.create', who, {})).kind, 'run');
  });
  test('the same key with another body is refused; a key over 200 characters is refused by name', async () => {
    const r = await beginIdempotent(db, req('k4'), route, 'x.create', who, { a: 1 });
    await finishIdempotent((r as Extract<Awaited<ReturnType<typeof beginIdempotent>>, { kind: 'run' }>).run, { status: 201, body: '{}' });
    await assert.rejects(beginIdempotent(db, req('k4'), route, 'x.create', who, { a: 2 }), (e: HttpError) => e.status >= 400 && e.status < 500);
    await assert.rejects(beginIdempotent(db, req('x'.repeat(201)), route, 'x.create', who, {}), (e: HttpError) => e.details![0].path.join('.') === 'headers.idempotency-key');
  });
});

describe('stage: respond', () => {
  test('errors in the one shape; database value errors are 400; anything else a 500 that hides the cause', async () => {
    const logger = quietLogger();
    const r = await once((req, res) => sendError(req, res, 'rid1', new HttpError(404, 'not_found', 'No such course', [{ path: ['params', 'id'], message: 'x' }]), logger));
    assert.deepEqual(JSON.parse(r.text), { error: { code: 'not_found', message: 'No such course', details: [{ path: ['params', 'id'], message: 'x' }], requestId: 'rid1' } });
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.match(r.headers.get('content-security-policy')!, /default-src 'none'/);
    const fakeReq = { method: 'GET', url: '/' } as IncomingMessage;
    assert.equal(toHttpError(fakeReq, 'r', Object.assign(new Error('x'), { code: '22P05' }), logger).status, 400);
    const hidden = toHttpError(fakeReq, 'r', new Error('password=hunter2 at db.ts:12'), logger);
    assert.equal(hidden.status, 500);
    assert.doesNotMatch(hidden.message, /hunter2/);
  });
  test('raw answers keep their headers; cached answers carry an ETag per encoding', async () => {
    const raw = await once((req, res) => sendRaw(req, res, new RawResponse(200, '<p>hi</p>', { 'Content-Type': 'text/html' })));
    assert.equal(raw.text, '<p>hi</p>');
    assert.equal(raw.headers.get('cache-control'), 'no-store');
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(4000) }));
    const stage: Stage = (req, res) => sendCached(req, res, 200, big, '"v1"');
    const br = await once(stage, { headers: { 'accept-encoding': 'br' } });
    const plain = await once(stage, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(br.headers.get('etag'), '"v1-br"');
    assert.equal(plain.headers.get('etag'), '"v1"');
  });
});

describe('stage: compress', () => {
  test('prefers brotli, then gzip, honours q=0; bodies round-trip', async () => {
    const enc = (h: string) => negotiateEncoding({ headers: { 'accept-encoding': h } } as IncomingMessage);
    assert.equal(enc('gzip, deflate, br'), 'br');
    assert.equal(enc('gzip'), 'gzip');
    assert.equal(enc('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(enc('*;q=0'), null);
    const body = Buffer.from('खेती '.repeat(500));
    assert.deepEqual(brotliDecompressSync(compressBody(body, 'br')), body);
    assert.deepEqual(gunzipSync(compressBody(body, 'gzip')), body);
    const r = await once((req, res) => sendJson(req, res, 200, body), { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.headers.get('vary'), 'Accept-Encoding');
    assert.equal(r.text, body.toString()); // fetch decodes
  });
});
