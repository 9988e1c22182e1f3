import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, enroll, missingId } from './support.js';

for (const kind of dbKinds()) {
  describe(`reviews (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind);
    });
    after(() => s.close());

    const stored = async (id: string) =>
      (await s.db.query<{ rating_avg: number; rating_count: number }>(`SELECT rating_avg, rating_count FROM courses WHERE id = $1`, [id])).rows[0];

    it('lists a course’s reviews publicly, newest first, with a cursor', async () => {
      const soil = await courseId(s, 'soil-testing');
      const r = await s.request('GET', `/v1/courses/${soil}/reviews`);
      assert.equal(r.status, 200);
      assert.equal(r.body.data.length, 2);
      assert.ok(r.body.data[0].updatedAt >= r.body.data[1].updatedAt);
      assert.equal(r.body.data[0].user.name, 'Ramesh Pawar');
      assert.equal(r.body.data[0].user.email, undefined);
      const p1 = await s.request('GET', `/v1/courses/${soil}/reviews?limit=1`);
      const p2 = await s.request('GET', `/v1/courses/${soil}/reviews?limit=1&cursor=${p1.body.nextCursor}`);
      assert.equal(p2.body.data[0].id, r.body.data[1].id);
      assert.equal(p2.body.nextCursor, null);
      expectError(await s.request('GET', `/v1/courses/${missingId()}/reviews`), 404);
      assert.deepEqual(expectError(await s.request('GET', '/v1/courses/x/reviews'), 400).details?.[0].path, ['params', 'id']);
      assert.deepEqual(expectError(await s.request('GET', `/v1/courses/${soil}/reviews?limit=101`), 400).details?.[0].path, ['query', 'limit']);
      expectError(await s.request('GET', `/v1/courses/${soil}/reviews`, { key: null }), 401);
    });

    it('lets an enrolled learner review once; a second post replaces it and the course rating follows', async () => {
      const course = await courseId(s, 'aphid-control');
      const { token, userId } = await s.newLearner();
      expectError(await s.request('POST', `/v1/courses/${course}/reviews`, { token, body: { rating: 4 } }), 403, 'not_enrolled');
      await enroll(s, userId, course);
      const before0 = await stored(course);
      // The anonymous catalog page is cached; a review must show up in it at once.
      const cached = await s.request('GET', `/v1/courses/${course}`);
      const r1 = await s.request('POST', `/v1/courses/${course}/reviews`, { token, body: { rating: 1, review: '  <b>Too short</b> & loud  ' } });
      assert.equal(r1.status, 201);
      assert.equal(r1.body.rating, 1);
      assert.equal(r1.body.review, '<b>Too short</b> & loud'); // trimmed, stored as given, plain text
      assert.equal(r1.body.user.id, userId);
      const after1 = await stored(course);
      assert.equal(after1.rating_count, before0.rating_count + 1);
      const avg1 = (before0.rating_avg * before0.rating_count + 1) / (before0.rating_count + 1);
      assert.ok(Math.abs(after1.rating_avg - avg1) < 1e-9);
      const fresh = await s.request('GET', `/v1/courses/${course}`);
      assert.equal(fresh.body.ratingCount, cached.body.ratingCount + 1);

      const r2 = await s.request('POST', `/v1/courses/${course}/reviews`, { token, body: { rating: 5, review: null } });
      assert.equal(r2.status, 201);
      assert.equal(r2.body.id, r1.body.id);
      assert.equal(r2.body.review, null);
      assert.ok(r2.body.updatedAt >= r1.body.updatedAt);
      const after2 = await stored(course);
      assert.equal(after2.rating_count, after1.rating_count);
      assert.ok(Math.abs(after2.rating_avg - (avg1 + 4 / after1.rating_count)) < 1e-9);
      const mine = (await s.request('GET', `/v1/courses/${course}/reviews?limit=100`)).body.data.filter((x: { user: { id: string } }) => x.user.id === userId);
      assert.equal(mine.length, 1);
      // Points for reviewing are paid once per course, not per edit.
      assert.equal((await s.request('GET', '/v1/me/points', { token })).body.breakdown.review_posted, 5);
      const log = await s.request('GET', `/v1/audit-log?entityName=review&entityId=${r1.body.id}`, { key: s.secretKey });
      assert.deepEqual(log.body.data.map((x: { action: string }) => x.action), ['update', 'create']);
    });

    it('refuses bad fields with 400 naming the field, and callers without the right', async () => {
      const course = await courseId(s, 'aphid-control');
      const { token, userId } = await s.newLearner();
      await enroll(s, userId, course);
      const bad = async (b: unknown, path: string[]) =>
        assert.deepEqual(expectError(await s.request('POST', `/v1/courses/${course}/reviews`, { token, body: b }), 400).details?.[0].path, path);
      await bad({}, ['body', 'rating']);
      await bad({ rating: 0 }, ['body', 'rating']);
      await bad({ rating: 6 }, ['body', 'rating']);
      await bad({ rating: 4.5 }, ['body', 'rating']);
      await bad({ rating: 4, review: 'x'.repeat(5001) }, ['body', 'review']);
      expectError(await s.request('POST', `/v1/courses/${course}/reviews`, { body: { rating: 4 } }), 401);
      expectError(await s.request('POST', `/v1/courses/${missingId()}/reviews`, { token, body: { rating: 4 } }), 404);
      // A dropped enrollment no longer counts; a draft course is not found.
      const dropped = await s.newLearner();
      await enroll(s, dropped.userId, course, 'dropped', false);
      expectError(await s.request('POST', `/v1/courses/${course}/reviews`, { token: dropped.token, body: { rating: 3 } }), 403, 'not_enrolled');
      const draft = await courseId(s, 'frost-protection');
      await s.db.query(`UPDATE courses SET status = 'draft' WHERE id = $1`, [draft]);
      expectError(await s.request('POST', `/v1/courses/${draft}/reviews`, { token, body: { rating: 3 } }), 404);
      expectError(await s.request('GET', `/v1/courses/${draft}/reviews`), 404);
      await s.db.query(`UPDATE courses SET status = 'published' WHERE id = $1`, [draft]);
      // The course's own instructor is not enrolled: no self-reviews.
      const rajesh = await s.login('rajesh');
      expectError(await s.request('POST', `/v1/courses/${course}/reviews`, { token: rajesh, body: { rating: 5 } }), 403, 'not_enrolled');
    });

    it('a learner who completed the course may still review after access ends', async () => {
      const course = await courseId(s, 'kharif-sowing');
      const { token, userId } = await s.newLearner();
      await enroll(s, userId, course, 'completed', false);
      assert.equal((await s.request('POST', `/v1/courses/${course}/reviews`, { token, body: { rating: 5 } })).status, 201);
    });
  });
}
