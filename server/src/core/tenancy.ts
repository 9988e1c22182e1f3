/**
 * The tenancy rule, in one place. A Furrow server has one operator and many partner sites:
 *
 * - **Users** belong to one site (the operator to none). A session works only with its own
 *   site's keys, so the signed-in user's site is the request's site.
 * - **Content** (course, article, video, product, roadmap, badge) has a `site_id`: `NULL` is
 *   shared — on every site — and only authors on a site whose `sharesContent` is on (the
 *   operator's own site) may make it; otherwise it is that site's alone. Content of another site
 *   does not exist for the caller: 404, never 403, so ids cannot be probed.
 * - **Site admins** (a user with role `admin`, or the site's secret key) manage their own site's
 *   users and content, and shared content only from a sharing site.
 * - Everything learners make (enrolments, purchases, bookings, groups, notifications, the audit
 *   log) is scoped through its user's site.
 */
import { ERROR_CODES } from '@furrow/schema';
import type { AuthInfo } from './context.js';
import { HttpError } from './errors.js';

/** The part of {@link AuthInfo} tenancy looks at. */
export type Who = Pick<AuthInfo, 'site' | 'user'> & Partial<Pick<AuthInfo, 'keyKind'>>;

/** The site a request acts on: its key's site, else the signed-in user's. */
export function siteIdOf(who: Who): string | null {
  return who.site?.id ?? who.user?.siteId ?? null;
}

/** Whether content owned by `contentSiteId` (`null` = shared) exists on the site `siteId`. */
export function onSite(contentSiteId: string | null, siteId: string | null): boolean {
  return contentSiteId === null || contentSiteId === siteId;
}

/**
 * SQL: content of table alias `alias` that exists on the site in bind parameter `param`
 * (`$3`). Passing a null site keeps shared content only.
 *
 * @example
 * ```ts
 * where.push(onSiteSql('c', p(siteIdOf(ctx.auth))));
 * ```
 */
export function onSiteSql(alias: string, param: string): string {
  const col = alias ? `${alias}.site_id` : 'site_id';
  return `(${col} IS NULL OR ${col} = ${param}::uuid)`;
}

/** Whether the caller is an admin of its site: a user with role `admin`, or the site's secret key. */
export function isSiteAdmin(who: Who): boolean {
  if (who.user) return who.user.role === 'admin';
  return who.keyKind === 'secret' && !!who.site;
}

/**
 * Whether the caller administers content owned by `contentSiteId`: an admin of that site, or,
 * for shared content, an admin of a site that shares content.
 */
export function adminsContent(who: Who, contentSiteId: string | null): boolean {
  if (!isSiteAdmin(who)) return false;
  const site = siteIdOf(who);
  if (contentSiteId === null) return !!who.site?.sharesContent;
  return contentSiteId === site;
}

/**
 * Where new (or re-filed) content goes: `null` (shared) when `shared` is asked for and the
 * site may share, the caller's site otherwise. `403 sharing_not_allowed` when a site that may
 * not share asks to.
 */
export function contentSite(who: Who, shared: boolean | undefined): string | null {
  if (shared) {
    if (!who.site?.sharesContent) {
      throw new HttpError(403, ERROR_CODES.sharingNotAllowed, 'Only content authored on the operator\'s own site can be shared with every site', [
        { path: ['body', 'shared'], message: 'This site may not share content' },
      ]);
    }
    return null;
  }
  return siteIdOf(who);
}

/** Whether a user of `userSiteId` is on the caller's site (the operator sees every site). */
export function sameSite(who: Who, userSiteId: string | null): boolean {
  if (who.user?.role === 'operator' && !who.site) return true;
  return userSiteId !== null && userSiteId === siteIdOf(who);
}
