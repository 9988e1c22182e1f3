import { z } from 'zod';
import { HttpUrl, Id, Locale, ShortText, TimeZone, Timestamp } from './primitives.js';

/**
 * Roles. Seeds call learners `student`/`user`; Furrow uses `student`. `operator` is the person
 * who runs the server and manages every site (`furrow-server operator create`); an operator
 * belongs to no site, and no site key, embed token or site admin can make one.
 *
 * @example
 * ```ts
 * Role.parse('instructor');
 * ```
 */
export const Role = z.enum(['student', 'instructor', 'admin', 'operator']);
/** A user role. */
export type Role = z.infer<typeof Role>;

/**
 * The roles a site can give its own users (embed tokens, site admins): every {@link Role} but
 * `operator`.
 *
 * @example
 * ```ts
 * SiteRole.parse('admin'); // ok; SiteRole.parse('operator') throws
 * ```
 */
export const SiteRole = z.enum(['student', 'instructor', 'admin']);
/** A role a site may grant. */
export type SiteRole = z.infer<typeof SiteRole>;

/**
 * A user as the user themself (or an admin) sees them. Password hashes, confirmation tokens
 * and session secrets never appear in any response.
 */
export const User = z.object({
  id: Id,
  email: z.email().nullable(),
  name: z.string(),
  role: Role,
  externalId: z.string().nullable(),
  emailConfirmed: z.boolean(),
  timeZone: z.string(),
  locale: Locale,
  phoneNumber: z.string().nullable(),
  imageUrl: z.string().nullable(),
  bio: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** A user (self view). */
export type User = z.infer<typeof User>;

/** What anyone may see of another user (an instructor on a course page, a reviewer). */
export const PublicUser = z.object({
  id: Id,
  name: z.string(),
  imageUrl: z.string().nullable(),
  bio: z.string().nullable(),
  role: Role,
});
/** Public profile. */
export type PublicUser = z.infer<typeof PublicUser>;

/** Password rules: 8–200 characters. */
export const Password = z.string().min(8).max(200);

/** `POST /v1/auth/signup` body. */
export const SignupRequest = z.object({
  email: z.email().max(254),
  password: Password,
  name: ShortText,
  locale: Locale.optional(),
  timeZone: TimeZone.optional(),
});
/** Signup body. */
export type SignupRequest = z.infer<typeof SignupRequest>;

/** `POST /v1/auth/login` body. */
export const LoginRequest = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
/** Login body. */
export type LoginRequest = z.infer<typeof LoginRequest>;

/**
 * A signed-in session: an opaque bearer token to send as `Authorization: Bearer …`.
 * Keep it in memory; never put it in a URL.
 */
export const AuthSession = z.object({
  token: z.string(),
  expiresAt: Timestamp,
  user: User,
  /**
   * Issued when a device signs in to the account for the first time: keep it (the SDK stores it)
   * and send it as `X-Furrow-Device` when signing in again, so other people's wrong guesses never
   * hold this device back. Not a credential: it signs no one in.
   */
  deviceToken: z.string().optional(),
});
/** Session. */
export type AuthSession = z.infer<typeof AuthSession>;

/** `POST /v1/auth/signup` response: the session plus, in development, the confirmation token. */
export const SignupResponse = AuthSession.extend({
  /** Only returned when the server runs with `exposeConfirmationTokens` (demo, tests). */
  emailConfirmationToken: z.string().optional(),
});

/** `POST /v1/auth/password-reset` body: where to send the link. */
export const PasswordResetRequest = z.object({ email: z.email().max(254) });
/** Password-reset request body. */
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** `POST /v1/auth/password-reset` response: the same whether or not the email has an account. */
export const PasswordResetAccepted = z.object({ ok: z.literal(true) });

/** `POST /v1/auth/password-reset/confirm` body: the token from the link and the new password. */
export const PasswordResetConfirmRequest = z.object({
  token: z.string().min(10).max(200),
  password: Password,
});
/** Password-reset confirmation body. */
export type PasswordResetConfirmRequest = z.infer<typeof PasswordResetConfirmRequest>;

/** `POST /v1/auth/confirm-email` body. */
export const ConfirmEmailRequest = z.object({ token: z.string().min(10).max(200) });

/** `PATCH /v1/me` body. */
export const UpdateMeRequest = z
  .object({
    name: ShortText,
    locale: Locale,
    timeZone: TimeZone,
    phoneNumber: z.string().max(32).nullable(),
    imageUrl: HttpUrl.nullable(),
    bio: z.string().max(2000).nullable(),
  })
  .partial();

/**
 * `POST /v1/embed-tokens` (secret key only): mint a short-lived token for the partner's own
 * logged-in user, creating or linking the Furrow user by `externalId` (single sign-on).
 */
export const EmbedTokenRequest = z.object({
  externalId: z.string().min(1).max(200),
  email: z.email().max(254).optional(),
  name: ShortText.optional(),
  role: SiteRole.optional(),
  locale: Locale.optional(),
  timeZone: TimeZone.optional(),
  /** Lifetime in seconds, 60–86400, default 3600. */
  ttlSeconds: z.int().min(60).max(86_400).optional(),
});
/** Embed token body. */
export type EmbedTokenRequest = z.infer<typeof EmbedTokenRequest>;

/** Embed token response. */
export const EmbedTokenResponse = AuthSession;

/** `PATCH /v1/admin/users/{id}` body (secret key or admin). */
export const AdminUpdateUserRequest = z
  .object({ role: SiteRole, deleted: z.boolean(), name: ShortText })
  .partial();

/** A partner site: the owner of a publishable key and its allowed origins. */
export const PartnerSite = z.object({
  id: Id,
  name: z.string(),
  publishableKey: z.string(),
  allowedOrigins: z.array(z.string()),
  createdAt: Timestamp,
});
/** Partner site. */
export type PartnerSite = z.infer<typeof PartnerSite>;
