import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { expectField, loadDemo, type Demo } from './fixtures.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('soil card sample\n%%EOF')]);

for (const kind of dbKinds()) {
  describe(`materials (${kind})`, () => {
    let s: TestServer;
    let d: Demo;
    const uploadsDir = mkdtempSync(join(tmpdir(), 'furrow-uploads-'));
    before(async () => {
      s = await startTestServer(kind, { uploadsDir });
      d = await loadDemo(s);
    });
    after(async () => {
      await s.close();
      rmSync(uploadsDir, { recursive: true, force: true });
    });

    const upload = (courseId: string, token: string | null, body: Buffer | string, type = 'application/pdf', qs = 'fileName=card.pdf&title=Soil%20card') =>
      s.request('POST', `/v1/courses/${courseId}/materials?${qs}`, { token, rawBody: body, headers: { 'content-type': type } });

    test('upload, list, download with access rules, delete', async () => {
      const soil = d.courses.soil.id;
      const up = await upload(soil, d.tokens.sunita, PDF, 'application/pdf', `fileName=${encodeURIComponent('मृदा कार्ड "v2".pdf')}&title=Soil%20card`);
      assert.equal(up.status, 201, up.text);
      assert.equal(up.body.fileSizeBytes, PDF.length);
      assert.equal(up.body.isFree, false);
      assert.equal(up.body.downloadUrl, `/v1/materials/${up.body.id}/download`);
      const free = await upload(soil, d.tokens.sunita, 'plain notes', 'text/plain', 'fileName=notes.txt&title=Notes&isFree=true');
      assert.equal(free.status, 201, free.text);

      const list = await s.request('GET', `/v1/courses/${soil}/materials`);
      assert.deepEqual(list.body.data.map((m: { id: string }) => m.id), [up.body.id, free.body.id]);

      // Paid material: anonymous 401, a learner without access 403, an enrolled learner gets the bytes.
      expectError(await s.request('GET', up.body.downloadUrl), 401);
      const stranger = await s.newLearner();
      expectError(await s.request('GET', up.body.downloadUrl, { token: stranger.token }), 403, 'not_enrolled');
      const res = await fetch(s.url + up.body.downloadUrl, { headers: { 'x-furrow-key': s.publishableKey, authorization: `Bearer ${d.tokens.learner}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-disposition')!, /^attachment; filename="[^"]+"; filename\*=UTF-8''/);
      assert.ok(res.headers.get('content-disposition')!.includes(encodeURIComponent('मृदा कार्ड "v2".pdf')));
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
      // Free material: anyone who can see the course.
      const f = await s.request('GET', free.body.downloadUrl);
      assert.equal(f.status, 200);
      assert.equal(f.text, 'plain notes');

      const stored = (await s.db.query<{ storage_key: string }>(`SELECT storage_key FROM course_materials WHERE id = $1`, [up.body.id])).rows[0].storage_key;
      const onDisk = join(uploadsDir, stored);
      assert.ok(existsSync(onDisk));
      expectError(await s.request('DELETE', `/v1/materials/${up.body.id}`, { token: d.tokens.rajesh }), 403);
      expectError(await s.request('DELETE', `/v1/materials/${up.body.id}`, { token: d.tokens.learner }), 403);
      assert.equal((await s.request('DELETE', `/v1/materials/${up.body.id}`, { token: d.tokens.sunita })).status, 200);
      assert.equal(existsSync(onDisk), false);
      expectError(await s.request('GET', up.body.downloadUrl, { token: d.tokens.learner }), 404);
      assert.equal((await s.request('GET', `/v1/courses/${soil}/materials`)).body.data.length, 1);
      const audit = await s.db.query(`SELECT action FROM audit_log WHERE entity_name = 'course_material' AND entity_id = $1`, [up.body.id]);
      assert.equal(audit.rows.length, 2);
    });

    test('upload refusals: type, bytes, size, empty, query fields, roles', async () => {
      const soil = d.courses.soil.id;
      expectError(await upload(soil, d.tokens.sunita, '<html>', 'text/html'), 415, 'unsupported_media_type');
      expectError(await upload(soil, d.tokens.sunita, '<html>not a pdf', 'application/pdf'), 415, 'unsupported_media_type');
      expectError(await upload(soil, d.tokens.sunita, Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), 'text/plain'), 413, 'payload_too_large');
      expectField(await upload(soil, d.tokens.sunita, Buffer.alloc(0)), ['body']);
      expectField(await upload(soil, d.tokens.sunita, PDF, 'application/pdf', 'fileName=..%2Fetc%2Fpasswd&title=x'), ['query', 'fileName']);
      expectField(await upload(soil, d.tokens.sunita, PDF, 'application/pdf', 'fileName=a.pdf'), ['query', 'title']);
      expectError(await upload(soil, null, PDF), 401);
      expectError(await upload(soil, d.tokens.learner, PDF), 403);
      expectError(await upload(soil, d.tokens.rajesh, PDF), 403);
      const draft = await s.request('POST', '/v1/courses', { token: d.tokens.sunita, body: { title: 'Draft', description: 'd', category: 'weather', level: 'beginner', languages: ['en'] } });
      expectError(await upload(draft.body.id, d.tokens.rajesh, PDF), 404);
      expectError(await s.request('GET', `/v1/courses/${draft.body.id}/materials`), 404);
    });
  });
}
