import type { RouteBodyInput, Routes, SignupRequest } from '@furrow/schema';
import type { FurrowEvents, Unsubscribe } from './emitter.js';
import type { DownloadOptions, DownloadPlan, DownloadResult } from './offline/downloads.js';
import type { Outbox } from './offline/outbox.js';
import type { Method, RequestOptions, Resource } from './types.js';
import type {
  AdminResource,
  ArticlesResource,
  BookingsResource,
  CertificatesResource,
  CheckoutResource,
  CoursesResource,
  EmbedTokensResource,
  EnrollmentsResource,
  GroupsResource,
  MaterialsResource,
  MeResource,
  NotificationsResource,
  OperatorResource,
  ProductsResource,
  ProgressResource,
  PurchasesResource,
  QuestionsResource,
  QuizzesResource,
  RevenueResource,
  ReviewsResource,
  RewardsResource,
  RoadmapsResource,
  SectionsResource,
  SitesResource,
  UsersResource,
  VideosResource,
} from './resources.js';

/**
 * Sign-in and the current user. `login`, `signup` and `confirmPasswordReset` keep the returned
 * token in memory and announce it on `onAuthChange` (and keep a returned device token in
 * `deviceStore`); `logout` forgets the token even when the server cannot be reached.
 * `requestPasswordReset` answers the same whether or not the email has an account.
 *
 * @example
 * ```ts
 * await client.auth.login({ email: 'asha@example.in', password });
 * const me = await client.auth.me.retrieve();
 * await client.auth.logout();
 * ```
 */
export interface AuthResource extends Resource<'auth'> {
  readonly signup: (body: SignupRequest, options?: RequestOptions) => ReturnType<Method<'auth.signup'>>;
  readonly login: (body: RouteBodyInput<Routes['auth.login']>, options?: RequestOptions) => ReturnType<Method<'auth.login'>>;
  /** The signed-in user: `retrieve`, `update`. */
  readonly me: MeResource;
  /** Server to server, with a secret key, in Node only: mint a token for the partner's user. */
  readonly embedTokens: EmbedTokensResource;
}

/**
 * Lessons, plus offline downloads (`offline` on): `downloadSize` tells the size before asking,
 * `download` keeps the course outline and every openable lesson, `removeDownload` frees it.
 * Downloaded lessons are then served by `retrieve` when the network fails (marked `stale`).
 *
 * @example
 * ```ts
 * const plan = await client.lessons.downloadSize(courseId);
 * if (plan.fits) await client.lessons.download(courseId);
 * const lesson = await client.lessons.retrieve(lessonId); // works offline now
 * ```
 */
export interface LessonsResource extends Resource<'lessons'> {
  readonly downloadSize: (courseId: string, options?: RequestOptions) => Promise<DownloadPlan>;
  readonly download: (courseId: string, options?: DownloadOptions) => Promise<DownloadResult>;
  readonly removeDownload: (courseId: string) => Promise<void>;
}

/**
 * A Furrow client. Every route of `@furrow/schema` (except system and webhooks) is one
 * method, grouped by resource; methods take `(id?, bodyOrQuery?, options?)`.
 *
 * @example
 * ```ts
 * const client = createFurrow({ baseUrl, publishableKey: 'pk_test_furrow_demo' });
 * const page = await client.courses.list({ language: 'mr', price: 'free' });
 * const course = await client.courses.retrieve(page.data[0].id);
 * ```
 */
