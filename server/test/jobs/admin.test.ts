/**
 * The operator's view of the job runner through the API: `GET /v1/admin/jobs` (filters, cursor
 * pagination, access) and `POST /v1/admin/jobs/{id}/retry`, on a running server whose own
 * runner executes the jobs — including one that always fails and ends dead-lettered.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '@furrow/schema';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { until } from './support.js';
import { makeOperator, operatorToken } from '../sites/support.js';

for (const kind of dbKinds()) {
  describe(`admin jobs routes (${kind})`, () => {
    let s: TestServer;
    let admin: string;
    before(async () => {
      s = await startTestServer(kind, { jobs: { pollMs: 50 } });
      // Jobs belong to no site: only the operator sees them (issue 14).
      admin = await operatorToken(s.url, await makeOperator(s.db));
    });
    after(() => s.close());

    const list = async (query: string, auth: { token?: string; key?: string } = { token: admin }) => {
      const r = await s.request<{ data: Job[]; nextCursor: string | null }>('GET', `/v1/admin/jobs${query}`, auth);
      assert.equal(r.status, 200, r.text);
      return r.body;
    };

    test('a job that always fails ends dead-lettered with its last error, visible in GET /v1/admin/jobs; retry queues it again', async () => {
      let failing = true;
      let calls = 0;
      s.services.jobs.register('test.always-fails', async (_p, ctx) => {
        calls++;
        if (failing) throw new Error(`disk full (attempt ${ctx.job.attempt})`);
      }, { backoff: { baseMs: 20, maxMs: 40 } });
      const { id } = await s.services.jobs.enqueue(s.db, 'test.always-fails', { secret: 'never shown' }, { maxAttempts: 3 });
      s.services.jobs.kick(0);

      const dead = (await until(async () => (await list('?state=dead&kind=test.always-fails')).data.find((j) => j.id === id), 20_000, 'the job dead-lettered'))!;
      assert.equal(dead.kind, 'test.always-fails');
      assert.equal(dead.attempts, 3);
      assert.equal(dead.maxAttempts, 3);
      assert.equal(dead.lastError, 'disk full (attempt 3)');
      assert.ok(dead.finishedAt && Date.parse(dead.finishedAt) >= Date.parse(dead.createdAt));
      assert.equal(calls, 3);
      assert.equal('payload' in dead, false, 'the payload is not shown');
      // A site's secret key is no operator: it sees no job, of its site or any other.
      expectError(await s.request('GET', '/v1/admin/jobs?state=dead', { key: s.secretKey }), 403);

      // Not dead any more after a retry: queued with fresh attempts; the handler now succeeds.
      failing = false;
      const retried = await s.request<Job>('POST', `/v1/admin/jobs/${id}/retry`, { token: admin });
      assert.equal(retried.status, 200, retried.text);
      assert.equal(retried.body.state, 'queued');
      assert.equal(retried.body.attempts, 0);
      assert.equal(retried.body.finishedAt, null);
      const done = (await until(async () => (await list('?kind=test.always-fails')).data.find((j) => j.id === id && j.state === 'succeeded'), 20_000, 'the retried job succeeding'))!;
      assert.equal(done.attempts, 1);
      assert.equal(calls, 4);
      expectError(await s.request('POST', `/v1/admin/jobs/${id}/retry`, { token: admin }), 409, 'conflict');
      const trail = await s.db.query<{ action: string; old_values: { state: string }; new_values: { state: string } }>(
        `SELECT action, old_values, new_values FROM audit_log WHERE entity_name = 'job' AND entity_id = $1`, [id]);
      assert.equal(trail.rows.length, 1, 'the retry is audited');
      assert.equal(trail.rows[0].old_values.state, 'dead');
      assert.equal(trail.rows[0].new_values.state, 'queued');
    });

    test('the list filters by state and kind and pages newest first with a cursor', async () => {
      // No handler for this kind here: the jobs stay queued.
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await s.services.jobs.enqueue(s.db, 'test.unhandled', { i })).id);
      const seen: Job[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(`?kind=test.unhandled&state=queued&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(page.data.length <= 2);
        for (const j of page.data) {
          assert.equal(j.kind, 'test.unhandled');
          assert.equal(j.state, 'queued');
        }
        seen.push(...page.data);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.equal(seen.length, 5);
      assert.deepEqual(new Set(seen.map((j) => j.id)), new Set(ids), 'each once');
      // Newest first: (createdAt, id) descending.
      const key = (j: Job) => `${j.createdAt} ${j.id}`;
      assert.deepEqual(seen.map(key), seen.map(key).sort().reverse());
      assert.deepEqual((await list('?kind=test.unhandled&state=dead')).data, []);
      expectError(await s.request('GET', '/v1/admin/jobs?state=sleeping', { token: admin }), 400);
      expectError(await s.request('GET', '/v1/admin/jobs?cursor=not-a-cursor', { token: admin }), 400);
      expectError(await s.request('POST', `/v1/admin/jobs/${ids[0]}/retry`, { token: admin }), 409, 'conflict');
      expectError(await s.request('POST', '/v1/admin/jobs/00000000-0000-4000-8000-000000000000/retry', { token: admin }), 404, 'not_found');
    });

    test('learners, instructors, site admins and anonymous callers cannot see or retry jobs', async () => {
      const learner = await s.newLearner();
      const instructor = await s.login('sunita');
      expectError(await s.request('GET', '/v1/admin/jobs', { token: await s.login('admin') }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/admin/jobs', { token: learner.token }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/admin/jobs', { token: instructor }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/admin/jobs'), 401);
      expectError(await s.request('POST', '/v1/admin/jobs/00000000-0000-4000-8000-000000000000/retry', { token: learner.token }), 403, 'forbidden');
    });
  });
}
