import type { RouteId, RouteResponse, RouteSpec, Routes } from '@furrow/schema';

/**
 * Operation ids the client exposes: every route except system and webhooks, which are for
 * servers and probes, not for learners' browsers.
 */
export type OperationId = Exclude<RouteId, `system.${string}` | `webhooks.${string}`>;

type Shape<R extends RouteSpec> = R extends { produces: 'text/html' }
  ? 'h'
  : R extends { produces: string }
    ? 'o'
    : RouteResponse<R> extends { data: unknown[]; nextCursor: string | null }
      ? 'p'
      : RouteResponse<R> extends { data: unknown[] }
        ? 'd'
        : '';

/** Route flags: i idempotent, b body, q query, r raw body, then p page / d data list / h html / o octets. */
type Flags<R extends RouteSpec> = `${R extends { idempotent: true } ? 'i' : ''}${R extends { body: object } ? 'b' : ''}${R extends { query: object } ? 'q' : ''}${R extends { rawBody: object } ? 'r' : ''}${Shape<R>}`;

/** The exact table entry a route must have: `METHOD path[ flags]`. */
type Entry<R extends RouteSpec> = Flags<R> extends '' ? `${R['method']} ${R['path']}` : `${R['method']} ${R['path']} ${Flags<R>}`;

/**
 * The route table as the SDK carries it at runtime: `METHOD path[ flags]` per operation.
 *
 * Why a copy: importing `routes` from `@furrow/schema` would pull zod into the browser bundle
 * (10 KB budget). It is no hand-written duplicate in spirit: `satisfies` checks every entry
 * against the schema's literal types, so `tsc` fails the moment the contract changes, and
 * `scripts/route-table.ts` prints a fresh table.
 *
 * @example
 * ```ts
 * ROUTE_TABLE['courses.retrieve']; // 'GET /v1/courses/:id'
 * ```
 */
