// Offline cache, downloads and IndexedDB migrations in real Chromium.
import { http, HttpResponse } from 'msw';
import { openDB } from 'idb';
import { FurrowError, FurrowNetworkError } from '@furrow/sdk';
import { DB_VERSION } from '@furrow/sdk/offline';
import { client, deleteDb, env, freeCourse, msw, signup } from './support.js';
import { deepEqual, equal, ok, rejects } from './assert.js';

const url = (path: string) => `${env!.baseUrl}${path}`;
const dbName = () => `furrow-test-${crypto.randomUUID()}`;

describe('offline cache (IndexedDB)', function () {
  before(async () => {
    await msw();
  });
  afterEach(async () => {
    (await msw()).resetHandlers();
  });

  it('catalog pages and outlines fall back to the cache, marked stale', async () => {
    const name = dbName();
    const c = client({ offline: { dbName: name }, retry: 0 });
    const fresh = await c.courses.list({ limit: 3 });
    equal(fresh.stale, undefined);
    const outline = await c.courses.retrieve(fresh.data[0].id);
    (await msw()).use(http.get(url('/v1/courses'), () => HttpResponse.error()), http.get(url('/v1/courses/:id'), () => HttpResponse.error()));
    const cached = await c.courses.list({ limit: 3 });
    equal(cached.stale, true);
    ok(typeof cached.cachedAt === 'number' && cached.cachedAt <= Date.now());
    deepEqual(cached.data.map((x) => x.id), fresh.data.map((x) => x.id));
    ok(!('stale' in JSON.parse(JSON.stringify(cached))), 'the marker does not leak into JSON');
    equal((await c.courses.retrieve(outline.id)).stale, true);
    // Never cached: the network error is the answer.
    const e = await rejects(c.courses.list({ limit: 4 }));
    ok(e instanceof FurrowNetworkError);
    c.close();
    // A new client (a reload) still has the cache.
    const again = client({ offline: { dbName: name }, retry: 0 });
    equal((await again.courses.list({ limit: 3 })).stale, true);
    again.close();
    await deleteDb(name);
  });

  it('downloads a course: size first, quota respected, lessons readable offline', async () => {
    const name = dbName();
    const c = client({ offline: { dbName: name }, retry: 0 });
    // Its own free course and a fresh learner enrolled in it: every lesson is open to download.
    await signup(c);
    const created = await freeCourse(c);
    await c.enrollments.create(created.id);
    const course = await c.courses.retrieve(created.id);
    const openable = course.sections.flatMap((s) => s.lessons).filter((l) => !l.locked);
    equal(openable.length, 3, 'an enrolled learner may open every lesson');
    const plan = await c.lessons.downloadSize(course.id);
    equal(plan.lessons, openable.length);
    equal(plan.bytes, openable.reduce((n, l) => n + l.downloadBytes, 0));
    ok(plan.fits);
    ok(plan.lessons > 0, 'a free course has lessons to download');
    const progress: number[] = [];
    const result = await c.lessons.download(course.id, { onProgress: (d) => progress.push(d) });
    equal(result.lessons, plan.lessons);
    equal(progress.length, plan.lessons);
    equal(typeof result.persisted, 'boolean');
    (await msw()).use(http.get(url('/v1/lessons/:id'), () => HttpResponse.error()));
    const lesson = await c.lessons.retrieve(openable[0].id);
    equal(lesson.stale, true);
    equal(lesson.id, openable[0].id);
    await c.lessons.removeDownload(course.id);
    ok((await rejects(c.lessons.retrieve(openable[0].id))) instanceof FurrowNetworkError);
    c.close();
    await deleteDb(name);
  });

  it('refuses a download that does not fit the storage quota', async () => {
    const name = dbName();
    const c = client({ offline: { dbName: name }, retry: 0 });
    const course = await freeCourse(c);
    const storage = navigator.storage;
    const original = storage.estimate;
    storage.estimate = async () => ({ quota: 1000, usage: 999 });
    try {
      const plan = await c.lessons.downloadSize(course.id);
      equal(plan.available, 1);
      equal(plan.fits, plan.bytes <= 1);
      if (plan.bytes > 1) {
        const e = await rejects<FurrowError>(c.lessons.download(course.id));
        equal(e.code, 'storage_quota_exceeded');
      }
    } finally {
      storage.estimate = original;
      c.close();
      await deleteDb(name);
    }
  });

  it('migrates a v1 database and replays the outbox it holds', async () => {
    const name = dbName();
    // What a phone that ran SDK schema v1 holds: no pin index yet, one queued write.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('cache', { keyPath: 'key' });
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      },
    });
    const lessonId = '11111111-1111-4111-8111-111111111111';
    await v1.add('outbox', { id: crypto.randomUUID(), op: 'progress.complete', method: 'POST', path: `/v1/lessons/${lessonId}/complete`, key: `progress:${lessonId}`, createdAt: Date.now(), attempts: 0, state: 'pending' });
    v1.close();
    const seen: string[] = [];
    (await msw()).use(
      http.post(url('/v1/lessons/:id/complete'), ({ request }) => {
        seen.push(request.headers.get('idempotency-key') ?? '');
        return HttpResponse.json({ courseId: lessonId }, { status: 200 });
      }),
    );
    const c = client({ offline: { dbName: name } });
    await c.outbox.flush();
    for (let i = 0; i < 50 && (await c.outbox.size()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    equal(await c.outbox.size(), 0);
    equal(seen.length, 1);
    c.close();
    const db = await openDB(name);
    equal(db.version, DB_VERSION);
    ok(db.transaction('cache').store.indexNames.contains('by-pin'));
    db.close();
    await deleteDb(name);
  });
});
