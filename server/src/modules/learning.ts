import { ERROR_CODES } from '@furrow/schema';
import { defineHandlers, type Ctx } from '../core/context.js';
import { conflict, HttpError, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import { courseVisible, findCourse, salePrice, viewerOf } from '../shared-sql/courses.js';
import { findEnrollment, grantAccess, toEnrollment, type EnrollmentRow } from '../shared-sql/access.js';
import { completeLesson, courseProgress, reportPosition, toLessonProgress, touchEnrollment, type ProgressRow, type TouchedLesson } from './learning.queries.js';
import { authorCourse } from '../shared-sql/scope.js';
import { audit } from '../shared-sql/audit.js';
import { emit } from '../core/events.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { localDate } from '../core/time.js';
import { defineModule } from './module.js';
import { formatMoney } from '../core/money.js';

/** A quiz lesson completes by passing its quiz, not by saying so. */
async function checkQuizLesson(q: Queryable, userId: string, lesson: TouchedLesson): Promise<void> {
  if (!lesson.quizId) return;
  const r = await q.query(`SELECT 1 FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2 AND passed LIMIT 1`, [lesson.quizId, userId]);
  if (!r.rows[0]) throw conflict(ERROR_CODES.conflict, 'Pass the quiz to complete this lesson');
}

/** Streaks and stats listen for activity; every learner write raises one. */
function activity(q: Queryable, ctx: Ctx): Promise<void> {
  const at = ctx.services.now();
  activitySeen.set(ctx.auth.user!.id, localDate(at, ctx.auth.user!.timeZone));
  return emit(q, { type: 'activity', userId: ctx.auth.user!.id, at }, ctx.services);
}

/**
 * The local day this instance last raised `activity` for each learner. Activity listeners are
 * idempotent per day (keyed rows), so skipping a repeat within the day only saves work; another
 * instance raising it again is harmless. Bounded: cleared when it grows large.
 */
const activitySeen = new Map<string, string>();
const ACTIVITY_SEEN_MAX = 50_000;

function activityDue(ctx: Ctx): boolean {
  const user = ctx.auth.user!;
  if (activitySeen.size > ACTIVITY_SEEN_MAX) activitySeen.clear();
  return activitySeen.get(user.id) !== localDate(ctx.services.now(), user.timeZone);
}

const handlers = defineHandlers({
  /**
   * Enrolment in a free course. One enrollment per learner per course: a second POST while it is
   * active answers 409 `already_enrolled` (send an Idempotency-Key to make retries replay the
   * first answer instead). A dropped enrollment is reactivated with its progress; a dropped
   * paid one too, without paying again. Paid courses answer 402 `payment_required`.
   */
  'enrollments.create': async (ctx) => {
    const user = ctx.auth.user!;
    return ctx.services.db.tx(async (q) => {
      const course = await findCourse(q, ctx.params.id);
      if (!course || !courseVisible(course, await viewerOf(q, ctx.auth, course))) throw notFound('Course');
      const existing = (await q.query<EnrollmentRow>(`SELECT * FROM enrollments WHERE user_id = $1 AND course_id = $2 FOR UPDATE`, [user.id, course.id])).rows[0];
      if (existing?.is_active) throw conflict(ERROR_CODES.alreadyEnrolled, `You are already enrolled in this course (enrollment ${existing.id})`);
      if (course.status !== 'published') throw conflict(ERROR_CODES.conflict, 'This course is not open for enrolment');
      let grant: Parameters<typeof grantAccess>[2] = { userId: user.id, courseId: course.id, accessType: 'free', actor: ctx };
      if (course.price_amount > 0) {
        const rejoin = existing && existing.status === 'dropped' && !existing.revoked_at && existing.access_type !== 'free';
        if (!rejoin) {
          const price = formatMoney(salePrice(course.price_amount, course.discount_percent), course.currency);
          throw new HttpError(402, ERROR_CODES.paymentRequired, `This course costs ${price}; buy it through checkout to enrol`);
        }
        grant = {
          ...grant, accessType: existing.access_type, purchaseId: existing.purchase_id ?? undefined,
          amountPaid: existing.amount_paid === null ? undefined : { amount: existing.amount_paid, currency: (existing.amount_currency ?? course.currency) as 'INR' },
        };
      }
      const r = await grantAccess(q, ctx.services, grant);
      // A concurrent request enrolled first (we met its row at the unique key).
      if (!r.started) throw conflict(ERROR_CODES.alreadyEnrolled, 'You are already enrolled in this course');
      return toEnrollment((await findEnrollment(q, user.id, course.id))!);
    });
  },

  'enrollments.list': async (ctx) => {
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']) as [string, string] | null;
    const r = await ctx.services.db.query<EnrollmentRow>(
      `SELECT * FROM enrollments WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (enrolled_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY enrolled_at DESC, id DESC LIMIT $4`,
      [ctx.auth.user!.id, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1],
    );
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return { data: rows.map(toEnrollment), nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.enrolled_at.toISOString(), last.id]) : null };
  },

  /** Dropping keeps progress (re-enrolling restores it). Dropping twice answers the dropped enrollment. */
  'enrollments.drop': async (ctx) => {
    return ctx.services.db.tx(async (q) => {
      const before = (await q.query<EnrollmentRow>(`SELECT * FROM enrollments WHERE id = $1 AND user_id = $2 FOR UPDATE`, [ctx.params.id, ctx.auth.user!.id])).rows[0];
      if (!before) throw notFound('Enrollment');
      if (before.status === 'dropped') return toEnrollment(before);
      const r = await q.query<EnrollmentRow>(
        `UPDATE enrollments SET status = 'dropped', is_active = false, updated_at = now() WHERE id = $1 RETURNING *`, [before.id]);
      if (before.is_active) {
        await q.query(
          `UPDATE courses SET enrolled_count = GREATEST(enrolled_count - 1, 0), completed_count = GREATEST(completed_count - $2, 0) WHERE id = $1`,
          [before.course_id, before.completed_at ? 1 : 0]);
      }
      await audit(q, ctx, { entityName: 'enrollment', entityId: before.id, action: 'update', oldValues: toEnrollment(before), newValues: { status: 'dropped', isActive: false } });
      return toEnrollment(r.rows[0]);
    });
  },

  'progress.course': async (ctx) => {
    const db = ctx.services.db;
    const course = await findCourse(db, ctx.params.id);
    if (!course || !courseVisible(course, await viewerOf(db, ctx.auth, course))) throw notFound('Course');
    return courseProgress(db, ctx.auth.user!.id, course.id);
  },

  'progress.update': async (ctx) => {
    const userId = ctx.auth.user!.id;
    const b = ctx.body;
    if (!b.completed) {
      // A plain position report (the common case, every ~15 s of playback): one statement.
      const row = await reportPosition(ctx.services.db, userId, ctx.params.id, b);
      if (!row) throw notFound('Lesson');
      if (activityDue(ctx)) await ctx.services.db.tx((q) => activity(q, ctx));
      return toLessonProgress(row);
    }
    return ctx.services.db.tx(async (q) => {
      const lesson = await touchEnrollment(q, userId, ctx.params.id);
      if (!lesson) throw notFound('Lesson');
      if (b.completed) await checkQuizLesson(q, userId, lesson);
      let row = (await reportPosition(q, userId, ctx.params.id, b))!;
      // `completed: false` is ignored: completion is never taken back by a late report.
      if (b.completed && row.status !== 'completed') {
        await completeLesson(q, ctx.services, userId, lesson.courseId, ctx.params.id);
        row = (await q.query<ProgressRow>(`SELECT * FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`, [userId, ctx.params.id])).rows[0];
      }
      await activity(q, ctx);
      return toLessonProgress(row);
    });
  },

  'progress.complete': async (ctx) => {
    const userId = ctx.auth.user!.id;
    return ctx.services.db.tx(async (q) => {
      const lesson = await touchEnrollment(q, userId, ctx.params.id);
      if (!lesson) throw notFound('Lesson');
      await checkQuizLesson(q, userId, lesson);
      await completeLesson(q, ctx.services, userId, lesson.courseId, ctx.params.id);
      await activity(q, ctx);
      return courseProgress(q, userId, lesson.courseId);
    });
  },

  'progress.flag': async (ctx) => {
    return ctx.services.db.tx(async (q) => {
      const l = (await q.query<{ course_id: string; hidden: boolean }>(
        `SELECT l.course_id, (l.status = 'private' OR s.status = 'private') AS hidden FROM lessons l JOIN sections s ON s.id = l.section_id WHERE l.id = $1`,
        [ctx.params.id])).rows[0];
      if (!l) throw notFound('Lesson');
      await authorCourse(q, ctx.auth, l.course_id, 'Lesson', l.hidden);
      const before = (await q.query<ProgressRow>(`SELECT * FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2 FOR UPDATE`, [ctx.params.userId, ctx.params.id])).rows[0];
      if (!before) throw notFound('Progress');
      const r = await q.query<ProgressRow>(
        `UPDATE lesson_progress SET flagged_status = $3, updated_at = now() WHERE user_id = $1 AND lesson_id = $2 RETURNING *`,
        [ctx.params.userId, ctx.params.id, ctx.body.status]);
      await audit(q, ctx, { entityName: 'lesson_progress', entityId: `${ctx.params.userId}:${ctx.params.id}`, action: 'update', oldValues: { flaggedStatus: before.flagged_status }, newValues: ctx.body });
      return toLessonProgress(r.rows[0]);
    });
  },
});

/** Enrollment and lesson progress. */
export const learningModule = defineModule({ name: 'learning', handlers });
