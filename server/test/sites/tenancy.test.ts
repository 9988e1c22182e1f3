/**
 * Tenant isolation through the API, as two partners would meet it on one server: the same email
 * on two sites is two people; a site's own content is nowhere else (catalog, its cached pages,
 * detail, embed pages, oEmbed), while the operator's own site may share; a secret key mints
 * tokens only up to the site's role cap, and a refusal is audited; site admins see and change
 * only their own site's users and audit log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSite, dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';

for (const kind of dbKinds()) {
  describe(`tenants (${kind})`, () => {
    let s: TestServer;
    let b: { siteId: string; publishableKey: string; secretKey: string };
    const email = `same-${Math.random().toString(36).slice(2, 8)}@example.org`;

    before(async () => {
      s = await startTestServer(kind);
      b = await createTestSite(s.db, { name: 'Second co-op', origins: ['https://second.example'], maxEmbedRole: 'instructor' });
    });
    after(() => s.close());

    const token = async (key: string, role: 'student' | 'instructor' = 'student') => {
      const r = await s.request('POST', '/v1/embed-tokens', { key, body: { externalId: `t-${role}-${Math.random().toString(36).slice(2)}`, name: 'Farmer', role } });
      assert.equal(r.status, 201, r.text);
      return r.body.token as string;
    };

    it('the same email on two sites is two users, each signing in on its own site only', async () => {
      const a1 = await s.request('POST', '/v1/auth/signup', { body: { email, password: 'demo site password 1', name: 'Asha on demo' } });
      assert.equal(a1.status, 201, a1.text);
      const b1 = await s.request('POST', '/v1/auth/signup', { key: b.publishableKey, body: { email, password: 'second site password', name: 'Asha on B' } });
      assert.equal(b1.status, 201, b1.text);
      assert.notEqual(a1.body.user.id, b1.body.user.id);
      // A second signup on the same site is still refused.
      expectError(await s.request('POST', '/v1/auth/signup', { key: b.publishableKey, body: { email: email.toUpperCase(), password: 'another password x', name: 'Again' } }), 409, 'email_taken');
      const onDemo = await s.request('POST', '/v1/auth/login', { body: { email, password: 'demo site password 1' } });
      assert.equal(onDemo.body.user.id, a1.body.user.id);
      const onB = await s.request('POST', '/v1/auth/login', { key: b.publishableKey, body: { email, password: 'second site password' } });
      assert.equal(onB.body.user.id, b1.body.user.id);
      // One site's password does not open the other site's account.
      expectError(await s.request('POST', '/v1/auth/login', { key: b.publishableKey, body: { email, password: 'demo site password 1' } }), 401, 'invalid_credentials');
      // Nor does one site's session work with the other's key.
      expectError(await s.request('GET', '/v1/me', { key: b.publishableKey, token: onDemo.body.token }), 401);
    });

    it("a site's own course exists only there; the operator's site shares what it marks shared", async () => {
      const instructor = await token(b.secretKey, 'instructor');
      expectError(await s.request('POST', '/v1/courses', { key: b.publishableKey, token: instructor, body: { title: 'Shared?', description: 'x', category: 'weather', level: 'beginner', languages: ['en'], shared: true } }), 403, 'sharing_not_allowed');
      const c = await s.request('POST', '/v1/courses', { key: b.publishableKey, token: instructor, body: { title: 'Second co-op onion storage', description: 'x', category: 'crop-management', level: 'beginner', languages: ['mr'] } });
      assert.equal(c.status, 201, c.text);
      assert.equal(c.body.shared, false);
      const sec = await s.request('POST', `/v1/courses/${c.body.id}/sections`, { key: b.publishableKey, token: instructor, body: { title: 'One' } });
      const lesson = await s.request('POST', `/v1/sections/${sec.body.id}/lessons`, { key: b.publishableKey, token: instructor, body: { title: 'Dry the bulbs', contentType: 'text', status: 'public', body: 'x' } });
      assert.equal((await s.request('PATCH', `/v1/courses/${c.body.id}`, { key: b.publishableKey, token: instructor, body: { status: 'published' } })).status, 200);
      const ids = async (key: string) => {
        // Twice: the second answer comes from the anonymous catalog cache, which is kept per site.
        await s.request('GET', '/v1/courses?limit=100&q=onion', { key });
        return ((await s.request('GET', '/v1/courses?limit=100&q=onion', { key })).body.data as { id: string }[]).map((x) => x.id);
      };
      assert.ok((await ids(b.publishableKey)).includes(c.body.id));
      assert.ok(!(await ids(s.publishableKey)).includes(c.body.id));
      expectError(await s.request('GET', `/v1/courses/${c.body.id}`), 404, 'not_found');
      expectError(await s.request('GET', `/v1/lessons/${lesson.body.id}`), 404, 'not_found');
      // Embed pages and oEmbed follow the key's site too.
      assert.equal((await fetch(`${s.url}/embed/lessons/${lesson.body.id}?key=${s.publishableKey}`)).status, 404);
      assert.equal((await fetch(`${s.url}/embed/lessons/${lesson.body.id}?key=${b.publishableKey}`)).status, 200);
      // The demo site is the operator's own: its instructor may share, and the second site sees it.
      const demoInstructor = await s.login('sunita');
      const shared = await s.request('POST', '/v1/courses', { token: demoInstructor, body: { title: 'Shared onion course', description: 'x', category: 'crop-management', level: 'beginner', languages: ['en'], shared: true } });
      assert.equal(shared.status, 201, shared.text);
      assert.equal(shared.body.shared, true);
      // …and the second site's admin cannot edit it.
      const bAdmin = await s.request('PATCH', `/v1/courses/${shared.body.id}`, { key: b.secretKey, body: { title: 'x' } });
      assert.ok([401, 403, 404].includes(bAdmin.status), bAdmin.text);
    });

    it("a secret key mints tokens up to its site's role cap; a refusal is audited", async () => {
      const capped = await createTestSite(s.db, { name: 'Capped co-op' });
      const r = await s.request('POST', '/v1/embed-tokens', { key: capped.secretKey, body: { externalId: 'climber', name: 'Climber', role: 'instructor' } });
      const e = expectError(r, 403, 'embed_role_not_allowed');
      assert.deepEqual(e.details?.[0].path, ['body', 'role']);
      assert.equal((await s.request('POST', '/v1/embed-tokens', { key: capped.secretKey, body: { externalId: 'learner', name: 'Learner' } })).status, 201);
      const log = await s.request('GET', '/v1/audit-log?entityName=embed_token&limit=50', { key: capped.secretKey });
      assert.equal(log.status, 200, log.text);
      const refused = (log.body.data as { entityId: string; metadata: Record<string, unknown> }[]).find((x) => x.entityId === 'climber');
      assert.equal(refused?.metadata.refused, 'embed_role_not_allowed');
      // The demo site's trail does not show in another site's log, nor the other way round.
      const demoLog = await s.request('GET', '/v1/audit-log?entityName=embed_token&limit=100', { key: s.secretKey });
      assert.ok(!(demoLog.body.data as { entityId: string }[]).some((x) => x.entityId === 'climber'));
    });

    it("site admins list and change only their own site's users", async () => {
      const list = await s.request('GET', '/v1/admin/users?q=furrow.demo&limit=100', { key: b.secretKey });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.data, []);
      const demoStudent = (await s.request('GET', '/v1/admin/users?q=furrow.demo&limit=100', { key: s.secretKey })).body.data.find((u: { role: string }) => u.role === 'student');
      assert.ok(demoStudent, 'the demo site lists its own users');
      expectError(await s.request('PATCH', `/v1/admin/users/${demoStudent.id}`, { key: b.secretKey, body: { name: 'Taken over' } }), 404, 'not_found');
      expectError(await s.request('GET', `/v1/users/${demoStudent.id}`, { key: b.publishableKey }), 404, 'not_found');
      const still = (await s.request('GET', `/v1/admin/users?q=${encodeURIComponent(demoStudent.email)}`, { key: s.secretKey })).body.data[0];
      assert.equal(still.name, demoStudent.name);
    });
  });
}
