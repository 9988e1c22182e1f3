/**
 * The operations on partner sites, their keys and their first admin, as the operator API and
 * the `furrow-server sites` / `operator` commands run them: each takes the caller's transaction
 * and the actor (null for the CLI), writes an audit row, and bumps the site version so every
 * instance's key cache lets go within its poll interval.
 */
import { ERROR_CODES, type CreateSiteRequest, type Page, type Site, type SiteKey, type SiteKeyKind, type SiteStatus, type UpdateSiteRequest, type User } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import type { Ctx } from '../core/context.js';
import { conflict, notFound } from '../core/errors.js';
import { newId, newSecret } from '../core/ids.js';
import { bumpSites } from '../core/site-cache.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { iso, isoNN } from '../core/time.js';
import { UNIQUE_VIOLATION, sqlState } from '../db/types.js';
import { audit } from '../shared-sql/audit.js';
import { insertSite, insertSiteKey, newSiteKey, type KeyMode } from '../shared-sql/sites.js';
import { toUser, type UserRow } from '../shared-sql/users.js';

/** Who acts: a request's context, or null for the CLI on the database directly. */
export type Actor = Pick<Ctx, 'auth' | 'ip' | 'userAgent'> | null;

interface SiteRow {
  id: string; name: string; allowed_origins: string[]; default_locale: string; default_currency: string; status: SiteStatus;
  max_embed_role: Site['maxEmbedRole']; shares_content: boolean;
  created_at: Date; updated_at: Date; deleted_at: Date | null;
}

interface KeyRow {
  id: string; site_id: string; kind: SiteKeyKind; publishable_key: string | null; hint: string;
  created_at: Date; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null;
}

/** A key as the operator sees it; `expiring` while a rolled key still works. */
function toSiteKey(k: KeyRow, now: Date): SiteKey {
  const state = k.revoked_at ? 'revoked' : !k.expires_at ? 'active' : k.expires_at <= now ? 'expired' : 'expiring';
  return {
    id: k.id, kind: k.kind, key: k.kind === 'publishable' ? k.publishable_key : null, hint: k.hint, state,
    createdAt: isoNN(k.created_at), expiresAt: iso(k.expires_at), revokedAt: iso(k.revoked_at), lastUsedAt: iso(k.last_used_at),
  };
}

function toSite(r: SiteRow, keys: KeyRow[], now: Date): Site {
  return {
    id: r.id, name: r.name, allowedOrigins: r.allowed_origins, defaultLocale: r.default_locale as Site['defaultLocale'],
    defaultCurrency: r.default_currency as Site['defaultCurrency'], status: r.status,
    maxEmbedRole: r.max_embed_role, sharesContent: r.shares_content, createdAt: isoNN(r.created_at),
    updatedAt: isoNN(r.updated_at), deletedAt: iso(r.deleted_at), keys: keys.map((k) => toSiteKey(k, now)),
  };
}

async function withKeys(q: Queryable, rows: SiteRow[], now: Date): Promise<Site[]> {
  if (!rows.length) return [];
  const k = await q.query<KeyRow>(`SELECT * FROM site_keys WHERE site_id = ANY($1::uuid[]) ORDER BY created_at DESC, id`, [rows.map((r) => r.id)]);
  return rows.map((r) => toSite(r, k.rows.filter((x) => x.site_id === r.id), now));
}

/** A site with its keys (deleted ones too, marked by `deletedAt`), or null. */
export async function loadSite(q: Queryable, id: string, now: Date): Promise<Site | null> {
  const r = await q.query<SiteRow>(`SELECT * FROM partner_sites WHERE id = $1`, [id]);
  return r.rows[0] ? (await withKeys(q, r.rows, now))[0] : null;
}

