import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/types.js';
import { bumpVersion, VersionPoll } from './version-poll.js';

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
  private readonly poll: VersionPoll;

  constructor(db: Db, pollMs: number) {
    this.poll = new VersionPoll(db, 'catalog_state', pollMs, () => this.entries.clear());
  }

  /** Loads the current version and starts polling. */
  start(): Promise<void> {
    return this.poll.start();
  }

  stop(): void {
    this.poll.stop();
  }

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  /** Stores a response computed while the cache was at `versionAtStart` (dropped if it moved). */
  set(key: string, status: number, body: Buffer, versionAtStart: number): CachedResponse {
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const entry = { status, body, etag };
    if (versionAtStart === this.poll.version) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, entry);
    }
    return entry;
  }

  get currentVersion(): number {
    return this.poll.version;
  }

  /** Bumps the version inside the writer's transaction. Call {@link invalidate} after commit. */
  async bump(q: Queryable): Promise<void> {
    await bumpVersion(q, 'catalog_state');
  }

  /** Drops this instance's entries now (the writer's own instance never serves stale data). */
  invalidate(): void {
    this.entries.clear();
    this.poll.forget();
  }
}
