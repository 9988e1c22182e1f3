// Named interfaces for the resources of a FurrowClient. Each is exactly `Resource<prefix>` (the
// methods come from the route table); the name is what TypeDoc and editors show, so the API
// reference lists `client.courses.list` and friends rather than an anonymous mapped type.
import type { Method, Resource } from './types.js';

/**
 * `client.courses`: the catalog and authoring — `list` (paged), `retrieve`, `create`, `update`, `archive`, `reorder`.
 *
 * @example
 * ```ts
 * const course = await client.courses.retrieve(courseId);
 * ```
 */
export interface CoursesResource extends Resource<'courses'> {}

/**
 * `client.sections`: course sections (authoring).
 *
 * @example
 * ```ts
 * await client.sections.create(courseId, { title: 'Soil' });
 * ```
 */
export interface SectionsResource extends Resource<'sections'> {}

/**
 * `client.articles`: library articles.
 *
 * @example
 * ```ts
 * const { data } = await client.articles.list({ q: 'compost' });
 * ```
 */
export interface ArticlesResource extends Resource<'articles'> {}

/**
 * `client.videos`: library videos.
 *
 * @example
 * ```ts
 * const video = await client.videos.retrieve(videoId);
 * ```
 */
export interface VideosResource extends Resource<'videos'> {}

/**
 * `client.materials`: course materials — `list`, `upload`, `download` (Blob), `delete`.
 *
 * @example
 * ```ts
 * const pdf = await client.materials.download(materialId);
 * ```
 */
export interface MaterialsResource extends Resource<'materials'> {}

/**
 * `client.enrollments`: `create(courseId)` for free courses, `list`, `drop`.
 *
 * @example
 * ```ts
 * await client.enrollments.create(courseId);
 * ```
 */
export interface EnrollmentsResource extends Resource<'enrollments'> {}

/**
 * `client.progress`: `update` (outbox when offline), `complete`, `course`, `flag`.
 *
 * @example
 * ```ts
 * await client.progress.update(lessonId, { videoPositionSeconds: 93 });
 * ```
 */
export interface ProgressResource extends Resource<'progress'> {}

/**
 * `client.quizzes.questions`: a quiz's questions (authoring).
 *
 * @example
 * ```ts
 * const { data } = await client.quizzes.questions.list(quizId);
 * ```
 */
export interface QuizQuestionsResource extends Resource<'quizQuestions'> {}

/**
 * `client.quizzes.attempts`: start, submit and review quiz attempts.
 *
 * @example
 * ```ts
 * const attempt = await client.quizzes.attempts.start(quizId);
 * ```
 */
export interface AttemptsResource extends Resource<'attempts'> {}

/**
 * `client.certificates`: `list` (mine), `verify`, `html` (printable).
 *
 * @example
 * ```ts
 * const v = await client.certificates.verify(certId);
 * ```
 */
export interface CertificatesResource extends Resource<'certificates'> {}

/**
 * `client.roadmaps`: learning roadmaps.
 *
 * @example
 * ```ts
 * const p = await client.roadmaps.progress(roadmapId);
 * ```
 */
export interface RoadmapsResource extends Resource<'roadmaps'> {}

/**
 * `client.reviews`: course reviews (`create` goes through the outbox when offline).
 *
 * @example
 * ```ts
 * await client.reviews.create(courseId, { rating: 5 });
 * ```
 */
export interface ReviewsResource extends Resource<'reviews'> {}

/**
 * `client.questions.answers`: answers to lesson questions.
 *
 * @example
 * ```ts
 * await client.questions.answers.create(questionId, { body: 'Two ploughings' });
 * ```
 */
export interface AnswersResource extends Resource<'answers'> {}

/**
 * `client.groups`: learner groups and cohorts.
 *
 * @example
 * ```ts
 * const { data } = await client.groups.members(groupId);
 * ```
 */
export interface GroupsResource extends Resource<'groups'> {}

/**
 * `client.products`: products bundling courses.
 *
 * @example
 * ```ts
 * const { data } = await client.products.list({ courseId });
 * ```
 */
export interface ProductsResource extends Resource<'products'> {}

/**
 * `client.checkout`: checkout sessions (an idempotency key is added for you).
 *
 * @example
 * ```ts
 * const s = await client.checkout.create({ courseId });
 * ```
 */
export interface CheckoutResource extends Resource<'checkout'> {}

/**
 * `client.purchases`: the learner's purchases; `refund` for admins.
 *
 * @example
 * ```ts
 * for await (const p of client.purchases.list()) console.log(p.id);
 * ```
 */
export interface PurchasesResource extends Resource<'purchases'> {}

/**
 * `client.revenue`: instructor revenue.
 *
 * @example
 * ```ts
 * const { data } = await client.revenue.list({});
 * ```
 */
