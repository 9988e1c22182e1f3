import type {
  Category, ContentType, CourseDetail, CourseStatus, CourseSummary, Lesson, LessonStatus, Level, Locale, Role,
  Section, VideoSource,
} from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import type { AuthUser } from '../core/context.js';
import { adminsContent, onSite, siteIdOf, type Who } from '../core/tenancy.js';
import { iso, isoNN } from '../core/time.js';
import { moneyFromRow } from '../core/money.js';

/** Columns selected for a course with its instructor. */
export const COURSE_COLUMNS = `c.*, u.name AS instructor_name, u.image_url AS instructor_image_url, u.bio AS instructor_bio,
  u.role AS instructor_role,
  (SELECT count(*) FROM lessons l JOIN sections s ON s.id = l.section_id
    WHERE l.course_id = c.id AND l.status <> 'private' AND s.status <> 'private')::int AS lesson_count`;

/** Row shape of a course joined with its instructor. */
export interface CourseRow {
  id: string; instructor_id: string; title: string; description: string; category: string; level: string;
  languages: string[]; duration_minutes: number; thumbnail_emoji: string | null; thumbnail_url: string | null;
  price_amount: number; currency: string; discount_percent: number; status: string; rating_avg: number;
  rating_count: number; enrolled_count: number; completed_count: number; view_count: number;
  published_at: Date | null; created_at: Date; updated_at: Date; site_id: string | null;
  instructor_name: string; instructor_image_url: string | null; instructor_bio: string | null; instructor_role: Role;
  lesson_count: number;
}

/** Price after a percentage discount, in minor units. Used for display, filters and checkout. */
export function salePrice(amount: number, discountPercent: number): number {
  return Math.round((amount * (100 - discountPercent)) / 100);
}

/** SQL for the sale price of `c` (must match {@link salePrice}). */
export const SALE_SQL = `round(c.price_amount * (100 - c.discount_percent) / 100.0)::int`;

