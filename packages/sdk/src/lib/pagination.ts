import type { PagePromise } from './types.js';

/**
 * Wraps a page loader into a {@link PagePromise}: the first page starts loading at once (so
 * `await` costs one request, as before), and async iteration walks `nextCursor` lazily.
 *
 * @example
 * ```ts
 * const pages = pagePromise((cursor) => loadPage({ cursor }));
 * for await (const item of pages) console.log(item);
 * ```
 */
export function pagePromise<T, P extends { data: T[]; nextCursor: string | null }>(
  load: (cursor?: string) => Promise<P>,
): PagePromise<T, P> {
  const first = load();
  return Object.assign(first, {
    async *[Symbol.asyncIterator]() {
      for (let page = await first; ; page = await load(page.nextCursor as string)) {
        yield* page.data;
        if (!page.nextCursor) return;
      }
    },
  });
}
