// The offline promise: 1,000 writes queued offline, a reload while queueing and another
// while replaying, injected 5xx and lost answers — and the server holds exactly 1,000 rows.
//
// A true page reload cannot happen inside web-test-runner (the test page is the runner), so a
// reload is simulated the way it looks to the SDK: the client and its IndexedDB connection
// are closed and a new client opens the same database.
import { bypass, http, HttpResponse, passthrough } from 'msw';
import type { FurrowClient } from '@furrow/sdk';
import { client, deleteDb, env, freeCourse, msw, signup } from './support.js';
import { equal, ok } from './assert.js';

const TOTAL = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Replays until the outbox is empty, honouring the server's Retry-After (write rate limit). */
async function drain(c: FurrowClient, deadline: number): Promise<void> {
  let wait = 0;
  const off = c.on('sync:fail', ({ error }) => (wait = error.status === 429 ? ((error as { retryAfter?: number }).retryAfter ?? 1000) : 0));
  try {
    while ((await c.outbox.size()) > 0) {
      ok(Date.now() < deadline, `outbox not drained in time: ${await c.outbox.size()} left`);
      if (wait) await sleep(wait + 100);
      wait = 0;
      await c.outbox.flush();
    }
  } finally {
    off();
  }
}

describe('outbox replay', function () {
  it(`${TOTAL} questions queued offline arrive exactly once`, async function () {
    this.timeout(280_000);
    const deadline = Date.now() + 270_000;
    const setup = client();
    const session = await signup(setup);
    const course = await freeCourse(setup);
    const lesson = course.sections.flatMap((s) => s.lessons).find((l) => !l.locked) ?? course.sections[0].lessons[0];
    await setup.enrollments.create(course.id);
    await setup.questions.create(lesson.id, { body: 'probe: is this route live?' });

    const dbName = `furrow-replay-${crypto.randomUUID()}`;
    await deleteDb(dbName);
    const prefix = `q-${crypto.randomUUID().slice(0, 8)}`;
    let mode: 'offline' | 'flaky' = 'offline';
    let n = 0;
    const injected = { unavailable: 0, lost: 0 };
    const worker = await msw();
    worker.use(
      http.post(`${env!.baseUrl}/v1/lessons/:id/questions`, async ({ request }) => {
        if (mode === 'offline') return HttpResponse.error();
        n++;
        if (n % 10 === 3) {
          injected.unavailable++; // never reaches the server
          return HttpResponse.json({ error: { code: 'internal_error', message: 'injected', requestId: 'req_msw' } }, { status: 503 });
        }
        if (n % 10 === 7) {
          injected.lost++; // the server stores it, the answer is lost: the replay must not count twice
          await fetch(bypass(request));
          return HttpResponse.error();
        }
        return passthrough();
      }),
    );
    const open = () => client({ offline: { dbName }, token: session.token });
    const queue = (c: FurrowClient, from: number, to: number) =>
      Promise.all(Array.from({ length: to - from }, (_, i) => c.questions.create(lesson.id, { body: `${prefix} #${from + i}` }).then(
        () => 'sent',
        (e: { queued?: boolean }) => (e.queued ? 'queued' : Promise.reject(e)),
      )));

    try {
      // Page 1 queues half, then the page "reloads".
      const a = open();
      const r1 = await queue(a, 0, TOTAL / 2);
      ok(r1.every((r) => r === 'queued'), 'offline writes report queued');
      a.close();
      // Page 2 queues the rest: the first half is still there.
      const b = open();
      await queue(b, TOTAL / 2, TOTAL);
      equal(await b.outbox.size(), TOTAL);

      // Back online (with 5xx and lost answers injected); reload again mid-replay.
      mode = 'flaky';
      let left = TOTAL;
      b.on('outbox', ({ size }) => (left = size));
      void b.outbox.flush();
      while (left > TOTAL * 0.6 && Date.now() < deadline) await sleep(20);
      b.close();
      const c = open();
      const failed: string[] = [];
      c.on('write:failed', ({ error }) => failed.push(error.code));
      await drain(c, deadline);
      equal(failed.length, 0, `permanent failures: ${failed.join(', ')}`);
      c.close();
    } finally {
      worker.resetHandlers();
      await deleteDb(dbName);
    }
    ok(injected.unavailable > 0 && injected.lost > 0, 'faults were injected');

    // Count through the API: exactly TOTAL rows with our prefix, each body once.
    const bodies = new Set<string>();
    let rows = 0;
    for await (const q of setup.questions.list(lesson.id, { limit: 100 })) {
      if (q.body.startsWith(prefix)) {
        rows++;
        bodies.add(q.body);
      }
    }
    equal(rows, TOTAL, 'rows on the server');
    equal(bodies.size, TOTAL, 'distinct writes on the server');
  });
});
