/** A row set returned by a query. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * Something that runs SQL: the database itself or a transaction. Inside a transaction always
 * use the transaction's `Queryable` — PGlite has one connection, so reaching for the pool
 * inside a transaction would deadlock.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
}

/** Per-query options. */
export interface QueryOptions {
  /**
   * Keep this statement prepared on each PostgreSQL connection (parsed and planned once). For the
   * few hot, fixed statements (session lookup, position reports); PGlite ignores it.
   */
  prepare?: boolean;
}

/** Transaction options. */
export interface TxOptions {
  /** Postgres isolation level; `serializable` transactions are retried on conflicts. */
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
}

/**
 * The storage layer: PGlite (embedded, default) or PostgreSQL (`DATABASE_URL`). Both speak the
 * same SQL dialect; write SQL that Postgres 15 and PGlite's Postgres both accept.
 */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in a transaction; retries serialization failures and deadlocks a few times. */
  tx<T>(fn: (q: Queryable) => Promise<T>, options?: TxOptions): Promise<T>;
  close(): Promise<void>;
  /**
   * A consistent copy of the whole database as a gzipped tarball of its data directory, taken
   * while it serves (PGlite only: `CHECKPOINT`, then the files under PGlite's query lock, so no
   * statement runs mid-copy). Undefined on PostgreSQL, which has `pg_dump`.
   */
  snapshot?: () => Promise<Buffer>;
}

/** Postgres error codes worth retrying a whole transaction for. */
export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/** Postgres unique violation. */
export const UNIQUE_VIOLATION = '23505';
/** Postgres exclusion constraint violation. */
export const EXCLUSION_VIOLATION = '23P01';
/** Postgres foreign key violation. */
export const FK_VIOLATION = '23503';

/** The SQLSTATE of a driver error, if any. */
export function sqlState(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;
}
