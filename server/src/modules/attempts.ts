import { randomInt } from 'node:crypto';
import { ERROR_CODES } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { badField, conflict, HttpError, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import type { Services } from '../core/services.js';
import { UNIQUE_VIOLATION, sqlState } from '../db/types.js';
import { canAuthor, findCourse } from '../shared-sql/courses.js';
import { audit } from '../shared-sql/audit.js';
import { notify } from '../shared-sql/notifications.js';
import { authorCourse } from '../shared-sql/scope.js';
import { emit } from '../core/events.js';
import { LATE_GRACE_SECONDS, findQuiz, loadQuestions, scoreAnswers, type AnswerRow, type AttemptRow, type QuizRow } from '../shared-sql/quizzes.js';
import { attemptView, attemptViews, finalizeAttempt, onQuizPassed } from './attempts.queries.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { newId } from '../core/ids.js';
import { visibleQuiz } from './quizzes.js';
import { defineModule } from './module.js';
import type { Who } from '../core/tenancy.js';

/** Fisher–Yates with a CSPRNG: learners must not predict the next attempt's order. */
function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Whether a timed attempt is past its deadline plus {@link LATE_GRACE_SECONDS}. */
function isLate(a: Pick<AttemptRow, 'deadline'>, now: Date): boolean {
  return !!a.deadline && now.getTime() > a.deadline.getTime() + LATE_GRACE_SECONDS * 1000;
}

/** Opens the next attempt, or resumes the open one (closing it first if its time ran out). */
async function startAttempt(q: Queryable, services: Services, quiz: QuizRow, userId: string): Promise<{ attempt: AttemptRow; created: boolean }> {
  const open = (await q.query<AttemptRow>(
    `SELECT * FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2 AND status = 'in_progress' FOR UPDATE`, [quiz.id, userId])).rows[0];
  if (open && !isLate(open, services.now())) return { attempt: open, created: false };
  // An attempt whose time ran out counts, with nothing answered.
  if (open) await finalizeAttempt(q, services, open, quiz, await loadQuestions(q, quiz.id), [], true);
  const used = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2`, [quiz.id, userId])).rows[0].n;
  if (quiz.max_attempts !== null && used >= quiz.max_attempts) {
    throw conflict(ERROR_CODES.attemptLimit, `You have used all ${quiz.max_attempts} attempts at this quiz`);
  }
  const questions = await loadQuestions(q, quiz.id);
  const order = (quiz.shuffle_questions ? shuffled(questions) : questions).map((x) => x.id);
  const r = await q.query<AttemptRow>(
    `INSERT INTO quiz_attempts (id, quiz_id, course_id, user_id, attempt_number, deadline, max_score, question_order)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(mins => $6::int) END, $7, $8) RETURNING *`,
    [newId(), quiz.id, quiz.course_id, userId, used + 1, quiz.time_limit_minutes, quiz.total_points, JSON.stringify(order)],
  );
  return { attempt: r.rows[0], created: true };
}

/** Loads an attempt the caller may read: their own, or one in a course they author. */
async function readableAttempt(q: Queryable, ctx: { auth: Who }, id: string, lock = false) {
  const a = (await q.query<AttemptRow>(`SELECT * FROM quiz_attempts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0];
  if (!a) throw notFound('Attempt');
  const user = ctx.auth.user!;
  if (a.user_id === user.id) return { attempt: a, asAuthor: false };
  const course = await findCourse(q, a.course_id);
  if (course && canAuthor(ctx.auth, course)) return { attempt: a, asAuthor: true };
  throw notFound('Attempt');
}

