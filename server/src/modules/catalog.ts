import type { Article, Category, CourseListQuery, Locale, Video } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { notFound } from '../core/errors.js';
import {
  COURSE_COLUMNS, SALE_SQL, courseDetail, courseVisible, findCourse, toCourseSummary, toLesson, viewerOf,
  type CourseRow, type LessonRow,
} from '../shared-sql/courses.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { iso, isoNN } from '../core/time.js';
import { defineModule } from './module.js';
import { onSiteSql, siteIdOf } from '../core/tenancy.js';

const MAX_TERMS = 8;

/** Splits a search query into lower-cased NFC terms, escaped for LIKE. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  return q.normalize('NFC').toLowerCase().split(/\s+/u).filter(Boolean).slice(0, MAX_TERMS)
    .map((t) => t.replace(/[\\%_]/g, (c) => `\\${c}`));
}

type SortKey = NonNullable<CourseListQuery['sort']>;
const SORTS: Record<SortKey, { expr: string; dir: 'ASC' | 'DESC'; type: 'string' | 'number'; cast: string }> = {
  relevance: { expr: '__score', dir: 'DESC', type: 'number', cast: 'int' },
  newest: { expr: 'c.published_at', dir: 'DESC', type: 'string', cast: 'timestamptz' },
  rating: { expr: 'c.rating_avg', dir: 'DESC', type: 'number', cast: 'float8' },
  popular: { expr: 'c.enrolled_count', dir: 'DESC', type: 'number', cast: 'int' },
  price_asc: { expr: SALE_SQL, dir: 'ASC', type: 'number', cast: 'int' },
  price_desc: { expr: SALE_SQL, dir: 'DESC', type: 'number', cast: 'int' },
};

/** Builds and runs the catalog query: filters, any-script search, keyset pagination. */
async function listCourses(db: { query: import('../db/types.js').Queryable['query'] }, query: CourseListQuery, siteId: string | null) {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [`c.status = 'published'`, onSiteSql('c', p(siteId))];
  const terms = searchTerms(query.q);
  const scoreParts: string[] = [];
  for (const t of terms) {
    const like = p(`%${t}%`);
    where.push(`c.search_text LIKE ${like}`);
    scoreParts.push(`(CASE WHEN lower(c.title) LIKE ${like} THEN 2 ELSE 0 END)`);
  }
  if (query.category) where.push(`c.category = ${p(query.category)}`);
  if (query.level) where.push(`c.level = ${p(query.level)}`);
  if (query.language) where.push(`${p(query.language)} = ANY(c.languages)`);
  if (query.price === 'free') where.push(`c.price_amount = 0`);
  if (query.price === 'paid') where.push(`c.price_amount > 0`);
  if (query.currency) where.push(`c.currency = ${p(query.currency)}`);
  if (query.minPrice !== undefined) where.push(`${SALE_SQL} >= ${p(query.minPrice)}`);
  if (query.maxPrice !== undefined) where.push(`${SALE_SQL} <= ${p(query.maxPrice)}`);
  if (query.instructorId) where.push(`c.instructor_id = ${p(query.instructorId)}`);

  const sortKey: SortKey = query.sort ?? (terms.length ? 'relevance' : 'newest');
  const sort = SORTS[sortKey];
  const score = scoreParts.length ? scoreParts.join(' + ') : '0::int';
  const sortExpr = sort.expr === '__score' ? `(${score})` : sort.expr;
  const after = decodeCursor(query.cursor, [sort.type, 'string']);
  if (after) {
    const op = sort.dir === 'DESC' ? '<' : '>';
    where.push(`(${sortExpr}, c.id) ${op} (${p(after[0])}::${sort.cast}, ${p(after[1])}::uuid)`);
  }
  const sql = `SELECT ${COURSE_COLUMNS}, ${sortExpr} AS __sort FROM courses c JOIN users u ON u.id = c.instructor_id
    WHERE ${where.join(' AND ')} ORDER BY ${sortExpr} ${sort.dir}, c.id ${sort.dir} LIMIT ${p(query.limit + 1)}`;
  const r = await db.query<CourseRow & { __sort: unknown }>(sql, params);
  const rows = r.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  const lastSort = last ? (last.__sort instanceof Date ? last.__sort.toISOString() : sort.type === 'number' ? Number(last.__sort) : String(last.__sort)) : null;
  return {
    data: rows.map(toCourseSummary),
    nextCursor: r.rows.length > query.limit && last ? encodeCursor([lastSort, last.id]) : null,
  };
}

interface ArticleRow {
  id: string; title: string; excerpt: string; content: string; category: string; author_id: string | null; author_name: string;
  author_image_url: string | null; read_time_minutes: number; languages: string[]; source_type: Article['sourceType'];
  source_url: string | null; source_title: string | null; thumbnail_url: string | null; thumbnail_emoji: string | null;
  view_count: number; like_count: number; is_featured: boolean; published_at: Date | null; created_at: Date; updated_at: Date;
  site_id: string | null;
}

