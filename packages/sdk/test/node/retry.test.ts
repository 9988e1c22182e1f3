import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFurrow, FurrowHttpError, FurrowNetworkError, FurrowTimeoutError, type FurrowOptions } from '@furrow/sdk';
import { errBody, ID, json, serve, type Handler } from './helpers.js';

const PAGE = { data: [], nextCursor: null };
const COURSE = { id: ID, title: 'Soil' };

async function withServer(handler: Handler, fn: (url: string, seen: Awaited<ReturnType<typeof serve>>['seen']) => Promise<void>) {
  const s = await serve(handler);
  try {
    await fn(s.url, s.seen);
  } finally {
    await s.close();
  }
}
const client = (url: string, o: Partial<FurrowOptions> = {}) =>
  createFurrow({ baseUrl: url, publishableKey: 'pk_test_x', retry: { limit: 2, backoffLimit: 40 }, ...o });
const fail503: Handler = (req, res, n) => (n < 3 ? json(res, 503, errBody('internal_error')) : json(res, 200, req.method === 'GET' ? PAGE : COURSE));

test('GET retries 5xx and succeeds', () =>
  withServer(fail503, async (url, seen) => {
    assert.deepEqual(await client(url).courses.list(), PAGE);
    assert.equal(seen.length, 3);
  }));

test('retry: 0 disables retries', () =>
  withServer(fail503, async (url, seen) => {
    await assert.rejects(client(url, { retry: 0 }).courses.list(), FurrowHttpError);
    assert.equal(seen.length, 1);
  }));

test('a POST without idempotency (login) is never retried', () =>
  withServer(fail503, async (url, seen) => {
    await assert.rejects(client(url).auth.login({ email: 'a@x.in', password: 'x' }), (e: FurrowHttpError) => e.status === 503);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers['idempotency-key'], undefined);
  }));

test('PATCH is never retried', () =>
  withServer(fail503, async (url, seen) => {
    await assert.rejects(client(url).courses.update(ID, { title: 'x' }), FurrowHttpError);
    assert.equal(seen.length, 1);
  }));

test('a creating POST gets an Idempotency-Key and is retried with the same key', () =>
  withServer(fail503, async (url, seen) => {
    const c = await client(url).courses.create({ title: 'Soil' } as never);
    assert.deepEqual(c, COURSE);
    assert.equal(seen.length, 3);
    const keys = seen.map((s) => s.headers['idempotency-key']);
    assert.match(String(keys[0]), /^[0-9a-f-]{32,36}$/);
    assert.ok(keys.every((k) => k === keys[0]));
  }));

test('a caller-chosen idempotency key is used; each call gets a fresh one otherwise', () =>
  withServer((req, res) => json(res, 201, COURSE), async (url, seen) => {
    const c = client(url);
    await c.enrollments.create(ID, { idempotencyKey: 'order-42' });
    await c.enrollments.create(ID);
    await c.enrollments.create(ID);
    assert.equal(seen[0].headers['idempotency-key'], 'order-42');
    assert.notEqual(seen[1].headers['idempotency-key'], seen[2].headers['idempotency-key']);
  }));

test('4xx is not retried', () =>
  withServer((req, res) => json(res, 400, errBody('validation_failed')), async (url, seen) => {
    await assert.rejects(client(url).courses.list(), (e: FurrowHttpError) => e.code === 'validation_failed');
    assert.equal(seen.length, 1);
  }));

test('Retry-After is honoured (seconds)', () =>
  withServer(
    (req, res, n) => (n === 1 ? json(res, 503, errBody('internal_error'), { 'retry-after': '1' }) : json(res, 200, PAGE)),
    async (url, seen) => {
      await client(url).courses.list();
      assert.equal(seen.length, 2);
      assert.ok(seen[1].at - seen[0].at >= 950, `waited ${seen[1].at - seen[0].at} ms`);
    },
  ));

test('429 with Retry-After is retried; a Retry-After beyond maxRetryAfter fails at once', () =>
  withServer(
    (req, res, n) => json(res, 429, errBody('rate_limited'), { 'retry-after': n === 1 ? '0' : '120' }),
    async (url, seen) => {
      const t0 = Date.now();
      const err = await client(url).courses.list().catch((e: FurrowHttpError) => e);
      assert.ok(err instanceof FurrowHttpError);
      assert.equal(err.retryAfter, 120_000);
      assert.equal(seen.length, 2);
      assert.ok(Date.now() - t0 < 2000);
    },
  ));

