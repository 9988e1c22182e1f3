import { ERROR_CODES } from '@furrow/schema';
import type { Ctx } from '../core/context.js';
import { DEFAULTS, type LoginThrottleOptions } from '../core/config.js';
import { HttpError } from '../core/errors.js';
import { newId, newSecret, sha256 } from '../core/ids.js';
import type { Services } from '../core/services.js';
import type { Queryable } from '../db/types.js';

/** The header a device that signed in before sends its device token in (cookies are blocked in embeds). */
export const DEVICE_HEADER = 'x-furrow-device';

/** Throttle settings with every default filled in. */
export type ThrottleSettings = Required<LoginThrottleOptions>;

/** One counter: its key in `login_throttle` and the failures it allows before the waits begin. */
export interface Bucket {
  key: string;
  free: number;
  /** `clear`: a success forgets the bucket ((account, IP), device); `refund`: a success gives its slot back (IP). */
  onSuccess: 'clear' | 'refund';
}

/** The server's throttle settings: `options.loginThrottle` over `DEFAULTS.loginThrottle`. */
export function throttleSettings(services: Pick<Services, 'options'>): ThrottleSettings {
  return { ...DEFAULTS.loginThrottle, ...services.options.loginThrottle };
}

/**
 * The buckets an attempt claims. A known device (`deviceId`) has its own budget and nothing else,
 * so guesses by anyone else — from another IP or the same one — never hold it back; any other
 * attempt claims its (account, IP) bucket and its IP's.
 *
 * @example
 * ```ts
 * const buckets = attemptBuckets('login', 'asha@example.org', ctx.ip, null, throttleSettings(ctx.services));
 * ```
 */
export function attemptBuckets(kind: 'login' | 'reset', email: string, ip: string, deviceId: string | null, s: ThrottleSettings): Bucket[] {
  if (deviceId) return [{ key: `${kind}:device:${deviceId}`, free: s.perDevice, onSuccess: 'clear' }];
  return [
    { key: `${kind}:acct-ip:${email}|${ip}`, free: s.perAccount, onSuccess: 'clear' },
    { key: `${kind}:ip:${ip}`, free: s.perIp, onSuccess: 'refund' },
  ];
}

// The failures after this claim: one more, or a fresh start once the bucket has been quiet for
// the window (counted from its last failure, or from the end of its wait if it had one).
const NEXT_FAILURES = `(CASE WHEN COALESCE(t.blocked_until, t.updated_at) <= $2::timestamptz - make_interval(secs => $4::float8) THEN 1 ELSE t.failures + 1 END)`;
const blockedUntil = (failures: string) =>
  `CASE WHEN ${failures} >= $3::int THEN $2::timestamptz + make_interval(secs => least($6::float8, $5::float8 * power(2, ${failures} - $3::int))) ELSE NULL END`;

/**
 * Claims one failure slot of a bucket, in one statement, before the password is checked: the
 * claim that uses the last free slot sets the first wait, and each later claim (allowed only
 * once the wait is over) doubles it. Returns null when claimed, else the seconds to wait. Each
 * claim is one row-locked upsert, so parallel attempts never get more slots than the budget.
 */
