import type { RouteBodyInput, RouteParams, RouteQueryInput, RouteResponse, Routes } from '@furrow/schema';
import type { OperationId } from './route-table.js';

/**
 * Per-call options, the last argument of every method.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * await client.courses.list({ q: 'soil' }, { signal: ac.signal, timeout: 5_000 });
 * await client.checkout.create(body, { idempotencyKey: orderId });
 * ```
 */
export interface RequestOptions {
  /** Cancels the call (and its retries). The abort error is thrown as is. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms, overriding the client's. */
  timeout?: number;
  /** Idempotency key for a creating POST; by default the SDK makes one per call. */
  idempotencyKey?: string;
}

/**
 * Marks results served from the offline cache: `stale` is true and `cachedAt` (epoch ms) says
 * when the copy was taken. Both are non-enumerable, so JSON and spreads do not carry them.
 *
 * @example
 * ```ts
 * const course = await client.courses.retrieve(id);
 * if (course.stale) showBanner(`Saved ${new Date(course.cachedAt!).toLocaleString()}`);
 * ```
 */
export interface CacheInfo {
  readonly stale?: true;
  readonly cachedAt?: number;
}

/** A result that may come from the offline cache. */
export type Cached<T> = T & CacheInfo;

/**
 * What a list method returns: a promise of the first page (`data`, `nextCursor`) that is also
 * async-iterable over every item of every page, fetching the next page only when needed.
 *
 * @example
 * ```ts
 * const first = await client.courses.list({ limit: 20 }); // one page
 * for await (const course of client.courses.list({ language: 'hi' })) console.log(course.title); // all
 * ```
 */
export type PagePromise<Item, P> = Promise<Cached<P>> & AsyncIterable<Item>;

type R<K extends OperationId> = Routes[K];

type IdArg<K extends OperationId> = R<K> extends { params: object }
  ? keyof RouteParams<Routes[K]> extends 'id'
    ? [id: string]
    : [params: RouteParams<Routes[K]>]
  : [];

type Payload<K extends OperationId> = R<K> extends { rawBody: object }
  ? [data: Blob | ArrayBuffer | Uint8Array, query: RouteQueryInput<Routes[K]>]
  : R<K> extends { body: object }
    ? [body: RouteBodyInput<Routes[K]>]
    : R<K> extends { query: object }
      ? [query?: RouteQueryInput<Routes[K]>]
      : [];

/** The result type of an operation. */
export type Result<K extends OperationId> = R<K> extends { produces: 'text/html' }
  ? Promise<string>
  : R<K> extends { produces: string }
    ? Promise<Blob>
    : RouteResponse<R<K>> extends { data: Array<infer Item>; nextCursor: string | null }
      ? PagePromise<Item, RouteResponse<R<K>>>
      : Promise<Cached<RouteResponse<R<K>>>>;

/**
 * The signature of one operation: `(id?, bodyOrQuery?, options?)`, typed from the route table
 * of `@furrow/schema` (`RouteParams`, `RouteBodyInput`, `RouteQueryInput`, `RouteResponse`).
 *
 * @example
 * ```ts
 * const retrieve: Method<'courses.retrieve'> = client.courses.retrieve;
 * const course = await retrieve('0b6f2d1e-1c2a-4c7e-9a57-6f0f3c2d9b10');
 * ```
 */
export type Method<K extends OperationId> = (...args: [...IdArg<K>, ...Payload<K>, options?: RequestOptions]) => Result<K>;

type Action<K, P extends string> = K extends `${P}.${infer A}` ? (A extends `${string}.${string}` ? never : A) : never;

/**
 * The methods of a resource: every operation id `prefix.action` becomes `action`.
 *
 * @example
 * ```ts
 * const courses: Resource<'courses'> = client.courses; // list, retrieve, create, update, archive, reorder
 * ```
 */
export type Resource<P extends string> = {
  readonly [K in OperationId as Action<K, P>]: K extends OperationId ? Method<K> : never;
};
