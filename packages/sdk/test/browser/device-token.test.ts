// In real Chromium against the real server: the device token survives in localStorage, crosses
// CORS as X-Furrow-Device, and keeps this device signing in while a new device is throttled.
import { FurrowHttpError } from '@furrow/sdk';
import { client, env, envError } from './support.js';
import { equal, ok, rejects } from './assert.js';

describe('SDK device token (real server, Chromium)', function () {
  before(function () {
    if (!env) throw new Error(`Furrow server did not start: ${envError}`);
  });

  it('keeps the token in localStorage and signs in with it while a new device waits', async () => {
    const key = `furrow:device:${env!.baseUrl}`;
    localStorage.removeItem(key);
    const email = `device-${crypto.randomUUID()}@example.in`;
    const password = 'device password 1';
    await client().auth.signup({ email, password, name: 'Device' });
    const kept = localStorage.getItem(key);
    ok(kept && kept.startsWith('fdv_'), `kept ${kept}`);
    // A new device (nothing stored) spends the (account, IP) budget, then waits.
    const stranger = client({ deviceStore: { get: () => null, set: () => {} }, retry: 0 });
    for (let i = 0; i < 5; i++) {
      await rejects<FurrowHttpError>(stranger.auth.login({ email, password: `wrong ${i}` }), (e) => e instanceof FurrowHttpError && e.status === 401);
    }
    const held = await rejects<FurrowHttpError>(stranger.auth.login({ email, password }), (e) => e instanceof FurrowHttpError && e.status === 429);
    equal(held.code, 'rate_limited');
    ok((held.retryAfter ?? 0) > 0, 'Retry-After is exposed to the page');
    // A fresh client on this page reads the kept token and is not held back.
    const mine = client({ retry: 0 });
    const session = await mine.auth.login({ email, password });
    equal(mine.getToken(), session.token);
    equal(localStorage.getItem(key), kept, 'a known device keeps its token');
  });
});
