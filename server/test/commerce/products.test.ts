import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId } from './setup.js';

for (const kind of dbKinds()) {
  describe(`products (${kind})`, () => {
    let s: TestServer;
    let admin: string;
    let learner: string;
    let instructor: string;
    let inrCourse: string;
    let usdCourse: string;
    before(async () => {
      s = await startTestServer(kind);
      admin = await s.login('admin');
      learner = await s.login('learner');
      instructor = await s.login('sunita');
      inrCourse = await courseId(s, 'Vermicompost');
      usdCourse = await courseId(s, 'Crop Rotation');
    });
    after(() => s.close());

    const body = (over: Record<string, unknown> = {}) => ({
      name: 'Compost starter', description: 'Vermicompost course', price: { amount: 14900, currency: 'INR' }, courseIds: [inrCourse], ...over,
    });

    test('anyone with the publishable key lists public products only', async () => {
      const r = await s.request('GET', '/v1/products?limit=100');
      assert.equal(r.status, 200);
      assert.ok(r.body.data.length >= 10);
      assert.ok(r.body.data.every((p: any) => p.status === 'public'));
      const bundle = r.body.data.find((p: any) => p.courseIds.length === 3);
      assert.equal(bundle.price.amount, 79900);
      assert.deepEqual(bundle.salePrice, { amount: 79900, currency: 'INR' });
      const filtered = await s.request('GET', `/v1/products?courseId=${inrCourse}`);
      assert.equal(filtered.body.data.length, 2, 'its own product and the bundle');
      expectError(await s.request('GET', '/v1/products', { key: null }), 401, 'missing_publishable_key');
    });

    test('pagination walks every product once', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const r: any = await s.request('GET', `/v1/products?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        for (const p of r.body.data) seen.add(p.id);
        cursor = r.body.nextCursor;
      } while (cursor);
      const all = await s.request('GET', '/v1/products?limit=100');
      assert.equal(seen.size, all.body.data.length);
      expectError(await s.request('GET', '/v1/products?cursor=nonsense'), 400, 'validation_failed');
    });

    test('admins create products; private ones are hidden from others', async () => {
      const r = await s.request('POST', '/v1/products', { token: admin, body: body({ discountPercent: 10 }) });
      assert.equal(r.status, 201);
      assert.equal(r.body.status, 'private');
      assert.deepEqual(r.body.salePrice, { amount: 13410, currency: 'INR' });
      assert.deepEqual(r.body.courseIds, [inrCourse]);
      expectError(await s.request('GET', `/v1/products/${r.body.id}`, { token: learner }), 404, 'not_found');
      assert.equal((await s.request('GET', `/v1/products/${r.body.id}`, { token: admin })).status, 200);
      const listed = await s.request('GET', '/v1/products?limit=100', { token: admin });
      assert.ok(listed.body.data.some((p: any) => p.id === r.body.id));
      const anon = await s.request('GET', '/v1/products?limit=100');
      assert.ok(!anon.body.data.some((p: any) => p.id === r.body.id));
      const audit = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'product' AND entity_id = $1 AND action = 'create'`, [r.body.id]);
      assert.equal(audit.rows.length, 1);
    });

    test('the secret key may create products; learners and instructors may not', async () => {
      assert.equal((await s.request('POST', '/v1/products', { key: s.secretKey, body: body() })).status, 201);
      expectError(await s.request('POST', '/v1/products', { token: learner, body: body() }), 403, 'forbidden');
      expectError(await s.request('POST', '/v1/products', { token: instructor, body: body() }), 403, 'forbidden');
      expectError(await s.request('POST', '/v1/products', { body: body() }), 401, 'unauthenticated');
    });

    test('Idempotency-Key replays the first product instead of creating another', async () => {
      const headers = { 'idempotency-key': 'product-create-1' };
      const a = await s.request('POST', '/v1/products', { token: admin, body: body({ name: 'Idem product' }), headers });
      const b = await s.request('POST', '/v1/products', { token: admin, body: body({ name: 'Idem product' }), headers });
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.equal(b.body.id, a.body.id);
      assert.equal(b.headers.get('idempotency-replayed'), 'true');
      const n = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE name = 'Idem product'`);
      assert.equal(n.rows[0].n, 1);
    });

    test('bad input is a 400 naming the field', async () => {
      const unknown = expectError(await s.request('POST', '/v1/products', { token: admin, body: body({ courseIds: [inrCourse, '00000000-0000-4000-8000-000000000000'] }) }), 400, 'validation_failed');
      assert.deepEqual(unknown.details?.[0].path, ['body', 'courseIds', 1]);
      const cur = expectError(await s.request('POST', '/v1/products', { token: admin, body: body({ price: { amount: 500, currency: 'USD' } }) }), 400);
      assert.deepEqual(cur.details?.[0].path, ['body', 'price', 'currency']);
      const mixed = expectError(await s.request('POST', '/v1/products', { token: admin, body: body({ courseIds: [inrCourse, usdCourse] }) }), 400);
      assert.deepEqual(mixed.details?.[0].path, ['body', 'price', 'currency']);
      const neg = expectError(await s.request('POST', '/v1/products', { token: admin, body: body({ price: { amount: -1, currency: 'INR' } }) }), 400);
      assert.deepEqual(neg.details?.[0].path, ['body', 'price', 'amount']);
      const float = expectError(await s.request('POST', '/v1/products', { token: admin, body: body({ price: { amount: 149.5, currency: 'INR' } }) }), 400);
      assert.deepEqual(float.details?.[0].path, ['body', 'price', 'amount']);
      const empty = expectError(await s.request('POST', '/v1/products', { token: admin, body: body({ courseIds: [] }) }), 400);
      assert.deepEqual(empty.details?.[0].path, ['body', 'courseIds']);
    });

    test('admins update products; currency stays consistent with the courses', async () => {
      const p = await s.request('POST', '/v1/products', { token: admin, body: body({ name: 'To edit' }) });
      const r = await s.request('PATCH', `/v1/products/${p.body.id}`, { token: admin, body: { status: 'public', discountPercent: 50, imageUrl: 'https://cdn.example.org/x.png' } });
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 'public');
      assert.equal(r.body.salePrice.amount, 7450);
      assert.equal(r.body.imageUrl, 'https://cdn.example.org/x.png');
      assert.equal((await s.request('GET', `/v1/products/${p.body.id}`, { token: learner })).status, 200);
      const cur = expectError(await s.request('PATCH', `/v1/products/${p.body.id}`, { token: admin, body: { price: { amount: 100, currency: 'USD' } } }), 400);
      assert.deepEqual(cur.details?.[0].path, ['body', 'price', 'currency']);
      const switched = await s.request('PATCH', `/v1/products/${p.body.id}`, { token: admin, body: { price: { amount: 100, currency: 'USD' }, courseIds: [usdCourse] } });
      assert.equal(switched.status, 200);
      assert.deepEqual(switched.body.courseIds, [usdCourse]);
      const detail = await s.request('GET', `/v1/courses/${usdCourse}`);
      assert.ok(detail.body.access.productIds.includes(p.body.id), 'the catalog shows the new product at once');
      expectError(await s.request('PATCH', `/v1/products/00000000-0000-4000-8000-000000000000`, { token: admin, body: { name: 'x' } }), 404);
      expectError(await s.request('PATCH', `/v1/products/${p.body.id}`, { token: learner, body: { name: 'x' } }), 403);
    });
  });
}
