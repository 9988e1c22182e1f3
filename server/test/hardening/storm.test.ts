/**
 * Bad-input storm at CI size (fixed seeds): every operation of the OpenAPI document gets bent
 * requests. No 5xx, every refusal in the error shape, the server healthy after, and nothing a
 * low-privilege caller must not change has changed. `npm run test:fuzz` runs the same storm
 * at ≥ 10,000 requests (scripts/fuzz.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSite, dbKinds, startTestServer, type TestServer } from '../helpers.js';
import { makeOperator, operatorToken } from '../sites/support.js';
import { runStorm, stormOperations, summarise, type StormResult, type StormTarget } from './storm.js';
import { collectIds, deadJob, deletedUserToken, principal, privilegedChecksum, revokedToken } from './support.js';

const LOW_COUNT = Number(process.env.FURROW_STORM_COUNT ?? 700);
const HIGH_COUNT = Math.round(LOW_COUNT / 3);
const SEED = Number(process.env.FURROW_STORM_SEED ?? 20260708);

function report(r: StormResult): string {
  const show = (xs: StormResult['fiveXX']) => xs.slice(0, 8).map((x) => `  ${x.status} ${x.req.method} ${x.req.path} [${x.req.label}] → ${x.body}`).join('\n');
  return `${summarise(r)}\n${r.fiveXX.length ? `5xx:\n${show(r.fiveXX)}\n` : ''}${r.badShape.length ? `not the error shape:\n${show(r.badShape)}` : ''}`;
}

// One database kind is enough for the CI storm (the full run covers both); PGlite is the default.
for (const kind of dbKinds().slice(0, process.env.FURROW_STORM_ALL_KINDS ? 2 : 1)) {
  describe(`bad-input storm (${kind})`, () => {
    let s: TestServer;
    let target: StormTarget;
    const started = new Date();
    before(async () => {
      s = await startTestServer(kind, { writeRateLimitPerMinute: false });
      const admin = await s.login('admin');
      const learner = await principal(s, 'student', 'storm-learner');
      const instructor = await s.login('sunita');
      const revoked = await revokedToken(s);
      const deleted = await deletedUserToken(s, admin);
      // A dead job for the retry route to aim at (low-privilege callers must leave it dead).
      const dead = await deadJob(s.db, 'storm.fixture');
      const operator = await operatorToken(s.url, await makeOperator(s.db));
      // A site the operator's share of the privileged storm may bend (never the demo site the others use).
      const sacrificial = await createTestSite(s.db, { name: 'Storm site', origins: ['https://storm.example'] });
      target = {
        url: s.url, publishableKey: s.publishableKey, secretKey: s.secretKey,
        tokens: { learner: learner.token, instructor, admin, operator, revoked: revoked.token, deleted: deleted.token },
        ids: [...new Set([...(await collectIds(s.db)), dead, sacrificial.siteId])],
      };
    });
    after(() => s.close());

    it('covers every operation of the OpenAPI document', () => {
      const ops = stormOperations();
      assert.ok(ops.filter((o) => !o.extra).length >= 100, `only ${ops.length} operations`);
    });

    it(`low-privilege storm (${LOW_COUNT} requests): no 5xx, error shape, privileged data unchanged`, async () => {
      const before = await privilegedChecksum(s.db, started);
      const r = await runStorm(target, {
        count: LOW_COUNT, seed: SEED, concurrency: 6,
        // Weighted towards callers that get past authentication, so bodies reach the handlers.
        identities: ['learner', 'learner', 'learner', 'learner', 'publishable', 'publishable', 'none', 'wrong-origin', 'bad-token', 'revoked', 'deleted'],
      });
      console.log(`[storm ${kind}] low privilege: ${summarise(r)}`);
      assert.equal(r.fiveXX.length, 0, report(r));
      assert.equal(r.badShape.length, 0, report(r));
      assert.ok(r.sent >= LOW_COUNT * 0.95, `sent ${r.sent} of ${LOW_COUNT}`);
      const health = await s.request('GET', '/healthz', { key: null });
      assert.equal(health.status, 200);
      assert.equal(health.body.ok, true);
      const afterSum = await privilegedChecksum(s.db, started);
      for (const table of Object.keys(before)) assert.equal(afterSum[table], before[table], `${table} changed during the low-privilege storm`);
    });

    it(`privileged storm (${HIGH_COUNT} requests as instructor, admin, secret key, operator): no 5xx, error shape`, async () => {
      const r = await runStorm(target, { count: HIGH_COUNT, seed: SEED + 1, concurrency: 6, identities: ['instructor', 'instructor', 'admin', 'secret', 'operator'] });
      console.log(`[storm ${kind}] privileged: ${summarise(r)}`);
      assert.equal(r.fiveXX.length, 0, report(r));
      assert.equal(r.badShape.length, 0, report(r));
      const health = await s.request('GET', '/healthz', { key: null });
      assert.equal(health.status, 200);
      // Still serving real work after the storm.
      const list = await s.request('GET', '/v1/courses?limit=3');
      assert.equal(list.status, 200);
      assert.equal(list.body.data.length, 3);
    });
  });
}
