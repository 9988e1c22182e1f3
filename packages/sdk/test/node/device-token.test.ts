// The SDK keeps the device token a sign-in returns and sends it on the next sign-in, against the
// real server: other people's wrong guesses do not hold that device back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFurrow, FurrowHttpError, type DeviceTokenStore } from '@furrow/sdk';
import { startTestServer, type TestServer } from '../../../../server/test/helpers.js';

const memoryStore = () => {
  const box: { token: string | null; sets: number } = { token: null, sets: 0 };
  const store: DeviceTokenStore = { get: () => box.token, set: (t) => { box.token = t; box.sets++; } };
  return { box, store };
};

describe('SDK device token (real server, pglite)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer('pglite', { loginThrottle: { perAccount: 3, perIp: 50, windowSeconds: 900 } });
  });
  after(() => s.close());
  const sent: { url: string; device: string | null }[] = [];
  // Records what each request carried, then sends it for real.
  const recording: typeof fetch = (input, init) => {
    const req = new Request(input, init);
    sent.push({ url: req.url, device: req.headers.get('x-furrow-device') });
    return fetch(req);
  };
  const client = (deviceStore?: DeviceTokenStore) =>
    createFurrow({ baseUrl: s.url, publishableKey: s.publishableKey, retry: 0, fetch: recording, ...(deviceStore ? { deviceStore } : {}) });

  it('keeps the token from signup and signs in with it while a new device is throttled', async () => {
    const mine = memoryStore();
    const email = 'sdk-device@example.org';
    await client(mine.store).auth.signup({ email, password: 'device-password', name: 'Device' });
    assert.match(mine.box.token ?? '', /^fdv_/);
    const stranger = client(memoryStore().store);
    for (let i = 0; i < 3; i++) await assert.rejects(stranger.auth.login({ email, password: 'wrong-guess' }), (e) => e instanceof FurrowHttpError && e.status === 401);
    await assert.rejects(stranger.auth.login({ email, password: 'device-password' }), (e) => e instanceof FurrowHttpError && e.status === 429 && e.code === 'rate_limited');
    // Same IP, right password, the kept token: signed in.
    const again = client(mine.store);
    const session = await again.auth.login({ email, password: 'device-password' });
    assert.equal(again.getToken(), session.token);
    assert.equal(session.deviceToken, undefined, 'a known device keeps its token');
    assert.equal(mine.box.sets, 1);
    // The header goes on sign-in only: it would only track the device anywhere else.
    sent.length = 0;
    await again.auth.me.retrieve();
    await again.auth.login({ email, password: 'device-password' });
    assert.deepEqual(sent.map((r) => [new URL(r.url).pathname, r.device]), [['/v1/me', null], ['/v1/auth/login', mine.box.token]]);
  });

  it('works with no storage at all (the token lives in memory)', async () => {
    const broken: DeviceTokenStore = { get: () => { throw new Error('SecurityError'); }, set: () => { throw new Error('SecurityError'); } };
    const c = client(broken);
    const r = await c.auth.signup({ email: 'sdk-nostore@example.org', password: 'no-store-pass', name: 'N' });
    assert.match(r.deviceToken ?? '', /^fdv_/);
    assert.ok((await c.auth.login({ email: 'sdk-nostore@example.org', password: 'no-store-pass' })).token);
  });

  it('confirmPasswordReset signs in; requestPasswordReset answers the same for anyone', async () => {
    const c = client(memoryStore().store);
    await c.auth.signup({ email: 'sdk-reset@example.org', password: 'before-reset', name: 'R' });
    assert.deepEqual(await c.auth.requestPasswordReset({ email: 'sdk-reset@example.org' }), { ok: true });
    assert.deepEqual(await c.auth.requestPasswordReset({ email: 'sdk-nobody@example.org' }), { ok: true });
    const mail = await s.db.query<{ text_body: string }>(`SELECT text_body FROM mail_outbox WHERE to_address = 'sdk-reset@example.org' AND kind = 'password_reset'`);
    // No passwordResetUrl configured: the link is on the server's public URL.
    assert.ok(mail.rows[0].text_body.includes(`${s.url}/reset-password?token=`), mail.rows[0].text_body);
    const token = mail.rows[0].text_body.match(/token=([\w-]+)/)![1];
    const fresh = client();
    const session = await fresh.auth.confirmPasswordReset({ token, password: 'after-reset-1' });
    assert.equal(fresh.getToken(), session.token);
    assert.equal((await fresh.auth.me.retrieve()).email, 'sdk-reset@example.org');
  });
});
