import type { Db, Queryable } from '../db/types.js';
import type { FurrowServerOptions } from './config.js';
import type { CatalogCache } from './catalog-cache.js';
import type { SiteCache } from './site-cache.js';
import type { PaymentProvider } from './payments.js';
import type { FileStorage } from './file-storage.js';
import type { JobRunner } from './jobs.js';

/** Queues an email in the caller's transaction (installed by the mail module as `services.mail`). */
export type QueueMail = (q: Queryable, mail: OutgoingMail) => Promise<void>;

/** A mail to queue; `notificationId` marks that notification as emailed once sent. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is about (`booking_confirmed`, `email_confirmation`, …); sent as `X-Furrow-Kind`. */
  kind: string;
  notificationId?: string;
}

/**
 * Long-lived collaborators shared by handlers, each a typed field. The optional ones are
 * installed by a module's `init` (mail, payments, storage) — or before it by a test or an
 * embedding app that brings its own — and read through a helper that says what is missing
 * (`paymentsOf`, `storageOf`, {@link mailOf}).
 */
export interface Services {
  readonly db: Db;
  readonly options: FurrowServerOptions;
  /** Anonymous catalog answers, invalidated in the writer's transaction. */
  readonly catalog: CatalogCache;
  /** Partner sites by key. */
  readonly sites: SiteCache;
  /** Absolute public base URL, without trailing slash (e.g. `http://127.0.0.1:8787`). */
  publicUrl: string;
  /** The clock (tests may pass a fixed one through `options.now`). */
  readonly now: () => Date;
  /** Background work: enqueue in a transaction, register handlers and schedules (`core/jobs.ts`). */
  readonly jobs: JobRunner;
  /** The PGlite data directory, or null on PostgreSQL / in memory. */
  readonly dataDir: string | null;
  /** Where the local-disk file store keeps uploads. */
  readonly uploadsDir: string;
  /** Where embed pages load the CDN loader from (`…/furrow.js`); defaults to `publicUrl + '/cdn'`. */
  cdnUrl?: string;
  /** Queues an email in a transaction (the mail module). */
  mail?: QueueMail;
  /** The payment provider: Stripe or the TEST MODE sandbox (the checkout module). */
  payments?: PaymentProvider;
  /** Where uploaded files and materials live (the materials module; local disk by default). */
  storage?: FileStorage;
}

/** The installed mailer ({@link Services.mail}); throws when the mail module has not started. */
export function mailOf(services: Services): QueueMail {
  if (!services.mail) throw new Error('Mail is not initialised (mail module not registered)');
  return services.mail;
}
