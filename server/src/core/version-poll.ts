import type { Db } from '../db/types.js';

/**
 * Watches a version row (`catalog_state`, `site_state`): every writer bumps it in its
 * transaction, each instance polls it every `pollMs` and calls `onChange` when it moved. This is
 * how a per-instance cache learns, within a stated bound, that another instance wrote.
 *
 * @example
 * ```ts
 * const poll = new VersionPoll(db, 'site_state', 250, () => cache.clear());
 * await poll.start();
 * ```
 */
export class VersionPoll {
  private timer: NodeJS.Timeout | null = null;
  private seen = -1;

  /**
   * @param table - a one-row table `(id = 1, version bigint)`.
   * @param onError - called when a poll fails (a cache should then stop trusting itself).
   */
  constructor(
    private readonly db: Db,
    private readonly table: 'catalog_state' | 'site_state',
    private readonly pollMs: number,
    private readonly onChange: () => void,
    private readonly onError: () => void = () => {},
  ) {}

  /** Reads the current version, then polls (unless `pollMs` is 0). */
  async start(): Promise<void> {
    await this.check();
    if (this.pollMs > 0) {
      this.timer = setInterval(() => void this.check().catch(() => this.onError()), this.pollMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The version last seen (-1 before the first read, -2 right after {@link forget}). */
  get version(): number {
    return this.seen;
  }

  /** Reads the version now; calls `onChange` if it differs from the last one seen. */
  async check(): Promise<void> {
    const r = await this.db.query<{ version: number | string }>(`SELECT version FROM ${this.table} WHERE id = 1`);
    const v = Number(r.rows[0]?.version ?? 0);
    if (v !== this.seen) {
      this.seen = v;
      this.onChange();
    }
  }

  /** Forgets the version (this instance just wrote) and reads it again in the background. */
  forget(): void {
    this.seen = -2;
    void this.check().catch(() => this.onError());
  }
}

/** Bumps a version row inside the writer's transaction. */
export async function bumpVersion(q: { query: Db['query'] }, table: 'catalog_state' | 'site_state'): Promise<void> {
  await q.query(`UPDATE ${table} SET version = version + 1 WHERE id = 1`);
}
