import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

const held = new Set<string>();

/** Thrown when another server already uses a PGlite data directory. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number | null) {
    super(
      `Another Furrow server${pid ? ` (pid ${pid})` : ''} is already using the data directory ${dataDir}. ` +
        'PGlite allows one process per directory: stop that server, or start this one with another --data-dir ' +
        '(or use PostgreSQL via DATABASE_URL to run several instances).',
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on a PGlite data directory: a `furrow.lock` file holding our pid,
 * created atomically. A lock left by a dead process (crash, `kill -9`) is taken over.
 *
 * @returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  if (held.has(dir)) throw new DataDirLockedError(dir, process.pid);
  const file = join(dir, 'furrow.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(dir);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(dir);
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid: number | null;
      try {
        pid = Number(readFileSync(file, 'utf8')) || null;
      } catch {
        continue;
      }
      if (pid && pid !== process.pid && alive(pid)) throw new DataDirLockedError(dir, pid);
      if (pid === process.pid) throw new DataDirLockedError(dir, pid);
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        /* raced with another taker */
      }
    }
  }
  throw new DataDirLockedError(dir, null);
}
