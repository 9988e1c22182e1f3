import type { Answer, Question, QuestionListQuery, Role } from '@furrow/schema';
import type { z } from 'zod';
import { defineHandlers, type Ctx } from '../core/context.js';
import { notFound } from '../core/errors.js';
import type { AuthUser } from '../core/context.js';
import type { Queryable } from '../db/types.js';
import { emit } from '../core/events.js';
import { audit } from '../shared-sql/audit.js';
import { notify } from '../shared-sql/notifications.js';
import { courseVisible, findCourse, viewerOf, type CourseRow, type LessonRow } from '../shared-sql/courses.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { newId } from '../core/ids.js';
import { isoNN } from '../core/time.js';
import { defineModule } from './module.js';
import type { Who } from '../core/tenancy.js';

/**
 * A question's priority, higher first:
 *
 *   priorityScore = 2 × [no answers yet] + log10(1 + upvotes) + weeks since 2024-01-01
 *
 * Recency enters as a steadily growing base (as in Reddit's "hot" rank) rather than as a decay, so
 * the score only changes when upvotes or answers do and the order pages with a stable keyset. One
 * week of recency weighs as much as ten times the upvotes; being unanswered weighs two weeks.
 * Stored in `lesson_questions.priority_score` and recomputed by {@link refreshPriority}.
 */
export const PRIORITY_SQL = `(CASE WHEN answer_count = 0 THEN 2 ELSE 0 END)::float8 + log(1 + upvote_count::float8)
  + extract(epoch FROM (created_at - timestamptz '2024-01-01 00:00:00+00'))::float8 / 604800.0`;

/** Recomputes a question's stored priority after its upvotes or answers changed. */
export async function refreshPriority(q: Queryable, questionId: string): Promise<void> {
  await q.query(`UPDATE lesson_questions SET priority_score = ${PRIORITY_SQL} WHERE id = $1`, [questionId]);
}

/** A lesson as the caller may use it for Q&A. */
interface LessonAccess { lesson: LessonRow; course: CourseRow; canParticipate: boolean }

/**
 * Loads a lesson the caller can see (404 otherwise). Asking, answering and voting need access to
 * the course (enrolled, its instructor, an admin) — or, on a preview lesson, just a signed-in user.
 */
async function lessonAccess(q: Queryable, lessonId: string, who: Who): Promise<LessonAccess> {
  const user = who.user;
  const r = await q.query<LessonRow & { section_status: string }>(
    `SELECT l.*, s.status AS section_status FROM lessons l JOIN sections s ON s.id = l.section_id WHERE l.id = $1`, [lessonId]);
  const lesson = r.rows[0];
  if (!lesson) throw notFound('Lesson');
  const course = (await findCourse(q, lesson.course_id))!;
  const v = await viewerOf(q, who, course);
  if (!courseVisible(course, v)) throw notFound('Lesson');
  if (!v.isAuthor && (lesson.status === 'private' || lesson.section_status === 'private')) throw notFound('Lesson');
  return { lesson, course, canParticipate: !!user && (v.hasAccess || lesson.status === 'preview') };
}

/** Loads the lesson behind a question and requires that the caller may take part (404 otherwise). */
async function questionAccess(q: Queryable, questionId: string, who: Who): Promise<LessonAccess & { askerId: string }> {
  const r = await q.query<{ lesson_id: string; user_id: string }>(`SELECT lesson_id, user_id FROM lesson_questions WHERE id = $1`, [questionId]);
  if (!r.rows[0]) throw notFound('Question');
  const a = await lessonAccess(q, r.rows[0].lesson_id, who).catch(() => { throw notFound('Question'); });
  if (!a.canParticipate) throw notFound('Question');
  return { ...a, askerId: r.rows[0].user_id };
}

interface QuestionRow {
  id: string; lesson_id: string; course_id: string; user_id: string; body: string; upvote_count: number; answer_count: number;
  priority_score: number; created_at: Date; updated_at: Date; user_name: string; user_image_url: string | null; viewer_upvoted: boolean;
}
interface AnswerRow {
  id: string; question_id: string; user_id: string; body: string; is_instructor_answer: boolean; is_accepted: boolean; created_at: Date;
  user_name: string; user_image_url: string | null; user_role: Role;
}

