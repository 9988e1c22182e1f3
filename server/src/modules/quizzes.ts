import { ERROR_CODES, type CreateQuestionRequest } from '@furrow/schema';
import type { z } from 'zod';
import { defineHandlers } from '../core/context.js';
import { badField, conflict, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import type { Who } from '../core/tenancy.js';
import { UNIQUE_VIOLATION, sqlState } from '../db/types.js';
import { courseVisible, findCourse, viewerOf, type CourseRow, type Viewer } from '../shared-sql/courses.js';
import { audit } from '../shared-sql/audit.js';
import { authorCourse } from '../shared-sql/scope.js';
import { catalogTx } from '../shared-sql/catalog-tx.js';
import {
  checkQuestionShape, findQuiz, loadQuestions, newOptionId, toAuthorQuestion, toPublicQuestion, toQuiz,
  type QuestionRow, type QuizRow, type StoredOption,
} from '../shared-sql/quizzes.js';
import { newId } from '../core/ids.js';
import { defineModule } from './module.js';

/** What a learner-facing quiz route needs to know about who is looking. */
export interface VisibleQuiz { quiz: QuizRow; course: CourseRow; viewer: Viewer; lessonStatus: string | null }

/**
 * Loads a quiz the caller may see: its course is visible to them and, unless they author it,
 * the lesson that plays it is not private. Anything else is a 404.
 */
export async function visibleQuiz(q: Queryable, who: Who, id: string): Promise<VisibleQuiz> {
  const quiz = await findQuiz(q, id);
  if (!quiz) throw notFound('Quiz');
  const course = (await findCourse(q, quiz.course_id))!;
  const viewer = await viewerOf(q, who, course);
  if (!courseVisible(course, viewer)) throw notFound('Quiz');
  let lessonStatus: string | null = null;
  if (quiz.lesson_id) {
    const l = (await q.query<{ status: string; hidden: boolean }>(
      `SELECT l.status, (l.status = 'private' OR s.status = 'private') AS hidden FROM lessons l JOIN sections s ON s.id = l.section_id WHERE l.id = $1`,
      [quiz.lesson_id])).rows[0];
    if (l?.hidden && !viewer.isAuthor) throw notFound('Quiz');
    lessonStatus = l?.status ?? null;
  }
  return { quiz, course, viewer, lessonStatus };
}

/** Loads a quiz for authoring (its instructor or an admin). */
async function authorQuiz(q: Queryable, who: Who, id: string): Promise<QuizRow> {
  const quiz = await findQuiz(q, id);
  if (!quiz) throw notFound('Quiz');
  await authorCourse(q, who, quiz.course_id, 'Quiz');
  return quiz;
}

async function quizForAuthor(q: Queryable, id: string) {
  const quiz = (await findQuiz(q, id))!;
  return { ...toQuiz(quiz), questions: (await loadQuestions(q, id)).map(toAuthorQuestion) };
}

/** Points a lesson at the quiz (and the quiz back at the lesson); one quiz per lesson. */
async function linkLesson(q: Queryable, quizId: string, courseId: string, lessonId: string | null | undefined): Promise<void> {
  if (lessonId === undefined) return;
  if (lessonId) {
    const l = await q.query(`SELECT 1 FROM lessons WHERE id = $1 AND course_id = $2`, [lessonId, courseId]);
    if (!l.rows[0]) throw badField(['body', 'lessonId'], 'No lesson with this id in this course');
  }
  await q.query(`UPDATE lessons SET quiz_id = NULL, updated_at = now() WHERE quiz_id = $1 AND id IS DISTINCT FROM $2`, [quizId, lessonId]);
  try {
    await q.query(`UPDATE quizzes SET lesson_id = $2 WHERE id = $1`, [quizId, lessonId]);
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) throw conflict(ERROR_CODES.alreadyExists, 'That lesson already plays another quiz');
    throw err;
  }
  if (lessonId) await q.query(`UPDATE lessons SET quiz_id = $1, updated_at = now() WHERE id = $2`, [quizId, lessonId]);
}

