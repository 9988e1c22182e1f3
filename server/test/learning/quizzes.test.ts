import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { draftCourse, expectField, loadDemo, publish, recordEvents, type Demo } from './fixtures.js';

const rec = recordEvents();

/** A published course whose second lesson plays a quiz with one question of each type. */
async function quizCourse(s: TestServer, token: string, settings: Record<string, unknown> = {}) {
  const { courseId, sectionId, lessons } = await draftCourse(s, token, 1);
  const quiz = await s.request('POST', `/v1/courses/${courseId}/quizzes`, { token, body: { title: 'Soil check', passingScore: 60, ...settings } });
  assert.equal(quiz.status, 201, quiz.text);
  const ql = await s.request('POST', `/v1/sections/${sectionId}/lessons`, { token, body: { title: 'Quiz', contentType: 'quiz', status: 'public', quizId: quiz.body.id } });
  assert.equal(ql.status, 201, ql.text);
  const add = async (body: Record<string, unknown>) => {
    const r = await s.request('POST', `/v1/quizzes/${quiz.body.id}/questions`, { token, body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const mc = await add({ type: 'multiple_choice', text: 'Sampling depth?', options: [{ text: '5 cm', isCorrect: false }, { text: '15 cm', isCorrect: true }, { text: '60 cm', isCorrect: false }], explanation: 'SECRET-EXPLANATION-MC', points: 2 });
  const tf = await add({ type: 'true_false', text: 'Sample near manure heaps?', options: [{ text: 'True', isCorrect: false }, { text: 'False', isCorrect: true }] });
  const sa = await add({ type: 'short_answer', text: 'Lateral pipe diameter in mm?', acceptedAnswers: ['16', 'V-cut secret'], explanation: 'SECRET-EXPLANATION-SA' });
  const essay = await add({ type: 'essay', text: 'Describe your field.', points: 3 });
  await publish(s, token, courseId);
  return { courseId, quizId: quiz.body.id as string, quizLesson: ql.body.id as string, textLesson: lessons[0], mc, tf, sa, essay };
}

type Built = Awaited<ReturnType<typeof quizCourse>>;
const right = (b: Built) => [
  { questionId: b.mc.id, optionId: b.mc.options.find((o: { isCorrect: boolean }) => o.isCorrect).id },
  { questionId: b.tf.id, optionId: b.tf.options.find((o: { isCorrect: boolean }) => o.isCorrect).id },
  { questionId: b.sa.id, text: '  १६. ' },
];

async function enrolled(s: TestServer, courseId: string) {
  const l = await s.newLearner();
  const r = await s.request('POST', `/v1/courses/${courseId}/enroll`, { token: l.token });
  assert.equal(r.status, 201, r.text);
  return l;
}

for (const kind of dbKinds()) {
  describe(`quizzes and attempts (${kind})`, () => {
    let s: TestServer;
    let d: Demo;
    before(async () => {
      s = await startTestServer(kind);
      d = await loadDemo(s);
    });
    after(() => s.close());

    test('quiz authoring: create, update, key for authors only; refusals', async () => {
      const b = await quizCourse(s, d.tokens.sunita);
      const edit = await s.request('GET', `/v1/quizzes/${b.quizId}/edit`, { token: d.tokens.sunita });
      assert.equal(edit.status, 200);
      assert.equal(edit.body.questionCount, 4);
      assert.equal(edit.body.totalPoints, 7);
      assert.equal(edit.body.lessonId, b.quizLesson);
      assert.equal(edit.body.questions[0].options[1].isCorrect, true);
      assert.deepEqual(edit.body.questions[2].acceptedAnswers, ['16', 'V-cut secret']);
      expectError(await s.request('GET', `/v1/quizzes/${b.quizId}/edit`, { token: d.tokens.rajesh }), 403);
      expectError(await s.request('GET', `/v1/quizzes/${b.quizId}/edit`, { token: d.tokens.learner }), 403);
      expectError(await s.request('GET', `/v1/quizzes/${b.quizId}/edit`), 401);

      const up = await s.request('PATCH', `/v1/quizzes/${b.quizId}`, { token: d.tokens.sunita, body: { timeLimitMinutes: 5, maxAttempts: 2, passingScore: 80 } });
      assert.equal(up.body.timeLimitMinutes, 5);
      assert.equal(up.body.maxAttempts, 2);
      const cleared = await s.request('PATCH', `/v1/quizzes/${b.quizId}`, { token: d.tokens.sunita, body: { timeLimitMinutes: null, maxAttempts: null } });
      assert.equal(cleared.body.timeLimitMinutes, null);
      assert.equal(cleared.body.maxAttempts, null);
      assert.equal(cleared.body.passingScore, 80);
      expectField(await s.request('PATCH', `/v1/quizzes/${b.quizId}`, { token: d.tokens.sunita, body: { passingScore: 101 } }), ['body', 'passingScore']);
      expectError(await s.request('PATCH', `/v1/quizzes/${b.quizId}`, { token: d.tokens.rajesh, body: { title: 'x' } }), 403);
      expectField(await s.request('POST', `/v1/courses/${b.courseId}/quizzes`, { token: d.tokens.sunita, body: { title: 'x', lessonId: d.courses.soil.lessons[0].id } }), ['body', 'lessonId']);
      expectError(await s.request('POST', `/v1/courses/${b.courseId}/quizzes`, { token: d.tokens.sunita, body: { title: 'x', lessonId: b.quizLesson } }), 409, 'already_exists');
      expectField(await s.request('POST', `/v1/courses/${b.courseId}/quizzes`, { token: d.tokens.sunita, body: {} }), ['body', 'title']);
      expectError(await s.request('POST', `/v1/courses/${b.courseId}/quizzes`, { token: d.tokens.learner, body: { title: 'x' } }), 403);
      const { courseId: draft } = await draftCourse(s, d.tokens.sunita, 1);
      expectError(await s.request('POST', `/v1/courses/${draft}/quizzes`, { token: d.tokens.rajesh, body: { title: 'x' } }), 404);
    });

    test('question authoring: shape rules name the field; update keeps option ids; delete', async () => {
      const b = await quizCourse(s, d.tokens.sunita);
      const url = `/v1/quizzes/${b.quizId}/questions`;
      const t = d.tokens.sunita;
      expectField(await s.request('POST', url, { token: t, body: { type: 'multiple_choice', text: 'x', options: [{ text: 'a', isCorrect: false }, { text: 'b', isCorrect: false }] } }), ['body', 'options']);
      expectField(await s.request('POST', url, { token: t, body: { type: 'true_false', text: 'x', options: [{ text: 'a', isCorrect: true }, { text: 'b', isCorrect: true }] } }), ['body', 'options']);
      expectField(await s.request('POST', url, { token: t, body: { type: 'short_answer', text: 'x' } }), ['body', 'acceptedAnswers']);
      expectField(await s.request('POST', url, { token: t, body: { type: 'essay', text: 'x', options: [{ text: 'a', isCorrect: true }] } }), ['body', 'options']);
      expectField(await s.request('POST', url, { token: t, body: { type: 'essay', text: '' } }), ['body', 'text']);
      expectField(await s.request('POST', url, { token: t, body: { type: 'poem', text: 'x' } }), ['body', 'type']);
      expectError(await s.request('POST', url, { token: d.tokens.rajesh, body: { type: 'essay', text: 'x' } }), 403);
      expectError(await s.request('POST', url, { token: d.tokens.learner, body: { type: 'essay', text: 'x' } }), 403);

      const qurl = `/v1/quiz-questions/${b.mc.id}`;
      const renamed = await s.request('PATCH', qurl, { token: t, body: { text: 'How deep?', options: [{ text: '5 cm', isCorrect: false }, { text: '15 cm', isCorrect: true }, { text: '1 m', isCorrect: false }] } });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.body.text, 'How deep?');
      assert.equal(renamed.body.options[0].id, b.mc.options[0].id);
      assert.equal(renamed.body.options[1].id, b.mc.options[1].id);
      assert.notEqual(renamed.body.options[2].id, b.mc.options[2].id);
      expectField(await s.request('PATCH', qurl, { token: t, body: { type: 'short_answer' } }), ['body', 'options']);
      expectError(await s.request('PATCH', qurl, { token: d.tokens.rajesh, body: { text: 'x' } }), 403);
      expectError(await s.request('DELETE', `/v1/quiz-questions/${b.essay.id}`, { token: d.tokens.rajesh }), 403);
      assert.equal((await s.request('DELETE', `/v1/quiz-questions/${b.essay.id}`, { token: t })).status, 200);
      expectError(await s.request('DELETE', `/v1/quiz-questions/${b.essay.id}`, { token: t }), 404);
      assert.equal((await s.request('GET', `/v1/quizzes/${b.quizId}/edit`, { token: t })).body.questionCount, 3);
    });

    test('quizzes.retrieve: questions for learners with access, never the key; nothing for others', async () => {
      const b = await quizCourse(s, d.tokens.sunita);
      const l = await enrolled(s, b.courseId);
      const r = await s.request('GET', `/v1/quizzes/${b.quizId}`, { token: l.token });
      assert.equal(r.status, 200);
      assert.equal(r.body.questions.length, 4);
      assert.deepEqual(Object.keys(r.body.questions[0].options[0]).sort(), ['id', 'text']);
      const anon = await s.request('GET', `/v1/quizzes/${b.quizId}`);
      assert.equal(anon.status, 200);
      assert.equal(anon.body.questionCount, 4);
      assert.deepEqual(anon.body.questions, []);
      const { courseId } = await draftCourse(s, d.tokens.sunita, 1);
      const hidden = await s.request('POST', `/v1/courses/${courseId}/quizzes`, { token: d.tokens.sunita, body: { title: 'hidden' } });
      expectError(await s.request('GET', `/v1/quizzes/${hidden.body.id}`, { token: l.token }), 404);
      expectError(await s.request('GET', '/v1/quizzes/00000000-0000-4000-8000-000000000000'), 404);
    });

    test('attempts: start, resume, grade with normalised short answers, reveal rules, submit once', async () => {
      const b = await quizCourse(s, d.tokens.sunita, { timeLimitMinutes: 10 });
      const l = await enrolled(s, b.courseId);
      const start = await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token });
      assert.equal(start.status, 201, start.text);
      assert.equal(start.body.attemptNumber, 1);
      assert.equal(start.body.status, 'in_progress');
      assert.deepEqual(start.body.answers, []);
      const left = Date.parse(start.body.deadline) - Date.parse(start.body.startedAt);
      assert.ok(Math.abs(left - 600_000) < 2000, `deadline ${left}ms after start`);
      const resumed = await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token });
      assert.equal(resumed.body.id, start.body.id);
      expectError(await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: (await s.newLearner()).token }), 403, 'not_enrolled');
      expectError(await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`), 401);

      const other = await s.newLearner();
      expectError(await s.request('POST', `/v1/attempts/${start.body.id}/submit`, { token: other.token, body: { answers: [] } }), 404);
      expectError(await s.request('GET', `/v1/attempts/${start.body.id}`, { token: other.token }), 404);
      expectField(await s.request('POST', `/v1/attempts/${start.body.id}/submit`, { token: l.token, body: { answers: [{ questionId: d.courses.soil.lessons[0].id }] } }), ['body', 'answers', 0, 'questionId']);
      expectField(await s.request('POST', `/v1/attempts/${start.body.id}/submit`, { token: l.token, body: { answers: [{ questionId: 'x' }] } }), ['body', 'answers', 0, 'questionId']);

      const sub = await s.request('POST', `/v1/attempts/${start.body.id}/submit`, { token: l.token, body: { answers: [...right(b), { questionId: b.essay.id, text: 'My field is sandy.' }] } });
      assert.equal(sub.status, 200, sub.text);
      assert.equal(sub.body.status, 'pending_review');
      assert.equal(sub.body.score, null);
      const sa = sub.body.answers.find((a: { questionId: string }) => a.questionId === b.sa.id);
      assert.equal(sa.isCorrect, true, 'Devanagari digits and punctuation are normalised');
      assert.deepEqual(sa.acceptedAnswers, ['16', 'V-cut secret']);
      assert.equal(sa.explanation, 'SECRET-EXPLANATION-SA');
      const essay = sub.body.answers.find((a: { questionId: string }) => a.questionId === b.essay.id);
      assert.equal(essay.isCorrect, null);
      assert.equal(essay.pointsEarned, null);
      // A second submission returns the first result unchanged.
      const again = await s.request('POST', `/v1/attempts/${start.body.id}/submit`, { token: l.token, body: { answers: [] } });
      assert.equal(again.status, 200);
      assert.deepEqual(again.body.answers, sub.body.answers);
      const rows = await s.db.query(`SELECT 1 FROM quiz_answers WHERE attempt_id = $1`, [start.body.id]);
      assert.equal(rows.rows.length, 4);
      // The course instructor may read it; another instructor may not.
      assert.equal((await s.request('GET', `/v1/attempts/${start.body.id}`, { token: d.tokens.sunita })).status, 200);
      expectError(await s.request('GET', `/v1/attempts/${start.body.id}`, { token: d.tokens.rajesh }), 404);
      const list = await s.request('GET', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token });
      assert.deepEqual(list.body.data.map((a: { id: string }) => a.id), [start.body.id]);
    });

    test('essay grading: pending list, validation, refusals, pass completes the quiz lesson and notifies', async () => {
      const b = await quizCourse(s, d.tokens.sunita);
      const l = await enrolled(s, b.courseId);
      const a = (await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token })).body;
      expectError(await s.request('POST', `/v1/attempts/${a.id}/grade`, { token: d.tokens.sunita, body: { grades: [{ questionId: b.essay.id, pointsEarned: 1 }] } }), 409);
      await s.request('POST', `/v1/attempts/${a.id}/submit`, { token: l.token, body: { answers: [...right(b), { questionId: b.essay.id, text: 'Clay loam, two plots.' }] } });
      const pending = await s.request('GET', `/v1/courses/${b.courseId}/attempts/pending`, { token: d.tokens.sunita });
      assert.deepEqual(pending.body.data.map((x: { id: string }) => x.id), [a.id]);
      expectError(await s.request('GET', `/v1/courses/${b.courseId}/attempts/pending`, { token: d.tokens.rajesh }), 403);
      expectError(await s.request('GET', `/v1/courses/${b.courseId}/attempts/pending`, { token: l.token }), 403);
      const g = (grades: unknown, token = d.tokens.sunita) => s.request('POST', `/v1/attempts/${a.id}/grade`, { token, body: { grades } });
      expectField(await g([{ questionId: b.essay.id, pointsEarned: 4 }]), ['body', 'grades', 0, 'pointsEarned']);
      expectField(await g([{ questionId: d.courses.soil.lessons[0].id, pointsEarned: 1 }]), ['body', 'grades', 0, 'questionId']);
      expectField(await g([]), ['body', 'grades']);
      expectError(await g([{ questionId: b.essay.id, pointsEarned: 3 }], d.tokens.rajesh), 404);
      expectError(await g([{ questionId: b.essay.id, pointsEarned: 3 }], l.token), 403);
      const graded = await g([{ questionId: b.essay.id, pointsEarned: 3, feedback: 'Good detail.' }]);
      assert.equal(graded.status, 200, graded.text);
      assert.equal(graded.body.status, 'graded');
      assert.equal(graded.body.score, 7);
      assert.equal(graded.body.percentage, 100);
      assert.equal(graded.body.passed, true);
      assert.equal(graded.body.answers.find((x: { questionId: string }) => x.questionId === b.essay.id).feedback, 'Good detail.');
      assert.equal(rec.of('quiz_graded', l.userId).length, 1);
      assert.equal(rec.of('quiz_passed', l.userId).length, 1);
      const n = await s.db.query(`SELECT 1 FROM notifications WHERE user_id = $1 AND type = 'essay_graded'`, [l.userId]);
      assert.equal(n.rows.length, 1);
      const audit = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'quiz_attempt' AND entity_id = $1 AND action = 'grade'`, [a.id]);
      assert.equal(audit.rows.length, 1);
      // Passing completed the quiz lesson; completing the other lesson completes the course.
      const prog = await s.request('GET', `/v1/courses/${b.courseId}/progress`, { token: l.token });
      assert.equal(prog.body.lessons.find((x: { lessonId: string }) => x.lessonId === b.quizLesson).status, 'completed');
      const done = await s.request('POST', `/v1/lessons/${b.textLesson}/complete`, { token: l.token });
      assert.equal(done.body.enrollment.status, 'completed');
      // Regrading does not pass twice.
      await g([{ questionId: b.essay.id, pointsEarned: 2 }]);
      assert.equal(rec.of('quiz_passed', l.userId).length, 1);
      assert.equal((await s.request('GET', `/v1/courses/${b.courseId}/attempts/pending`, { token: d.tokens.sunita })).body.data.length, 0);
    });

    test('attempt limit, shuffled order per attempt, hidden answers when the quiz says so', async () => {
      const b = await quizCourse(s, d.tokens.sunita, { maxAttempts: 2, shuffleQuestions: true, showCorrectAnswers: false });
      const l = await enrolled(s, b.courseId);
      const a1 = (await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token })).body;
      assert.equal(a1.attemptsRemaining, 1);
      assert.equal(new Set(a1.questionOrder).size, 4);
      const q = await s.request('GET', `/v1/quizzes/${b.quizId}`, { token: l.token });
      assert.deepEqual(q.body.questions.map((x: { id: string }) => x.id), a1.questionOrder, 'questions follow the open attempt');
      const s1 = await s.request('POST', `/v1/attempts/${a1.id}/submit`, { token: l.token, body: { answers: [{ questionId: b.mc.id, optionId: b.mc.options[0].id }] } });
      assert.equal(s1.body.passed, false);
      const mc = s1.body.answers.find((x: { questionId: string }) => x.questionId === b.mc.id);
      assert.equal(mc.isCorrect, false);
      assert.equal('correctOptionIds' in mc, false);
      assert.equal('explanation' in mc, false);
      const a2 = (await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token })).body;
      assert.equal(a2.attemptNumber, 2);
      assert.equal(a2.attemptsRemaining, 0);
      await s.request('POST', `/v1/attempts/${a2.id}/submit`, { token: l.token, body: { answers: [] } });
      expectError(await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token }), 409, 'attempt_limit_reached');
      // The instructor sees the key regardless.
      const asAuthor = await s.request('GET', `/v1/attempts/${a1.id}`, { token: d.tokens.sunita });
      assert.ok(asAuthor.body.answers.find((x: { questionId: string }) => x.questionId === b.mc.id).correctOptionIds);
    });

    test('late submissions count nothing and are marked; an expired open attempt is closed on restart', async () => {
      const b = await quizCourse(s, d.tokens.sunita, { timeLimitMinutes: 1 });
      const l = await enrolled(s, b.courseId);
      const a = (await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token })).body;
      // Within the grace period the answers still count.
      await s.db.query(`UPDATE quiz_attempts SET deadline = now() - interval '10 seconds' WHERE id = $1`, [a.id]);
      const inGrace = await s.request('POST', `/v1/attempts/${a.id}/submit`, { token: l.token, body: { answers: right(b) } });
      assert.equal(inGrace.body.submittedLate, false);
      assert.equal(inGrace.body.score, 4);
      const a2 = (await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token })).body;
      await s.db.query(`UPDATE quiz_attempts SET deadline = now() - interval '2 minutes' WHERE id = $1`, [a2.id]);
      const late = await s.request('POST', `/v1/attempts/${a2.id}/submit`, { token: l.token, body: { answers: right(b) } });
      assert.equal(late.body.submittedLate, true);
      assert.equal(late.body.score, 0);
      assert.equal(late.body.passed, false);
      assert.ok(late.body.answers.every((x: { pointsEarned: number }) => x.pointsEarned === 0));
      const a3 = (await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token })).body;
      await s.db.query(`UPDATE quiz_attempts SET deadline = now() - interval '2 minutes' WHERE id = $1`, [a3.id]);
      const a4 = (await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token })).body;
      assert.equal(a4.attemptNumber, 4);
      const closed = (await s.request('GET', `/v1/attempts/${a3.id}`, { token: l.token })).body;
      assert.equal(closed.submittedLate, true);
      assert.equal(closed.status, 'graded');
    });

    test('the answer key never reaches a learner before submission', async () => {
      const b = await quizCourse(s, d.tokens.sunita);
      const l = await enrolled(s, b.courseId);
      const edit = (await s.request('GET', `/v1/quizzes/${b.quizId}/edit`, { token: d.tokens.sunita })).body;
      const correctIds = edit.questions.flatMap((x: { options: { id: string; isCorrect: boolean }[] }) => x.options.filter((o) => o.isCorrect).map((o) => o.id));
      const start = await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token });
      const responses = [
        await s.request('GET', `/v1/quizzes/${b.quizId}`, { token: l.token }),
        await s.request('GET', `/v1/quizzes/${b.quizId}`),
        start,
        await s.request('POST', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token }),
        await s.request('GET', `/v1/attempts/${start.body.id}`, { token: l.token }),
        await s.request('GET', `/v1/quizzes/${b.quizId}/attempts`, { token: l.token }),
        await s.request('GET', `/v1/courses/${b.courseId}`, { token: l.token }),
        await s.request('GET', `/v1/courses/${b.courseId}`),
        await s.request('GET', `/v1/lessons/${b.quizLesson}`, { token: l.token }),
        await s.request('GET', `/v1/courses/${b.courseId}/progress`, { token: l.token }),
      ];
      for (const r of responses) {
        assert.ok(r.status < 300, r.text);
        for (const secret of ['isCorrect', 'acceptedAnswers', 'explanation', 'correctOptionIds', 'SECRET-EXPLANATION', 'V-cut secret']) {
          assert.equal(r.text.includes(secret), false, `${secret} leaked in ${r.text.slice(0, 200)}`);
        }
      }
      // Option ids are shown (learners answer with them) but nothing marks which are correct.
      const quiz = responses[0].body;
      const shown = quiz.questions.flatMap((x: { options: { id: string }[] }) => x.options.map((o) => o.id));
      assert.ok(correctIds.every((id: string) => shown.includes(id)));
      // The demo quizzes too.
      for (const key of ['soil', 'drip', 'kharif', 'aphid'] as const) {
        const lesson = d.courses[key].lessons.find((x) => x.contentType === 'quiz')!;
        const r = await s.request('GET', `/v1/quizzes/${lesson.quizId}`, { token: d.tokens.admin });
        assert.ok(r.body.questions.length >= 2);
        assert.equal(/isCorrect|acceptedAnswers|explanation/.test(r.text), false);
      }
    });
  });
}
