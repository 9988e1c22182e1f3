import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';

/** A raw request (fetch would add Accept-Encoding and decode on its own). */
function raw(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

for (const kind of dbKinds()) {
  describe(`HTTP pipeline (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind, { bodyLimitBytes: 4096 });
    });
    after(() => s.close());

    it('GET /healthz reports the database', async () => {
      const r = await s.request('GET', '/healthz', { key: null });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { ok: true, database: kind, version: r.body.version });
    });

    it('serves an OpenAPI 3.1 document generated from the route table', async () => {
      const r = await s.request('GET', '/v1/openapi.json', { key: null });
      assert.equal(r.status, 200);
      assert.equal(r.body.openapi, '3.1.0');
      assert.ok(r.body.paths['/v1/courses'].get);
      assert.ok(r.body.paths['/v1/courses/{id}'].get.parameters.some((p: { name: string; in: string }) => p.name === 'id' && p.in === 'path'));
    });

    it('answers an unknown route with 404 in the error shape', async () => {
      const e = expectError(await s.request('GET', '/v1/nothing-here'), 404, 'route_not_found');
      assert.match(e.message, /GET \/v1\/nothing-here/);
    });

    it('answers a wrong method with 405 and Allow', async () => {
      const r = await s.request('DELETE', '/v1/courses');
      expectError(r, 405, 'method_not_allowed');
      assert.match(r.headers.get('allow') ?? '', /GET/);
    });

    it('refuses a missing publishable key with 401', async () => {
      expectError(await s.request('GET', '/v1/courses', { key: null }), 401, 'missing_publishable_key');
    });

    it('refuses an unknown key with 401', async () => {
      expectError(await s.request('GET', '/v1/courses', { key: 'pk_test_nope' }), 401, 'invalid_key');
    });

    it('refuses a publishable key used from an origin it does not allow, with no CORS grant', async () => {
      const r = await s.request('GET', '/v1/courses', { headers: { origin: 'https://evil.example' } });
      expectError(r, 403, 'origin_not_allowed');
      assert.equal(r.headers.get('access-control-allow-origin'), null);
    });

    it('grants CORS to an allowed origin and exposes the request id', async () => {
      const r = await s.request('GET', '/v1/courses?limit=1', { headers: { origin: 'http://localhost:5173' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      assert.match(r.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);
      assert.match(r.headers.get('vary') ?? '', /Origin/);
    });

    it('answers preflights for allowed origins only', async () => {
      const ok = await fetch(`${s.url}/v1/courses`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-furrow-key' },
      });
      assert.equal(ok.status, 204);
      assert.match(ok.headers.get('access-control-allow-headers') ?? '', /X-Furrow-Key/);
      const bad = await fetch(`${s.url}/v1/courses`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
      assert.equal(bad.status, 403);
      assert.equal(bad.headers.get('access-control-allow-origin'), null);
    });

    it('sets security headers on API answers, errors included', async () => {
      for (const r of [await s.request('GET', '/v1/courses?limit=1'), await s.request('GET', '/v1/nope')]) {
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
        assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
        assert.match(r.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{16}$/);
      }
    });

    it('echoes a sane incoming X-Request-Id and replaces an unsafe one', async () => {
      const r = await s.request('GET', '/v1/nope', { headers: { 'x-request-id': 'abc-123' } });
      assert.equal(r.body.error.requestId, 'abc-123');
      const r2 = await s.request('GET', '/v1/nope', { headers: { 'x-request-id': 'a b<script>' } });
      assert.match(r2.body.error.requestId, /^req_/);
    });

    it('names the bad query field in a 400', async () => {
      const e = expectError(await s.request('GET', '/v1/courses?limit=1000'), 400, 'validation_failed');
      assert.deepEqual(e.details?.[0].path, ['query', 'limit']);
      const e2 = expectError(await s.request('GET', '/v1/courses?category=rocks'), 400, 'validation_failed');
      assert.deepEqual(e2.details?.[0].path, ['query', 'category']);
    });

    it('names the bad path parameter in a 400', async () => {
      const e = expectError(await s.request('GET', '/v1/courses/not-a-uuid'), 400, 'validation_failed');
      assert.deepEqual(e.details?.[0].path, ['params', 'id']);
    });

    it('refuses malformed JSON, wrong content types and oversized bodies', async () => {
      expectError(await s.request('POST', '/v1/auth/login', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
      expectError(await s.request('POST', '/v1/auth/login', { rawBody: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
      expectError(await s.request('POST', '/v1/auth/login', { body: { email: 'a@b.co', password: 'x'.repeat(5000) } }), 413, 'payload_too_large');
    });

    it('names the bad body field in a 400', async () => {
      const e = expectError(await s.request('POST', '/v1/auth/signup', { body: { email: 'not-an-email', password: 'longenough', name: 'A' } }), 400, 'validation_failed');
      assert.deepEqual(e.details?.[0].path, ['body', 'email']);
    });

    it('answers a missing body on a body route with a 400, not a 500', async () => {
      expectError(await s.request('POST', '/v1/auth/login'), 400, 'validation_failed');
    });

    it('replies 304 to a matching If-None-Match on the catalog', async () => {
      const first = await s.request('GET', '/v1/courses?limit=2');
      const etag = first.headers.get('etag');
      assert.ok(etag);
      const second = await s.request('GET', '/v1/courses?limit=2', { headers: { 'if-none-match': etag! } });
      assert.equal(second.status, 304);
    });

    it('compresses large GET responses as the client accepts (br, then gzip), never errors', async () => {
      const key = { 'x-furrow-key': s.publishableKey };
      const url = `${s.url}/v1/openapi.json`;
      const plain = await raw(url, 'GET', key);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.match(String(plain.headers.vary), /Accept-Encoding/);
      const json = JSON.parse(plain.body.toString('utf8'));
      assert.ok(plain.body.length > 1024);

      const br = await raw(url, 'GET', { ...key, 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(Number(br.headers['content-length']), br.body.length);
      assert.ok(br.body.length < plain.body.length / 3, `${br.body.length} vs ${plain.body.length}`);
      assert.deepEqual(JSON.parse(brotliDecompressSync(br.body).toString('utf8')), json);

      const gz = await raw(url, 'GET', { ...key, 'accept-encoding': 'br;q=0, gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.deepEqual(JSON.parse(gunzipSync(gz.body).toString('utf8')), json);

      const none = await raw(url, 'GET', { ...key, 'accept-encoding': 'identity, *;q=0' });
      assert.equal(none.headers['content-encoding'], undefined);
      assert.equal(none.body.length, plain.body.length);

      // Small bodies and errors go out as they are.
      const small = await raw(`${s.url}/healthz`, 'GET', { 'accept-encoding': 'br' });
      assert.equal(small.headers['content-encoding'], undefined);
      const err = await raw(`${s.url}/v1/nothing-here`, 'GET', { ...key, 'accept-encoding': 'br' });
      assert.equal(err.status, 404);
      assert.equal(err.headers['content-encoding'], undefined);
    });

    it('gives each encoding of a cached catalog page its own ETag, and 304s each', async () => {
      const key = { 'x-furrow-key': s.publishableKey };
      const url = `${s.url}/v1/courses?limit=50`;
      const plain = await raw(url, 'GET', key);
      assert.equal(plain.status, 200);
      assert.ok(plain.body.length >= 1024, 'the demo catalog page is big enough to compress');
      const br = await raw(url, 'GET', { ...key, 'accept-encoding': 'br' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.notEqual(br.headers.etag, plain.headers.etag);
      assert.equal((await raw(url, 'GET', { ...key, 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) })).status, 304);
      assert.equal((await raw(url, 'GET', { ...key, 'if-none-match': String(plain.headers.etag) })).status, 304);
      // A plain ETag does not validate the brotli body, or the other way round.
      assert.equal((await raw(url, 'GET', { ...key, 'accept-encoding': 'br', 'if-none-match': String(plain.headers.etag) })).status, 200);
    });
  });
}
