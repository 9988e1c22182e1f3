import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createFurrow, errorFromResponse, errorFromThrown, FurrowError, FurrowHttpError, FurrowNetworkError,
  FurrowTimeoutError, FurrowValidationError, isFurrowError, isTransient,
} from '@furrow/sdk';
import { errBody, json, serve } from './helpers.js';

const at = { method: 'GET', url: 'http://x/v1/courses' };
const h = (o: Record<string, string> = {}) => new Headers(o);

test('status → error class table', () => {
  const table: Array<[number, typeof FurrowError, boolean]> = [
    [400, FurrowHttpError, false], [401, FurrowHttpError, false], [403, FurrowHttpError, false],
    [404, FurrowHttpError, false], [409, FurrowHttpError, false], [422, FurrowHttpError, false],
    [408, FurrowHttpError, true], [429, FurrowHttpError, true], [500, FurrowHttpError, true],
    [501, FurrowHttpError, false], [502, FurrowHttpError, true], [503, FurrowHttpError, true], [504, FurrowHttpError, true],
    [599, FurrowHttpError, true],
    // Statuses outside 4xx/5xx are unexpected: the base class, never a subclass.
    [302, FurrowError, false], [101, FurrowError, false], [304, FurrowError, false], [600, FurrowError, false],
  ];
  for (const [status, cls, transient] of table) {
    const e = errorFromResponse(status, JSON.stringify(errBody('not_found', 'gone')), h(), at);
    assert.equal(e.constructor, cls, `status ${status}`);
    assert.equal(e.status, status);
    assert.equal(e.code, 'not_found');
    assert.equal(e.requestId, 'req_err');
    assert.equal(isTransient(e), transient, `transient ${status}`);
    assert.match(e.message, /GET http:\/\/x\/v1\/courses/);
  }
});

test('idempotency_key_in_flight 409 is transient, other 409s are not', () => {
  assert.equal(isTransient(errorFromResponse(409, JSON.stringify(errBody('idempotency_key_in_flight')), h(), at)), true);
  assert.equal(isTransient(errorFromResponse(409, JSON.stringify(errBody('slot_taken')), h(), at)), false);
});

test('unknown codes are accepted; a non-Furrow body keeps the status and says why', () => {
  const e = errorFromResponse(418, JSON.stringify(errBody('brand_new_code')), h(), at);
  assert.equal(e.code, 'brand_new_code');
  const html = errorFromResponse(502, '<html>Bad gateway</html>', h({ 'x-request-id': 'req_proxy' }), at);
  assert.ok(html instanceof FurrowHttpError);
  assert.equal(html.code, 'unknown_error');
  assert.equal(html.requestId, 'req_proxy');
  assert.ok(html.cause instanceof FurrowValidationError);
  const partial = errorFromResponse(400, JSON.stringify({ error: { code: 'x', message: 'y' } }), h(), at);
  assert.equal((partial.cause as FurrowValidationError).path, '$.error.requestId');
});

test('Retry-After in seconds and as a date', () => {
  const e = errorFromResponse(503, '{}', h({ 'retry-after': '2' }), at) as FurrowHttpError;
  assert.equal(e.retryAfter, 2000);
  const d = errorFromResponse(429, '{}', h({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }), at) as FurrowHttpError;
  assert.ok(d.retryAfter! > 3000 && d.retryAfter! <= 5000);
});

test('thrown errors: timeout, network, abort passes through', () => {
  const t = errorFromThrown(Object.assign(new Error('t'), { name: 'TimeoutError' }), at);
  assert.ok(t instanceof FurrowTimeoutError);
  assert.equal((t as FurrowError).code, 'timeout');
  const n = errorFromThrown(new TypeError('fetch failed'), at);
  assert.ok(n instanceof FurrowNetworkError);
  assert.equal((n as FurrowError).status, 0);
  const abort = new DOMException('x', 'AbortError');
  assert.equal(errorFromThrown(abort, at), abort);
});

test('toJSON and realm-safe isFurrowError', () => {
  const e = errorFromResponse(404, JSON.stringify(errBody('not_found')), h(), at);
  const j = JSON.parse(JSON.stringify(e));
  assert.deepEqual(Object.keys(j).sort(), ['code', 'message', 'method', 'name', 'requestId', 'status', 'url']);
  assert.equal(j.name, 'FurrowHttpError');
  assert.equal(isFurrowError(e), true);
  assert.equal(isFurrowError(new Error('x')), false);
  assert.equal(isFurrowError(null), false);
  // What a second copy of the SDK (or another realm) produces: same registry symbol.
  assert.equal(isFurrowError({ [Symbol.for('furrow.error')]: true }), true);
});

test('every class has a fixed name, kept by toJSON (minifiers rename the classes themselves)', () => {
  const init = { ...at, status: 0 };
  const table: Array<[FurrowError, string]> = [
    [new FurrowError('x', { ...init, code: 'unknown_error' }), 'FurrowError'],
    [new FurrowHttpError('x', { ...init, status: 500, code: 'internal_error' }), 'FurrowHttpError'],
    [new FurrowNetworkError('x', init), 'FurrowNetworkError'],
    [new FurrowTimeoutError('x', init), 'FurrowTimeoutError'],
    [new FurrowValidationError('x', { ...init, path: '$' }), 'FurrowValidationError'],
  ];
  for (const [e, name] of table) {
    assert.equal(e.name, name);
    assert.equal(e.toJSON().name, name);
    assert.ok(String(e.stack).startsWith(`${name}: x`), String(e.stack).split('\n')[0]);
  }
  // A partner's subclass that sets no name of its own says what it is at least.
  class MyError extends FurrowHttpError {}
  assert.equal(new MyError('x', { status: 400, code: 'x' }).name, 'FurrowHttpError');
});

test('end to end: the client throws typed errors naming method and URL', async () => {
  const s = await serve((req, res) => json(res, 404, errBody('not_found', 'No such course')));
  try {
    const c = createFurrow({ baseUrl: s.url, publishableKey: 'pk_test_x', retry: 0 });
    const err = await c.courses.retrieve('abc').catch((e: unknown) => e);
    assert.ok(err instanceof FurrowHttpError);
    assert.equal(err.status, 404);
    assert.equal(err.message, `GET ${s.url}/v1/courses/abc failed with 404 not_found: No such course`);
  } finally {
    await s.close();
  }
});

test('malformed success bodies → FurrowValidationError naming the JSON path', async () => {
  const bodies: Array<[string, string]> = [
    ['not json', '$'],
    ['[]', '$'],
    ['{"data":"x","nextCursor":null}', '$.data'],
    ['{"data":[{"id":1}],"nextCursor":null}', '$.data[0].id'],
    ['{"data":[],"nextCursor":5}', '$.nextCursor'],
    ['{"data":[null],"nextCursor":null}', '$.data[0]'],
  ];
  let i = 0;
  const s = await serve((req, res) => json(res, 200, bodies[i++][0]));
  try {
    const c = createFurrow({ baseUrl: s.url, publishableKey: 'pk_test_x', retry: 0 });
    for (const [, path] of bodies) {
      const err = await c.courses.list().catch((e: unknown) => e);
      assert.ok(err instanceof FurrowValidationError, String(err));
      assert.equal(err.path, path);
      assert.equal(err.code, 'invalid_response');
    }
    const ok = createFurrow({ baseUrl: s.url, publishableKey: 'pk_test_x' });
    void ok;
  } finally {
    await s.close();
  }
});
