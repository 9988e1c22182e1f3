// Happy paths against the real Furrow server (no mocks).
import { FurrowHttpError, isFurrowError } from '@furrow/sdk';
import { client, env, envError, freeCourse, signup } from './support.js';
import { equal, ok, rejects } from './assert.js';

describe('SDK against the real server', function () {
  before(function () {
    if (!env) throw new Error(`Furrow server did not start: ${envError}`);
  });

  it('lists courses (one page, then every page)', async () => {
    const c = client();
    const page = await c.courses.list({ limit: 2 });
    equal(page.data.length, 2);
    ok(typeof page.data[0].title === 'string');
    ok(page.nextCursor, 'the demo catalog has more than two courses');
    const ids = new Set<string>();
    for await (const course of c.courses.list({ limit: 2 })) ids.add(course.id);
    ok(ids.size > 2, `iterated ${ids.size} courses`);
  });

  it('retrieves a course outline with lessons and download sizes', async () => {
    const c = client();
    const course = await freeCourse(c);
    ok(course.sections.length > 0);
    const lesson = course.sections[0].lessons[0];
    ok(Number.isInteger(lesson.downloadBytes));
    const missing = await rejects<FurrowHttpError>(c.courses.retrieve('00000000-0000-4000-8000-000000000000'));
    ok(missing instanceof FurrowHttpError && isFurrowError(missing));
    equal(missing.status, 404);
    ok(missing.requestId?.startsWith('req_'), 'requestId from the error body');
    ok(missing.message.includes(`GET ${env!.baseUrl}/v1/courses/`), missing.message);
  });

  it('signs up, announces the token, and reads /me', async () => {
    const c = client();
    const seen: Array<string | null> = [];
    c.onAuthChange(({ token }) => seen.push(token));
    const session = await signup(c);
    ok(session.token && session.user.id);
    equal(c.getToken(), session.token);
    equal(seen.length, 1);
    const me = await c.auth.me.retrieve();
    equal(me.id, session.user.id);
    ok(!location.href.includes(session.token));
  });

  it('enrols in a free course and updates progress', async function () {
    const c = client();
    await signup(c);
    const course = await freeCourse(c);
    const enrollment = await c.enrollments.create(course.id);
    equal(enrollment.courseId, course.id);
    const lesson = course.sections[0].lessons[0];
    const progress = await c.progress.update(lesson.id, { videoPositionSeconds: 42, timeSpentDeltaSeconds: 30 });
    equal(progress.lessonId, lesson.id);
    const overall = await c.progress.course(course.id);
    equal(overall.courseId, course.id);
  });

  it('a creating POST replays with the same idempotency key', async function () {
    const c = client();
    await signup(c);
    const course = await freeCourse(c);
    const key = crypto.randomUUID();
    const a = await c.enrollments.create(course.id, { idempotencyKey: key });
    const b = await c.enrollments.create(course.id, { idempotencyKey: key });
    equal(b.id, a.id);
  });
});
