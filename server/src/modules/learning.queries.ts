import type { CourseProgress, LessonProgress, ProgressUpdateRequest } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import type { Services } from '../core/services.js';
import { emit } from '../core/events.js';
import { iso, isoNN } from '../core/time.js';
import { toEnrollment, type EnrollmentRow } from '../shared-sql/access.js';

/** How far ahead of the server clock a client timestamp may be before it is clamped. */
export const CLIENT_CLOCK_SKEW_SECONDS = 300;

/** Row shape of `lesson_progress`. */
export interface ProgressRow {
  user_id: string; lesson_id: string; course_id: string; status: LessonProgress['status']; time_spent_seconds: number;
  video_position_seconds: number; video_percent: number; client_ts: Date | null; last_watched_at: Date | null;
  completed_at: Date | null; flagged_status: LessonProgress['flaggedStatus']; created_at: Date; updated_at: Date;
}

/** Maps a progress row. */
export function toLessonProgress(r: ProgressRow): LessonProgress {
  return {
    userId: r.user_id, lessonId: r.lesson_id, courseId: r.course_id, status: r.status, timeSpentSeconds: r.time_spent_seconds,
    videoPositionSeconds: Number(r.video_position_seconds), videoPercent: r.video_percent, lastWatchedAt: iso(r.last_watched_at),
    completedAt: iso(r.completed_at), flaggedStatus: r.flagged_status, updatedAt: isoNN(r.updated_at),
  };
}

/** What {@link touchEnrollment} learns about the lesson and the learner's enrollment. */
export interface TouchedLesson {
  enrollmentId: string;
  courseId: string;
  contentType: string;
  quizId: string | null;
}

/**
 * The access check of every progress write, in one statement: the lesson must be visible and the
 * caller must hold an active enrollment in its course. It also locks the enrollment row, which
 * serialises all progress writes of one learner in one course (so two lessons completed at the
 * same moment still see each other and the course completes once), records
 * `last_accessed_at` and moves `enrolled` to `in_progress`.
 *
 * @returns null when the caller may not write progress for this lesson.
 */
export async function touchEnrollment(q: Queryable, userId: string, lessonId: string): Promise<TouchedLesson | null> {
  const r = await q.query<{ id: string; course_id: string; content_type: string; quiz_id: string | null }>(
    `UPDATE enrollments e SET last_accessed_at = now(), updated_at = now(),
       status = CASE WHEN e.status = 'enrolled' THEN 'in_progress' ELSE e.status END
     FROM lessons l JOIN sections s ON s.id = l.section_id
     WHERE l.id = $1 AND e.course_id = l.course_id AND e.user_id = $2 AND e.is_active
       AND l.status <> 'private' AND s.status <> 'private'
     RETURNING e.id, e.course_id, l.content_type, l.quiz_id`,
    [lessonId, userId],
  );
  const row = r.rows[0];
  return row ? { enrollmentId: row.id, courseId: row.course_id, contentType: row.content_type, quizId: row.quiz_id } : null;
}

/**
 * Applies a position/time report in ONE statement: checks the learner may play the lesson
 * (active enrollment, lesson not private), touches the enrollment and upserts the progress row.
 * No rows back means "not yours / not playable". A single statement is atomic on its own, so
 * the hot path spends no BEGIN/COMMIT round trips; inside a transaction it joins it.
 *
 * Ordering rule: the write with the newest `clientTimestamp` (server time when absent, clamped to
 * {@link CLIENT_CLOCK_SKEW_SECONDS} ahead) owns the position, so an older write arriving late
 * from an outbox never moves it back. Time deltas always add, except an exact replay (same
 * client timestamp as the stored one). `videoPercent` only grows.
 */
