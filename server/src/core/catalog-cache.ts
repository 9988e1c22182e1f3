import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/types.js';

/** A cached public response. */
export interface CachedResponse {
  status: number;
  body: Buffer;
  etag: string;
}

const MAX_ENTRIES = 2000;

/**
 * Caches anonymous catalog responses by URL. Every catalog write bumps `catalog_state.version`
 * in its transaction; this instance then drops its cache at once, and other instances notice
 * within `pollMs` (the documented bound for several instances).
 */
export class CatalogCache {
  private entries = new Map<string, CachedResponse>();
  private version = -1;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db, private readonly pollMs: number) {}

  /** Loads the current version and starts polling. */
  async start(): Promise<void> {
    await this.refresh();
    if (this.pollMs > 0) {
      this.timer = setInterval(() => void this.refresh().catch(() => {}), this.pollMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    const r = await this.db.query<{ version: number | string }>(`SELECT version FROM catalog_state WHERE id = 1`);
    const v = Number(r.rows[0]?.version ?? 0);
    if (v !== this.version) {
      this.entries.clear();
      this.version = v;
    }
  }

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  /** Stores a response computed while the cache was at `versionAtStart` (dropped if it moved). */
  set(key: string, status: number, body: Buffer, versionAtStart: number): CachedResponse {
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const entry = { status, body, etag };
    if (versionAtStart === this.version) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, entry);
    }
    return entry;
  }

  get currentVersion(): number {
    return this.version;
  }

  /** Bumps the version inside the writer's transaction. Call {@link invalidate} after commit. */
  async bump(q: Queryable): Promise<void> {
    await q.query(`UPDATE catalog_state SET version = version + 1 WHERE id = 1`);
  }

  /** Drops this instance's entries now (the writer's own instance never serves stale data). */
  invalidate(): void {
    this.entries.clear();
    this.version = -2;
    void this.refresh().catch(() => {});
  }
}
