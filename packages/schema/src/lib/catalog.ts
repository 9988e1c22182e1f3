import { z } from 'zod';
import {
  Currency, Emoji, HttpUrl, Id, Languages, Locale, LongText, Money, PageQuery, Shared, ShortText, Timestamp,
} from './primitives.js';
import { PublicUser } from './users.js';

/**
 * Course categories (seed 001).
 *
 * @example
 * ```ts
 * Category.parse('irrigation');
 * ```
 */
export const Category = z.enum([
  'crop-management', 'irrigation', 'pest-control', 'soil-health', 'equipment', 'weather',
]);
/** A course category. */
export type Category = z.infer<typeof Category>;

/** Difficulty levels. */
export const Level = z.enum(['beginner', 'intermediate', 'advanced']);
/** A difficulty level. */
export type Level = z.infer<typeof Level>;

/** Publication state of a course (seed 001's `is_published`/`is_archived`, seed 002's `IsPublished`). */
export const CourseStatus = z.enum(['draft', 'published', 'archived']);
/** Course status. */
export type CourseStatus = z.infer<typeof CourseStatus>;

/** Section visibility (seed 003). */
export const SectionStatus = z.enum(['public', 'private']);

/**
 * Lesson visibility (seed 003): `private` lessons are hidden from learners, `preview` lessons
 * are playable by anyone, `public` lessons are playable with access to the course.
 */
export const LessonStatus = z.enum(['public', 'private', 'preview']);
/** Lesson visibility. */
export type LessonStatus = z.infer<typeof LessonStatus>;

/** Lesson content types (seed 001). */
export const ContentType = z.enum(['video', 'text', 'quiz', 'assignment']);
/** Lesson content type. */
export type ContentType = z.infer<typeof ContentType>;

/** Where a video is hosted (seed 001 `video_type`). */
export const VideoProvider = z.enum(['youtube', 'vimeo', 'self_hosted', 'aws_s3']);
/** Video host. */
export type VideoProvider = z.infer<typeof VideoProvider>;

/** A caption track for a video. */
export const CaptionTrack = z.object({
  lang: Locale,
  label: z.string(),
  url: z.string(),
});

/** The playable part of a video lesson or library video. */
export const VideoSource = z.object({
  provider: VideoProvider,
  /** Media URL for self-hosted video (absolute, or relative to the server's base URL), page URL for YouTube/Vimeo. */
  url: z.string(),
  /** YouTube or Vimeo id, for embeds. */
  videoId: z.string().nullable(),
  durationSeconds: z.int().min(0).nullable(),
  captions: z.array(CaptionTrack),
});
/** Video source. */
export type VideoSource = z.infer<typeof VideoSource>;

/** The instructor as shown on a course. */
export const Instructor = PublicUser;

/**
 * A course as listed in the catalog. `price.amount === 0` means free; `salePrice` is the price
 * after `discountPercent`.
 */
export const CourseSummary = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  category: Category,
  level: Level,
  /** Languages the course is taught in. */
  languages: z.array(Locale),
  durationMinutes: z.int().min(0),
  lessonCount: z.int().min(0),
  thumbnailEmoji: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  rating: z.number().min(0).max(5),
  ratingCount: z.int().min(0),
  enrolledCount: z.int().min(0),
  completionRate: z.number().min(0).max(100),
  price: Money,
  discountPercent: z.int().min(0).max(100),
  salePrice: Money,
  isFree: z.boolean(),
  instructor: Instructor,
  status: CourseStatus,
  shared: Shared,
  publishedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Catalog card. */
export type CourseSummary = z.infer<typeof CourseSummary>;

/**
 * A lesson in a course outline. Content (`video`, `body`) is present only when the viewer may
 * play it; otherwise `locked` is true and `lockReason` says why.
 */
