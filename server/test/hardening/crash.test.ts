/**
 * Crashes: the CLI server is killed with SIGKILL under mixed write load (progress, quiz
 * submissions, sandbox purchases, bookings), restarted on the same storage, and every write it
 * acknowledged (2xx/303) must be there, with nothing half-written. On PGlite (the data
 * directory must reopen and the dead pid's lock be taken over) and on PostgreSQL. Then a Stripe
 * webhook delivered while the server dies and redelivered after makes exactly one purchase.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import pg from 'pg';
import { dbKinds } from '../helpers.js';
import { openPglite } from '../../src/db/pglite.js';
import type { Db } from '../../src/db/types.js';
import { startFakeStripe } from '../commerce/fake-stripe.js';
import { stripeEvent, STRIPE_KEY, WEBHOOK_SECRET } from '../commerce/setup.js';
import { client, startCli, tempPostgres, type CliServer } from './cli.js';

const LOAD_MS = Number(process.env.FURROW_CRASH_LOAD_MS ?? 1500);
const WORKERS = 6;
const urls = { successUrl: 'https://coop.example.org/ok', cancelUrl: 'https://coop.example.org/cancel' };

interface Storage { dataDir: string; databaseUrl?: string; drop(): Promise<void>; open(): Promise<Db> }

async function storage(kind: 'pglite' | 'postgres'): Promise<Storage> {
  const dataDir = await mkdtemp(join(tmpdir(), 'furrow-crash-'));
  if (kind === 'pglite') {
    return { dataDir, drop: () => rm(dataDir, { recursive: true, force: true }), open: () => openPglite(dataDir) };
  }
  const t = await tempPostgres();
  return {
    dataDir, databaseUrl: t.url,
    drop: async () => { await t.drop(); await rm(dataDir, { recursive: true, force: true }); },
    open: async () => {
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      return {
        kind: 'postgres', query: async (sql: string, params?: unknown[]) => { const r = await c.query(sql, params as unknown[]); return { rows: r.rows, rowCount: r.rowCount ?? 0 }; },
        tx: () => { throw new Error('not needed'); }, close: () => c.end(),
      } as unknown as Db;
    },
  };
}

/** Pays a sandbox session the way the hosted page's form does. */
async function sandboxPay(url: string): Promise<number> {
  const page = await (await fetch(url)).text();
  const token = /name="token" value="([^"]*)"/.exec(page)?.[1] ?? '';
  const r = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, method: 'upi' }) });
  await r.arrayBuffer();
  return r.status;
}