export async function reportPosition(q: Queryable, userId: string, lessonId: string, b: ProgressUpdateRequest): Promise<ProgressRow | null> {
  const r = await q.query<ProgressRow>(
    `WITH e AS (
       SELECT e.id, e.course_id, e.status, e.last_accessed_at FROM enrollments e
         JOIN lessons l ON l.course_id = e.course_id JOIN sections s ON s.id = l.section_id
        WHERE l.id = $2 AND e.user_id = $1 AND e.is_active AND l.status <> 'private' AND s.status <> 'private'),
     touched AS (
       -- last_accessed_at is minute-grained: rewriting the enrollment on every report would
       -- double the writes of the hottest endpoint.
       UPDATE enrollments t SET last_accessed_at = now(), updated_at = now(),
         status = CASE WHEN t.status = 'enrolled' THEN 'in_progress' ELSE t.status END
       FROM e WHERE t.id = e.id AND (e.status = 'enrolled' OR e.last_accessed_at IS NULL OR e.last_accessed_at < now() - interval '60 seconds'))
     INSERT INTO lesson_progress AS p (user_id, lesson_id, course_id, status, time_spent_seconds, video_position_seconds, video_percent, client_ts, last_watched_at)
     SELECT $1, $2, e.course_id, 'in_progress', $3, COALESCE($4::float8, 0), COALESCE($5::int, 0),
       LEAST(COALESCE($6::timestamptz, now()), now() + make_interval(secs => $7)), now() FROM e
     ON CONFLICT (user_id, lesson_id) DO UPDATE SET
       time_spent_seconds = p.time_spent_seconds
         + CASE WHEN $6::timestamptz IS NOT NULL AND p.client_ts = EXCLUDED.client_ts THEN 0 ELSE EXCLUDED.time_spent_seconds END,
       video_position_seconds = CASE WHEN $4::float8 IS NOT NULL AND (p.client_ts IS NULL OR EXCLUDED.client_ts >= p.client_ts)
         THEN $4::float8 ELSE p.video_position_seconds END,
       video_percent = GREATEST(p.video_percent, EXCLUDED.video_percent),
       client_ts = GREATEST(p.client_ts, EXCLUDED.client_ts),
       status = CASE WHEN p.status = 'completed' THEN 'completed' ELSE 'in_progress' END,
       last_watched_at = now(), updated_at = now()
     RETURNING *`,
    [userId, lessonId, b.timeSpentDeltaSeconds ?? 0, b.videoPositionSeconds ?? null, b.videoPercent ?? null,
      b.clientTimestamp ?? null, CLIENT_CLOCK_SKEW_SECONDS],
    { prepare: true },
  );
  return r.rows[0] ?? null;
}

/**
 * Marks a lesson complete once (a conditional update on the progress row), raises
 * `lesson_completed` and settles the course. The caller holds the enrollment lock
 * ({@link touchEnrollment} or {@link lockEnrollment}).
 *
 * @returns whether this call completed the lesson.
 */
export async function completeLesson(q: Queryable, services: Services, userId: string, courseId: string, lessonId: string): Promise<boolean> {
  await q.query(
    `INSERT INTO lesson_progress (user_id, lesson_id, course_id, status, last_watched_at) VALUES ($1, $2, $3, 'in_progress', now())
     ON CONFLICT (user_id, lesson_id) DO NOTHING`,
    [userId, lessonId, courseId],
  );
  const r = await q.query(
    `UPDATE lesson_progress SET status = 'completed', completed_at = now(), updated_at = now()
      WHERE user_id = $1 AND lesson_id = $2 AND status <> 'completed'`,
    [userId, lessonId],
  );
  if (r.rowCount !== 1) return false;
  await emit(q, { type: 'lesson_completed', userId, courseId, lessonId }, services);
  await settleCourse(q, services, userId, courseId);
  return true;
}

/** Locks the learner's active enrollment (for paths that do not start from a lesson, like quizzes). */
export async function lockEnrollment(q: Queryable, userId: string, courseId: string): Promise<EnrollmentRow | null> {
  const r = await q.query<EnrollmentRow>(`SELECT * FROM enrollments WHERE user_id = $1 AND course_id = $2 AND is_active FOR UPDATE`, [userId, courseId]);
  return r.rows[0] ?? null;
}

interface OutlineRow extends Partial<ProgressRow> {
  id: string; is_required: boolean; quiz_id: string | null; lesson_updated_at: Date;
}

/** Progress computed from lessons and quizzes, never from numbers a client sent. */
export interface ComputedProgress {
  lessons: LessonProgress[];
  lessonsTotal: number;
  lessonsCompleted: number;
  progressPercent: number;
  complete: boolean;
  resumeLessonId: string | null;
}

/**
 * Computes a learner's progress in a course. Units of work: every visible required lesson (a
 * quiz lesson completes when its quiz is passed) plus every required quiz not already covered by
 * a visible required lesson (standalone quizzes, quizzes on optional lessons). The course is
 * complete when every unit is done; the percent is floored so it reads 100 only then.
 */
