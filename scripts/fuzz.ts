/**
 * The full bad-input storm: `npm run test:fuzz` (≥ 10,000 requests; FURROW_FUZZ_COUNT to change,
 * FURROW_FUZZ_SEED to reproduce). Runs on PGlite, and on PostgreSQL too when
 * FURROW_TEST_DATABASE_URL is set. Prints the counts; exits 1 on any 5xx, any refusal outside
 * the error shape, an unhealthy server after, or a change to data no low-privilege caller may touch.
 */
import { dbKinds, startTestServer } from '../server/test/helpers.js';
import { runStorm, summarise, type StormResult } from '../server/test/hardening/storm.js';
import { collectIds, deletedUserToken, principal, privilegedChecksum, revokedToken } from '../server/test/hardening/support.js';

const COUNT = Number(process.env.FURROW_FUZZ_COUNT ?? 10_000);
const SEED = Number(process.env.FURROW_FUZZ_SEED ?? Date.now() % 1_000_000);

let failures = 0;
let total = 0;
let total5xx = 0;
const show = (r: StormResult) => [...r.fiveXX, ...r.badShape].slice(0, 15).map((x) => `  ${x.status} ${x.req.method} ${x.req.path} [${x.req.label}] → ${x.body}`).join('\n');

for (const kind of dbKinds()) {
  const started = new Date();
  const s = await startTestServer(kind, { writeRateLimitPerMinute: false });
  try {
    const admin = await s.login('admin');
    const learner = await principal(s, 'student', 'fuzz-learner');
    const instructor = await s.login('sunita');
    const revoked = await revokedToken(s);
    const deleted = await deletedUserToken(s, admin);
    const target = {
      url: s.url, publishableKey: s.publishableKey, secretKey: s.secretKey,
      tokens: { learner: learner.token, instructor, admin, revoked: revoked.token, deleted: deleted.token },
      ids: await collectIds(s.db, 30),
    };
    const low = Math.round(COUNT * 0.75);
    const before = await privilegedChecksum(s.db, started);
    const progress = (phase: string) => (n: number) => process.stdout.write(`  [${kind} ${phase}] ${n}\r`);
    const a = await runStorm(target, {
      count: low, seed: SEED, concurrency: 8, progressEvery: 500, onProgress: progress('low'),
      identities: ['learner', 'learner', 'learner', 'learner', 'publishable', 'publishable', 'none', 'wrong-origin', 'bad-token', 'revoked', 'deleted'],
    });
    const after = await privilegedChecksum(s.db, started);
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    const b = await runStorm(target, { count: COUNT - low, seed: SEED + 7, concurrency: 8, progressEvery: 500, onProgress: progress('privileged'), identities: ['instructor', 'instructor', 'admin', 'secret'] });
    const health = await s.request('GET', '/healthz', { key: null });
    console.log(`\n${kind} seed ${SEED}`);
    console.log(`  low privilege: ${summarise(a)}`);
    console.log(`  privileged:    ${summarise(b)}`);
    console.log(`  privileged tables changed by the low-privilege storm: ${changed.length ? changed.join(', ') : 'none'}`);
    console.log(`  /healthz after: ${health.status} ${health.text}`);
    total += a.sent + b.sent;
    total5xx += a.fiveXX.length + b.fiveXX.length;
    for (const r of [a, b]) if (r.fiveXX.length || r.badShape.length) { failures++; console.log(show(r)); }
    if (changed.length || health.status !== 200) failures++;
  } finally {
    await s.close();
  }
}
console.log(`\nfuzz: ${total} requests, ${total5xx} responses ≥ 500, ${failures ? `${failures} problem(s)` : 'no problems'}`);
process.exit(failures ? 1 : 0);
