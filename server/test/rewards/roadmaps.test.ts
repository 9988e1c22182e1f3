import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, enroll, missingId, raise } from '../community/support.js';

for (const kind of dbKinds()) {
  describe(`roadmaps (${kind})`, () => {
    let s: TestServer;
    let rajesh: string;
    let admin: string;
    let demoId: string;
    const IRRIGATION = ['drip-irrigation', 'sugarcane-water', 'solar-pump', 'monsoon-forecast'];
    before(async () => {
      s = await startTestServer(kind);
      rajesh = await s.login('rajesh');
      admin = await s.login('admin');
      const r = await s.request('GET', '/v1/roadmaps');
      demoId = r.body.data.find((x: { title: string }) => x.title.startsWith('Master Smart Irrigation')).id;
    });
    after(() => s.close());

    const body = (extra: Record<string, unknown> = {}) => ({
      title: 'Soil first', description: 'Start with the soil.', goal: 'Healthy soil', difficulty: 'beginner', milestones: [], ...extra,
    });

    it('lists published roadmaps publicly, with the demo roadmap and its ordered milestones', async () => {
      const r = await s.request('GET', '/v1/roadmaps');
      assert.equal(r.status, 200);
      const demo = r.body.data.find((x: { id: string }) => x.id === demoId);
      assert.match(demo.title, /स्मार्ट सिंचाई/);
      assert.equal(demo.isPublished, true);
      const ids = await Promise.all(IRRIGATION.map((k) => courseId(s, k)));
      assert.deepEqual(demo.milestones.map((m: { courseId: string }) => m.courseId), ids);
      assert.deepEqual(demo.milestones.map((m: { order: number }) => m.order), [0, 1, 2, 3]);
      expectError(await s.request('GET', '/v1/roadmaps', { key: null }), 401);
      assert.deepEqual(expectError(await s.request('GET', '/v1/roadmaps?limit=0'), 400).details?.[0].path, ['query', 'limit']);
      assert.deepEqual(expectError(await s.request('GET', '/v1/roadmaps?cursor=nope'), 400).details?.[0].path, ['query', 'cursor']);
    });

    it('pages with a cursor and hides drafts from the list', async () => {
      const pub = await s.request('POST', '/v1/roadmaps', { token: rajesh, body: body({ title: 'Published two', isPublished: true }) });
      const draft = await s.request('POST', '/v1/roadmaps', { token: rajesh, body: body({ title: 'Draft one' }) });
      assert.equal(draft.body.isPublished, false);
      const p1 = await s.request('GET', '/v1/roadmaps?limit=1');
      assert.equal(p1.body.data.length, 1);
      assert.equal(p1.body.data[0].id, pub.body.id);
      assert.ok(p1.body.nextCursor);
      const p2 = await s.request('GET', `/v1/roadmaps?limit=1&cursor=${p1.body.nextCursor}`);
      assert.equal(p2.body.data[0].id, demoId);
      const all = await s.request('GET', '/v1/roadmaps?limit=100');
      assert.ok(!all.body.data.some((x: { id: string }) => x.id === draft.body.id));
    });

    it('retrieves a roadmap and counts the view; drafts only for their creator and admins', async () => {
      const a = await s.request('GET', `/v1/roadmaps/${demoId}`);
      const b = await s.request('GET', `/v1/roadmaps/${demoId}`);
      assert.equal(a.status, 200);
      assert.equal(b.body.viewCount, a.body.viewCount + 1);
      expectError(await s.request('GET', `/v1/roadmaps/${missingId()}`), 404, 'not_found');
      assert.deepEqual(expectError(await s.request('GET', '/v1/roadmaps/not-a-uuid'), 400).details?.[0].path, ['params', 'id']);
      const draft = await s.request('POST', '/v1/roadmaps', { token: rajesh, body: body({ title: 'Secret draft' }) });
      const learner = await s.newLearner();
      const sunita = await s.login('sunita');
      expectError(await s.request('GET', `/v1/roadmaps/${draft.body.id}`), 404);
      expectError(await s.request('GET', `/v1/roadmaps/${draft.body.id}`, { token: learner.token }), 404);
      expectError(await s.request('GET', `/v1/roadmaps/${draft.body.id}`, { token: sunita }), 404);
      assert.equal((await s.request('GET', `/v1/roadmaps/${draft.body.id}`, { token: rajesh })).status, 200);
      assert.equal((await s.request('GET', `/v1/roadmaps/${draft.body.id}`, { token: admin })).status, 200);
      expectError(await s.request('GET', `/v1/roadmaps/${draft.body.id}/progress`, { token: learner.token }), 404);
    });

    it('creates a roadmap (instructors and admins), audits it, and refuses others', async () => {
      const drip = await courseId(s, 'drip-irrigation');
      const r = await s.request('POST', '/v1/roadmaps', {
        token: rajesh,
        body: body({ iconEmoji: '🌱', estimatedHours: 6, isPublished: true, milestones: [
          { title: 'Sign post', description: 'Read first' }, { title: 'Drip', courseId: drip },
        ] }),
      });
      assert.equal(r.status, 201);
      assert.equal(r.body.iconEmoji, '🌱');
      assert.equal(r.body.estimatedHours, 6);
      assert.deepEqual(r.body.milestones.map((m: { title: string; courseId: string | null }) => [m.title, m.courseId]), [['Sign post', null], ['Drip', drip]]);
      const log = await s.request('GET', `/v1/audit-log?entityName=roadmap&entityId=${r.body.id}`, { token: admin });
      assert.equal(log.body.data.length, 1);
      assert.equal(log.body.data[0].action, 'create');
      assert.equal((await s.request('POST', '/v1/roadmaps', { token: admin, body: body() })).status, 201);
      const learner = await s.newLearner();
      expectError(await s.request('POST', '/v1/roadmaps', { token: learner.token, body: body() }), 403, 'forbidden');
      expectError(await s.request('POST', '/v1/roadmaps', { body: body() }), 401);
      const bad = async (b: Record<string, unknown>, path: (string | number)[]) =>
        assert.deepEqual(expectError(await s.request('POST', '/v1/roadmaps', { token: rajesh, body: b }), 400).details?.[0].path, path);
      await bad(body({ title: '   ' }), ['body', 'title']);
      await bad(body({ difficulty: 'expert' }), ['body', 'difficulty']);
      await bad(body({ estimatedHours: -1 }), ['body', 'estimatedHours']);
      await bad(body({ milestones: undefined }), ['body', 'milestones']);
      await bad(body({ milestones: [{ title: '' }] }), ['body', 'milestones', 0, 'title']);
      await bad(body({ milestones: [{ title: 'x', courseId: 'nope' }] }), ['body', 'milestones', 0, 'courseId']);
      await bad(body({ milestones: [{ title: 'ok' }, { title: 'Ghost', courseId: missingId() }] }), ['body', 'milestones', 1, 'courseId']);
    });

    it("follows the learner's course completions, including ones made before the roadmap was opened", async () => {
      const { token, userId } = await s.newLearner();
      const [drip, cane, solar, monsoon] = await Promise.all(IRRIGATION.map((k) => courseId(s, k)));
      await raise(s, { type: 'course_completed', userId, courseId: drip });
      let p = (await s.request('GET', `/v1/roadmaps/${demoId}/progress`, { token })).body;
      assert.equal(p.userId, userId);
      assert.equal(p.totalMilestones, 4);
      assert.equal(p.completedMilestones, 1);
      assert.equal(p.progressPercent, 25);
      assert.equal(p.completedAt, null);
      const startedAt = p.startedAt;
      await raise(s, { type: 'course_completed', userId, courseId: cane });
      await raise(s, { type: 'course_completed', userId, courseId: solar });
      // The last one is completed in the enrollment only (no event): still counted.
      await enroll(s, userId, monsoon, 'completed');
      p = (await s.request('GET', `/v1/roadmaps/${demoId}/progress`, { token })).body;
      assert.equal(p.progressPercent, 100);
      assert.equal(p.completedMilestones, 4);
      assert.equal(p.completedMilestoneIds.length, 4);
      assert.equal(p.startedAt, startedAt);
      assert.ok(p.completedAt);
      const shelf = (await s.request('GET', '/v1/me/badges', { token })).body.data;
      assert.equal(shelf.find((b: { name: string }) => b.name.startsWith('Roadmap Finisher')).earned, true);
      assert.equal(shelf.find((b: { name: string }) => b.name.startsWith('On the Path')).earned, true);
      expectError(await s.request('GET', `/v1/roadmaps/${demoId}/progress`), 401);
      expectError(await s.request('GET', `/v1/roadmaps/${missingId()}/progress`, { token }), 404);
    });

    it('counts a course finished before the roadmap existed, and awards the roadmap badge when progress is read', async () => {
      const { token, userId } = await s.newLearner();
      const soil = await courseId(s, 'soil-testing');
      await raise(s, { type: 'course_completed', userId, courseId: soil });
      const r = await s.request('POST', '/v1/roadmaps', { token: rajesh, body: body({ isPublished: true, milestones: [{ title: 'Soil', courseId: soil }] }) });
      // Another learner's roadmap progress never leaks: each caller sees only their own.
      const other = await s.newLearner();
      assert.equal((await s.request('GET', `/v1/roadmaps/${r.body.id}/progress`, { token: other.token })).body.progressPercent, 0);
      const p = (await s.request('GET', `/v1/roadmaps/${r.body.id}/progress`, { token })).body;
      assert.equal(p.progressPercent, 100);
      assert.equal(p.totalMilestones, 1);
      const shelf2 = (await s.request('GET', '/v1/me/badges', { token })).body.data;
      assert.equal(shelf2.find((b: { name: string }) => b.name.startsWith('Roadmap Finisher')).earned, true);
    });
  });
}
