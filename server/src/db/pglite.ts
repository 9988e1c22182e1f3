import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './types.js';

/**
 * Wraps a PGlite instance. PGlite runs queries one at a time on a single connection, so
 * a transaction holds the whole database until it ends: keep transactions short and pass the
 * transaction's `Queryable` down.
 *
 * @example
 * ```ts
 * const db = await openPglite('./.furrow-data');
 * ```
 */
export async function openPglite(dataDir?: string, existing?: PGlite): Promise<Db> {
  const pg = existing ?? (await PGlite.create(dataDir ? { dataDir } : {}));
  return wrapPglite(pg);
}

/** Wraps an existing PGlite (for tests that `clone()` a migrated template). */
export function wrapPglite(pg: PGlite): Db {
  const run = async <T>(q: Pick<PGlite, 'query'>, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const r = await q.query<T>(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(pg, sql, params),
    tx: <T>(fn: (q: Queryable) => Promise<T>) =>
      pg.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })) as Promise<T>,
    close: () => pg.close(),
    snapshot: async () => {
      await pg.query('CHECKPOINT');
      const tarball = await pg.dumpDataDir('gzip');
      return Buffer.from(await tarball.arrayBuffer());
    },
  };
}
