import { createHash } from 'node:crypto';
import { ERROR_CODES } from '@furrow/schema';
import type { Db } from '../db/types.js';
import { DEFAULTS } from '../core/config.js';
import { HttpError } from '../core/errors.js';

/** A stored response to replay. */
export interface StoredResponse {
  status: number;
  body: string;
}

/** Outcome of claiming a key: run the handler, or replay what the first request got. */
export type Claim = { kind: 'run' } | { kind: 'replay'; response: StoredResponse };

/** Hash of what makes two requests "the same". */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/**
 * Claims an idempotency key for a scope (the user, or the site for anonymous calls). The row is
 * the lock: concurrent requests with the same key wait for the first to finish and replay its
 * response, across every instance sharing the database.
 */
export async function claimKey(db: Db, scope: string, key: string, route: string, hash: string): Promise<Claim> {
  const deadline = Date.now() + DEFAULTS.idempotencyWaitMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    const inserted = await db.query(
      `INSERT INTO idempotency_keys (scope, key, route, request_hash, state, locked_until)
       VALUES ($1, $2, $3, $4, 'in_flight', now() + make_interval(secs => $5))
       ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, route, hash, DEFAULTS.idempotencyLockSeconds],
    );
    if (inserted.rowCount === 1) return { kind: 'run' };
    const r = await db.query<{ route: string; request_hash: string; state: string; status_code: number | null; response_body: string | null; expired: boolean }>(
      `SELECT route, request_hash, state, status_code, response_body, locked_until < now() AS expired
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = r.rows[0];
    if (!row) continue; // released between our insert and select: try again
    if (row.route !== route || row.request_hash !== hash) {
      throw new HttpError(422, ERROR_CODES.idempotencyMismatch, 'This Idempotency-Key was used with a different request');
    }
    if (row.state === 'done') return { kind: 'replay', response: { status: row.status_code ?? 200, body: row.response_body ?? '' } };
    if (row.expired) {
      // The first holder died mid-request; take over its claim.
      const took = await db.query(
        `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3)
          WHERE scope = $1 AND key = $2 AND state = 'in_flight' AND locked_until < now()`,
        [scope, key, DEFAULTS.idempotencyLockSeconds],
      );
      if (took.rowCount === 1) return { kind: 'run' };
    }
    if (Date.now() > deadline) {
      throw new HttpError(409, ERROR_CODES.idempotencyInFlight, 'A request with this Idempotency-Key is still being processed', undefined, { 'retry-after': '1' });
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Records the response of a claimed key. */
export async function completeKey(db: Db, scope: string, key: string, status: number, body: string): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET state = 'done', status_code = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
    [scope, key, status, body],
  );
}

/** Releases a claim whose request failed without effect, so a retry can run. */
export async function releaseKey(db: Db, scope: string, key: string): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_flight'`, [scope, key]);
}

/** A claimed key whose request is running: finish it with {@link finishIdempotent}. */
export interface IdempotentRun {
  readonly db: Db;
  readonly scope: string;
  readonly key: string;
}

/** What the idempotency stage decided: no key, replay the first answer, or run under a claim. */
export type IdempotencyStart =
  | { kind: 'none' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'run'; run: IdempotentRun };

/**
 * Stage: reads `Idempotency-Key` on routes that honour it and claims it, scoped to the user (or
 * the site, for anonymous calls). A key over 200 characters is refused, naming the header.
 */
export async function beginIdempotent(
  db: Db, req: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> },
  route: { idempotent?: boolean; method: string }, routeId: string, principal: { userId: string | null; siteId: string | null }, body: unknown,
): Promise<IdempotencyStart> {
  const header = req.headers['idempotency-key'];
  const key = route.idempotent && typeof header === 'string' && header ? header : null;
  if (!key) return { kind: 'none' };
  if (key.length > 200) throw new HttpError(400, ERROR_CODES.validation, 'Idempotency-Key: at most 200 characters', [{ path: ['headers', 'idempotency-key'], message: 'Too long' }]);
  const scope = principal.userId ? `user:${principal.userId}` : `site:${principal.siteId ?? 'none'}`;
  const claim = await claimKey(db, scope, key, routeId, requestHash(route.method, req.url ?? '', body));
  return claim.kind === 'replay' ? claim : { kind: 'run', run: { db, scope, key } };
}

/**
 * Finishes a claimed key: stores the answer to replay (a success, or a refusal — a refusal is
 * an answer too), or releases the claim so a retry may run (a raw answer, a crash of ours, a
 * 429, a key still in flight).
 */
export async function finishIdempotent(run: IdempotentRun, outcome: { status: number; body: string } | { error: unknown; requestId: string } | 'release'): Promise<void> {
  if (outcome === 'release') return releaseKey(run.db, run.scope, run.key);
  if ('status' in outcome) return completeKey(run.db, run.scope, run.key, outcome.status, outcome.body);
  const err = outcome.error;
  if (err instanceof HttpError && err.status < 500 && err.status !== 429 && err.code !== ERROR_CODES.idempotencyInFlight) {
    const body = JSON.stringify({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), requestId: outcome.requestId } });
    return completeKey(run.db, run.scope, run.key, err.status, body);
  }
  await releaseKey(run.db, run.scope, run.key).catch(() => {});
}