test('backoff is capped by backoffLimit', () =>
  withServer((req, res) => json(res, 500, errBody('internal_error')), async (url, seen) => {
    const t0 = Date.now();
    await assert.rejects(client(url, { retry: { limit: 4, backoffLimit: 20 } }).courses.list(), FurrowHttpError);
    assert.equal(seen.length, 5);
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
  }));

test('a dropped connection is retried for GET, not for login', () =>
  withServer(
    (req, res, n) => void (n % 2 === 1 ? res.socket?.destroy() : json(res, 200, PAGE)),
    async (url, seen) => {
      assert.deepEqual(await client(url).courses.list(), PAGE);
      assert.equal(seen.length, 2);
      await assert.rejects(client(url).auth.login({ email: 'a@x.in', password: 'x' }), (e: FurrowNetworkError) => e instanceof FurrowNetworkError && e.status === 0);
      assert.equal(seen.length, 3);
    },
  ));

test('timeouts: per attempt, retried for safe requests, typed', () =>
  withServer(
    (req, res) => void setTimeout(() => json(res, 200, PAGE), 300),
    async (url, seen) => {
      await assert.rejects(client(url, { retry: 0, timeout: 80 }).courses.list(), FurrowTimeoutError);
      assert.equal(seen.length, 1);
      await assert.rejects(client(url, { retry: { limit: 1, backoffLimit: 1 } }).courses.list({}, { timeout: 80 }), (e: Error) => /timed out/.test(e.message));
      assert.equal(seen.length, 3);
    },
  ));

test('abort by the caller is an AbortError, not retried', () =>
  withServer(
    (req, res) => void setTimeout(() => json(res, 200, PAGE), 300),
    async (url, seen) => {
      const ac = new AbortController();
      const pending = client(url).courses.list({}, { signal: ac.signal });
      // Abort once the server has the request (a fixed delay races a loaded machine).
      while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      ac.abort();
      await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
      assert.equal(seen.length, 1);
    },
  ));

test('headers: publishable key always, token only as Bearer, never in the URL', () =>
  withServer((req, res) => json(res, 200, req.url!.startsWith('/v1/auth') ? { token: 'tok_2', user: { id: ID } } : PAGE), async (url, seen) => {
    const c = createFurrow({ baseUrl: url + '/', publishableKey: 'pk_test_x', token: 'tok_1', locale: 'hi' });
    const changes: Array<string | null> = [];
    c.onAuthChange(({ token }) => changes.push(token));
    await c.courses.list({ q: 'soil', limit: 5, cursor: undefined });
    await c.auth.login({ email: 'a@x.in', password: 'x' });
    await c.enrollments.list();
    await c.auth.logout();
    await c.courses.list();
    assert.equal(seen[0].url, '/v1/courses?limit=5&q=soil');
    assert.ok(seen.every((s) => s.headers['x-furrow-key'] === 'pk_test_x'));
    assert.ok(seen.every((s) => !/tok_/.test(s.url)));
    assert.equal(seen[0].headers.authorization, 'Bearer tok_1');
    assert.equal(seen[0].headers['accept-language'], 'hi');
    assert.equal(seen[2].headers.authorization, 'Bearer tok_2');
    assert.equal(seen[3].headers.authorization, 'Bearer tok_2');
    assert.equal(seen[4].headers.authorization, undefined);
    assert.deepEqual(changes, ['tok_2', null]);
    assert.equal(c.getToken(), null);
  }));

test('pagination: await gives one page, for-await walks every page', () =>
  withServer(
    (req, res) => {
      const cursor = new URL(req.url, 'http://x').searchParams.get('cursor');
      const n = cursor ? Number(cursor) : 0;
      json(res, 200, { data: [{ id: `c${n}` }, { id: `c${n + 1}` }], nextCursor: n < 4 ? String(n + 2) : null });
    },
    async (url, seen) => {
      const c = client(url);
      const first = await c.courses.list({ limit: 2 });
      assert.equal(first.data.length, 2);
      assert.equal(seen.length, 1);
      const ids: string[] = [];
      for await (const course of c.courses.list({ limit: 2 })) ids.push(course.id);
      assert.deepEqual(ids, ['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
      assert.equal(seen.length, 4);
      assert.equal(seen[3].url, '/v1/courses?cursor=4&limit=2');
    },
  ));
