import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { PLATFORM_FEE_BASIS_POINTS, instructorShare } from '../../src/modules/revenue.js';
import { splitAmount } from '../../src/shared-sql/commerce.js';
import { courseId } from './setup.js';

const urls = { successUrl: 'https://coop.example.org/ok', cancelUrl: 'https://coop.example.org/no' };

/** Buys a product through the sandbox page. */
async function buy(s: TestServer, token: string, productId: string): Promise<void> {
  const c = await s.request('POST', '/v1/checkout/sessions', { token, body: { productId, ...urls } });
  const t = /name="token" value="([^"]+)"/.exec(await (await fetch(c.body.url)).text())![1];
  const r = await fetch(`${c.body.url}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${t}` });
  assert.equal(r.status, 303);
}

test('bundle amounts split pro rata in whole minor units', () => {
  assert.deepEqual(splitAmount(100, [1, 2]), [34, 66]);
  assert.deepEqual(splitAmount(79900, [49900, 39900, 19900]).reduce((a, b) => a + b, 0), 79900);
  assert.deepEqual(splitAmount(10, [0, 0]), [5, 5]);
  assert.deepEqual(splitAmount(7, [0, 5]), [0, 7]);
  assert.deepEqual(splitAmount(2_000_000_000, [2_000_000_000, 1]), [2_000_000_000, 0]);
  assert.deepEqual(splitAmount(1_999_999_999, [1_999_999_999, 1_999_999_998, 3]), [1_000_000_000, 999_999_998, 1]);
  assert.equal(PLATFORM_FEE_BASIS_POINTS, 2000);
  assert.equal(instructorShare(10_000), 8_000);
});

for (const kind of dbKinds()) {
  describe(`revenue (${kind})`, () => {
    let s: TestServer;
    let bundle: string;
    let drip: string;
    let sugarcane: string;
    let compost: string;
    before(async () => {
      s = await startTestServer(kind);
      drip = await courseId(s, 'ड्रिप सिंचाई');
      sugarcane = await courseId(s, 'ऊस पिकासाठी');
      compost = await courseId(s, 'Vermicompost');
      bundle = (await s.db.query<{ id: string }>(`SELECT product_id AS id FROM course_products GROUP BY product_id HAVING count(*) = 3`)).rows[0].id;
    });
    after(() => s.close());

    test('per course and month: bundle shares, instructors see their own, refunds net out', async () => {
      const a = await s.newLearner();
      const b = await s.newLearner();
      await buy(s, a.token, bundle);
      await buy(s, b.token, bundle);
      const rajesh = await s.login('rajesh');
      const sunita = await s.login('sunita');
      const admin = await s.login('admin');
      const month = new Date().toISOString().slice(0, 7);
      // Shares follow the product's course order (the first course takes any remainder).
      const order: string[] = (await s.request('GET', `/v1/products/${bundle}`)).body.courseIds;
      const price: Record<string, number> = { [drip]: 49900, [sugarcane]: 39900, [compost]: 19900 };
      const split = splitAmount(79900, order.map((id) => price[id]));
      const shareOf = (id: string) => split[order.indexOf(id)];
      const [dripShare, caneShare, compostShare] = [shareOf(drip), shareOf(sugarcane), shareOf(compost)];

      const mine = await s.request('GET', '/v1/revenue', { token: rajesh });
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual(mine.body.data, [{
        courseId: drip, instructorId: mine.body.data[0].instructorId, period: month, currency: 'INR', grossAmount: 2 * dripShare,
        refundedAmount: 0, netAmount: 2 * dripShare, earnedAmount: instructorShare(2 * dripShare), purchases: 2, refunds: 0, studentEnrollments: 2,
      }]);
      const hers = await s.request('GET', '/v1/revenue', { token: sunita });
      assert.deepEqual(new Set(hers.body.data.map((r: any) => r.courseId)), new Set([sugarcane, compost]));
      assert.equal(hers.body.data.find((r: any) => r.courseId === compost).grossAmount, 2 * compostShare);
      const all = await s.request('GET', '/v1/revenue', { token: admin });
      assert.equal(all.body.data.reduce((n: number, r: any) => n + r.grossAmount, 0), 2 * 79900);
      assert.equal(caneShare + dripShare + compostShare, 79900);

      const purchase = (await s.request('GET', '/v1/purchases', { token: a.token })).body.data[0];
      await s.request('POST', `/v1/purchases/${purchase.id}/refund`, { token: admin, body: {} });
      const after = (await s.request('GET', `/v1/revenue?courseId=${drip}&granularity=day`, { token: rajesh })).body.data;
      assert.equal(after.length, 1);
      assert.equal(after[0].period, new Date().toISOString().slice(0, 10));
      assert.equal(after[0].refundedAmount, dripShare);
      assert.equal(after[0].netAmount, dripShare);
      assert.equal(after[0].refunds, 1);
      assert.equal(after[0].earnedAmount, instructorShare(dripShare));

      const future = await s.request('GET', '/v1/revenue?from=2099-01-01', { token: admin });
      assert.deepEqual(future.body.data, []);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal((await s.request('GET', `/v1/revenue?from=${today}&to=${today}`, { token: admin })).body.data.length, 3);
    });

    test('instructors cannot read other instructors\' revenue; learners none', async () => {
      const rajesh = await s.login('rajesh');
      const sunitaId = (await s.request('GET', '/v1/me', { token: await s.login('sunita') })).body.id;
      expectError(await s.request('GET', `/v1/revenue?courseId=${compost}`, { token: rajesh }), 404);
      expectError(await s.request('GET', `/v1/revenue?instructorId=${sunitaId}`, { token: rajesh }), 404);
      const admin = await s.login('admin');
      const byHer = await s.request('GET', `/v1/revenue?instructorId=${sunitaId}`, { token: admin });
      assert.ok(byHer.body.data.every((r: any) => r.instructorId === sunitaId));
      expectError(await s.request('GET', '/v1/revenue', { token: (await s.newLearner()).token }), 403);
      expectError(await s.request('GET', '/v1/revenue'), 401);
      const bad = expectError(await s.request('GET', '/v1/revenue?granularity=year', { token: admin }), 400);
      assert.deepEqual(bad.details?.[0].path, ['query', 'granularity']);
    });
  });
}
