import { z } from 'zod';
import { Currency, Id, Locale, PageQuery, ShortText, Timestamp } from './primitives.js';
import { LoginRequest, User } from './users.js';

/**
 * Whether a site is serving: a `suspended` site's keys are refused (`403 site_suspended`) on
 * every instance within the documented bound, and work again when it is resumed.
 *
 * @example
 * ```ts
 * SiteStatus.parse('suspended');
 * ```
 */
export const SiteStatus = z.enum(['active', 'suspended']);
/** A site's status. */
export type SiteStatus = z.infer<typeof SiteStatus>;

/**
 * The two kinds of site key: `publishable` (`pk_…`, public, bound to the site's origins) and
 * `secret` (`sk_…`, the partner's server only; stored as a hash).
 *
 * @example
 * ```ts
 * SiteKeyKind.parse('secret');
 * ```
 */
export const SiteKeyKind = z.enum(['publishable', 'secret']);
/** A key kind. */
export type SiteKeyKind = z.infer<typeof SiteKeyKind>;

/**
 * One entry of a site's allowed origins: an exact origin (`https://coop.example`), a wildcard
 * port (`http://localhost:*`), a wildcard subdomain (`https://*.coop.example`), or `*` (every
 * origin). Lower case, no path, no trailing slash.
 *
 * @example
 * ```ts
 * OriginPattern.parse('https://*.coop.example');
 * ```
 */
export const OriginPattern = z
  .string()
  .max(300)
  .regex(/^(\*|https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\*|\d{1,5}))?)$/, {
    message: 'Expected an origin such as https://coop.example, http://localhost:* or https://*.coop.example (lower case, no path)',
  });

/**
 * A site key as the operator sees it. A publishable key is shown whole (it is public anyway);
 * a secret key only by its hint, since Furrow keeps nothing but its hash. `state` is
 * `expiring` while a rolled key still works (until `expiresAt`).
 *
 * @example
 * ```ts
 * const live = site.keys.filter((k) => k.state === 'active' || k.state === 'expiring');
 * ```
 */
export const SiteKey = z.object({
  id: Id,
  kind: SiteKeyKind,
  /** The whole key for publishable keys; null for secret keys. */
  key: z.string().nullable(),
  /** How the key is shown: `pk_live_…9f2a`, `sk_live_…9f2a`. */
  hint: z.string(),
  state: z.enum(['active', 'expiring', 'expired', 'revoked']),
  createdAt: Timestamp,
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  /** When the key was last presented (updated at most once a minute per key and instance). */
  lastUsedAt: Timestamp.nullable(),
});
/** A site key (operator view). */
export type SiteKey = z.infer<typeof SiteKey>;

/**
 * A role a site's embed tokens may carry: `student` (the default cap), `instructor` or `admin`.
 * Never `operator`.
 *
 * @example
 * ```ts
 * EmbedRole.parse('instructor');
 * ```
 */
export const EmbedRole = z.enum(['student', 'instructor', 'admin']);
/** An embed-token role. */
export type EmbedRole = z.infer<typeof EmbedRole>;

/**
 * A partner site as the operator manages it: name, allowed origins, defaults, status, keys.
 *
 * @example
 * ```ts
 * const site = await client.sites.retrieve(siteId);
 * console.log(site.status, site.keys.map((k) => k.hint));
 * ```
 */
export const Site = z.object({
  id: Id,
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  defaultLocale: Locale,
  defaultCurrency: Currency,
  status: SiteStatus,
  /** The highest role the site's secret key may give the users it signs in (`POST /v1/embed-tokens`). */
  maxEmbedRole: EmbedRole,
  /**
   * Whether the site's authors may share content with every site (the operator's own site). Other
   * sites' content is theirs alone.
   */
  sharesContent: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deletedAt: Timestamp.nullable(),
  keys: z.array(SiteKey),
});
/** A site (operator view). */
export type Site = z.infer<typeof Site>;

/** `GET /v1/sites` query: a page of sites (deleted ones are left out), optionally by status. */
export const SiteListQuery = PageQuery.extend({ status: SiteStatus.optional() });

