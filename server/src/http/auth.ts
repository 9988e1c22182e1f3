import type { IncomingMessage } from 'node:http';
import { ERROR_CODES, type Access, type Role } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { sha256 } from '../core/ids.js';
import { HttpError } from '../core/errors.js';
import { originAllowed } from './origins.js';
import type { AuthInfo, AuthUser, Site } from '../core/context.js';
import type { SiteCache } from '../core/site-cache.js';

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/** Reads the key and token from the request and resolves them. */
export async function resolveAuth(req: IncomingMessage, db: Queryable, sites: SiteCache): Promise<AuthInfo & { tokenGiven: boolean; tokenValid: boolean }> {
  const origin = header(req, 'origin');
  let key = header(req, 'x-furrow-key');
  let token: string | null = null;
  const authz = header(req, 'authorization');
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!m) throw new HttpError(401, ERROR_CODES.unauthenticated, 'Authorization header must be "Bearer <token>"');
    if (m[1].startsWith('sk_') && !key) key = m[1];
    else token = m[1];
  }
  let site: Site | null = null;
  let keyKind: AuthInfo['keyKind'] = null;
  if (key) {
    if (key.length > 200) throw new HttpError(401, ERROR_CODES.invalidKey, 'Unknown API key');
    const found = await sites.lookup(key);
    if (!found) throw new HttpError(401, ERROR_CODES.invalidKey, 'Unknown API key');
    site = found.site;
    keyKind = found.kind;
    if (keyKind === 'publishable' && origin && !originAllowed(origin, site.allowedOrigins)) {
      throw new HttpError(403, ERROR_CODES.originNotAllowed, `Origin ${origin} is not allowed for this publishable key`);
    }
  }
  let user: AuthUser | null = null;
  let sessionId: string | null = null;
  let tokenValid = false;
  if (token && token.length <= 200) {
    const r = await db.query<{
      session_id: string; site_id: string | null; id: string; role: Role; name: string; email: string | null;
      time_zone: string; locale: string; user_site: string | null;
    }>(
      `SELECT s.id AS session_id, s.site_id, u.id, u.role, u.name, u.email, u.time_zone, u.locale, u.site_id AS user_site
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deleted_at IS NULL`,
      [sha256(token)],
      { prepare: true },
    );
    const row = r.rows[0];
    if (row && (!row.site_id || !site || row.site_id === site.id)) {
      tokenValid = true;
      sessionId = row.session_id;
      user = { id: row.id, role: row.role, name: row.name, email: row.email, timeZone: row.time_zone, locale: row.locale, siteId: row.user_site };
    }
  }
  return { site, keyKind, user, sessionId, origin, tokenGiven: token !== null, tokenValid };
}

/** Enforces a route's {@link Access} rule. */
export function enforceAccess(access: Access, auth: AuthInfo & { tokenGiven: boolean; tokenValid: boolean }): void {
  if (access === 'signature') return;
  if (!auth.site) throw new HttpError(401, ERROR_CODES.missingKey, 'Send your publishable key in the X-Furrow-Key header');
  if (access === 'public') return;
  if (access === 'secret') {
    if (auth.keyKind !== 'secret') throw new HttpError(403, ERROR_CODES.forbidden, 'This call needs your secret key (server to server)');
    return;
  }
  if (access === 'admin' && auth.keyKind === 'secret') return;
  if (auth.tokenGiven && !auth.tokenValid) {
    throw new HttpError(401, ERROR_CODES.sessionRevoked, 'Your session has ended; sign in again');
  }
  if (!auth.user) throw new HttpError(401, ERROR_CODES.unauthenticated, 'Sign in to do this');
  if (access === 'instructor' && auth.user.role !== 'instructor' && auth.user.role !== 'admin') {
    throw new HttpError(403, ERROR_CODES.forbidden, 'Only instructors may do this');
  }
  if (access === 'admin' && auth.user.role !== 'admin') {
    throw new HttpError(403, ERROR_CODES.forbidden, 'Only admins may do this');
  }
}
