import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFurrow, Emitter, FurrowError, FurrowHttpError, type FurrowEvents, type OutboxEntry } from '@furrow/sdk';
import { MemoryStore, Outbox } from '@furrow/sdk/offline';
import { errBody, ID, json, serve, type Handler } from './helpers.js';

const L1 = '11111111-1111-4111-8111-111111111111';
const L2 = '22222222-2222-4222-8222-222222222222';
type Mode = 'down' | 'up' | '503' | '422' | '401' | 'lost';

async function setup() {
  let mode: Mode = 'down';
  const handler: Handler = (req, res) => {
    if (mode === 'down') return void res.socket?.destroy();
    if (mode === '503') return json(res, 503, errBody('internal_error'));
    if (mode === '401') return json(res, 401, errBody('unauthenticated'));
    if (mode === '422' && req.url.includes(L2)) return json(res, 422, errBody('validation_failed', 'Too long'));
    if (mode === 'lost') return void res.socket?.destroy(); // the server saw it; the answer never came
    json(res, 200, { id: ID, lessonId: req.url.split('/')[3] });
  };
  const s = await serve(handler);
  const client = createFurrow({ baseUrl: s.url, publishableKey: 'pk_test_x', token: 'tok', offline: true, retry: 0 });
  const events: string[] = [];
  client.on('sync:fail', ({ error }) => events.push(`fail:${error.status}`));
  client.on('write:failed', ({ entry }) => events.push(`failed:${entry.op}`));
  let size = -1;
  client.on('outbox', (e) => (size = e.size));
  return { s, client, events, size: () => size, set: (m: Mode) => (mode = m), close: async () => (client.close(), await s.close()) };
}

const bodies = (seen: Array<{ url: string; body: string }>, lesson: string) =>
  seen.filter((r) => r.url === `/v1/lessons/${lesson}/progress`).map((r) => JSON.parse(r.body).videoPositionSeconds);

test('writes made offline are queued, then replayed in order per lesson', async () => {
  const t = await setup();
  try {
    const errs = await Promise.all([10, 20, 30].map((p) => t.client.progress.update(L1, { videoPositionSeconds: p }).catch((e: FurrowError) => e)));
    for (const e of errs) assert.ok(e instanceof FurrowError && e.queued && e.status === 0, String(e));
    assert.equal(await t.client.outbox.size(), 3);
    assert.equal(t.size(), 3);
    const stamps = (await t.client.outbox.list()).map((e) => (e.body as { clientTimestamp: string }).clientTimestamp);
    assert.ok(stamps.every((s) => !Number.isNaN(Date.parse(s))));
    t.set('up');
    await t.client.outbox.flush();
    assert.equal(await t.client.outbox.size(), 0);
    assert.equal(t.size(), 0);
    assert.deepEqual(bodies(t.s.seen, L1).slice(-3), [10, 20, 30]);
    // Online, a queued write resolves with the server's answer.
    const res = await t.client.progress.update(L1, { videoPositionSeconds: 40 });
    assert.equal((res as { lessonId: string }).lessonId, L1);
    assert.ok(t.events.includes('fail:0'));
  } finally {
    await t.close();
  }
});

test('5xx keeps the write pending and retries it with the same idempotency key', async () => {
  const t = await setup();
  try {
    t.set('503');
    const e = await t.client.questions.create(L1, { body: 'When to sow?' }).catch((x: FurrowHttpError) => x);
    assert.ok(e instanceof FurrowHttpError && e.queued && e.status === 503);
    await t.client.outbox.flush();
    assert.equal(await t.client.outbox.size(), 1);
    t.set('up');
    await t.client.outbox.flush();
    assert.equal(await t.client.outbox.size(), 0);
    const keys = t.s.seen.map((r) => r.headers['idempotency-key']);
    assert.equal(keys.length, 3);
    assert.ok(keys.every((k) => k && k === keys[0]));
  } finally {
    await t.close();
  }
});

test('an answer lost after the server got the write: kept, replayed with the same key', async () => {
  const t = await setup();
  try {
    t.set('lost');
    await t.client.reviews.create(ID, { rating: 5 }).catch(() => {});
    assert.equal(await t.client.outbox.size(), 1, 'not deleted without a 2xx');
    t.set('up');
    await t.client.outbox.flush();
    assert.equal(await t.client.outbox.size(), 0);
    assert.equal(t.s.seen.length, 2);
    assert.equal(t.s.seen[0].headers['idempotency-key'], t.s.seen[1].headers['idempotency-key']);
  } finally {
    await t.close();
  }
});

