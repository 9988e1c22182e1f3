import type { z } from 'zod';

/** HTTP methods used by the Furrow API. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route.
 * - `public`: anyone holding a publishable key (from an allowed origin) or a secret key; a
 *   token, when sent, personalises the answer.
 * - `user`: a signed-in user of any role (built-in session or embed token).
 * - `instructor`: a signed-in instructor or admin.
 * - `admin`: a signed-in admin, or the partner's secret key.
 * - `secret`: the partner's secret key only (server to server).
 * - `operator`: a signed-in operator (role `operator`), with or without a site's key. No site
 *   key grants it: the power comes from the operator's session alone.
 * - `signature`: no key; the request proves itself (Stripe webhook signature, the operator's
 *   password at `POST /v1/operator/login`).
 */
export type Access = 'public' | 'user' | 'instructor' | 'admin' | 'secret' | 'operator' | 'signature';

/**
 * Which objects a caller allowed by {@link Access} may touch. The server answers 404 (not 403)
 * when the object exists but is not the caller's, so ids cannot be probed.
 * - `any`: no ownership rule.
 * - `self`: only the caller's own objects (enrollment, progress, attempt, notification).
 * - `course-instructor`: only the instructor of the course the object belongs to, or an admin.
 * - `participant`: the learner or the instructor of a booking, or an admin.
 * - `owner`: the object's creator, or an admin.
 */
export type Scope = 'any' | 'self' | 'course-instructor' | 'participant' | 'owner';

/**
 * One route of the Furrow API: the server registers from it, the SDK types from it and the
 * OpenAPI document is generated from it.
 */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** Path with `:param` placeholders, e.g. `/v1/courses/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly scope: Scope;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Raw request body (file upload): the server passes the bytes through. */
  readonly rawBody?: { readonly maxBytes: number; readonly contentTypes: readonly string[] };
  readonly response: z.ZodType;
  /** Success status, default 200 (201 for creating POSTs). */
  readonly status?: number;
  /** Non-JSON response (`text/html`, file download). */
  readonly produces?: string;
  /** A creating POST: honours `Idempotency-Key`; the SDK adds one and may retry it. */
  readonly idempotent?: boolean;
  /**
   * Error codes the handler itself may answer, by status, beyond those every route of its
   * `access` and shape can give (validation, keys, roles, a missing object…). The OpenAPI
   * document lists both.
   */
  readonly errors?: Readonly<Partial<Record<ErrorStatus, readonly string[]>>>;
}

/** The 4xx statuses a route may declare in {@link RouteSpec.errors}. */
export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 422 | 429;

/**
 * Identity helper that keeps a route's literal types.
 *
 * @example
 * ```ts
 * const listCourses = defineRoute({
 *   method: 'GET', path: '/v1/courses', summary: 'List courses', tag: 'catalog',
 *   access: 'public', scope: 'any', query: CourseListQuery, response: page(CourseSummary),
 * });
 * ```
 */
export function defineRoute<const T extends RouteSpec>(spec: T): T {
  return spec;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type Input<T> = T extends z.ZodType ? z.input<T> : undefined;

/** The parsed params of a route. */
export type RouteParams<R extends RouteSpec> = Infer<R['params']>;
/** The query a client may send to a route (before defaults). */
export type RouteQueryInput<R extends RouteSpec> = Input<R['query']>;
/** The parsed query of a route (after defaults). */
export type RouteQuery<R extends RouteSpec> = Infer<R['query']>;
/** The body a client sends to a route. */
export type RouteBodyInput<R extends RouteSpec> = Input<R['body']>;
/** The parsed body of a route. */
export type RouteBody<R extends RouteSpec> = Infer<R['body']>;
/** The response body of a route. */
export type RouteResponse<R extends RouteSpec> = z.infer<R['response']>;
