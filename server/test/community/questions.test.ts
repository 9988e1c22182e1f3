import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, enroll, lessonsOf, missingId } from './support.js';

const WEEK_MS = 7 * 86_400_000;
const EPOCH = Date.parse('2024-01-01T00:00:00Z');
/** The documented formula, recomputed independently of the server. */
const expectedScore = (q: { answered: boolean; upvoteCount: number; createdAt: string }) =>
  (q.answered ? 0 : 2) + Math.log10(1 + q.upvoteCount) + (Date.parse(q.createdAt) - EPOCH) / WEEK_MS;

for (const kind of dbKinds()) {
  describe(`lesson Q&A (${kind})`, () => {
    let s: TestServer;
    let rajesh: string;
    let drip: string;
    let preview: string;
    let locked: string;
    before(async () => {
      s = await startTestServer(kind);
      rajesh = await s.login('rajesh');
      drip = await courseId(s, 'drip-irrigation');
      const lessons = await lessonsOf(s, drip);
      preview = lessons.find((l) => l.status === 'preview')!.id;
      locked = lessons.find((l) => l.status === 'public')!.id;
    });
    after(() => s.close());

    const ask = (token: string | undefined, lesson: string, body: unknown) => s.request('POST', `/v1/lessons/${lesson}/questions`, { token, body });

    it('lists questions by priority: unanswered, upvoted and recent first, with answers', async () => {
      const r = await s.request('GET', `/v1/lessons/${preview}/questions`);
      assert.equal(r.status, 200);
      assert.equal(r.body.data.length, 2);
      const [first, second] = r.body.data;
      assert.equal(first.answered, false);
      assert.equal(second.answered, true);
      assert.ok(first.priorityScore > second.priorityScore);
      for (const q of r.body.data) assert.ok(Math.abs(q.priorityScore - expectedScore(q)) < 1e-6);
      assert.equal(second.answers.length, 1);
      assert.equal(second.answers[0].isInstructorAnswer, true);
      assert.equal(second.answers[0].user.role, 'instructor');
      assert.equal(second.viewerUpvoted, false);
      assert.equal(second.courseId, drip);
      const p1 = await s.request('GET', `/v1/lessons/${preview}/questions?limit=1`);
      const p2 = await s.request('GET', `/v1/lessons/${preview}/questions?limit=1&cursor=${p1.body.nextCursor}`);
      assert.deepEqual([p1.body.data[0].id, p2.body.data[0].id], [first.id, second.id]);
      assert.equal(p2.body.nextCursor, null);
      const up = await s.request('GET', `/v1/lessons/${preview}/questions?sort=upvotes`);
      assert.equal(up.body.data[0].id, second.id);
      const newest = await s.request('GET', `/v1/lessons/${preview}/questions?sort=newest`);
      assert.equal(newest.body.data[0].id, first.id);
      assert.deepEqual(expectError(await s.request('GET', `/v1/lessons/${preview}/questions?sort=best`), 400).details?.[0].path, ['query', 'sort']);
      assert.deepEqual(expectError(await s.request('GET', `/v1/lessons/${preview}/questions?cursor=zzz`), 400).details?.[0].path, ['query', 'cursor']);
      expectError(await s.request('GET', `/v1/lessons/${missingId()}/questions`), 404);
      expectError(await s.request('GET', `/v1/lessons/${preview}/questions`, { key: null }), 401);
    });

    it('lets signed-in learners ask on a preview lesson, and only course members elsewhere', async () => {
      const learner = await s.newLearner();
      const r = await ask(learner.token, preview, { body: '  <img src=x onerror=alert(1)> why do emitters clog?  ' });
      assert.equal(r.status, 201);
      assert.equal(r.body.body, '<img src=x onerror=alert(1)> why do emitters clog?');
      assert.equal(r.body.upvoteCount, 0);
      assert.equal(r.body.answered, false);
      assert.deepEqual(r.body.answers, []);
      assert.ok(Math.abs(r.body.priorityScore - expectedScore(r.body)) < 1e-6);
      // A paid course's regular lesson: 404 until enrolled.
      expectError(await ask(learner.token, locked, { body: 'What filter size?' }), 404, 'not_found');
      await enroll(s, learner.userId, drip);
      assert.equal((await ask(learner.token, locked, { body: 'What filter size?' })).status, 201);
      assert.equal((await ask(rajesh, locked, { body: 'Instructor note for all' })).status, 201);
      expectError(await ask(undefined, preview, { body: 'anonymous?' }), 401);
      expectError(await ask(learner.token, missingId(), { body: 'nowhere?' }), 404);
      const bad = async (b: unknown, path: string[]) => assert.deepEqual(expectError(await ask(learner.token, preview, b), 400).details?.[0].path, path);
      await bad({}, ['body', 'body']);
      await bad({ body: '  ab  ' }, ['body', 'body']);
      await bad({ body: 'x'.repeat(5001) }, ['body', 'body']);
      await bad({ body: 42 }, ['body', 'body']);
    });

    it('hides questions on private lessons from everyone but the course author', async () => {
      const soil = await courseId(s, 'soil-testing');
      const [lesson] = await lessonsOf(s, soil);
      const sunita = await s.login('sunita');
      assert.equal((await ask(sunita, lesson.id, { body: 'Drafting a question' })).status, 201);
      await s.db.query(`UPDATE lessons SET status = 'private' WHERE id = $1`, [lesson.id]);
      try {
        const learner = await s.newLearner();
        expectError(await s.request('GET', `/v1/lessons/${lesson.id}/questions`, { token: learner.token }), 404);
        expectError(await ask(learner.token, lesson.id, { body: 'Can I ask?' }), 404);
        assert.equal((await s.request('GET', `/v1/lessons/${lesson.id}/questions`, { token: sunita })).body.data.length, 1);
      } finally {
        await s.db.query(`UPDATE lessons SET status = $2 WHERE id = $1`, [lesson.id, lesson.status]);
      }
    });

    it('counts one upvote per user, takes it back, and reports viewerUpvoted per caller', async () => {
      const asker = await s.newLearner();
      const voter = await s.newLearner();
      const q = (await ask(asker.token, preview, { body: 'Upvote me please' })).body;
      const up = (token: string) => s.request('POST', `/v1/questions/${q.id}/upvote`, { token });
      const r1 = await up(voter.token);
      assert.equal(r1.status, 200);
      assert.equal(r1.body.upvoteCount, 1);
      assert.equal(r1.body.viewerUpvoted, true);
      assert.ok(r1.body.priorityScore > q.priorityScore);
      assert.equal((await up(voter.token)).body.upvoteCount, 1);
      const seen = (await s.request('GET', `/v1/lessons/${preview}/questions?limit=100`, { token: asker.token })).body.data.find((x: { id: string }) => x.id === q.id);
      assert.equal(seen.viewerUpvoted, false);
      assert.equal(seen.upvoteCount, 1);
      const anon = (await s.request('GET', `/v1/lessons/${preview}/questions?limit=100`)).body.data.find((x: { id: string }) => x.id === q.id);
      assert.equal(anon.viewerUpvoted, false);
      const d1 = await s.request('DELETE', `/v1/questions/${q.id}/upvote`, { token: voter.token });
      assert.equal(d1.body.upvoteCount, 0);
      assert.equal(d1.body.viewerUpvoted, false);
      assert.ok(Math.abs(d1.body.priorityScore - q.priorityScore) < 1e-9);
      const d2 = await s.request('DELETE', `/v1/questions/${q.id}/upvote`, { token: voter.token });
      assert.equal(d2.body.upvoteCount, 0);
      expectError(await s.request('POST', `/v1/questions/${q.id}/upvote`), 401);
      expectError(await s.request('POST', `/v1/questions/${missingId()}/upvote`, { token: voter.token }), 404);
      expectError(await s.request('DELETE', `/v1/questions/${missingId()}/upvote`, { token: voter.token }), 404);
      assert.deepEqual(expectError(await s.request('POST', '/v1/questions/1/upvote', { token: voter.token }), 400).details?.[0].path, ['params', 'id']);
      // A question on a members-only lesson is not found for someone without access.
      const member = await s.newLearner();
      await enroll(s, member.userId, drip);
      const inner = (await ask(member.token, locked, { body: 'Members only question' })).body;
      expectError(await s.request('POST', `/v1/questions/${inner.id}/upvote`, { token: voter.token }), 404);
      expectError(await s.request('DELETE', `/v1/questions/${inner.id}/upvote`, { token: voter.token }), 404);
      expectError(await s.request('POST', `/v1/questions/${inner.id}/answers`, { token: voter.token, body: { body: 'hi' } }), 404);
    });

    it("marks the course instructor's answers, notifies the asker, and ranks answered questions lower", async () => {
      const asker = await s.newLearner();
      const other = await s.newLearner();
      const q = (await ask(asker.token, preview, { body: 'Which emitter flow for clay?' })).body;
      const answer = (token: string, body: unknown, id = q.id) => s.request('POST', `/v1/questions/${id}/answers`, { token, body });
      const a1 = await answer(rajesh, { body: '  Use 2 L/h emitters on clay.  ' });
      assert.equal(a1.status, 201);
      assert.equal(a1.body.isInstructorAnswer, true);
      assert.equal(a1.body.isAccepted, false);
      assert.equal(a1.body.body, 'Use 2 L/h emitters on clay.');
      assert.equal(a1.body.questionId, q.id);
      const a2 = await answer(other.token, { body: 'Worked for me' });
      assert.equal(a2.body.isInstructorAnswer, false);
      const admin = await s.login('admin');
      assert.equal((await answer(admin, { body: 'Admin here' })).body.isInstructorAnswer, false);
      await answer(asker.token, { body: 'Thanks all!' });
      const n = (await s.request('GET', '/v1/notifications?limit=100', { token: asker.token })).body.data
        .filter((x: { type: string }) => x.type === 'question_answered');
      assert.equal(n.length, 3); // not for the asker's own reply
      assert.equal(n[n.length - 1].relatedEntityId, q.id);
      assert.equal(n[n.length - 1].metadata.isInstructorAnswer, true);
      const listed = (await s.request('GET', `/v1/lessons/${preview}/questions?limit=100`)).body.data.find((x: { id: string }) => x.id === q.id);
      assert.equal(listed.answered, true);
      assert.equal(listed.answers[0].id, a1.body.id); // the instructor's answer first
      assert.ok(Math.abs(listed.priorityScore - (q.priorityScore - 2)) < 1e-6);
      const bad = async (b: unknown) => assert.deepEqual(expectError(await answer(other.token, b), 400).details?.[0].path, ['body', 'body']);
      await bad({});
      await bad({ body: '   ' });
      await bad({ body: 'x'.repeat(10_001) });
      expectError(await s.request('POST', `/v1/questions/${q.id}/answers`, { body: { body: 'anon' } }), 401);
      expectError(await answer(other.token, { body: 'ghost' }, missingId()), 404);
    });
  });
}