/** Maps a course row to the catalog card. */
export function toCourseSummary(r: CourseRow): CourseSummary {
  return {
    id: r.id, title: r.title, description: r.description, category: r.category as Category, level: r.level as Level,
    languages: r.languages as Locale[], durationMinutes: r.duration_minutes, lessonCount: r.lesson_count,
    thumbnailEmoji: r.thumbnail_emoji, thumbnailUrl: r.thumbnail_url,
    rating: Math.round(Number(r.rating_avg) * 10) / 10, ratingCount: r.rating_count, enrolledCount: r.enrolled_count,
    completionRate: r.enrolled_count ? Math.round((r.completed_count * 1000) / r.enrolled_count) / 10 : 0,
    price: moneyFromRow(r.price_amount, r.currency), discountPercent: r.discount_percent,
    salePrice: moneyFromRow(salePrice(r.price_amount, r.discount_percent), r.currency), isFree: r.price_amount === 0,
    instructor: { id: r.instructor_id, name: r.instructor_name, imageUrl: r.instructor_image_url, bio: r.instructor_bio, role: r.instructor_role },
    status: r.status as CourseStatus, shared: r.site_id === null, publishedAt: iso(r.published_at), createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** Loads a course with its instructor, any status. */
export async function findCourse(q: Queryable, id: string): Promise<CourseRow | null> {
  const r = await q.query<CourseRow>(`SELECT ${COURSE_COLUMNS} FROM courses c JOIN users u ON u.id = c.instructor_id WHERE c.id = $1`, [id]);
  return r.rows[0] ?? null;
}

/**
 * Whether the caller may edit the course: its instructor, or an admin of the site that owns it
 * (of a sharing site, for shared content — see core/tenancy.ts).
 */
export function canAuthor(who: Who, course: { instructor_id: string; site_id: string | null }): boolean {
  const user = who.user;
  if (!user || user.role === 'operator') return false;
  if (user.id === course.instructor_id) return true;
  return user.role === 'admin' && adminsContent(who, course.site_id);
}

/** The viewer's relationship to a course. */
export interface Viewer {
  user: AuthUser | null;
  /** The site the request is on. */
  siteId: string | null;
  enrolled: boolean;
  /** Can play every non-private lesson (enrolled and active, its instructor, or an admin). */
  hasAccess: boolean;
  /** Can see drafts and private lessons. */
  isAuthor: boolean;
}

/** Works out what a viewer may see and play of a course. */
export async function viewerOf(q: Queryable, who: Who, course: CourseRow): Promise<Viewer> {
  const user = who.user;
  const isAuthor = canAuthor(who, course);
  let enrolled = false;
  if (user) {
    const r = await q.query<{ is_active: boolean }>(
      `SELECT is_active FROM enrollments WHERE user_id = $1 AND course_id = $2`, [user.id, course.id]);
    enrolled = r.rows[0]?.is_active === true;
  }
  return { user, siteId: siteIdOf(who), enrolled, hasAccess: isAuthor || enrolled, isAuthor };
}

/** Whether a course is visible to this viewer at all (drafts to authors; archived to authors and learners). */
export function courseVisible(course: CourseRow, v: Viewer): boolean {
  // Another site's course does not exist here, whoever asks.
  if (!onSite(course.site_id, v.siteId)) return false;
  if (v.isAuthor) return true;
  if (course.status === 'published') return true;
  return course.status === 'archived' && v.enrolled;
}

/** Row shape of `lessons`. */
export interface LessonRow {
  id: string; course_id: string; section_id: string; title: string; description: string | null; position: number;
  duration_minutes: number; content_type: string; status: string; is_required: boolean; video: VideoSource | null;
  body: string | null; quiz_id: string | null; created_at: Date; updated_at: Date;
}

/** Row shape of `sections`. */
export interface SectionRow {
  id: string; course_id: string; title: string; status: string; position: number;
}

const CAPTION_BYTES = 20_000;
const QUIZ_BYTES = 8_000;

/** Maps a lesson, hiding its content unless the viewer may play it. */
export function toLesson(r: LessonRow, course: CourseRow, v: Viewer): Lesson {
  const playable = r.status === 'preview' || v.hasAccess;
  const lockReason: Lesson['lockReason'] = playable ? null : !v.user ? 'sign_in' : course.price_amount === 0 ? 'enroll' : 'purchase';
  const video = r.video ? { ...r.video, videoId: r.video.videoId ?? null, durationSeconds: r.video.durationSeconds ?? null, captions: r.video.captions ?? [] } : null;
  const downloadBytes = Buffer.byteLength(r.body ?? '') + Buffer.byteLength(r.title) + Buffer.byteLength(r.description ?? '') + 600 +
    (video ? video.captions.length * CAPTION_BYTES : 0) + (r.quiz_id ? QUIZ_BYTES : 0);
  return {
    id: r.id, courseId: r.course_id, sectionId: r.section_id, title: r.title, description: r.description, order: r.position,
    durationMinutes: r.duration_minutes, contentType: r.content_type as ContentType, status: r.status as LessonStatus,
    isRequired: r.is_required, locked: !playable, lockReason, video: playable ? video : null, body: playable ? r.body : null,
    quizId: r.quiz_id, downloadBytes, createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** Loads the outline of a course for a viewer: private sections and lessons only for authors. */
export async function loadOutline(q: Queryable, course: CourseRow, v: Viewer): Promise<Section[]> {
  const [sections, lessons] = await Promise.all([
    q.query<SectionRow>(`SELECT id, course_id, title, status, position FROM sections WHERE course_id = $1 ORDER BY position, created_at`, [course.id]),
    q.query<LessonRow>(`SELECT * FROM lessons WHERE course_id = $1 ORDER BY position, created_at`, [course.id]),
  ]);
  return sections.rows
    .filter((s) => v.isAuthor || s.status !== 'private')
    .map((s) => ({
      id: s.id, courseId: s.course_id, title: s.title, status: s.status as Section['status'], order: s.position,
      lessons: lessons.rows
        .filter((l) => l.section_id === s.id && (v.isAuthor || l.status !== 'private'))
        .map((l) => toLesson(l, course, v)),
    }));
}

/** A course with outline and the viewer's access. */
export async function courseDetail(q: Queryable, course: CourseRow, v: Viewer): Promise<CourseDetail> {
  const [sections, products] = await Promise.all([
    loadOutline(q, course, v),
    q.query<{ product_id: string }>(
      `SELECT cp.product_id FROM course_products cp JOIN products p ON p.id = cp.product_id WHERE cp.course_id = $1 AND p.status = 'public' ORDER BY p.price_amount`,
      [course.id]),
  ]);
  return {
    ...toCourseSummary(course),
    sections,
    access: { hasAccess: v.hasAccess, enrolled: v.enrolled, productIds: products.rows.map((p) => p.product_id) },
  };
}

/** Text the catalog search matches against: lower-cased, NFC, any script. */
export function searchText(...parts: (string | null | undefined)[]): string {
  return parts.filter(Boolean).join(' \n ').normalize('NFC').toLowerCase();
}
