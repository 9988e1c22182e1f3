import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createFurrowRouter, type FurrowRouter } from '../../src/router.js';
import { createTestDb, quietLogger } from '../helpers.js';
import { seedDemo } from '../../src/seed/index.js';
import type { Db } from '../../src/db/types.js';

describe('mounting in an Express 5 app', () => {
  let server: Server;
  let router: FurrowRouter;
  let base: string;
  let drop: () => Promise<void>;
  let secretKey: string;
  before(async () => {
    let db: Db;
    ({ db, drop } = await createTestDb('pglite'));
    router = createFurrowRouter({ database: { db }, logger: quietLogger() });
    await router.ready;
    secretKey = (await seedDemo(db)).secretKey;
    const app = express();
    app.get('/', (_req, res) => void res.send('partner home'));
    app.use('/lms', router);
    app.get('/lms-info', (_req, res) => void res.json({ mounted: true }));
    server = app.listen(0);
    await new Promise((ok) => server.once('listening', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    await router.close();
    await drop();
  });

  it('serves the API under /lms', async () => {
    const r = await fetch(`${base}/lms/v1/courses?limit=2`, { headers: { 'x-furrow-key': 'pk_test_furrow_demo' } });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { data: unknown[] }).data.length, 2);
    assert.equal((await fetch(`${base}/lms/healthz`)).status, 200);
  });

  it('answers unknown API routes under the mount with the error shape', async () => {
    const r = await fetch(`${base}/lms/v1/nope`);
    assert.equal(r.status, 404);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'route_not_found');
  });

  it('leaves the host app its own routes', async () => {
    assert.equal(await (await fetch(`${base}/`)).text(), 'partner home');
    assert.deepEqual(await (await fetch(`${base}/lms-info`)).json(), { mounted: true });
  });

  it('accepts JSON bodies, including after a host body parser', async () => {
    const app = express();
    app.use(express.json());
    app.use('/api', router);
    const s2 = app.listen(0);
    await new Promise((ok) => s2.once('listening', ok));
    try {
      const url = `http://127.0.0.1:${(s2.address() as AddressInfo).port}/api/v1/embed-tokens`;
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-furrow-key': secretKey }, body: JSON.stringify({ externalId: 'express-user' }) });
      assert.equal(r.status, 201);
    } finally {
      s2.closeAllConnections();
      await new Promise((ok) => s2.close(ok));
    }
  });
});
