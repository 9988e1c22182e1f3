import type { Db } from '../db/types.js';
import type { JobRunnerSettings } from './jobs.js';

/** How to reach storage. */
export type DatabaseOption =
  | { db: Db }
  | { url: string }
  | { dataDir: string }
  | { memory: true };

/** Stripe configuration; when absent, the sandbox (TEST MODE) provider is used. */
export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** For tests against a local fake Stripe server. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

/** SMTP configuration; when absent, mail is written to `mailDir`. */
export interface SmtpOptions {
  host: string;
  port: number;
  secure?: boolean;
  auth?: { user: string; pass: string };
  from?: string;
}

/** Sign-in throttling settings ({@link FurrowServerOptions.loginThrottle}); omitted fields take the defaults. */
export interface LoginThrottleOptions {
  /** Free failures per (account, IP) before the waits begin (default 5). */
  perAccount: number;
  /** Free failures per IP across accounts (default 20). */
  perIp: number;
  /** Seconds after its last failure (or the end of its wait) a bucket starts again from zero (default 900). */
  windowSeconds: number;
  /** Free failures per (account, device) for a device that signed in before (default 5). */
  perDevice?: number;
  /** The first wait, in seconds; each further failure doubles it (default 30). */
  baseDelaySeconds?: number;
  /** The longest wait, in seconds (default 3600). */
  maxDelaySeconds?: number;
}

/**
 * Options of {@link createFurrowRouter}.
 *
 * @example
 * ```ts
 * createFurrowRouter({ database: { url: process.env.DATABASE_URL! }, publicUrl: 'https://lms.example.org' });
 * ```
 */
export interface FurrowServerOptions {
  /** Storage; default: PGlite in `./.furrow-data`. */
  database?: DatabaseOption;
  /**
   * The public URL the router is reachable at, with its mount path (`https://coop.example/lms`):
   * embed pages, oEmbed, certificate links and checkout returns are built from it. Set it when
   * mounting the router; the CLI sets it from `--public-url` or the address it listens on.
   */
  publicUrl?: string;
  /** Run migrations on start (default true). */
  migrate?: boolean;
  /** Largest JSON body accepted, in bytes (default 256 KiB). */
  bodyLimitBytes?: number;
  /** Where uploaded course materials are stored (default `<dataDir or cwd>/uploads`). */
  uploadsDir?: string;
  /** Where development mail is written when no SMTP is configured. */
  mailDir?: string;
  smtp?: SmtpOptions;
  stripe?: StripeOptions;
  /** Return email confirmation tokens in signup responses (demo and tests only). */
  exposeConfirmationTokens?: boolean;
  /**
   * Trust `X-Forwarded-For`/`X-Forwarded-Proto` from a reverse proxy (default false): the client
   * IP of rate limits and throttles is then the first `X-Forwarded-For` hop. Only behind a proxy
   * that sets the header; otherwise any client could pick its own IP.
   */
  trustProxy?: boolean;
  /**
   * The CDN build served at `/cdn/…` and `/cdn/v/<version>/…` (default: the installed
   * `@furrow/elements`' `dist/cdn`, found by package resolution; `false` serves none).
   */
  cdn?: { dir: string; version: string } | false;
  /** The folder served at `/media/…` (default: the demo media shipped with the server; `false` serves none). */
  mediaDir?: string | false;
  /** How often an instance checks whether another instance changed the catalog (ms, default 1000). */
  catalogPollMs?: number;
  /** Background job runner: poll interval, lease, grace period on stop, retention (defaults: `JOB_DEFAULTS`). */
  jobs?: JobRunnerSettings;
  /**
   * Sign-in throttling (see docs/security.md): free failures per (account, IP), per IP and per
   * (account, device) before each further failure waits `baseDelaySeconds × 2^k` (at most
   * `maxDelaySeconds`); a bucket is forgotten `windowSeconds` after its last failure or wait.
   * Defaults: `DEFAULTS.loginThrottle`.
   */
  loginThrottle?: LoginThrottleOptions;
  /**
   * The page a password-reset mail links to, given `?token=…` (default `publicUrl + '/reset-password'`):
   * the partner's own page, which calls `POST /v1/auth/password-reset/confirm`.
   */
  passwordResetUrl?: string;
  /**
   * Writes allowed per minute per signed-in user (or per IP when anonymous), per instance
   * (default 6000: an offline outbox replays 1,000 queued writes in seconds; `false` disables).
   */
  writeRateLimitPerMinute?: number | false;
  /**
   * Writes allowed per minute per partner site (all its users and keys together), per instance
   * (default 30000; `false` disables). Keeps one busy or abusive site from starving the others.
   */
  siteWriteRateLimitPerMinute?: number | false;
  /**
   * How often an instance checks whether a site or key changed on another instance (ms, default
   * 250). Suspending or deleting a site, or expiring a key, takes effect on every instance within
   * this plus one query (documented bound: 1 s); on the writing instance at once.
   */
  sitePollMs?: number;
  /** Check every response against the route table's schema (always on; here for tests of it). */
  logger?: Pick<Console, 'info' | 'warn' | 'error'>;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Defaults, named in one place. */
export const DEFAULTS = {
  bodyLimitBytes: 256 * 1024,
  catalogPollMs: 1000,
  loginThrottle: { perAccount: 5, perIp: 20, windowSeconds: 900, perDevice: 5, baseDelaySeconds: 30, maxDelaySeconds: 3600 },
  /** A password-reset link works once, within this time. */
  passwordResetTtlSeconds: 3600,
  writeRateLimitPerMinute: 6000,
  sessionTtlSeconds: 30 * 24 * 3600,
  embedTokenTtlSeconds: 3600,
  idempotencyLockSeconds: 30,
  idempotencyWaitMs: 15_000,
  /** Longest a cached key is trusted without a fresh read, should polling stall. */
  siteCacheMs: 10_000,
  sitePollMs: 250,
  siteWriteRateLimitPerMinute: 30_000,
  /** A key's `last_used_at` is written at most this often per key and instance. */
  keyTouchMs: 60_000,
  /** Operator sessions are short: they manage every site. */
  operatorSessionTtlSeconds: 12 * 3600,
  confirmationTtlSeconds: 3 * 24 * 3600,
} as const;