test('4xx is a permanent failure: kept, reported, listable, retryable, discardable', async () => {
  const t = await setup();
  try {
    t.set('422');
    const e = await t.client.progress.update(L2, { videoPositionSeconds: 1 }).catch((x: FurrowHttpError) => x);
    assert.ok(e instanceof FurrowHttpError && e.status === 422 && !e.queued);
    const after = await t.client.progress.update(L1, { videoPositionSeconds: 2 });
    assert.ok(after);
    const list = await t.client.outbox.list();
    assert.equal(list.length, 1);
    assert.equal(list[0].state, 'failed');
    assert.equal(list[0].error?.code, 'validation_failed');
    assert.deepEqual(t.events, ['failed:progress.update']);
    await t.client.outbox.flush();
    assert.equal(t.s.seen.length, 2, 'a failed write is not resent by itself');
    t.set('up');
    await t.client.outbox.retry(list[0].id);
    await t.client.outbox.flush();
    assert.equal(await t.client.outbox.size(), 0);
    t.set('422');
    await t.client.progress.update(L2, { videoPositionSeconds: 3 }).catch(() => {});
    const [failed] = await t.client.outbox.list();
    assert.equal(await t.client.outbox.discard(failed.id), true);
    assert.equal(await t.client.outbox.size(), 0);
    assert.equal(t.size(), 0);
  } finally {
    await t.close();
  }
});

test('401 stops the round; a new token resumes it', async () => {
  const t = await setup();
  try {
    t.set('401');
    await t.client.progress.complete(L1).catch((e: FurrowError) => assert.ok(e.queued));
    await t.client.progress.complete(L2).catch(() => {});
    assert.equal(await t.client.outbox.size(), 2);
    assert.ok(t.events.includes('fail:401'));
    t.set('up');
    t.client.setToken('tok_new');
    await t.client.outbox.flush();
    assert.equal(await t.client.outbox.size(), 0);
    assert.equal(t.s.seen.at(-1)?.headers.authorization, 'Bearer tok_new');
  } finally {
    await t.close();
  }
});

test('operations outside the outbox are sent directly', async () => {
  const t = await setup();
  try {
    await assert.rejects(t.client.courses.create({ title: 'x' } as never), (e: FurrowError) => !e.queued);
    assert.equal(await t.client.outbox.size(), 0);
  } finally {
    await t.close();
  }
});

test('the outbox survives a reload: a new outbox over the same store replays it', async () => {
  const store = new MemoryStore();
  const sent: string[] = [];
  let online = false;
  const sendEntry = async (e: OutboxEntry) => {
    if (!online) throw new FurrowError('offline', { code: 'network_error' });
    sent.push(e.id);
    return {};
  };
  const a = new Outbox(Promise.resolve(store), sendEntry, new Emitter<FurrowEvents>(), 'x');
  const entry = (i: number): OutboxEntry => ({ id: `k${i}`, op: 'progress.complete', method: 'POST', path: `/v1/lessons/${i}/complete`, key: `progress:${i % 3}`, createdAt: i, attempts: 0, state: 'pending' });
  await Promise.all([0, 1, 2, 3, 4].map((i) => a.submit(entry(i)).catch(() => {})));
  a.close();
  online = true;
  const events = new Emitter<FurrowEvents>();
  const finished = new Promise<FurrowEvents['sync:finish']>((r) => events.on('sync:finish', r));
  const b = new Outbox(Promise.resolve(store), sendEntry, events, 'x');
  assert.deepEqual(await finished, { sent: 5, failed: 0, pending: 0 });
  assert.deepEqual([...sent].sort(), ['k0', 'k1', 'k2', 'k3', 'k4']);
  // Per key order: k0 before k3 (key 0), k1 before k4 (key 1).
  assert.ok(sent.indexOf('k0') < sent.indexOf('k3') && sent.indexOf('k1') < sent.indexOf('k4'));
  assert.equal((await store.all()).length, 0);
  b.close();
});