type QuestionBody = Partial<z.infer<typeof CreateQuestionRequest>>;

/** Stored options for a question; an option whose text is unchanged at the same place keeps its id. */
function storedOptions(body: QuestionBody, before: StoredOption[] = []): StoredOption[] | null {
  if (!body.options) return null;
  return body.options.map((o, i) => ({ id: before[i]?.text === o.text ? before[i].id : newOptionId(), text: o.text, isCorrect: o.isCorrect }));
}

const handlers = defineHandlers({
  /**
   * A quiz without its answer key. Questions come only to viewers who may play the quiz (access
   * to the course, or a preview lesson), in the order of the caller's open attempt if any.
   */
  'quizzes.retrieve': async (ctx) => {
    const db = ctx.services.db;
    const { quiz, viewer, lessonStatus } = await visibleQuiz(db, ctx.auth, ctx.params.id);
    const playable = viewer.hasAccess || lessonStatus === 'preview';
    let questions = playable ? await loadQuestions(db, quiz.id) : [];
    if (playable && viewer.user) {
      const open = await db.query<{ question_order: string[] }>(
        `SELECT question_order FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2 AND status = 'in_progress'`, [quiz.id, viewer.user.id]);
      const order = open.rows[0]?.question_order;
      if (order) {
        const pos = new Map(order.map((id, i) => [id, i]));
        questions = [...questions].sort((a, b) => (pos.get(a.id) ?? 1e9) - (pos.get(b.id) ?? 1e9));
      }
    }
    return { ...toQuiz(quiz), questions: questions.map(toPublicQuestion) };
  },

  'quizzes.retrieveForAuthor': async (ctx) => {
    const db = ctx.services.db;
    const quiz = await authorQuiz(db, ctx.auth, ctx.params.id);
    return quizForAuthor(db, quiz.id);
  },

  'quizzes.create': async (ctx) => {
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const course = await authorCourse(q, ctx.auth, ctx.params.id);
      const id = newId();
      await q.query(
        `INSERT INTO quizzes (id, course_id, title, description, passing_score, time_limit_minutes, shuffle_questions, show_correct_answers,
           max_attempts, is_required, position)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10, COALESCE($11, (SELECT COALESCE(max(position) + 1, 0) FROM quizzes WHERE course_id = $2)))`,
        [id, course.id, b.title, b.description ?? null, b.passingScore ?? 70, b.timeLimitMinutes ?? null, b.shuffleQuestions ?? false,
          b.showCorrectAnswers ?? true, b.maxAttempts ?? null, b.isRequired ?? true, b.order ?? null],
      );
      await linkLesson(q, id, course.id, b.lessonId ?? undefined);
      await audit(q, ctx, { entityName: 'quiz', entityId: id, action: 'create', newValues: b, metadata: { courseId: course.id } });
      return quizForAuthor(q, id);
    });
  },

  'quizzes.update': async (ctx) => {
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const before = await authorQuiz(q, ctx.auth, ctx.params.id);
      await q.query(
        `UPDATE quizzes SET title = COALESCE($2, title), description = CASE WHEN $3::boolean THEN $4 ELSE description END,
           passing_score = COALESCE($5, passing_score), time_limit_minutes = CASE WHEN $6::boolean THEN $7::int ELSE time_limit_minutes END,
           shuffle_questions = COALESCE($8, shuffle_questions), show_correct_answers = COALESCE($9, show_correct_answers),
           max_attempts = CASE WHEN $10::boolean THEN $11::int ELSE max_attempts END, is_required = COALESCE($12, is_required),
           position = COALESCE($13, position), updated_at = now()
         WHERE id = $1`,
        [before.id, b.title ?? null, b.description !== undefined, b.description ?? null, b.passingScore ?? null, b.timeLimitMinutes !== undefined,
          b.timeLimitMinutes ?? null, b.shuffleQuestions ?? null, b.showCorrectAnswers ?? null, b.maxAttempts !== undefined, b.maxAttempts ?? null,
          b.isRequired ?? null, b.order ?? null],
      );
      await linkLesson(q, before.id, before.course_id, b.lessonId);
      await audit(q, ctx, { entityName: 'quiz', entityId: before.id, action: 'update', oldValues: toQuiz(before), newValues: b });
      return quizForAuthor(q, before.id);
    });
  },

  'quizQuestions.create': async (ctx) => {
    const b = ctx.body;
    return ctx.services.db.tx(async (q) => {
      const quiz = await authorQuiz(q, ctx.auth, ctx.params.id);
      const options = storedOptions(b) ?? [];
      const accepted = b.acceptedAnswers ?? [];
      checkQuestionShape(b.type, options, accepted);
      const r = await q.query<QuestionRow>(
        `INSERT INTO quiz_questions (id, quiz_id, type, text, options, accepted_answers, points, position, explanation, difficulty)
         VALUES ($1,$2,$3,$4,$5,$6,$7, COALESCE($8, (SELECT COALESCE(max(position) + 1, 0) FROM quiz_questions WHERE quiz_id = $2)), $9, $10)
         RETURNING *`,
        [newId(), quiz.id, b.type, b.text, JSON.stringify(options), JSON.stringify(accepted), b.points ?? 1, b.order ?? null,
          b.explanation ?? null, b.difficulty ?? 'medium'],
      );
      await q.query(`UPDATE quizzes SET updated_at = now() WHERE id = $1`, [quiz.id]);
      await audit(q, ctx, { entityName: 'quiz_question', entityId: r.rows[0].id, action: 'create', newValues: b, metadata: { quizId: quiz.id } });
      return toAuthorQuestion(r.rows[0]);
    });
  },

  'quizQuestions.update': async (ctx) => {
    const b = ctx.body;
    return ctx.services.db.tx(async (q) => {
      const before = (await q.query<QuestionRow>(`SELECT * FROM quiz_questions WHERE id = $1 FOR UPDATE`, [ctx.params.id])).rows[0];
      if (!before) throw notFound('Question');
      await authorQuiz(q, ctx.auth, before.quiz_id);
      const type = b.type ?? before.type;
      const options = storedOptions(b, before.options) ?? before.options;
      const accepted = b.acceptedAnswers ?? before.accepted_answers;
      checkQuestionShape(type, options, accepted);
      const r = await q.query<QuestionRow>(
        `UPDATE quiz_questions SET type = $2, text = COALESCE($3, text), options = $4, accepted_answers = $5, points = COALESCE($6, points),
           position = COALESCE($7, position), explanation = CASE WHEN $8::boolean THEN $9 ELSE explanation END,
           difficulty = COALESCE($10, difficulty), updated_at = now()
         WHERE id = $1 RETURNING *`,
        [before.id, type, b.text ?? null, JSON.stringify(options), JSON.stringify(accepted), b.points ?? null, b.order ?? null,
          b.explanation !== undefined, b.explanation ?? null, b.difficulty ?? null],
      );
      await audit(q, ctx, { entityName: 'quiz_question', entityId: before.id, action: 'update', oldValues: toAuthorQuestion(before), newValues: b });
      return toAuthorQuestion(r.rows[0]);
    });
  },

  'quizQuestions.delete': async (ctx) => {
    return ctx.services.db.tx(async (q) => {
      const before = (await q.query<QuestionRow>(`SELECT * FROM quiz_questions WHERE id = $1`, [ctx.params.id])).rows[0];
      if (!before) throw notFound('Question');
      await authorQuiz(q, ctx.auth, before.quiz_id);
      await q.query(`DELETE FROM quiz_questions WHERE id = $1`, [before.id]);
      await audit(q, ctx, { entityName: 'quiz_question', entityId: before.id, action: 'delete', oldValues: toAuthorQuestion(before) });
      return { ok: true as const };
    });
  },
});

/** Quizzes and questions: learner view (no answer key) and authoring. */
export const quizzesModule = defineModule({ name: 'quizzes', handlers });