/**
 * `POST /v1/sites` body. The site gets a publishable key at once; mint its secret key with
 * `POST /v1/sites/{id}/keys` (`furrow-server sites create` does both and prints them).
 *
 * @example
 * ```ts
 * CreateSiteRequest.parse({ name: 'Nashik FPO', allowedOrigins: ['https://fpo.example'], defaultLocale: 'mr' });
 * ```
 */
export const CreateSiteRequest = z.object({
  name: ShortText,
  allowedOrigins: z.array(OriginPattern).min(1).max(50),
  defaultLocale: Locale.optional(),
  defaultCurrency: Currency.optional(),
  /** Default `student`: embed tokens give learners only, unless the operator allows more. */
  maxEmbedRole: EmbedRole.optional(),
  /** Default false. */
  sharesContent: z.boolean().optional(),
});
/** Create-site body. */
export type CreateSiteRequest = z.infer<typeof CreateSiteRequest>;

/**
 * `PATCH /v1/sites/{id}` body: rename, change defaults, suspend or resume (`status`), and add
 * or remove allowed origins (applied as set operations, so concurrent edits do not undo each other).
 *
 * @example
 * ```ts
 * UpdateSiteRequest.parse({ addOrigins: ['https://shop.fpo.example'], status: 'active' });
 * ```
 */
export const UpdateSiteRequest = z
  .object({
    name: ShortText,
    defaultLocale: Locale,
    defaultCurrency: Currency,
    status: SiteStatus,
    maxEmbedRole: EmbedRole,
    sharesContent: z.boolean(),
    addOrigins: z.array(OriginPattern).min(1).max(50),
    removeOrigins: z.array(z.string().max(300)).min(1).max(50),
  })
  .partial();
/** Update-site body. */
export type UpdateSiteRequest = z.infer<typeof UpdateSiteRequest>;

/**
 * `POST /v1/sites/{id}/keys` body: mint a new key of `kind`. The site's other live keys of that
 * kind keep working for `expireOldInSeconds` (0, the default, ends them now; at most 30 days),
 * as Stripe rolls keys.
 *
 * @example
 * ```ts
 * RotateKeyRequest.parse({ kind: 'secret', expireOldInSeconds: 86_400 });
 * ```
 */
export const RotateKeyRequest = z.object({
  kind: SiteKeyKind,
  expireOldInSeconds: z.int().min(0).max(30 * 86_400).optional(),
});
/** Rotate-key body. */
export type RotateKeyRequest = z.infer<typeof RotateKeyRequest>;

/** `POST /v1/sites/{id}/keys` answer: the site after the roll, the new key, and the key in full — shown once. */
export const RotateKeyResponse = z.object({
  site: Site,
  key: SiteKey,
  /** The whole new key. A secret key cannot be read again: only its hash is kept. */
  secret: z.string(),
});
/** Rotate-key answer. */
export type RotateKeyResponse = z.infer<typeof RotateKeyResponse>;

/** `POST /v1/sites/{id}/admins` body: a built-in admin account for the site. */
export const CreateSiteAdminRequest = z.object({ email: z.email().max(254), name: ShortText.optional() });
/** Create-admin body. */
export type CreateSiteAdminRequest = z.infer<typeof CreateSiteAdminRequest>;

/** `POST /v1/sites/{id}/admins` answer: the admin and a one-time password (shown once, never stored). */
export const CreateSiteAdminResponse = z.object({ user: User, password: z.string() });
/** Create-admin answer. */
export type CreateSiteAdminResponse = z.infer<typeof CreateSiteAdminResponse>;

/**
 * `POST /v1/operator/login` body: the operator's email and password, and optionally a shorter
 * session (the CLI asks for 10 minutes). Needs no site key.
 */
export const OperatorLoginRequest = LoginRequest.extend({ ttlSeconds: z.int().min(60).max(86_400).optional() });
/** Operator login body. */
export type OperatorLoginRequest = z.infer<typeof OperatorLoginRequest>;
