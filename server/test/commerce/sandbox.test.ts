import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, lessonOpen, lockedLesson, productOf, startStripeServer } from './setup.js';

const urls = { successUrl: 'https://coop.example.org/paid?session={CHECKOUT_SESSION_ID}', cancelUrl: 'https://coop.example.org/cancelled' };

/** The hidden form token on a sandbox page. */
function tokenOf(html: string): string {
  const m = /name="token" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no token in page');
  return m[1];
}

async function post(s: TestServer, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(s.url + path, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

for (const kind of dbKinds()) {
  describe(`sandbox checkout, TEST MODE (${kind})`, () => {
    let s: TestServer;
    let compost: string;
    let lesson: string;
    let productId: string;
    before(async () => {
      s = await startTestServer(kind);
      compost = await courseId(s, 'Vermicompost');
      lesson = await lockedLesson(s, compost);
      productId = (await productOf(s, compost)).id;
    });
    after(() => s.close());

    test('checkout points to a hosted TEST MODE page with a strict CSP and escaped content', async () => {
      const admin = await s.login('admin');
      const evil = await s.request('POST', '/v1/products', { token: admin, body: {
        name: '<img src=x onerror=alert(1)> "Bundle"', description: '', price: { amount: 100, currency: 'INR' }, status: 'public', courseIds: [compost] } });
      const { token } = await s.newLearner();
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId: evil.body.id, ...urls } });
      assert.equal(c.status, 201, c.text);
      assert.equal(c.body.provider, 'sandbox');
      assert.equal(c.body.testMode, true);
      assert.ok(c.body.url.startsWith(`${s.url}/sandbox/checkout/cs_sandbox_`));
      const page = await fetch(c.body.url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /text\/html/);
      const csp = page.headers.get('content-security-policy')!;
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /form-action 'self' https:\/\/coop\.example\.org/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      const html = await page.text();
      assert.match(html, /TEST MODE/);
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /<img src=x/);
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt; &quot;Bundle&quot;/);
      assert.equal((await fetch(`${s.url}/sandbox/checkout/cs_sandbox_unknown`)).status, 404);
    });

    test('buy in the sandbox → purchase recorded → lessons unlocked → refund → locked again', async () => {
      const { token, userId } = await s.newLearner();
      const admin = await s.login('admin');
      assert.equal(await lessonOpen(s, lesson, token), false);
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId, ...urls } });
      const html = await (await fetch(c.body.url)).text();
      const formToken = tokenOf(html);
      const path = new URL(c.body.url).pathname;

      // Only the session's own page can pay it.
      assert.equal((await post(s, `${path}/pay`, { method: 'upi' })).status, 403);
      assert.equal((await post(s, `${path}/pay`, { token: 'x'.repeat(formToken.length), method: 'upi' })).status, 403);
      assert.equal((await post(s, `${path}/pay`, { token: formToken }, { origin: 'https://evil.example' })).status, 403);
      const other = await s.request('POST', '/v1/checkout/sessions', { token: (await s.newLearner()).token, body: { productId, ...urls } });
      const otherToken = tokenOf(await (await fetch(other.body.url)).text());
      assert.equal((await post(s, `${path}/pay`, { token: otherToken })).status, 403, "another session's token");
      assert.equal(await lessonOpen(s, lesson, token), false);

      const paid = await post(s, `${path}/pay`, { token: formToken, method: 'upi' }, { origin: s.url });
      assert.equal(paid.status, 303);
      assert.equal(paid.headers.get('location'), `https://coop.example.org/paid?session=${encodeURIComponent(c.body.id)}`);
      // Paying twice (double click) records one purchase.
      assert.equal((await post(s, `${path}/pay`, { token: formToken, method: 'upi' })).status, 303);

      const purchases = await s.request('GET', '/v1/purchases', { token });
      assert.equal(purchases.body.data.length, 1);
      const p = purchases.body.data[0];
      assert.equal(p.provider, 'sandbox');
      assert.equal(p.paymentMethod, 'upi');
      assert.equal(p.status, 'succeeded');
      assert.deepEqual(p.amountPaid, { amount: 17910, currency: 'INR' });
      assert.equal((await s.request('GET', `/v1/checkout/sessions/${c.body.id}`, { token })).body.status, 'complete');
      assert.equal(await lessonOpen(s, lesson, token), true);
      const done = await (await fetch(c.body.url)).text();
      assert.match(done, /Already paid/);

      const refunded = await s.request('POST', `/v1/purchases/${p.id}/refund`, { key: s.secretKey, body: { reason: 'Demo refund' } });
      assert.equal(refunded.status, 200, refunded.text);
      assert.equal(refunded.body.status, 'refunded');
      assert.equal(await lessonOpen(s, lesson, token), false);
      const kinds = await s.db.query<{ type: string }>(`SELECT type FROM notifications WHERE user_id = $1 ORDER BY created_at`, [userId]);
      assert.deepEqual(kinds.rows.map((r) => r.type).filter((t) => t.startsWith('payment_')), ['payment_succeeded', 'payment_refunded']);
      const audit = await s.db.query<{ metadata: any }>(`SELECT metadata FROM audit_log WHERE entity_name = 'purchase' AND entity_id = $1 AND action = 'refund'`, [p.id]);
      assert.equal(audit.rows[0].metadata.via, 'secret_key');
      void admin;
    });

    test('cancel on the sandbox page returns to the cancel URL and nothing is bought', async () => {
      const { token } = await s.newLearner();
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId, ...urls } });
      const formToken = tokenOf(await (await fetch(c.body.url)).text());
      const path = new URL(c.body.url).pathname;
      const r = await post(s, `${path}/cancel`, { token: formToken });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), urls.cancelUrl);
      assert.equal((await s.request('GET', `/v1/checkout/sessions/${c.body.id}`, { token })).body.status, 'expired');
      assert.equal((await post(s, `${path}/pay`, { token: formToken })).status, 409, 'a cancelled session cannot be paid');
      assert.equal((await s.request('GET', '/v1/purchases', { token })).body.data.length, 0);
    });

    test('the Stripe webhook is refused when Stripe is not configured', async () => {
      expectError(await s.request('POST', '/v1/webhooks/stripe', { key: null, rawBody: '{}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' } }), 400, 'webhook_signature_invalid');
    });
  });
}

describe('sandbox pages are off when Stripe is configured', () => {
  test('GET /sandbox/checkout/:id is 404', async () => {
    const s = await startStripeServer('pglite');
    try {
      const { token } = await s.newLearner();
      const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { courseId: await courseId(s, 'Vermicompost'), ...urls } });
      assert.equal(c.body.provider, 'stripe');
      assert.equal((await fetch(`${s.url}/sandbox/checkout/${c.body.id}`)).status, 404);
    } finally {
      await s.close();
    }
  });
});
