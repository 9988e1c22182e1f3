import type { Db } from './db/types.js';
import type { FurrowServerOptions } from './config.js';
import type { CatalogCache } from './http/catalog-cache.js';
import type { SiteCache } from './http/auth.js';
import type { JobRunner } from './core/jobs.js';

/**
 * Long-lived collaborators shared by handlers. Modules that need more (payments, mail,
 * file storage) hang them here so tests can swap them.
 */
export interface Services {
  readonly db: Db;
  readonly options: FurrowServerOptions;
  readonly catalog: CatalogCache;
  readonly sites: SiteCache;
  /** Absolute public base URL, without trailing slash (e.g. `http://127.0.0.1:8787`). */
  publicUrl: string;
  readonly now: () => Date;
  /** Background work: enqueue in a transaction, register handlers and schedules (`core/jobs.ts`). */
  readonly jobs: JobRunner;
  /** Extension point for modules (payments, mailer, storage, …). */
  readonly ext: Record<string, unknown>;
}

/** Queues an email in the caller's transaction (installed by the mail module as `ext.queueMail`). */
export type QueueMail = (q: import('./db/types.js').Queryable, mail: { to: string; subject: string; text: string; html?: string; kind: string }) => Promise<void>;
