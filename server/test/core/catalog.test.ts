import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';

interface Card { id: string; title: string; languages: string[]; category: string; level: string; isFree: boolean; price: { amount: number; currency: string }; salePrice: { amount: number; currency: string }; publishedAt: string; rating: number; enrolledCount: number }

for (const kind of dbKinds()) {
  describe(`catalog (${kind})`, () => {
    let s: TestServer;
    const list = async (qs: string) => {
      const r = await s.request<{ data: Card[]; nextCursor: string | null }>('GET', `/v1/courses?${qs}`);
      assert.equal(r.status, 200, r.text);
      return r.body;
    };
    before(async () => {
      s = await startTestServer(kind);
    });
    after(() => s.close());

    it('lists the demo catalogue in English, Hindi and Marathi', async () => {
      const { data } = await list('limit=100');
      assert.ok(data.length >= 12);
      for (const lang of ['en', 'hi', 'mr']) assert.ok(data.some((c) => c.languages.includes(lang)), lang);
      assert.ok(data.some((c) => c.isFree) && data.some((c) => !c.isFree));
      assert.ok(data.some((c) => c.price.currency === 'USD') && data.some((c) => c.price.currency === 'INR'));
      assert.equal(new Set(data.map((c) => c.category)).size, 6);
    });

    it('filters by category, level, language, free/paid, currency and price range', async () => {
      for (const c of (await list('category=irrigation')).data) assert.equal(c.category, 'irrigation');
      for (const c of (await list('level=advanced')).data) assert.equal(c.level, 'advanced');
      const mr = (await list('language=mr')).data;
      assert.ok(mr.length > 0);
      for (const c of mr) assert.ok(c.languages.includes('mr'));
      for (const c of (await list('price=free')).data) assert.equal(c.isFree, true);
      for (const c of (await list('price=paid')).data) assert.equal(c.isFree, false);
      for (const c of (await list('currency=USD')).data) assert.equal(c.price.currency, 'USD');
      const ranged = (await list('currency=INR&minPrice=10000&maxPrice=40000')).data;
      assert.ok(ranged.length > 0);
      for (const c of ranged) assert.ok(c.salePrice.amount >= 10000 && c.salePrice.amount <= 40000, `${c.title} ${c.salePrice.amount}`);
    });

    it('computes the sale price from the discount in integer minor units', async () => {
      const drip = (await list('category=irrigation&currency=INR&price=paid')).data.find((c) => c.title.startsWith('ड्रिप'))!;
      assert.deepEqual(drip.price, { amount: 49900, currency: 'INR' });
      assert.deepEqual(drip.salePrice, { amount: 39920, currency: 'INR' });
    });

    it('searches Hindi, Marathi and English text', async () => {
      const hi = (await list(`q=${encodeURIComponent('सिंचाई')}`)).data;
      assert.ok(hi.some((c) => c.title.includes('ड्रिप सिंचाई')));
      const mr = (await list(`q=${encodeURIComponent('पेरणी')}`)).data;
      assert.deepEqual(mr.map((c) => c.title), ['खरीप पेरणीचे नियोजन']);
      const en = (await list('q=Soil')).data;
      assert.ok(en.length >= 2);
      assert.ok(en[0].title.toLowerCase().includes('soil'), 'title matches rank first');
      assert.equal((await list('q=zzzznotthere')).data.length, 0);
      // LIKE wildcards in the query are literal.
      assert.equal((await list(`q=${encodeURIComponent('%_%')}`)).data.length, 0);
    });

    it('sorts by price and pages with cursors without repeats or gaps', async () => {
      const asc = (await list('sort=price_asc&currency=INR&limit=100')).data.map((c) => c.salePrice.amount);
      assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
      for (const sort of ['newest', 'rating', 'popular', 'price_desc', 'relevance']) {
        const all = (await list(`sort=${sort}&limit=100`)).data.map((c) => c.id);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { data: Card[]; nextCursor: string | null } = await list(`sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
          paged.push(...page.data.map((c) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual(paged, all, sort);
      }
    });

    it('refuses a tampered cursor with 400', async () => {
      expectError(await s.request('GET', '/v1/courses?cursor=bm90LWpzb24'), 400, 'validation_failed');
      expectError(await s.request('GET', `/v1/courses?cursor=${Buffer.from('[1,2]').toString('base64url')}`), 400, 'validation_failed');
    });

    it('returns a course with sections and lessons in order; private hidden, preview playable, the rest locked', async () => {
      const drip = (await list(`q=${encodeURIComponent('ड्रिप')}`)).data[0];
      const r = await s.request('GET', `/v1/courses/${drip.id}`);
      assert.equal(r.status, 200);
      const lessons = r.body.sections.flatMap((x: { lessons: unknown[] }) => x.lessons) as { title: string; status: string; locked: boolean; lockReason: string | null; body: string | null; video: unknown; order: number }[];
      assert.deepEqual(r.body.sections.map((x: { order: number }) => x.order), [0, 1]);
      assert.ok(!lessons.some((l) => l.status === 'private'), 'private lesson hidden');
      const preview = lessons.find((l) => l.status === 'preview')!;
      assert.equal(preview.locked, false);
      assert.ok(preview.video);
      const locked = lessons.find((l) => l.status === 'public')!;
      assert.equal(locked.locked, true);
      assert.equal(locked.lockReason, 'sign_in');
      assert.equal(locked.body, null);
      assert.equal(locked.video, null);
      assert.equal(r.body.access.hasAccess, false);
      assert.ok(r.body.access.productIds.length >= 1);
      // Signed in but not enrolled in a paid course: purchase.
      const { token } = await s.newLearner();
      const r2 = await s.request('GET', `/v1/courses/${drip.id}`, { token });
      const l2 = r2.body.sections.flatMap((x: { lessons: unknown[] }) => x.lessons).find((l: { status: string }) => l.status === 'public');
      assert.equal(l2.lockReason, 'purchase');
    });

    it('lets the course instructor see private lessons', async () => {
      const drip = (await list(`q=${encodeURIComponent('ड्रिप')}`)).data[0];
      const token = await s.login('rajesh');
      const r = await s.request('GET', `/v1/courses/${drip.id}`, { token });
      const lessons = r.body.sections.flatMap((x: { lessons: { status: string; locked: boolean }[] }) => x.lessons);
      assert.ok(lessons.some((l: { status: string }) => l.status === 'private'));
      assert.ok(lessons.every((l: { locked: boolean }) => !l.locked));
    });

    it('serves single lessons by the same rules and 404s private or unknown ones', async () => {
      const drip = (await list(`q=${encodeURIComponent('ड्रिप')}`)).data[0];
      const instructor = await s.login('rajesh');
      const detail = await s.request('GET', `/v1/courses/${drip.id}`, { token: instructor });
      const lessons = detail.body.sections.flatMap((x: { lessons: { id: string; status: string }[] }) => x.lessons);
      const priv = lessons.find((l: { status: string }) => l.status === 'private');
      const prev = lessons.find((l: { status: string }) => l.status === 'preview');
      expectError(await s.request('GET', `/v1/lessons/${priv.id}`), 404, 'not_found');
      assert.equal((await s.request('GET', `/v1/lessons/${priv.id}`, { token: instructor })).status, 200);
      const p = await s.request('GET', `/v1/lessons/${prev.id}`);
      assert.equal(p.body.locked, false);
      expectError(await s.request('GET', '/v1/lessons/00000000-0000-4000-8000-000000000000'), 404);
      expectError(await s.request('GET', '/v1/courses/00000000-0000-4000-8000-000000000000'), 404);
    });

    it('hides drafts from the catalog and from learners, and shows edits at once', async () => {
      const first = (await list('limit=1')).data[0];
      await s.db.tx(async (q) => {
        await q.query(`UPDATE courses SET title = 'Edited title for cache test', updated_at = now() WHERE id = $1`, [first.id]);
        await s.services.catalog.bump(q);
      });
      s.services.catalog.invalidate();
      assert.equal((await list('limit=1')).data[0].title, 'Edited title for cache test');
      await s.db.tx(async (q) => {
        await q.query(`UPDATE courses SET status = 'draft' WHERE id = $1`, [first.id]);
        await s.services.catalog.bump(q);
      });
      s.services.catalog.invalidate();
      assert.ok(!(await list('limit=100')).data.some((c) => c.id === first.id));
      expectError(await s.request('GET', `/v1/courses/${first.id}`), 404);
    });

    it('lists, searches and retrieves articles and videos', async () => {
      const a = await s.request('GET', '/v1/articles?limit=10');
      assert.equal(a.status, 200);
      assert.ok(a.body.data.length >= 4);
      const hi = await s.request('GET', `/v1/articles?q=${encodeURIComponent('पानी')}`);
      assert.equal(hi.body.data.length, 1);
      assert.equal((await s.request('GET', `/v1/articles/${a.body.data[0].id}`)).body.id, a.body.data[0].id);
      const v = await s.request('GET', '/v1/videos?language=mr');
      assert.ok(v.body.data.length >= 1);
      for (const x of v.body.data) assert.ok(x.languages.includes('mr'));
      const paged = await s.request('GET', '/v1/videos?limit=2');
      assert.ok(paged.body.nextCursor);
      const next = await s.request('GET', `/v1/videos?limit=2&cursor=${paged.body.nextCursor}`);
      assert.ok(!next.body.data.some((x: { id: string }) => paged.body.data.some((y: { id: string }) => y.id === x.id)));
      // Rows written in one transaction share now(): paging one by one still returns every row once.
      const all = (await s.request('GET', '/v1/videos?limit=100')).body.data.map((x: { id: string }) => x.id);
      const walked: string[] = [];
      for (let cursor: string | null = null, i = 0; i < 20; i++) {
        const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await s.request('GET', `/v1/videos?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        walked.push(...page.body.data.map((x) => x.id));
        cursor = page.body.nextCursor;
        if (!cursor) break;
      }
      assert.deepEqual(walked, all);
      expectError(await s.request('GET', '/v1/videos/00000000-0000-4000-8000-000000000000'), 404);
      expectError(await s.request('GET', '/v1/articles?featured=maybe'), 400);
    });
  });
}
