/**
 * `@furrow/server` — the Furrow reference server: an Express-mountable router factory and the
 * `furrow-server` CLI.
 *
 * @packageDocumentation
 * @module @furrow/server
 */
export { createFurrowRouter, type FurrowRouter } from './router.js';
export { createFurrowServer, type FurrowServerStandaloneOptions, type StaticMount } from './standalone.js';
export type { FurrowServerOptions, DatabaseOption, StripeOptions, SmtpOptions } from './core/config.js';
export { DEFAULTS } from './core/config.js';
export type { Db, Queryable } from './db/types.js';
export { openPglite } from './db/pglite.js';
export { openPostgres } from './db/postgres.js';
export { migrate } from './db/migrate.js';
export { DataDirLockedError } from './db/lock.js';
export { seedDemo, DEMO_PUBLISHABLE_KEY, DEMO_ACCOUNTS, demoSeeders } from './seed/index.js';
export type { Services } from './core/services.js';
