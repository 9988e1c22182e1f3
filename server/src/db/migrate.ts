import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.js';

/** Folder of versioned SQL migrations (`NNNN_name.sql`), shipped with the package. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads the migrations folder in version order. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: await readFile(`${dir}/${f}`, 'utf8'),
    })),
  );
}

/**
 * Applies pending migrations, each in its own transaction. An advisory lock makes instances
 * that start together on one PostgreSQL apply each migration once.
 *
 * @returns the versions applied by this call.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<number[]> {
  const list = migrations ?? (await loadMigrations());
  await db.query(
    `CREATE TABLE IF NOT EXISTS furrow_migrations (
       version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  ).catch(async (err) => {
    // Two instances racing to create the table: the loser sees a unique violation on pg_type.
    if ((err as { code?: string }).code !== '23505') throw err;
  });
  const applied: number[] = [];
  for (const m of list) {
    const did = await db.tx(async (q) => {
      await q.query(`SELECT pg_advisory_xact_lock(727274)`);
      const done = await q.query(`SELECT 1 FROM furrow_migrations WHERE version = $1`, [m.version]);
      if (done.rows.length) return false;
      await execScript(q, m.sql);
      await q.query(`INSERT INTO furrow_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      return true;
    });
    if (did) applied.push(m.version);
  }
  return applied;
}

/** Runs a multi-statement SQL script statement by statement (both drivers, no params). */
async function execScript(q: { query: Db['query'] }, sql: string): Promise<void> {
  for (const stmt of splitSql(sql)) await q.query(stmt);
}

/** Splits a script on `;` at line ends, ignoring `--` comments. Migrations avoid `$$` bodies. */
export function splitSql(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .map((l) => l.replace(/--.*$/, ''))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
