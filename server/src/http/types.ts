import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteBody, RouteId, RouteParams, RouteQuery, RouteResponse, Routes, RouteSpec } from '@furrow/schema';
import type { AuthInfo } from './auth.js';
import type { RawResponse } from './raw.js';
import type { Services } from '../services.js';

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
