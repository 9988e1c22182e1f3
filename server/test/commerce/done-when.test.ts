/**
 * Issue 4 "done when", end to end in sandbox (offline) mode with mail going to a real local
 * SMTP server: buy → unlocked → refund → locked; book → double bookings lose → cancel → both
 * parties notified and emailed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, eventually, lessonOpen, lockedLesson, productOf, startSmtpCapture, window } from './setup.js';

const urls = { successUrl: 'https://coop.example.org/ok', cancelUrl: 'https://coop.example.org/no' };

for (const kind of dbKinds()) {
  describe(`done when (${kind})`, () => {
    let s: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
    before(async () => {
      smtp = await startSmtpCapture();
      s = await startTestServer(kind, { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Furrow Test <test@furrow.local>' } });
    });
    after(async () => {
      await s.close();
      await smtp.close();
    });

    test('buy a paid product in sandbox mode → unlocked → refund → locked again', async () => {
      const course = await courseId(s, 'ऊस पिकासाठी');
      const lesson = await lockedLesson(s, course);
      const { token } = await s.newLearner('buyer-1');
      assert.equal(await lessonOpen(s, lesson, token), false);
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: (await productOf(s, course)).id, ...urls } });
      assert.equal(c.body.testMode, true);
      const page = await (await fetch(c.body.url)).text();
      assert.match(page, /TEST MODE/);
      const formToken = /name="token" value="([^"]+)"/.exec(page)![1];
      const pay = await fetch(`${c.body.url}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${formToken}&method=netbanking` });
      assert.equal(pay.status, 303);
      const purchase = (await s.request('GET', '/v1/purchases', { token })).body.data[0];
      assert.equal(purchase.status, 'succeeded');
      assert.equal(await lessonOpen(s, lesson, token), true);
      const admin = await s.login('admin');
      assert.equal((await s.request('POST', `/v1/purchases/${purchase.id}/refund`, { token: admin, body: {} })).body.status, 'refunded');
      assert.equal(await lessonOpen(s, lesson, token), false);
      const receipt = await smtp.waitFor((m) => m.to.includes('buyer-1@example.org') && /Subject: Payment received/.test(m.raw));
      assert.match(receipt.raw, /TEST MODE/);
      await smtp.waitFor((m) => m.to.includes('buyer-1@example.org') && /Subject: Purchase refunded/.test(m.raw));
    });

    test('book a slot; every double booking loses; cancel; both parties notified and emailed', async () => {
      const sunita = await s.login('sunita');
      const slot = (await s.request('POST', '/v1/slots', { token: sunita, body: { ...window(400), notes: 'पाणी व्यवस्थापन शंका' } })).body;
      const winner = await s.newLearner('booker-1');
      const b = await s.request('POST', '/v1/bookings', { token: winner.token, body: { slotId: slot.id } });
      assert.equal(b.status, 201);
      for (let i = 0; i < 5; i++) {
        const other = await s.newLearner(`late-${i}`);
        expectError(await s.request('POST', '/v1/bookings', { token: other.token, body: { slotId: slot.id } }), 409, 'slot_taken');
      }
      expectError(await s.request('POST', '/v1/bookings', { token: winner.token, body: { slotId: slot.id } }), 409, 'slot_taken');
      const cancel = await s.request('POST', `/v1/bookings/${b.body.id}/cancel`, { token: winner.token, body: { reason: 'Rain expected, working in the field' } });
      assert.equal(cancel.body.status, 'cancelled');
      assert.equal(cancel.body.refundOutcome, 'none_due');
      const notes = await s.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE related_entity_id = $1 AND type = 'booking_cancelled'`, [b.body.id]);
      assert.deepEqual(new Set(notes.rows.map((n) => n.user_id)), new Set([winner.userId, slot.instructorId]));
      const toLearner = await smtp.waitFor((m) => m.to.includes('booker-1@example.org') && /Subject: Session cancelled/.test(m.raw));
      const toInstructor = await smtp.waitFor((m) => m.to.includes('sunita@furrow.demo') && /Subject: Session cancelled/.test(m.raw));
      assert.match(toLearner.raw.replace(/=\r?\n/g, ''), /Rain expected/);
      assert.match(toInstructor.raw.replace(/=\r?\n/g, ''), /cancelled by the learner/);
      assert.equal(toLearner.from, 'test@furrow.local');
      // Sent mail is marked on its notification and never sent twice.
      await eventually(async () => (await s.db.query(`SELECT 1 FROM notifications WHERE related_entity_id = $1 AND type = 'booking_cancelled' AND email_sent`, [b.body.id])).rows.length === 2);
      const sent = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE kind = 'booking_cancelled' AND to_address = 'booker-1@example.org' AND sent_at IS NOT NULL`);
      assert.equal(sent.rows[0].n, 1);
      assert.equal(smtp.mails.filter((m) => m.to.includes('booker-1@example.org') && /Subject: Session cancelled/.test(m.raw)).length, 1);
    });
  });
}
