import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routes } from '@furrow/schema';
import { clientPath, createFurrow, ROUTE_TABLE } from '@furrow/sdk';
import { computeTable, EXCLUDED } from '../../scripts/route-table.js';

/** Walks the client and returns operation id → dotted method path. */
function reachable(node: object, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(node)) {
    const path = prefix + k;
    if (typeof v === 'function' && typeof (v as { operationId?: string }).operationId === 'string') {
      out.set((v as { operationId: string }).operationId, path);
    } else if (typeof v === 'object' && v !== null && k !== 'outbox') reachable(v, path + '.', out);
  }
  return out;
}

test('every route of the schema (but system and webhooks) is a client method', (t) => {
  const client = createFurrow({ baseUrl: 'http://127.0.0.1:9', publishableKey: 'pk_test_x' });
  const map = reachable(client);
  const expected = Object.keys(routes).filter((id) => !EXCLUDED(id));
  assert.ok(expected.length > 90, `only ${expected.length} routes?`);
  const missing = expected.filter((id) => !map.has(id));
  assert.deepEqual(missing, []);
  for (const id of expected) assert.equal(map.get(id), clientPath(id as never), id);
  assert.equal(map.size, expected.length, 'no extra operations');
  for (const id of Object.keys(routes).filter(EXCLUDED)) assert.equal(map.has(id), false, id);
  t.diagnostic(`${map.size} operations: ${[...map].map(([id, m]) => `${id}→${m}`).join(', ')}`);
  client.close();
});

test('the runtime route table equals a projection of the schema routes', () => {
  assert.deepEqual(ROUTE_TABLE, computeTable());
});

test('resources are grouped by domain', () => {
  const c = createFurrow({ baseUrl: 'http://127.0.0.1:9', publishableKey: 'pk_test_x' });
  for (const r of ['courses', 'lessons', 'articles', 'videos', 'enrollments', 'progress', 'quizzes', 'rewards', 'certificates',
    'roadmaps', 'reviews', 'questions', 'checkout', 'bookings', 'notifications', 'auth', 'products', 'purchases', 'groups', 'materials']) {
    assert.equal(typeof (c as unknown as Record<string, unknown>)[r], 'object', r);
  }
  assert.equal(typeof c.bookings.slots.list, 'function');
  assert.equal(typeof c.auth.me.retrieve, 'function');
  assert.equal(typeof c.rewards.streak, 'function');
  assert.equal(typeof c.lessons.download, 'function');
  c.close();
});

test('path parameters are required and encoded', async () => {
  const c = createFurrow({ baseUrl: 'http://127.0.0.1:9', publishableKey: 'pk_test_x' });
  assert.throws(() => c.courses.retrieve(''), /courses.retrieve: "id" must be a non-empty string/);
  assert.throws(() => c.progress.flag({ id: 'a' } as never, { status: 'flagged' } as never), /"userId"/);
  c.close();
});