export interface FurrowClient {
  /**
   * Catalog and authoring: `list` (paged), `retrieve`, `create`, `update`, `archive`, `reorder`.
   *
   * @example
   * ```ts
   * for await (const c of client.courses.list({ q: 'drip irrigation' })) console.log(c.title);
   * ```
   */
  readonly courses: CoursesResource;
  /**
   * Course sections (authoring).
   *
   * @example
   * ```ts
   * await client.sections.create(courseId, { title: 'Soil' });
   * ```
   */
  readonly sections: SectionsResource;
  /**
   * Lessons and offline downloads, see {@link LessonsResource}.
   *
   * @example
   * ```ts
   * const lesson = await client.lessons.retrieve(lessonId);
   * ```
   */
  readonly lessons: LessonsResource;
  /**
   * Library articles.
   *
   * @example
   * ```ts
   * const { data } = await client.articles.list({ q: 'compost' });
   * ```
   */
  readonly articles: ArticlesResource;
  /**
   * Library videos.
   *
   * @example
   * ```ts
   * const video = await client.videos.retrieve(videoId);
   * ```
   */
  readonly videos: VideosResource;
  /**
   * Course materials: `list`, `upload(courseId, bytes, { fileName, title })`, `download` (Blob), `delete`.
   *
   * @example
   * ```ts
   * const pdf = await client.materials.download(materialId);
   * ```
   */
  readonly materials: MaterialsResource;
  /**
   * Enrollments: `create(courseId)` for free courses, `list`, `drop`.
   *
   * @example
   * ```ts
   * await client.enrollments.create(courseId);
   * ```
   */
  readonly enrollments: EnrollmentsResource;
  /**
   * Progress: `update` (outbox when offline; `clientTimestamp` set for you), `complete`, `course`, `flag`.
   *
   * @example
   * ```ts
   * await client.progress.update(lessonId, { videoPositionSeconds: 93 });
   * ```
   */
  readonly progress: ProgressResource;
  /**
   * Quizzes, their questions (authoring) and attempts.
   *
   * @example
   * ```ts
   * const attempt = await client.quizzes.attempts.start(quizId);
   * await client.quizzes.attempts.submit(attempt.id, { answers });
   * ```
   */
  readonly quizzes: QuizzesResource;
  /**
   * The learner's badges, points, streak and stats; `allBadges` lists every badge.
   *
   * @example
   * ```ts
   * const { current } = await client.rewards.streak();
   * ```
   */
  readonly rewards: RewardsResource;
  /**
   * Certificates: `list` (mine), `verify`, `html` (printable).
   *
   * @example
   * ```ts
   * const v = await client.certificates.verify(certId);
   * ```
   */
  readonly certificates: CertificatesResource;
  /**
   * Learning roadmaps.
   *
   * @example
   * ```ts
   * const p = await client.roadmaps.progress(roadmapId);
   * ```
   */
  readonly roadmaps: RoadmapsResource;
  /**
   * Course reviews (`create` goes through the outbox when offline).
   *
   * @example
   * ```ts
   * await client.reviews.create(courseId, { rating: 5, review: 'बहुत उपयोगी' });
   * ```
   */
  readonly reviews: ReviewsResource;
  /**
   * Lesson Q&A and answers.
   *
   * @example
   * ```ts
   * await client.questions.create(lessonId, { body: 'How deep should I plough?' });
   * ```
   */
  readonly questions: QuestionsResource;
  /**
   * Learner groups and cohorts.
   *
   * @example
   * ```ts
   * const { data } = await client.groups.members(groupId);
   * ```
   */
  readonly groups: GroupsResource;
  /**
   * Products bundling courses.
   *
   * @example
   * ```ts
   * const { data } = await client.products.list({ courseId });
   * ```
   */
  readonly products: ProductsResource;
  /**
   * Checkout sessions (an idempotency key is added for you).
   *
   * @example
   * ```ts
   * const s = await client.checkout.create({ courseId });
   * if (s.url) location.assign(s.url);
   * ```
   */
  readonly checkout: CheckoutResource;
  /**
   * The learner's purchases; `refund` for admins.
   *
   * @example
   * ```ts
   * for await (const p of client.purchases.list()) console.log(p.id);
   * ```
   */
  readonly purchases: PurchasesResource;
  /**
   * Instructor revenue.
   *
   * @example
   * ```ts
   * const { data } = await client.revenue.list({});
   * ```
   */
  readonly revenue: RevenueResource;
  /**
   * One-to-one bookings and instructor slots.
   *
   * @example
   * ```ts
   * const { data } = await client.bookings.slots.list({ instructorId });
   * await client.bookings.create({ slotId: data[0].id });
   * ```
   */
  readonly bookings: BookingsResource;
  /**
   * Notifications.
   *
   * @example
   * ```ts
   * const { unreadCount } = await client.notifications.list();
   * ```
   */
  readonly notifications: NotificationsResource;
  /**
   * Public user profiles.
   *
   * @example
   * ```ts
   * const instructor = await client.users.retrieve(userId);
   * ```
   */
  readonly users: UsersResource;
  /**
   * Administration: users, the audit log and background jobs.
   *
   * @example
   * ```ts
   * await client.admin.users.update(userId, { role: 'instructor' });
   * const dead = await client.admin.jobs.list({ state: 'dead' });
   * ```
   */
  readonly admin: AdminResource;
  /**
   * The operator API (server to server, with an operator's session token): partner sites, their
   * origins, status and keys, and their first admin. `rotateKey` answers the new key in full once.
   *
   * @example
   * ```ts
   * const site = await client.sites.create({ name: 'Nashik FPO', allowedOrigins: ['https://fpo.example'] });
   * const { secret } = await client.sites.rotateKey(site.id, { kind: 'secret' });
   * ```
   */
  readonly sites: SitesResource;
  /**
   * The operator's sign-in (no site key needed) and a backup of the embedded database.
   *
   * @example
   * ```ts
   * const { token } = await client.operator.login({ email, password });
   * client.setToken(token);
   * const tarball: Blob = await client.operator.backup();
   * ```
   */
  readonly operator: OperatorResource;
  /**
   * Sign-in, see {@link AuthResource}.
   *
   * @example
   * ```ts
   * await client.auth.signup({ email, password, name: 'Asha' });
   * ```
   */
  readonly auth: AuthResource;
  /**
   * The offline outbox (`offline` on; empty otherwise).
   *
   * @example
   * ```ts
   * for (const e of await client.outbox.list()) if (e.state === 'failed') await client.outbox.discard(e.id);
   * ```
   */
  readonly outbox: Pick<Outbox, 'list' | 'size' | 'discard' | 'retry' | 'flush'>;
  /**
   * Uses `token` (an embed token from the partner's server, or null to sign out) from now on.
   *
   * @example
   * ```ts
   * client.setToken(await fetch('/my/furrow-token').then((r) => r.text()));
   * ```
   */
  setToken(token: string | null): void;
  /**
   * The current token, if any.
   *
   * @example
   * ```ts
   * if (!client.getToken()) showLogin();
   * ```
   */
  getToken(): string | null;
  /**
   * Calls `fn` whenever the token changes.
   *
   * @example
   * ```ts
   * const off = client.onAuthChange(({ user }) => render(user));
   * ```
   */
  onAuthChange(fn: (e: FurrowEvents['auth']) => void): Unsubscribe;
  /**
   * Subscribes to an event, see {@link FurrowEvents}.
   *
   * @example
   * ```ts
   * client.on('sync:finish', ({ pending }) => pending || hideSyncIcon());
   * ```
   */
  on<K extends keyof FurrowEvents>(name: K, fn: (payload: FurrowEvents[K]) => void): Unsubscribe;
  /**
   * Stops timers and closes the offline database.
   *
   * @example
   * ```ts
   * client.close();
   * ```
   */
  close(): void;
}
