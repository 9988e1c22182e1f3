import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { courseId, missingId, newUser } from './support.js';

for (const kind of dbKinds()) {
  describe(`groups (${kind})`, () => {
    let s: TestServer;
    let rajesh: string;
    let sunita: string;
    let admin: string;
    before(async () => {
      s = await startTestServer(kind);
      [rajesh, sunita, admin] = await Promise.all([s.login('rajesh'), s.login('sunita'), s.login('admin')]);
    });
    after(() => s.close());

    const create = (token: string, body: unknown) => s.request('POST', '/v1/groups', { token, body });

    it('creates a group for instructors and admins; refuses learners and bad fields', async () => {
      const drip = await courseId(s, 'drip-irrigation');
      const r = await create(rajesh, { name: '  Drip cohort, Nashik  ', type: 'cohort', courseId: drip });
      assert.equal(r.status, 201);
      assert.equal(r.body.name, 'Drip cohort, Nashik');
      assert.equal(r.body.courseId, drip);
      assert.equal(r.body.memberCount, 0);
      assert.equal((await create(admin, { name: 'Admins', type: 'cooperative' })).status, 201);
      const learner = await s.newLearner();
      expectError(await create(learner.token, { name: 'Mine', type: 'study_group' }), 403, 'forbidden');
      expectError(await s.request('POST', '/v1/groups', { body: { name: 'x', type: 'cohort' } }), 401);
      const bad = async (b: unknown, path: string[]) => assert.deepEqual(expectError(await create(rajesh, b), 400).details?.[0].path, path);
      await bad({ type: 'cohort' }, ['body', 'name']);
      await bad({ name: ' ', type: 'cohort' }, ['body', 'name']);
      await bad({ name: 'x'.repeat(201), type: 'cohort' }, ['body', 'name']);
      await bad({ name: 'x', type: 'club' }, ['body', 'type']);
      await bad({ name: 'x', type: 'cohort', courseId: 'abc' }, ['body', 'courseId']);
      await bad({ name: 'x', type: 'cohort', courseId: missingId() }, ['body', 'courseId']);
    });

    it('adds members (owner or admin), shows members to members, and 404s everyone else', async () => {
      const g = (await create(rajesh, { name: 'Solar study group', type: 'study_group' })).body;
      const a = await s.newLearner();
      const b = await s.newLearner();
      const outsider = await s.newLearner();
      const add = (token: string, body: unknown, id = g.id) => s.request('POST', `/v1/groups/${id}/members`, { token, body });

      const m1 = await add(rajesh, { userId: a.userId });
      assert.equal(m1.status, 201);
      assert.equal(m1.body.groupId, g.id);
      assert.equal(m1.body.user.id, a.userId);
      assert.match(m1.body.user.name, /^Learner /);
      assert.equal(m1.body.role, 'member');
      // Adding again is a retry: one membership; a role in the body changes the role.
      assert.equal((await add(rajesh, { userId: a.userId })).status, 201);
      assert.equal((await add(rajesh, { userId: a.userId, role: 'leader' })).body.role, 'leader');
      assert.equal((await add(admin, { userId: b.userId })).status, 201);

      const list = await s.request('GET', `/v1/groups/${g.id}/members`, { token: b.token });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.data.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role]), [[a.userId, 'leader'], [b.userId, 'member']]);
      assert.equal((await s.request('GET', `/v1/groups/${g.id}/members`, { token: rajesh })).status, 200);
      assert.equal((await s.request('GET', `/v1/groups/${g.id}/members`, { token: admin })).status, 200);
      expectError(await s.request('GET', `/v1/groups/${g.id}/members`, { token: outsider.token }), 404);
      expectError(await s.request('GET', `/v1/groups/${g.id}/members`, { token: sunita }), 404);
      expectError(await s.request('GET', `/v1/groups/${missingId()}/members`, { token: rajesh }), 404);
      expectError(await s.request('GET', `/v1/groups/${g.id}/members`), 401);

      const mine = await s.request('GET', '/v1/groups', { token: a.token });
      assert.deepEqual(mine.body.data.map((x: { id: string }) => x.id), [g.id]);
      assert.equal(mine.body.data[0].memberCount, 2);
      assert.equal((await s.request('GET', '/v1/groups', { token: outsider.token })).body.data.length, 0);

      // Learners cannot add (route is for instructors); another instructor gets 404; bad fields 400.
      expectError(await add(a.token, { userId: outsider.userId }), 403);
      expectError(await add(sunita, { userId: outsider.userId }), 404);
      expectError(await add(rajesh, { userId: outsider.userId }, missingId()), 404);
      const bad = async (body: unknown, path: string[]) => assert.deepEqual(expectError(await add(rajesh, body), 400).details?.[0].path, path);
      await bad({}, ['body', 'userId']);
      await bad({ userId: 'nope' }, ['body', 'userId']);
      await bad({ userId: missingId() }, ['body', 'userId']);
      await bad({ userId: outsider.userId, role: 'owner' }, ['body', 'role']);
    });

    it('an instructor who is only a member sees the group but may not add to it', async () => {
      const g = (await create(rajesh, { name: 'Mixed', type: 'cooperative' })).body;
      const other = await newUser(s, 'instructor');
      await s.request('POST', `/v1/groups/${g.id}/members`, { token: rajesh, body: { userId: other.userId } });
      assert.equal((await s.request('GET', `/v1/groups/${g.id}/members`, { token: other.token })).status, 200);
      const learner = await s.newLearner();
      expectError(await s.request('POST', `/v1/groups/${g.id}/members`, { token: other.token, body: { userId: learner.userId } }), 403, 'forbidden');
    });

    it('lists the caller’s groups newest first with a cursor', async () => {
      const owner = await newUser(s, 'instructor');
      const ids: string[] = [];
      for (const n of ['one', 'two', 'three']) ids.push((await create(owner.token, { name: n, type: 'cohort' })).body.id);
      const p1 = await s.request('GET', '/v1/groups?limit=2', { token: owner.token });
      assert.equal(p1.body.data.length, 2);
      const p2 = await s.request('GET', `/v1/groups?limit=2&cursor=${p1.body.nextCursor}`, { token: owner.token });
      assert.deepEqual([...p1.body.data, ...p2.body.data].map((x: { id: string }) => x.id).sort(), [...ids].sort());
      assert.equal(p2.body.nextCursor, null);
      expectError(await s.request('GET', '/v1/groups'), 401);
    });
  });
}
