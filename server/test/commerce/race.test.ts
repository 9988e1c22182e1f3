/**
 * Exactly-once under real concurrency: PostgreSQL only (PGlite has one connection, so it
 * cannot race). Skipped without FURROW_TEST_DATABASE_URL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers.js';
import { BOOKING_RULES, releaseUnpaidBookings } from '../../src/modules/booking.js';
import { productOf, courseId, sendWebhook, startStripeServer, stripeEvent, window, type StripeTestServer } from './setup.js';

const pg = !!process.env.FURROW_TEST_DATABASE_URL;
const RACERS = 100;

function tally(rs: { status: number; body: any }[]) {
  const out: Record<string, number> = {};
  for (const r of rs) {
    const k = r.status === 201 ? '201' : `${r.status} ${r.body?.error?.code}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('booking races (postgres)', { skip: !pg && 'set FURROW_TEST_DATABASE_URL' }, () => {
  let s: TestServer;
  let learners: { token: string; userId: string }[];
  let sunita: string;
  before(async () => {
    s = await startTestServer('postgres');
    sunita = await s.login('sunita');
    learners = [];
    for (let i = 0; i < RACERS; i++) learners.push(await s.newLearner(`racer-${i}`));
  });
  after(() => s?.close());

  test(`${RACERS} learners booking one slot: exactly one wins`, async () => {
    const slot = (await s.request('POST', '/v1/slots', { token: sunita, body: window(400) })).body;
    const rs = await Promise.all(learners.map((l) => s.request('POST', '/v1/bookings', { token: l.token, body: { slotId: slot.id } })));
    const t = tally(rs);
    console.log(`  same slot: ${JSON.stringify(t)}`);
    assert.deepEqual(t, { '201': 1, '409 slot_taken': RACERS - 1 });
    const live = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bookings WHERE slot_id = $1 AND status <> 'cancelled'`, [slot.id]);
    assert.equal(live.rows[0].n, 1);
  });

  test(`${RACERS} learners racing for overlapping slots of one instructor: exactly one wins`, async () => {
    // The API refuses overlapping slots, so these come from an import straight into the table.
    const me = (await s.request('GET', '/v1/me', { token: sunita })).body.id;
    const base = Date.now() + 450 * 3_600_000;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = randomUUID();
      ids.push(id);
      await s.db.query(`INSERT INTO availability_slots (id, instructor_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)`,
        [id, me, new Date(base + i * 15 * 60_000), new Date(base + i * 15 * 60_000 + 3_600_000)]);
    }
    const rs = await Promise.all(learners.map((l, i) => s.request('POST', '/v1/bookings', { token: l.token, body: { slotId: ids[i % ids.length] } })));
    const t = tally(rs);
    console.log(`  overlapping slots: ${JSON.stringify(t)}`);
    assert.deepEqual(t, { '201': 1, '409 slot_taken': RACERS - 1 });
  });

  test('one learner racing for overlapping slots of different instructors: booked once', async () => {
    const rajesh = await s.login('rajesh');
    const w = window(500);
    const a = (await s.request('POST', '/v1/slots', { token: sunita, body: w })).body;
    const b = (await s.request('POST', '/v1/slots', { token: rajesh, body: w })).body;
    const l = learners[0];
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => s.request('POST', '/v1/bookings', { token: l.token, body: { slotId: i % 2 ? a.id : b.id } })));
    const t = tally(rs);
    console.log(`  one learner, two instructors: ${JSON.stringify(t)}`);
    assert.equal(t['201'], 1);
    assert.equal(rs.length - 1, (t['409 slot_taken'] ?? 0) + (t['409 booking_overlap'] ?? 0));
  });

  test('concurrent slot creation by one instructor never overlaps', async () => {
    const w = window(600);
    const rs = await Promise.all(Array.from({ length: 20 }, () => s.request('POST', '/v1/slots', { token: sunita, body: w })));
    const t = tally(rs);
    assert.deepEqual(t, { '201': 1, '409 slot_overlap': 19 });
  });
});

describe('webhook races (postgres)', { skip: !pg && 'set FURROW_TEST_DATABASE_URL' }, () => {
  let s: StripeTestServer;
  before(async () => { s = await startStripeServer('postgres'); });
  after(() => s?.close());

  test('the same completion delivered 30 times at once, plus distinct events for it, makes one purchase', async () => {
    const { token } = await s.newLearner();
    const product = await productOf(s, await courseId(s, 'Vermicompost'));
    const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: product.id, successUrl: 'https://a.example/s', cancelUrl: 'https://a.example/c' } });
    const paid = s.fake.pay(c.body.id);
    const same = stripeEvent('checkout.session.completed', paid);
    const rs = await Promise.all([
      ...Array.from({ length: 30 }, () => sendWebhook(s, same)),
      ...Array.from({ length: 10 }, () => sendWebhook(s, stripeEvent('checkout.session.completed', paid))),
      ...Array.from({ length: 10 }, () => s.request('GET', `/v1/checkout/sessions/${c.body.id}`, { token })),
    ]);
    assert.deepEqual([...new Set(rs.map((r) => r.status))], [200]);
    const n = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM purchases WHERE provider_session_id = $1`, [c.body.id]);
    assert.equal(n.rows[0].n, 1);
    const e = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stripe_events WHERE id = $1`, [same.id]);
    assert.equal(e.rows[0].n, 1);
  });

  test('a payment landing while the unpaid hold is released: confirmed and paid, or cancelled and refunded — never in between', async () => {
    const sunita = await s.login('sunita');
    const outcomes: Record<string, number> = {};
    for (let round = 0; round < 12; round++) {
      const slot = (await s.request('POST', '/v1/slots', { token: sunita, body: { ...window(700 + round * 3), price: { amount: 15000, currency: 'INR' } } })).body;
      const { token } = await s.newLearner();
      const b = (await s.request('POST', '/v1/bookings', { token, body: { slotId: slot.id } })).body;
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { bookingId: b.id, successUrl: 'https://a.example/s', cancelUrl: 'https://a.example/c' } });
      assert.equal(c.status, 201, c.text);
      // The hold ran out just as the learner paid on Stripe's page.
      const aged = BOOKING_RULES.paymentHoldMinutes + 1;
      await s.db.query(`UPDATE bookings SET created_at = created_at - make_interval(mins => $2) WHERE id = $1`, [b.id, aged]);
      await s.db.query(`UPDATE checkout_sessions SET created_at = created_at - make_interval(mins => $2) WHERE booking_id = $1`, [b.id, aged]);
      const paid = stripeEvent('checkout.session.completed', s.fake.pay(c.body.id));
      const rs = await Promise.all([
        ...Array.from({ length: 4 }, () => sendWebhook(s, paid)),
        ...Array.from({ length: 4 }, () => releaseUnpaidBookings(s.services).then(() => ({ status: 200 }))),
      ]);
      assert.deepEqual([...new Set(rs.map((r) => r.status))], [200]);
      const bk = (await s.db.query<{ status: string; cancelled_by: string | null }>(`SELECT status, cancelled_by FROM bookings WHERE id = $1`, [b.id])).rows[0]!;
      const pays = (await s.db.query<{ status: string }>(`SELECT status FROM payments WHERE booking_id = $1`, [b.id])).rows.map((r) => r.status);
      const cancelNotes = (await s.db.query(`SELECT 1 FROM notifications WHERE related_entity_id = $1 AND type = 'booking_cancelled'`, [b.id])).rows.length;
      const key = `${bk.status}/${pays.join(',') || 'no payment'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (bk.status === 'confirmed') {
        assert.deepEqual(pays, ['succeeded'], 'a confirmed booking has its one payment');
        assert.equal(cancelNotes, 0);
      } else {
        assert.equal(bk.status, 'cancelled');
        assert.equal(bk.cancelled_by, 'system');
        assert.deepEqual(pays, ['refunded'], 'money taken for a released booking goes back');
        assert.equal(cancelNotes, 2, 'both people told once');
      }
    }
    console.log(`  payment vs hold release: ${JSON.stringify(outcomes)}`);
  });
});