export const Lesson = z.object({
  id: Id,
  courseId: Id,
  sectionId: Id,
  title: z.string(),
  description: z.string().nullable(),
  order: z.int().min(0),
  durationMinutes: z.int().min(0),
  contentType: ContentType,
  status: LessonStatus,
  isRequired: z.boolean(),
  locked: z.boolean(),
  lockReason: z.enum(['enroll', 'purchase', 'sign_in']).nullable(),
  video: VideoSource.nullable(),
  /** Markdown for text and assignment lessons. Render only after sanitising. */
  body: z.string().nullable(),
  quizId: Id.nullable(),
  /** Rough bytes needed to keep this lesson offline (text, captions, quiz; not streamed video). */
  downloadBytes: z.int().min(0),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** A lesson. */
export type Lesson = z.infer<typeof Lesson>;

/** A section of a course with its lessons, in order. */
export const Section = z.object({
  id: Id,
  courseId: Id,
  title: z.string(),
  status: SectionStatus,
  order: z.int().min(0),
  lessons: z.array(Lesson),
});
/** Section with lessons. */
export type Section = z.infer<typeof Section>;

/** What the viewer may do with a course. */
export const CourseAccess = z.object({
  /** The viewer can play every non-private lesson. */
  hasAccess: z.boolean(),
  enrolled: z.boolean(),
  /** Ids of products that grant access to this course (to offer checkout). */
  productIds: z.array(Id),
});

/** A course with its outline (sections and lessons in order). */
export const CourseDetail = CourseSummary.extend({
  sections: z.array(Section),
  access: CourseAccess,
});
/** Course with outline. */
export type CourseDetail = z.infer<typeof CourseDetail>;

/** Sort orders for the catalog. */
export const CourseSort = z.enum(['relevance', 'newest', 'rating', 'popular', 'price_asc', 'price_desc']);

/** `GET /v1/courses` query. */
export const CourseListQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(200).optional(),
  category: Category.optional(),
  level: Level.optional(),
  language: Locale.optional(),
  price: z.enum(['free', 'paid']).optional(),
  currency: Currency.optional(),
  minPrice: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  maxPrice: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  instructorId: Id.optional(),
  sort: CourseSort.optional(),
});
/** Catalog query. */
export type CourseListQuery = z.infer<typeof CourseListQuery>;

/** Article source (seed 001). */
export const ArticleSource = z.enum(['internal', 'external', 'scraped']);

