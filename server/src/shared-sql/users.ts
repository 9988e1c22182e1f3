import type { Locale, PublicUser, Role, User } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { DEFAULTS } from '../core/config.js';
import { newId, newSecret, sha256 } from '../core/ids.js';
import { isoNN } from '../core/time.js';

/** Row shape of `users` (never serialised directly). */
export interface UserRow {
  id: string; site_id: string | null; external_id: string | null; email: string | null; name: string; role: Role;
  password_hash: string | null; email_confirmed: boolean; time_zone: string; locale: string;
  phone_number: string | null; image_url: string | null; bio: string | null; deleted_at: Date | null;
  created_at: Date; updated_at: Date;
}

/** The self view of a user: no hashes, no tokens. */
export function toUser(r: UserRow): User {
  return {
    id: r.id, email: r.email, name: r.name, role: r.role, externalId: r.external_id, emailConfirmed: r.email_confirmed,
    timeZone: r.time_zone, locale: r.locale as Locale, phoneNumber: r.phone_number, imageUrl: r.image_url, bio: r.bio,
    createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** The public view of a user. */
export function toPublicUser(r: Pick<UserRow, 'id' | 'name' | 'image_url' | 'bio' | 'role'>): PublicUser {
  return { id: r.id, name: r.name, imageUrl: r.image_url, bio: r.bio, role: r.role };
}

/** Loads a live (not soft-deleted) user. */
export async function findUser(q: Queryable, id: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(`SELECT * FROM users WHERE id = $1 AND deleted_at IS NULL`, [id]);
  return r.rows[0] ?? null;
}

/**
 * Creates a session and returns its bearer token (only its hash is stored).
 *
 * @example
 * ```ts
 * const { token, expiresAt } = await createSession(tx, { userId, siteId, kind: 'login' });
 * ```
 */
export async function createSession(
  q: Queryable,
  s: { userId: string; siteId: string | null; kind: 'login' | 'embed'; ttlSeconds?: number; ip?: string | null; userAgent?: string | null; now: Date },
): Promise<{ token: string; expiresAt: string }> {
  const token = newSecret('fur_');
  const ttl = s.ttlSeconds ?? (s.kind === 'embed' ? DEFAULTS.embedTokenTtlSeconds : DEFAULTS.sessionTtlSeconds);
  const expiresAt = new Date(s.now.getTime() + ttl * 1000);
  await q.query(
    `INSERT INTO sessions (id, token_hash, user_id, site_id, kind, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [newId(), sha256(token), s.userId, s.siteId, s.kind, expiresAt, s.ip ?? null, s.userAgent ?? null],
  );
  return { token, expiresAt: expiresAt.toISOString() };
}
