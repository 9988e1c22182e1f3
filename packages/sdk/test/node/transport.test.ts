import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFurrow, FurrowNetworkError, FurrowTimeoutError, type FurrowOptions } from '@furrow/sdk';
import { ID } from './helpers.js';

const PAGE = { data: [], nextCursor: null };

/** A `fetch` that records each call (input kind, signal) and answers with `answer`. */
function spyFetch(answer: (n: number, signal: AbortSignal | undefined) => Promise<Response>) {
  const calls: Array<{ url: string; signal: AbortSignal | undefined; request: boolean; key: string | null }> = [];
  const fn: typeof fetch = (input, init) => {
    const request = input instanceof Request;
    const signal = init?.signal ?? (request ? input.signal : undefined);
    const key = new Headers(request ? input.headers : init?.headers).get('idempotency-key');
    calls.push({ url: request ? input.url : String(input), signal, request, key });
    return answer(calls.length, signal ?? undefined);
  };
  return { calls, fn };
}
const ok = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const base = (o: Partial<FurrowOptions>) => createFurrow({ baseUrl: 'http://127.0.0.1:9', publishableKey: 'pk_test_x', ...o });

test('the first attempt leaves inside the caller’s call: fetch runs before the method returns', async () => {
  const spy = spyFetch(() => ok({ ...PAGE, id: ID }));
  const c = base({ fetch: spy.fn });
  // No await, no microtask between the call and the check.
  const list = c.courses.list({ limit: 1 });
  assert.equal(spy.calls.length, 1, 'courses.list called fetch synchronously');
  const one = c.courses.retrieve(ID);
  assert.equal(spy.calls.length, 2, 'courses.retrieve called fetch synchronously');
  const write = c.enrollments.create(ID);
  assert.equal(spy.calls.length, 3, 'a creating POST called fetch synchronously');
  await Promise.all([list, one, write]);
  // ky took over those attempts: no second request was made for any of them.
  assert.equal(spy.calls.length, 3);
  assert.equal(spy.calls[0].url, 'http://127.0.0.1:9/v1/courses?limit=1');
});

test('retries are ky’s own requests with the same URL and Idempotency-Key', async () => {
  const err = { error: { code: 'internal_error', message: 'busy', requestId: 'r' } };
  const spy = spyFetch((n) => (n < 3 ? ok(err, 503) : ok({ id: ID }, 201)));
  await base({ fetch: spy.fn, retry: { limit: 2, backoffLimit: 10 } }).enrollments.create(ID);
  assert.equal(spy.calls.length, 3);
  assert.deepEqual(spy.calls.map((x) => x.request), [false, true, true], 'attempt 1 is the early fetch, 2 and 3 are ky’s Requests');
  assert.ok(spy.calls.every((x) => x.url === spy.calls[0].url));
  assert.match(String(spy.calls[0].key), /^[0-9a-f-]{32,36}$/);
  assert.ok(spy.calls.every((x) => x.key === spy.calls[0].key), 'one Idempotency-Key on every attempt');
});

test('ky’s timeout aborts the early attempt; the caller’s abort does too', async () => {
  const hang = (_: number, signal: AbortSignal | undefined) =>
    new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
  const t = spyFetch(hang);
  await assert.rejects(base({ fetch: t.fn, retry: 0, timeout: 50 }).courses.list(), FurrowTimeoutError);
  assert.equal(t.calls[0].signal?.aborted, true, 'the timed-out attempt was aborted, not left running');

  const a = spyFetch(hang);
  const ac = new AbortController();
  const p = base({ fetch: a.fn }).courses.list({}, { signal: ac.signal });
  ac.abort();
  await assert.rejects(p, (e: Error) => e.name === 'AbortError');
  assert.equal(a.calls.length, 1, 'not retried');
  assert.equal(a.calls[0].signal?.aborted, true);

  // Already aborted before the call: nothing is sent.
  const before = spyFetch(hang);
  await assert.rejects(base({ fetch: before.fn }).courses.list({}, { signal: AbortSignal.abort() }), (e: Error) => e.name === 'AbortError');
  assert.equal(before.calls.length, 0);
});

test('no answer while navigator.onLine is false: one attempt, FurrowNetworkError', async () => {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true, writable: true });
  try {
    const spy = spyFetch(() => Promise.reject(new TypeError('fetch failed')));
    const t0 = Date.now();
    const e = await base({ fetch: spy.fn, retry: { limit: 3, backoffLimit: 1000 } }).courses.list().catch((x: unknown) => x);
    assert.ok(e instanceof FurrowNetworkError, String(e));
    assert.equal(spy.calls.length, 1);
    assert.ok(Date.now() - t0 < 500);
    // An HTTP answer is an answer: a 503 is still retried while "offline".
    const busy = spyFetch((n) => ok(n < 2 ? { error: { code: 'internal_error', message: 'x', requestId: 'r' } } : PAGE, n < 2 ? 503 : 200));
    assert.deepEqual(await base({ fetch: busy.fn, retry: { limit: 2, backoffLimit: 5 } }).courses.list(), PAGE);
    assert.equal(busy.calls.length, 2);
  } finally {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete (globalThis as { navigator?: unknown }).navigator;
  }
});
