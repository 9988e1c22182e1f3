import type { Queryable } from '../db/types.js';
import type { Who } from '../core/tenancy.js';
import { forbidden, notFound } from '../core/errors.js';
import { canAuthor, courseVisible, findCourse, viewerOf, type CourseRow } from './courses.js';

/**
 * The `course-instructor` scope rule shared by authoring routes. The course's instructor and
 * admins pass. Anyone else gets 404 for what they cannot see (a draft, a private section or
 * lesson) so ids cannot be probed, and 403 for what is public anyway (a published course they
 * do not teach): hiding a public object would only confuse.
 *
 * @param what - the object named in the 404 message (`Course`, `Lesson`, `Quiz`, …)
 * @param hidden - the object itself is private even if the course is not
 *
 * @example
 * ```ts
 * const course = await authorCourse(q, ctx.auth, lesson.course_id, 'Lesson', lesson.status === 'private');
 * ```
 */
export async function authorCourse(q: Queryable, who: Who, courseId: string, what = 'Course', hidden = false): Promise<CourseRow> {
  const course = await findCourse(q, courseId);
  if (!course) throw notFound(what);
  if (canAuthor(who, course)) return course;
  const v = await viewerOf(q, who, course);
  if (!hidden && courseVisible(course, v)) throw forbidden("Only the course's instructor or an admin may change it");
  throw notFound(what);
}
