import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, lessonsOf, raise, testClock } from '../community/support.js';
import { newId } from '../../src/core/ids.js';

for (const kind of dbKinds()) {
  describe(`rewards (${kind})`, () => {
    let s: TestServer;
    const clock = testClock();
    before(async () => {
      s = await startTestServer(kind, { now: clock.now });
    });
    after(() => s.close());
    beforeEach(() => clock.reset());

    const get = (path: string, token: string) => s.request('GET', path, { token });
    const badgeNamed = (list: { name: string }[], prefix: string): any => list.find((b) => b.name.startsWith(prefix));

    it('lists every badge with a known rule, publicly; unknown rules are ignored', async () => {
      await s.db.query(
        `INSERT INTO badges (id, name, description, category, rule, threshold, points) VALUES ($1, 'Future badge', 'x', 'special', 'trees_planted', 1, 5)`,
        [newId()]);
      const r = await s.request('GET', '/v1/badges');
      assert.equal(r.status, 200);
      const names = r.body.data.map((b: { name: string }) => b.name);
      assert.ok(names.length >= 8);
      assert.ok(!names.includes('Future badge'));
      for (const prefix of ['First Step', 'First Harvest', 'Sharp Mind', 'Three-Day Streak', 'Weekly Farmer', 'Century', 'Roadmap Finisher']) {
        assert.ok(badgeNamed(r.body.data, prefix), prefix);
      }
      assert.ok(r.body.data.every((b: { iconEmoji: string | null }) => b.iconEmoji));
      expectError(await s.request('GET', '/v1/badges', { key: null }), 401, 'missing_publishable_key');
      // A learner's shelf ignores the unknown rule too, and an event does not award it.
      const { token, userId } = await s.newLearner();
      await raise(s, { type: 'activity', userId, at: clock.now() });
      const shelf = await get('/v1/me/badges', token);
      assert.equal(shelf.status, 200);
      assert.ok(!shelf.body.data.some((b: { name: string }) => b.name === 'Future badge'));
    });

    it('refuses the /me reward routes without a signed-in user', async () => {
      for (const p of ['/v1/me/badges', '/v1/me/points', '/v1/me/streak', '/v1/me/stats']) {
        expectError(await s.request('GET', p), 401, 'unauthenticated');
        expectError(await s.request('GET', p, { token: 'fur_not-a-token' }), 401, 'session_revoked');
      }
    });

    it('pays points once per lesson and awards the first-lesson badge once, with a notification', async () => {
      const { token, userId } = await s.newLearner();
      const course = await courseId(s, 'soil-testing');
      const [l1] = await lessonsOf(s, course);
      const event = { type: 'lesson_completed' as const, userId, courseId: course, lessonId: l1.id };
      await raise(s, event);
      await raise(s, event); // a replayed event changes nothing
      const pts = await get('/v1/me/points', token);
      assert.equal(pts.status, 200);
      assert.equal(pts.body.userId, userId);
      assert.equal(pts.body.breakdown.lesson_completed, 10);
      assert.equal(pts.body.breakdown.badge_earned, 10);
      assert.equal(pts.body.total, 20);
      assert.equal(pts.body.credits, 20);
      const shelf = await get('/v1/me/badges', token);
      const first = badgeNamed(shelf.body.data, 'First Step');
      assert.equal(first.earned, true);
      assert.ok(first.earnedAt);
      assert.equal(first.progress, 1);
      const n = await get('/v1/notifications', token);
      assert.equal(n.body.data.filter((x: { type: string }) => x.type === 'badge_earned').length, 1);
      assert.equal(n.body.data[0].relatedEntityId, first.id);
    });

    it('shows locked badges with progress toward the threshold, counting each quiz once', async () => {
      const { token, userId } = await s.newLearner();
      const course = await courseId(s, 'soil-testing');
      const q1 = newId();
      await raise(s, { type: 'quiz_passed', userId, courseId: course, quizId: q1, attemptId: newId() });
      await raise(s, { type: 'quiz_passed', userId, courseId: course, quizId: q1, attemptId: newId() });
      await raise(s, { type: 'quiz_graded', userId, courseId: course, quizId: q1, attemptId: newId(), passed: true });
      let sharp = badgeNamed((await get('/v1/me/badges', token)).body.data, 'Sharp Mind');
      assert.equal(sharp.earned, false);
      assert.equal(sharp.earnedAt, null);
      assert.equal(sharp.progress, 1);
      assert.equal(sharp.threshold, 3);
      await raise(s, { type: 'quiz_graded', userId, courseId: course, quizId: newId(), attemptId: newId(), passed: false });
      await raise(s, { type: 'quiz_graded', userId, courseId: course, quizId: newId(), attemptId: newId(), passed: true });
      assert.equal(badgeNamed((await get('/v1/me/badges', token)).body.data, 'Sharp Mind').progress, 2);
      await raise(s, { type: 'quiz_passed', userId, courseId: course, quizId: newId(), attemptId: newId() });
      sharp = badgeNamed((await get('/v1/me/badges', token)).body.data, 'Sharp Mind');
      assert.equal(sharp.earned, true);
      const pts = await get('/v1/me/points', token);
      assert.equal(pts.body.breakdown.quiz_passed, 60);
      assert.equal(pts.body.breakdown.badge_earned, 30);
    });

    it('completing a course pays 100, awards First Harvest and then Century (points unlock points badges)', async () => {
      const { token, userId } = await s.newLearner();
      const course = await courseId(s, 'kharif-sowing');
      await raise(s, { type: 'enrolled', userId, courseId: course, accessType: 'free' });
      await raise(s, { type: 'course_completed', userId, courseId: course });
      const shelf = (await get('/v1/me/badges', token)).body.data;
      assert.equal(badgeNamed(shelf, 'First Harvest').earned, true);
      assert.equal(badgeNamed(shelf, 'Century').earned, true);
      const pts = (await get('/v1/me/points', token)).body;
      assert.equal(pts.breakdown.course_completed, 100);
      assert.equal(pts.breakdown.badge_earned, 50);
      assert.equal(pts.total, 150);
      const stats = (await get('/v1/me/stats', token)).body;
      assert.equal(stats.coursesEnrolled, 1);
      assert.equal(stats.coursesCompleted, 1);
      assert.equal(stats.badgesEarned, 2);
      assert.equal(stats.points, 150);
      assert.equal(stats.currentStreak, 1);
      assert.ok(stats.lastActivityAt);
    });

    it('counts learning hours from the lessons completed', async () => {
      const { token, userId } = await s.newLearner();
      const course = await courseId(s, 'soil-testing');
      const lessons = await lessonsOf(s, course);
      const mins = await s.db.query<{ m: number }>(`SELECT sum(duration_minutes)::int AS m FROM lessons WHERE id = ANY($1::uuid[])`, [lessons.slice(0, 2).map((l) => l.id)]);
      for (const l of lessons.slice(0, 2)) await raise(s, { type: 'lesson_completed', userId, courseId: course, lessonId: l.id });
      const stats = (await get('/v1/me/stats', token)).body;
      assert.equal(stats.learningHours, Math.round((mins.rows[0].m / 60) * 100) / 100);
      assert.ok(stats.learningHours > 0);
    });

    it("counts streak days in the learner's time zone, not UTC", async () => {
      // 23:30 and 00:30 in Kolkata are two days (both are 1 March in UTC).
      const a = await s.newLearner(undefined, { timeZone: 'Asia/Kolkata' });
      const b = await s.newLearner(undefined, { timeZone: 'Asia/Kolkata' });
      const c = await s.newLearner(undefined, { timeZone: 'America/Los_Angeles' });
      await raise(s, { type: 'activity', userId: a.userId, at: new Date('2026-03-01T18:00:00Z') });
      await raise(s, { type: 'activity', userId: a.userId, at: new Date('2026-03-01T19:00:00Z') });
      clock.set('2026-03-02T10:00:00Z');
      let st = (await get('/v1/me/streak', a.token)).body;
      assert.deepEqual(st, { current: 2, longest: 2, lastActiveDate: '2026-03-02', timeZone: 'Asia/Kolkata' });
      // 23:30 and 00:30 UTC are one Kolkata day (2 March, 05:00 and 06:00): UTC midnight is no boundary.
      await raise(s, { type: 'activity', userId: b.userId, at: new Date('2026-03-01T23:30:00Z') });
      await raise(s, { type: 'activity', userId: b.userId, at: new Date('2026-03-02T00:30:00Z') });
      st = (await get('/v1/me/streak', b.token)).body;
      assert.equal(st.current, 1);
      assert.equal(st.lastActiveDate, '2026-03-02');
      // The same instants for a learner in Los Angeles fall on 1 March (15:30, 16:30): one day.
      await raise(s, { type: 'activity', userId: c.userId, at: new Date('2026-03-01T23:30:00Z') });
      await raise(s, { type: 'activity', userId: c.userId, at: new Date('2026-03-02T00:30:00Z') });
      st = (await get('/v1/me/streak', c.token)).body;
      assert.equal(st.lastActiveDate, '2026-03-01');
      assert.equal(st.current, 1); // 1 March is "yesterday" in LA at 02:00 on 2 March
      // A day with no activity ends the current streak; the longest is kept.
      clock.set('2026-03-03T20:00:00Z'); // 4 March 01:30 in Kolkata
      st = (await get('/v1/me/streak', a.token)).body;
      assert.equal(st.current, 0);
      assert.equal(st.longest, 2);
    });

    it('awards the 3- and 7-day streak badges and pays the weekly streak bonus once', async () => {
      const { token, userId } = await s.newLearner(undefined, { timeZone: 'Asia/Kolkata' });
      // Recorded out of order (an offline outbox replays late): day 4 joins two runs into seven.
      const days = [1, 2, 3, 5, 6, 7, 4];
      for (const d of days) await raise(s, { type: 'activity', userId, at: new Date(`2026-02-0${d}T12:00:00+05:30`) });
      await raise(s, { type: 'activity', userId, at: new Date('2026-02-07T21:00:00+05:30') });
      clock.set('2026-02-07T22:00:00+05:30');
      const st = (await get('/v1/me/streak', token)).body;
      assert.equal(st.current, 7);
      assert.equal(st.longest, 7);
      const shelf = (await get('/v1/me/badges', token)).body.data;
      assert.equal(badgeNamed(shelf, 'Three-Day Streak').earned, true);
      assert.equal(badgeNamed(shelf, 'Weekly Farmer').earned, true);
      const pts = (await get('/v1/me/points', token)).body;
      assert.equal(pts.breakdown.streak_bonus, 25);
    });

    it('shows a new learner empty rewards', async () => {
      const { token, userId } = await s.newLearner();
      assert.deepEqual((await get('/v1/me/points', token)).body, { userId, total: 0, breakdown: {}, credits: 0 });
      const st = (await get('/v1/me/streak', token)).body;
      assert.equal(st.current, 0);
      assert.equal(st.lastActiveDate, null);
      const stats = (await get('/v1/me/stats', token)).body;
      assert.equal(stats.coursesEnrolled, 0);
      assert.equal(stats.learningHours, 0);
      assert.equal(stats.lastActivityAt, null);
      const shelf = (await get('/v1/me/badges', token)).body.data;
      assert.ok(shelf.every((b: { earned: boolean; progress: number }) => !b.earned && b.progress === 0));
    });
  });
}