/** A live (not deleted) site, locked for the rest of the transaction; 404 otherwise. */
async function liveSite(q: Queryable, id: string, now: Date): Promise<Site> {
  const r = await q.query<SiteRow>(`SELECT * FROM partner_sites WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [id]);
  if (!r.rows[0]) throw notFound('Site');
  return (await withKeys(q, r.rows, now))[0];
}

/** A page of live sites, newest first. */
export async function listSites(q: Queryable, query: { status?: SiteStatus; cursor?: string; limit: number }, now: Date): Promise<Page<Site>> {
  const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
  const r = await q.query<SiteRow>(
    `SELECT * FROM partner_sites WHERE deleted_at IS NULL AND ($1::text IS NULL OR status = $1)
        AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [query.status ?? null, after?.[0] ?? null, after?.[1] ?? null, query.limit + 1],
  );
  const rows = r.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  return { data: await withKeys(q, rows, now), nextCursor: r.rows.length > query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
}

/** Creates a site with its publishable key. */
export async function createSite(q: Queryable, actor: Actor, b: CreateSiteRequest, now: Date): Promise<Site> {
  const { siteId } = await insertSite(q, {
    name: b.name, allowedOrigins: [...new Set(b.allowedOrigins)], defaultLocale: b.defaultLocale, defaultCurrency: b.defaultCurrency,
    maxEmbedRole: b.maxEmbedRole, sharesContent: b.sharesContent,
  });
  const site = (await loadSite(q, siteId, now))!;
  await audit(q, actor, { entityName: 'site', entityId: siteId, action: 'create', newValues: b, metadata: via(actor), siteId });
  return site;
}

/** Renames, changes defaults or status, adds and removes origins (as set operations, in order). */
export async function updateSite(q: Queryable, actor: Actor, id: string, b: UpdateSiteRequest, now: Date): Promise<Site> {
  const before = await liveSite(q, id, now);
  await q.query(
    `UPDATE partner_sites SET name = COALESCE($2, name), default_locale = COALESCE($3, default_locale),
       default_currency = COALESCE($4, default_currency), status = COALESCE($5, status),
       max_embed_role = COALESCE($9, max_embed_role), shares_content = COALESCE($10, shares_content),
       allowed_origins = ARRAY(SELECT o FROM unnest(allowed_origins || $6::text[]) WITH ORDINALITY AS t(o, n)
                                WHERE NOT (o = ANY($7::text[])) GROUP BY o ORDER BY min(n)),
       updated_at = $8
     WHERE id = $1`,
    [id, b.name ?? null, b.defaultLocale ?? null, b.defaultCurrency ?? null, b.status ?? null, b.addOrigins ?? [], b.removeOrigins ?? [], now,
      b.maxEmbedRole ?? null, b.sharesContent ?? null],
  );
  await bumpSites(q);
  const after = (await loadSite(q, id, now))!;
  await audit(q, actor, { entityName: 'site', entityId: id, action: 'update', oldValues: strip(before), newValues: b, metadata: via(actor), siteId: id });
  return after;
}

/** Soft-deletes a site and revokes its keys. */
export async function deleteSite(q: Queryable, actor: Actor, id: string, now: Date): Promise<Site> {
  const before = await liveSite(q, id, now);
  await q.query(`UPDATE partner_sites SET deleted_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
  await q.query(`UPDATE site_keys SET revoked_at = $2 WHERE site_id = $1 AND revoked_at IS NULL`, [id, now]);
  await bumpSites(q);
  await audit(q, actor, { entityName: 'site', entityId: id, action: 'delete', oldValues: strip(before), metadata: via(actor), siteId: id });
  return (await loadSite(q, id, now))!;
}

/**
 * Mints a new key of `kind`; the site's other live keys of that kind stop working after
 * `expireOldInSeconds` (0: now; an earlier expiry already set is kept). The new key is returned
 * in full once — a secret key is stored only as its hash.
 */
export async function rotateKey(q: Queryable, actor: Actor, id: string, kind: SiteKeyKind, expireOldInSeconds: number, now: Date): Promise<{ site: Site; key: SiteKey; secret: string }> {
  const before = await liveSite(q, id, now);
  const expiry = new Date(now.getTime() + expireOldInSeconds * 1000);
  await q.query(
    `UPDATE site_keys SET expires_at = LEAST(COALESCE(expires_at, $3), $3)
      WHERE site_id = $1 AND kind = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $4)`,
    [id, kind, expiry, now],
  );
  // The demo site (test keys) keeps test keys.
  const mode: KeyMode = before.keys.some((k) => k.hint.startsWith('pk_test_') || k.hint.startsWith('sk_test_')) ? 'test' : 'live';
  const secret = newSiteKey(kind, mode);
  const keyId = await insertSiteKey(q, id, secret);
  const site = (await loadSite(q, id, now))!;
  const key = site.keys.find((k) => k.id === keyId)!;
  await audit(q, actor, { entityName: 'site_key', entityId: keyId, action: 'create', newValues: { siteId: id, kind, hint: key.hint, expireOldInSeconds }, metadata: via(actor), siteId: id });
  return { site, key, secret };
}

/** A strong one-time password: 24 URL-safe characters, printed once and never stored. */
export function oneTimePassword(): string {
  return newSecret('', 18);
}

/**
 * Creates a built-in admin account for a live site (email confirmed). `passwordHash` is made
 * by the caller, outside the transaction (scrypt is slow).
 */
export async function createSiteAdmin(q: Queryable, actor: Actor, siteId: string, b: { email: string; name?: string }, passwordHash: string, now: Date): Promise<User> {
  await liveSite(q, siteId, now);
  const user = await insertPasswordUser(q, { siteId, role: 'admin', email: b.email, name: b.name, passwordHash });
  await audit(q, actor, { entityName: 'user', entityId: user.id, action: 'create', newValues: { email: user.email, role: 'admin', siteId }, metadata: via(actor), siteId });
  return user;
}

/** Creates the operator: a user with role `operator`, no site, a confirmed email. */
export async function createOperator(q: Queryable, b: { email: string; name?: string }, passwordHash: string): Promise<User> {
  const user = await insertPasswordUser(q, { siteId: null, role: 'operator', email: b.email, name: b.name, passwordHash });
  await audit(q, null, { entityName: 'user', entityId: user.id, action: 'create', newValues: { email: user.email, role: 'operator' }, metadata: { via: 'cli' } });
  return user;
}

/** Gives an existing operator a new password and ends their sessions; null when there is none by that email. */
export async function resetOperatorPassword(q: Queryable, email: string, passwordHash: string): Promise<User | null> {
  const r = await q.query<UserRow>(
    `UPDATE users SET password_hash = $2, updated_at = now() WHERE lower(email) = $1 AND role = 'operator' AND deleted_at IS NULL RETURNING *`,
    [email.toLowerCase(), passwordHash],
  );
  const u = r.rows[0];
  if (!u) return null;
  await q.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [u.id]);
  await audit(q, null, { entityName: 'user', entityId: u.id, action: 'update', newValues: { password: 'reset' }, metadata: { via: 'cli' } });
  return toUser(u);
}

async function insertPasswordUser(q: Queryable, u: { siteId: string | null; role: 'admin' | 'operator'; email: string; name?: string; passwordHash: string }): Promise<User> {
  const email = u.email.toLowerCase();
  try {
    const r = await q.query<UserRow>(
      `INSERT INTO users (id, site_id, email, name, role, password_hash, email_confirmed) VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING *`,
      [newId(), u.siteId, email, u.name ?? email.split('@')[0], u.role, u.passwordHash],
    );
    return toUser(r.rows[0]);
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) throw conflict(ERROR_CODES.emailTaken, `An account with the email ${email} already exists`);
    throw err;
  }
}

/** The audit metadata of an actor: the CLI is named, a request speaks for itself. */
function via(actor: Actor): Record<string, unknown> | undefined {
  return actor ? undefined : { via: 'cli' };
}

/** A site for the audit log: keys by hint only. */
function strip(s: Site): Record<string, unknown> {
  return { ...s, keys: s.keys.map((k) => ({ id: k.id, kind: k.kind, hint: k.hint, state: k.state })) };
}
