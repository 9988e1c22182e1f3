import { z } from 'zod';
import { defineRoute } from '../lib/route.js';
import { ERROR_CODES } from '../lib/errors.js';
import { IdParams, page } from '../lib/primitives.js';
import { AuthSession } from '../lib/users.js';
import {
  CreateSiteAdminRequest, CreateSiteAdminResponse, CreateSiteRequest, OperatorLoginRequest, RotateKeyRequest,
  RotateKeyResponse, Site, SiteListQuery, UpdateSiteRequest,
} from '../lib/sites.js';

/**
 * The operator API: partner sites, their keys and origins, their first admin, and a backup of
 * the embedded database. Every route but `operator.login` needs an operator's session; no site
 * key grants it. Secrets (a new secret key, an admin's one-time password) are answered by POSTs
 * that are not idempotent on purpose: a replayable answer would have to be stored.
 */
export const siteRoutes = {
  'operator.login': defineRoute({
    method: 'POST', path: '/v1/operator/login', tag: 'operator', access: 'signature', scope: 'any',
    summary: 'Sign in as the operator with email and password (no site key; throttled like every login)',
    body: OperatorLoginRequest, response: AuthSession,
    errors: { 401: [ERROR_CODES.invalidCredentials] },
  }),
  'operator.backup': defineRoute({
    method: 'GET', path: '/v1/operator/backup', tag: 'operator', access: 'operator', scope: 'any',
    summary: 'A consistent gzipped tarball of the embedded (PGlite) data directory, taken while serving',
    response: z.unknown(), produces: 'application/gzip',
    errors: { 409: [ERROR_CODES.backupUnavailable] },
  }),
  'sites.list': defineRoute({
    method: 'GET', path: '/v1/sites', tag: 'operator', access: 'operator', scope: 'any',
    summary: 'List partner sites (not deleted), newest first', query: SiteListQuery, response: page(Site),
  }),
  'sites.retrieve': defineRoute({
    method: 'GET', path: '/v1/sites/:id', tag: 'operator', access: 'operator', scope: 'any',
    summary: 'A site with its origins, status and keys (each with when it was last used)', params: IdParams, response: Site,
  }),
  'sites.create': defineRoute({
    method: 'POST', path: '/v1/sites', tag: 'operator', access: 'operator', scope: 'any',
    summary: 'Create a partner site with its publishable key', body: CreateSiteRequest, response: Site,
    status: 201, idempotent: true,
  }),
  'sites.update': defineRoute({
    method: 'PATCH', path: '/v1/sites/:id', tag: 'operator', access: 'operator', scope: 'any',
    summary: 'Rename, change defaults, add or remove origins, suspend or resume a site', params: IdParams,
    body: UpdateSiteRequest, response: Site,
  }),
  'sites.delete': defineRoute({
    method: 'DELETE', path: '/v1/sites/:id', tag: 'operator', access: 'operator', scope: 'any',
    summary: 'Delete a site: its keys stop working on every instance', params: IdParams, response: Site,
  }),
  'sites.rotateKey': defineRoute({
    method: 'POST', path: '/v1/sites/:id/keys', tag: 'operator', access: 'operator', scope: 'any',
    summary: 'Mint a new key; the other live keys of that kind expire after expireOldInSeconds (default: now)',
    params: IdParams, body: RotateKeyRequest, response: RotateKeyResponse,
  }),
  'sites.createAdmin': defineRoute({
    method: 'POST', path: '/v1/sites/:id/admins', tag: 'operator', access: 'operator', scope: 'any',
    summary: "Create a built-in admin account for a site; answers a one-time password", params: IdParams,
    body: CreateSiteAdminRequest, response: CreateSiteAdminResponse,
  }),
} as const;
