/**
 * Rewards driven through the HTTP API of the learning module (enrol, complete lessons, pass a
 * quiz), not by raising events by hand: what a learner actually sees after finishing a course.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, lessonsOf } from './support.js';

for (const kind of dbKinds()) {
  describe(`rewards through the learning API (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind);
    });
    after(() => s.close());

    it('enrol → lessons → quiz → course: points, badges, stats, streak, roadmap, review', async () => {
      const { token } = await s.newLearner();
      const monsoon = await courseId(s, 'monsoon-forecast');
      const rajesh = await s.login('rajesh');
      expectError(await s.request('POST', `/v1/courses/${monsoon}/reviews`, { token, body: { rating: 5 } }), 403, 'not_enrolled');
      const enr = await s.request('POST', `/v1/courses/${monsoon}/enroll`, { token });
      assert.equal(enr.status, 201, enr.text);
      assert.equal((await s.request('GET', '/v1/me/stats', { token })).body.coursesEnrolled, 1);

      const lessons = await lessonsOf(s, monsoon);
      let quizId: string | null = null;
      let quizLesson: string | null = null;
      for (const l of lessons) {
        const detail = (await s.request('GET', `/v1/lessons/${l.id}`, { token })).body;
        if (detail.quizId) {
          quizId = detail.quizId;
          quizLesson = l.id;
          continue;
        }
        const r = await s.request('POST', `/v1/lessons/${l.id}/complete`, { token });
        assert.equal(r.status, 200, r.text);
      }
      assert.ok(quizId && quizLesson, 'the monsoon course has a quiz lesson');
      const plain = lessons.length - 1;
      let pts = (await s.request('GET', '/v1/me/points', { token })).body;
      assert.equal(pts.breakdown.lesson_completed, 10 * plain);

      // Pass the quiz with the answer key its instructor sees.
      const key = (await s.request('GET', `/v1/quizzes/${quizId}/edit`, { token: rajesh })).body;
      const attempt = (await s.request('POST', `/v1/quizzes/${quizId}/attempts`, { token })).body;
      const answers = key.questions.map((q: { id: string; options: { id: string; isCorrect: boolean }[] }) =>
        ({ questionId: q.id, optionId: q.options.find((o) => o.isCorrect)!.id }));
      const sub = await s.request('POST', `/v1/attempts/${attempt.id}/submit`, { token, body: { answers } });
      assert.equal(sub.status, 200, sub.text);
      assert.equal(sub.body.passed, true);
      const done = await s.request('POST', `/v1/lessons/${quizLesson}/complete`, { token });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.progressPercent, 100);

      pts = (await s.request('GET', '/v1/me/points', { token })).body;
      assert.equal(pts.breakdown.quiz_passed, 20);
      assert.equal(pts.breakdown.course_completed, 100);
      const shelf = (await s.request('GET', '/v1/me/badges', { token })).body.data;
      const earned = shelf.filter((b: { earned: boolean }) => b.earned).map((b: { name: string }) => b.name.split(' /')[0]);
      assert.ok(earned.includes('First Step'), earned.join());
      assert.ok(earned.includes('First Harvest'), earned.join());
      assert.ok(earned.includes('Century'), earned.join());
      assert.ok(!earned.includes('Sharp Mind'), 'one quiz is not three');
      const stats = (await s.request('GET', '/v1/me/stats', { token })).body;
      assert.equal(stats.coursesCompleted, 1);
      assert.equal(stats.badgesEarned, earned.length);
      assert.equal(stats.points, pts.total);
      assert.ok(stats.learningHours > 0);
      assert.equal((await s.request('GET', '/v1/me/streak', { token })).body.current, 1);

      const roadmap = (await s.request('GET', '/v1/roadmaps')).body.data.find((r: { title: string }) => r.title.startsWith('Master Smart Irrigation'));
      const progress = (await s.request('GET', `/v1/roadmaps/${roadmap.id}/progress`, { token })).body;
      assert.equal(progress.completedMilestones, 1);
      assert.equal(progress.progressPercent, 25);

      const notes = (await s.request('GET', '/v1/notifications?limit=100', { token })).body;
      assert.equal(notes.data.filter((n: { type: string }) => n.type === 'badge_earned').length, earned.length);
      assert.equal((await s.request('POST', `/v1/courses/${monsoon}/reviews`, { token, body: { rating: 5, review: 'बहुत अच्छा' } })).status, 201);
    });

    it('gives the demo learner a non-empty shelf from the seeded progress', async () => {
      const token = await s.login('learner');
      const shelf = (await s.request('GET', '/v1/me/badges', { token })).body.data;
      assert.ok(shelf.some((b: { earned: boolean; name: string }) => b.earned && b.name.startsWith('First Step')));
      const streak = (await s.request('GET', '/v1/me/streak', { token })).body;
      assert.equal(streak.current, 2);
      assert.ok((await s.request('GET', '/v1/me/points', { token })).body.total > 0);
      assert.ok((await s.request('GET', '/v1/me/stats', { token })).body.coursesEnrolled >= 1);
    });
  });
}
