import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { grantAccess, revokeAccess } from '../../src/shared-sql/access.js';
import { draftCourse, expectField, loadDemo, publish, recordEvents, type Demo } from './fixtures.js';

const rec = recordEvents();

async function counts(s: TestServer, courseId: string) {
  return (await s.db.query<{ enrolled_count: number; completed_count: number }>(`SELECT enrolled_count, completed_count FROM courses WHERE id = $1`, [courseId])).rows[0];
}

for (const kind of dbKinds()) {
  describe(`enrollment and progress (${kind})`, () => {
    let s: TestServer;
    let d: Demo;
    before(async () => {
      s = await startTestServer(kind);
      d = await loadDemo(s);
    });
    after(() => s.close());

    test('enrollments.create: free course, once; counts; enrolled event; refusals', async () => {
      const l = await s.newLearner();
      const soil = d.courses.soil.id;
      const c0 = await counts(s, soil);
      const r = await s.request('POST', `/v1/courses/${soil}/enroll`, { token: l.token });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.accessType, 'free');
      assert.equal(r.body.status, 'enrolled');
      assert.equal(r.body.isActive, true);
      assert.equal((await counts(s, soil)).enrolled_count, c0.enrolled_count + 1);
      assert.equal(rec.of('enrolled', l.userId).length, 1);
      expectError(await s.request('POST', `/v1/courses/${soil}/enroll`, { token: l.token }), 409, 'already_enrolled');
      assert.equal((await counts(s, soil)).enrolled_count, c0.enrolled_count + 1);
      // Paid course: 402 with a clear message.
      const paid = expectError(await s.request('POST', `/v1/courses/${d.courses.drip.id}/enroll`, { token: l.token }), 402, 'payment_required');
      assert.match(paid.message, /₹399\.20/);
      assert.match(paid.message, /checkout/);
      expectError(await s.request('POST', `/v1/courses/${soil}/enroll`), 401);
      expectError(await s.request('POST', '/v1/courses/not-a-uuid/enroll', { token: l.token }), 400);
      const { courseId: draft } = await draftCourse(s, d.tokens.sunita, 1);
      expectError(await s.request('POST', `/v1/courses/${draft}/enroll`, { token: l.token }), 404);
      const audit = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'enrollment' AND entity_id = $1 AND user_id = $2`, [r.body.id, l.userId]);
      assert.equal(audit.rows.length, 1);
    });

    test('enrollments.list and drop; re-enrolling reactivates with progress', async () => {
      const l = await s.newLearner();
      const kharif = d.courses.kharif;
      const e = (await s.request('POST', `/v1/courses/${kharif.id}/enroll`, { token: l.token })).body;
      await s.request('POST', `/v1/courses/${d.courses.soil.id}/enroll`, { token: l.token });
      const list = await s.request('GET', '/v1/enrollments?limit=1', { token: l.token });
      assert.equal(list.body.data.length, 1);
      assert.ok(list.body.nextCursor);
      const page2 = await s.request('GET', `/v1/enrollments?limit=1&cursor=${list.body.nextCursor}`, { token: l.token });
      assert.equal(page2.body.data.length, 1);
      assert.notEqual(page2.body.data[0].id, list.body.data[0].id);
      assert.equal(page2.body.nextCursor, null);
      expectError(await s.request('GET', '/v1/enrollments?cursor=zzz', { token: l.token }), 400);

      await s.request('PUT', `/v1/lessons/${kharif.lessons[0].id}/progress`, { token: l.token, body: { videoPositionSeconds: 30 } });
      const c0 = await counts(s, kharif.id);
      const other = await s.newLearner();
      expectError(await s.request('POST', `/v1/enrollments/${e.id}/drop`, { token: other.token }), 404);
      const dropped = await s.request('POST', `/v1/enrollments/${e.id}/drop`, { token: l.token });
      assert.equal(dropped.body.status, 'dropped');
      assert.equal(dropped.body.isActive, false);
      assert.equal((await counts(s, kharif.id)).enrolled_count, c0.enrolled_count - 1);
      // Dropping twice changes nothing.
      assert.equal((await s.request('POST', `/v1/enrollments/${e.id}/drop`, { token: l.token })).body.status, 'dropped');
      assert.equal((await counts(s, kharif.id)).enrolled_count, c0.enrolled_count - 1);
      // Dropped learners lose access to progress writes.
      expectError(await s.request('PUT', `/v1/lessons/${kharif.lessons[0].id}/progress`, { token: l.token, body: { videoPositionSeconds: 40 } }), 404);
      const back = await s.request('POST', `/v1/courses/${kharif.id}/enroll`, { token: l.token });
      assert.equal(back.status, 201);
      assert.equal(back.body.id, e.id);
      assert.equal(back.body.status, 'in_progress');
      assert.equal((await counts(s, kharif.id)).enrolled_count, c0.enrolled_count);
    });

    test('progress.update: position ordering by client timestamp, time deltas, percent, access', async () => {
      const l = await s.newLearner();
      const soil = d.courses.soil;
      const video = soil.lessons[2].id;
      await s.request('POST', `/v1/courses/${soil.id}/enroll`, { token: l.token });
      const t = (sec: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, sec)).toISOString();
      const w1 = await s.request('PUT', `/v1/lessons/${video}/progress`, { token: l.token, body: { videoPositionSeconds: 100, videoPercent: 20, timeSpentDeltaSeconds: 30, clientTimestamp: t(30) } });
      assert.equal(w1.status, 200, w1.text);
      assert.equal(w1.body.status, 'in_progress');
      // An older write (from an outbox) arrives late: the position stays, the time still counts.
      const old = await s.request('PUT', `/v1/lessons/${video}/progress`, { token: l.token, body: { videoPositionSeconds: 40, videoPercent: 8, timeSpentDeltaSeconds: 10, clientTimestamp: t(10) } });
      assert.equal(old.body.videoPositionSeconds, 100);
      assert.equal(old.body.videoPercent, 20);
      assert.equal(old.body.timeSpentSeconds, 40);
      // An exact replay adds no time.
      const replay = await s.request('PUT', `/v1/lessons/${video}/progress`, { token: l.token, body: { videoPositionSeconds: 100, videoPercent: 20, timeSpentDeltaSeconds: 30, clientTimestamp: t(30) } });
      assert.equal(replay.body.timeSpentSeconds, 40);
      // A newer write may move back (the learner rewound); percent never shrinks.
      const rewind = await s.request('PUT', `/v1/lessons/${video}/progress`, { token: l.token, body: { videoPositionSeconds: 50, videoPercent: 10, clientTimestamp: t(50) } });
      assert.equal(rewind.body.videoPositionSeconds, 50);
      assert.equal(rewind.body.videoPercent, 20);
      // The position resumes on another device.
      const prog = await s.request('GET', `/v1/courses/${soil.id}/progress`, { token: l.token });
      assert.equal(prog.body.resumeLessonId, video);
      assert.equal(prog.body.lessons.find((x: { lessonId: string }) => x.lessonId === video).videoPositionSeconds, 50);
      assert.equal(prog.body.enrollment.status, 'in_progress');
      assert.ok(prog.body.enrollment.lastAccessedAt);
      // Position reports raise `activity` once per local day per instance (listeners are per-day).
      assert.ok(rec.of('activity', l.userId).length >= 1);

      expectField(await s.request('PUT', `/v1/lessons/${video}/progress`, { token: l.token, body: { videoPercent: 101 } }), ['body', 'videoPercent']);
      expectField(await s.request('PUT', `/v1/lessons/${video}/progress`, { token: l.token, body: { timeSpentDeltaSeconds: -1 } }), ['body', 'timeSpentDeltaSeconds']);
      expectField(await s.request('PUT', `/v1/lessons/${video}/progress`, { token: l.token, body: { clientTimestamp: 'yesterday' } }), ['body', 'clientTimestamp']);
      expectError(await s.request('PUT', `/v1/lessons/${video}/progress`, { body: {} }), 401);
      const stranger = await s.newLearner();
      expectError(await s.request('PUT', `/v1/lessons/${video}/progress`, { token: stranger.token, body: { videoPositionSeconds: 1 } }), 404);
      // Private lessons take no progress even from enrolled learners.
      const privateLesson = (await s.db.query<{ id: string }>(`SELECT id FROM lessons WHERE status = 'private' LIMIT 1`)).rows[0].id;
      expectError(await s.request('PUT', `/v1/lessons/${privateLesson}/progress`, { token: l.token, body: { videoPositionSeconds: 1 } }), 404);
    });

    test('completion: computed from lessons, course_completed once, counts, quiz lessons need a pass', async () => {
      const { courseId, lessons } = await draftCourse(s, d.tokens.sunita, 3);
      await publish(s, d.tokens.sunita, courseId);
      const l = await s.newLearner();
      await s.request('POST', `/v1/courses/${courseId}/enroll`, { token: l.token });
      const c0 = await counts(s, courseId);
      const p1 = await s.request('POST', `/v1/lessons/${lessons[0]}/complete`, { token: l.token });
      assert.equal(p1.status, 200, p1.text);
      assert.equal(p1.body.progressPercent, 33);
      assert.equal(p1.body.lessonsCompleted, 1);
      assert.equal(p1.body.lessonsTotal, 3);
      assert.equal(p1.body.resumeLessonId, lessons[1]);
      // Completing the same lesson again changes nothing and raises no second event.
      await s.request('POST', `/v1/lessons/${lessons[0]}/complete`, { token: l.token });
      assert.equal(rec.of('lesson_completed', l.userId).length, 1);
      await s.request('PUT', `/v1/lessons/${lessons[1]}/progress`, { token: l.token, body: { completed: true } });
      // `completed: false` never un-completes.
      const still = await s.request('PUT', `/v1/lessons/${lessons[1]}/progress`, { token: l.token, body: { completed: false } });
      assert.equal(still.body.status, 'completed');
      const done = await s.request('POST', `/v1/lessons/${lessons[2]}/complete`, { token: l.token });
      assert.equal(done.body.progressPercent, 100);
      assert.equal(done.body.enrollment.status, 'completed');
      assert.ok(done.body.enrollment.completedAt);
      assert.ok(done.body.enrollment.certificateId);
      assert.equal(done.body.resumeLessonId, null);
      assert.equal(rec.of('course_completed', l.userId).length, 1);
      assert.equal((await counts(s, courseId)).completed_count, c0.completed_count + 1);
      await s.request('POST', `/v1/lessons/${lessons[2]}/complete`, { token: l.token });
      assert.equal(rec.of('course_completed', l.userId).length, 1);
      // Drop and come back: still completed, counts restored.
      await s.request('POST', `/v1/enrollments/${done.body.enrollment.id}/drop`, { token: l.token });
      assert.deepEqual(await counts(s, courseId), { enrolled_count: c0.enrolled_count - 1, completed_count: c0.completed_count });
      const back = await s.request('POST', `/v1/courses/${courseId}/enroll`, { token: l.token });
      assert.equal(back.body.status, 'completed');
      assert.deepEqual(await counts(s, courseId), { enrolled_count: c0.enrolled_count, completed_count: c0.completed_count + 1 });

      // A quiz lesson is completed by passing its quiz.
      const soilQuizLesson = d.courses.soil.lessons.find((x) => x.contentType === 'quiz')!;
      const m = await s.newLearner();
      await s.request('POST', `/v1/courses/${d.courses.soil.id}/enroll`, { token: m.token });
      expectError(await s.request('POST', `/v1/lessons/${soilQuizLesson.id}/complete`, { token: m.token }), 409);
      expectError(await s.request('PUT', `/v1/lessons/${soilQuizLesson.id}/progress`, { token: m.token, body: { completed: true } }), 409);
      expectError(await s.request('POST', `/v1/lessons/${lessons[0]}/complete`, { token: m.token }), 404);
      expectError(await s.request('POST', `/v1/lessons/${lessons[0]}/complete`), 401);
    });

    test('progress.course: 404 for hidden courses; progress without enrollment is empty', async () => {
      const l = await s.newLearner();
      const p = await s.request('GET', `/v1/courses/${d.courses.ipm.id}/progress`, { token: l.token });
      assert.equal(p.status, 200);
      assert.equal(p.body.enrollment, null);
      assert.equal(p.body.progressPercent, 0);
      assert.equal(p.body.lessons.every((x: { status: string }) => x.status === 'not_started'), true);
      const { courseId } = await draftCourse(s, d.tokens.sunita, 1);
      expectError(await s.request('GET', `/v1/courses/${courseId}/progress`, { token: l.token }), 404);
      expectError(await s.request('GET', `/v1/courses/${d.courses.ipm.id}/progress`), 401);
      // The demo learner resumes the half-watched video.
      const demo = await s.request('GET', `/v1/courses/${d.courses.soil.id}/progress`, { token: d.tokens.learner });
      assert.equal(demo.body.resumeLessonId, d.courses.soil.lessons[2].id);
      assert.equal(demo.body.progressPercent, 20);
    });

    test('progress.flag: the course instructor flags a learner; others refused', async () => {
      const l = await s.newLearner();
      const lesson = d.courses.soil.lessons[1].id;
      await s.request('POST', `/v1/courses/${d.courses.soil.id}/enroll`, { token: l.token });
      expectError(await s.request('POST', `/v1/lessons/${lesson}/progress/${l.userId}/flag`, { token: d.tokens.sunita, body: { status: 'flagged' } }), 404);
      await s.request('PUT', `/v1/lessons/${lesson}/progress`, { token: l.token, body: { timeSpentDeltaSeconds: 3 } });
      const r = await s.request('POST', `/v1/lessons/${lesson}/progress/${l.userId}/flag`, { token: d.tokens.sunita, body: { status: 'flagged' } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.flaggedStatus, 'flagged');
      expectField(await s.request('POST', `/v1/lessons/${lesson}/progress/${l.userId}/flag`, { token: d.tokens.sunita, body: { status: 'bad' } }), ['body', 'status']);
      expectError(await s.request('POST', `/v1/lessons/${lesson}/progress/${l.userId}/flag`, { token: d.tokens.rajesh, body: { status: 'reviewed' } }), 403);
      expectError(await s.request('POST', `/v1/lessons/${lesson}/progress/${l.userId}/flag`, { token: l.token, body: { status: 'reviewed' } }), 403);
      expectError(await s.request('POST', `/v1/lessons/${lesson}/progress/${l.userId}/flag`, { body: { status: 'reviewed' } }), 401);
      const a = await s.request('POST', `/v1/lessons/${lesson}/progress/${l.userId}/flag`, { token: d.tokens.admin, body: { status: 'reviewed' } });
      assert.equal(a.body.flaggedStatus, 'reviewed');
    });

    test('grantAccess/revokeAccess: paid access, refund, re-purchase restore counts and certificate', async () => {
      const l = await s.newLearner();
      const course = d.courses.tractor.id;
      const c0 = await counts(s, course);
      const g = await s.db.tx((q) => grantAccess(q, s.services, { userId: l.userId, courseId: course, accessType: 'paid', amountPaid: { amount: 29900, currency: 'INR' } }));
      assert.equal(g.started, true);
      const again = await s.db.tx((q) => grantAccess(q, s.services, { userId: l.userId, courseId: course, accessType: 'paid' }));
      assert.equal(again.started, false);
      assert.equal((await counts(s, course)).enrolled_count, c0.enrolled_count + 1);
      const list = await s.request('GET', '/v1/enrollments', { token: l.token });
      assert.deepEqual(list.body.data[0].amountPaid, { amount: 29900, currency: 'INR' });
      for (const lesson of d.courses.tractor.lessons) await s.request('POST', `/v1/lessons/${lesson.id}/complete`, { token: l.token });
      const cert = (await s.request('GET', '/v1/me/certificates', { token: l.token })).body.data[0];
      assert.ok(cert);
      assert.equal((await counts(s, course)).completed_count, c0.completed_count + 1);
      assert.equal(await s.db.tx((q) => revokeAccess(q, s.services, { userId: l.userId, courseId: course, reason: 'refund' })), true);
      assert.equal(await s.db.tx((q) => revokeAccess(q, s.services, { userId: l.userId, courseId: course, reason: 'refund' })), false);
      assert.deepEqual(await counts(s, course), c0);
      assert.equal((await s.request('GET', `/v1/certificates/${cert.id}/verify`)).body.valid, false);
      // A refunded learner cannot rejoin a paid course for free.
      expectError(await s.request('POST', `/v1/courses/${course}/enroll`, { token: l.token }), 402);
      await s.db.tx((q) => grantAccess(q, s.services, { userId: l.userId, courseId: course, accessType: 'paid' }));
      assert.equal((await counts(s, course)).completed_count, c0.completed_count + 1);
      assert.equal((await s.request('GET', `/v1/certificates/${cert.id}/verify`)).body.valid, true);
      const e = (await s.request('GET', '/v1/enrollments', { token: l.token })).body.data[0];
      assert.equal(e.status, 'completed');
      // A dropped paid learner may come back without paying again.
      await s.request('POST', `/v1/enrollments/${e.id}/drop`, { token: l.token });
      assert.equal((await s.request('POST', `/v1/courses/${course}/enroll`, { token: l.token })).status, 201);
    });
  });
}
