import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { draftCourse, expectField, loadDemo, publish, type Demo } from './fixtures.js';

for (const kind of dbKinds()) {
  describe(`authoring (${kind})`, () => {
    let s: TestServer;
    let d: Demo;
    before(async () => {
      s = await startTestServer(kind);
      d = await loadDemo(s);
    });
    after(() => s.close());

    const base = { title: 'Paddy nursery care', description: 'Raise healthy seedlings.', category: 'crop-management', level: 'beginner', languages: ['en'] };

    test('courses.create: a draft owned by the caller, audited; refusals', async () => {
      const r = await s.request('POST', '/v1/courses', { token: d.tokens.sunita, body: { ...base, price: { amount: 9900, currency: 'INR' } }, headers: { 'user-agent': 'furrow-test/1' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.status, 'draft');
      assert.equal(r.body.publishedAt, null);
      assert.equal(r.body.price.amount, 9900);
      assert.equal(r.body.instructor.name, 'Dr. Sunita Patil');
      const a = await s.db.query<{ user_id: string; ip_address: string; user_agent: string; new_values: { title: string } }>(
        `SELECT * FROM audit_log WHERE entity_name = 'course' AND entity_id = $1 AND action = 'create'`, [r.body.id]);
      assert.equal(a.rows.length, 1);
      assert.equal(a.rows[0].new_values.title, base.title);
      assert.equal(a.rows[0].user_agent, 'furrow-test/1');
      assert.ok(a.rows[0].ip_address);
      // A draft is not in the anonymous catalog.
      assert.equal((await s.request('GET', `/v1/courses/${r.body.id}`)).status, 404);

      expectField(await s.request('POST', '/v1/courses', { token: d.tokens.sunita, body: { ...base, title: '' } }), ['body', 'title']);
      expectField(await s.request('POST', '/v1/courses', { token: d.tokens.sunita, body: { ...base, level: 'expert' } }), ['body', 'level']);
      expectError(await s.request('POST', '/v1/courses', { body: base }), 401);
      expectError(await s.request('POST', '/v1/courses', { token: d.tokens.learner, body: base }), 403, 'forbidden');
    });

    test('courses.create: only admins create for another instructor', async () => {
      const me = await s.request('GET', '/v1/me', { token: d.tokens.rajesh });
      expectError(await s.request('POST', '/v1/courses', { token: d.tokens.sunita, body: { ...base, instructorId: me.body.id } }), 403, 'forbidden');
      const ok = await s.request('POST', '/v1/courses', { token: d.tokens.admin, body: { ...base, instructorId: me.body.id } });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.instructor.id, me.body.id);
      const learner = await s.request('GET', '/v1/me', { token: d.tokens.learner });
      expectField(await s.request('POST', '/v1/courses', { token: d.tokens.admin, body: { ...base, instructorId: learner.body.id } }), ['body', 'instructorId']);
    });

    test('courses.update: publish needs a lesson, sets publishedAt, shows in the cached catalog, updates search text', async () => {
      const c = await s.request('POST', '/v1/courses', { token: d.tokens.sunita, body: { ...base, title: 'Zinc deficiency in rice' } });
      expectError(await s.request('PATCH', `/v1/courses/${c.body.id}`, { token: d.tokens.sunita, body: { status: 'published' } }), 409);
      const sec = await s.request('POST', `/v1/courses/${c.body.id}/sections`, { token: d.tokens.sunita, body: { title: 'Signs' } });
      await s.request('POST', `/v1/sections/${sec.body.id}/lessons`, { token: d.tokens.sunita, body: { title: 'Khaira disease', contentType: 'text', status: 'public', body: 'Brown spots.' } });
      // Warm the anonymous cache first, so the test sees invalidation and not a cold read.
      const beforeList = await s.request('GET', '/v1/courses?q=zinc');
      assert.equal(beforeList.body.data.length, 0);
      const pub = await s.request('PATCH', `/v1/courses/${c.body.id}`, { token: d.tokens.sunita, body: { status: 'published' } });
      assert.equal(pub.status, 200, pub.text);
      assert.equal(pub.body.status, 'published');
      assert.ok(pub.body.publishedAt);
      const afterList = await s.request('GET', '/v1/courses?q=zinc');
      assert.deepEqual(afterList.body.data.map((x: { id: string }) => x.id), [c.body.id]);
      // Renaming changes what search finds.
      const ren = await s.request('PATCH', `/v1/courses/${c.body.id}`, { token: d.tokens.sunita, body: { title: 'Boron and zinc for paddy' } });
      assert.equal(ren.body.title, 'Boron and zinc for paddy');
      assert.equal((await s.request('GET', '/v1/courses?q=boron')).body.data.length, 1);
      // Republishing keeps the first publication time.
      const again = await s.request('PATCH', `/v1/courses/${c.body.id}`, { token: d.tokens.sunita, body: { status: 'published' } });
      assert.equal(again.body.publishedAt, pub.body.publishedAt);
      const audit = await s.db.query<{ old_values: { title: string } }>(`SELECT old_values FROM audit_log WHERE entity_id = $1 AND action = 'update' ORDER BY created_at`, [c.body.id]);
      assert.ok(audit.rows.some((r) => r.old_values.title === 'Zinc deficiency in rice'));
    });

    test('courses.update: refusals by role and ownership', async () => {
      const soil = d.courses.soil.id;
      expectError(await s.request('PATCH', `/v1/courses/${soil}`, { body: { title: 'x' } }), 401);
      expectError(await s.request('PATCH', `/v1/courses/${soil}`, { token: d.tokens.learner, body: { title: 'x' } }), 403);
      // Another instructor: a published course is public, so 403; a draft is hidden, so 404.
      expectError(await s.request('PATCH', `/v1/courses/${soil}`, { token: d.tokens.rajesh, body: { title: 'x' } }), 403, 'forbidden');
      const draft = await s.request('POST', '/v1/courses', { token: d.tokens.sunita, body: base });
      expectError(await s.request('PATCH', `/v1/courses/${draft.body.id}`, { token: d.tokens.rajesh, body: { title: 'x' } }), 404, 'not_found');
      expectField(await s.request('PATCH', `/v1/courses/${soil}`, { token: d.tokens.sunita, body: { discountPercent: 101 } }), ['body', 'discountPercent']);
      expectError(await s.request('PATCH', `/v1/courses/00000000-0000-4000-8000-000000000000`, { token: d.tokens.sunita, body: { title: 'x' } }), 404);
      // An admin may edit anyone's course.
      const adm = await s.request('PATCH', `/v1/courses/${draft.body.id}`, { token: d.tokens.admin, body: { durationMinutes: 42 } });
      assert.equal(adm.body.durationMinutes, 42);
      // Unpublishing a course with learners is refused (archive instead).
      expectError(await s.request('PATCH', `/v1/courses/${soil}`, { token: d.tokens.sunita, body: { status: 'draft' } }), 409);
    });

    test('courses.archive: gone from the catalog, kept for enrolled learners', async () => {
      const { courseId } = await draftCourse(s, d.tokens.sunita, 1);
      await publish(s, d.tokens.sunita, courseId);
      const learner = await s.newLearner();
      assert.equal((await s.request('POST', `/v1/courses/${courseId}/enroll`, { token: learner.token })).status, 201);
      expectError(await s.request('DELETE', `/v1/courses/${courseId}`, { token: d.tokens.rajesh }), 403);
      const r = await s.request('DELETE', `/v1/courses/${courseId}`, { token: d.tokens.sunita });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.status, 'archived');
      assert.equal((await s.request('GET', `/v1/courses/${courseId}`)).status, 404);
      assert.equal((await s.request('GET', `/v1/courses/${courseId}`, { token: learner.token })).status, 200);
      const other = await s.newLearner();
      assert.equal((await s.request('GET', `/v1/courses/${courseId}`, { token: other.token })).status, 404);
    });

    test('courses.reorder: moves sections and lessons; refuses incomplete or foreign lists', async () => {
      const { courseId, sectionId, lessons } = await draftCourse(s, d.tokens.sunita, 3);
      const sec2 = await s.request('POST', `/v1/courses/${courseId}/sections`, { token: d.tokens.sunita, body: { title: 'Part two' } });
      const r = await s.request('POST', `/v1/courses/${courseId}/reorder`, {
        token: d.tokens.sunita, body: { sections: [{ id: sec2.body.id, lessonIds: [lessons[2]] }, { id: sectionId, lessonIds: [lessons[1], lessons[0]] }] },
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.sections.map((x: { id: string }) => x.id), [sec2.body.id, sectionId]);
      assert.deepEqual(r.body.sections[1].lessons.map((l: { id: string }) => l.id), [lessons[1], lessons[0]]);
      assert.equal(r.body.sections[0].lessons[0].sectionId, sec2.body.id);
      expectField(await s.request('POST', `/v1/courses/${courseId}/reorder`, { token: d.tokens.sunita, body: { sections: [{ id: sectionId, lessonIds: lessons }] } }), ['body', 'sections']);
      expectField(await s.request('POST', `/v1/courses/${courseId}/reorder`, {
        token: d.tokens.sunita, body: { sections: [{ id: sec2.body.id, lessonIds: [] }, { id: sectionId, lessonIds: [...lessons, d.courses.soil.lessons[0].id] }] },
      }), ['body', 'sections', 1, 'lessonIds', 3]);
      expectField(await s.request('POST', `/v1/courses/${courseId}/reorder`, { token: d.tokens.sunita, body: { sections: [{ id: 'nope', lessonIds: [] }] } }), ['body', 'sections', 0, 'id']);
      expectError(await s.request('POST', `/v1/courses/${courseId}/reorder`, { token: d.tokens.rajesh, body: { sections: [] } }), 404);
    });

    test('sections: create, update, delete only when empty; ownership', async () => {
      const { courseId, sectionId } = await draftCourse(s, d.tokens.sunita, 1);
      const created = await s.request('POST', `/v1/courses/${courseId}/sections`, { token: d.tokens.sunita, body: { title: 'Extra', status: 'private' } });
      assert.equal(created.status, 201);
      assert.equal(created.body.order, 1);
      assert.deepEqual(created.body.lessons, []);
      expectField(await s.request('POST', `/v1/courses/${courseId}/sections`, { token: d.tokens.sunita, body: { title: '  ' } }), ['body', 'title']);
      const up = await s.request('PATCH', `/v1/sections/${created.body.id}`, { token: d.tokens.sunita, body: { title: 'Renamed', status: 'public' } });
      assert.equal(up.body.title, 'Renamed');
      assert.equal(up.body.status, 'public');
      expectField(await s.request('PATCH', `/v1/sections/${created.body.id}`, { token: d.tokens.sunita, body: { status: 'secret' } }), ['body', 'status']);
      expectError(await s.request('DELETE', `/v1/sections/${sectionId}`, { token: d.tokens.sunita }), 409);
      expectError(await s.request('DELETE', `/v1/sections/${created.body.id}`, { token: d.tokens.rajesh }), 404);
      expectError(await s.request('DELETE', `/v1/sections/${created.body.id}`, { token: d.tokens.learner }), 403);
      assert.equal((await s.request('DELETE', `/v1/sections/${created.body.id}`, { token: d.tokens.sunita })).status, 200);
      expectError(await s.request('PATCH', `/v1/sections/${created.body.id}`, { token: d.tokens.sunita, body: { title: 'x' } }), 404);
      // On a published course another instructor gets 403 for a public section.
      const soilSection = (await s.request('GET', `/v1/courses/${d.courses.soil.id}`)).body.sections[0].id;
      expectError(await s.request('PATCH', `/v1/sections/${soilSection}`, { token: d.tokens.rajesh, body: { title: 'x' } }), 403);
    });

    test('lessons: create, update (move, quiz link), delete; validation', async () => {
      const { courseId, sectionId, lessons } = await draftCourse(s, d.tokens.sunita, 1);
      const sec2 = await s.request('POST', `/v1/courses/${courseId}/sections`, { token: d.tokens.sunita, body: { title: 'Two' } });
      const v = await s.request('POST', `/v1/sections/${sectionId}/lessons`, {
        token: d.tokens.sunita, body: { title: 'Watch', contentType: 'video', status: 'preview', video: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=abc', videoId: 'abc', durationSeconds: 90 } },
      });
      assert.equal(v.status, 201, v.text);
      assert.equal(v.body.order, 1);
      assert.equal(v.body.video.videoId, 'abc');
      expectField(await s.request('POST', `/v1/sections/${sectionId}/lessons`, { token: d.tokens.sunita, body: { title: 'x', contentType: 'podcast' } }), ['body', 'contentType']);
      expectField(await s.request('POST', `/v1/sections/${sectionId}/lessons`, { token: d.tokens.sunita, body: { title: 'x', contentType: 'quiz', quizId: d.courses.soil.lessons[3].quizId } }), ['body', 'quizId']);
      const moved = await s.request('PATCH', `/v1/lessons/${lessons[0]}`, { token: d.tokens.sunita, body: { sectionId: sec2.body.id, description: 'Now in two', isRequired: false } });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.body.sectionId, sec2.body.id);
      assert.equal(moved.body.description, 'Now in two');
      assert.equal(moved.body.isRequired, false);
      const foreignSection = (await s.request('GET', `/v1/courses/${d.courses.soil.id}`)).body.sections[0].id;
      expectField(await s.request('PATCH', `/v1/lessons/${lessons[0]}`, { token: d.tokens.sunita, body: { sectionId: foreignSection } }), ['body', 'sectionId']);
      // Linking a quiz of the same course keeps both sides in step.
      const quiz = await s.request('POST', `/v1/courses/${courseId}/quizzes`, { token: d.tokens.sunita, body: { title: 'Q' } });
      const linked = await s.request('PATCH', `/v1/lessons/${v.body.id}`, { token: d.tokens.sunita, body: { quizId: quiz.body.id } });
      assert.equal(linked.body.quizId, quiz.body.id);
      assert.equal((await s.request('GET', `/v1/quizzes/${quiz.body.id}/edit`, { token: d.tokens.sunita })).body.lessonId, v.body.id);
      expectError(await s.request('PATCH', `/v1/lessons/${v.body.id}`, { token: d.tokens.rajesh, body: { title: 'x' } }), 404);
      expectError(await s.request('PATCH', `/v1/lessons/${d.courses.soil.lessons[0].id}`, { token: d.tokens.rajesh, body: { title: 'x' } }), 403);
      expectError(await s.request('DELETE', `/v1/lessons/${v.body.id}`, { token: d.tokens.learner }), 403);
      assert.equal((await s.request('DELETE', `/v1/lessons/${v.body.id}`, { token: d.tokens.sunita })).status, 200);
      assert.equal((await s.request('GET', `/v1/quizzes/${quiz.body.id}/edit`, { token: d.tokens.sunita })).body.lessonId, null);
      expectError(await s.request('DELETE', `/v1/lessons/${v.body.id}`, { token: d.tokens.sunita }), 404);
      const audits = await s.db.query(`SELECT 1 FROM audit_log WHERE entity_name = 'lesson' AND entity_id = $1`, [v.body.id]);
      assert.ok(audits.rows.length >= 3);
    });

    test('lesson edits of a published course reach the anonymous cached outline', async () => {
      const lesson = d.courses.tractor.lessons[1];
      const first = await s.request('GET', `/v1/courses/${d.courses.tractor.id}`);
      assert.equal(first.body.sections[0].lessons[1].title, 'Engine oil and air filter');
      await s.request('PATCH', `/v1/lessons/${lesson.id}`, { token: d.tokens.rajesh, body: { title: 'Engine oil, filters and grease' } });
      const second = await s.request('GET', `/v1/courses/${d.courses.tractor.id}`);
      assert.equal(second.body.sections[0].lessons[1].title, 'Engine oil, filters and grease');
    });

    test('articles.create and videos.create publish to the library', async () => {
      const warm = await s.request('GET', '/v1/articles?q=mulch');
      assert.equal(warm.body.data.length, 0);
      const a = await s.request('POST', '/v1/articles', {
        token: d.tokens.sunita, body: { title: 'Mulch for summer', excerpt: 'Keep moisture in.', content: 'Straw mulch cuts evaporation. '.repeat(50), category: 'soil-health', languages: ['en'] },
      });
      assert.equal(a.status, 201, a.text);
      assert.equal(a.body.author.name, 'Dr. Sunita Patil');
      assert.ok(a.body.readTimeMinutes >= 1);
      assert.equal((await s.request('GET', '/v1/articles?q=mulch')).body.data.length, 1);
      expectField(await s.request('POST', '/v1/articles', { token: d.tokens.sunita, body: { title: 'x', excerpt: '', content: 'y', category: 'soil-health', languages: ['en'] } }), ['body', 'excerpt']);
      expectError(await s.request('POST', '/v1/articles', { token: d.tokens.learner, body: {} }), 403);
      expectError(await s.request('POST', '/v1/articles', { body: {} }), 401);

      const v = await s.request('POST', '/v1/videos', {
        token: d.tokens.rajesh, body: { title: 'Cleaning a disc filter', category: 'irrigation', languages: ['hi'], source: { provider: 'vimeo', url: 'https://vimeo.com/1', videoId: '1' } },
      });
      assert.equal(v.status, 201, v.text);
      assert.deepEqual(v.body.source.captions, []);
      assert.equal((await s.request('GET', `/v1/videos/${v.body.id}`)).status, 200);
      expectField(await s.request('POST', '/v1/videos', { token: d.tokens.rajesh, body: { title: 'x', category: 'irrigation', languages: ['hi'], source: { provider: 'vimeo', url: 'ftp://x' } } }), ['body', 'source', 'url']);
      expectError(await s.request('POST', '/v1/videos', { token: d.tokens.learner, body: { title: 'x', category: 'irrigation', languages: ['hi'], source: { provider: 'vimeo', url: 'https://vimeo.com/1' } } }), 403);
    });
  });
}
