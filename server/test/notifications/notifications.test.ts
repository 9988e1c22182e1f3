import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { notify } from '../../src/shared-sql/notifications.js';
import { newId } from '../../src/core/ids.js';
import { missingId } from '../community/support.js';

for (const kind of dbKinds()) {
  describe(`notifications and audit log (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind);
    });
    after(() => s.close());

    /** Three notifications, one statement each so their times differ; returns ids oldest first. */
    const seed = async (userId: string) => {
      const ids: string[] = [];
      for (const title of ['one', 'two', 'three']) {
        ids.push(await notify(s.db, { userId, type: 'system', title, message: `${title}!`, metadata: { n: title } }));
        await new Promise((r) => setTimeout(r, 5));
      }
      return ids;
    };

    it('lists the caller’s notifications newest first, pages them and filters unread', async () => {
      const me = await s.newLearner();
      const other = await s.newLearner();
      const ids = await seed(me.userId);
      await seed(other.userId);
      const r = await s.request('GET', '/v1/notifications', { token: me.token });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.data.map((n: { id: string }) => n.id), [...ids].reverse());
      assert.equal(r.body.unreadCount, 3);
      assert.equal(r.body.data[0].metadata.n, 'three');
      assert.equal(r.body.data[0].isRead, false);
      const p1 = await s.request('GET', '/v1/notifications?limit=2', { token: me.token });
      assert.equal(p1.body.data.length, 2);
      const p2 = await s.request('GET', `/v1/notifications?limit=2&cursor=${p1.body.nextCursor}`, { token: me.token });
      assert.deepEqual(p2.body.data.map((n: { id: string }) => n.id), [ids[0]]);
      assert.equal(p2.body.nextCursor, null);
      await s.request('POST', `/v1/notifications/${ids[1]}/read`, { token: me.token });
      const unread = await s.request('GET', '/v1/notifications?unread=true', { token: me.token });
      assert.deepEqual(unread.body.data.map((n: { id: string }) => n.id), [ids[2], ids[0]]);
      assert.equal(unread.body.unreadCount, 2);
      assert.equal((await s.request('GET', '/v1/notifications?unread=false', { token: me.token })).body.data.length, 3);
      assert.deepEqual(expectError(await s.request('GET', '/v1/notifications?unread=yes', { token: me.token }), 400).details?.[0].path, ['query', 'unread']);
      assert.deepEqual(expectError(await s.request('GET', '/v1/notifications?limit=abc', { token: me.token }), 400).details?.[0].path, ['query', 'limit']);
      expectError(await s.request('GET', '/v1/notifications'), 401);
    });

    it('marks one read (own only) and all read', async () => {
      const me = await s.newLearner();
      const other = await s.newLearner();
      const ids = await seed(me.userId);
      const theirs = await seed(other.userId);
      const r = await s.request('POST', `/v1/notifications/${ids[0]}/read`, { token: me.token });
      assert.equal(r.status, 200);
      assert.equal(r.body.isRead, true);
      assert.ok(r.body.readAt);
      const again = await s.request('POST', `/v1/notifications/${ids[0]}/read`, { token: me.token });
      assert.equal(again.body.readAt, r.body.readAt);
      expectError(await s.request('POST', `/v1/notifications/${theirs[0]}/read`, { token: me.token }), 404, 'not_found');
      expectError(await s.request('POST', `/v1/notifications/${missingId()}/read`, { token: me.token }), 404);
      assert.deepEqual(expectError(await s.request('POST', '/v1/notifications/nope/read', { token: me.token }), 400).details?.[0].path, ['params', 'id']);
      expectError(await s.request('POST', `/v1/notifications/${ids[0]}/read`), 401);
      const all = await s.request('POST', '/v1/notifications/read-all', { token: me.token });
      assert.deepEqual(all.body, { ok: true });
      assert.equal((await s.request('GET', '/v1/notifications', { token: me.token })).body.unreadCount, 0);
      assert.equal((await s.request('GET', '/v1/notifications', { token: other.token })).body.unreadCount, 3);
      expectError(await s.request('POST', '/v1/notifications/read-all'), 401);
      const log = await s.request('GET', `/v1/audit-log?userId=${me.userId}&entityName=notification`, { key: s.secretKey });
      assert.equal(log.body.data.length, 2); // one read, one read-all; repeats change nothing and log nothing
    });

    it('shows the audit log to admins and the secret key only, filtered and paged', async () => {
      const admin = await s.login('admin');
      const learner = await s.newLearner();
      const instructor = await s.login('rajesh');
      const r = await s.request('GET', '/v1/audit-log?limit=5', { token: admin });
      assert.equal(r.status, 200);
      assert.equal(r.body.data.length, 5);
      const times = r.body.data.map((x: { createdAt: string }) => x.createdAt);
      assert.deepEqual(times, [...times].sort().reverse());
      const p2 = await s.request('GET', `/v1/audit-log?limit=5&cursor=${r.body.nextCursor}`, { token: admin });
      assert.ok(!p2.body.data.some((x: { id: string }) => r.body.data.some((y: { id: string }) => y.id === x.id)));
      const embed = await s.request('GET', '/v1/audit-log?entityName=embed_token', { key: s.secretKey });
      assert.ok(embed.body.data.length > 0);
      assert.ok(embed.body.data.every((x: { entityName: string }) => x.entityName === 'embed_token'));
      const byId = await s.request('GET', `/v1/audit-log?entityName=embed_token&entityId=${learner.userId}`, { token: admin });
      assert.equal(byId.body.data.length, 1);
      assert.equal(byId.body.data[0].metadata.via, 'secret_key');
      expectError(await s.request('GET', '/v1/audit-log', { token: learner.token }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/audit-log', { token: instructor }), 403, 'forbidden');
      expectError(await s.request('GET', '/v1/audit-log'), 401);
      assert.deepEqual(expectError(await s.request('GET', '/v1/audit-log?userId=x', { token: admin }), 400).details?.[0].path, ['query', 'userId']);
      assert.deepEqual(expectError(await s.request('GET', `/v1/audit-log?entityName=${'x'.repeat(101)}`, { token: admin }), 400).details?.[0].path, ['query', 'entityName']);
    });

    it("scopes a partner's secret key to its own site's trail", async () => {
      const strangerId = newId();
      await s.db.query(`INSERT INTO users (id, name, role) VALUES ($1, 'Other site user', 'student')`, [strangerId]);
      await s.db.query(
        `INSERT INTO audit_log (id, entity_name, entity_id, action, user_id) VALUES ($1, 'course', 'x', 'update', $2)`, [newId(), strangerId]);
      const admin = await s.login('admin');
      // A row of no site (another site's user) is on nobody's trail: admins and secret keys alike see their own site only.
      assert.equal((await s.request('GET', `/v1/audit-log?userId=${strangerId}`, { token: admin })).body.data.length, 0);
      const own = (await s.request('GET', '/v1/audit-log?limit=5', { token: admin })).body.data;
      assert.ok(own.length > 0);
      assert.equal((await s.request('GET', `/v1/audit-log?userId=${strangerId}`, { key: s.secretKey })).body.data.length, 0);
    });
  });
}
