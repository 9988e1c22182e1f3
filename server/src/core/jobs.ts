/**
 * The job runner: every piece of background work (mail, booking holds and reminders, and what
 * comes next) is a row of the `jobs` table, the same on PGlite and PostgreSQL.
 *
 * - **Enqueue** in the caller's transaction ({@link enqueue}): the job exists only if the work
 *   that asked for it commits. A `dedupeKey` makes it a singleton (enqueued once).
 * - **Claim**: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING` sets
 *   `state = 'running'` and a lease (`locked_until`), which a heartbeat renews while the handler
 *   runs. Instances never claim the same row; a job whose instance died (crash, `kill -9`) is
 *   claimed again once its lease has expired.
 * - **Finish**: success → `succeeded`; a throw → `queued` again after a capped, jittered
 *   exponential backoff ({@link backoffDelay}); after the last attempt → `dead`, with the error.
 *   Each update is fenced on (`locked_by`, `attempts`): a worker that lost its lease changes
 *   nothing.
 * - **Schedules** ({@link JobRunner.schedule}): a job that enqueues its next run when it ends,
 *   with a dedupe key per run time, so N instances enqueue each run once.
 *
 * Delivery is at least once: a handler can run again after a crash or a lost lease, so
 * handlers are idempotent (a conditional update, a unique key, `ON CONFLICT DO NOTHING`).
 *
 * This file imports only `db/` and node: it is part of the server's ground floor.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db, Queryable } from '../db/types.js';
import { backoffDelay, HHMM, LOCAL_DATETIME, nextDailyRun, nextRun, zonedInstant, type Backoff, type ScheduleSpec } from './schedule.js';

export { backoffDelay, nextDailyRun, nextRun, zonedInstant, type Backoff, type ScheduleSpec } from './schedule.js';

/** Where a job is in its life. A failed attempt that will be retried is `queued` with a later `runAt`. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'dead';

/** What the runner logs to. */
export interface JobLogger {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Runner defaults, named in one place. */
export const JOB_DEFAULTS = {
  /** How often an idle instance looks for due jobs. */
  pollMs: 1000,
  /** How long a claim holds a job; renewed every `leaseMs / 3` while the handler runs. */
  leaseMs: 30_000,
  /** Delay of {@link JobRunner.kick} (lets the enqueuing transaction commit). */
  kickDelayMs: 50,
  /** Handlers of one kind running at once per instance. */
  concurrency: 1,
  /** Attempts of an enqueued job (a schedule's runs default to 1: the next run is the retry). */
  maxAttempts: 5,
  backoff: { baseMs: 5_000, maxMs: 15 * 60_000 } satisfies Backoff,
  /** `stop()` waits this long for running handlers, then leaves them to their lease. */
  stopTimeoutMs: 10_000,
  /** Succeeded jobs are deleted after this long, dead ones after `keepDeadMs` (`false`: kept). */
  keepSucceededMs: 7 * 24 * 3_600_000,
  keepDeadMs: 30 * 24 * 3_600_000,
  /** How often the built-in `jobs.prune` job runs. */
  pruneEveryMs: 3_600_000,
  /** Longest error message kept in `last_error`. */
  errorMaxChars: 2000,
} as const;

/** The built-in job that deletes old finished jobs. */
export const PRUNE_JOB = 'jobs.prune';

/** When to run: `runAt` (an instant; a local 'YYYY-MM-DDTHH:MM' or a daily 'HH:MM' in `timeZone`), or `delayMs` from now. */
function resolveRunAt(opts: EnqueueOptions, now: Date): Date {
  const { runAt, delayMs, timeZone = 'UTC' } = opts;
  if (runAt instanceof Date) return runAt;
  if (typeof runAt === 'string') {
    if (HHMM.test(runAt)) return nextDailyRun(runAt, timeZone, now);
    const local = LOCAL_DATETIME.exec(runAt);
    if (local) {
      const [, y, mo, d, h, mi, s] = local.map(Number);
      return zonedInstant(y, mo, d, h, mi, timeZone, Number.isNaN(s) ? 0 : s);
    }
    const t = Date.parse(runAt);
    if (Number.isNaN(t)) throw new RangeError(`Not a run time: ${runAt}`);
    return new Date(t);
  }
  return new Date(now.getTime() + Math.max(0, delayMs ?? 0));
}

// ---------------------------------------------------------------------------------------------
// Enqueue
// ---------------------------------------------------------------------------------------------

/** Options of {@link enqueue}. */
export interface EnqueueOptions {
  /** An instant, a local date-time `'2026-03-10T06:00'` or a daily `'06:00'` (next occurrence), both in `timeZone`. */
  runAt?: Date | string;
  /** Run this long from now (when `runAt` is absent). */
  delayMs?: number;
  /** Attempts before the job is dead-lettered (default {@link JOB_DEFAULTS}.maxAttempts). */
  maxAttempts?: number;
  /** A job with a key is enqueued once: a second enqueue with the same key returns the first job. */
  dedupeKey?: string;
  /** IANA zone for a local `runAt` (default UTC). */
  timeZone?: string;
  /** The clock (default: the system clock). */
  now?: Date;
}

/** What {@link enqueue} did. */
export interface Enqueued {
  id: string;
  /** False when a job with the same dedupe key already existed (its id is returned). */
  created: boolean;
}

/**
 * Enqueues a job in the caller's transaction (or on the database directly): it becomes visible
 * to workers when that transaction commits, and never if it rolls back.
 *
 * @example
 * ```ts
 * await db.tx(async (q) => {
 *   await q.query(`INSERT INTO videos …`);
 *   await enqueue(q, 'video.render', { videoId }, { dedupeKey: `render:${videoId}` });
 * });
 * ```
 */
export async function enqueue(q: Queryable, kind: string, payload: unknown = {}, opts: EnqueueOptions = {}): Promise<Enqueued> {
  const runAt = resolveRunAt(opts, opts.now ?? new Date());
  const maxAttempts = opts.maxAttempts ?? JOB_DEFAULTS.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a whole number ≥ 1');
  for (;;) {
    const id = randomUUID();
    const r = await q.query<{ id: string }>(
      `INSERT INTO jobs (id, kind, payload, max_attempts, run_at, dedupe_key) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
      [id, kind, JSON.stringify(payload ?? {}), maxAttempts, runAt, opts.dedupeKey ?? null],
    );
    if (r.rows[0]) return { id, created: true };
    const existing = await q.query<{ id: string }>(`SELECT id FROM jobs WHERE dedupe_key = $1`, [opts.dedupeKey]);
    // (Gone already: pruned between the two statements; insert again.)
    if (existing.rows[0]) return { id: existing.rows[0].id, created: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and retrying (the operator's view)
// ---------------------------------------------------------------------------------------------

/** A row of the `jobs` table. */
export interface JobRow {
  id: string;
  kind: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/**
 * Jobs newest first, optionally of one state and kind, after a (created_at, id) position.
 * Returns up to `limit` rows.
 */
export async function listJobs(
  q: Queryable, f: { state?: JobState; kind?: string; after?: [string, string] | null; limit: number },
): Promise<JobRow[]> {
  const r = await q.query<JobRow>(
    `SELECT * FROM jobs WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [f.state ?? null, f.kind ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
  );
  return r.rows;
}

/** One job by id, optionally locked for update. */
export async function findJob(q: Queryable, id: string, lock = false): Promise<JobRow | null> {
  return (await q.query<JobRow>(`SELECT * FROM jobs WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0] ?? null;
}

/**
 * Puts a dead job back in the queue with a fresh set of attempts (its last error stays until
 * the next attempt). Returns the updated row, or null when the job is not dead.
 */
export async function retryDeadJob(q: Queryable, id: string, now: Date = new Date()): Promise<JobRow | null> {
  const r = await q.query<JobRow>(
    `UPDATE jobs SET state = 'queued', attempts = 0, run_at = $2, finished_at = NULL, updated_at = now()
      WHERE id = $1 AND state = 'dead' RETURNING *`,
    [id, now],
  );
  return r.rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------------------------

/** A claimed job as its handler sees it. */
export interface Job<P = unknown> {
  readonly id: string;
  readonly kind: string;
  readonly payload: P;
  /** This attempt's number, from 1. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly runAt: Date;
  readonly createdAt: Date;
}

/** What a handler gets besides its payload. */
export interface JobContext<P = unknown> {
  readonly job: Job<P>;
  /** The runner's database: open transactions with `db.tx` and use only their `q` inside. */
  readonly db: Db;
  /** Aborted when the runner stops (after its grace period) or this attempt lost its lease. */
  readonly signal: AbortSignal;
  /** How long the runner waits before the next attempt if this one throws; null on the last attempt. */
  readonly retryDelayMs: number | null;
}

/** Does a job's work; throw to fail the attempt. */
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext<P>) => Promise<void>;

/** Options of {@link JobRunner.register}. */
export interface RegisterOptions {
  /** Handlers of this kind running at once on this instance (default 1). */
  concurrency?: number;
  /** Retry delays: base and cap of the exponential backoff, or a function of the failed attempt's number. */
  backoff?: Partial<Backoff> | ((attempt: number) => number);
}

/** Tuning of the runner (all optional; see {@link JOB_DEFAULTS}). */
export interface JobRunnerSettings {
  pollMs?: number;
  leaseMs?: number;
  /** Lease renewal interval (default `leaseMs / 3`). */
  heartbeatMs?: number;
  kickDelayMs?: number;
  stopTimeoutMs?: number;
  keepSucceededMs?: number | false;
  keepDeadMs?: number | false;
}

/** Options of {@link createJobRunner}. */
export interface JobRunnerOptions extends JobRunnerSettings {
  db: Db;
  logger?: JobLogger;
  /** Names this instance in `locked_by` (default host:pid:random). */
  instanceId?: string;
  /** Clock for run times and backoff (default the system clock). Leases use the database's clock. */
  now?: () => Date;
}

/** The job runner of one server instance. */
export interface JobRunner {
  readonly instanceId: string;
  /** Registers the handler of a kind (before or after `start`). */
  register<P = unknown>(kind: string, handler: JobHandler<P>, opts?: RegisterOptions): void;
  /**
   * Makes a registered kind recurring. `start()` enqueues its next run unless one is queued or
   * running; each run enqueues the one after it when it ends (success or dead letter).
   */
  schedule(kind: string, spec: ScheduleSpec, opts?: { maxAttempts?: number }): void;
  /** {@link enqueue} with this runner's clock. */
  enqueue(q: Queryable, kind: string, payload?: unknown, opts?: EnqueueOptions): Promise<Enqueued>;
  /** Enqueues the next run of every schedule and starts polling. */
  start(): Promise<void>;
  /** Stops polling, waits for running handlers (up to `stopTimeoutMs`), stops renewing leases. */
  stop(): Promise<void>;
  /** Looks for due jobs soon (after `delayMs`, default `kickDelayMs`) instead of at the next poll. */
  kick(delayMs?: number): void;
  /** Claims and runs what is due now until nothing is; resolves when those jobs have finished. Returns how many ran. */
  runDue(): Promise<number>;
}

interface Registration {
  kind: string;
  handler: JobHandler<unknown>;
  concurrency: number;
  delay: (attempt: number) => number;
  inflight: number;
  /** The last claim filled every free slot: there may be more waiting. */
  full: boolean;
  schedule?: { spec: ScheduleSpec; maxAttempts: number };
}

const RETURNING = `RETURNING id, kind, payload, attempts, max_attempts, run_at, created_at`;
type Claimed = Pick<JobRow, 'id' | 'kind' | 'payload' | 'attempts' | 'max_attempts' | 'run_at' | 'created_at'>;

/** The reason a job gets when its lease ran out before its attempt ended. */
export const LEASE_EXPIRED = 'lease expired: the worker stopped or lost the database during this attempt';

/** The runner's settings with every default filled in. */
interface RunnerConfig {
  pollMs: number;
  leaseSecs: number;
  heartbeatMs: number;
  kickDelayMs: number;
  stopTimeoutMs: number;
}

/** Error text as stored in `last_error`. */
const errorText = (err: unknown): string =>
  (err instanceof Error ? err.message || err.name : String(err)).slice(0, JOB_DEFAULTS.errorMaxChars);

/** The next run of a scheduled kind after the one that just ended: after its slot and after `now`. */
function afterSlot(job: Claimed, now: Date): Date {
  const slot = Date.parse((job.payload as { scheduledFor?: string } | null)?.scheduledFor ?? '');
  return new Date(Math.max(Number.isNaN(slot) ? 0 : slot, now.getTime()));
}

/** Enqueues a schedule's run after `after`, unless one of its kind is already queued or running (in `q`). */
async function ensureNextRun(q: Queryable, reg: Registration, after: Date): Promise<void> {
  const s = reg.schedule!;
  const at = nextRun(s.spec, after);
  await q.query(
    `INSERT INTO jobs (id, kind, payload, max_attempts, run_at, dedupe_key)
     SELECT $1::uuid, $2::text, $3::jsonb, $4::int, $5::timestamptz, $6::text
      WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $2::text AND state IN ('queued', 'running'))
     ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
    [randomUUID(), reg.kind, JSON.stringify({ scheduledFor: at.toISOString() }), s.maxAttempts, at, `schedule:${reg.kind}:${at.toISOString()}`],
  );
}

/** The built-in `jobs.prune` handler: deletes finished jobs older than what is kept. */
function pruneHandler(now: () => Date, keepSucceededMs: number | false, keepDeadMs: number | false): JobHandler<unknown> {
  return async (_payload, ctx) => {
    const t = now().getTime();
    await ctx.db.query(
      `DELETE FROM jobs WHERE id IN (
         SELECT id FROM jobs WHERE finished_at IS NOT NULL
            AND ((state = 'succeeded' AND finished_at < $1::timestamptz) OR (state = 'dead' AND finished_at < $2::timestamptz))
          LIMIT 10000)`,
      [keepSucceededMs === false ? null : new Date(t - keepSucceededMs), keepDeadMs === false ? null : new Date(t - keepDeadMs)]);
  };
}

/** The runner of one instance: claims, runs, renews leases and finishes jobs (see the file's header). */
class DbJobRunner implements JobRunner {
  readonly instanceId: string;
  private readonly db: Db;
  private readonly logger: JobLogger;
  private readonly now: () => Date;
  private readonly cfg: RunnerConfig;
  private readonly kinds = new Map<string, Registration>();
  /** Jobs running here: id → its abort controller. */
  private readonly running = new Map<string, AbortController>();
  private readonly finishing = new Set<Promise<void>>();
  private started = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Rounds run one at a time (one connection on PGlite; no double claims of one slot). */
  private rounds: Promise<unknown> = Promise.resolve();

  constructor(options: JobRunnerOptions) {
    this.db = options.db;
    this.logger = options.logger ?? console;
    this.now = options.now ?? (() => new Date());
    const leaseMs = options.leaseMs ?? JOB_DEFAULTS.leaseMs;
    this.cfg = {
      pollMs: options.pollMs ?? JOB_DEFAULTS.pollMs,
      leaseSecs: leaseMs / 1000,
      heartbeatMs: options.heartbeatMs ?? Math.max(10, Math.floor(leaseMs / 3)),
      kickDelayMs: options.kickDelayMs ?? JOB_DEFAULTS.kickDelayMs,
      stopTimeoutMs: options.stopTimeoutMs ?? JOB_DEFAULTS.stopTimeoutMs,
    };
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    const keepSucceededMs = options.keepSucceededMs ?? JOB_DEFAULTS.keepSucceededMs;
    const keepDeadMs = options.keepDeadMs ?? JOB_DEFAULTS.keepDeadMs;
    if (keepSucceededMs !== false || keepDeadMs !== false) {
      this.register(PRUNE_JOB, pruneHandler(this.now, keepSucceededMs, keepDeadMs));
      this.schedule(PRUNE_JOB, { everyMs: JOB_DEFAULTS.pruneEveryMs });
    }
  }

  register<P = unknown>(kind: string, handler: JobHandler<P>, opts: RegisterOptions = {}): void {
    if (this.kinds.has(kind)) throw new Error(`A handler for job kind ${kind} is already registered`);
    const b = opts.backoff;
    const delay = typeof b === 'function' ? b : (attempt: number) => backoffDelay(attempt, { ...JOB_DEFAULTS.backoff, ...b });
    const concurrency = Math.max(1, opts.concurrency ?? JOB_DEFAULTS.concurrency);
    this.kinds.set(kind, { kind, handler: handler as JobHandler<unknown>, concurrency, delay, inflight: 0, full: false });
  }

  schedule(kind: string, spec: ScheduleSpec, opts: { maxAttempts?: number } = {}): void {
    const reg = this.kinds.get(kind);
    if (!reg) throw new Error(`Register a handler for ${kind} before scheduling it`);
    nextRun(spec, new Date()); // validates the spec now, not at the first run
    reg.schedule = { spec, maxAttempts: opts.maxAttempts ?? 1 };
    if (this.started && !this.stopped) {
      void ensureNextRun(this.db, reg, this.firstRunAfter(spec)).catch((err) => this.logger.error(`[furrow] job schedule ${kind}:`, err));
    }
  }

  enqueue(q: Queryable, kind: string, payload?: unknown, opts: EnqueueOptions = {}): Promise<Enqueued> {
    return enqueue(q, kind, payload, { now: this.now(), ...opts });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const reg of this.kinds.values()) if (reg.schedule) await ensureNextRun(this.db, reg, this.firstRunAfter(reg.schedule.spec));
    this.poll();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    await this.rounds;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((ok) => { timer = setTimeout(ok, this.cfg.stopTimeoutMs); timer.unref(); });
    await Promise.race([Promise.all([...this.finishing]), grace]);
    clearTimeout(timer);
    // Handlers still running now keep their lease until it expires; then another instance takes them.
    for (const ac of this.running.values()) ac.abort(new Error('runner stopped'));
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  kick(delayMs = this.cfg.kickDelayMs): void {
    if (!this.started || this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.serialRound().catch((err) => this.logger.error('[furrow] job runner:', err));
    }, delayMs);
    this.kickTimer.unref();
  }

  async runDue(): Promise<number> {
    let n = 0;
    for (;;) {
      const launched = await this.serialRound();
      if (!launched.length) return n;
      n += launched.length;
      await Promise.all(launched);
    }
  }

  /** An interval schedule's first run comes at least one interval after start, as a timer's would. */
  private firstRunAfter(spec: ScheduleSpec): Date {
    return new Date(this.now().getTime() + ('everyMs' in spec ? spec.everyMs : 0));
  }

  private poll(): void {
    if (this.stopped) return;
    this.serialRound()
      .catch((err) => this.logger.error('[furrow] job runner:', err))
      .finally(() => {
        if (this.stopped) return;
        if (this.pollTimer) clearTimeout(this.pollTimer);
        this.pollTimer = setTimeout(() => this.poll(), this.cfg.pollMs);
        this.pollTimer.unref();
      });
  }

  /** Runs a round after the ones before it. */
  private serialRound(): Promise<Promise<void>[]> {
    const next = this.rounds.then(() => this.round());
    this.rounds = next.catch(() => {});
    return next;
  }

  /** One round: which registered kinds have due or expired jobs, then claims for those with free slots. */
  private async round(): Promise<Promise<void>[]> {
    const names = [...this.kinds.keys()];
    if (!names.length) return [];
    const due = await this.db.query<{ kind: string; expired: boolean }>(
      `SELECT DISTINCT kind, false AS expired FROM jobs WHERE state = 'queued' AND kind = ANY($1::text[]) AND run_at <= $2
       UNION ALL
       SELECT DISTINCT kind, true AS expired FROM jobs WHERE state = 'running' AND kind = ANY($1::text[]) AND locked_until < now()`,
      [names, this.now()]);
    const launched: Promise<void>[] = [];
    // Expired leases first: a job whose worker died waits no longer than the lease.
    for (const { kind, expired } of due.rows.sort((a, b) => Number(b.expired) - Number(a.expired))) {
      const reg = this.kinds.get(kind)!;
      if (expired) await this.reap(reg);
      const room = reg.concurrency - reg.inflight;
      if (room <= 0 || this.stopped) continue;
      const jobs = await this.claim(kind, room, expired);
      if (!expired) reg.full = jobs.length === room;
      for (const job of jobs) launched.push(this.launch(reg, job));
    }
    return launched;
  }

  /** Claims up to `limit` jobs of `kind`: due queued ones, or (`expired`) running ones whose lease ran out. */
  private async claim(kind: string, limit: number, expired: boolean): Promise<Claimed[]> {
    const r = await this.db.query<Claimed>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = $1, locked_until = now() + make_interval(secs => $2),
              updated_at = now()${expired ? ', last_error = $6' : ''}
        WHERE id IN (
          SELECT id FROM jobs WHERE kind = $3 AND NOT (id = ANY($5::uuid[])) AND ${expired
            ? `state = 'running' AND locked_until < now() AND attempts < max_attempts ORDER BY locked_until, id`
            : `state = 'queued' AND run_at <= $6 ORDER BY run_at, id`}
           LIMIT $4 FOR UPDATE SKIP LOCKED)
       ${RETURNING}`,
      // Never a job already running here (its lease may have run out while this instance was busy).
      [this.instanceId, this.cfg.leaseSecs, kind, limit, [...this.running.keys()], expired ? LEASE_EXPIRED : this.now()]);
    return r.rows;
  }

  /** Dead-letters running jobs of a kind whose lease expired during their last attempt. */
  private async reap(reg: Registration): Promise<void> {
    await this.db.tx(async (q) => {
      const r = await q.query<Claimed>(
        `UPDATE jobs SET state = 'dead', last_error = $2, finished_at = now(), updated_at = now(), locked_by = NULL, locked_until = NULL
          WHERE id IN (SELECT id FROM jobs WHERE kind = $1 AND state = 'running' AND locked_until < now() AND attempts >= max_attempts
                        LIMIT 100 FOR UPDATE SKIP LOCKED)
         ${RETURNING}`,
        [reg.kind, LEASE_EXPIRED]);
      for (const job of r.rows) this.logger.error(`[furrow] job ${job.kind} ${job.id} is dead-lettered: ${LEASE_EXPIRED} (attempt ${job.attempts}/${job.max_attempts})`);
      if (r.rows.length && reg.schedule) await ensureNextRun(q, reg, afterSlot(r.rows[r.rows.length - 1], this.now()));
    });
  }

  private launch(reg: Registration, job: Claimed): Promise<void> {
    reg.inflight++;
    this.heartbeat ??= setInterval(() => void this.renewLeases().catch((err) => this.logger.warn('[furrow] job lease renewal failed:', err)), this.cfg.heartbeatMs);
    this.heartbeat.unref();
    const p = this.runOne(reg, job);
    this.finishing.add(p);
    void p.finally(() => this.finishing.delete(p));
    return p;
  }

  private async runOne(reg: Registration, job: Claimed): Promise<void> {
    const ac = new AbortController();
    this.running.set(job.id, ac);
    const retryDelayMs = job.attempts < job.max_attempts ? Math.max(0, reg.delay(job.attempts)) : null;
    const ctx: JobContext = {
      job: { id: job.id, kind: job.kind, payload: job.payload, attempt: job.attempts, maxAttempts: job.max_attempts, runAt: job.run_at, createdAt: job.created_at },
      db: this.db, signal: ac.signal, retryDelayMs,
    };
    let error: unknown = undefined;
    try {
      await reg.handler(job.payload, ctx);
    } catch (err) {
      error = err ?? new Error('job failed');
    }
    try {
      await this.finish(reg, job, error, retryDelayMs);
    } catch (err) {
      // The row keeps its lease; once it expires the job is claimed again.
      this.logger.error(`[furrow] job ${job.kind} ${job.id}: could not record the end of the attempt:`, err);
    } finally {
      this.running.delete(job.id);
      reg.inflight--;
      if (!this.running.size && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
      if (reg.full && this.started && !this.stopped) this.kick(0);
    }
  }

  /** Ends an attempt: succeeded, queued for a retry, or dead. Fenced on our claim. */
  private async finish(reg: Registration, job: Claimed, error: unknown, retryDelayMs: number | null): Promise<void> {
    const failed = error !== undefined;
    const terminal = !failed || retryDelayMs === null;
    const set = !failed ? `state = 'succeeded', finished_at = now()`
      : retryDelayMs !== null ? `state = 'queued', run_at = $5, last_error = $4`
        : `state = 'dead', finished_at = now(), last_error = $4`;
    const params: unknown[] = [job.id, this.instanceId, job.attempts];
    if (failed) params.push(errorText(error));
    if (failed && retryDelayMs !== null) params.push(new Date(this.now().getTime() + retryDelayMs));
    const end = async (q: Queryable): Promise<boolean> => {
      const r = await q.query(
        `UPDATE jobs SET ${set}, updated_at = now(), locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempts = $3`, params);
      if (r.rowCount && terminal && reg.schedule) await ensureNextRun(q, reg, afterSlot(job, this.now()));
      return r.rowCount > 0;
    };
    // The next run of a schedule is enqueued in the same transaction as the end of this one.
    const done = terminal && reg.schedule ? await this.db.tx(end) : await end(this.db);
    const what = `[furrow] job ${job.kind} ${job.id} (attempt ${job.attempts}/${job.max_attempts})`;
    if (!done) this.logger.warn(`${what}: its lease was lost before it ended; another worker owns it now`);
    else if (failed && !terminal) this.logger.warn(`${what} failed, retry in ${Math.round(retryDelayMs! / 1000)} s: ${errorText(error)}`);
    else if (failed) this.logger.error(`${what} failed for the last time and is dead-lettered: ${errorText(error)}`);
  }

  /** Renews the leases of the jobs running here; aborts those whose lease another worker took. */
  private async renewLeases(): Promise<void> {
    const ids = [...this.running.keys()];
    if (!ids.length) return;
    const r = await this.db.query<{ id: string }>(
      `UPDATE jobs SET locked_until = now() + make_interval(secs => $3) WHERE id = ANY($1::uuid[]) AND state = 'running' AND locked_by = $2 RETURNING id`,
      [ids, this.instanceId, this.cfg.leaseSecs]);
    const kept = new Set(r.rows.map((x) => x.id));
    for (const id of ids) {
      const ac = this.running.get(id);
      if (ac && !kept.has(id)) ac.abort(new Error('lease lost'));
    }
  }
}

/**
 * Creates the runner of one instance. Register handlers, then `start()`.
 *
 * @example
 * ```ts
 * const jobs = createJobRunner({ db, logger });
 * jobs.register('mail.send', async ({ mailId }) => deliver(mailId), { concurrency: 4 });
 * jobs.register('booking.release-unpaid', () => releaseUnpaid());
 * jobs.schedule('booking.release-unpaid', { everyMs: 60_000 });
 * await jobs.start();
 * ```
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  return new DbJobRunner(options);
}
