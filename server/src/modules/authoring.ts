import { ERROR_CODES, type Section } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { badField, conflict, forbidden, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import type { AuthUser } from '../core/context.js';
import { UNIQUE_VIOLATION, sqlState } from '../db/types.js';
import { courseDetail, findCourse, loadOutline, searchText, toCourseSummary, toLesson, type CourseRow, type LessonRow, type SectionRow } from '../shared-sql/courses.js';
import { findUser } from '../shared-sql/users.js';
import { audit } from '../shared-sql/audit.js';
import { authorCourse } from '../shared-sql/scope.js';
import { authorViewer, catalogTx } from '../shared-sql/catalog-tx.js';
import { newId } from '../core/ids.js';
import { contentSite, siteIdOf, type Who } from '../core/tenancy.js';
import { defineModule } from './module.js';

/** Loads a course that must exist (used right after writing it). */
async function reload(q: Queryable, id: string): Promise<CourseRow> {
  return (await findCourse(q, id))!;
}

/**
 * The course detail an author gets back, read after commit: the outline helpers run queries in
 * parallel, which a transaction's single connection must not be asked to do.
 */
async function detail(q: Queryable, user: AuthUser, id: string) {
  return courseDetail(q, await reload(q, id), authorViewer(user));
}

async function sectionOut(q: Queryable, course: CourseRow, user: AuthUser, sectionId: string): Promise<Section> {
  return (await loadOutline(q, course, authorViewer(user))).find((s) => s.id === sectionId)!;
}

/** Loads a section and checks the caller authors its course. */
async function authorSection(q: Queryable, who: Who, id: string): Promise<{ section: SectionRow; course: CourseRow }> {
  const r = await q.query<SectionRow>(`SELECT id, course_id, title, status, position FROM sections WHERE id = $1`, [id]);
  const section = r.rows[0];
  if (!section) throw notFound('Section');
  const course = await authorCourse(q, who, section.course_id, 'Section', section.status === 'private');
  return { section, course };
}

/** Loads a lesson and checks the caller authors its course. */
async function authorLesson(q: Queryable, who: Who, id: string): Promise<{ lesson: LessonRow; course: CourseRow }> {
  const r = await q.query<LessonRow & { section_status: string }>(
    `SELECT l.*, s.status AS section_status FROM lessons l JOIN sections s ON s.id = l.section_id WHERE l.id = $1`, [id]);
  const lesson = r.rows[0];
  if (!lesson) throw notFound('Lesson');
  const course = await authorCourse(q, who, lesson.course_id, 'Lesson', lesson.status === 'private' || lesson.section_status === 'private');
  return { lesson, course };
}

/** A quiz linked from a lesson must belong to the same course. */
async function checkQuiz(q: Queryable, quizId: string | null | undefined, courseId: string): Promise<void> {
  if (!quizId) return;
  const r = await q.query(`SELECT 1 FROM quizzes WHERE id = $1 AND course_id = $2`, [quizId, courseId]);
  if (!r.rows[0]) throw badField(['body', 'quizId'], 'No quiz with this id in this course');
}

/** Keeps `quizzes.lesson_id` pointing back at the lesson that plays the quiz. */
async function linkQuiz(q: Queryable, lessonId: string, quizId: string | null): Promise<void> {
  await q.query(`UPDATE quizzes SET lesson_id = NULL, updated_at = now() WHERE lesson_id = $1 AND id IS DISTINCT FROM $2`, [lessonId, quizId]);
  if (!quizId) return;
  try {
    await q.query(`UPDATE quizzes SET lesson_id = $1, updated_at = now() WHERE id = $2`, [lessonId, quizId]);
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) throw conflict(ERROR_CODES.alreadyExists, 'This quiz is already played by another lesson');
    throw err;
  }
}

/** Course search text, from the values the course has after a write. */
function courseSearch(c: { title: string; description: string; category: string; level: string; instructor_name: string }): string {
  return searchText(c.title, c.description, c.category, c.level, c.instructor_name);
}

