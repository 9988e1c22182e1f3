import type { Db, Queryable } from '../db/types.js';
import { DEFAULTS } from './config.js';
import type { Site } from './context.js';
import { sha256 } from './ids.js';
import { bumpVersion, VersionPoll } from './version-poll.js';

/** Why a known key is refused. */
export type KeyRefusal = 'expired' | 'revoked' | 'suspended';

/** What a key resolves to: its site, its kind, and — when it no longer works — why not. */
export interface KeyLookup {
  site: Site;
  kind: 'publishable' | 'secret';
  keyId: string;
  /** When a rolled key stops working (null: until rotated). */
  expiresAt: Date | null;
  refused: KeyRefusal | null;
}

interface Entry {
  site: Site;
  kind: 'publishable' | 'secret';
  keyId: string;
  expiresAt: number | null;
  revoked: boolean;
  suspended: boolean;
  at: number;
}

interface KeyRow {
  key_id: string; kind: 'publishable' | 'secret'; expires_at: Date | null; revoked_at: Date | null;
  id: string; name: string; allowed_origins: string[]; status: string; deleted_at: Date | null;
  default_locale: string; default_currency: string; current_pk: string | null;
  max_embed_role: Site['maxEmbedRole']; shares_content: boolean;
}

const MAX_KEYS = 1000;

/**
 * Caches partner sites by key so the hot path does not query per request, without waiting out
 * a change: every write to a site or key bumps `site_state.version` in its transaction
 * ({@link bumpSites}); the writing instance drops its entries at once ({@link invalidate}) and
 * every other instance within `pollMs` (plus one query). A rolled key's expiry needs no bump:
 * each entry carries `expiresAt` and is judged against the clock on every lookup. The TTL is a
 * backstop should polling stall.
 *
 * @example
 * ```ts
 * const sites = new SiteCache(db, { pollMs: 250 });
 * await sites.start();
 * const hit = await sites.lookup('pk_live_…');
 * ```
 */
export class SiteCache {
  private byKey = new Map<string, Entry>();
  private allOrigins: { list: string[]; at: number } | null = null;
  /** Bumped on every clear, so a lookup that raced a clear does not store what it read before it. */
  private generation = 0;
  private touched = new Map<string, number>();
  private readonly poll: VersionPoll;
  private readonly ttlMs: number;
  private readonly now: () => Date;

  constructor(private readonly db: Db, opts: { pollMs?: number; ttlMs?: number; now?: () => Date } = {}) {
    this.ttlMs = opts.ttlMs ?? DEFAULTS.siteCacheMs;
    this.now = opts.now ?? (() => new Date());
    this.poll = new VersionPoll(db, 'site_state', opts.pollMs ?? DEFAULTS.sitePollMs, () => this.clear(), () => this.clear());
  }

  /** Reads the current version and starts polling it. */
  start(): Promise<void> {
    return this.poll.start();
  }

  stop(): void {
    this.poll.stop();
  }

  /** Resolves a publishable or secret key; null when no live site has it. */
  async lookup(key: string): Promise<KeyLookup | null> {
    const now = this.now().getTime();
    let e = this.byKey.get(key);
    if (!e || now - e.at >= this.ttlMs) {
      const generation = this.generation;
      const fresh = await this.read(key, now);
      if (!fresh) {
        this.byKey.delete(key);
        return null;
      }
      if (generation === this.generation) {
        if (this.byKey.size >= MAX_KEYS) this.byKey.clear();
        this.byKey.set(key, fresh);
      }
      e = fresh;
    }
    const refused: KeyRefusal | null = e.revoked ? 'revoked' : e.suspended ? 'suspended' : e.expiresAt !== null && now >= e.expiresAt ? 'expired' : null;
    if (!refused) this.touch(e.keyId, now);
    return { site: e.site, kind: e.kind, keyId: e.keyId, expiresAt: e.expiresAt === null ? null : new Date(e.expiresAt), refused };
  }

  private async read(key: string, now: number): Promise<Entry | null> {
    const secret = key.startsWith('sk_');
    const r = await this.db.query<KeyRow>(
      `SELECT k.id AS key_id, k.kind, k.expires_at, k.revoked_at, s.id, s.name, s.allowed_origins, s.status, s.deleted_at,
              s.default_locale, s.default_currency, s.max_embed_role, s.shares_content,
              (SELECT p.publishable_key FROM site_keys p
                WHERE p.site_id = s.id AND p.kind = 'publishable' AND p.revoked_at IS NULL AND (p.expires_at IS NULL OR p.expires_at > $2)
                ORDER BY p.created_at DESC LIMIT 1) AS current_pk
         FROM site_keys k JOIN partner_sites s ON s.id = k.site_id
        WHERE ${secret ? 'k.secret_hash' : 'k.publishable_key'} = $1`,
      [secret ? sha256(key) : key, new Date(now)],
    );
    const row = r.rows[0];
    if (!row || row.deleted_at) return null;
    return {
      site: {
        id: row.id, name: row.name, allowedOrigins: row.allowed_origins, defaultLocale: row.default_locale, defaultCurrency: row.default_currency,
        maxEmbedRole: row.max_embed_role, sharesContent: row.shares_content,
        publishableKey: row.current_pk ?? (secret ? '' : key),
      },
      kind: row.kind, keyId: row.key_id, expiresAt: row.expires_at?.getTime() ?? null,
      revoked: row.revoked_at !== null, suspended: row.status !== 'active', at: now,
    };
  }

  /** Records that a key was used: at most once per `keyTouchMs` per key here, and only if the row is older. */
  private touch(keyId: string, now: number): void {
    if (now - (this.touched.get(keyId) ?? -Infinity) < DEFAULTS.keyTouchMs) return;
    if (this.touched.size >= MAX_KEYS) this.touched.clear();
    this.touched.set(keyId, now);
    void this.db
      .query(`UPDATE site_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)`, [keyId, new Date(now), new Date(now - DEFAULTS.keyTouchMs)])
      .catch(() => {});
  }

  /** Every origin an active site allows (for CORS preflights, which carry no key). */
  async origins(): Promise<string[]> {
    const now = Date.now();
    if (this.allOrigins && now - this.allOrigins.at < this.ttlMs) return this.allOrigins.list;
    const generation = this.generation;
    const r = await this.db.query<{ o: string }>(
      `SELECT DISTINCT unnest(allowed_origins) AS o FROM partner_sites WHERE status = 'active' AND deleted_at IS NULL`,
    );
    const entry = { list: r.rows.map((x) => x.o), at: now };
    if (generation === this.generation) this.allOrigins = entry;
    return entry.list;
  }

  /** Drops cached entries. */
  clear(): void {
    this.generation++;
    this.byKey.clear();
    this.allOrigins = null;
  }

  /** Bumps the site version inside the writer's transaction. Call {@link invalidate} after commit. */
  bump(q: Queryable): Promise<void> {
    return bumpSites(q);
  }

  /** Drops this instance's entries now (the writer's instance refuses a suspended key at once). */
  invalidate(): void {
    this.clear();
    this.poll.forget();
  }
}

/**
 * Bumps `site_state.version` in the caller's transaction, so every instance's {@link SiteCache}
 * drops what it holds within its poll interval. Every write to `partner_sites` or `site_keys`
 * calls it — the CLI too, when it writes to the database directly.
 */
export function bumpSites(q: Queryable): Promise<void> {
  return bumpVersion(q, 'site_state');
}
