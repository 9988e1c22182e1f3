import { z } from 'zod';
import { defineRoute } from '../lib/route.js';
import { Id, IdParams, Ok, page, PageQuery, Shared } from '../lib/primitives.js';
import {
  CourseProgress, CreateQuestionRequest, CreateQuizRequest, Enrollment, FlaggedStatus,
  GradeAttemptRequest, LessonProgress, ProgressUpdateRequest, QuizAttempt, QuizForAuthor,
  QuizQuestionAuthor, QuizWithQuestions, SubmitAttemptRequest,
} from '../lib/learning.js';
import {
  Badge, BadgeProgress, Certificate, CertificateVerification, LearningStats, Points, Roadmap,
  RoadmapProgress, Streak,
} from '../lib/rewards.js';
import { Level } from '../lib/catalog.js';
import { ERROR_CODES } from '../lib/errors.js';
import { AuditLogEntry, AuditLogQuery, Notification, NotificationListQuery } from '../lib/notifications.js';

/** `POST /v1/roadmaps` body. */
export const CreateRoadmapRequest = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  goal: z.string().max(2000),
  difficulty: Level,
  estimatedHours: z.int().min(0).max(10_000).optional(),
  iconEmoji: z.string().max(16).optional(),
  isPublished: z.boolean().optional(),
  shared: Shared.optional(),
  milestones: z
    .array(z.object({ title: z.string().trim().min(1).max(200), description: z.string().max(2000).optional(), courseId: Id.nullable().optional() }))
    .max(100),
});

