import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteBody, RouteId, RouteParams, RouteQuery, RouteResponse, Routes, RouteSpec } from '@furrow/schema';
import type { Role } from '@furrow/schema';
import type { RawResponse } from './raw.js';
import type { Services } from './services.js';

/** A partner site as the server holds it. */
export interface Site {
  id: string;
  name: string;
  /** The site's newest live publishable key (what embed pages and oEmbed answers link with). */
  publishableKey: string;
  allowedOrigins: string[];
  defaultLocale: string;
  defaultCurrency: string;
  /** The highest role the site's secret key may put in an embed token. */
  maxEmbedRole: 'student' | 'instructor' | 'admin';
  /** Whether content authored on this site may be shared with every site (the operator's own site). */
  sharesContent: boolean;
}

/** The signed-in user as the server holds it (never serialised as is). */
export interface AuthUser {
  id: string;
  role: Role;
  name: string;
  email: string | null;
  timeZone: string;
  locale: string;
  siteId: string | null;
}

/** Who is calling. */
export interface AuthInfo {
  site: Site | null;
  keyKind: 'publishable' | 'secret' | null;
  user: AuthUser | null;
  sessionId: string | null;
  origin: string | null;
}

/** Everything a handler gets. */
export interface Ctx<R extends RouteSpec = RouteSpec> {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly routeId: string;
  readonly route: R;
  readonly requestId: string;
  readonly ip: string;
  readonly userAgent: string | null;
  readonly params: RouteParams<R>;
  readonly query: RouteQuery<R>;
  readonly body: RouteBody<R>;
  /** Raw bytes for routes with `rawBody` (uploads, webhooks). */
  readonly rawBody: Buffer | null;
  readonly auth: AuthInfo;
  readonly services: Services;
  /** The idempotency key the request carried, if any. */
  readonly idempotencyKey: string | null;
}

/** A handler: returns the JSON body (checked against the route's response schema) or a raw response. */
export type Handler<R extends RouteSpec> = (ctx: Ctx<R>) => Promise<RouteResponse<R> | RawResponse>;

/** Handlers for some routes, typed from the route table. */
export type Handlers = { [K in RouteId]?: Handler<Routes[K]> };

/**
 * Identity helper that types a module's handlers from the route table.
 *
 * @example
 * ```ts
 * export const healthHandlers = defineHandlers({ 'system.health': async () => ({ ok: true, ... }) });
 * ```
 */
export function defineHandlers<const H extends Handlers>(handlers: H): H {
  return handlers;
}

/** A route outside the table (HTML pages: sandbox checkout, embeds, oEmbed). */
export interface ExtraRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, services: Services, requestId: string): Promise<void>;
}
