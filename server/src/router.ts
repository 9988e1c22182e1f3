import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { RouteSpec } from '@furrow/schema';
import { DEFAULTS, type FurrowServerOptions } from './core/config.js';
import type { Db } from './db/types.js';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import { lockDataDir } from './db/lock.js';
import { createJobRunner } from './core/jobs.js';
import { migrate } from './db/migrate.js';
import { buildHandler } from './http/app.js';
import { createAssetServer, DEMO_MEDIA_DIR, installedCdn } from './http/assets.js';
import { CatalogCache } from './core/catalog-cache.js';
import { SiteCache } from './core/site-cache.js';
import type { Handler } from './core/context.js';
import type { Services } from './core/services.js';
import { modules } from './modules/index.js';

/**
 * A Furrow router: a request handler `(req, res, next?)` for Express, Connect or `node:http`,
 * with lifecycle helpers.
 */
export interface FurrowRouter {
  (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void;
  /** Resolves when storage is open and migrated. */
  readonly ready: Promise<Services>;
  /** Route ids without a handler (empty in a complete build). */
  readonly missingHandlers: () => string[];
  /** Stops background work, closes storage (when the router opened it) and frees the data directory. */
  close(): Promise<void>;
}

/**
 * Creates the Furrow API router. Mount it anywhere: it serves its API, embed pages, oEmbed, the
 * CDN build (`/cdn/…`) and the demo media (`/media/…`) under the mount path. Set `publicUrl` to
 * the URL the mount is reached at: embed pages, oEmbed and links are built from it.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createFurrowRouter } from '@furrow/server';
 *
 * const app = express();
 * app.use('/lms', createFurrowRouter({ database: { dataDir: './lms-data' }, publicUrl: 'https://coop.example/lms' }));
 * app.listen(3000);
 * ```
 */
export function createFurrowRouter(options: FurrowServerOptions = {}): FurrowRouter {
  const logger = options.logger ?? console;
  let release: (() => void) | null = null;
  let ownsDb = false;
  const stops: (() => void | Promise<void>)[] = [];

  const ready = (async (): Promise<Services> => {
    const dbOpt = options.database ?? (process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: './.furrow-data' });
    let db: Db;
    let dataDir: string | null = null;
    if ('db' in dbOpt) db = dbOpt.db;
    else if ('url' in dbOpt) {
      db = await openPostgres(dbOpt.url);
      ownsDb = true;
    } else if ('dataDir' in dbOpt) {
      dataDir = resolve(dbOpt.dataDir);
      release = lockDataDir(dataDir);
      try {
        db = await openPglite(dataDir);
      } catch (err) {
        release();
        throw err;
      }
      ownsDb = true;
    } else {
      db = await openPglite();
      ownsDb = true;
    }
    if (ownsDb) stops.push(() => db.close());
    if (options.migrate !== false) await migrate(db);
    const catalog = new CatalogCache(db, options.catalogPollMs ?? DEFAULTS.catalogPollMs);
    await catalog.start();
    stops.unshift(() => catalog.stop());
    const jobs = createJobRunner({ db, logger, ...options.jobs });
    const sites = new SiteCache(db, { pollMs: options.sitePollMs ?? DEFAULTS.sitePollMs, now: options.now });
    await sites.start();
    stops.unshift(() => sites.stop());
    const services: Services = {
      db,
      options,
      catalog,
      sites,
      publicUrl: (options.publicUrl ?? 'http://localhost').replace(/\/$/, ''),
      now: options.now ?? (() => new Date()),
      jobs,
      dataDir,
      uploadsDir: options.uploadsDir ?? resolve(dataDir ?? '.', 'uploads'),
    };
    for (const m of modules) {
      if (m.init) {
        const stop = await m.init(services);
        if (stop) stops.unshift(stop);
      }
    }
    // Modules registered their job handlers and schedules; the runner stops before any of them.
    stops.unshift(() => jobs.stop());
    await jobs.start();
    return services;
  })();
  // Surface start-up failures to callers of `ready`, not as unhandled rejections.
  ready.catch(() => {});

  const handlers: Partial<Record<string, Handler<RouteSpec>>> = {};
  for (const m of modules) Object.assign(handlers, m.handlers);
  const app = buildHandler({
    services: () => ready,
    handlers,
    extraRoutes: modules.flatMap((m) => m.extraRoutes ?? []),
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULTS.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    writeRateLimitPerMinute: options.writeRateLimitPerMinute ?? DEFAULTS.writeRateLimitPerMinute,
    siteWriteRateLimitPerMinute: options.siteWriteRateLimitPerMinute ?? DEFAULTS.siteWriteRateLimitPerMinute,
    logger,
    assets: createAssetServer({
      cdn: options.cdn === false ? null : options.cdn ?? installedCdn(),
      mediaDir: options.mediaDir === false ? null : options.mediaDir ?? DEMO_MEDIA_DIR,
    }),
  });

  const router = ((req, res, next) => {
    void app.handle(req, res, next);
  }) as FurrowRouter;
  Object.defineProperty(router, 'ready', { value: ready });
  Object.defineProperty(router, 'missingHandlers', { value: app.missing });
  router.close = async () => {
    await ready.catch(() => {});
    for (const stop of stops) await stop();
    release?.();
  };
  return router;
}
