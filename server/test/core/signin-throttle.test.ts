/**
 * Sign-in throttling without lockout (issue 15): failure slots claimed before the password
 * check, growing waits on the injected clock, and a known device that other people's guesses
 * never hold back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { addresses, testClock } from './signin-support.js';
import { passwordChecks } from '../../src/core/password.js';
import { pruneSignin, throttleSettings } from '../../src/modules/login-throttle.js';

const LIMITS = { perAccount: 5, perIp: 20, perDevice: 5, windowSeconds: 900, baseDelaySeconds: 30, maxDelaySeconds: 3600 };

for (const kind of dbKinds()) {
  describe(`sign-in throttle (${kind})`, () => {
    let s: TestServer;
    const { now, tick } = testClock();
    const newIp = addresses('203.0.113');

    before(async () => {
      s = await startTestServer(kind, { trustProxy: true, loginThrottle: LIMITS, now });
    });
    after(() => s.close());

    const login = (email: string, password: string, ip: string, device?: string) =>
      s.request('POST', '/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip, ...(device ? { 'x-furrow-device': device } : {}) } });

    async function signup(email: string, password: string, ip: string): Promise<{ deviceToken: string }> {
      const r = await s.request('POST', '/v1/auth/signup', { body: { email, password, name: 'Owner' }, headers: { 'x-forwarded-for': ip } });
      assert.equal(r.status, 201, r.text);
      return r.body;
    }

    it('forty parallel wrong passwords for one account reach the password check only perAccount times', async () => {
      const email = 'parallel@example.org';
      const ip = newIp();
      await signup(email, 'the-right-password', newIp());
      const before = passwordChecks.count;
      const all = await Promise.all(Array.from({ length: 40 }, () => login(email, 'wrong-password', ip)));
      const checks = passwordChecks.count - before;
      assert.equal(checks, LIMITS.perAccount, `password checked ${checks} times`);
      assert.equal(all.filter((r) => r.status === 401).length, LIMITS.perAccount);
      const refused = all.filter((r) => r.status === 429);
      assert.equal(refused.length, 40 - LIMITS.perAccount);
      for (const r of refused) {
        expectError(r, 429, 'rate_limited');
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
      }
    });

    it('forty parallel wrong passwords for forty accounts from one IP reach the check only perIp times', async () => {
      const ip = newIp();
      const before = passwordChecks.count;
      const all = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`nobody${i}@example.org`, 'wrong-password', ip)));
      assert.equal(passwordChecks.count - before, LIMITS.perIp);
      assert.equal(all.filter((r) => r.status === 429).length, 40 - LIMITS.perIp);
      // The waits are rows shared by every instance, keyed by IP and by (account, IP).
      const rows = await s.db.query<{ failures: number }>(`SELECT failures FROM login_throttle WHERE bucket = $1`, [`login:ip:${ip}`]);
      assert.equal(rows.rows[0].failures, LIMITS.perIp);
    });

    it("the owner's device signs in while someone guesses from another IP and from the same IP; a new device waits out a growing Retry-After", async () => {
      const email = 'owner@example.org';
      const home = newIp();
      const away = newIp();
      await signup(email, 'first-password-1', home);
      // The owner signs in at home once: that device now has a token.
      const first = await login(email, 'first-password-1', home);
      assert.equal(first.status, 200, first.text);
      const device = first.body.deviceToken as string;
      assert.match(device, /^fdv_/);
      // Someone guesses from away, and from home (the same NAT address), until both are held back.
      for (let i = 0; i < LIMITS.perAccount; i++) expectError(await login(email, 'guess-' + i, away), 401, 'invalid_credentials');
      for (let i = 0; i < LIMITS.perIp; i++) expectError(await login(i < LIMITS.perAccount ? email : `other${i}@example.org`, 'guess-' + i, home), 401);
      expectError(await login(email, 'first-password-1', home), 429, 'rate_limited');
      expectError(await login(email, 'first-password-1', away), 429, 'rate_limited');
      // The owner's device is not held back, at home or away.
      assert.equal((await login(email, 'first-password-1', home, device)).status, 200);
      assert.equal((await login(email, 'first-password-1', away, device)).status, 200);

      // A new device away (no token) waits; each further failure after a wait doubles the wait.
      const waits: number[] = [];
      for (let round = 0; round < 3; round++) {
        const res = await login(email, 'first-password-1', away);
        expectError(res, 429, 'rate_limited');
        const wait = Number(res.headers.get('retry-after'));
        waits.push(wait);
        tick(wait - 1);
        expectError(await login(email, 'first-password-1', away), 429); // not yet
        tick(1);
        expectError(await login(email, 'another-guess', away), 401); // the wait is over: one more guess, then a longer wait
      }
      assert.deepEqual(waits, [30, 60, 120]);
      // After the last wait, the right password from the new device works, and clears its counter.
      const last = await login(email, 'first-password-1', away);
      const w = Number(last.headers.get('retry-after'));
      assert.equal(w, 240);
      tick(w);
      const ok = await login(email, 'first-password-1', away);
      assert.equal(ok.status, 200, ok.text);
      assert.match(ok.body.deviceToken, /^fdv_/, 'a new device gets its own token');
      const rows = await s.db.query(`SELECT 1 FROM login_throttle WHERE bucket = $1`, [`login:acct-ip:${email}|${away}`]);
      assert.equal(rows.rows.length, 0);
    });

    it("a device token is only good for its own account, and a device's own wrong guesses have their own budget", async () => {
      const ip = newIp();
      const a = await signup('dev-a@example.org', 'password-of-a', ip);
      await signup('dev-b@example.org', 'password-of-b', ip);
      // A's device token does nothing for B: B's (account, IP) budget applies.
      for (let i = 0; i < LIMITS.perAccount; i++) expectError(await login('dev-b@example.org', 'wrong-password', ip, a.deviceToken), 401);
      expectError(await login('dev-b@example.org', 'password-of-b', ip, a.deviceToken), 429);
      // On its own account the device spends its own budget, then waits too.
      for (let i = 0; i < LIMITS.perDevice; i++) expectError(await login('dev-a@example.org', 'wrong-password', ip, a.deviceToken), 401);
      expectError(await login('dev-a@example.org', 'password-of-a', ip, a.deviceToken), 429);
      // A garbage device header is only no device.
      expectError(await login('dev-a@example.org', 'wrong-password', newIp(), 'fdv_' + 'x'.repeat(500)), 401);
    });

    it('a quiet window forgets the failures', async () => {
      const ip = newIp();
      await signup('quiet@example.org', 'quiet-password', newIp());
      for (let i = 0; i < LIMITS.perAccount; i++) expectError(await login('quiet@example.org', 'wrong-password', ip), 401);
      expectError(await login('quiet@example.org', 'quiet-password', ip), 429);
      tick(LIMITS.baseDelaySeconds + LIMITS.windowSeconds);
      // A fresh start: the budget is whole again.
      for (let i = 0; i < LIMITS.perAccount - 1; i++) expectError(await login('quiet@example.org', 'wrong-password', ip), 401);
      assert.equal((await login('quiet@example.org', 'quiet-password', ip)).status, 200);
    });

    it('the hourly prune forgets quiet buckets only', async () => {
      const ip = newIp();
      expectError(await login('prune@example.org', 'wrong-password', ip), 401);
      tick(LIMITS.windowSeconds + 3600);
      const recent = newIp();
      expectError(await login('prune@example.org', 'wrong-password', recent), 401);
      const before = (await s.db.query(`SELECT bucket FROM login_throttle`)).rows.length;
      const { buckets } = await pruneSignin(s.db, throttleSettings(s.services), now());
      const left = (await s.db.query<{ bucket: string }>(`SELECT bucket FROM login_throttle ORDER BY bucket`)).rows.map((r) => r.bucket);
      assert.ok(buckets > 0 && buckets === before - left.length);
      assert.deepEqual(left, [`login:acct-ip:prune@example.org|${recent}`, `login:ip:${recent}`]);
    });
  });
}