const QUESTION_SELECT = `SELECT q.*, u.name AS user_name, u.image_url AS user_image_url,
  EXISTS (SELECT 1 FROM question_upvotes v WHERE v.question_id = q.id AND v.user_id = $1::uuid) AS viewer_upvoted
  FROM lesson_questions q JOIN users u ON u.id = q.user_id`;

function toAnswer(r: AnswerRow): Answer {
  return {
    id: r.id, questionId: r.question_id, user: { id: r.user_id, name: r.user_name, imageUrl: r.user_image_url, role: r.user_role },
    body: r.body, isInstructorAnswer: r.is_instructor_answer, isAccepted: r.is_accepted, createdAt: isoNN(r.created_at),
  };
}

/** Maps question rows and attaches their answers (accepted, then the instructor's, then oldest first). */
async function withAnswers(q: Queryable, rows: QuestionRow[]): Promise<Question[]> {
  const ids = rows.map((r) => r.id);
  const answers = ids.length
    ? (await q.query<AnswerRow>(
        `SELECT a.*, u.name AS user_name, u.image_url AS user_image_url, u.role AS user_role
         FROM question_answers a JOIN users u ON u.id = a.user_id WHERE a.question_id = ANY($1::uuid[])
         ORDER BY a.is_accepted DESC, a.is_instructor_answer DESC, a.created_at, a.id`, [ids])).rows
    : [];
  return rows.map((r) => ({
    id: r.id, lessonId: r.lesson_id, courseId: r.course_id, user: { id: r.user_id, name: r.user_name, imageUrl: r.user_image_url },
    body: r.body, upvoteCount: r.upvote_count, priorityScore: Number(r.priority_score), answered: r.answer_count > 0,
    viewerUpvoted: r.viewer_upvoted, answers: answers.filter((a) => a.question_id === r.id).map(toAnswer),
    createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  }));
}

/** One question as `viewerId` sees it. */
async function loadQuestion(q: Queryable, id: string, viewerId: string | null): Promise<Question> {
  const r = await q.query<QuestionRow>(`${QUESTION_SELECT} WHERE q.id = $2`, [viewerId, id]);
  return (await withAnswers(q, r.rows))[0];
}

type Sort = NonNullable<z.infer<typeof QuestionListQuery>['sort']>;
/** Keyset orders: sort columns (all descending, `q.id` last) and the cursor value types. */
const SORTS: Record<Sort, { cols: string[]; casts: string[]; types: ('string' | 'number')[] }> = {
  priority: { cols: ['q.priority_score'], casts: ['float8'], types: ['number'] },
  newest: { cols: ['q.created_at'], casts: ['timestamptz'], types: ['string'] },
  upvotes: { cols: ['q.upvote_count', 'q.created_at'], casts: ['int', 'timestamptz'], types: ['number', 'string'] },
};

