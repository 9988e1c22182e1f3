import pg from 'pg';
import { createHash } from 'node:crypto';
import type { Db, Queryable, QueryOptions, QueryResult, TxOptions } from './types.js';
import { RETRYABLE_SQLSTATES, sqlState } from './types.js';

// int8 (count(*), sums) as JS numbers: every Furrow quantity fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number (ratings, percentages).
pg.types.setTypeParser(1700, (v) => Number(v));

const MAX_TX_RETRIES = 8;

/**
 * Opens a PostgreSQL pool.
 *
 * @example
 * ```ts
 * const db = await openPostgres('postgres://postgres@127.0.0.1:5432/furrow');
 * ```
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20 });
  // An idle client error (server restart) must not crash the process.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();

  const names = new Map<string, string>();
  const run = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>> => {
    let name: string | undefined;
    if (options?.prepare) {
      name = names.get(sql);
      if (!name) names.set(sql, (name = 'furrow_' + createHash('sha1').update(sql).digest('hex').slice(0, 16)));
    }
    const r = await q.query({ text: sql, values: params as unknown[], name });
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };

  return {
    kind: 'postgres',
    query: (sql, params, options) => run(pool, sql, params, options),
    async tx<T>(fn: (q: Queryable) => Promise<T>, opts: TxOptions = {}): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query(opts.isolation ? `BEGIN ISOLATION LEVEL ${opts.isolation.toUpperCase()}` : 'BEGIN');
          const result = await fn({ query: (sql, params, options) => run(client, sql, params, options) });
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          const state = sqlState(err);
          if (state && RETRYABLE_SQLSTATES.has(state) && attempt < MAX_TX_RETRIES) {
            await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
            continue;
          }
          throw err;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
