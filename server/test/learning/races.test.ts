/**
 * Exactly-once under real concurrency: PostgreSQL only (PGlite runs one query at a time, so
 * races cannot happen there). Skipped when FURROW_TEST_DATABASE_URL is unset.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers.js';
import { draftCourse, loadDemo, publish, recordEvents, type Demo } from './fixtures.js';

const rec = recordEvents();
const pg = !!process.env.FURROW_TEST_DATABASE_URL;

describe('races (postgres)', { skip: pg ? false : 'set FURROW_TEST_DATABASE_URL to run' }, () => {
  let s: TestServer;
  let d: Demo;
  before(async () => {
    s = await startTestServer('postgres');
    d = await loadDemo(s);
  });
  after(() => s?.close());

  test('50 concurrent submissions of one attempt: graded once', async () => {
    const l = await s.newLearner();
    await s.request('POST', `/v1/courses/${d.courses.soil.id}/enroll`, { token: l.token });
    const quizId = d.courses.soil.lessons.find((x) => x.contentType === 'quiz')!.quizId!;
    const attempt = (await s.request('POST', `/v1/quizzes/${quizId}/attempts`, { token: l.token })).body;
    const quiz = (await s.request('GET', `/v1/quizzes/${quizId}/edit`, { token: d.tokens.sunita })).body;
    // Every submission answers differently, so a second grading would show in the stored answers.
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      s.request('POST', `/v1/attempts/${attempt.id}/submit`, {
        token: l.token,
        body: { answers: quiz.questions.filter((x: { type: string }) => x.type !== 'short_answer').map((x: { id: string; options: { id: string }[] }) => ({ questionId: x.id, optionId: x.options[i % x.options.length].id })) },
      })));
    assert.ok(results.every((r) => r.status === 200), results.map((r) => r.status).join(','));
    const first = JSON.stringify(results[0].body.answers);
    assert.ok(results.every((r) => JSON.stringify(r.body.answers) === first), 'every caller sees the one grading');
    const answers = await s.db.query(`SELECT 1 FROM quiz_answers WHERE attempt_id = $1`, [attempt.id]);
    assert.equal(answers.rows.length, quiz.questions.length);
    assert.equal(rec.of('quiz_graded', l.userId).length, 1);
    const audits = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'quiz_attempt' AND entity_id = $1 AND action = 'update'`, [attempt.id]);
    assert.equal(audits.rows.length, 1);
  });

  test('concurrent completion of the last lesson: one completion, one certificate', async () => {
    const { courseId, lessons } = await draftCourse(s, d.tokens.sunita, 3);
    await publish(s, d.tokens.sunita, courseId);
    const l = await s.newLearner();
    await s.request('POST', `/v1/courses/${courseId}/enroll`, { token: l.token });
    await s.request('POST', `/v1/lessons/${lessons[0]}/complete`, { token: l.token });
    // The same last lessons, many times at once, from "several devices".
    const rs = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      s.request('POST', `/v1/lessons/${lessons[1 + (i % 2)]}/complete`, { token: l.token })));
    assert.ok(rs.every((r) => r.status === 200), rs.map((r) => r.text).join('\n').slice(0, 500));
    const certs = await s.db.query(`SELECT id FROM certificates WHERE user_id = $1 AND course_id = $2`, [l.userId, courseId]);
    assert.equal(certs.rows.length, 1);
    assert.equal(rec.of('course_completed', l.userId).length, 1);
    assert.equal(rec.of('lesson_completed', l.userId).length, 3);
    const c = await s.db.query<{ completed_count: number }>(`SELECT completed_count FROM courses WHERE id = $1`, [courseId]);
    assert.equal(c.rows[0].completed_count, 1);
  });

  test('concurrent starts open one attempt', async () => {
    const l = await s.newLearner();
    await s.request('POST', `/v1/courses/${d.courses.kharif.id}/enroll`, { token: l.token });
    const quizId = d.courses.kharif.lessons.find((x) => x.contentType === 'quiz')!.quizId!;
    const rs = await Promise.all(Array.from({ length: 20 }, () => s.request('POST', `/v1/quizzes/${quizId}/attempts`, { token: l.token })));
    assert.ok(rs.every((r) => r.status === 201), rs.map((r) => r.text).join('\n').slice(0, 500));
    assert.equal(new Set(rs.map((r) => r.body.id)).size, 1);
  });

  test('concurrent enrolments: one enrollment, counted once', async () => {
    const l = await s.newLearner();
    const before = (await s.db.query<{ enrolled_count: number }>(`SELECT enrolled_count FROM courses WHERE id = $1`, [d.courses.aphid.id])).rows[0].enrolled_count;
    const rs = await Promise.all(Array.from({ length: 20 }, () => s.request('POST', `/v1/courses/${d.courses.aphid.id}/enroll`, { token: l.token })));
    assert.equal(rs.filter((r) => r.status === 201).length, 1);
    assert.ok(rs.every((r) => r.status === 201 || r.status === 409));
    const after = (await s.db.query<{ enrolled_count: number }>(`SELECT enrolled_count FROM courses WHERE id = $1`, [d.courses.aphid.id])).rows[0].enrolled_count;
    assert.equal(after, before + 1);
  });
});
