import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { draftCourse, loadDemo, publish, type Demo } from './fixtures.js';

for (const kind of dbKinds()) {
  describe(`certificates and idempotency (${kind})`, () => {
    let s: TestServer;
    let d: Demo;
    before(async () => {
      s = await startTestServer(kind);
      d = await loadDemo(s);
    });
    after(() => s.close());

    test('issued once on completion; listed; verified publicly; printable and escaped', async () => {
      const { courseId, lessons } = await draftCourse(s, d.tokens.sunita, 2, { title: 'Seeds & <b>Soil</b>' });
      await publish(s, d.tokens.sunita, courseId);
      const l = await s.newLearner(undefined, { name: 'Asha <script>alert(1)</script>' });
      await s.request('POST', `/v1/courses/${courseId}/enroll`, { token: l.token });
      assert.deepEqual((await s.request('GET', '/v1/me/certificates', { token: l.token })).body.data, []);
      for (const id of lessons) await s.request('POST', `/v1/lessons/${id}/complete`, { token: l.token });
      const list = await s.request('GET', '/v1/me/certificates', { token: l.token });
      assert.equal(list.body.data.length, 1);
      const cert = list.body.data[0];
      assert.equal(cert.courseTitle, 'Seeds & <b>Soil</b>');
      assert.equal(cert.achievement, 'course_completion');
      assert.equal(cert.verifyUrl, `${s.url}/v1/certificates/${cert.id}/verify`);
      const enr = (await s.request('GET', '/v1/enrollments', { token: l.token })).body.data[0];
      assert.equal(enr.certificateId, cert.id);
      const rows = await s.db.query(`SELECT 1 FROM certificates WHERE user_id = $1`, [l.userId]);
      assert.equal(rows.rows.length, 1);
      const note = await s.db.query(`SELECT 1 FROM notifications WHERE user_id = $1 AND type = 'certificate_issued'`, [l.userId]);
      assert.equal(note.rows.length, 1);
      expectError(await s.request('GET', '/v1/me/certificates'), 401);

      const v = await s.request('GET', `/v1/certificates/${cert.id}/verify`);
      assert.equal(v.status, 200);
      assert.deepEqual(Object.keys(v.body).sort(), ['achievement', 'courseTitle', 'id', 'issuedAt', 'recipientName', 'valid']);
      assert.equal(v.body.valid, true);
      assert.equal(v.body.recipientName, 'Asha <script>alert(1)</script>');
      assert.equal(v.text.includes(l.userId), false);
      assert.equal(v.text.includes('@example.org'), false);
      expectError(await s.request('GET', '/v1/certificates/00000000-0000-4000-8000-000000000000/verify'), 404);
      // Anyone holding the link verifies it, with no key: JSON for software…
      const plain = await fetch(`${s.url}/v1/certificates/${cert.id}/verify`);
      assert.equal(plain.status, 200);
      assert.equal(((await plain.json()) as { valid: boolean }).valid, true);
      // …and, from a browser tab, a page in the viewer's language (Accept-Language, or ?locale=).
      const tab = await fetch(`${s.url}/v1/certificates/${cert.id}/verify`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': 'mr-IN,mr;q=0.9,en;q=0.5' } });
      assert.equal(tab.status, 200);
      assert.match(tab.headers.get('content-type')!, /^text\/html/);
      assert.match(tab.headers.get('vary')!, /Accept-Language/);
      const page = await tab.text();
      assert.match(page, /<html lang="mr">/);
      assert.ok(page.includes('हे प्रमाणपत्र खरे आहे.'));
      assert.ok(page.includes('Asha &lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.equal(page.includes('<script'), false);
      assert.equal(page.includes(l.userId), false);
      // Marathi digits in the date, as Intl gives them.
      assert.match(page, /[०-९]{4}/);
      const hi = await (await fetch(`${s.url}/v1/certificates/${cert.id}/html?locale=hi`, { headers: { accept: 'text/html' } })).text();
      assert.match(hi, /<html lang="hi">/);
      assert.ok(hi.includes('पूर्णता प्रमाणपत्र'));

      const html = await s.request('GET', `/v1/certificates/${cert.id}/html`);
      assert.equal(html.status, 200);
      assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
      const csp = html.headers.get('content-security-policy')!;
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /style-src 'unsafe-inline'/);
      assert.equal(/script-src/.test(csp), false);
      assert.ok(html.text.includes('Asha &lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.equal(html.text.includes('<script>'), false);
      assert.ok(html.text.includes('Seeds &amp; &lt;b&gt;Soil&lt;/b&gt;'));
      assert.ok(html.text.includes(cert.verifyUrl));
      expectError(await s.request('GET', '/v1/certificates/00000000-0000-4000-8000-000000000000/html'), 404);
    });

    test('Idempotency-Key: same key and body replays; another body is refused', async () => {
      const l = await s.newLearner();
      const url = `/v1/courses/${d.courses.kharif.id}/enroll`;
      const first = await s.request('POST', url, { token: l.token, headers: { 'idempotency-key': 'enrol-1' } });
      assert.equal(first.status, 201);
      const replay = await s.request('POST', url, { token: l.token, headers: { 'idempotency-key': 'enrol-1' } });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotency-replayed'), 'true');
      assert.deepEqual(replay.body, first.body);
      // Without the key a second enrolment is a conflict.
      expectError(await s.request('POST', url, { token: l.token }), 409, 'already_enrolled');

      const body = { title: 'Idempotent course', description: 'x', category: 'weather', level: 'beginner', languages: ['mr'] };
      const c1 = await s.request('POST', '/v1/courses', { token: d.tokens.rajesh, body, headers: { 'idempotency-key': 'course-1' } });
      const c2 = await s.request('POST', '/v1/courses', { token: d.tokens.rajesh, body, headers: { 'idempotency-key': 'course-1' } });
      assert.equal(c2.headers.get('idempotency-replayed'), 'true');
      assert.equal(c2.body.id, c1.body.id);
      const n = await s.db.query(`SELECT 1 FROM courses WHERE title = 'Idempotent course'`);
      assert.equal(n.rows.length, 1);
      expectError(await s.request('POST', '/v1/courses', { token: d.tokens.rajesh, body: { ...body, title: 'Other' }, headers: { 'idempotency-key': 'course-1' } }), 422, 'idempotency_key_reused');

      // A quiz submission replayed from an offline outbox returns the first grading.
      const quizLesson = d.courses.kharif.lessons.find((x) => x.contentType === 'quiz')!;
      const a = (await s.request('POST', `/v1/quizzes/${quizLesson.quizId}/attempts`, { token: l.token, headers: { 'idempotency-key': 'start-1' } })).body;
      const sub1 = await s.request('POST', `/v1/attempts/${a.id}/submit`, { token: l.token, body: { answers: [] }, headers: { 'idempotency-key': 'submit-1' } });
      const sub2 = await s.request('POST', `/v1/attempts/${a.id}/submit`, { token: l.token, body: { answers: [] }, headers: { 'idempotency-key': 'submit-1' } });
      assert.equal(sub2.headers.get('idempotency-replayed'), 'true');
      assert.deepEqual(sub2.body, sub1.body);
    });
  });
}