const handlers = defineHandlers({
  'courses.create': async (ctx) => {
    const b = ctx.body;
    const user = ctx.auth.user!;
    return ctx.services.db.tx(async (q) => {
      let instructor = { id: user.id, name: user.name };
      if (b.instructorId && b.instructorId !== user.id) {
        if (user.role !== 'admin') throw forbidden('Only admins may create a course for another instructor');
        const u = await findUser(q, b.instructorId);
        // Only an instructor of this site: another site's user does not exist here.
        if (!u || u.role === 'student' || u.role === 'operator' || u.site_id !== siteIdOf(ctx.auth)) throw badField(['body', 'instructorId'], 'Not an instructor');
        instructor = { id: u.id, name: u.name };
      }
      const id = newId();
      await q.query(
        `INSERT INTO courses (id, instructor_id, title, description, category, level, languages, duration_minutes, thumbnail_emoji, thumbnail_url,
           price_amount, currency, discount_percent, status, search_text, site_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'draft',$14,$15)`,
        [id, instructor.id, b.title, b.description, b.category, b.level, b.languages, b.durationMinutes ?? 0, b.thumbnailEmoji ?? null,
          b.thumbnailUrl ?? null, b.price?.amount ?? 0, b.price?.currency ?? 'INR', b.discountPercent ?? 0,
          searchText(b.title, b.description, b.category, b.level, instructor.name), contentSite(ctx.auth, b.shared)],
      );
      await audit(q, ctx, { entityName: 'course', entityId: id, action: 'create', newValues: toCourseSummary(await reload(q, id)) });
      return id;
    }).then((id) => detail(ctx.services.db, user, id));
  },

  'courses.update': async (ctx) => {
    const b = ctx.body;
    const user = ctx.auth.user!;
    return catalogTx(ctx.services, async (q) => {
      const before = await authorCourse(q, ctx.auth, ctx.params.id);
      await q.query(`SELECT 1 FROM courses WHERE id = $1 FOR UPDATE`, [before.id]);
      if (b.status === 'published' && before.status !== 'published') {
        const n = await q.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM lessons l JOIN sections s ON s.id = l.section_id WHERE l.course_id = $1 AND l.status <> 'private' AND s.status <> 'private'`, [before.id]);
        if (n.rows[0].n === 0) throw conflict(ERROR_CODES.conflict, 'Add at least one visible lesson before publishing');
      }
      if (b.status === 'draft' && before.status !== 'draft') {
        const n = await q.query(`SELECT 1 FROM enrollments WHERE course_id = $1 AND is_active LIMIT 1`, [before.id]);
        if (n.rows[0]) throw conflict(ERROR_CODES.conflict, 'Learners are enrolled in this course; archive it instead of unpublishing');
      }
      const next = { ...before, title: b.title ?? before.title, description: b.description ?? before.description, category: b.category ?? before.category, level: b.level ?? before.level };
      await q.query(
        `UPDATE courses SET title = $2, description = $3, category = $4, level = $5, languages = COALESCE($6, languages),
           duration_minutes = COALESCE($7, duration_minutes), thumbnail_emoji = COALESCE($8, thumbnail_emoji), thumbnail_url = COALESCE($9, thumbnail_url),
           price_amount = COALESCE($10, price_amount), currency = COALESCE($11, currency), discount_percent = COALESCE($12, discount_percent),
           status = COALESCE($13, status),
           published_at = CASE WHEN $13 = 'published' THEN COALESCE(published_at, now()) ELSE published_at END,
           search_text = $14, site_id = CASE WHEN $15::boolean THEN $16::uuid ELSE site_id END, updated_at = now()
         WHERE id = $1`,
        [before.id, next.title, next.description, next.category, next.level, b.languages ?? null, b.durationMinutes ?? null, b.thumbnailEmoji ?? null,
          b.thumbnailUrl ?? null, b.price?.amount ?? null, b.price?.currency ?? null, b.discountPercent ?? null, b.status ?? null, courseSearch(next),
          b.shared !== undefined, b.shared === undefined ? null : contentSite(ctx.auth, b.shared)],
      );
      await audit(q, ctx, { entityName: 'course', entityId: before.id, action: 'update', oldValues: toCourseSummary(before), newValues: b });
      return before.id;
    }).then((id) => detail(ctx.services.db, user, id));
  },

  'courses.archive': async (ctx) => {
    const user = ctx.auth.user!;
    return catalogTx(ctx.services, async (q) => {
      const before = await authorCourse(q, ctx.auth, ctx.params.id);
      await q.query(`UPDATE courses SET status = 'archived', updated_at = now() WHERE id = $1`, [before.id]);
      await audit(q, ctx, { entityName: 'course', entityId: before.id, action: 'delete', oldValues: { status: before.status }, newValues: { status: 'archived' } });
      return before.id;
    }).then((id) => detail(ctx.services.db, user, id));
  },

  'courses.reorder': async (ctx) => {
    const user = ctx.auth.user!;
    const wanted = ctx.body.sections;
    return catalogTx(ctx.services, async (q) => {
      const before = await authorCourse(q, ctx.auth, ctx.params.id);
      const secs = (await q.query<{ id: string }>(`SELECT id FROM sections WHERE course_id = $1 ORDER BY position, created_at`, [before.id])).rows;
      const less = (await q.query<{ id: string; section_id: string }>(`SELECT id, section_id FROM lessons WHERE course_id = $1 ORDER BY position, created_at`, [before.id])).rows;
      const outline = secs.map((x) => ({ id: x.id, lessonIds: less.filter((l) => l.section_id === x.id).map((l) => l.id) }));
      const sectionIds = new Set(secs.map((x) => x.id));
      const lessonIds = new Set(less.map((l) => l.id));
      const seenSections = new Set<string>();
      const seenLessons = new Set<string>();
      for (const [i, s] of wanted.entries()) {
        if (!sectionIds.has(s.id)) throw badField(['body', 'sections', i, 'id'], 'Not a section of this course');
        if (seenSections.has(s.id)) throw badField(['body', 'sections', i, 'id'], 'Section listed twice');
        seenSections.add(s.id);
        for (const [j, l] of s.lessonIds.entries()) {
          if (!lessonIds.has(l)) throw badField(['body', 'sections', i, 'lessonIds', j], 'Not a lesson of this course');
          if (seenLessons.has(l)) throw badField(['body', 'sections', i, 'lessonIds', j], 'Lesson listed twice');
          seenLessons.add(l);
        }
      }
      if (seenSections.size !== sectionIds.size) throw badField(['body', 'sections'], 'List every section of the course exactly once');
      if (seenLessons.size !== lessonIds.size) throw badField(['body', 'sections'], 'List every lesson of the course exactly once');
      await q.query(
        `UPDATE sections s SET position = v.pos, updated_at = now() FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::int[]) AS pos) v WHERE s.id = v.id`,
        [wanted.map((s) => s.id), wanted.map((_, i) => i)],
      );
      const moves = wanted.flatMap((s) => s.lessonIds.map((l, j) => ({ id: l, section: s.id, pos: j })));
      await q.query(
        `UPDATE lessons l SET section_id = v.sid, position = v.pos, updated_at = now()
           FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::uuid[]) AS sid, unnest($3::int[]) AS pos) v WHERE l.id = v.id`,
        [moves.map((m) => m.id), moves.map((m) => m.section), moves.map((m) => m.pos)],
      );
      await audit(q, ctx, { entityName: 'course', entityId: before.id, action: 'update', oldValues: { order: outline }, newValues: { order: wanted } });
      return before.id;
    }).then((id) => detail(ctx.services.db, user, id));
  },

  'sections.create': async (ctx) => {
    const user = ctx.auth.user!;
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const course = await authorCourse(q, ctx.auth, ctx.params.id);
      const id = newId();
      await q.query(
        `INSERT INTO sections (id, course_id, title, status, position)
         VALUES ($1, $2, $3, $4, COALESCE($5, (SELECT COALESCE(max(position) + 1, 0) FROM sections WHERE course_id = $2)))`,
        [id, course.id, b.title, b.status ?? 'public', b.order ?? null],
      );
      await audit(q, ctx, { entityName: 'section', entityId: id, action: 'create', newValues: b, metadata: { courseId: course.id } });
      return { course, id };
    }).then(({ course, id }) => sectionOut(ctx.services.db, course, user, id));
  },

  'sections.update': async (ctx) => {
    const user = ctx.auth.user!;
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const { section, course } = await authorSection(q, ctx.auth, ctx.params.id);
      await q.query(
        `UPDATE sections SET title = COALESCE($2, title), status = COALESCE($3, status), position = COALESCE($4, position), updated_at = now() WHERE id = $1`,
        [section.id, b.title ?? null, b.status ?? null, b.order ?? null],
      );
      await audit(q, ctx, { entityName: 'section', entityId: section.id, action: 'update', oldValues: section, newValues: b });
      return { course, id: section.id };
    }).then(({ course, id }) => sectionOut(ctx.services.db, course, user, id));
  },

  'sections.delete': async (ctx) => {
    return catalogTx(ctx.services, async (q) => {
      const { section } = await authorSection(q, ctx.auth, ctx.params.id);
      const has = await q.query(`SELECT 1 FROM lessons WHERE section_id = $1 LIMIT 1`, [section.id]);
      if (has.rows[0]) throw conflict(ERROR_CODES.conflict, 'Move or delete the lessons of this section first');
      await q.query(`DELETE FROM sections WHERE id = $1`, [section.id]);
      await audit(q, ctx, { entityName: 'section', entityId: section.id, action: 'delete', oldValues: section });
      return { ok: true as const };
    });
  },

  'lessons.create': async (ctx) => {
    const user = ctx.auth.user!;
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const { section, course } = await authorSection(q, ctx.auth, ctx.params.id);
      await checkQuiz(q, b.quizId, course.id);
      const id = newId();
      const r = await q.query<LessonRow>(
        `INSERT INTO lessons (id, course_id, section_id, title, description, position, duration_minutes, content_type, status, is_required, video, body, quiz_id)
         VALUES ($1,$2,$3,$4,$5, COALESCE($6, (SELECT COALESCE(max(position) + 1, 0) FROM lessons WHERE section_id = $3)), $7,$8,$9,$10,$11,$12,$13)
         RETURNING *`,
        [id, course.id, section.id, b.title, b.description ?? null, b.order ?? null, b.durationMinutes ?? 0, b.contentType, b.status ?? 'private',
          b.isRequired ?? true, b.video ? JSON.stringify(b.video) : null, b.body ?? null, b.quizId ?? null],
      );
      if (b.quizId) await linkQuiz(q, id, b.quizId);
      await audit(q, ctx, { entityName: 'lesson', entityId: id, action: 'create', newValues: b, metadata: { courseId: course.id } });
      return toLesson(r.rows[0], course, authorViewer(user));
    });
  },

  'lessons.update': async (ctx) => {
    const user = ctx.auth.user!;
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const { lesson, course } = await authorLesson(q, ctx.auth, ctx.params.id);
      if (b.sectionId && b.sectionId !== lesson.section_id) {
        const s = await q.query(`SELECT 1 FROM sections WHERE id = $1 AND course_id = $2`, [b.sectionId, course.id]);
        if (!s.rows[0]) throw badField(['body', 'sectionId'], 'No section with this id in this course');
      }
      if (b.quizId !== undefined) await checkQuiz(q, b.quizId, course.id);
      const r = await q.query<LessonRow>(
        `UPDATE lessons SET title = COALESCE($2, title),
           description = CASE WHEN $3::boolean THEN $4 ELSE description END,
           content_type = COALESCE($5, content_type), status = COALESCE($6, status), is_required = COALESCE($7, is_required),
           duration_minutes = COALESCE($8, duration_minutes), position = COALESCE($9, position),
           video = CASE WHEN $10::boolean THEN $11::jsonb ELSE video END,
           body = CASE WHEN $12::boolean THEN $13 ELSE body END,
           quiz_id = CASE WHEN $14::boolean THEN $15::uuid ELSE quiz_id END,
           section_id = COALESCE($16, section_id), updated_at = now()
         WHERE id = $1 RETURNING *`,
        [lesson.id, b.title ?? null, b.description !== undefined, b.description ?? null, b.contentType ?? null, b.status ?? null,
          b.isRequired ?? null, b.durationMinutes ?? null, b.order ?? null, b.video !== undefined, b.video ? JSON.stringify(b.video) : null,
          b.body !== undefined, b.body ?? null, b.quizId !== undefined, b.quizId ?? null, b.sectionId ?? null],
      );
      if (b.quizId !== undefined) await linkQuiz(q, lesson.id, b.quizId ?? null);
      await audit(q, ctx, { entityName: 'lesson', entityId: lesson.id, action: 'update', oldValues: toLesson(lesson, course, authorViewer(user)), newValues: b });
      return toLesson(r.rows[0], course, authorViewer(user));
    });
  },

  'lessons.delete': async (ctx) => {
    const user = ctx.auth.user!;
    return catalogTx(ctx.services, async (q) => {
      const { lesson, course } = await authorLesson(q, ctx.auth, ctx.params.id);
      await q.query(`DELETE FROM lessons WHERE id = $1`, [lesson.id]);
      await audit(q, ctx, { entityName: 'lesson', entityId: lesson.id, action: 'delete', oldValues: toLesson(lesson, course, authorViewer(user)) });
      return { ok: true as const };
    });
  },
});

/** Course authoring: courses, sections, lessons and their order (instructors of the course, admins). */
export const authoringModule = defineModule({ name: 'authoring', handlers });
