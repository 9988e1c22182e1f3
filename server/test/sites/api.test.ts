/**
 * The operator API (`/v1/sites…`, `/v1/operator/…`) on a real database: the operator signs in
 * without a site key; a site is created, gets keys that work from its origins only, rolls a key
 * that works until its expiry (an injected clock, so no waiting) and not after, is suspended,
 * resumed and deleted with effect on the next request; a secret key from a browser is refused
 * with no CORS grant; the per-site write limit; the backup route.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createFurrow } from '@furrow/sdk';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { seedDemo } from '../../src/seed/index.js';
import { makeOperator, operatorToken, until, type OperatorCreds } from './support.js';

for (const kind of dbKinds()) {
  describe(`operator API (${kind})`, () => {
    let s: TestServer;
    let op: OperatorCreds;
    let token: string;
    // The server's clock, moved by the rotation test (sessions outlive it: they are checked against the database's clock).
    let offsetMs = 0;
    const as = (t: string | null = token) => ({ key: null, token: t });

    before(async () => {
      s = await startTestServer(kind, { now: () => new Date(Date.now() + offsetMs), siteWriteRateLimitPerMinute: false });
      op = await makeOperator(s.db);
      token = await operatorToken(s.url, op);
    });
    after(() => s.close());

    async function newSite(body: Record<string, unknown> = {}) {
      const r = await s.request('POST', '/v1/sites', { ...as(), body: { name: 'Nashik FPO', allowedOrigins: ['https://fpo.example'], defaultLocale: 'mr', ...body } });
      assert.equal(r.status, 201, r.text);
      const sk = await s.request('POST', `/v1/sites/${r.body.id}/keys`, { ...as(), body: { kind: 'secret' } });
      assert.equal(sk.status, 200, sk.text);
      return { id: r.body.id as string, pk: r.body.keys[0].key as string, sk: sk.body.secret as string, site: r.body };
    }
    const courses = (key: string, origin?: string) => s.request('GET', '/v1/courses?limit=1', { key, headers: origin ? { origin } : {} });
    const embed = (sk: string) => s.request('POST', '/v1/embed-tokens', { key: sk, body: { externalId: `x-${Math.random().toString(36).slice(2)}`, name: 'Farmer' } });

    it('the operator signs in with no site key; a wrong password, or a site user, does not', async () => {
      expectError(await s.request('POST', '/v1/operator/login', { key: null, body: { email: op.email, password: 'wrong password' } }), 401, 'invalid_credentials');
      const learner = s.accounts.learner;
      expectError(await s.request('POST', '/v1/operator/login', { key: null, body: { email: learner.email, password: learner.password } }), 401, 'invalid_credentials');
      const r = await s.request('POST', '/v1/operator/login', { key: null, body: { ...op, ttlSeconds: 600 } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.user.role, 'operator');
      assert.ok(Date.parse(r.body.expiresAt) - Date.now() <= 601_000 + offsetMs);
      // Through any site's publishable key too: the session is the operator's, bound to no site.
      const viaSite = await s.request('POST', '/v1/auth/login', { body: op });
      assert.equal(viaSite.status, 200, viaSite.text);
      assert.ok(Date.parse(viaSite.body.expiresAt) - Date.now() <= 12 * 3600_000 + 1000 + offsetMs, 'operator sessions are short');
      assert.equal((await s.request('GET', '/v1/sites', as(viaSite.body.token))).status, 200);
    });

    it('site keys, site admins and anonymous callers never reach the operator API', async () => {
      const admin = await s.login('admin');
      expectError(await s.request('GET', '/v1/sites', { token: admin }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/sites', { key: s.secretKey }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/sites', {}), 401, 'unauthenticated');
      expectError(await s.request('GET', '/v1/sites', { key: null }), 401, 'unauthenticated');
      expectError(await s.request('POST', '/v1/sites', { key: s.secretKey, body: { name: 'X', allowedOrigins: ['https://x.example'] } }), 403, 'forbidden');
      // A site admin cannot see or change the operator either.
      const users = await s.request('GET', `/v1/admin/users?q=${encodeURIComponent(op.email)}`, { token: admin });
      assert.deepEqual(users.body.data, []);
      const me = await s.request('GET', '/v1/me', { token });
      expectError(await s.request('PATCH', `/v1/admin/users/${me.body.id}`, { token: admin, body: { deleted: true } }), 404);
      // And no embed token or admin edit can hand out the operator role.
      expectError(await s.request('POST', '/v1/embed-tokens', { key: s.secretKey, body: { externalId: 'climber', role: 'operator' } }), 400, 'validation_failed');
    });

    it('a new site: its publishable key works from its origins only; its secret key on servers only', async () => {
      const { pk, sk, site } = await newSite();
      assert.equal(site.defaultLocale, 'mr');
      assert.equal(site.defaultCurrency, 'INR');
      assert.match(pk, /^pk_live_/);
      assert.match(sk, /^sk_live_/);
      assert.equal((await courses(pk, 'https://fpo.example')).status, 200);
      assert.equal((await courses(pk, 'https://fpo.example')).headers.get('access-control-allow-origin'), 'https://fpo.example');
      expectError(await courses(pk, 'https://other.example'), 403, 'origin_not_allowed');
      expectError(await courses(pk, 'http://localhost:5173'), 403, 'origin_not_allowed');
      assert.equal((await embed(sk)).status, 201);
      // The secret key is stored as a hash only and shown by its hint.
      const shown = await s.request('GET', `/v1/sites/${site.id}`, as());
      const secret = shown.body.keys.find((k: { kind: string }) => k.kind === 'secret');
      assert.equal(secret.key, null);
      assert.equal(secret.hint, `sk_live_…${sk.slice(-4)}`);
      assert.ok(!JSON.stringify(shown.body).includes(sk));
      const audit = await s.db.query<{ t: string }>(`SELECT coalesce(new_values::text, '') || coalesce(old_values::text, '') AS t FROM audit_log`);
      assert.ok(audit.rows.every((r) => !r.t.includes(sk)), 'no secret key in the audit log');
    });

    it('a secret key on a request from a browser is 403 secret_key_in_browser with no CORS headers', async () => {
      const { sk } = await newSite();
      for (const headers of [{ origin: 'https://fpo.example' }, { origin: 'https://evil.example' }, { origin: 'http://localhost:5173' }]) {
        for (const via of [{ key: sk }, { key: null, headers: { authorization: `Bearer ${sk}` } }]) {
          const r = await s.request('GET', '/v1/admin/users', { ...via, headers: { ...headers, ...('headers' in via ? via.headers : {}) } });
          expectError(r, 403, 'secret_key_in_browser');
          assert.equal(r.headers.get('access-control-allow-origin'), null);
          assert.equal(r.headers.get('access-control-expose-headers'), null);
        }
      }
      assert.equal((await s.request('GET', '/v1/admin/users', { key: sk })).status, 200);
    });

    it('a rolled key works until its expiry and not after; the others expire at once by default', async () => {
      const { id, pk, sk } = await newSite();
      const r = await s.request('POST', `/v1/sites/${id}/keys`, { ...as(), body: { kind: 'publishable', expireOldInSeconds: 3600 } });
      assert.equal(r.status, 200, r.text);
      const pk2 = r.body.secret as string;
      assert.equal(r.body.key.key, pk2);
      const old = r.body.site.keys.find((k: { key: string }) => k.key === pk);
      assert.equal(old.state, 'expiring');
      assert.ok(Math.abs(Date.parse(old.expiresAt) - (Date.now() + offsetMs + 3600_000)) < 5000);
      assert.equal((await courses(pk, 'https://fpo.example')).status, 200);
      assert.equal((await courses(pk2, 'https://fpo.example')).status, 200);
      offsetMs += 3599_000;
      assert.equal((await courses(pk, 'https://fpo.example')).status, 200, 'a second before its expiry it still works');
      offsetMs += 2000;
      const expired = expectError(await courses(pk, 'https://fpo.example'), 401, 'invalid_key');
      assert.match(expired.message, /expired/);
      assert.equal((await courses(pk2, 'https://fpo.example')).status, 200);
      const after = await s.request('GET', `/v1/sites/${id}`, as());
      assert.equal(after.body.keys.find((k: { key: string }) => k.key === pk).state, 'expired');
      // Rolling the secret key with no overlap ends the old one on the next request.
      const roll = await s.request('POST', `/v1/sites/${id}/keys`, { ...as(), body: { kind: 'secret' } });
      expectError(await embed(sk), 401, 'invalid_key');
      assert.equal((await embed(roll.body.secret)).status, 201);
    });

    it('suspend, resume and delete take effect on the next request', async () => {
      const { id, pk, sk } = await newSite({ allowedOrigins: ['https://suspended.example'] });
      assert.equal((await courses(pk)).status, 200);
      const grant = async () => (await courses(pk, 'https://suspended.example')).headers.get('access-control-allow-origin');
      assert.equal(await grant(), 'https://suspended.example');
      const susp = await s.request('PATCH', `/v1/sites/${id}`, { ...as(), body: { status: 'suspended' } });
      assert.equal(susp.body.status, 'suspended');
      expectError(await courses(pk), 403, 'site_suspended');
      expectError(await embed(sk), 403, 'site_suspended');
      // Its origins get no CORS grant while it is suspended.
      assert.equal(await grant(), null);
      const listed = await s.request('GET', '/v1/sites?status=suspended', as());
      assert.deepEqual(listed.body.data.map((x: { id: string }) => x.id), [id]);
      await s.request('PATCH', `/v1/sites/${id}`, { ...as(), body: { status: 'active' } });
      assert.equal((await courses(pk)).status, 200);
      assert.equal((await embed(sk)).status, 201);
      assert.equal(await grant(), 'https://suspended.example');
      const del = await s.request('DELETE', `/v1/sites/${id}`, as());
      assert.equal(del.status, 200, del.text);
      assert.ok(del.body.deletedAt);
      assert.ok(del.body.keys.every((k: { state: string }) => k.state === 'revoked'));
      expectError(await courses(pk), 401, 'invalid_key');
      expectError(await embed(sk), 401, 'invalid_key');
      const all = await s.request('GET', '/v1/sites?limit=100', as());
      assert.ok(!all.body.data.some((x: { id: string }) => x.id === id), 'a deleted site is not listed');
      expectError(await s.request('PATCH', `/v1/sites/${id}`, { ...as(), body: { status: 'active' } }), 404);
      expectError(await s.request('POST', `/v1/sites/${id}/keys`, { ...as(), body: { kind: 'secret' } }), 404);
    });

    it('origins are added and removed as sets, in order; bad ones are refused by name', async () => {
      const { id, pk } = await newSite({ allowedOrigins: ['https://a.example', 'https://b.example'] });
      const add = await s.request('PATCH', `/v1/sites/${id}`, { ...as(), body: { addOrigins: ['https://c.example', 'https://a.example', 'https://*.d.example'] } });
      assert.deepEqual(add.body.allowedOrigins, ['https://a.example', 'https://b.example', 'https://c.example', 'https://*.d.example']);
      assert.equal((await courses(pk, 'https://shop.d.example')).status, 200);
      const rm = await s.request('PATCH', `/v1/sites/${id}`, { ...as(), body: { removeOrigins: ['https://b.example', 'https://*.d.example'] } });
      assert.deepEqual(rm.body.allowedOrigins, ['https://a.example', 'https://c.example']);
      expectError(await courses(pk, 'https://shop.d.example'), 403, 'origin_not_allowed');
      const bad = expectError(await s.request('PATCH', `/v1/sites/${id}`, { ...as(), body: { addOrigins: ['https://a.example/path'] } }), 400, 'validation_failed');
      assert.deepEqual(bad.details?.[0].path, ['body', 'addOrigins', 0]);
    });

    it("a site's first admin gets a one-time password and signs in through the site's key", async () => {
      const { id, pk } = await newSite();
      const email = `admin-${Math.random().toString(36).slice(2, 7)}@fpo.example`;
      const r = await s.request('POST', `/v1/sites/${id}/admins`, { ...as(), body: { email } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.user.role, 'admin');
      assert.equal(r.body.password.length, 24);
      const login = await s.request('POST', '/v1/auth/login', { key: pk, body: { email, password: r.body.password } });
      assert.equal(login.status, 200, login.text);
      const row = await s.db.query<{ site_id: string; password_hash: string }>(`SELECT site_id, password_hash FROM users WHERE email = $1`, [email]);
      assert.equal(row.rows[0].site_id, id);
      assert.ok(!row.rows[0].password_hash.includes(r.body.password));
      expectError(await s.request('POST', `/v1/sites/${id}/admins`, { ...as(), body: { email } }), 409, 'email_taken');
    });

    it('each key shows when it was last used', async () => {
      const { id, pk } = await newSite();
      const before = await s.request('GET', `/v1/sites/${id}`, as());
      assert.equal(before.body.keys.find((k: { key: string }) => k.key === pk).lastUsedAt, null);
      await courses(pk);
      const used = await until(async () => {
        const r = await s.request('GET', `/v1/sites/${id}`, as());
        return r.body.keys.find((k: { key: string }) => k.key === pk).lastUsedAt ?? undefined;
      }, 5000, 'last_used_at');
      assert.ok(Math.abs(Date.parse(used) - (Date.now() + offsetMs)) < 10_000);
    });

    it('the SDK has the operator methods', async () => {
      const c = createFurrow({ baseUrl: s.url, publishableKey: s.publishableKey, token, retry: 0 });
      const site = await c.sites.create({ name: 'SDK co-op', allowedOrigins: ['https://sdk.example'] });
      const { secret } = await c.sites.rotateKey(site.id, { kind: 'secret' });
      assert.match(secret, /^sk_live_/);
      const again = await c.sites.retrieve(site.id);
      assert.equal(again.keys.length, 2);
      c.close();
    });

    it(kind === 'pglite' ? 'backup: a gzipped tarball of the data directory, taken while serving' : 'backup: PostgreSQL answers backup_unavailable (use pg_dump)', async () => {
      const r = await fetch(`${s.url}/v1/operator/backup`, { headers: { authorization: `Bearer ${token}` } });
      if (kind === 'postgres') {
        assert.equal(r.status, 409);
        assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'backup_unavailable');
        return;
      }
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/gzip');
      const tar = gunzipSync(Buffer.from(await r.arrayBuffer()));
      assert.ok(tar.includes('PG_VERSION'));
      expectError(await s.request('GET', '/v1/operator/backup', { token: await s.login('admin') }), 403);
    });

    it('the demo secret key is kept when it still works, replaced when it does not', async () => {
      offsetMs = 0; // seedDemo runs on the database's clock, as the CLI does
      const first = await seedDemo(s.db, [], { secretKey: s.secretKey });
      assert.equal(first.secretKey, s.secretKey);
      assert.equal(first.seeded, false);
      const demoSite = (await s.db.query<{ site_id: string }>(`SELECT site_id FROM site_keys WHERE publishable_key = $1`, [s.publishableKey])).rows[0].site_id;
      const roll = await s.request('POST', `/v1/sites/${demoSite}/keys`, { ...as(), body: { kind: 'secret', expireOldInSeconds: 0 } });
      assert.match(roll.body.secret, /^sk_test_/);
      const next = await seedDemo(s.db, [], { secretKey: s.secretKey });
      assert.notEqual(next.secretKey, s.secretKey);
      assert.equal((await embed(next.secretKey)).status, 201);
      s.secretKey = next.secretKey;
    });
  });
}

describe('per-site write rate limit', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer('pglite', { siteWriteRateLimitPerMinute: 5 });
  });
  after(() => s.close());

  it('counts every caller of one site together, and no other site', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await s.request('POST', '/v1/embed-tokens', { key: s.secretKey, body: { externalId: `limit-${i}`, name: 'L' } })).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
    const r = await s.request('POST', '/v1/auth/signup', { body: { email: 'limited@example.org', password: 'correct horse battery', name: 'L' } });
    const e = expectError(r, 429, 'rate_limited');
    assert.match(e.message, /site/);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    // Another site is not slowed down by this one.
    const op = await makeOperator(s.db);
    const token = await operatorToken(s.url, op);
    const other = await s.request('POST', '/v1/sites', { key: null, token, body: { name: 'Other', allowedOrigins: ['https://o.example'] } });
    assert.equal(other.status, 201, other.text);
    const sk = (await s.request('POST', `/v1/sites/${other.body.id}/keys`, { key: null, token, body: { kind: 'secret' } })).body.secret;
    assert.equal((await s.request('POST', '/v1/embed-tokens', { key: sk, body: { externalId: 'other-1', name: 'O' } })).status, 201);
  });
});
