import type { Db } from '../db/types.js';
import { DEFAULTS } from './config.js';
import type { Site } from './context.js';
import { sha256 } from './ids.js';

/** Caches partner sites by key so the hot path does not query per request. */
export class SiteCache {
  private byKey = new Map<string, { site: Site; kind: 'publishable' | 'secret'; at: number }>();
  private allOrigins: { list: string[]; at: number } | null = null;

  constructor(private readonly db: Db, private readonly ttlMs: number = DEFAULTS.siteCacheMs) {}

  /** Resolves a publishable or secret key to its site. */
  async lookup(key: string): Promise<{ site: Site; kind: 'publishable' | 'secret' } | null> {
    const hit = this.byKey.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit;
    const secret = key.startsWith('sk_');
    const r = await this.db.query<{ id: string; name: string; publishable_key: string; allowed_origins: string[] }>(
      secret
        ? `SELECT id, name, publishable_key, allowed_origins FROM partner_sites WHERE secret_key_hash = $1`
        : `SELECT id, name, publishable_key, allowed_origins FROM partner_sites WHERE publishable_key = $1`,
      [secret ? sha256(key) : key],
    );
    const row = r.rows[0];
    if (!row) {
      this.byKey.delete(key);
      return null;
    }
    const entry = {
      site: { id: row.id, name: row.name, publishableKey: row.publishable_key, allowedOrigins: row.allowed_origins },
      kind: secret ? ('secret' as const) : ('publishable' as const),
      at: now,
    };
    if (this.byKey.size > 1000) this.byKey.clear();
    this.byKey.set(key, entry);
    return entry;
  }

  /** Every origin any site allows (for CORS preflights, which carry no key). */
  async origins(): Promise<string[]> {
    const now = Date.now();
    if (this.allOrigins && now - this.allOrigins.at < this.ttlMs) return this.allOrigins.list;
    const r = await this.db.query<{ o: string }>(`SELECT DISTINCT unnest(allowed_origins) AS o FROM partner_sites`);
    this.allOrigins = { list: r.rows.map((x) => x.o), at: now };
    return this.allOrigins.list;
  }

  /** Drops cached entries (after a site or key changes). */
  clear(): void {
    this.byKey.clear();
    this.allOrigins = null;
  }
}