export async function computeProgress(q: Queryable, userId: string, courseId: string): Promise<ComputedProgress> {
  // Sequential on purpose: this runs inside transactions, which hold one connection.
  const outline = await q.query<OutlineRow>(
      `SELECT l.id, l.is_required, l.quiz_id, l.updated_at AS lesson_updated_at, p.*
         FROM lessons l JOIN sections s ON s.id = l.section_id
         LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = $1
        WHERE l.course_id = $2 AND l.status <> 'private' AND s.status <> 'private'
        ORDER BY s.position, s.created_at, l.position, l.created_at`,
      [userId, courseId]);
  const quizzes = await q.query<{ passed: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.quiz_id = z.id AND a.user_id = $1 AND a.passed) AS passed
         FROM quizzes z LEFT JOIN lessons l ON l.id = z.lesson_id LEFT JOIN sections s ON s.id = l.section_id
        WHERE z.course_id = $2 AND z.is_required
          AND (l.id IS NULL OR (l.status <> 'private' AND s.status <> 'private' AND NOT l.is_required))`,
    [userId, courseId]);
  const lessons = outline.rows.map((r): LessonProgress => (r.status
    ? toLessonProgress({ ...(r as ProgressRow), lesson_id: r.id })
    : {
      userId, lessonId: r.id, courseId, status: 'not_started', timeSpentSeconds: 0, videoPositionSeconds: 0, videoPercent: 0,
      lastWatchedAt: null, completedAt: null, flaggedStatus: 'none', updatedAt: isoNN(r.lesson_updated_at),
    }));
  const required = outline.rows.filter((r) => r.is_required);
  const units = required.length + quizzes.rows.length;
  const done = required.filter((r) => r.status === 'completed').length + quizzes.rows.filter((z) => z.passed).length;
  const lessonsCompleted = lessons.filter((l) => l.status === 'completed').length;
  const open = lessons.filter((l) => l.status !== 'completed');
  const lastWatched = open.filter((l) => l.lastWatchedAt).sort((a, b) => b.lastWatchedAt!.localeCompare(a.lastWatchedAt!))[0];
  return {
    lessons, lessonsTotal: lessons.length, lessonsCompleted,
    progressPercent: units ? Math.floor((done * 100) / units) : 0,
    complete: units > 0 && done === units,
    resumeLessonId: (lastWatched ?? open[0])?.lessonId ?? null,
  };
}

/**
 * Stores the computed progress on the enrollment and completes the course the first time every
 * unit is done: the conditional update on `completed_at IS NULL` makes `course_completed` (and
 * so the certificate) happen exactly once, however many requests race to finish.
 */
export async function settleCourse(q: Queryable, services: Services, userId: string, courseId: string): Promise<ComputedProgress> {
  const p = await computeProgress(q, userId, courseId);
  await q.query(
    `UPDATE enrollments SET progress_percent = $3, lessons_completed = $4, updated_at = now() WHERE user_id = $1 AND course_id = $2`,
    [userId, courseId, p.progressPercent, p.lessonsCompleted],
  );
  if (p.complete) {
    const done = await q.query(
      `UPDATE enrollments SET status = 'completed', completed_at = now(), updated_at = now()
        WHERE user_id = $1 AND course_id = $2 AND is_active AND completed_at IS NULL`,
      [userId, courseId],
    );
    if (done.rowCount === 1) {
      await q.query(`UPDATE courses SET completed_count = completed_count + 1 WHERE id = $1`, [courseId]);
      await emit(q, { type: 'course_completed', userId, courseId }, services);
    }
  }
  return p;
}

/** The `CourseProgress` answer: computed progress plus the stored enrollment. */
export async function courseProgress(q: Queryable, userId: string, courseId: string): Promise<CourseProgress> {
  const p = await computeProgress(q, userId, courseId);
  const e = await q.query<EnrollmentRow>(`SELECT * FROM enrollments WHERE user_id = $1 AND course_id = $2`, [userId, courseId]);
  return {
    courseId, enrollment: e.rows[0] ? toEnrollment(e.rows[0]) : null, progressPercent: p.progressPercent,
    lessonsCompleted: p.lessonsCompleted, lessonsTotal: p.lessonsTotal, lessons: p.lessons, resumeLessonId: p.resumeLessonId,
  };
}