export interface RevenueResource extends Resource<'revenue'> {}

/**
 * `client.bookings.slots`: instructors' bookable slots.
 *
 * @example
 * ```ts
 * const { data } = await client.bookings.slots.list({ instructorId });
 * ```
 */
export interface SlotsResource extends Resource<'slots'> {}

/**
 * `client.notifications`: the learner's notifications.
 *
 * @example
 * ```ts
 * const { unreadCount } = await client.notifications.list();
 * ```
 */
export interface NotificationsResource extends Resource<'notifications'> {}

/**
 * `client.users`: public user profiles.
 *
 * @example
 * ```ts
 * const instructor = await client.users.retrieve(userId);
 * ```
 */
export interface UsersResource extends Resource<'users'> {}

/**
 * `client.admin.users`: a site's users (admin or secret key).
 *
 * @example
 * ```ts
 * await client.admin.users.update(userId, { role: 'instructor' });
 * ```
 */
export interface AdminUsersResource extends Resource<'admin.users'> {}

/**
 * `client.admin.audit`: the audit log.
 *
 * @example
 * ```ts
 * const { data } = await client.admin.audit.list({});
 * ```
 */
export interface AuditResource extends Resource<'audit'> {}

/**
 * `client.admin.jobs`: background jobs (admin).
 *
 * @example
 * ```ts
 * const dead = await client.admin.jobs.list({ state: 'dead' });
 * ```
 */
export interface AdminJobsResource extends Resource<'admin.jobs'> {}

/**
 * `client.sites`: the operator API for partner sites, their origins, status and keys.
 *
 * @example
 * ```ts
 * const { secret } = await client.sites.rotateKey(siteId, { kind: 'secret' });
 * ```
 */
export interface SitesResource extends Resource<'sites'> {}

/**
 * `client.operator`: the operator's sign-in and backups.
 *
 * @example
 * ```ts
 * const { token } = await client.operator.login({ email, password });
 * ```
 */
export interface OperatorResource extends Resource<'operator'> {}

/**
 * `client.auth.me`: the signed-in user — `retrieve`, `update`.
 *
 * @example
 * ```ts
 * const me = await client.auth.me.retrieve();
 * ```
 */
export interface MeResource extends Resource<'me'> {}

/**
 * `client.auth.embedTokens`: server to server, with the secret key, mint a token for the partner's user.
 *
 * @example
 * ```ts
 * const { token } = await admin.auth.embedTokens.create({ externalId: user.id });
 * ```
 */
export interface EmbedTokensResource extends Resource<'embedTokens'> {}

/**
 * `client.quizzes`: quizzes, with their `questions` (authoring) and `attempts`.
 *
 * @example
 * ```ts
 * const attempt = await client.quizzes.attempts.start(quizId);
 * await client.quizzes.attempts.submit(attempt.id, { answers });
 * ```
 */
export interface QuizzesResource extends Resource<'quizzes'> {
  /** A quiz's questions, see {@link QuizQuestionsResource}. */
  readonly questions: QuizQuestionsResource;
  /** Attempts at a quiz, see {@link AttemptsResource}. */
  readonly attempts: AttemptsResource;
}

/**
 * `client.rewards`: the learner's badges, points, streak and stats; `allBadges` lists every badge.
 *
 * @example
 * ```ts
 * const { current } = await client.rewards.streak();
 * ```
 */
export interface RewardsResource extends Resource<'rewards'> {
  /** Every badge there is (earned or not). */
  readonly allBadges: Method<'badges.list'>;
}

/**
 * `client.questions`: lesson Q&A, with `answers`.
 *
 * @example
 * ```ts
 * await client.questions.create(lessonId, { body: 'How deep should I plough?' });
 * ```
 */
export interface QuestionsResource extends Resource<'questions'> {
  /** Answers to a question, see {@link AnswersResource}. */
  readonly answers: AnswersResource;
}

/**
 * `client.bookings`: one-to-one bookings, with the instructors' `slots`.
 *
 * @example
 * ```ts
 * const { data } = await client.bookings.slots.list({ instructorId });
 * await client.bookings.create({ slotId: data[0].id });
 * ```
 */
export interface BookingsResource extends Resource<'bookings'> {
  /** Bookable slots, see {@link SlotsResource}. */
  readonly slots: SlotsResource;
}

/**
 * `client.admin`: a site's users, the audit log and background jobs.
 *
 * @example
 * ```ts
 * const dead = await client.admin.jobs.list({ state: 'dead' });
 * ```
 */
export interface AdminResource {
  /** See {@link AdminUsersResource}. */
  readonly users: AdminUsersResource;
  /** See {@link AuditResource}. */
  readonly audit: AuditResource;
  /** See {@link AdminJobsResource}. */
  readonly jobs: AdminJobsResource;
}