export const ROUTE_TABLE = {
  'auth.signup': 'POST /v1/auth/signup ib',
  'auth.login': 'POST /v1/auth/login b',
  'auth.logout': 'POST /v1/auth/logout',
  'auth.logoutAll': 'POST /v1/auth/logout-all',
  'auth.confirmEmail': 'POST /v1/auth/confirm-email b',
  'me.retrieve': 'GET /v1/me',
  'me.update': 'PATCH /v1/me b',
  'embedTokens.create': 'POST /v1/embed-tokens b',
  'users.retrieve': 'GET /v1/users/:id',
  'admin.users.list': 'GET /v1/admin/users qp',
  'admin.users.update': 'PATCH /v1/admin/users/:id b',
  'courses.list': 'GET /v1/courses qp',
  'courses.retrieve': 'GET /v1/courses/:id',
  'courses.create': 'POST /v1/courses ib',
  'courses.update': 'PATCH /v1/courses/:id b',
  'courses.archive': 'DELETE /v1/courses/:id',
  'courses.reorder': 'POST /v1/courses/:id/reorder b',
  'sections.create': 'POST /v1/courses/:id/sections ib',
  'sections.update': 'PATCH /v1/sections/:id b',
  'sections.delete': 'DELETE /v1/sections/:id',
  'lessons.create': 'POST /v1/sections/:id/lessons ib',
  'lessons.retrieve': 'GET /v1/lessons/:id',
  'lessons.update': 'PATCH /v1/lessons/:id b',
  'lessons.delete': 'DELETE /v1/lessons/:id',
  'articles.list': 'GET /v1/articles qp',
  'articles.retrieve': 'GET /v1/articles/:id',
  'articles.create': 'POST /v1/articles ib',
  'videos.list': 'GET /v1/videos qp',
  'videos.retrieve': 'GET /v1/videos/:id',
  'videos.create': 'POST /v1/videos ib',
  'materials.list': 'GET /v1/courses/:id/materials d',
  'materials.upload': 'POST /v1/courses/:id/materials qr',
  'materials.download': 'GET /v1/materials/:id/download o',
  'materials.delete': 'DELETE /v1/materials/:id',
  'enrollments.create': 'POST /v1/courses/:id/enroll i',
  'enrollments.list': 'GET /v1/enrollments qp',
  'enrollments.drop': 'POST /v1/enrollments/:id/drop',
  'progress.course': 'GET /v1/courses/:id/progress',
  'progress.update': 'PUT /v1/lessons/:id/progress b',
  'progress.complete': 'POST /v1/lessons/:id/complete i',
  'progress.flag': 'POST /v1/lessons/:id/progress/:userId/flag b',
  'quizzes.retrieve': 'GET /v1/quizzes/:id',
  'quizzes.retrieveForAuthor': 'GET /v1/quizzes/:id/edit',
  'quizzes.create': 'POST /v1/courses/:id/quizzes ib',
  'quizzes.update': 'PATCH /v1/quizzes/:id b',
  'quizQuestions.create': 'POST /v1/quizzes/:id/questions ib',
  'quizQuestions.update': 'PATCH /v1/quiz-questions/:id b',
  'quizQuestions.delete': 'DELETE /v1/quiz-questions/:id',
  'attempts.start': 'POST /v1/quizzes/:id/attempts i',
  'attempts.list': 'GET /v1/quizzes/:id/attempts d',
  'attempts.retrieve': 'GET /v1/attempts/:id',
  'attempts.submit': 'POST /v1/attempts/:id/submit ib',
  'attempts.grade': 'POST /v1/attempts/:id/grade b',
  'attempts.pending': 'GET /v1/courses/:id/attempts/pending qp',
  'badges.list': 'GET /v1/badges d',
  'rewards.badges': 'GET /v1/me/badges d',
  'rewards.points': 'GET /v1/me/points',
  'rewards.streak': 'GET /v1/me/streak',
  'rewards.stats': 'GET /v1/me/stats',
  'certificates.list': 'GET /v1/me/certificates d',
  'certificates.verify': 'GET /v1/certificates/:id/verify',
  'certificates.html': 'GET /v1/certificates/:id/html h',
  'roadmaps.list': 'GET /v1/roadmaps qp',
  'roadmaps.retrieve': 'GET /v1/roadmaps/:id',
  'roadmaps.create': 'POST /v1/roadmaps ib',
  'roadmaps.progress': 'GET /v1/roadmaps/:id/progress',
  'notifications.list': 'GET /v1/notifications qp',
  'notifications.markRead': 'POST /v1/notifications/:id/read',
  'notifications.markAllRead': 'POST /v1/notifications/read-all',
  'audit.list': 'GET /v1/audit-log qp',
  'reviews.list': 'GET /v1/courses/:id/reviews qp',
  'reviews.create': 'POST /v1/courses/:id/reviews ib',
  'questions.list': 'GET /v1/lessons/:id/questions qp',
  'questions.create': 'POST /v1/lessons/:id/questions ib',
  'questions.upvote': 'POST /v1/questions/:id/upvote',
  'questions.removeUpvote': 'DELETE /v1/questions/:id/upvote',
  'answers.create': 'POST /v1/questions/:id/answers ib',
  'groups.list': 'GET /v1/groups qp',
  'groups.create': 'POST /v1/groups ib',
  'groups.members': 'GET /v1/groups/:id/members d',
  'groups.addMember': 'POST /v1/groups/:id/members ib',
  'products.list': 'GET /v1/products qp',
  'products.retrieve': 'GET /v1/products/:id',
  'products.create': 'POST /v1/products ib',
  'products.update': 'PATCH /v1/products/:id b',
  'checkout.create': 'POST /v1/checkout/sessions ib',
  'checkout.retrieve': 'GET /v1/checkout/sessions/:id',
  'purchases.list': 'GET /v1/purchases qp',
  'purchases.refund': 'POST /v1/purchases/:id/refund b',
  'revenue.list': 'GET /v1/revenue qd',
  'slots.list': 'GET /v1/slots qp',
  'slots.create': 'POST /v1/slots ib',
  'slots.delete': 'DELETE /v1/slots/:id',
  'bookings.create': 'POST /v1/bookings ib',
  'bookings.list': 'GET /v1/bookings qp',
  'bookings.retrieve': 'GET /v1/bookings/:id',
  'bookings.cancel': 'POST /v1/bookings/:id/cancel b',
  'bookings.complete': 'POST /v1/bookings/:id/complete',
} as const satisfies { readonly [K in OperationId]: Entry<Routes[K]> };
