import { z } from 'zod';
import { defineRoute } from '../lib/route.js';
import { ERROR_CODES } from '../lib/errors.js';
import { IdParams, Ok, page, PageQuery } from '../lib/primitives.js';
import {
  AdminUpdateUserRequest, AuthSession, ConfirmEmailRequest, EmbedTokenRequest, EmbedTokenResponse,
  LoginRequest, PasswordResetAccepted, PasswordResetConfirmRequest, PasswordResetRequest, PublicUser, SignupRequest,
  SignupResponse, UpdateMeRequest, User,
} from '../lib/users.js';

/** Accounts, sessions, embed tokens and user administration. */
export const authRoutes = {
  'auth.signup': defineRoute({
    method: 'POST', path: '/v1/auth/signup', tag: 'auth', access: 'public', scope: 'any',
    summary: 'Create a built-in account and sign in', body: SignupRequest, response: SignupResponse,
    status: 201, idempotent: true,
    errors: { 409: [ERROR_CODES.emailTaken] },
  }),
  'auth.login': defineRoute({
    method: 'POST', path: '/v1/auth/login', tag: 'auth', access: 'public', scope: 'any',
    summary: 'Sign in with email and password (throttled per account and IP, and per IP; a known device by `X-Furrow-Device`)',
    body: LoginRequest, response: AuthSession,
    errors: { 401: [ERROR_CODES.invalidCredentials] },
  }),
  'auth.requestPasswordReset': defineRoute({
    method: 'POST', path: '/v1/auth/password-reset', tag: 'auth', access: 'public', scope: 'any',
    summary: 'Email a single-use password-reset link (the same 202 whether or not the email has an account; throttled like sign-in)',
    body: PasswordResetRequest, response: PasswordResetAccepted, status: 202, idempotent: true,
  }),
  'auth.confirmPasswordReset': defineRoute({
    method: 'POST', path: '/v1/auth/password-reset/confirm', tag: 'auth', access: 'public', scope: 'any',
    summary: "Set a new password with the emailed token; revokes the user's other sessions and signs in",
    body: PasswordResetConfirmRequest, response: AuthSession, idempotent: true,
  }),
  'auth.logout': defineRoute({
    method: 'POST', path: '/v1/auth/logout', tag: 'auth', access: 'user', scope: 'self',
    summary: 'Revoke the current session', response: Ok,
  }),
  'auth.logoutAll': defineRoute({
    method: 'POST', path: '/v1/auth/logout-all', tag: 'auth', access: 'user', scope: 'self',
    summary: 'Revoke every session of the current user', response: Ok,
  }),
  'auth.confirmEmail': defineRoute({
    method: 'POST', path: '/v1/auth/confirm-email', tag: 'auth', access: 'public', scope: 'any',
    summary: 'Confirm an email address with the emailed token', body: ConfirmEmailRequest, response: User,
  }),
  'me.retrieve': defineRoute({
    method: 'GET', path: '/v1/me', tag: 'auth', access: 'user', scope: 'self',
    summary: 'The signed-in user', response: User,
  }),
  'me.update': defineRoute({
    method: 'PATCH', path: '/v1/me', tag: 'auth', access: 'user', scope: 'self',
    summary: 'Update name, locale, time zone and profile', body: UpdateMeRequest, response: User,
  }),
  'embedTokens.create': defineRoute({
    method: 'POST', path: '/v1/embed-tokens', tag: 'auth', access: 'secret', scope: 'any',
    summary: "Mint a short-lived token for the partner's own user (single sign-on)",
    body: EmbedTokenRequest, response: EmbedTokenResponse, status: 201,
  }),
  'users.retrieve': defineRoute({
    method: 'GET', path: '/v1/users/:id', tag: 'auth', access: 'public', scope: 'any',
    summary: "A user's public profile (instructors, reviewers)", params: IdParams, response: PublicUser,
  }),
  'admin.users.list': defineRoute({
    method: 'GET', path: '/v1/admin/users', tag: 'admin', access: 'admin', scope: 'any',
    summary: 'List users', query: PageQuery.extend({ q: z.string().max(200).optional() }), response: page(User),
  }),
  'admin.users.update': defineRoute({
    method: 'PATCH', path: '/v1/admin/users/:id', tag: 'admin', access: 'admin', scope: 'any',
    summary: 'Change role, name, or soft-delete a user (access ends at once)', params: IdParams,
    body: AdminUpdateUserRequest, response: User,
  }),
} as const;
