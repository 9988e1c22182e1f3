import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { BOOKING_RULES, releaseUnpaidBookings, runReminders } from '../../src/modules/booking.js';
import { courseId, window } from '../commerce/setup.js';

const urls = { successUrl: 'https://coop.example.org/booked', cancelUrl: 'https://coop.example.org/cancelled' };

for (const kind of dbKinds()) {
  describe(`slots and bookings (${kind})`, () => {
    let s: TestServer;
    let sunita: string;
    let rajesh: string;
    let sunitaId: string;
    let hour = 400; // past the demo slots (14 days); each test takes fresh hours so slots never clash by accident
    const next = (minutes = 60) => window((hour += 3), minutes);
    before(async () => {
      s = await startTestServer(kind);
      sunita = await s.login('sunita');
      rajesh = await s.login('rajesh');
      sunitaId = (await s.request('GET', '/v1/me', { token: sunita })).body.id;
    });
    after(() => s.close());

    const slot = async (token: string, body: Record<string, unknown> = {}) => {
      const r = await s.request('POST', '/v1/slots', { token, body: { ...next(), ...body } });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    /** Moves a booking (and its slot) to start `hours` from now. */
    const moveTo = async (bookingId: string, hours: number) => {
      const start = new Date(Date.now() + hours * 3_600_000);
      const end = new Date(start.getTime() + 3_600_000);
      await s.db.query(`UPDATE bookings SET starts_at = $2, ends_at = $3 WHERE id = $1`, [bookingId, start, end]);
      await s.db.query(`UPDATE availability_slots SET starts_at = $2, ends_at = $3 WHERE id = (SELECT slot_id FROM bookings WHERE id = $1)`, [bookingId, start, end]);
    };

    test('instructors publish slots; bad times and overlaps are refused', async () => {
      const w = next(45);
      const r = await s.request('POST', '/v1/slots', { token: sunita, body: { ...w, price: { amount: 25000, currency: 'INR' }, notes: 'मिट्टी परीक्षण पर सलाह' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.startsAt, w.startsAt);
      assert.equal(r.body.durationMinutes, 45);
      assert.equal(r.body.instructorTimeZone, 'Asia/Kolkata');
      assert.equal(r.body.instructor.name, 'Dr. Sunita Patil');
      assert.deepEqual(r.body.price, { amount: 25000, currency: 'INR' });
      assert.equal(r.body.isBooked, false);
      // Same instant given with an offset is normalised to UTC.
      const ist = new Date(new Date(w.endsAt).getTime() + 30 * 60_000);
      const local = new Date(ist.getTime() + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30');
      const withOffset = await s.request('POST', '/v1/slots', { token: sunita, body: { startsAt: w.endsAt.replace('Z', '+00:00'), endsAt: local } });
      assert.equal(withOffset.status, 201, withOffset.text);
      assert.equal(withOffset.body.endsAt, ist.toISOString());

      expectError(await s.request('POST', '/v1/slots', { token: sunita, body: w }), 409, 'slot_overlap');
      const inside = { startsAt: new Date(new Date(w.startsAt).getTime() + 10 * 60_000).toISOString(), endsAt: new Date(new Date(w.startsAt).getTime() + 20 * 60_000).toISOString() };
      expectError(await s.request('POST', '/v1/slots', { token: sunita, body: inside }), 409, 'slot_overlap');
      // Another instructor may hold the same time.
      assert.equal((await s.request('POST', '/v1/slots', { token: rajesh, body: w })).status, 201);

      const past = expectError(await s.request('POST', '/v1/slots', { token: sunita, body: window(-2) }), 400, 'validation_failed');
      assert.deepEqual(past.details?.[0].path, ['body', 'startsAt']);
      const x = next();
      const backwards = expectError(await s.request('POST', '/v1/slots', { token: sunita, body: { startsAt: x.endsAt, endsAt: x.startsAt } }), 400);
      assert.deepEqual(backwards.details?.[0].path, ['body', 'endsAt']);
      const zero = expectError(await s.request('POST', '/v1/slots', { token: sunita, body: { startsAt: x.startsAt, endsAt: x.startsAt } }), 400);
      assert.deepEqual(zero.details?.[0].path, ['body', 'endsAt']);
      const neg = expectError(await s.request('POST', '/v1/slots', { token: sunita, body: { ...next(), price: { amount: -100, currency: 'INR' } } }), 400);
      assert.deepEqual(neg.details?.[0].path, ['body', 'price', 'amount']);
      const eur = expectError(await s.request('POST', '/v1/slots', { token: sunita, body: { ...next(), price: { amount: 100, currency: 'EUR' } } }), 400);
      assert.deepEqual(eur.details?.[0].path, ['body', 'price', 'currency']);
      const notHers = expectError(await s.request('POST', '/v1/slots', { token: sunita, body: { ...next(), courseId: await courseId(s, 'Tractor') } }), 400);
      assert.deepEqual(notHers.details?.[0].path, ['body', 'courseId']);
      assert.equal((await s.request('POST', '/v1/slots', { token: sunita, body: { ...next(), courseId: await courseId(s, 'Vermicompost') } })).status, 201);

      const learner = await s.newLearner();
      expectError(await s.request('POST', '/v1/slots', { token: learner.token, body: next() }), 403, 'forbidden');
      expectError(await s.request('POST', '/v1/slots', { body: next() }), 401);
    });

    test('slot creation honours Idempotency-Key', async () => {
      const body = next();
      const headers = { 'idempotency-key': 'slot-1' };
      const a = await s.request('POST', '/v1/slots', { token: sunita, body, headers });
      const b = await s.request('POST', '/v1/slots', { token: sunita, body, headers });
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.equal(b.body.id, a.body.id);
      assert.equal(b.headers.get('idempotency-replayed'), 'true');
    });

    test('open slots are public; booked and withdrawn ones leave the list', async () => {
      const a = await slot(sunita);
      const b = await slot(sunita, { price: { amount: 5000, currency: 'INR' } });
      const list = async (qs = '') => (await s.request('GET', `/v1/slots?instructorId=${sunitaId}&limit=100${qs}`)).body.data.map((x: any) => x.id);
      assert.ok((await list()).includes(a.id));
      // A course filter keeps the instructor's general slots (no course): any learner may book them.
      const someCourse = (await s.db.query<{ id: string }>(`SELECT id FROM courses WHERE instructor_id = $1 LIMIT 1`, [sunitaId])).rows[0].id;
      assert.ok((await list(`&courseId=${someCourse}`)).includes(a.id));
      const otherCourse = (await s.db.query<{ id: string }>(`SELECT id FROM courses WHERE instructor_id <> $1 LIMIT 1`, [sunitaId])).rows[0].id;
      const tied = (await s.db.query<{ id: string }>(`UPDATE availability_slots SET course_id = $1 WHERE id = $2 RETURNING id`, [otherCourse, b.id])).rows[0];
      assert.ok(!(await list(`&courseId=${someCourse}`)).includes(tied.id), 'a slot tied to another course is not listed');
      await s.db.query(`UPDATE availability_slots SET course_id = NULL WHERE id = $1`, [b.id]);
      const learner = await s.newLearner();
      assert.equal((await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: a.id } })).status, 201);
      assert.ok(!(await list()).includes(a.id));
      assert.ok((await list('&includeBooked=true')).includes(a.id));
      expectError(await s.request('DELETE', `/v1/slots/${a.id}`, { token: sunita }), 409, 'slot_taken');
      expectError(await s.request('DELETE', `/v1/slots/${b.id}`, { token: rajesh }), 404);
      expectError(await s.request('DELETE', `/v1/slots/${b.id}`, { token: learner.token }), 403);
      assert.deepEqual((await s.request('DELETE', `/v1/slots/${b.id}`, { token: sunita })).body, { ok: true });
      assert.ok(!(await list('&includeBooked=true')).includes(b.id));
      expectError(await s.request('DELETE', `/v1/slots/${b.id}`, { token: sunita }), 404);
      const page1 = await s.request('GET', `/v1/slots?limit=2`);
      assert.equal(page1.body.data.length, 2);
      assert.ok(page1.body.nextCursor);
      const page2 = await s.request('GET', `/v1/slots?limit=2&cursor=${page1.body.nextCursor}`);
      assert.ok(page2.body.data[0].startsAt >= page1.body.data[1].startsAt);
      assert.notEqual(page2.body.data[0].id, page1.body.data[1].id);
      expectError(await s.request('GET', '/v1/slots', { key: null }), 401);
    });

    test('a free slot is confirmed at once; a second learner loses; each side sees it in their zone', async () => {
      const sl = await slot(sunita, { notes: 'Soil test Q&A' });
      const a = await s.newLearner(undefined, { timeZone: 'America/Chicago' });
      const b = await s.newLearner();
      const r = await s.request('POST', '/v1/bookings', { token: a.token, body: { slotId: sl.id, notes: 'My soil is red' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.status, 'confirmed');
      assert.equal(r.body.paymentRequired, false);
      assert.equal(r.body.studentTimeZone, 'America/Chicago');
      assert.equal(r.body.instructorTimeZone, 'Asia/Kolkata');
      assert.equal(r.body.studentNotes, 'My soil is red');
      assert.ok(r.body.confirmedAt);
      expectError(await s.request('POST', '/v1/bookings', { token: b.token, body: { slotId: sl.id } }), 409, 'slot_taken');
      // Visibility: the two participants only.
      assert.equal((await s.request('GET', `/v1/bookings/${r.body.id}`, { token: sunita })).status, 200);
      assert.equal((await s.request('GET', `/v1/bookings/${r.body.id}`, { token: a.token })).status, 200);
      expectError(await s.request('GET', `/v1/bookings/${r.body.id}`, { token: b.token }), 404);
      expectError(await s.request('GET', `/v1/bookings/${r.body.id}`, { token: rajesh }), 404);
      expectError(await s.request('POST', `/v1/bookings/${r.body.id}/cancel`, { token: b.token, body: { reason: 'x' } }), 404);
      const notes = await s.db.query<{ user_id: string; message: string }>(`SELECT user_id, message FROM notifications WHERE related_entity_id = $1 AND type = 'booking_confirmed'`, [r.body.id]);
      assert.equal(notes.rows.length, 2);
      assert.ok(notes.rows.find((n) => n.user_id === a.userId)!.message.includes('America/Chicago'));
      assert.ok(notes.rows.find((n) => n.user_id === sunitaId)!.message.includes('Asia/Kolkata'));
      const audit = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'booking' AND entity_id = $1 AND action = 'create'`, [r.body.id]);
      assert.equal(audit.rows.length, 1);
    });

    test('booking input and the double-booking rules', async () => {
      const learner = await s.newLearner();
      const own = await slot(sunita);
      const e = expectError(await s.request('POST', '/v1/bookings', { token: sunita, body: { slotId: own.id } }), 400);
      assert.deepEqual(e.details?.[0].path, ['body', 'slotId']);
      expectError(await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: '00000000-0000-4000-8000-000000000000' } }), 404);
      const bad = expectError(await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: 'nope' } }), 400);
      assert.deepEqual(bad.details?.[0].path, ['body', 'slotId']);
      expectError(await s.request('POST', '/v1/bookings', { body: { slotId: own.id } }), 401);
      // One learner cannot sit in two overlapping sessions with different instructors.
      const w = next();
      const s1 = await slot(sunita, w);
      const s2 = await slot(rajesh, { startsAt: new Date(new Date(w.startsAt).getTime() + 30 * 60_000).toISOString(), endsAt: new Date(new Date(w.endsAt).getTime() + 30 * 60_000).toISOString() });
      assert.equal((await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: s1.id } })).status, 201);
      expectError(await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: s2.id } }), 409, 'booking_overlap');
      assert.equal((await s.request('GET', `/v1/slots?instructorId=${s2.instructorId}&limit=100`)).body.data.some((x: any) => x.id === s2.id), true, 'the refused booking did not take the slot');
      // Idempotent create.
      const s3 = await slot(rajesh);
      const headers = { 'idempotency-key': 'book-1' };
      const other = await s.newLearner();
      const x = await s.request('POST', '/v1/bookings', { token: other.token, body: { slotId: s3.id }, headers });
      const y = await s.request('POST', '/v1/bookings', { token: other.token, body: { slotId: s3.id }, headers });
      assert.equal(y.status, 201);
      assert.equal(y.body.id, x.body.id);
    });

    test('paid booking: pending → sandbox payment → confirmed; cancel early = full refund, slot free again', async () => {
      const sl = await slot(sunita, { ...window(hour += 72), price: { amount: 30000, currency: 'INR' } });
      const learner = await s.newLearner();
      const b = await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: sl.id } });
      assert.equal(b.body.status, 'pending');
      assert.equal(b.body.paymentRequired, true);
      assert.deepEqual(b.body.amount, { amount: 30000, currency: 'INR' });
      expectError(await s.request('POST', '/v1/checkout/sessions', { token: (await s.newLearner()).token, body: { bookingId: b.body.id, ...urls } }), 404);
      const c = await s.request('POST', '/v1/checkout/sessions', { token: learner.token, body: { bookingId: b.body.id, ...urls } });
      assert.equal(c.status, 201, c.text);
      assert.deepEqual(c.body.amount, { amount: 30000, currency: 'INR' });
      const html = await (await fetch(c.body.url)).text();
      assert.match(html, /One-to-one session/);
      const formToken = /name="token" value="([^"]+)"/.exec(html)![1];
      const paid = await fetch(`${c.body.url}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${formToken}&method=card` });
      assert.equal(paid.status, 303);
      const confirmed = await s.request('GET', `/v1/bookings/${b.body.id}`, { token: learner.token });
      assert.equal(confirmed.body.status, 'confirmed');
      expectError(await s.request('POST', '/v1/checkout/sessions', { token: learner.token, body: { bookingId: b.body.id, ...urls } }), 409);

      const cancelled = await s.request('POST', `/v1/bookings/${b.body.id}/cancel`, { token: learner.token, body: { reason: 'Harvest came early' } });
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.equal(cancelled.body.status, 'cancelled');
      assert.equal(cancelled.body.cancelledBy, 'student');
      assert.equal(cancelled.body.cancellationReason, 'Harvest came early');
      assert.equal(cancelled.body.refundOutcome, 'full_refund');
      const pay = await s.db.query<{ status: string; refund_amount: number }>(`SELECT status, refund_amount FROM payments WHERE booking_id = $1`, [b.body.id]);
      assert.deepEqual(pay.rows[0], { status: 'refunded', refund_amount: 30000 });
      expectError(await s.request('POST', `/v1/bookings/${b.body.id}/cancel`, { token: learner.token, body: { reason: 'again' } }), 409);
      const blank = expectError(await s.request('POST', `/v1/bookings/${b.body.id}/cancel`, { token: learner.token, body: { reason: '  ' } }), 400);
      assert.deepEqual(blank.details?.[0].path, ['body', 'reason']);
      // The slot is open for someone else.
      assert.equal((await s.request('POST', '/v1/bookings', { token: (await s.newLearner()).token, body: { slotId: sl.id } })).status, 201);
      const audit = await s.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_name IN ('booking', 'payment') AND (entity_id = $1 OR new_values->>'bookingId' = $1 OR metadata->>'bookingId' = $1) ORDER BY created_at`, [b.body.id]);
      assert.deepEqual(new Set(audit.rows.map((r) => r.action)), new Set(['create', 'update', 'cancel', 'refund']));
    });

    test('an unpaid booking holds its slot 30 minutes (from the latest checkout attempt), then the slot is released', async () => {
      const holdMin = BOOKING_RULES.paymentHoldMinutes;
      // Time passes by moving rows into the past (the database stamps them with its own clock).
      const age = (table: 'bookings' | 'checkout_sessions', column: 'id' | 'booking_id', id: string, minutes: number) =>
        s.db.query(`UPDATE ${table} SET created_at = created_at - make_interval(mins => $2) WHERE ${column} = $1`, [id, minutes]);
      // Other tests' pending bookings may be released too: assert on this one, not on counts.
      const statusOf = async (id: string) => (await s.db.query<{ status: string }>(`SELECT status FROM bookings WHERE id = $1`, [id])).rows[0]!.status;

      const sl = await slot(sunita, { ...window(hour += 72), price: { amount: 20000, currency: 'INR' } });
      const learner = await s.newLearner();
      const b = await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: sl.id } });
      assert.equal(b.body.status, 'pending');
      const due = Date.parse(b.body.paymentDueBy);
      assert.ok(Math.abs(due - (Date.parse(b.body.createdAt) + holdMin * 60_000)) < 1000, `paymentDueBy ${b.body.paymentDueBy} is createdAt + ${holdMin} min`);

      // Within the hold nothing happens.
      await age('bookings', 'id', b.body.id, holdMin - 1);
      await releaseUnpaidBookings(s.services);
      assert.equal(await statusOf(b.body.id), 'pending');
      // A checkout attempt (a learner coming back to pay) starts a fresh window.
      const c = await s.request('POST', '/v1/checkout/sessions', { token: learner.token, body: { bookingId: b.body.id, ...urls } });
      assert.equal(c.status, 201, c.text);
      const again = await s.request('GET', `/v1/bookings/${b.body.id}`, { token: learner.token });
      assert.ok(Date.parse(again.body.paymentDueBy) > due, 'the checkout attempt moved paymentDueBy');
      await age('bookings', 'id', b.body.id, 2);
      await releaseUnpaidBookings(s.services);
      assert.equal(await statusOf(b.body.id), 'pending', 'the fresh window still runs');

      // Past it: released by the system, no money due, the slot free for others.
      await age('checkout_sessions', 'booking_id', b.body.id, holdMin + 1);
      assert.ok((await releaseUnpaidBookings(s.services)) >= 1);
      await releaseUnpaidBookings(s.services); // a second round has nothing more to do for it
      const gone = await s.request('GET', `/v1/bookings/${b.body.id}`, { token: learner.token });
      assert.equal(gone.body.status, 'cancelled');
      assert.equal(gone.body.cancelledBy, 'system');
      assert.equal(gone.body.refundOutcome, 'none_due');
      assert.equal(gone.body.paymentDueBy, null);
      const open = await s.request('GET', `/v1/slots?instructorId=${sunitaId}&from=${encodeURIComponent(sl.startsAt)}&limit=5`);
      assert.ok(open.body.data.some((x: { id: string }) => x.id === sl.id), 'the slot is listed as open again');
      const told = await s.db.query(`SELECT user_id FROM notifications WHERE related_entity_id = $1 AND type = 'booking_cancelled'`, [b.body.id]);
      assert.equal(told.rows.length, 2, 'learner and instructor are told, once');
      // The open payment page no longer takes money, and no new one can be started.
      const html = await (await fetch(c.body.url)).text();
      const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const late = await fetch(`${c.body.url}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}&method=card` });
      assert.notEqual(late.status, 303, 'no payment on a released booking');
      expectError(await s.request('POST', '/v1/checkout/sessions', { token: learner.token, body: { bookingId: b.body.id, ...urls } }), 409);
      assert.equal((await s.db.query(`SELECT 1 FROM payments WHERE booking_id = $1`, [b.body.id])).rows.length, 0);
      // Another learner can book the time now.
      assert.equal((await s.request('POST', '/v1/bookings', { token: (await s.newLearner()).token, body: { slotId: sl.id } })).status, 201);

      // Confirmed (free) bookings are never released.
      const free = await slot(sunita, window(hour += 72));
      const fb = await s.request('POST', '/v1/bookings', { token: (await s.newLearner()).token, body: { slotId: free.id } });
      assert.equal(fb.body.status, 'confirmed');
      assert.equal(fb.body.paymentDueBy, null);
      await age('bookings', 'id', fb.body.id, 10 * holdMin);
      await releaseUnpaidBookings(s.services);
      assert.equal(await statusOf(fb.body.id), 'confirmed');
    });

    test('a learner cancelling a paid session late gets no refund; an instructor cancelling always refunds', async () => {
      const learner = await s.newLearner();
      const book = async () => {
        const sl = await slot(sunita, { ...window(hour += 72), price: { amount: 10000, currency: 'INR' } });
        const b = await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: sl.id } });
        const c = await s.request('POST', '/v1/checkout/sessions', { token: learner.token, body: { bookingId: b.body.id, ...urls } });
        const t = /name="token" value="([^"]+)"/.exec(await (await fetch(c.body.url)).text())![1];
        await fetch(`${c.body.url}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${t}` });
        return b.body.id as string;
      };
      const late = await book();
      await moveTo(late, 5);
      const r1 = await s.request('POST', `/v1/bookings/${late}/cancel`, { token: learner.token, body: { reason: 'Cannot come' } });
      assert.equal(r1.body.refundOutcome, 'no_refund');
      assert.equal((await s.db.query<{ status: string }>(`SELECT status FROM payments WHERE booking_id = $1`, [late])).rows[0].status, 'succeeded');
      const byInstructor = await book();
      await moveTo(byInstructor, 5);
      const r2 = await s.request('POST', `/v1/bookings/${byInstructor}/cancel`, { token: sunita, body: { reason: 'Field visit' } });
      assert.equal(r2.body.cancelledBy, 'instructor');
      assert.equal(r2.body.refundOutcome, 'full_refund');
      const unpaidSlot = await slot(rajesh, { price: { amount: 100, currency: 'INR' } });
      const unpaid = await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: unpaidSlot.id } });
      const r3 = await s.request('POST', `/v1/bookings/${unpaid.body.id}/cancel`, { token: learner.token, body: { reason: 'Changed my mind' } });
      assert.equal(r3.body.refundOutcome, 'none_due');
      const cancelNotes = await s.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE related_entity_id = $1 AND type = 'booking_cancelled'`, [byInstructor]);
      assert.equal(cancelNotes.rows.length, 2);
    });

    test('lists, upcoming filter, completion and reminders', async () => {
      const learner = await s.newLearner();
      const sl1 = await slot(rajesh);
      const sl2 = await slot(rajesh);
      const b1 = (await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: sl1.id } })).body;
      const b2 = (await s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: sl2.id } })).body;
      const mine = await s.request('GET', '/v1/bookings', { token: learner.token });
      assert.deepEqual(mine.body.data.map((b: any) => b.id), [b2.id, b1.id]);
      const theirs = await s.request('GET', '/v1/bookings?limit=100', { token: rajesh });
      assert.ok(theirs.body.data.some((b: any) => b.id === b1.id));
      expectError(await s.request('POST', `/v1/bookings/${b1.id}/complete`, { token: rajesh }), 409);
      await moveTo(b1.id, -2);
      const upcoming = await s.request('GET', '/v1/bookings?upcoming=true', { token: learner.token });
      assert.deepEqual(upcoming.body.data.map((b: any) => b.id), [b2.id]);
      expectError(await s.request('POST', `/v1/bookings/${b1.id}/complete`, { token: learner.token }), 403);
      expectError(await s.request('POST', `/v1/bookings/${b1.id}/complete`, { token: sunita }), 404);
      const done = await s.request('POST', `/v1/bookings/${b1.id}/complete`, { token: rajesh });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.status, 'completed');
      expectError(await s.request('POST', `/v1/bookings/${b1.id}/cancel`, { token: learner.token, body: { reason: 'late' } }), 409);

      await moveTo(b2.id, 3);
      const first = await runReminders(s.services);
      assert.ok(first >= 1);
      assert.equal(await runReminders(s.services), 0, 'each booking is reminded once');
      const reminders = await s.db.query(`SELECT user_id FROM notifications WHERE related_entity_id = $1 AND type = 'booking_reminder'`, [b2.id]);
      assert.equal(reminders.rows.length, 2);
    });
  });
}
