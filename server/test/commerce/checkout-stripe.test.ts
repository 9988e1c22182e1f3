import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError } from '../helpers.js';
import {
  courseId, lessonOpen, lockedLesson, productOf, refundedCharge, sendWebhook, startStripeServer, stripeEvent, WEBHOOK_SECRET,
  type StripeTestServer,
} from './setup.js';

const urls = { successUrl: 'https://coop.example.org/paid?session={CHECKOUT_SESSION_ID}', cancelUrl: 'https://coop.example.org/cancelled' };

for (const kind of dbKinds()) {
  describe(`checkout with Stripe (${kind})`, () => {
    let s: StripeTestServer;
    let drip: string;
    let dripProduct: Awaited<ReturnType<typeof productOf>>;
    let lesson: string;
    before(async () => {
      s = await startStripeServer(kind);
      drip = await courseId(s, 'ड्रिप सिंचाई');
      dripProduct = await productOf(s, drip);
      lesson = await lockedLesson(s, drip);
    });
    after(() => s.close());

    /** Pays a session on the fake and delivers the signed completion webhook. */
    async function payAndNotify(sessionId: string) {
      const paid = s.fake.pay(sessionId);
      const r = await sendWebhook(s, stripeEvent('checkout.session.completed', paid));
      assert.equal(r.status, 200, r.text);
      return paid;
    }

    test('a course checkout creates one Stripe session for the cheapest public product, server-side', async () => {
      const { token } = await s.newLearner();
      const before = s.fake.count('POST', '/v1/checkout/sessions');
      const r = await s.request('POST', '/v1/checkout/sessions', { token, body: { courseId: drip, ...urls } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.kind, 'redirect');
      assert.equal(r.body.provider, 'stripe');
      assert.equal(r.body.testMode, true);
      assert.equal(r.body.status, 'open');
      assert.match(r.body.url, /^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
      // 49900 with 20 % off is cheaper than the 79900 bundle.
      assert.deepEqual(r.body.amount, { amount: 39920, currency: 'INR' });
      assert.equal(s.fake.count('POST', '/v1/checkout/sessions'), before + 1);
      const call = s.fake.calls.filter((c) => c.path === '/v1/checkout/sessions').at(-1)!;
      assert.equal(call.body.line_items[0].price_data.currency, 'inr');
      assert.equal(call.body.line_items[0].price_data.unit_amount, '39920');
      assert.equal(call.body.metadata.furrowProductId, dripProduct.id);
      assert.ok(call.idempotencyKey?.startsWith('furrow-checkout-'));
      const got = await s.request('GET', `/v1/checkout/sessions/${r.body.id}`, { token });
      assert.equal(got.status, 200);
      assert.equal(got.body.id, r.body.id);
      const other = await s.newLearner();
      expectError(await s.request('GET', `/v1/checkout/sessions/${r.body.id}`, { token: other.token }), 404);
      expectError(await s.request('POST', '/v1/checkout/sessions', { body: { courseId: drip, ...urls } }), 401);
    });

    test('50 identical POSTs with one Idempotency-Key make one Stripe session', async () => {
      const { token } = await s.newLearner();
      const before = s.fake.count('POST', '/v1/checkout/sessions');
      const headers = { 'idempotency-key': 'checkout-burst-1' };
      const rs = await Promise.all(Array.from({ length: 50 }, () =>
        s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls }, headers })));
      assert.deepEqual([...new Set(rs.map((r) => r.status))], [201]);
      assert.equal(new Set(rs.map((r) => r.body.id)).size, 1);
      assert.equal(s.fake.count('POST', '/v1/checkout/sessions'), before + 1);
      const rows = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM checkout_sessions WHERE id = $1`, [rs[0].body.id]);
      assert.equal(rows.rows[0].n, 1);
    });

    test('a signed completion webhook records the purchase once and unlocks the lessons', async () => {
      const { token, userId } = await s.newLearner();
      assert.equal(await lessonOpen(s, lesson, token), false);
      const countBefore = (await s.db.query<{ enrolled_count: number }>(`SELECT enrolled_count FROM courses WHERE id = $1`, [drip])).rows[0].enrolled_count;
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls } });
      const paid = s.fake.pay(c.body.id);
      const event = stripeEvent('checkout.session.completed', paid);
      assert.equal((await sendWebhook(s, event)).status, 200);
      // Redelivery of the same event (Stripe retries) changes nothing.
      const again = await sendWebhook(s, event);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, { received: true });
      assert.equal(await lessonOpen(s, lesson, token), true);
      const mine = await s.request('GET', '/v1/purchases', { token });
      assert.equal(mine.body.data.length, 1);
      const p = mine.body.data[0];
      assert.equal(p.userId, userId);
      assert.equal(p.status, 'succeeded');
      assert.equal(p.provider, 'stripe');
      assert.equal(p.providerSessionId, c.body.id);
      assert.deepEqual(p.amountPaid, { amount: 39920, currency: 'INR' });
      assert.deepEqual(p.discountAmount, { amount: 9980, currency: 'INR' });
      assert.deepEqual(p.productSnapshot.courseIds, [drip]);
      assert.equal(p.productSnapshot.discountPercent, 20);
      const countAfter = (await s.db.query<{ enrolled_count: number }>(`SELECT enrolled_count FROM courses WHERE id = $1`, [drip])).rows[0].enrolled_count;
      assert.equal(countAfter, countBefore + 1);
      const retrieved = await s.request('GET', `/v1/checkout/sessions/${c.body.id}`, { token });
      assert.equal(retrieved.body.status, 'complete');
      // Owning every course of the product: buying again is refused clearly.
      expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { courseId: drip, ...urls } }), 409, 'already_enrolled');
      const audit = await s.db.query(`SELECT metadata FROM audit_log WHERE entity_name = 'purchase' AND entity_id = $1`, [p.id]);
      assert.equal(audit.rows.length, 1);
      const notes = await s.db.query(`SELECT type FROM notifications WHERE user_id = $1 AND type = 'payment_succeeded'`, [userId]);
      assert.equal(notes.rows.length, 1);
    });

    test('tampered, wrongly signed, stale or unsigned webhooks are refused', async () => {
      const event = stripeEvent('checkout.session.completed', s.fake.pay((await s.request('POST', '/v1/checkout/sessions', {
        token: (await s.newLearner()).token, body: { productId: dripProduct.id, ...urls } })).body.id));
      expectError(await sendWebhook(s, event, { tamper: true }), 400, 'webhook_signature_invalid');
      expectError(await sendWebhook(s, event, { secret: 'whsec_wrong' }), 400, 'webhook_signature_invalid');
      expectError(await sendWebhook(s, event, { timestamp: Math.floor(Date.now() / 1000) - 301 }), 400, 'webhook_signature_invalid');
      // Signed ahead of time, to be replayed later: refused the same way.
      const future = await sendWebhook(s, event, { timestamp: Math.floor(Date.now() / 1000) + 400 });
      expectError(future, 400, 'webhook_signature_invalid');
      assert.match(future.body.error.message, /tolerance/);
      expectError(await sendWebhook(s, event, { noSignature: true }), 400, 'webhook_signature_invalid');
      const n = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stripe_events WHERE id = $1`, [event.id]);
      assert.equal(n.rows[0].n, 0, 'a refused event is not recorded, so the genuine delivery still applies');
      // A sender whose clock runs 200 s ahead is within the tolerance.
      assert.equal((await sendWebhook(s, event, { secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) + 200 })).status, 200);
      const purchase = await s.db.query(`SELECT 1 FROM purchases WHERE provider_session_id = $1`, [event.data.object.id]);
      assert.equal(purchase.rows.length, 1);
    });

    test('an admin refund goes through Stripe once and locks the lessons again', async () => {
      const { token } = await s.newLearner();
      const admin = await s.login('admin');
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls } });
      const paid = await payAndNotify(c.body.id);
      assert.equal(await lessonOpen(s, lesson, token), true);
      const purchaseId = (await s.request('GET', '/v1/purchases', { token })).body.data[0].id;
      expectError(await s.request('POST', `/v1/purchases/${purchaseId}/refund`, { token, body: {} }), 403);
      const refundsBefore = s.fake.count('POST', '/v1/refunds');
      const r = await s.request('POST', `/v1/purchases/${purchaseId}/refund`, { token: admin, body: { reason: 'Bought by mistake' } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.status, 'refunded');
      assert.ok(r.body.refundedAt);
      assert.equal(s.fake.count('POST', '/v1/refunds'), refundsBefore + 1);
      const call = s.fake.calls.filter((x) => x.path === '/v1/refunds').at(-1)!;
      assert.equal(call.body.payment_intent, paid.payment_intent);
      assert.equal(call.body.amount, '39920');
      assert.equal(call.idempotencyKey, `furrow-refund-purchase-${purchaseId}`);
      assert.equal(await lessonOpen(s, lesson, token), false);
      // Stripe then reports the refund: nothing more happens.
      assert.equal((await sendWebhook(s, stripeEvent('charge.refunded', refundedCharge(paid.payment_intent, 39920)))).status, 200);
      expectError(await s.request('POST', `/v1/purchases/${purchaseId}/refund`, { token: admin, body: {} }), 409, 'already_refunded');
      assert.equal(s.fake.count('POST', '/v1/refunds'), refundsBefore + 1);
      expectError(await s.request('POST', `/v1/purchases/00000000-0000-4000-8000-000000000000/refund`, { token: admin, body: {} }), 404);
      const audit = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'purchase' AND entity_id = $1 AND action = 'refund'`, [purchaseId]);
      assert.equal(audit.rows.length, 1);
      // After a refund the learner may buy again.
      assert.equal((await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls } })).status, 201);
    });

    test('a refund that arrives before the completion still ends refunded', async () => {
      const { token } = await s.newLearner();
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls } });
      const paid = s.fake.pay(c.body.id);
      assert.equal((await sendWebhook(s, stripeEvent('charge.refunded', refundedCharge(paid.payment_intent, 39920)))).status, 200);
      assert.equal((await sendWebhook(s, stripeEvent('checkout.session.completed', paid))).status, 200);
      const p = (await s.request('GET', '/v1/purchases', { token })).body.data[0];
      assert.equal(p.status, 'refunded');
      assert.equal(await lessonOpen(s, lesson, token), false);
    });

    test('a partial refund leaves access in place', async () => {
      const { token } = await s.newLearner();
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls } });
      const paid = await payAndNotify(c.body.id);
      const partial: Record<string, any> = { ...refundedCharge(paid.payment_intent, 39920), refunded: false, amount_refunded: 1000 };
      assert.equal((await sendWebhook(s, stripeEvent('charge.refunded', partial))).status, 200);
      const refund = { ...partial.refunds.data[0], amount: 1000 };
      assert.equal((await sendWebhook(s, stripeEvent('refund.created', refund))).status, 200);
      assert.equal((await s.request('GET', '/v1/purchases', { token })).body.data[0].status, 'succeeded');
      assert.equal(await lessonOpen(s, lesson, token), true);
    });

    test('the return page completes a paid session even before the webhook', async () => {
      const { token } = await s.newLearner();
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls } });
      s.fake.pay(c.body.id);
      const r = await s.request('GET', `/v1/checkout/sessions/${c.body.id}`, { token });
      assert.equal(r.body.status, 'complete');
      assert.equal(await lessonOpen(s, lesson, token), true);
      // The late webhook finds it done.
      assert.equal((await sendWebhook(s, stripeEvent('checkout.session.completed', s.fake.sessions.get(c.body.id)!))).status, 200);
      assert.equal((await s.request('GET', '/v1/purchases', { token })).body.data.length, 1);
    });

    test('free products enrol directly; checkout input is validated', async () => {
      const admin = await s.login('admin');
      const tractor = await courseId(s, 'Tractor');
      const free = await s.request('POST', '/v1/products', { token: admin, body: { name: 'Free tractor week', description: '', price: { amount: 0, currency: 'INR' }, status: 'public', courseIds: [tractor] } });
      const { token } = await s.newLearner();
      const sessionsBefore = s.fake.count('POST', '/v1/checkout/sessions');
      const r = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: free.body.id, ...urls } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.kind, 'enrolled');
      assert.equal(r.body.url, null);
      assert.equal(r.body.status, 'complete');
      assert.deepEqual(r.body.amount, { amount: 0, currency: 'INR' });
      assert.equal(s.fake.count('POST', '/v1/checkout/sessions'), sessionsBefore, 'no provider call for free');
      assert.equal(await lessonOpen(s, await lockedLesson(s, tractor), token), true);
      // The cheapest product for the course is now the free one.
      const viaCourse = await s.request('POST', '/v1/checkout/sessions', { token: (await s.newLearner()).token, body: { courseId: tractor, ...urls } });
      assert.equal(viaCourse.body.kind, 'enrolled');
      // A free course no product sells: enrolled directly, once.
      const soil = await courseId(s, 'Soil Testing');
      const direct = await s.request('POST', '/v1/checkout/sessions', { token, body: { courseId: soil, ...urls } });
      assert.equal(direct.body.kind, 'enrolled');
      assert.equal((await s.request('GET', `/v1/checkout/sessions/${direct.body.id}`, { token })).body.status, 'complete');
      expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { courseId: soil, ...urls } }), 409, 'already_enrolled');
      // A paid course no public product sells cannot be bought.
      await s.db.query(`UPDATE products SET status = 'private' WHERE id IN (SELECT product_id FROM course_products WHERE course_id = $1)`, [await courseId(s, 'Drone')]);
      expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { courseId: await courseId(s, 'Drone'), ...urls } }), 404);
      const both = expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: free.body.id, courseId: tractor, ...urls } }), 400);
      assert.deepEqual(both.details?.[0].path, ['body', 'productId']);
      expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { ...urls } }), 400);
      const badUrl = expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: free.body.id, successUrl: 'javascript:alert(1)', cancelUrl: urls.cancelUrl } }), 400);
      assert.deepEqual(badUrl.details?.[0].path, ['body', 'successUrl']);
      expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: '00000000-0000-4000-8000-000000000000', ...urls } }), 404);
      const priv = await s.request('POST', '/v1/products', { token: admin, body: { name: 'Hidden', description: '', price: { amount: 100, currency: 'INR' }, courseIds: [tractor] } });
      expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: priv.body.id, ...urls } }), 404);
    });

    test('a Stripe outage is a clear 502 and a retry with the same key can succeed', async () => {
      const { token } = await s.newLearner();
      s.fake.failing = true;
      try {
        expectError(await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls }, headers: { 'idempotency-key': 'outage-1' } }), 502, 'payment_provider_error');
      } finally {
        s.fake.failing = false;
      }
      const r = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: dripProduct.id, ...urls }, headers: { 'idempotency-key': 'outage-1' } });
      assert.equal(r.status, 201);
    });
  });
}
