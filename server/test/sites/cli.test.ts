/**
 * `furrow-server operator|sites|backup|restore` end to end: the real CLI spawned on a fresh data
 * directory (PGlite) or a fresh PostgreSQL database. The operator is created, a site gets keys
 * that work from its origin only, a key is rolled with an overlap (both work, then only the
 * new one: polled with a deadline past the printed expiry), the site is suspended and resumed
 * — while a server runs, which on PGlite means through that server's operator API. Then a
 * backup taken through the running server is restored into another directory. The demo
 * site's secret key survives a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dbKinds } from '../helpers.js';
import { client, startCli, tempPostgres, type CliServer } from '../hardening/cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the CLI from source; resolves with its exit code and output (never rejects on a non-zero exit). */
function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, ['--conditions=furrow-src', '--import', 'tsx', 'server/src/cli.ts', ...args], { cwd: root, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

for (const kind of dbKinds()) {
  describe(`furrow-server sites, end to end (${kind})`, () => {
    let dataDir: string;
    let pg: Awaited<ReturnType<typeof tempPostgres>> | null = null;
    let env: Record<string, string | undefined>;
    let server: CliServer | null = null;
    let op: { email: string; password: string };
    let site: { id: string; pk: string; sk: string };
    const run = async (args: string[], extraEnv: Record<string, string | undefined> = {}) => {
      const r = await cli([...args, '--data-dir', dataDir], { ...env, ...extraEnv });
      assert.equal(r.code, 0, `${args.join(' ')} → ${r.code}\n${r.stderr}\n${r.stdout}`);
      return r.stdout;
    };
    const asOperator = (args: string[]) => run([...args, '--email', op.email, '--json'], { FURROW_OPERATOR_PASSWORD: op.password });
    const courses = (key: string, origin?: string) => client(server!.url, key)('GET', '/v1/courses?limit=1', { headers: origin ? { origin } : {} });
    /**
     * The status `key` gets once a change made by a command has reached the server: at once
     * through it (PGlite), within the stated 1 s bound from another process (PostgreSQL).
     */
    const settled = async (expected: number, key: string, origin?: string) => {
      const end = Date.now() + 1000;
      for (;;) {
        const r = await courses(key, origin);
        if (r.status === expected || Date.now() > end) return r;
        await new Promise((ok) => setTimeout(ok, 20));
      }
    };

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'furrow-sites-cli-'));
      if (kind === 'postgres') pg = await tempPostgres();
      env = { DATABASE_URL: pg?.url, FURROW_OPERATOR_PASSWORD: undefined, FURROW_OPERATOR_TOKEN: undefined };
    });
    after(async () => {
      await server?.stop();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('operator create prints a one-time password; sites create prints the keys and the first admin', async () => {
      op = { email: 'operator@extension.example', password: JSON.parse(await run(['operator', 'create', '--email', 'operator@extension.example', '--json'])).password };
      assert.equal(op.password.length, 24);
      const again = await cli(['operator', 'create', '--email', op.email, '--data-dir', dataDir], env);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already exists/);
      const text = await run(['sites', 'create', '--name', 'Nashik FPO', '--origin', 'https://fpo.example', '--admin-email', 'admin@fpo.example', '--locale', 'hi', '--currency', 'INR']);
      assert.match(text, /Publishable key: pk_live_/);
      assert.match(text, /Secret key: +sk_live_/);
      assert.match(text, /shown once/);
      assert.match(text, /Site admin: +admin@fpo\.example \/ \S{24}/);
      const made = JSON.parse(await run(['sites', 'list', '--json']));
      assert.equal(made.length, 1);
      assert.equal(made[0].defaultLocale, 'hi');
      assert.equal(made[0].keys.find((k: { kind: string }) => k.kind === 'secret').key, null, 'the secret key is never shown again');
      const second = JSON.parse(await run(['sites', 'create', '--name', 'Dealer network', '--origin', 'https://dealers.example', '--json']));
      site = { id: second.site.id, pk: second.publishableKey, sk: second.secretKey };
      const bad = await cli(['sites', 'create', '--name', 'X', '--origin', 'https://x.example/path', '--data-dir', dataDir], env);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /allowedOrigins\.0/);
    });

    it('with a server running, the keys work from the allowed origin only; the admin signs in', async () => {
      server = await startCli({ dataDir, databaseUrl: pg?.url });
      assert.equal((await courses(site.pk, 'https://dealers.example')).status, 200);
      assert.equal((await courses(site.pk, 'https://fpo.example')).status, 403);
      assert.equal((await courses(site.pk)).status, 200);
      const e = await client(server.url, site.sk)('POST', '/v1/embed-tokens', { body: { externalId: 'farmer-1', name: 'Farmer' } });
      assert.equal(e.status, 201, e.text);
      const browser = await client(server.url, site.sk)('POST', '/v1/embed-tokens', { body: { externalId: 'farmer-1' }, headers: { origin: 'https://dealers.example' } });
      assert.equal(browser.status, 403);
      assert.equal(browser.body.error.code, 'secret_key_in_browser');
      assert.equal(browser.headers.get('access-control-allow-origin'), null);
    });

    it(kind === 'pglite' ? 'sites commands go through the running server, and say what to do without credentials' : 'sites commands write to PostgreSQL directly while servers run', async () => {
      if (kind === 'pglite') {
        const r = await cli(['sites', 'list', '--data-dir', dataDir], env);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`holds the data directory`));
        assert.match(r.stderr, /FURROW_OPERATOR_PASSWORD=… furrow-server sites list/);
        assert.match(r.stderr, /or stop that server/);
        const wrong = await cli(['sites', 'list', '--data-dir', dataDir, '--email', op.email], { ...env, FURROW_OPERATOR_PASSWORD: 'not the password' });
        assert.equal(wrong.code, 1);
        assert.match(wrong.stderr, /invalid_credentials/);
      }
      const listed = JSON.parse(await asOperator(['sites', 'show', site.id]));
      const pkRow = listed.keys.find((k: { key: string }) => k.key === site.pk);
      assert.ok(pkRow.lastUsedAt, 'the publishable key shows when it was last used');
      const added = JSON.parse(await asOperator(['sites', 'add-origin', site.id, 'https://shop.dealers.example']));
      assert.deepEqual(added.allowedOrigins, ['https://dealers.example', 'https://shop.dealers.example']);
      assert.equal((await settled(200, site.pk, 'https://shop.dealers.example')).status, 200);
      const removed = JSON.parse(await asOperator(['sites', 'remove-origin', site.id, 'https://shop.dealers.example']));
      assert.deepEqual(removed.allowedOrigins, ['https://dealers.example']);
      assert.equal((await settled(403, site.pk, 'https://shop.dealers.example')).status, 403);
    });

    it('rotate-key --expire-old-in: both keys work until the expiry, then only the new one', async () => {
      const r = JSON.parse(await asOperator(['sites', 'rotate-key', site.id, '--kind', 'publishable', '--expire-old-in', '20s']));
      const pk2 = r.secret as string;
      const expiresAt = Date.parse(r.site.keys.find((k: { key: string }) => k.key === site.pk).expiresAt);
      assert.ok(expiresAt - Date.now() > 3000, `only ${expiresAt - Date.now()} ms of overlap left to check`);
      assert.equal((await settled(200, site.pk, 'https://dealers.example')).status, 200, 'the old key, during the overlap');
      assert.equal((await settled(200, pk2, 'https://dealers.example')).status, 200, 'the new key');
      let refusedAt = 0;
      while (!refusedAt) {
        if ((await courses(site.pk, 'https://dealers.example')).status === 401) refusedAt = Date.now();
        else if (Date.now() > expiresAt + 10_000) assert.fail('the old key still works 10 s after its expiry');
        else await new Promise((ok) => setTimeout(ok, 100));
      }
      assert.ok(refusedAt >= expiresAt - 50, `refused ${expiresAt - refusedAt} ms before its expiry`);
      assert.ok(refusedAt <= expiresAt + 1000, `refused ${refusedAt - expiresAt} ms after its expiry`);
      assert.equal((await courses(pk2, 'https://dealers.example')).status, 200);
      site.pk = pk2;
    });

    it('suspend and resume', async () => {
      const s = JSON.parse(await asOperator(['sites', 'suspend', site.id]));
      assert.equal(s.status, 'suspended');
      const suspended = await settled(403, site.pk);
      assert.equal(suspended.status, 403);
      assert.equal(suspended.body.error.code, 'site_suspended');
      JSON.parse(await asOperator(['sites', 'resume', site.id]));
      assert.equal((await settled(200, site.pk)).status, 200);
    });

    it(kind === 'pglite' ? 'backup through the running server, restore into another directory' : 'backup refers PostgreSQL to pg_dump', async () => {
      const out = join(dataDir, '..', `${dataDir.split('/').pop()}-backup.tar.gz`);
      if (kind === 'postgres') {
        const r = await cli(['backup', '--out', out, '--data-dir', dataDir], env);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /pg_dump/);
        return;
      }
      await asOperator(['backup', '--out', out]);
      assert.ok(readFileSync(out).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b])), 'gzip');
      const target = mkdtempSync(join(tmpdir(), 'furrow-restore-'));
      try {
        const into = join(target, 'data');
        const r = await cli(['restore', '--from', out, '--data-dir', into], env);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(existsSync(join(into, 'furrow.lock')), false, 'the backed-up server\'s lock is not restored');
        const sites = JSON.parse((await cli(['sites', 'list', '--json', '--data-dir', into], env)).stdout);
        assert.deepEqual(sites.map((x: { name: string }) => x.name).sort(), ['Dealer network', 'Nashik FPO']);
        const refuse = await cli(['restore', '--from', out, '--data-dir', into], env);
        assert.equal(refuse.code, 1);
        assert.match(refuse.stderr, /already holds a database/);
        const busy = await cli(['restore', '--from', out, '--data-dir', dataDir, '--force'], env);
        assert.equal(busy.code, 1);
        assert.match(busy.stderr, /Stop the server/);
      } finally {
        rmSync(target, { recursive: true, force: true });
        rmSync(out, { force: true });
      }
    });

    it('after the server stops, the commands open the database directly', async () => {
      await server!.stop();
      server = null;
      const sites = JSON.parse(await run(['sites', 'list', '--json']));
      assert.equal(sites.length, 2);
      const del = JSON.parse(await run(['sites', 'delete', site.id, '--json']));
      assert.ok(del.deletedAt);
      assert.equal(JSON.parse(await run(['sites', 'list', '--json'])).length, 1);
    });
  });
}

describe('the demo site keys survive a restart', () => {
  it('start --demo twice on one data directory prints the same secret key, which works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'furrow-demo-keys-'));
    try {
      const first = await startCli({ dataDir, demo: true });
      const sk = first.secretKey;
      await first.stop();
      const second = await startCli({ dataDir, demo: true });
      try {
        assert.equal(second.secretKey, sk);
        assert.equal(second.publishableKey, 'pk_test_furrow_demo');
        const r = await client(second.url, sk!)('POST', '/v1/embed-tokens', { body: { externalId: 'restart', name: 'R' } });
        assert.equal(r.status, 201, r.text);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