async function claimSlot(q: Queryable, b: Bucket, s: ThrottleSettings, now: Date): Promise<number | null> {
  const r = await q.query<{ failures: number | null; blocked_until: Date | null }>(
    `WITH claimed AS (
       INSERT INTO login_throttle AS t (bucket, failures, blocked_until, updated_at)
       VALUES ($1, 1, ${blockedUntil('1')}, $2)
       ON CONFLICT (bucket) DO UPDATE SET failures = ${NEXT_FAILURES}, blocked_until = ${blockedUntil(NEXT_FAILURES)}, updated_at = $2
       WHERE t.blocked_until IS NULL OR t.blocked_until <= $2
       RETURNING failures)
     SELECT (SELECT failures FROM claimed) AS failures, (SELECT blocked_until FROM login_throttle WHERE bucket = $1) AS blocked_until`,
    [b.key, now, b.free, s.windowSeconds, s.baseDelaySeconds, s.maxDelaySeconds],
  );
  const row = r.rows[0];
  if (row.failures !== null) return null;
  return Math.max(1, Math.ceil(((row.blocked_until?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
}

/** Gives a claimed slot back (the attempt was no failure); lifts the wait if it falls under the budget. */
async function refundSlot(q: Queryable, b: Bucket): Promise<void> {
  await q.query(
    `UPDATE login_throttle SET failures = greatest(failures - 1, 0),
       blocked_until = CASE WHEN failures - 1 < $2::int THEN NULL ELSE blocked_until END
     WHERE bucket = $1`,
    [b.key, b.free],
  );
}

/**
 * Claims a slot in every bucket, in order; when one refuses, the slots already claimed are given
 * back and the attempt answers 429 with the wait as `Retry-After`. No sleep: the socket is
 * answered at once.
 *
 * @example
 * ```ts
 * await claimSlots(db, buckets, throttleSettings(ctx.services), ctx.services.now());
 * ```
 */
export async function claimSlots(q: Queryable, buckets: Bucket[], s: ThrottleSettings, now: Date): Promise<void> {
  for (const [i, b] of buckets.entries()) {
    const wait = await claimSlot(q, b, s, now);
    if (wait === null) continue;
    for (const done of buckets.slice(0, i)) await refundSlot(q, done);
    throw new HttpError(429, ERROR_CODES.rateLimited, `Too many failed attempts; try again in ${wait} s`, undefined, { 'Retry-After': String(wait) });
  }
}

/** After a right password: the (account, IP) or device bucket is forgotten, the IP's slot given back. */
export async function settleSuccess(q: Queryable, buckets: Bucket[]): Promise<void> {
  for (const b of buckets) {
    if (b.onSuccess === 'clear') await q.query(`DELETE FROM login_throttle WHERE bucket = $1`, [b.key]);
    else await refundSlot(q, b);
  }
}

/** The device token the request carries, if it looks like one. */
function deviceTokenOf(ctx: Ctx): string | null {
  const v = ctx.req.headers[DEVICE_HEADER];
  return typeof v === 'string' && /^fdv_[\w-]{20,100}$/.test(v) ? v : null;
}

/** The id of the request's device when it signed in to this user before, else null. */
export async function knownDevice(q: Queryable, ctx: Ctx, userId: string): Promise<string | null> {
  const token = deviceTokenOf(ctx);
  if (!token) return null;
  const r = await q.query<{ id: string }>(`SELECT id FROM login_devices WHERE token_hash = $1 AND user_id = $2`, [sha256(token), userId]);
  return r.rows[0]?.id ?? null;
}

/**
 * Remembers a device after a successful sign-in: a new device gets a token (only its hash is
 * stored), returned for the client to keep and send as `X-Furrow-Device`; a known one is touched.
 */
export async function rememberDevice(q: Queryable, userId: string, deviceId: string | null, now: Date): Promise<string | undefined> {
  if (deviceId) {
    await q.query(`UPDATE login_devices SET last_used_at = $2 WHERE id = $1`, [deviceId, now]);
    return undefined;
  }
  const token = newSecret('fdv_');
  await q.query(`INSERT INTO login_devices (id, user_id, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $4, $4)`, [newId(), userId, sha256(token), now]);
  return token;
}

/** The job kind that forgets quiet buckets and dead reset links (hourly, on one instance). */
export const SIGNIN_PRUNE_JOB = 'signin.prune';

/**
 * Deletes what can no longer matter: buckets quiet for the window (they would start from zero
 * anyway) and reset links used or expired more than a day ago. Returns how many rows went.
 *
 * @example
 * ```ts
 * const { buckets, resets } = await pruneSignin(services.db, throttleSettings(services), services.now());
 * ```
 */
export async function pruneSignin(q: Queryable, s: ThrottleSettings, now: Date): Promise<{ buckets: number; resets: number }> {
  const b = await q.query(`DELETE FROM login_throttle WHERE COALESCE(blocked_until, updated_at) <= $1::timestamptz - make_interval(secs => $2::float8)`, [now, s.windowSeconds]);
  const r = await q.query(`DELETE FROM password_resets WHERE COALESCE(used_at, expires_at) <= $1::timestamptz - interval '1 day'`, [now]);
  return { buckets: b.rowCount, resets: r.rowCount };
}

/** Registers and schedules {@link pruneSignin} on the job runner (the auth module's `init`). */
export function scheduleSigninPrune(services: Services): void {
  services.jobs.register(SIGNIN_PRUNE_JOB, async () => { await pruneSignin(services.db, throttleSettings(services), services.now()); });
  services.jobs.schedule(SIGNIN_PRUNE_JOB, { everyMs: 3_600_000 });
}