/** An article. */
export const Article = z.object({
  id: Id,
  title: z.string(),
  excerpt: z.string(),
  /** Markdown. Render only after sanitising. */
  content: z.string(),
  category: Category,
  author: z.object({ id: Id.nullable(), name: z.string(), imageUrl: z.string().nullable() }),
  readTimeMinutes: z.int().min(0),
  languages: z.array(Locale),
  sourceType: ArticleSource,
  sourceUrl: z.string().nullable(),
  sourceTitle: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  thumbnailEmoji: z.string().nullable(),
  viewCount: z.int().min(0),
  likeCount: z.int().min(0),
  isFeatured: z.boolean(),
  shared: Shared,
  publishedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Article. */
export type Article = z.infer<typeof Article>;

/** A library video (seed 001 `videos`). */
export const Video = z.object({
  id: Id,
  title: z.string(),
  description: z.string().nullable(),
  category: Category,
  source: VideoSource,
  thumbnailUrl: z.string().nullable(),
  thumbnailEmoji: z.string().nullable(),
  creator: z.object({ id: Id.nullable(), name: z.string(), imageUrl: z.string().nullable() }),
  languages: z.array(Locale),
  level: Level.nullable(),
  transcript: z.string().nullable(),
  viewCount: z.int().min(0),
  likeCount: z.int().min(0),
  isFeatured: z.boolean(),
  shared: Shared,
  publishedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Video. */
export type Video = z.infer<typeof Video>;

/** `GET /v1/articles` and `GET /v1/videos` query. */
export const LibraryListQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(200).optional(),
  category: Category.optional(),
  language: Locale.optional(),
  featured: z.enum(['true', 'false']).optional(),
});
/** Library query. */
export type LibraryListQuery = z.infer<typeof LibraryListQuery>;

/** A downloadable course material (seed 002 `CourseMaterial`). */
export const CourseMaterial = z.object({
  id: Id,
  courseId: Id,
  title: z.string(),
  description: z.string().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  fileSizeBytes: z.int().min(0),
  order: z.int().min(0),
  isFree: z.boolean(),
  /** Relative URL to download; requires access unless `isFree`. */
  downloadUrl: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Course material. */
export type CourseMaterial = z.infer<typeof CourseMaterial>;

// ---------- authoring requests ----------

/** `POST /v1/courses` body (instructor/admin). */
export const CreateCourseRequest = z.object({
  title: ShortText,
  description: LongText,
  category: Category,
  level: Level,
  languages: Languages,
  durationMinutes: z.int().min(0).max(100_000).optional(),
  thumbnailEmoji: Emoji.optional(),
  thumbnailUrl: HttpUrl.optional(),
  price: Money.optional(),
  discountPercent: z.int().min(0).max(100).optional(),
  /** Admins may create a course for another instructor. */
  instructorId: Id.optional(),
  shared: Shared.optional(),
});
/** Create course body. */
export type CreateCourseRequest = z.infer<typeof CreateCourseRequest>;

/** `PATCH /v1/courses/{id}` body. */
export const UpdateCourseRequest = CreateCourseRequest.omit({ instructorId: true })
  .partial()
  .extend({ status: CourseStatus.optional() });

/** `POST /v1/courses/{id}/sections` body. */
export const CreateSectionRequest = z.object({
  title: ShortText,
  status: SectionStatus.optional(),
  order: z.int().min(0).max(10_000).optional(),
});

/** `PATCH /v1/sections/{id}` body. */
export const UpdateSectionRequest = CreateSectionRequest.partial();

/** Video input for authoring. */
export const VideoSourceInput = z.object({
  provider: VideoProvider,
  url: HttpUrl,
  videoId: z.string().max(100).nullable().optional(),
  durationSeconds: z.int().min(0).max(86_400).nullable().optional(),
  captions: z.array(z.object({ lang: Locale, label: ShortText, url: HttpUrl })).max(10).optional(),
});

/** `POST /v1/sections/{id}/lessons` body. */
export const CreateLessonRequest = z.object({
  title: ShortText,
  description: z.string().max(5000).nullable().optional(),
  contentType: ContentType,
  status: LessonStatus.optional(),
  isRequired: z.boolean().optional(),
  durationMinutes: z.int().min(0).max(10_000).optional(),
  order: z.int().min(0).max(10_000).optional(),
  video: VideoSourceInput.nullable().optional(),
  body: LongText.nullable().optional(),
  quizId: Id.nullable().optional(),
});

/** `PATCH /v1/lessons/{id}` body. */
export const UpdateLessonRequest = CreateLessonRequest.partial().extend({ sectionId: Id.optional() });

/** `POST /v1/courses/{id}/reorder` body: the full order of sections and their lessons. */
export const ReorderRequest = z.object({
  sections: z
    .array(z.object({ id: Id, lessonIds: z.array(Id).max(1000) }))
    .max(500),
});

/** `POST /v1/articles` body. */
export const CreateArticleRequest = z.object({
  title: ShortText,
  excerpt: z.string().min(1).max(1000),
  content: LongText,
  category: Category,
  languages: Languages,
  readTimeMinutes: z.int().min(0).max(1000).optional(),
  sourceType: ArticleSource.optional(),
  sourceUrl: HttpUrl.optional(),
  thumbnailEmoji: Emoji.optional(),
  isFeatured: z.boolean().optional(),
  shared: Shared.optional(),
});

/** `POST /v1/videos` body. */
export const CreateVideoRequest = z.object({
  title: ShortText,
  description: z.string().max(5000).optional(),
  category: Category,
  source: VideoSourceInput,
  languages: Languages,
  level: Level.optional(),
  transcript: LongText.optional(),
  thumbnailEmoji: Emoji.optional(),
  isFeatured: z.boolean().optional(),
  shared: Shared.optional(),
});

