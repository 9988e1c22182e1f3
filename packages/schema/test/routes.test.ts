import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { buildOpenApi, routes, type RouteSpec } from '../src/index.js';

const table = Object.entries(routes) as [string, RouteSpec][];
const ACCESS = ['public', 'user', 'instructor', 'admin', 'secret', 'operator', 'signature'];
const SCOPE = ['any', 'self', 'course-instructor', 'participant', 'owner'];

// The server registers every route from this table, the SDK types from it and the OpenAPI
// document is generated from it: a mistake here is a mistake in all three.
describe('the route table', () => {
  it('has the whole API, keyed by `resource.action`', () => {
    assert.ok(table.length >= 90, `${table.length} routes`);
    for (const [id] of table) assert.match(id, /^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/, id);
  });

  it('paths are versioned under /v1 (only the liveness probe is not) and no two routes share method and path', () => {
    const seen = new Map<string, string>();
    for (const [id, r] of table) {
      if (id !== 'system.health') assert.ok(r.path.startsWith('/v1/'), `${id}: ${r.path}`);
      const key = `${r.method} ${r.path.replace(/:\w+/g, ':')}`;
      assert.equal(seen.get(key), undefined, `${id} and ${seen.get(key)} are both ${key}`);
      seen.set(key, id);
    }
  });

  it('every `:param` of a path has a params schema with exactly those keys', () => {
    for (const [id, r] of table) {
      const inPath = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
      const inSchema = r.params ? Object.keys(r.params.shape).sort() : [];
      assert.deepEqual(inSchema, inPath, id);
    }
  });

  it('bodies only where HTTP has them; a raw upload has no JSON body; idempotency only on POST', () => {
    for (const [id, r] of table) {
      if (r.method === 'GET' || r.method === 'DELETE') assert.equal(r.body, undefined, `${id} has a body`);
      if (r.rawBody) assert.equal(r.body, undefined, `${id} has a raw and a JSON body`);
      if (r.idempotent) assert.equal(r.method, 'POST', `${id} is idempotent but not a POST`);
    }
  });

  it('access and scope are known values; schemas are zod schemas', () => {
    for (const [id, r] of table) {
      assert.ok(ACCESS.includes(r.access), `${id}: access ${r.access}`);
      assert.ok(SCOPE.includes(r.scope), `${id}: scope ${r.scope}`);
      assert.ok(r.summary.trim() && r.tag.trim(), `${id}: summary and tag`);
      for (const s of [r.response, r.query, r.body, r.params]) if (s) assert.ok(s instanceof z.ZodType, id);
    }
  });

  it('the OpenAPI document has one operation per route, under its id', () => {
    const doc = buildOpenApi(routes, { serverUrl: 'https://learn.example.org' }) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId)).sort();
    assert.deepEqual(ids, table.map(([id]) => id).sort());
  });
});
