import { z } from 'zod';
import { defineRoute } from '../lib/route.js';
import { IdParams, Ok, page } from '../lib/primitives.js';
import {
  Article, CourseDetail, CourseListQuery, CourseMaterial, CourseSummary, CreateArticleRequest,
  CreateCourseRequest, CreateLessonRequest, CreateSectionRequest, CreateVideoRequest, Lesson,
  LibraryListQuery, ReorderRequest, Section, UpdateCourseRequest, UpdateLessonRequest,
  UpdateSectionRequest, Video,
} from '../lib/catalog.js';

/** Limits for course material uploads. */
export const MATERIAL_UPLOAD = {
  maxBytes: 10 * 1024 * 1024,
  contentTypes: [
    'application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'text/plain', 'text/csv',
    'audio/mpeg', 'video/mp4',
  ],
} as const;

/** Query of a material upload: the file's name and title travel in the query, bytes in the body. */
export const MaterialUploadQuery = z.object({
  fileName: z.string().trim().min(1).max(200).regex(/^[^/\\\0]+$/, 'No path separators'),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  isFree: z.enum(['true', 'false']).optional(),
  order: z.coerce.number().int().min(0).max(10_000).optional(),
});

/** Catalog, course outlines, lessons, articles, videos, materials and authoring. */
export const catalogRoutes = {
  'courses.list': defineRoute({
    method: 'GET', path: '/v1/courses', tag: 'catalog', access: 'public', scope: 'any',
    summary: 'Search and filter the published catalog', query: CourseListQuery, response: page(CourseSummary),
  }),
  'courses.retrieve': defineRoute({
    method: 'GET', path: '/v1/courses/:id', tag: 'catalog', access: 'public', scope: 'any',
    summary: 'A course with its sections and lessons in order', params: IdParams, response: CourseDetail,
  }),
  'courses.create': defineRoute({
    method: 'POST', path: '/v1/courses', tag: 'authoring', access: 'instructor', scope: 'any',
    summary: 'Create a draft course', body: CreateCourseRequest, response: CourseDetail, status: 201,
    idempotent: true,
  }),
  'courses.update': defineRoute({
    method: 'PATCH', path: '/v1/courses/:id', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'Edit, publish or archive a course', params: IdParams, body: UpdateCourseRequest, response: CourseDetail,
  }),
  'courses.archive': defineRoute({
    method: 'DELETE', path: '/v1/courses/:id', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'Archive a course (kept for enrolled learners, gone from the catalog)', params: IdParams,
    response: CourseDetail,
  }),
  'courses.reorder': defineRoute({
    method: 'POST', path: '/v1/courses/:id/reorder', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Set the order of sections and lessons', params: IdParams,
    body: ReorderRequest, response: CourseDetail,
  }),
  'sections.create': defineRoute({
    method: 'POST', path: '/v1/courses/:id/sections', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Add a section', params: IdParams, body: CreateSectionRequest,
    response: Section, status: 201, idempotent: true,
  }),
  'sections.update': defineRoute({
    method: 'PATCH', path: '/v1/sections/:id', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'Edit a section', params: IdParams, body: UpdateSectionRequest, response: Section,
  }),
  'sections.delete': defineRoute({
    method: 'DELETE', path: '/v1/sections/:id', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'Delete an empty section', params: IdParams, response: Ok,
  }),
  'lessons.create': defineRoute({
    method: 'POST', path: '/v1/sections/:id/lessons', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Add a lesson to a section', params: IdParams,
    body: CreateLessonRequest, response: Lesson, status: 201, idempotent: true,
  }),
  'lessons.retrieve': defineRoute({
    method: 'GET', path: '/v1/lessons/:id', tag: 'catalog', access: 'public', scope: 'any',
    summary: 'A lesson; content only for preview lessons or with access', params: IdParams, response: Lesson,
  }),
  'lessons.update': defineRoute({
    method: 'PATCH', path: '/v1/lessons/:id', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'Edit or move a lesson', params: IdParams, body: UpdateLessonRequest, response: Lesson,
  }),
  'lessons.delete': defineRoute({
    method: 'DELETE', path: '/v1/lessons/:id', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'Delete a lesson', params: IdParams, response: Ok,
  }),
  'articles.list': defineRoute({
    method: 'GET', path: '/v1/articles', tag: 'library', access: 'public', scope: 'any',
    summary: 'Search articles', query: LibraryListQuery, response: page(Article),
  }),
  'articles.retrieve': defineRoute({
    method: 'GET', path: '/v1/articles/:id', tag: 'library', access: 'public', scope: 'any',
    summary: 'An article', params: IdParams, response: Article,
  }),
  'articles.create': defineRoute({
    method: 'POST', path: '/v1/articles', tag: 'library', access: 'instructor', scope: 'any',
    summary: 'Publish an article', body: CreateArticleRequest, response: Article, status: 201, idempotent: true,
  }),
  'videos.list': defineRoute({
    method: 'GET', path: '/v1/videos', tag: 'library', access: 'public', scope: 'any',
    summary: 'Search videos', query: LibraryListQuery, response: page(Video),
  }),
  'videos.retrieve': defineRoute({
    method: 'GET', path: '/v1/videos/:id', tag: 'library', access: 'public', scope: 'any',
    summary: 'A video', params: IdParams, response: Video,
  }),
  'videos.create': defineRoute({
    method: 'POST', path: '/v1/videos', tag: 'library', access: 'instructor', scope: 'any',
    summary: 'Publish a video', body: CreateVideoRequest, response: Video, status: 201, idempotent: true,
  }),
  'materials.list': defineRoute({
    method: 'GET', path: '/v1/courses/:id/materials', tag: 'catalog', access: 'public', scope: 'any',
    summary: 'Materials of a course (download needs access unless free)', params: IdParams,
    response: z.object({ data: z.array(CourseMaterial) }),
  }),
  'materials.upload': defineRoute({
    method: 'POST', path: '/v1/courses/:id/materials', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Upload a material: raw bytes in the body, name in the query',
    params: IdParams, query: MaterialUploadQuery, rawBody: MATERIAL_UPLOAD, response: CourseMaterial,
    status: 201,
  }),
  'materials.download': defineRoute({
    method: 'GET', path: '/v1/materials/:id/download', tag: 'catalog', access: 'public', scope: 'any',
    summary: 'Download a material (learners with access)', params: IdParams, response: z.unknown(),
    produces: 'application/octet-stream',
  }),
  'materials.delete': defineRoute({
    method: 'DELETE', path: '/v1/materials/:id', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Delete a material', params: IdParams, response: Ok,
  }),
} as const;
