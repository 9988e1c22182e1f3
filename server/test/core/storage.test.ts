import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, dbKinds } from '../helpers.js';
import { migrate, loadMigrations, splitSql } from '../../src/db/migrate.js';
import { UNIQUE_VIOLATION, sqlState } from '../../src/db/types.js';
import { lockDataDir, DataDirLockedError } from '../../src/db/lock.js';

const root = new URL('../../../', import.meta.url).pathname;

for (const kind of dbKinds()) {
  describe(`storage layer (${kind})`, () => {
    it('applies every migration once; a second run applies nothing', async () => {
      const { db, drop } = await createTestDb(kind);
      try {
        const versions = (await db.query<{ version: number }>(`SELECT version FROM furrow_migrations ORDER BY version`)).rows.map((r) => r.version);
        assert.deepEqual(versions, (await loadMigrations()).map((m) => m.version));
        assert.deepEqual(await migrate(db), []);
      } finally {
        await drop();
      }
    });

    it('commits a transaction, rolls back a failed one, and reports SQLSTATEs', async () => {
      const { db, drop } = await createTestDb(kind);
      try {
        await db.tx(async (q) => {
          await q.query(`INSERT INTO rate_limits (bucket, window_start, count) VALUES ('a', now(), 1)`);
        });
        await assert.rejects(
          db.tx(async (q) => {
            await q.query(`INSERT INTO rate_limits (bucket, window_start, count) VALUES ('b', now(), 1)`);
            throw new Error('boom');
          }),
          /boom/,
        );
        const r = await db.query<{ bucket: string }>(`SELECT bucket FROM rate_limits ORDER BY bucket`);
        assert.deepEqual(r.rows.map((x) => x.bucket), ['a']);
        await db.query(`INSERT INTO partner_sites (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'a')`);
        await db.query(`INSERT INTO site_keys (id, site_id, kind, publishable_key, hint) VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'publishable', 'pk_x', 'pk_x')`);
        const err = await db.query(`INSERT INTO site_keys (id, site_id, kind, publishable_key, hint) VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'publishable', 'pk_x', 'pk_x')`).catch((e: unknown) => e);
        assert.equal(sqlState(err), UNIQUE_VIOLATION);
      } finally {
        await drop();
      }
    });
  });
}

describe('migration script splitting', () => {
  it('splits on statement ends and drops comments', () => {
    assert.deepEqual(splitSql('-- hi\nCREATE TABLE a (x int); -- trailing\nINSERT INTO a VALUES (1);\n'), ['CREATE TABLE a (x int)', 'INSERT INTO a VALUES (1)']);
  });
});

describe('PGlite data directory lock', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a second lock in the same process and frees it on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'furrow-lock-'));
    dirs.push(dir);
    const release = lockDataDir(dir);
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
    release();
    lockDataDir(dir)();
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'furrow-lock-'));
    dirs.push(dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'furrow.lock'), '999999');
    lockDataDir(dir)();
  });

  it('a second server on the same directory refuses to start with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'furrow-two-'));
    dirs.push(dir);
    const start = () =>
      spawn(process.execPath, ['--conditions=furrow-src', '--import', 'tsx', 'server/src/cli.ts', 'start', '--port', '0', '--data-dir', dir, '--ready-json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const first = start();
    try {
      await new Promise<void>((ok, fail) => {
        let out = '';
        first.stdout.on('data', (d) => {
          out += d;
          if (out.includes('"event":"ready"')) ok();
        });
        first.on('exit', (code) => fail(new Error(`first server exited ${code}`)));
      });
      const second = start();
      let err = '';
      second.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((ok) => second.on('exit', ok));
      assert.equal(code, 1);
      assert.match(err, /Another Furrow server \(pid \d+\) is already using the data directory/);
    } finally {
      first.kill('SIGTERM');
      await new Promise((ok) => first.on('exit', ok));
    }
  });
});
