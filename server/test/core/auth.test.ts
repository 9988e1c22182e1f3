import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSite, dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';

for (const kind of dbKinds()) {
  describe(`auth (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind, { loginThrottle: { perAccount: 3, perIp: 8, windowSeconds: 600 } });
    });
    after(() => s.close());

    it('signs up, returns a working token, never a hash', async () => {
      const r = await s.request('POST', '/v1/auth/signup', { body: { email: 'Kisan@Example.org', password: 'hara-bhara-123', name: 'Kisan Rao', locale: 'mr' } });
      assert.equal(r.status, 201);
      assert.equal(r.body.user.email, 'kisan@example.org');
      assert.equal(r.body.user.role, 'student');
      assert.equal(r.body.user.emailConfirmed, false);
      assert.doesNotMatch(r.text, /scrypt|password/i);
      const me = await s.request('GET', '/v1/me', { token: r.body.token });
      assert.equal(me.status, 200);
      assert.equal(me.body.locale, 'mr');
      // Email confirmation with the token (exposed in tests only).
      const c = await s.request('POST', '/v1/auth/confirm-email', { body: { token: r.body.emailConfirmationToken } });
      assert.equal(c.status, 200);
      assert.equal(c.body.emailConfirmed, true);
      expectError(await s.request('POST', '/v1/auth/confirm-email', { body: { token: r.body.emailConfirmationToken } }), 400, 'validation_failed');
    });

    it('refuses a taken email with 409 and bad fields with 400', async () => {
      expectError(await s.request('POST', '/v1/auth/signup', { body: { email: 'kisan@example.org', password: 'another-pass', name: 'X' } }), 409, 'email_taken');
      const e = expectError(await s.request('POST', '/v1/auth/signup', { body: { email: 'a@b.co', password: 'short', name: 'X' } }), 400);
      assert.deepEqual(e.details?.[0].path, ['body', 'password']);
      const e2 = expectError(await s.request('POST', '/v1/auth/signup', { body: { email: 'a@b.co', password: 'long-enough', name: 'X', timeZone: 'Mars/Olympus' } }), 400);
      assert.deepEqual(e2.details?.[0].path, ['body', 'timeZone']);
    });

    it('logs in with the right password and refuses a wrong one', async () => {
      const ok = await s.request('POST', '/v1/auth/login', { body: { email: s.accounts.learner.email, password: s.accounts.learner.password } });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.user.role, 'student');
      expectError(await s.request('POST', '/v1/auth/login', { body: { email: s.accounts.learner.email, password: 'wrong-password' } }), 401, 'invalid_credentials');
      expectError(await s.request('POST', '/v1/auth/login', { body: { email: 'nobody@example.org', password: 'whatever1' } }), 401, 'invalid_credentials');
    });

    it('throttles failed logins per account with 429 and Retry-After', async () => {
      const email = 'throttle@example.org';
      await s.request('POST', '/v1/auth/signup', { body: { email, password: 'right-password', name: 'T' } });
      for (let i = 0; i < 3; i++) expectError(await s.request('POST', '/v1/auth/login', { body: { email, password: 'wrong-password' } }), 401);
      const r = await s.request('POST', '/v1/auth/login', { body: { email, password: 'right-password' } });
      expectError(r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) > 0);
    });

    it('throttles failed logins per IP across accounts', async () => {
      // 8 per IP in the window; earlier tests already spent some.
      let last;
      for (let i = 0; i < 10; i++) last = await s.request('POST', '/v1/auth/login', { body: { email: `ip${i}@example.org`, password: 'wrong-password' } });
      expectError(last!, 429, 'rate_limited');
      // Shared by every instance: the counters live in the database.
      const rows = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM login_throttle WHERE bucket LIKE 'login:ip:%'`);
      assert.equal(rows.rows[0].n, 1);
      await s.db.query(`DELETE FROM login_throttle`);
    });

    it('logout revokes the session at once', async () => {
      const r = await s.request('POST', '/v1/auth/signup', { body: { email: 'bye@example.org', password: 'goodbye-123', name: 'Bye' } });
      const token = r.body.token;
      assert.equal((await s.request('POST', '/v1/auth/logout', { token })).status, 200);
      expectError(await s.request('GET', '/v1/me', { token }), 401, 'session_revoked');
    });

    it('logout-all revokes every session of the user', async () => {
      const a = await s.request('POST', '/v1/auth/signup', { body: { email: 'many@example.org', password: 'many-sessions', name: 'M' } });
      const b = await s.request('POST', '/v1/auth/login', { body: { email: 'many@example.org', password: 'many-sessions' } });
      assert.equal((await s.request('POST', '/v1/auth/logout-all', { token: a.body.token })).status, 200);
      expectError(await s.request('GET', '/v1/me', { token: b.body.token }), 401, 'session_revoked');
    });

    it('requires sign-in for /v1/me', async () => {
      expectError(await s.request('GET', '/v1/me'), 401, 'unauthenticated');
    });

    it('updates the profile and validates the time zone', async () => {
      const { token } = await s.newLearner();
      const r = await s.request('PATCH', '/v1/me', { token, body: { timeZone: 'Asia/Kolkata', locale: 'hi', bio: null } });
      assert.equal(r.status, 200);
      assert.equal(r.body.locale, 'hi');
      expectError(await s.request('PATCH', '/v1/me', { token, body: { timeZone: 'Nowhere/Land' } }), 400);
    });

    it('mints embed tokens with the secret key only, linking users by external id', async () => {
      const a = await s.request('POST', '/v1/embed-tokens', { key: s.secretKey, body: { externalId: 'coop-42', name: 'Ramesh', email: 'ramesh@coop.example' } });
      assert.equal(a.status, 201);
      const b = await s.request('POST', '/v1/embed-tokens', { key: s.secretKey, body: { externalId: 'coop-42' } });
      assert.equal(b.body.user.id, a.body.user.id, 'same external id → same user');
      assert.equal(b.body.user.name, 'Ramesh');
      assert.ok(new Date(b.body.expiresAt).getTime() - Date.now() <= 3600_000 + 5000, 'short-lived');
      assert.equal((await s.request('GET', '/v1/me', { token: a.body.token })).body.externalId, 'coop-42');
      expectError(await s.request('POST', '/v1/embed-tokens', { body: { externalId: 'x' } }), 403, 'forbidden');
      expectError(await s.request('POST', '/v1/embed-tokens', { key: null, body: { externalId: 'x' } }), 401, 'missing_publishable_key');
      expectError(await s.request('POST', '/v1/embed-tokens', { key: s.secretKey, body: { externalId: '' } }), 400);
      // The secret key also works in the Authorization header.
      const c = await s.request('POST', '/v1/embed-tokens', { key: null, headers: { authorization: `Bearer ${s.secretKey}` }, body: { externalId: 'coop-43' } });
      assert.equal(c.status, 201);
    });

    it('soft-deleting a user ends their access at once', async () => {
      const learner = await s.newLearner();
      const admin = await s.login('admin');
      assert.equal((await s.request('GET', '/v1/me', { token: learner.token })).status, 200);
      const del = await s.request('PATCH', `/v1/admin/users/${learner.userId}`, { token: admin, body: { deleted: true } });
      assert.equal(del.status, 200);
      expectError(await s.request('GET', '/v1/me', { token: learner.token }), 401);
      expectError(await s.request('GET', `/v1/users/${learner.userId}`), 404);
    });

    it('lets only admins (or the secret key) list and change users', async () => {
      const learner = await s.newLearner();
      const instructor = await s.login('sunita');
      expectError(await s.request('GET', '/v1/admin/users', { token: learner.token }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/admin/users', { token: instructor }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/admin/users'), 401);
      const bySecret = await s.request('GET', '/v1/admin/users?limit=2', { key: s.secretKey });
      assert.equal(bySecret.status, 200);
      assert.equal(bySecret.body.data.length, 2);
      assert.ok(bySecret.body.nextCursor);
      const next = await s.request('GET', `/v1/admin/users?limit=2&cursor=${bySecret.body.nextCursor}`, { key: s.secretKey });
      assert.notEqual(next.body.data[0].id, bySecret.body.data[0].id);
      const promoted = await s.request('PATCH', `/v1/admin/users/${learner.userId}`, { token: await s.login('admin'), body: { role: 'instructor' } });
      assert.equal(promoted.body.role, 'instructor');
      expectError(await s.request('PATCH', `/v1/admin/users/${learner.userId}`, { key: s.secretKey, body: { role: 'king' } }), 400);
      expectError(await s.request('PATCH', '/v1/admin/users/00000000-0000-4000-8000-000000000000', { key: s.secretKey, body: { name: 'X' } }), 404);
    });

    it('shows public profiles without private fields', async () => {
      const admin = await s.login('admin');
      const list = await s.request('GET', '/v1/admin/users?q=sunita', { token: admin });
      const id = list.body.data[0].id;
      const r = await s.request('GET', `/v1/users/${id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.name, 'Dr. Sunita Patil');
      assert.equal(r.body.email, undefined);
    });

    it('refuses a token presented with another site\'s key', async () => {
      const { token } = await s.newLearner();
      // Create a second site directly in the database.
      await createTestSite(s.db, { name: 'Other', publishableKey: 'pk_test_other', secretKey: 'sk_test_other' });
      expectError(await s.request('GET', '/v1/me', { key: 'pk_test_other', token }), 401);
    });
  });
}
