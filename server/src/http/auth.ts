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

/** Whether the request carries a secret key, as `X-Furrow-Key` or as the bearer token. */
export function carriesSecretKey(req: IncomingMessage): boolean {
  if (header(req, 'x-furrow-key')?.startsWith('sk_')) return true;
  return /^Bearer\s+sk_/i.test(header(req, 'authorization') ?? '');
}

/**
 * Whether a request came from a browser: it carries `Origin`, or a Fetch Metadata header
 * (`Sec-Fetch-Site`, `-Dest`, `-User`, or `-Mode` other than `cors`). Browsers send
 * `Sec-Fetch-Site` on every request they tag; Node's own `fetch` (undici) sends a lone
 * `Sec-Fetch-Mode: cors` on every request, so that one alone is a server, not a browser.
 */
export function fromBrowser(req: IncomingMessage): boolean {
  if (header(req, 'origin')) return true;
  for (const name of Object.keys(req.headers)) {
    if (!name.startsWith('sec-fetch-')) continue;
    if (name === 'sec-fetch-mode' && req.headers[name] === 'cors') continue;
    return true;
  }
  return false;
}

/** Resolves a key to its site, refusing keys that do not (or no longer) work, and foreign origins. */
async function resolveKey(key: string, origin: string | null, sites: SiteCache): Promise<{ site: Site; kind: 'publishable' | 'secret' }> {
  if (key.length > 200) throw new HttpError(401, ERROR_CODES.invalidKey, 'Unknown API key');
  const found = await sites.lookup(key);
  if (!found) throw new HttpError(401, ERROR_CODES.invalidKey, 'Unknown API key');
  switch (found.refused) {
    case 'suspended': throw new HttpError(403, ERROR_CODES.siteSuspended, 'This site is suspended by the operator of this Furrow server');
    case 'revoked': throw new HttpError(401, ERROR_CODES.invalidKey, 'This API key was revoked');
    case 'expired': throw new HttpError(401, ERROR_CODES.invalidKey, `This API key expired at ${found.expiresAt!.toISOString()}; use the site's new key`);
  }
  if (found.kind === 'publishable' && origin && !originAllowed(origin, found.site.allowedOrigins)) {
    throw new HttpError(403, ERROR_CODES.originNotAllowed, `Origin ${origin} is not allowed for this publishable key`);
  }
  return found;
}

/**
 * Reads the key and token from the request and resolves them. A secret key on a request from a
 * browser ({@link fromBrowser}) is refused before it is even looked up: `403
 * secret_key_in_browser`, and the CORS stage grants such a request nothing.
 */
export async function resolveAuth(req: IncomingMessage, db: Queryable, sites: SiteCache): Promise<AuthInfo & { tokenGiven: boolean; tokenValid: boolean }> {
  const origin = header(req, 'origin');
  if (carriesSecretKey(req) && fromBrowser(req)) {
    throw new HttpError(403, ERROR_CODES.secretKeyInBrowser, 'Secret keys are for your server only, and this request came from a browser. Use the publishable key in pages; mint embed tokens on your server.');
  }
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
  if (key) ({ site, kind: keyKind } = await resolveKey(key, origin, sites));
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
  if (access === 'operator') return enforceOperator(auth);
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

/**
 * The `operator` rule: the operator's own session, with or without a site key. A site key —
 * publishable or secret — never stands in for it.
 */
function enforceOperator(auth: AuthInfo & { tokenGiven: boolean; tokenValid: boolean }): void {
  if (auth.tokenGiven && !auth.tokenValid) throw new HttpError(401, ERROR_CODES.sessionRevoked, 'Your session has ended; sign in again');
  if (!auth.user) {
    if (auth.keyKind === 'secret') throw new HttpError(403, ERROR_CODES.forbidden, "A site's secret key never grants the operator API; sign in as the operator (POST /v1/operator/login)");
    throw new HttpError(401, ERROR_CODES.unauthenticated, 'Sign in as the operator (POST /v1/operator/login)');
  }
  if (auth.user.role !== 'operator') throw new HttpError(403, ERROR_CODES.forbidden, 'Only the operator of this server may do this');
}
