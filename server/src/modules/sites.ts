import { ERROR_CODES } from '@furrow/schema';
import { defineHandlers, type Ctx } from '../core/context.js';
import { HttpError, notFound } from '../core/errors.js';
import { RawResponse } from '../core/raw.js';
import { hashPassword } from '../core/password.js';
import type { Queryable } from '../db/types.js';
import { defineModule } from './module.js';
import { createSite, createSiteAdmin, deleteSite, listSites, loadSite, oneTimePassword, rotateKey, updateSite } from './sites.queries.js';

/** Runs a site write and lets this instance's key cache go at once (the others follow within `sitePollMs`). */
async function write<T>(ctx: Ctx, fn: (q: Queryable, now: Date) => Promise<T>): Promise<T> {
  const out = await ctx.services.db.tx((q) => fn(q, ctx.services.now()));
  ctx.services.sites.invalidate();
  return out;
}

const handlers = defineHandlers({
  'sites.list': async (ctx) => listSites(ctx.services.db, ctx.query, ctx.services.now()),

  'sites.retrieve': async (ctx) => {
    const site = await loadSite(ctx.services.db, ctx.params.id, ctx.services.now());
    if (!site) throw notFound('Site');
    return site;
  },

  'sites.create': (ctx) => write(ctx, (q, now) => createSite(q, ctx, ctx.body, now)),

  'sites.update': (ctx) => write(ctx, (q, now) => updateSite(q, ctx, ctx.params.id, ctx.body, now)),

  'sites.delete': (ctx) => write(ctx, (q, now) => deleteSite(q, ctx, ctx.params.id, now)),

  'sites.rotateKey': (ctx) => write(ctx, (q, now) => rotateKey(q, ctx, ctx.params.id, ctx.body.kind, ctx.body.expireOldInSeconds ?? 0, now)),

  'sites.createAdmin': async (ctx) => {
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    const user = await write(ctx, (q, now) => createSiteAdmin(q, ctx, ctx.params.id, ctx.body, hash, now));
    return { user, password };
  },

  'operator.backup': async (ctx) => {
    const snapshot = ctx.services.db.snapshot;
    if (!snapshot) {
      throw new HttpError(409, ERROR_CODES.backupUnavailable, 'This server runs on PostgreSQL: back it up with pg_dump (see docs/server-operations.md#backups)');
    }
    const bytes = await snapshot();
    const stamp = ctx.services.now().toISOString().replace(/[:.]/g, '-');
    return new RawResponse(200, bytes, {
      'Content-Type': 'application/gzip', 'Content-Disposition': `attachment; filename="furrow-backup-${stamp}.tar.gz"`, 'Cache-Control': 'no-store',
    });
  },
});

/** The operator API: partner sites, their keys and first admin, and a backup of the embedded database. */
export const sitesModule = defineModule({ name: 'sites', handlers });