/** Enrollment, progress, quizzes, rewards, certificates, roadmaps, notifications, audit. */
export const learningRoutes = {
  'enrollments.create': defineRoute({
    method: 'POST', path: '/v1/courses/:id/enroll', tag: 'learning', access: 'user', scope: 'self',
    summary: 'Enrol in a free course (paid courses need checkout)', params: IdParams, response: Enrollment,
    status: 201, idempotent: true,
    errors: { 402: [ERROR_CODES.paymentRequired], 409: [ERROR_CODES.alreadyEnrolled, ERROR_CODES.conflict] },
  }),
  'enrollments.list': defineRoute({
    method: 'GET', path: '/v1/enrollments', tag: 'learning', access: 'user', scope: 'self',
    summary: "The caller's enrollments", query: PageQuery, response: page(Enrollment),
  }),
  'enrollments.drop': defineRoute({
    method: 'POST', path: '/v1/enrollments/:id/drop', tag: 'learning', access: 'user', scope: 'self',
    summary: 'Drop a course', params: IdParams, response: Enrollment,
  }),
  'progress.course': defineRoute({
    method: 'GET', path: '/v1/courses/:id/progress', tag: 'learning', access: 'user', scope: 'self',
    summary: "The caller's progress in a course, computed from lessons", params: IdParams, response: CourseProgress,
  }),
  'progress.update': defineRoute({
    method: 'PUT', path: '/v1/lessons/:id/progress', tag: 'learning', access: 'user', scope: 'self',
    summary: 'Report video position, time spent, completion', params: IdParams, body: ProgressUpdateRequest,
    response: LessonProgress,
  }),
  'progress.complete': defineRoute({
    method: 'POST', path: '/v1/lessons/:id/complete', tag: 'learning', access: 'user', scope: 'self',
    summary: 'Mark a lesson complete', params: IdParams, response: CourseProgress, idempotent: true,
  }),
  'progress.flag': defineRoute({
    method: 'POST', path: '/v1/lessons/:id/progress/:userId/flag', tag: 'learning', access: 'instructor',
    scope: 'course-instructor', summary: "Flag or clear a learner's progress for review",
    params: z.object({ id: Id, userId: Id }), body: z.object({ status: FlaggedStatus }), response: LessonProgress,
  }),
  'quizzes.retrieve': defineRoute({
    method: 'GET', path: '/v1/quizzes/:id', tag: 'quizzes', access: 'public', scope: 'any',
    summary: 'A quiz with its questions, never with the answer key', params: IdParams, response: QuizWithQuestions,
  }),
  'quizzes.retrieveForAuthor': defineRoute({
    method: 'GET', path: '/v1/quizzes/:id/edit', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'A quiz with its answer key (its instructor, admins)', params: IdParams, response: QuizForAuthor,
  }),
  'quizzes.create': defineRoute({
    method: 'POST', path: '/v1/courses/:id/quizzes', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Create a quiz', params: IdParams, body: CreateQuizRequest,
    response: QuizForAuthor, status: 201, idempotent: true,
  }),
  'quizzes.update': defineRoute({
    method: 'PATCH', path: '/v1/quizzes/:id', tag: 'authoring', access: 'instructor', scope: 'course-instructor',
    summary: 'Edit a quiz', params: IdParams, body: CreateQuizRequest.partial(), response: QuizForAuthor,
  }),
  'quizQuestions.create': defineRoute({
    method: 'POST', path: '/v1/quizzes/:id/questions', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Add a question', params: IdParams, body: CreateQuestionRequest,
    response: QuizQuestionAuthor, status: 201, idempotent: true,
  }),
  'quizQuestions.update': defineRoute({
    method: 'PATCH', path: '/v1/quiz-questions/:id', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Edit a question', params: IdParams,
    body: CreateQuestionRequest.partial(), response: QuizQuestionAuthor,
  }),
  'quizQuestions.delete': defineRoute({
    method: 'DELETE', path: '/v1/quiz-questions/:id', tag: 'authoring', access: 'instructor',
    scope: 'course-instructor', summary: 'Delete a question', params: IdParams, response: Ok,
  }),
  'attempts.start': defineRoute({
    method: 'POST', path: '/v1/quizzes/:id/attempts', tag: 'quizzes', access: 'user', scope: 'self',
    summary: 'Start (or resume the open) attempt; the server sets the deadline', params: IdParams,
    response: QuizAttempt, status: 201, idempotent: true,
    errors: { 403: [ERROR_CODES.notEnrolled], 409: [ERROR_CODES.attemptLimit, ERROR_CODES.conflict] },
  }),
  'attempts.list': defineRoute({
    method: 'GET', path: '/v1/quizzes/:id/attempts', tag: 'quizzes', access: 'user', scope: 'self',
    summary: "The caller's attempts at a quiz", params: IdParams, response: z.object({ data: z.array(QuizAttempt) }),
  }),
  'attempts.retrieve': defineRoute({
    method: 'GET', path: '/v1/attempts/:id', tag: 'quizzes', access: 'user', scope: 'self',
    summary: 'An attempt (its learner, or the course instructor)', params: IdParams, response: QuizAttempt,
  }),
  'attempts.submit': defineRoute({
    method: 'POST', path: '/v1/attempts/:id/submit', tag: 'quizzes', access: 'user', scope: 'self',
    summary: 'Submit answers; graded once even if sent many times', params: IdParams,
    body: SubmitAttemptRequest, response: QuizAttempt, idempotent: true,
  }),
  'attempts.grade': defineRoute({
    method: 'POST', path: '/v1/attempts/:id/grade', tag: 'quizzes', access: 'instructor',
    scope: 'course-instructor', summary: 'Grade essay answers', params: IdParams, body: GradeAttemptRequest,
    response: QuizAttempt,
  }),
  'attempts.pending': defineRoute({
    method: 'GET', path: '/v1/courses/:id/attempts/pending', tag: 'quizzes', access: 'instructor',
    scope: 'course-instructor', summary: 'Attempts waiting for essay grading', params: IdParams,
    query: PageQuery, response: page(QuizAttempt),
  }),
  'badges.list': defineRoute({
    method: 'GET', path: '/v1/badges', tag: 'rewards', access: 'public', scope: 'any',
    summary: 'Every badge and its rule', response: z.object({ data: z.array(Badge) }),
  }),
  'rewards.badges': defineRoute({
    method: 'GET', path: '/v1/me/badges', tag: 'rewards', access: 'user', scope: 'self',
    summary: 'Earned and locked badges with progress', response: z.object({ data: z.array(BadgeProgress) }),
  }),
  'rewards.points': defineRoute({
    method: 'GET', path: '/v1/me/points', tag: 'rewards', access: 'user', scope: 'self',
    summary: 'Points with breakdown', response: Points,
  }),
  'rewards.streak': defineRoute({
    method: 'GET', path: '/v1/me/streak', tag: 'rewards', access: 'user', scope: 'self',
    summary: "Current and longest daily streak in the learner's time zone", response: Streak,
  }),
  'rewards.stats': defineRoute({
    method: 'GET', path: '/v1/me/stats', tag: 'rewards', access: 'user', scope: 'self',
    summary: 'Learning stats', response: LearningStats,
  }),
  'certificates.list': defineRoute({
    method: 'GET', path: '/v1/me/certificates', tag: 'certificates', access: 'user', scope: 'self',
    summary: "The caller's certificates", response: z.object({ data: z.array(Certificate) }),
  }),
  'certificates.verify': defineRoute({
    method: 'GET', path: '/v1/certificates/:id/verify', tag: 'certificates', access: 'signature', scope: 'any',
    summary: 'Verify a certificate, with no key (anyone holding the link); JSON, or a page in the viewer\'s language for `Accept: text/html`', params: IdParams,
    response: CertificateVerification,
  }),
  'certificates.html': defineRoute({
    method: 'GET', path: '/v1/certificates/:id/html', tag: 'certificates', access: 'signature', scope: 'any',
    summary: 'Printable certificate, with no key, worded in the viewer\'s language (`?locale=` or `Accept-Language`)', params: IdParams, response: z.string(), produces: 'text/html',
  }),
  'roadmaps.list': defineRoute({
    method: 'GET', path: '/v1/roadmaps', tag: 'roadmaps', access: 'public', scope: 'any',
    summary: 'Published roadmaps', query: PageQuery, response: page(Roadmap),
  }),
  'roadmaps.retrieve': defineRoute({
    method: 'GET', path: '/v1/roadmaps/:id', tag: 'roadmaps', access: 'public', scope: 'any',
    summary: 'A roadmap with milestones', params: IdParams, response: Roadmap,
  }),
  'roadmaps.create': defineRoute({
    method: 'POST', path: '/v1/roadmaps', tag: 'roadmaps', access: 'instructor', scope: 'any',
    summary: 'Create a roadmap', body: CreateRoadmapRequest, response: Roadmap, status: 201, idempotent: true,
  }),
  'roadmaps.progress': defineRoute({
    method: 'GET', path: '/v1/roadmaps/:id/progress', tag: 'roadmaps', access: 'user', scope: 'self',
    summary: "The caller's progress on a roadmap", params: IdParams, response: RoadmapProgress,
  }),
  'notifications.list': defineRoute({
    method: 'GET', path: '/v1/notifications', tag: 'notifications', access: 'user', scope: 'self',
    summary: "The caller's notifications, newest first", query: NotificationListQuery,
    response: page(Notification).extend({ unreadCount: z.int().min(0) }),
  }),
  'notifications.markRead': defineRoute({
    method: 'POST', path: '/v1/notifications/:id/read', tag: 'notifications', access: 'user', scope: 'self',
    summary: 'Mark one notification read', params: IdParams, response: Notification,
  }),
  'notifications.markAllRead': defineRoute({
    method: 'POST', path: '/v1/notifications/read-all', tag: 'notifications', access: 'user', scope: 'self',
    summary: 'Mark every notification read', response: Ok,
  }),
  'audit.list': defineRoute({
    method: 'GET', path: '/v1/audit-log', tag: 'admin', access: 'admin', scope: 'any',
    summary: 'Audit log, newest first', query: AuditLogQuery, response: page(AuditLogEntry),
  }),
} as const;
