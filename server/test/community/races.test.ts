/**
 * Exactly-once under concurrency, on PostgreSQL only (PGlite runs one transaction at a time, so
 * it cannot race). Skipped when FURROW_TEST_DATABASE_URL is unset.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers.js';
import { emit } from '../../src/core/events.js';
import { courseId, enroll, lessonsOf } from './support.js';

const pg = !!process.env.FURROW_TEST_DATABASE_URL;

/** Resolves once `n` parties have arrived, so transactions really overlap. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((r) => { open = r; });
  return () => {
    if (++arrived === n) open();
    return all;
  };
}

describe('races (postgres)', { skip: pg ? false : 'set FURROW_TEST_DATABASE_URL to run race tests' }, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer('postgres');
  });
  after(() => s?.close());

  it('50 concurrent upvotes by one user count once', async () => {
    const drip = await courseId(s, 'drip-irrigation');
    const preview = (await lessonsOf(s, drip)).find((l) => l.status === 'preview')!.id;
    const asker = await s.newLearner();
    const voter = await s.newLearner();
    const q = (await s.request('POST', `/v1/lessons/${preview}/questions`, { token: asker.token, body: { body: 'Race me' } })).body;
    const rs = await Promise.all(Array.from({ length: 50 }, () => s.request('POST', `/v1/questions/${q.id}/upvote`, { token: voter.token })));
    assert.ok(rs.every((r) => r.status === 200), rs.map((r) => r.status).join(','));
    const row = await s.db.query<{ upvote_count: number; votes: number }>(
      `SELECT upvote_count, (SELECT count(*)::int FROM question_upvotes WHERE question_id = $1) AS votes FROM lesson_questions WHERE id = $1`, [q.id]);
    assert.deepEqual(row.rows[0], { upvote_count: 1, votes: 1 });
    const audits = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'question_upvote' AND entity_id = $1`, [q.id]);
    assert.equal(audits.rows.length, 1);
    // And 50 concurrent take-backs leave zero, never a negative count.
    await Promise.all(Array.from({ length: 50 }, () => s.request('DELETE', `/v1/questions/${q.id}/upvote`, { token: voter.token })));
    const after = await s.db.query<{ upvote_count: number }>(`SELECT upvote_count FROM lesson_questions WHERE id = $1`, [q.id]);
    assert.equal(after.rows[0].upvote_count, 0);
  });

  it('two transactions that both qualify for a badge award it once and pay for it once', async () => {
    const [a, b] = await Promise.all([courseId(s, 'soil-testing'), courseId(s, 'kharif-sowing')]);
    const badge = await s.db.query<{ id: string; points: number }>(`SELECT id, points FROM badges WHERE rule = 'courses_completed' AND threshold = 1`);
    const firstHarvest = badge.rows[0];
    for (let round = 0; round < 5; round++) {
      const { userId } = await s.newLearner();
      const wait = barrier(2);
      await Promise.all([a, b].map((course) => s.db.tx(async (q) => {
        // Each transaction has done work of its own before the other one's event lands.
        await q.query(`SELECT 1`);
        await wait();
        await emit(q, { type: 'course_completed', userId, courseId: course }, s.services);
      })));
      const earned = await s.db.query(`SELECT 1 FROM user_badges WHERE user_id = $1 AND badge_id = $2`, [userId, firstHarvest.id]);
      assert.equal(earned.rows.length, 1);
      const paid = await s.db.query<{ points: number }>(
        `SELECT points FROM points_ledger WHERE user_id = $1 AND reason = 'badge_earned' AND source_id = $2`, [userId, firstHarvest.id]);
      assert.deepEqual(paid.rows, [{ points: firstHarvest.points }]);
      const notes = await s.db.query(
        `SELECT 1 FROM notifications WHERE user_id = $1 AND type = 'badge_earned' AND related_entity_id = $2`, [userId, firstHarvest.id]);
      assert.equal(notes.rows.length, 1);
      const stats = await s.db.query<{ total_courses_completed: number; total_points: number }>(
        `SELECT total_courses_completed, total_points FROM user_learning_stats WHERE user_id = $1`, [userId]);
      const sum = await s.db.query<{ p: number }>(`SELECT sum(points)::int AS p FROM points_ledger WHERE user_id = $1`, [userId]);
      assert.equal(stats.rows[0].total_courses_completed, 2);
      assert.equal(stats.rows[0].total_points, sum.rows[0].p);
    }
  });

  it('concurrent first reviews by one learner count once in the course rating', async () => {
    const course = await courseId(s, 'monsoon-forecast');
    const { token, userId } = await s.newLearner();
    await enroll(s, userId, course);
    const before0 = (await s.db.query<{ rating_count: number; rating_avg: number }>(`SELECT rating_count, rating_avg FROM courses WHERE id = $1`, [course])).rows[0];
    const rs = await Promise.all([3, 4, 5, 2, 1].map((rating) => s.request('POST', `/v1/courses/${course}/reviews`, { token, body: { rating } })));
    assert.ok(rs.every((r) => r.status === 201));
    const after0 = (await s.db.query<{ rating_count: number; rating_avg: number }>(`SELECT rating_count, rating_avg FROM courses WHERE id = $1`, [course])).rows[0];
    assert.equal(after0.rating_count, before0.rating_count + 1);
    const rows = await s.db.query<{ rating: number }>(`SELECT rating FROM course_reviews WHERE course_id = $1 AND user_id = $2`, [course, userId]);
    assert.equal(rows.rows.length, 1);
    // Whichever write came last, the average holds exactly that one rating from this learner.
    const expected = (before0.rating_avg * before0.rating_count + rows.rows[0].rating) / (before0.rating_count + 1);
    assert.ok(Math.abs(after0.rating_avg - expected) < 1e-9);
  });
});
