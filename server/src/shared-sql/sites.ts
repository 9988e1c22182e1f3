import type { Queryable } from '../db/types.js';
import { newId, newSecret, sha256 } from '../core/ids.js';
import { bumpSites } from '../core/site-cache.js';

/** A key's mode: `live` for sites made with `furrow-server sites create`, `test` for the demo. */
export type KeyMode = 'live' | 'test';

/**
 * A new key: `pk_<mode>_…` or `sk_<mode>_…` with 24 random bytes.
 *
 * @example
 * ```ts
 * newSiteKey('secret', 'live'); // 'sk_live_Qm9…'
 * ```
 */
export function newSiteKey(kind: 'publishable' | 'secret', mode: KeyMode): string {
  return newSecret(`${kind === 'secret' ? 'sk' : 'pk'}_${mode}_`, 24);
}

/** How a key is shown in lists: a publishable key whole, a secret key as `sk_live_…abcd`. */
export function keyHint(key: string): string {
  if (!key.startsWith('sk_')) return key;
  const prefix = /^sk_[a-z]+_/.exec(key)?.[0] ?? 'sk_';
  return `${prefix}…${key.slice(-4)}`;
}

/**
 * Stores a key of a site (a publishable key in plain, a secret key as its sha256) and bumps the
 * site version. Returns the key's id.
 */
export async function insertSiteKey(q: Queryable, siteId: string, key: string): Promise<string> {
  const id = newId();
  const secret = key.startsWith('sk_');
  await q.query(
    `INSERT INTO site_keys (id, site_id, kind, publishable_key, secret_hash, hint) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, siteId, secret ? 'secret' : 'publishable', secret ? null : key, secret ? sha256(key) : null, keyHint(key)],
  );
  await bumpSites(q);
  return id;
}

/** What {@link insertSite} needs. */
export interface NewSite {
  name: string;
  allowedOrigins: string[];
  defaultLocale?: string;
  defaultCurrency?: string;
  /** The highest role its embed tokens may carry (default `student`). */
  maxEmbedRole?: 'student' | 'instructor' | 'admin';
  /** Whether its authors may share content with every site (default false). */
  sharesContent?: boolean;
  /** Keys to store; a publishable key is minted when none is given. */
  publishableKey?: string;
  secretKey?: string;
  mode?: KeyMode;
}

/**
 * Inserts a partner site with its publishable key (and a secret key when given), in the
 * caller's transaction. The operator API, the CLI, the demo seed and tests all make sites here.
 *
 * @example
 * ```ts
 * const { siteId, publishableKey } = await insertSite(tx, { name: 'Nashik FPO', allowedOrigins: ['https://fpo.example'] });
 * ```
 */
export async function insertSite(q: Queryable, s: NewSite): Promise<{ siteId: string; publishableKey: string; secretKey: string | null }> {
  const siteId = newId();
  await q.query(
    `INSERT INTO partner_sites (id, name, allowed_origins, default_locale, default_currency, max_embed_role, shares_content)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [siteId, s.name, s.allowedOrigins, s.defaultLocale ?? 'en', s.defaultCurrency ?? 'INR', s.maxEmbedRole ?? 'student', s.sharesContent ?? false],
  );
  const publishableKey = s.publishableKey ?? newSiteKey('publishable', s.mode ?? 'live');
  await insertSiteKey(q, siteId, publishableKey);
  if (s.secretKey) await insertSiteKey(q, siteId, s.secretKey);
  return { siteId, publishableKey, secretKey: s.secretKey ?? null };
}
