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

/** One-letter method codes: the table is shipped to every learner's phone, bytes count. */
export const METHODS = { G: 'GET', P: 'POST', U: 'PUT', A: 'PATCH', D: 'DELETE' } as const;
type Code<M> = { [C in keyof typeof METHODS]: (typeof METHODS)[C] extends M ? C : never }[keyof typeof METHODS];
type Path<P extends string> = P extends `/v1${infer Rest}` ? Rest : never;

/** The exact table entry a route must have: method code, path without `/v1`, then flags. */
type Entry<R extends RouteSpec> = Flags<R> extends ''
  ? `${Code<R['method']>}${Path<R['path']>}`
  : `${Code<R['method']>}${Path<R['path']>} ${Flags<R>}`;

/**
 * The route table as the SDK carries it at runtime: per operation, a method code
 * ({@link METHODS}), the path below `/v1`, and flags (i idempotent, b body, q query, r raw
 * body; p page, d data list, h HTML, o octets).
 *
 * Why a copy: importing `routes` from `@furrow/schema` would pull zod into the browser bundle
 * (10 KB budget). It is no hand-written duplicate in spirit: `satisfies` checks every entry
 * against the schema's literal types, so `tsc` fails the moment the contract changes, and
 * `scripts/route-table.ts` prints a fresh table.
 *
 * @example
 * ```ts
 * ROUTE_TABLE['courses.retrieve']; // 'G/courses/:id'
 * ```
 */
export const ROUTE_TABLE = {
  'auth.signup': 'P/auth/signup ib',
  'auth.login': 'P/auth/login b',
  'auth.requestPasswordReset': 'P/auth/password-reset ib',
  'auth.confirmPasswordReset': 'P/auth/password-reset/confirm ib',
  'auth.logout': 'P/auth/logout',
  'auth.logoutAll': 'P/auth/logout-all',
  'auth.confirmEmail': 'P/auth/confirm-email b',
  'me.retrieve': 'G/me',
  'me.update': 'A/me b',
  'embedTokens.create': 'P/embed-tokens b',
  'users.retrieve': 'G/users/:id',
  'admin.users.list': 'G/admin/users qp',
  'admin.users.update': 'A/admin/users/:id b',
  'courses.list': 'G/courses qp',
  'courses.retrieve': 'G/courses/:id',
  'courses.create': 'P/courses ib',
  'courses.update': 'A/courses/:id b',
  'courses.archive': 'D/courses/:id',
  'courses.reorder': 'P/courses/:id/reorder b',
  'sections.create': 'P/courses/:id/sections ib',
  'sections.update': 'A/sections/:id b',
  'sections.delete': 'D/sections/:id',
  'lessons.create': 'P/sections/:id/lessons ib',
  'lessons.retrieve': 'G/lessons/:id',
  'lessons.update': 'A/lessons/:id b',
  'lessons.delete': 'D/lessons/:id',
  'articles.list': 'G/articles qp',
  'articles.retrieve': 'G/articles/:id',
  'articles.create': 'P/articles ib',
  'videos.list': 'G/videos qp',
  'videos.retrieve': 'G/videos/:id',
  'videos.create': 'P/videos ib',
  'materials.list': 'G/courses/:id/materials d',
  'materials.upload': 'P/courses/:id/materials qr',
  'materials.download': 'G/materials/:id/download o',
  'materials.delete': 'D/materials/:id',
  'enrollments.create': 'P/courses/:id/enroll i',
  'enrollments.list': 'G/enrollments qp',
  'enrollments.drop': 'P/enrollments/:id/drop',
  'progress.course': 'G/courses/:id/progress',
  'progress.update': 'U/lessons/:id/progress b',
  'progress.complete': 'P/lessons/:id/complete i',
  'progress.flag': 'P/lessons/:id/progress/:userId/flag b',
  'quizzes.retrieve': 'G/quizzes/:id',
  'quizzes.retrieveForAuthor': 'G/quizzes/:id/edit',
  'quizzes.create': 'P/courses/:id/quizzes ib',
  'quizzes.update': 'A/quizzes/:id b',
  'quizQuestions.create': 'P/quizzes/:id/questions ib',
  'quizQuestions.update': 'A/quiz-questions/:id b',
  'quizQuestions.delete': 'D/quiz-questions/:id',
  'attempts.start': 'P/quizzes/:id/attempts i',
  'attempts.list': 'G/quizzes/:id/attempts d',
  'attempts.retrieve': 'G/attempts/:id',
  'attempts.submit': 'P/attempts/:id/submit ib',
  'attempts.grade': 'P/attempts/:id/grade b',
  'attempts.pending': 'G/courses/:id/attempts/pending qp',
  'badges.list': 'G/badges d',
  'rewards.badges': 'G/me/badges d',
  'rewards.points': 'G/me/points',
  'rewards.streak': 'G/me/streak',
  'rewards.stats': 'G/me/stats',
  'certificates.list': 'G/me/certificates d',
  'certificates.verify': 'G/certificates/:id/verify',
  'certificates.html': 'G/certificates/:id/html h',
  'roadmaps.list': 'G/roadmaps qp',
  'roadmaps.retrieve': 'G/roadmaps/:id',
  'roadmaps.create': 'P/roadmaps ib',
  'roadmaps.progress': 'G/roadmaps/:id/progress',
  'notifications.list': 'G/notifications qp',
  'notifications.markRead': 'P/notifications/:id/read',
  'notifications.markAllRead': 'P/notifications/read-all',
  'audit.list': 'G/audit-log qp',
  'reviews.list': 'G/courses/:id/reviews qp',
  'reviews.create': 'P/courses/:id/reviews ib',
  'questions.list': 'G/lessons/:id/questions qp',
  'questions.create': 'P/lessons/:id/questions ib',
  'questions.upvote': 'P/questions/:id/upvote',
  'questions.removeUpvote': 'D/questions/:id/upvote',
  'answers.create': 'P/questions/:id/answers ib',
  'groups.list': 'G/groups qp',
  'groups.create': 'P/groups ib',
  'groups.members': 'G/groups/:id/members d',
  'groups.addMember': 'P/groups/:id/members ib',
  'products.list': 'G/products qp',
  'products.retrieve': 'G/products/:id',
  'products.create': 'P/products ib',
  'products.update': 'A/products/:id b',
  'checkout.create': 'P/checkout/sessions ib',
  'checkout.retrieve': 'G/checkout/sessions/:id',
  'purchases.list': 'G/purchases qp',
  'purchases.refund': 'P/purchases/:id/refund b',
  'revenue.list': 'G/revenue qd',
  'slots.list': 'G/slots qp',
  'slots.create': 'P/slots ib',
  'slots.delete': 'D/slots/:id',
  'bookings.create': 'P/bookings ib',
  'bookings.list': 'G/bookings qp',
  'bookings.retrieve': 'G/bookings/:id',
  'bookings.cancel': 'P/bookings/:id/cancel b',
  'bookings.complete': 'P/bookings/:id/complete',
  'admin.jobs.list': 'G/admin/jobs qp',
  'admin.jobs.retry': 'P/admin/jobs/:id/retry',
  'operator.login': 'P/operator/login b',
  'operator.backup': 'G/operator/backup o',
  'sites.list': 'G/sites qp',
  'sites.retrieve': 'G/sites/:id',
  'sites.create': 'P/sites ib',
  'sites.update': 'A/sites/:id b',
  'sites.delete': 'D/sites/:id',
  'sites.rotateKey': 'P/sites/:id/keys b',
  'sites.createAdmin': 'P/sites/:id/admins b',
} as const satisfies { readonly [K in OperationId]: Entry<Routes[K]> };