/** The first `max` characters of `text` (by code point, so an emoji is never cut in half). */
function excerpt(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function cursorValue(v: unknown): string | number {
  return v instanceof Date ? v.toISOString() : (v as number);
}

/** Runs `fn` in a transaction with the caller's access to the question checked, then returns the question. */
async function onQuestion(ctx: Ctx, fn: (q: Queryable, a: LessonAccess & { askerId: string }, user: AuthUser) => Promise<void>): Promise<Question> {
  const user = ctx.auth.user!;
  const id = (ctx.params as { id: string }).id;
  return ctx.services.db.tx(async (q) => {
    const a = await questionAccess(q, id, ctx.auth);
    await fn(q, a, user);
    return loadQuestion(q, id, user.id);
  });
}

const handlers = defineHandlers({
  'questions.list': async (ctx) => {
    const db = ctx.services.db;
    const { lesson } = await lessonAccess(db, ctx.params.id, ctx.auth);
    const sort = SORTS[ctx.query.sort ?? 'priority'];
    const after = decodeCursor(ctx.query.cursor, [...sort.types, 'string']);
    const params: unknown[] = [ctx.auth.user?.id ?? null, lesson.id];
    const p = (v: unknown) => `$${params.push(v)}`;
    let where = 'q.lesson_id = $2';
    if (after) {
      const vals = sort.casts.map((c, i) => `${p(after[i])}::${c}`);
      where += ` AND (${sort.cols.join(', ')}, q.id) < (${vals.join(', ')}, ${p(after[after.length - 1])}::uuid)`;
    }
    const order = [...sort.cols, 'q.id'].map((c) => `${c} DESC`).join(', ');
    const r = await db.query<QuestionRow & Record<string, unknown>>(
      `${QUESTION_SELECT} WHERE ${where} ORDER BY ${order} LIMIT ${p(ctx.query.limit + 1)}`, params);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    const keyOf = (row: QuestionRow & Record<string, unknown>) => sort.cols.map((c) => cursorValue(row[c.slice(2)]));
    return {
      data: await withAnswers(db, rows),
      nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([...keyOf(last), last.id]) : null,
    };
  },

  'questions.create': async (ctx) => {
    const user = ctx.auth.user!;
    return ctx.services.db.tx(async (q) => {
      const a = await lessonAccess(q, ctx.params.id, ctx.auth);
      if (!a.canParticipate) throw notFound('Lesson');
      const id = newId();
      await q.query(
        `INSERT INTO lesson_questions (id, lesson_id, course_id, user_id, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [id, a.lesson.id, a.course.id, user.id, ctx.body.body, ctx.services.now()]);
      await refreshPriority(q, id);
      await audit(q, ctx, { entityName: 'question', entityId: id, action: 'create', newValues: { lessonId: a.lesson.id, body: ctx.body.body } });
      return loadQuestion(q, id, user.id);
    });
  },

  'questions.upvote': async (ctx) => onQuestion(ctx, async (q, _a, user) => {
    const id = ctx.params.id;
    // The (question, user) key admits one upvote however many requests race; only the request
    // that inserted it moves the counter.
    const ins = await q.query(`INSERT INTO question_upvotes (question_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [id, user.id]);
    if (!ins.rows.length) return;
    await q.query(`UPDATE lesson_questions SET upvote_count = upvote_count + 1 WHERE id = $1`, [id]);
    await refreshPriority(q, id);
    await audit(q, ctx, { entityName: 'question_upvote', entityId: id, action: 'create' });
  }),

  'questions.removeUpvote': async (ctx) => onQuestion(ctx, async (q, _a, user) => {
    const id = ctx.params.id;
    const del = await q.query(`DELETE FROM question_upvotes WHERE question_id = $1 AND user_id = $2 RETURNING 1`, [id, user.id]);
    if (!del.rows.length) return;
    await q.query(`UPDATE lesson_questions SET upvote_count = upvote_count - 1 WHERE id = $1 AND upvote_count > 0`, [id]);
    await refreshPriority(q, id);
    await audit(q, ctx, { entityName: 'question_upvote', entityId: id, action: 'delete' });
  }),

  'answers.create': async (ctx) => {
    const user = ctx.auth.user!;
    const questionId = ctx.params.id;
    return ctx.services.db.tx(async (q) => {
      const a = await questionAccess(q, questionId, ctx.auth);
      const id = newId();
      const isInstructorAnswer = user.id === a.course.instructor_id;
      await q.query(
        `INSERT INTO question_answers (id, question_id, user_id, body, is_instructor_answer, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, questionId, user.id, ctx.body.body, isInstructorAnswer, ctx.services.now()]);
      await q.query(`UPDATE lesson_questions SET answer_count = answer_count + 1, updated_at = now() WHERE id = $1`, [questionId]);
      await refreshPriority(q, questionId);
      if (a.askerId !== user.id) {
        await notify(q, {
          userId: a.askerId, type: 'question_answered',
          title: isInstructorAnswer ? 'Your instructor answered your question' : 'Your question has a new answer',
          message: `${user.name}: ${excerpt(ctx.body.body, 140)}`,
          relatedEntityType: 'question', relatedEntityId: questionId,
          metadata: { answerId: id, lessonId: a.lesson.id, courseId: a.course.id, isInstructorAnswer },
        });
      }
      await emit(q, { type: 'question_answered', questionId, askerId: a.askerId, answererId: user.id }, ctx.services);
      await audit(q, ctx, { entityName: 'answer', entityId: id, action: 'create', newValues: { questionId, body: ctx.body.body } });
      const r = await q.query<AnswerRow>(
        `SELECT a.*, u.name AS user_name, u.image_url AS user_image_url, u.role AS user_role
         FROM question_answers a JOIN users u ON u.id = a.user_id WHERE a.id = $1`, [id]);
      return toAnswer(r.rows[0]);
    });
  },
});

/** Lesson Q&A: questions ranked by priority, one upvote per user, answers that notify the asker. */
export const questionsModule = defineModule({ name: 'questions', handlers });
