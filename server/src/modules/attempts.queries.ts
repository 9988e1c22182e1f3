import type { AnswerInput, QuizAttempt } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import type { Services } from '../core/services.js';
import { emit } from '../core/events.js';
import { completeLesson, lockEnrollment, settleCourse } from './learning.queries.js';
import {
  gradeAnswer, scoreAnswers, toAttempt, type AnswerRow, type AttemptRow, type QuestionRow, type QuizRow,
} from '../shared-sql/quizzes.js';

/**
 * What happens when an attempt passes: `quiz_passed`, then the course moves on — the quiz's
 * lesson completes (which settles the course), or for a standalone quiz the course is settled
 * directly. Runs under the enrollment lock like every other progress write.
 */
export async function onQuizPassed(q: Queryable, services: Services, attempt: AttemptRow, quiz: Pick<QuizRow, 'id' | 'course_id' | 'lesson_id'>): Promise<void> {
  await emit(q, { type: 'quiz_passed', userId: attempt.user_id, courseId: quiz.course_id, quizId: quiz.id, attemptId: attempt.id }, services);
  const enrollment = await lockEnrollment(q, attempt.user_id, quiz.course_id);
  if (!enrollment) return;
  const completed = quiz.lesson_id ? await completeLesson(q, services, attempt.user_id, quiz.course_id, quiz.lesson_id) : false;
  // Settling twice is harmless; skipping it could miss a quiz counted on its own.
  if (!completed) await settleCourse(q, services, attempt.user_id, quiz.course_id);
}

/**
 * Grades and closes an open attempt exactly once: the conditional `UPDATE … WHERE status =
 * 'in_progress' RETURNING` lets one submission win however many arrive together; the others get
 * null and answer with the winner's result. A late attempt (past its deadline and the grace)
 * is closed with every answer scored as unanswered and `submitted_late` set.
 */
export async function finalizeAttempt(
  q: Queryable, services: Services, attempt: AttemptRow, quiz: QuizRow, questions: QuestionRow[], inputs: AnswerInput[], late: boolean,
): Promise<AttemptRow | null> {
  const byId = new Map(questions.map((x) => [x.id, x]));
  const given = new Map(inputs.map((a) => [a.questionId, a]));
  // Questions deleted since the attempt started are not scored.
  const graded = attempt.question_order.filter((id) => byId.has(id)).map((id) => gradeAnswer(byId.get(id)!, late ? undefined : given.get(id)));
  const maxScore = graded.reduce((n, g) => n + g.maxPoints, 0);
  const s = scoreAnswers(graded.map((g) => ({ points_earned: g.pointsEarned, max_points: g.maxPoints })), maxScore, quiz.passing_score);
  const r = await q.query<AttemptRow>(
    `UPDATE quiz_attempts SET status = $2, score = $3, percentage = $4, passed = $5, max_score = $6, submitted_late = $7,
       submitted_at = now(), time_spent_seconds = GREATEST(0, round(extract(epoch FROM now() - started_at)))::int,
       graded_at = CASE WHEN $2 = 'graded' THEN now() END
     WHERE id = $1 AND status = 'in_progress' RETURNING *`,
    [attempt.id, s.status, s.score, s.percentage, s.passed, maxScore, late],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (graded.length) {
    await q.query(
      `INSERT INTO quiz_answers (id, attempt_id, question_id, option_id, text, is_correct, points_earned, max_points)
       SELECT gen_random_uuid(), $1, v.qid, v.opt, v.txt, v.ok, v.pts, v.mx
         FROM (SELECT unnest($2::uuid[]) AS qid, unnest($3::text[]) AS opt, unnest($4::text[]) AS txt, unnest($5::boolean[]) AS ok,
                      unnest($6::int[]) AS pts, unnest($7::int[]) AS mx) v`,
      [row.id, graded.map((g) => g.questionId), graded.map((g) => g.optionId), graded.map((g) => g.text), graded.map((g) => g.isCorrect),
        graded.map((g) => g.pointsEarned), graded.map((g) => g.maxPoints)],
    );
  }
  if (row.status === 'graded') {
    await emit(q, { type: 'quiz_graded', userId: row.user_id, courseId: quiz.course_id, quizId: quiz.id, attemptId: row.id, passed: row.passed === true }, services);
    if (row.passed) await onQuizPassed(q, services, row, quiz);
  }
  return row;
}

/**
 * API views of attempts, loading answers, questions and quiz settings in three queries however
 * many attempts there are. `asAuthor` reveals correct answers whatever the quiz says.
 */
export async function attemptViews(q: Queryable, attempts: AttemptRow[], asAuthor: boolean): Promise<QuizAttempt[]> {
  if (!attempts.length) return [];
  const ids = attempts.map((a) => a.id);
  const quizIds = [...new Set(attempts.map((a) => a.quiz_id))];
  const answers = await q.query<AnswerRow & { attempt_id: string }>(`SELECT * FROM quiz_answers WHERE attempt_id = ANY($1::uuid[])`, [ids]);
  const questions = await q.query<QuestionRow>(`SELECT * FROM quiz_questions WHERE quiz_id = ANY($1::uuid[])`, [quizIds]);
  const quizzes = await q.query<{ id: string; show_correct_answers: boolean; max_attempts: number | null }>(
    `SELECT id, show_correct_answers, max_attempts FROM quizzes WHERE id = ANY($1::uuid[])`, [quizIds]);
  const used = await q.query<{ quiz_id: string; user_id: string; n: number }>(
    `SELECT quiz_id, user_id, count(*)::int AS n FROM quiz_attempts WHERE quiz_id = ANY($1::uuid[]) AND user_id = ANY($2::uuid[]) GROUP BY quiz_id, user_id`,
    [quizIds, [...new Set(attempts.map((a) => a.user_id))]]);
  const qMap = new Map(questions.rows.map((x) => [x.id, x]));
  const quizMap = new Map(quizzes.rows.map((z) => [z.id, z]));
  return attempts.map((a) => {
    const pos = new Map(a.question_order.map((id, i) => [id, i]));
    const mine = answers.rows.filter((x) => x.attempt_id === a.id).sort((x, y) => (pos.get(x.question_id) ?? 1e9) - (pos.get(y.question_id) ?? 1e9));
    const quiz = quizMap.get(a.quiz_id)!;
    const n = used.rows.find((u) => u.quiz_id === a.quiz_id && u.user_id === a.user_id)?.n ?? 0;
    const remaining = quiz.max_attempts === null ? null : Math.max(0, quiz.max_attempts - n);
    return toAttempt(a, mine, qMap, asAuthor || quiz.show_correct_answers, remaining);
  });
}

/** One attempt's view. */
export async function attemptView(q: Queryable, attempt: AttemptRow, asAuthor: boolean): Promise<QuizAttempt> {
  return (await attemptViews(q, [attempt], asAuthor))[0];
}