const handlers = defineHandlers({
  'attempts.start': async (ctx) => {
    const user = ctx.auth.user!;
    const run = () => ctx.services.db.tx(async (q) => {
      const { quiz } = await visibleQuiz(q, ctx.auth, ctx.params.id);
      const enrolled = await q.query(`SELECT 1 FROM enrollments WHERE user_id = $1 AND course_id = $2 AND is_active`, [user.id, quiz.course_id]);
      if (!enrolled.rows[0]) throw new HttpError(403, ERROR_CODES.notEnrolled, 'Enrol in the course to take this quiz');
      if (quiz.question_count === 0) throw conflict(ERROR_CODES.conflict, 'This quiz has no questions yet');
      const { attempt, created } = await startAttempt(q, ctx.services, quiz, user.id);
      if (created) await audit(q, ctx, { entityName: 'quiz_attempt', entityId: attempt.id, action: 'create', newValues: { quizId: quiz.id, attemptNumber: attempt.attempt_number } });
      return attemptView(q, attempt, false);
    });
    try {
      return await run();
    } catch (err) {
      // Two starts raced to open the same attempt number: the loser resumes the winner's.
      if (sqlState(err) === UNIQUE_VIOLATION) return run();
      throw err;
    }
  },

  'attempts.list': async (ctx) => {
    const db = ctx.services.db;
    const { quiz } = await visibleQuiz(db, ctx.auth, ctx.params.id);
    const r = await db.query<AttemptRow>(`SELECT * FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2 ORDER BY attempt_number`, [quiz.id, ctx.auth.user!.id]);
    return { data: await attemptViews(db, r.rows, false) };
  },

  'attempts.retrieve': async (ctx) => {
    const db = ctx.services.db;
    const { attempt, asAuthor } = await readableAttempt(db, ctx, ctx.params.id);
    return attemptView(db, attempt, asAuthor);
  },

  /**
   * Submits answers. Graded exactly once: concurrent or repeated submissions of a closed
   * attempt answer its stored result unchanged. Past the deadline plus
   * {@link LATE_GRACE_SECONDS}, nothing counts and the attempt is marked `submittedLate`.
   */
  'attempts.submit': async (ctx) => {
    const user = ctx.auth.user!;
    const answers = ctx.body.answers;
    return ctx.services.db.tx(async (q) => {
      const attempt = (await q.query<AttemptRow>(`SELECT * FROM quiz_attempts WHERE id = $1 AND user_id = $2`, [ctx.params.id, user.id])).rows[0];
      if (!attempt) throw notFound('Attempt');
      if (attempt.status !== 'in_progress') return attemptView(q, attempt, false);
      const inOrder = new Set(attempt.question_order);
      const seen = new Set<string>();
      for (const [i, a] of answers.entries()) {
        if (!inOrder.has(a.questionId)) throw badField(['body', 'answers', i, 'questionId'], 'Not a question of this attempt');
        if (seen.has(a.questionId)) throw badField(['body', 'answers', i, 'questionId'], 'Answered twice');
        seen.add(a.questionId);
      }
      const quiz = (await findQuiz(q, attempt.quiz_id))!;
      const won = await finalizeAttempt(q, ctx.services, attempt, quiz, await loadQuestions(q, quiz.id), answers, isLate(attempt, ctx.services.now()));
      if (won) {
        await audit(q, ctx, { entityName: 'quiz_attempt', entityId: won.id, action: 'update', newValues: { status: won.status, score: won.score, passed: won.passed, late: won.submitted_late } });
        await emit(q, { type: 'activity', userId: user.id, at: ctx.services.now() }, ctx.services);
      }
      const final = (await q.query<AttemptRow>(`SELECT * FROM quiz_attempts WHERE id = $1`, [attempt.id])).rows[0];
      return attemptView(q, final, false);
    });
  },

  'attempts.grade': async (ctx) => {
    const grades = ctx.body.grades;
    return ctx.services.db.tx(async (q) => {
      const found = (await q.query<AttemptRow>(`SELECT * FROM quiz_attempts WHERE id = $1 FOR UPDATE`, [ctx.params.id])).rows[0];
      if (!found) throw notFound('Attempt');
      // Attempts are private: an instructor of another course gets 404, not 403.
      await authorCourse(q, ctx.auth, found.course_id, 'Attempt', true);
      if (found.status === 'in_progress') throw conflict(ERROR_CODES.conflict, 'The attempt is still open; grade it after the learner submits');
      const quiz = (await findQuiz(q, found.quiz_id))!;
      const answers = (await q.query<AnswerRow>(`SELECT * FROM quiz_answers WHERE attempt_id = $1`, [found.id])).rows;
      const byQ = new Map(answers.map((a) => [a.question_id, a]));
      for (const [i, g] of grades.entries()) {
        const a = byQ.get(g.questionId);
        if (!a) throw badField(['body', 'grades', i, 'questionId'], 'Not a question of this attempt');
        if (g.pointsEarned > a.max_points) throw badField(['body', 'grades', i, 'pointsEarned'], `At most ${a.max_points} points`);
        a.points_earned = g.pointsEarned;
        await q.query(
          `UPDATE quiz_answers SET points_earned = $3, is_correct = $4, feedback = COALESCE($5, feedback), updated_at = now() WHERE attempt_id = $1 AND question_id = $2`,
          // Full marks is "correct"; partial credit is not.
          [found.id, g.questionId, g.pointsEarned, g.pointsEarned === a.max_points, g.feedback ?? null]);
      }
      const s = scoreAnswers(answers, found.max_score, quiz.passing_score);
      const r = await q.query<AttemptRow>(
        `UPDATE quiz_attempts SET status = $2, score = $3, percentage = $4, passed = $5, graded_at = CASE WHEN $2 = 'graded' THEN now() END, graded_by = $6
          WHERE id = $1 RETURNING *`,
        [found.id, s.status, s.score, s.percentage, s.passed, ctx.auth.user!.id]);
      const row = r.rows[0];
      await audit(q, ctx, { entityName: 'quiz_attempt', entityId: row.id, action: 'grade', oldValues: { score: found.score, passed: found.passed, status: found.status }, newValues: { grades, score: row.score, passed: row.passed } });
      if (row.status === 'graded') {
        await emit(q, { type: 'quiz_graded', userId: row.user_id, courseId: quiz.course_id, quizId: quiz.id, attemptId: row.id, passed: row.passed === true }, ctx.services);
        if (row.passed && found.passed !== true) await onQuizPassed(q, ctx.services, row, quiz);
        await notify(q, {
          userId: row.user_id, type: 'essay_graded', title: `Graded: ${quiz.title}`,
          message: `Your answers were graded: ${row.score}/${row.max_score} (${row.passed ? 'passed' : 'not passed yet'}).`,
          relatedEntityType: 'quiz_attempt', relatedEntityId: row.id, metadata: { quizId: quiz.id, courseId: quiz.course_id },
        });
      }
      return attemptView(q, row, true);
    });
  },

  'attempts.pending': async (ctx) => {
    const db = ctx.services.db;
    const course = await authorCourse(db, ctx.auth, ctx.params.id);
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']) as [string, string] | null;
    const r = await db.query<AttemptRow>(
      `SELECT * FROM quiz_attempts WHERE course_id = $1 AND status = 'pending_review'
          AND ($2::timestamptz IS NULL OR (submitted_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY submitted_at, id LIMIT $4`,
      [course.id, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1]);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return { data: await attemptViews(db, rows, true), nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.submitted_at!.toISOString(), last.id]) : null };
  },
});

/** Quiz attempts: start/resume, submit (graded once), instructor grading. */
export const attemptsModule = defineModule({ name: 'attempts', handlers });
