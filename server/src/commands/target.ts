/**
 * Where a management command (`sites`, `backup`) talks to: the database directly, or — when a
 * running server holds the PGlite data directory — that server's operator API.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirLockedError, lockDataDir } from '../db/lock.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import { migrate } from '../db/migrate.js';
import type { Db } from '../db/types.js';
import { OperatorApi } from './remote.js';

/** How the CLI reaches a running server as the operator. */
export interface RemoteOptions {
  url?: string;
  email?: string;
  token?: string;
}

/** A database opened by the CLI, or the running server's API. */
export type Target = { kind: 'direct'; db: Db; close(): Promise<void> } | { kind: 'remote'; api: OperatorApi; close(): Promise<void> };

/** The file a running PGlite server leaves in its data directory, so the CLI can find it. */
const SERVER_FILE = 'furrow-server.json';

/** Records that this process serves `dataDir` at `url` (removed by the returned function). */
export function announceServer(dataDir: string, url: string): () => void {
  const file = join(dataDir, SERVER_FILE);
  writeFileSync(file, JSON.stringify({ pid: process.pid, url }) + '\n');
  return () => rmSync(file, { force: true });
}

/** The URL of the server that holds `dataDir`, if it said so. */
export function runningServerUrl(dataDir: string, pid: number | null): string | null {
  try {
    const s = JSON.parse(readFileSync(join(dataDir, SERVER_FILE), 'utf8')) as { pid: number; url: string };
    return pid === null || s.pid === pid ? s.url : null;
  } catch {
    return null;
  }
}

/** Opens the database for a command: PostgreSQL when `DATABASE_URL` is set, else PGlite in `dataDir` (locked). */
export async function openDirect(dataDir: string, opts: { migrate?: boolean } = {}): Promise<{ db: Db; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const db = await openPostgres(process.env.DATABASE_URL);
    if (opts.migrate !== false) await migrate(db);
    return { db, close: () => db.close() };
  }
  const release = lockDataDir(dataDir);
  try {
    const db = await openPglite(dataDir);
    if (opts.migrate !== false) await migrate(db);
    return { db, close: async () => { await db.close(); release(); } };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * The target of a management command. `--url` always goes through that server. Otherwise the
 * database is opened directly; when a running server holds the PGlite directory, the command
 * goes through it with the operator's credentials (`--email` + `FURROW_OPERATOR_PASSWORD`, or
 * `FURROW_OPERATOR_TOKEN` / `--token`), or explains exactly what to do.
 */
export async function openTarget(dataDir: string, remote: RemoteOptions, command: string): Promise<Target> {
  if (remote.url) return { kind: 'remote', api: await OperatorApi.signIn(remote.url, credentials(remote, command)!), close: async () => {} };
  try {
    const d = await openDirect(dataDir);
    return { kind: 'direct', ...d };
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const url = runningServerUrl(dataDir, err.pid);
    const creds = credentials(remote, command, false);
    if (url && creds) return { kind: 'remote', api: await OperatorApi.signIn(url, creds), close: async () => {} };
    throw new Error(lockedMessage(dataDir, err.pid, url, command), { cause: err });
  }
}

function credentials(remote: RemoteOptions, command: string, required = true): { email: string; password: string } | { token: string } | null {
  const token = remote.token ?? process.env.FURROW_OPERATOR_TOKEN;
  if (token) return { token };
  const password = process.env.FURROW_OPERATOR_PASSWORD;
  if (remote.email && password) return { email: remote.email, password };
  if (!required) return null;
  throw new Error(
    `${command} through a running server needs the operator's credentials: --email you@example.org with FURROW_OPERATOR_PASSWORD set, ` +
      'or FURROW_OPERATOR_TOKEN (a session token from POST /v1/operator/login).',
  );
}

function lockedMessage(dataDir: string, pid: number | null, url: string | null, command: string): string {
  const who = `The Furrow server${pid ? ` (pid ${pid})` : ''}${url ? ` at ${url}` : ''} holds the data directory ${dataDir} (PGlite allows one process).`;
  return [
    who,
    'Either run the command through that server as the operator:',
    `  FURROW_OPERATOR_PASSWORD=… furrow-server ${command} --data-dir ${dataDir} --email <operator email>${url ? '' : ' --url <server URL>'}`,
    '  (or FURROW_OPERATOR_TOKEN=<token> instead of the email and password)',
    'or stop that server and run the command again.',
  ].join('\n');
}

/** Whether `dataDir` already holds a PGlite database. */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}