/** Maps an article row. */
export function toArticle(r: ArticleRow): Article {
  return {
    id: r.id, title: r.title, excerpt: r.excerpt, content: r.content, category: r.category as Category,
    author: { id: r.author_id, name: r.author_name, imageUrl: r.author_image_url }, readTimeMinutes: r.read_time_minutes,
    languages: r.languages as Locale[], sourceType: r.source_type, sourceUrl: r.source_url, sourceTitle: r.source_title,
    thumbnailUrl: r.thumbnail_url, thumbnailEmoji: r.thumbnail_emoji, viewCount: r.view_count, likeCount: r.like_count,
    isFeatured: r.is_featured, shared: r.site_id === null, publishedAt: iso(r.published_at), createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

interface VideoRow {
  id: string; title: string; description: string | null; category: string; source: Video['source']; thumbnail_url: string | null;
  thumbnail_emoji: string | null; creator_id: string | null; creator_name: string; creator_image_url: string | null;
  languages: string[]; level: Video['level']; transcript: string | null; view_count: number; like_count: number;
  is_featured: boolean; published_at: Date | null; created_at: Date; updated_at: Date; site_id: string | null;
}

/** Maps a video row. */
export function toVideo(r: VideoRow): Video {
  return {
    id: r.id, title: r.title, description: r.description, category: r.category as Category,
    source: { ...r.source, videoId: r.source.videoId ?? null, durationSeconds: r.source.durationSeconds ?? null, captions: r.source.captions ?? [] },
    thumbnailUrl: r.thumbnail_url, thumbnailEmoji: r.thumbnail_emoji,
    creator: { id: r.creator_id, name: r.creator_name, imageUrl: r.creator_image_url }, languages: r.languages as Locale[],
    level: r.level, transcript: r.transcript, viewCount: r.view_count, likeCount: r.like_count,
    isFeatured: r.is_featured, shared: r.site_id === null, publishedAt: iso(r.published_at), createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** Shared list logic for articles and videos. */
async function listLibrary<T>(
  db: { query: import('../db/types.js').Queryable['query'] }, table: 'articles' | 'videos',
  query: { q?: string; category?: string; language?: string; featured?: 'true' | 'false'; cursor?: string; limit: number },
  map: (r: never) => T, siteId: string | null,
) {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ['is_published = true', onSiteSql('', p(siteId))];
  for (const t of searchTerms(query.q)) where.push(`search_text LIKE ${p(`%${t}%`)}`);
  if (query.category) where.push(`category = ${p(query.category)}`);
  if (query.language) where.push(`${p(query.language)} = ANY(languages)`);
  if (query.featured) where.push(`is_featured = ${p(query.featured === 'true')}`);
  const after = decodeCursor(query.cursor, ['string', 'string']);
  if (after) where.push(`(created_at, id) < (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
  const r = await db.query<{ id: string; created_at: Date }>(
    `SELECT * FROM ${table} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${p(query.limit + 1)}`, params);
  const rows = r.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  return {
    data: rows.map((x) => map(x as never)),
    nextCursor: r.rows.length > query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

const handlers = defineHandlers({
  'courses.list': async (ctx) => listCourses(ctx.services.db, ctx.query, siteIdOf(ctx.auth)),

  'courses.retrieve': async (ctx) => {
    const db = ctx.services.db;
    const course = await findCourse(db, ctx.params.id);
    if (!course) throw notFound('Course');
    const v = await viewerOf(db, ctx.auth, course);
    if (!courseVisible(course, v)) throw notFound('Course');
    return courseDetail(db, course, v);
  },

  'lessons.retrieve': async (ctx) => {
    const db = ctx.services.db;
    const r = await db.query<LessonRow & { section_status: string }>(
      `SELECT l.*, s.status AS section_status FROM lessons l JOIN sections s ON s.id = l.section_id WHERE l.id = $1`, [ctx.params.id]);
    const lesson = r.rows[0];
    if (!lesson) throw notFound('Lesson');
    const course = (await findCourse(db, lesson.course_id))!;
    const v = await viewerOf(db, ctx.auth, course);
    if (!courseVisible(course, v)) throw notFound('Lesson');
    if (!v.isAuthor && (lesson.status === 'private' || lesson.section_status === 'private')) throw notFound('Lesson');
    if (v.enrolled) await db.query(`UPDATE enrollments SET last_accessed_at = now() WHERE user_id = $1 AND course_id = $2`, [v.user!.id, course.id]);
    return toLesson(lesson, course, v);
  },

  'articles.list': async (ctx) => listLibrary(ctx.services.db, 'articles', ctx.query, toArticle, siteIdOf(ctx.auth)),
  'articles.retrieve': async (ctx) => {
    const r = await ctx.services.db.query<ArticleRow>(`SELECT * FROM articles WHERE id = $1 AND is_published = true AND ${onSiteSql('', '$2')}`, [ctx.params.id, siteIdOf(ctx.auth)]);
    if (!r.rows[0]) throw notFound('Article');
    return toArticle(r.rows[0]);
  },
  'videos.list': async (ctx) => listLibrary(ctx.services.db, 'videos', ctx.query, toVideo, siteIdOf(ctx.auth)),
  'videos.retrieve': async (ctx) => {
    const r = await ctx.services.db.query<VideoRow>(`SELECT * FROM videos WHERE id = $1 AND is_published = true AND ${onSiteSql('', '$2')}`, [ctx.params.id, siteIdOf(ctx.auth)]);
    if (!r.rows[0]) throw notFound('Video');
    return toVideo(r.rows[0]);
  },
});

/** Public catalog and library reads. */
export const catalogModule = defineModule({ name: 'catalog', handlers });
