/**
 * Password reset by email (issue 15): the same answer for unknown emails, a link from the
 * configured URL, single use, expiry on the injected clock, other sessions revoked; and the
 * rule for signing up again with a soft-deleted user's email.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createTestSite, dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { addresses, testClock } from './signin-support.js';
import { pruneSignin, throttleSettings } from '../../src/modules/login-throttle.js';

const RESET_PAGE = 'https://coop.example.org/account/reset';

for (const kind of dbKinds()) {
  describe(`password reset (${kind})`, () => {
    let s: TestServer;
    const { now, tick } = testClock();
    const newIp = addresses('198.51.100');

    before(async () => {
      s = await startTestServer(kind, {
        trustProxy: true, passwordResetUrl: RESET_PAGE, now,
        loginThrottle: { perAccount: 3, perIp: 20, windowSeconds: 900 },
      });
    });
    after(() => s.close());

    const ask = (email: string, ip = newIp()) =>
      s.request('POST', '/v1/auth/password-reset', { body: { email }, headers: { 'x-forwarded-for': ip } });
    const confirm = (token: string, password: string) => s.request('POST', '/v1/auth/password-reset/confirm', { body: { token, password } });
    const mails = async (to: string) =>
      (await s.db.query<{ text_body: string; kind: string }>(`SELECT text_body, kind FROM mail_outbox WHERE to_address = $1 AND kind = 'password_reset' ORDER BY created_at`, [to])).rows;
    /** The token of the newest reset mail, checked to come from the configured page. */
    async function linkToken(to: string): Promise<string> {
      const all = await mails(to);
      const link = all.at(-1)!.text_body.match(/https:\/\/\S+/)![0];
      assert.ok(link.startsWith(`${RESET_PAGE}?token=`), link);
      return new URL(link).searchParams.get('token')!;
    }
    async function account(email: string, password: string) {
      const r = await s.request('POST', '/v1/auth/signup', { body: { email, password, name: 'Reset' } });
      assert.equal(r.status, 201, r.text);
      return { token: r.body.token as string, id: r.body.user.id as string };
    }

    it('answers the same for an unknown email and mails only a known one', async () => {
      await account('known@example.org', 'known-password');
      const known = await ask('known@example.org');
      const unknown = await ask('unknown@example.org');
      assert.equal(known.status, 202);
      assert.equal(unknown.status, 202);
      assert.deepEqual(known.body, unknown.body);
      assert.deepEqual(known.body, { ok: true });
      assert.equal((await mails('known@example.org')).length, 1);
      assert.equal((await mails('unknown@example.org')).length, 0);
      // The stored token is a hash: the mailed one is not in the table.
      const token = await linkToken('known@example.org');
      const rows = await s.db.query<{ token_hash: string }>(`SELECT token_hash FROM password_resets`);
      assert.ok(rows.rows.length >= 1 && rows.rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));
    });

    it('builds the link from configuration, never from the Host header', async () => {
      await account('host@example.org', 'host-password');
      // fetch cannot forge Host; node:http can, as any attacker can.
      const status = await new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ email: 'host@example.org' });
        const req = request(`${s.url}/v1/auth/password-reset`, {
          method: 'POST',
          headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': newIp(), 'x-furrow-key': s.publishableKey, 'content-type': 'application/json' },
        }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); });
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(status, 202);
      const [mail] = await mails('host@example.org');
      assert.doesNotMatch(mail.text_body, /evil\.example/);
      await linkToken('host@example.org');
    });

    it('a link sets the new password once and revokes every other session', async () => {
      const a = await account('once@example.org', 'old-password-1');
      const b = await s.request('POST', '/v1/auth/login', { body: { email: 'once@example.org', password: 'old-password-1' } });
      assert.equal(b.status, 200);
      await ask('once@example.org');
      const token = await linkToken('once@example.org');
      const done = await confirm(token, 'new-password-2');
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.user.id, a.id);
      assert.equal((await s.request('GET', '/v1/me', { token: done.body.token })).status, 200, 'the confirmation signs in');
      expectError(await s.request('GET', '/v1/me', { token: a.token }), 401, 'session_revoked');
      expectError(await s.request('GET', '/v1/me', { token: b.body.token }), 401, 'session_revoked');
      expectError(await s.request('POST', '/v1/auth/login', { body: { email: 'once@example.org', password: 'old-password-1' } }), 401);
      assert.equal((await s.request('POST', '/v1/auth/login', { body: { email: 'once@example.org', password: 'new-password-2' } })).status, 200);
      // Once only.
      const again = expectError(await confirm(token, 'third-password-3'), 400, 'validation_failed');
      assert.deepEqual(again.details?.[0].path, ['body', 'token']);
      expectError(await confirm('fpr_' + 'n'.repeat(40), 'third-password-3'), 400, 'validation_failed');
    });

    it("a link works on its own site only: another site's key neither uses it up nor signs anyone in", async () => {
      const other = await createTestSite(s.db, { name: 'Other co-op' });
      await account('two-sites@example.org', 'old-password-1');
      await ask('two-sites@example.org');
      const token = await linkToken('two-sites@example.org');
      const there = await s.request('POST', '/v1/auth/password-reset/confirm', { key: other.publishableKey, body: { token, password: 'stolen-password-9' } });
      expectError(there, 400, 'validation_failed');
      // Still good on its own site, and the session it makes belongs there.
      const here = await confirm(token, 'new-password-2');
      assert.equal(here.status, 200, here.text);
      expectError(await s.request('GET', '/v1/me', { key: other.publishableKey, token: here.body.token }), 401);
    });

    it('a link expires, and using one link ends the others', async () => {
      await account('late@example.org', 'late-password-1');
      await ask('late@example.org');
      const first = await linkToken('late@example.org');
      tick(3600 + 1);
      expectError(await confirm(first, 'late-password-2'), 400, 'validation_failed');
      await ask('late@example.org');
      const second = await linkToken('late@example.org');
      await ask('late@example.org');
      const third = await linkToken('late@example.org');
      assert.equal((await confirm(third, 'late-password-3')).status, 200);
      expectError(await confirm(second, 'late-password-4'), 400, 'validation_failed');
      expectError(await s.request('POST', '/v1/auth/password-reset/confirm', { body: { token: third, password: 'short' } }), 400, 'validation_failed');
      // A day after they were used or expired, the hourly prune deletes them.
      const count = async () => (await s.db.query(`SELECT 1 FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = 'late@example.org'`)).rows.length;
      assert.equal(await count(), 3);
      tick(86_400 + 1);
      assert.ok((await pruneSignin(s.db, throttleSettings(s.services), now())).resets >= 3);
      assert.equal(await count(), 0);
    });

    it('requests are throttled the same way for known and unknown emails', async () => {
      const ip = newIp();
      const statuses = async (email: string) => {
        const out: number[] = [];
        for (let i = 0; i < 5; i++) out.push((await ask(email, ip)).status);
        return out;
      };
      assert.deepEqual(await statuses('known@example.org'), [202, 202, 202, 429, 429]);
      assert.deepEqual(await statuses('nobody-here@example.org'), [202, 202, 202, 429, 429]);
      const r = await ask('nobody-here@example.org', ip);
      expectError(r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    });

    it('signing up with a soft-deleted user\'s email makes a new account; the deleted one stays deleted', async () => {
      const old = await account('again@example.org', 'first-life-pass');
      const admin = await s.login('admin');
      assert.equal((await s.request('PATCH', `/v1/admin/users/${old.id}`, { token: admin, body: { deleted: true } })).status, 200);
      const fresh = await s.request('POST', '/v1/auth/signup', { body: { email: 'Again@Example.org', password: 'second-life-pass', name: 'Again' } });
      assert.equal(fresh.status, 201, fresh.text);
      assert.notEqual(fresh.body.user.id, old.id);
      expectError(await s.request('POST', '/v1/auth/login', { body: { email: 'again@example.org', password: 'first-life-pass' } }), 401);
      const login = await s.request('POST', '/v1/auth/login', { body: { email: 'again@example.org', password: 'second-life-pass' } });
      assert.equal(login.body.user.id, fresh.body.user.id);
      // A reset reaches the live account only.
      await ask('again@example.org');
      const done = await confirm(await linkToken('again@example.org'), 'third-life-pass');
      assert.equal(done.body.user.id, fresh.body.user.id);
      const rows = await s.db.query<{ deleted_at: Date | null }>(`SELECT deleted_at FROM users WHERE id = $1`, [old.id]);
      assert.ok(rows.rows[0].deleted_at, 'the deleted account is not revived');
      // A second live account with the same email is still refused.
      expectError(await s.request('POST', '/v1/auth/signup', { body: { email: 'again@example.org', password: 'fourth-life-pass', name: 'X' } }), 409, 'email_taken');
    });
  });
}
