/**
 * `@furrow/sdk` — the headless Furrow client for browsers and Node: typed from
 * `@furrow/schema`, resilient (timeouts, safe retries, idempotency keys), offline-first
 * (IndexedDB cache and outbox).
 *
 * @packageDocumentation
 * @module @furrow/sdk
 */
export { createFurrow, clientPath } from './lib/client.js';
export type { FurrowClient, AuthResource, LessonsResource } from './lib/client-types.js';
export type {
  AdminJobsResource, AdminResource, AdminUsersResource, AnswersResource, ArticlesResource, AttemptsResource, AuditResource, BookingsResource, CertificatesResource, CheckoutResource, CoursesResource, EmbedTokensResource, EnrollmentsResource, GroupsResource, MaterialsResource, MeResource, NotificationsResource, OperatorResource, ProductsResource, ProgressResource, PurchasesResource, QuestionsResource, QuizQuestionsResource, QuizzesResource, RevenueResource, ReviewsResource, RewardsResource, RoadmapsResource, SectionsResource, SitesResource, SlotsResource, UsersResource, VideosResource,
} from './lib/resources.js';
export type { FurrowOptions, RetryPolicy, OfflineOptions } from './lib/options.js';
export type { DeviceTokenStore } from './lib/device-token.js';
export { validateOptions } from './lib/options.js';
export type { RequestOptions, CacheInfo, Cached, PagePromise, Method, Resource, Result } from './lib/types.js';
export { ROUTE_TABLE } from './lib/route-table.js';
export type { OperationId } from './lib/route-table.js';
export { DEFAULTS, HEADERS, OUTBOX_OPERATIONS, CACHED_OPERATIONS, SDK_ERROR_CODES } from './lib/constants.js';
export { FurrowError } from './lib/errors/furrow-error.js';
export type { FurrowErrorCode, FurrowErrorInit, FurrowErrorJSON } from './lib/errors/furrow-error.js';
export { FurrowHttpError } from './lib/errors/http-error.js';
export { FurrowNetworkError } from './lib/errors/network-error.js';
export { FurrowTimeoutError } from './lib/errors/timeout-error.js';
export { FurrowValidationError } from './lib/errors/validation-error.js';
export { isFurrowError } from './lib/errors/is-furrow-error.js';
export { errorFromResponse, errorFromThrown, isTransient, parseRetryAfter } from './lib/errors/to-furrow-error.js';
export { checkBody, checkErrorBody } from './lib/check-response.js';
export type { Origin } from './lib/check-response.js';
export { Emitter } from './lib/emitter.js';
export type { FurrowEvents, Unsubscribe } from './lib/emitter.js';
export { pagePromise } from './lib/pagination.js';
// Offline building blocks (Outbox, MemoryStore, openIdbStore, DB_VERSION, downloads) are in
// `@furrow/sdk/offline`: a value export here would make bundlers load them eagerly.
export type { OfflineStore, OutboxEntry, CacheRecord } from './lib/offline/store.js';
export type { FurrowDB } from './lib/offline/idb-store.js';
export type { DownloadPlan, DownloadResult, DownloadOptions } from './lib/offline/downloads.js';
export { send } from './lib/transport.js';
export type { TransportConfig, Exchange } from './lib/transport.js';
