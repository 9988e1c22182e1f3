/**
 * `furrow-server backup --out FILE` and `restore --from FILE`: a gzipped tarball of the PGlite
 * data directory (the database, and uploads and mail kept beside it). A backup is consistent
 * while a server runs: it is taken through that server (`GET /v1/operator/backup`, PGlite's
 * query lock), or from the directory when no server holds it. Restore needs the server stopped.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataDirLockedError, lockDataDir } from '../db/lock.js';
import { holdsDatabase, openTarget, type RemoteOptions } from './target.js';

const POSTGRES = 'DATABASE_URL is set: back up PostgreSQL with pg_dump --format=custom and restore with pg_restore (docs/server-operations.md#backups).';

/** Runs `furrow-server backup --out FILE`. */
export async function backupCommand(dataDir: string, a: RemoteOptions & { out?: string }): Promise<void> {
  if (!a.out) throw new Error('furrow-server backup --out FILE [--data-dir DIR]');
  if (process.env.DATABASE_URL && !a.url) throw new Error(POSTGRES);
  const target = await openTarget(dataDir, a, 'backup --out ' + a.out);
  try {
    const bytes = target.kind === 'remote' ? await target.api.bytes('/v1/operator/backup') : await target.db.snapshot!();
    writeFileSync(resolve(a.out), bytes, { mode: 0o600 });
    console.log(`Backup written: ${resolve(a.out)} (${(bytes.length / 1024 / 1024).toFixed(1)} MB${target.kind === 'remote' ? `, taken by the running server at ${target.api.url}` : ''})`);
  } finally {
    await target.close();
  }
}

/**
 * Runs `furrow-server restore --from FILE`: into an empty `--data-dir`, or with `--force` over
 * an existing database (which is moved aside to `<dir>.replaced-<time>`, not deleted).
 */
export async function restoreCommand(dataDir: string, a: { from?: string; force?: boolean }): Promise<void> {
  if (!a.from) throw new Error('furrow-server restore --from FILE [--data-dir DIR] [--force]');
  if (process.env.DATABASE_URL) throw new Error(POSTGRES);
  const tarball = new Blob([readFileSync(resolve(a.from))]);
  let release = lockOrExplain(dataDir);
  let aside: string | null = null;
  try {
    if (holdsDatabase(dataDir)) {
      if (!a.force) throw new Error(`${dataDir} already holds a database. Restore into an empty --data-dir, or pass --force to replace it (the current one is moved aside, not deleted).`);
      release();
      aside = `${dataDir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(dataDir, aside);
      release = lockOrExplain(dataDir);
    }
    const pg = await PGlite.create({ dataDir, loadDataDir: tarball });
    try {
      const m = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM furrow_migrations`);
      console.log(`Restored ${resolve(a.from)} into ${dataDir} (${m.rows[0].n} migrations applied in it; newer ones run at the next start).`);
    } finally {
      await pg.close();
    }
    // The tarball carries the lock and server files of the process it was taken from.
    writeFileSync(join(dataDir, 'furrow.lock'), String(process.pid));
    rmSync(join(dataDir, 'furrow-server.json'), { force: true });
    if (aside) console.log(`The database that was there is in ${aside}.`);
  } finally {
    release();
  }
}

function lockOrExplain(dataDir: string): () => void {
  try {
    return lockDataDir(dataDir);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new Error(`${err.message}\nStop the server before restoring into its data directory.`, { cause: err });
    throw err;
  }
}