for (const kind of dbKinds()) {
  describe(`crash under write load (${kind})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => { for (const c of cleanups.reverse()) await c().catch(() => {}); });

    it('kill -9 mid-load, restart: every acknowledged write is there, nothing half-written', async () => {
      const st = await storage(kind);
      cleanups.push(st.drop);
      let srv: CliServer = await startCli({ dataDir: st.dataDir, demo: true, databaseUrl: st.databaseUrl });
      cleanups.push(() => srv.stop());
      const pk = srv.publishableKey!;
      const sk = srv.secretKey!;
      const call = client(srv.url, pk);

      // Fixtures through the API: a free course with a quiz, free slots, a paid demo course.
      const sunita = (await call('POST', '/v1/auth/login', { body: { email: 'sunita@furrow.demo', password: 'furrow-teach-demo' } })).body.token;
      const course = (await call('POST', '/v1/courses', { token: sunita, body: { title: 'Crash course', description: 'x', category: 'soil-health', level: 'beginner', languages: ['en'] } })).body.id;
      const section = (await call('POST', `/v1/courses/${course}/sections`, { token: sunita, body: { title: 'S' } })).body.id;
      const lesson = (await call('POST', `/v1/sections/${section}/lessons`, { token: sunita, body: { title: 'L', contentType: 'text', status: 'public', body: 'x' } })).body.id;
      const quiz = (await call('POST', `/v1/courses/${course}/quizzes`, { token: sunita, body: { title: 'Q', maxAttempts: null } })).body.id;
      const question = (await call('POST', `/v1/quizzes/${quiz}/questions`, { token: sunita, body: { type: 'true_false', text: 'Soil is alive?', options: [{ text: 'True', isCorrect: true }, { text: 'False', isCorrect: false }] } })).body;
      assert.equal((await call('PATCH', `/v1/courses/${course}`, { token: sunita, body: { status: 'published' } })).status, 200);
      const slots: string[] = [];
      for (let i = 0; i < 40; i++) {
        const start = new Date(Date.now() + (300 + i * 2) * 3_600_000);
        start.setUTCMinutes(0, 0, 0);
        const r = await call('POST', '/v1/slots', { token: sunita, body: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1_800_000).toISOString() } });
        assert.equal(r.status, 201, r.text);
        slots.push(r.body.id);
      }
      const paid = (await call('GET', '/v1/courses?price=paid&limit=50')).body.data.map((c: { id: string }) => c.id) as string[];
      assert.ok(paid.length >= 2);
      const learners: { token: string; userId: string }[] = [];
      for (let i = 0; i < WORKERS; i++) {
        const r = await call('POST', '/v1/embed-tokens', { key: sk, body: { externalId: `crash-${kind}-${i}`, name: `Crash ${i}` } });
        learners.push({ token: r.body.token, userId: r.body.user.id });
        assert.equal((await call('POST', `/v1/courses/${course}/enroll`, { token: r.body.token })).status, 201);
      }

      // Mixed write load; each acknowledged write is recorded.
      const acked = { progress: new Map<string, number>(), attempts: [] as string[], submitted: [] as string[], purchases: [] as { userId: string; courses: string[] }[], bookings: [] as string[], sessions: [] as string[] };
      let stop = false;
      let slotNext = 0;
      const worker = async (w: number) => {
        const l = learners[w];
        let n = 0;
        while (!stop) {
          n++;
          try {
            switch (n % 4) {
              case 0: {
                const r = await call('PUT', `/v1/lessons/${lesson}/progress`, { token: l.token, body: { timeSpentDeltaSeconds: 1 } });
                if (r.status === 200) acked.progress.set(l.userId, (acked.progress.get(l.userId) ?? 0) + 1);
                break;
              }
              case 1: {
                const a = await call('POST', `/v1/quizzes/${quiz}/attempts`, { token: l.token });
                if (a.status !== 201) break;
                acked.attempts.push(a.body.id);
                const s = await call('POST', `/v1/attempts/${a.body.id}/submit`, { token: l.token, body: { answers: [{ questionId: question.id, optionId: question.options[0].id }] } });
                if (s.status === 200) acked.submitted.push(a.body.id);
                break;
              }
              case 2: {
                const target = paid[(w + n) % paid.length];
                const c = await call('POST', '/v1/checkout/sessions', { token: l.token, body: { courseId: target, ...urls } });
                if (c.status !== 201) break;
                acked.sessions.push(c.body.id);
                if (c.body.url && (await sandboxPay(c.body.url)) === 303) acked.purchases.push({ userId: l.userId, courses: [target] });
                break;
              }
              case 3: {
                const slot = slots[slotNext++ % slots.length];
                const b = await call('POST', '/v1/bookings', { token: l.token, body: { slotId: slot } });
                if (b.status === 201) acked.bookings.push(b.body.id);
                break;
              }
            }
          } catch {
            // In flight when the server died: not acknowledged, so nothing is owed.
          }
        }
      };
      const load = Promise.all(learners.map((_, i) => worker(i)));
      await new Promise((r) => setTimeout(r, LOAD_MS));
      await srv.kill9();
      stop = true;
      await load;

      // Restart on the same storage: PGlite recovers, the dead pid's lock is taken over.
      srv = await startCli({ dataDir: st.dataDir, databaseUrl: st.databaseUrl });
      const health = await fetch(`${srv.url}/healthz`);
      assert.equal(health.status, 200);
      // Still takes writes after the restart.
      const after = await client(srv.url, pk)('PUT', `/v1/lessons/${lesson}/progress`, { token: learners[0].token, body: { timeSpentDeltaSeconds: 1 } });
      assert.equal(after.status, 200, after.text);
      acked.progress.set(learners[0].userId, (acked.progress.get(learners[0].userId) ?? 0) + 1);
      await srv.stop();

      const db = await st.open();
      try {
        let found = 0;
        let ackCount = 0;
        for (const [userId, n] of acked.progress) {
          ackCount += n;
          const r = await db.query<{ t: number }>(`SELECT time_spent_seconds AS t FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`, [userId, lesson]);
          assert.ok((r.rows[0]?.t ?? 0) >= n, `progress of ${userId}: ${n} acknowledged, ${r.rows[0]?.t ?? 0} stored`);
          found += Math.min(n, r.rows[0]?.t ?? 0);
        }
        const ids = async (table: string, list: string[], where = '') => list.length ? (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::${table === 'checkout_sessions' ? 'text' : 'uuid'}[]) ${where}`, [list])).rows[0].n : 0;
        const attemptsFound = await ids('quiz_attempts', acked.attempts);
        const submittedFound = await ids('quiz_attempts', acked.submitted, `AND status <> 'in_progress'`);
        const sessionsFound = await ids('checkout_sessions', acked.sessions);
        const bookingsFound = await ids('bookings', acked.bookings, `AND status IN ('pending', 'confirmed')`);
        let purchasesFound = 0;
        for (const p of acked.purchases) {
          const r = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM purchases p JOIN purchase_courses pc ON pc.purchase_id = p.id WHERE p.user_id = $1 AND pc.course_id = $2 AND p.status = 'succeeded'`, [p.userId, p.courses[0]]);
          if (r.rows[0].n >= 1) purchasesFound++;
        }
        // Nothing half-written, acknowledged or not.
        const halfPurchases = (await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM purchases p JOIN purchase_courses pc ON pc.purchase_id = p.id
            WHERE p.status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = p.user_id AND e.course_id = pc.course_id AND e.is_active)`)).rows[0].n;
        const purchaseless = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM purchases p WHERE NOT EXISTS (SELECT 1 FROM purchase_courses pc WHERE pc.purchase_id = p.id)`)).rows[0].n;
        const completeWithout = (await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM checkout_sessions c WHERE c.status = 'complete' AND c.kind = 'product' AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.provider_session_id = c.id)`)).rows[0].n;
        const badBookings = (await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bookings b JOIN availability_slots s ON s.id = b.slot_id WHERE b.status IN ('pending', 'confirmed') AND NOT s.is_booked`)).rows[0].n;
        const orphanSlots = (await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM availability_slots s WHERE s.is_booked AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled')`)).rows[0].n;
        const doubleBooked = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT slot_id FROM bookings WHERE status <> 'cancelled' GROUP BY slot_id HAVING count(*) > 1) x`)).rows[0].n;
        const emptyGraded = (await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM quiz_attempts a WHERE a.status <> 'in_progress' AND a.quiz_id = $1 AND NOT EXISTS (SELECT 1 FROM quiz_answers q WHERE q.attempt_id = a.id)`, [quiz])).rows[0].n;
        const acks = ackCount + acked.attempts.length + acked.submitted.length + acked.sessions.length + acked.purchases.length + acked.bookings.length;
        const got = found + attemptsFound + submittedFound + sessionsFound + purchasesFound + bookingsFound;
        console.log(`[crash ${kind}] acknowledged writes ${acks}, found after restart ${got} (progress ${ackCount}/${found}, attempts ${acked.attempts.length}/${attemptsFound}, ` +
          `submissions ${acked.submitted.length}/${submittedFound}, checkouts ${acked.sessions.length}/${sessionsFound}, purchases ${acked.purchases.length}/${purchasesFound}, bookings ${acked.bookings.length}/${bookingsFound}); ` +
          `half-written: purchases without enrolment ${halfPurchases}, purchases without courses ${purchaseless}, paid sessions without purchase ${completeWithout}, live bookings on free slots ${badBookings}, booked slots without booking ${orphanSlots}, double-booked ${doubleBooked}, graded attempts without answers ${emptyGraded}`);
        assert.ok(acks > 20, `too little load before the crash (${acks} writes)`);
        assert.equal(got, acks);
        assert.deepEqual([halfPurchases, purchaseless, completeWithout, badBookings, orphanSlots, doubleBooked, emptyGraded], [0, 0, 0, 0, 0, 0, 0]);
      } finally {
        await db.close();
      }
    });

    it('a Stripe webhook delivered as the server dies and redelivered after makes one purchase', async () => {
      const st = await storage(kind);
      cleanups.push(st.drop);
      const fake = await startFakeStripe();
      cleanups.push(() => fake.close());
      const env = { STRIPE_SECRET_KEY: STRIPE_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: `http://${fake.host}:${fake.port}` };
      let srv = await startCli({ dataDir: st.dataDir, demo: true, databaseUrl: st.databaseUrl, env });
      cleanups.push(() => srv.stop());
      const pk = srv.publishableKey!;
      const call = client(srv.url, pk);
      const learner = (await call('POST', '/v1/embed-tokens', { key: srv.secretKey!, body: { externalId: `hook-${kind}`, name: 'Hook' } })).body;
      const paid = (await call('GET', '/v1/courses?price=paid&limit=1')).body.data[0].id;
      const cs = await call('POST', '/v1/checkout/sessions', { token: learner.token, body: { courseId: paid, ...urls } });
      assert.equal(cs.status, 201, cs.text);
      const event = stripeEvent('checkout.session.completed', fake.pay(cs.body.id));
      const payload = JSON.stringify(event);
      const sign = () => new Stripe('sk_test_signer_only').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      const deliver = (url: string) => fetch(`${url}/v1/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign() }, body: payload });

      // Delivered, and the server killed while it handles it.
      const first = deliver(srv.url).then((r) => r.status, () => 0);
      await new Promise((r) => setTimeout(r, 5));
      await srv.kill9();
      const firstStatus = await first;

      srv = await startCli({ dataDir: st.dataDir, databaseUrl: st.databaseUrl, env });
      // Stripe redelivers (twice, to be sure).
      assert.equal((await deliver(srv.url)).status, 200);
      assert.equal((await deliver(srv.url)).status, 200);
      const mine = await client(srv.url, pk)('GET', '/v1/purchases', { token: learner.token });
      assert.equal(mine.status, 200);
      await srv.stop();
      const db = await st.open();
      try {
        const n = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM purchases WHERE user_id = $1`, [learner.user.id])).rows[0].n;
        const enrolled = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1 AND course_id = $2 AND is_active`, [learner.user.id, paid])).rows[0].n;
        console.log(`[crash ${kind}] webhook: first delivery ${firstStatus || 'cut off'}, redelivered twice → purchases ${n}, enrolments ${enrolled}`);
        assert.equal(n, 1);
        assert.equal(enrolled, 1);
        assert.equal(mine.body.data.length, 1);
      } finally {
        await db.close();
      }
    });
  });
}
