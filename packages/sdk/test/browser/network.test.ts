// Misbehaving networks, simulated with msw in front of the real server.
import { delay, http, HttpResponse, passthrough } from 'msw';
import { FurrowHttpError, FurrowNetworkError, FurrowTimeoutError, FurrowValidationError } from '@furrow/sdk';
import { client, env, msw } from './support.js';
import { deepEqual, equal, ok, rejects } from './assert.js';

const url = (path: string) => `${env!.baseUrl}${path}`;

describe('SDK on a bad network (msw)', function () {
  before(async () => {
    await msw();
  });
  afterEach(async () => {
    (await msw()).resetHandlers();
  });

  it('503 with Retry-After is retried after the wait, then succeeds', async () => {
    let calls = 0;
    const times: number[] = [];
    (await msw()).use(
      http.get(url('/v1/courses'), () => {
        times.push(performance.now());
        return ++calls === 1
          ? HttpResponse.json({ error: { code: 'internal_error', message: 'busy', requestId: 'req_x' } }, { status: 503, headers: { 'Retry-After': '1' } })
          : passthrough();
      }),
    );
    const page = await client().courses.list({ limit: 1 });
    equal(page.data.length, 1);
    equal(calls, 2);
    ok(times[1] - times[0] >= 900, `retried after ${times[1] - times[0]} ms`);
  });

  it('503 on every attempt surfaces as FurrowHttpError with retryAfter', async () => {
    let calls = 0;
    (await msw()).use(
      http.get(url('/v1/courses'), () => {
        calls++;
        return HttpResponse.json({ error: { code: 'internal_error', message: 'down', requestId: 'req_y' } }, { status: 503, headers: { 'Retry-After': '0' } });
      }),
    );
    const e = await rejects<FurrowHttpError>(client({ retry: 2 }).courses.list());
    ok(e instanceof FurrowHttpError);
    equal(e.status, 503);
    equal(e.retryAfter, 0);
    equal(e.requestId, 'req_y');
    equal(calls, 3);
  });

  it('a slow response times out with FurrowTimeoutError', async () => {
    (await msw()).use(
      http.get(url('/v1/courses'), async () => {
        await delay(2000);
        return passthrough();
      }),
    );
    const t0 = performance.now();
    const e = await rejects(client({ retry: 0 }).courses.list({}, { timeout: 200 }));
    ok(e instanceof FurrowTimeoutError, String(e));
    equal(e.code, 'timeout');
    ok(performance.now() - t0 < 1500);
  });

  it('malformed bodies become FurrowValidationError naming the path', async () => {
    const bodies = [
      () => new HttpResponse('<html>oops</html>', { headers: { 'content-type': 'text/html' } }),
      () => HttpResponse.json({ data: 'nope', nextCursor: null }),
      () => HttpResponse.json({ data: [{ id: 7 }], nextCursor: null }),
      () => HttpResponse.json({ data: [], nextCursor: 1 }),
    ];
    let i = 0;
    (await msw()).use(http.get(url('/v1/courses'), () => bodies[i++]()));
    const paths: string[] = [];
    for (let n = 0; n < bodies.length; n++) {
      const e = await rejects<FurrowValidationError>(client().courses.list());
      ok(e instanceof FurrowValidationError, String(e));
      paths.push(e.path);
    }
    deepEqual(paths, ['$', '$.data', '$.data[0].id', '$.nextCursor']);
    // A single object must be an object with a string id, too.
    (await msw()).use(http.get(url('/v1/courses/:id'), () => HttpResponse.json({ id: null })));
    const e = await rejects<FurrowValidationError>(client().courses.retrieve('x'));
    equal(e.path, '$.id');
  });

  it('a dropped connection is a FurrowNetworkError; GET retries, login does not', async () => {
    let gets = 0;
    let posts = 0;
    (await msw()).use(
      http.get(url('/v1/courses'), () => (++gets === 1 ? HttpResponse.error() : passthrough())),
      http.post(url('/v1/auth/login'), () => {
        posts++;
        return HttpResponse.error();
      }),
    );
    const page = await client().courses.list({ limit: 1 });
    equal(page.data.length, 1);
    equal(gets, 2);
    const e = await rejects(client().auth.login({ email: 'a@example.in', password: 'x' }));
    ok(e instanceof FurrowNetworkError, String(e));
    equal(e.status, 0);
    equal(posts, 1);
  });

  it('a creating POST (checkout) that cannot reach the server fails within seconds with FurrowNetworkError', async () => {
    // Reported from <furrow-checkout>: the offline message never appeared because the call
    // seemed to hang. Retries of an idempotent POST are quick, keep one Idempotency-Key, and
    // end in a network error — also with offline on (checkout is no outbox operation).
    const keys: (string | null)[] = [];
    (await msw()).use(
      http.post(url('/v1/checkout/sessions'), ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.error();
      }),
    );
    for (const offline of [false, true]) {
      keys.length = 0;
      const c = client({ token: 'tok_learner', ...(offline ? { offline: { dbName: 'furrow-net-test' } } : {}) });
      const t0 = performance.now();
      const e = await rejects(c.checkout.create({ productId: 'p_1', successUrl: 'https://coop.example/ok', cancelUrl: 'https://coop.example/no' }));
      const ms = performance.now() - t0;
      c.close();
      ok(e instanceof FurrowNetworkError, `offline=${offline}: ${String(e)}`);
      equal(e.status, 0);
      equal(e.queued, false, 'not an outbox write');
      ok(ms < 3000, `offline=${offline}: failed after ${Math.round(ms)} ms`);
      equal(keys.length, 3, 'first attempt + 2 retries');
      ok(keys[0] && keys.every((k) => k === keys[0]), `one Idempotency-Key: ${keys.join()}`);
    }
  });
});
