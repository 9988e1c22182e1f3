/**
 * Several instances: three server processes on one PostgreSQL behind a round-robin proxy
 * (node:http, test only). Booking races, one Idempotency-Key sent to different instances,
 * login throttling across instances, and a catalog edit seen by every instance within the
 * documented bound (`catalogPollMs`, 1 s by default; asserted ≤ 2 s). Needs PostgreSQL
 * (FURROW_TEST_DATABASE_URL); skipped without it, as PGlite is one process per directory.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, startCli, tempPostgres, type CliServer } from './cli.js';

const N = 3;

/** A round-robin HTTP proxy over `targets`; `hits` counts requests per target. */
async function roundRobin(targets: string[]): Promise<{ url: string; hits: number[]; close(): Promise<void> }> {
  let next = 0;
  const hits = targets.map(() => 0);
  const server: Server = createServer((req, res) => {
    const i = next++ % targets.length;
    hits[i]++;
    const t = new URL(targets[i]);
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.statusCode = 502; res.end(); });
    req.pipe(up);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => { server.closeAllConnections(); return new Promise<void>((ok) => server.close(() => ok())); },
  };
}

describe('several instances on one PostgreSQL', { skip: !process.env.FURROW_TEST_DATABASE_URL && 'needs FURROW_TEST_DATABASE_URL' }, () => {
  const servers: CliServer[] = [];
  let proxy: Awaited<ReturnType<typeof roundRobin>>;
  let db: Awaited<ReturnType<typeof tempPostgres>>;
  let dataDir: string;
  let pk: string;
  let sk: string;
  let call: ReturnType<typeof client>;
  let sunita: string;
  let hour = 500;

  const newSlot = async () => {
    const start = new Date(Date.now() + (hour += 2) * 3_600_000);
    start.setUTCMinutes(0, 0, 0);
    const r = await call('POST', '/v1/slots', { token: sunita, body: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1_800_000).toISOString() } });
    assert.equal(r.status, 201, r.text);
    return r.body.id as string;
  };
  const learner = async (i: string) => (await call('POST', '/v1/embed-tokens', { key: sk, body: { externalId: `multi-${i}`, name: `Multi ${i}` } })).body as { token: string; user: { id: string } };

  before(async () => {
    db = await tempPostgres();
    dataDir = await mkdtemp(join(tmpdir(), 'furrow-multi-'));
    // The first instance migrates and seeds; the others join the same database.
    servers.push(await startCli({ dataDir, demo: true, databaseUrl: db.url }));
    servers.push(...(await Promise.all(Array.from({ length: N - 1 }, () => startCli({ dataDir, databaseUrl: db.url })))));
    pk = servers[0].publishableKey!;
    sk = servers[0].secretKey!;
    proxy = await roundRobin(servers.map((s) => s.url));
    call = client(proxy.url, pk);
    sunita = (await call('POST', '/v1/auth/login', { body: { email: 'sunita@furrow.demo', password: 'furrow-teach-demo' } })).body.token;
  });
  after(async () => {
    await proxy?.close();
    for (const s of servers) await s.stop();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('booking race across instances: exactly one winner out of 24', async () => {
    const slot = await newSlot();
    const people = await Promise.all(Array.from({ length: 24 }, (_, i) => learner(`race-${i}`)));
    const before = [...proxy.hits];
    const rs = await Promise.all(people.map((p) => call('POST', '/v1/bookings', { token: p.token, body: { slotId: slot } })));
    const winners = rs.filter((r) => r.status === 201);
    const spread = proxy.hits.map((h, i) => h - before[i]);
    console.log(`[instances] booking race: ${winners.length} winner of ${rs.length} (per instance ${spread.join('/')}; others ${[...new Set(rs.filter((r) => r.status !== 201).map((r) => r.status))].join(',')})`);
    assert.equal(winners.length, 1);
    assert.ok(spread.every((n) => n > 0), 'every instance took part');
    for (const r of rs) if (r.status !== 201) assert.equal(r.status, 409, r.text);
    const slotNow = await call('GET', `/v1/bookings/${winners[0].body.id}`, { token: sunita });
    assert.equal(slotNow.status, 200);
  });

  it('the same Idempotency-Key sent to every instance has one effect', async () => {
    const slot = await newSlot();
    const p = await learner('idem');
    const headers = { 'idempotency-key': 'multi-instance-key-1' };
    const rs = await Promise.all(Array.from({ length: 9 }, () => call('POST', '/v1/bookings', { token: p.token, body: { slotId: slot }, headers })));
    const ids = new Set(rs.map((r) => r.body?.id));
    console.log(`[instances] one key × 9 requests over ${N} instances: statuses ${rs.map((r) => r.status).join(',')}, booking ids ${ids.size}`);
    assert.deepEqual([...new Set(rs.map((r) => r.status))], [201]);
    assert.equal(ids.size, 1);
    const mine = await call('GET', '/v1/bookings', { token: p.token });
    assert.equal(mine.body.data.filter((b: { slotId?: string; slot?: { id: string } }) => (b.slotId ?? b.slot?.id) === slot).length, 1);
  });

  it('login throttling is shared by every instance', async () => {
    const email = `throttle-${Date.now()}@example.org`;
    const signup = await call('POST', '/v1/auth/signup', { body: { email, password: 'right password 123', name: 'Throttle' } });
    assert.equal(signup.status, 201, signup.text);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('POST', '/v1/auth/login', { body: { email, password: `wrong password ${i}` } })).status);
    // Even the right password is refused now, whichever instance answers.
    const right = await Promise.all(servers.map((s) => client(s.url, pk)('POST', '/v1/auth/login', { body: { email, password: 'right password 123' } })));
    console.log(`[instances] login throttling: wrong passwords → ${statuses.join(',')}; then the right one on each instance → ${right.map((r) => r.status).join(',')}`);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.equal(statuses[5], 429);
    assert.deepEqual(right.map((r) => r.status), servers.map(() => 429));
    assert.ok(right.every((r) => Number(r.headers.get('retry-after')) > 0));
  });

  it('a catalog edit is visible on every instance within 2 s', async () => {
    const list = await call('GET', '/v1/courses?limit=1');
    const id = list.body.data[0].id as string;
    const direct = servers.map((s) => client(s.url, pk));
    // Warm every instance's anonymous cache.
    for (const c of direct) assert.equal((await c('GET', `/v1/courses/${id}`)).status, 200);
    const title = `Edited across instances ${Date.now()}`;
    const admin = (await call('POST', '/v1/auth/login', { body: { email: 'admin@furrow.demo', password: 'furrow-admin-demo' } })).body.token;
    const edit = await client(servers[0].url, pk)('PATCH', `/v1/courses/${id}`, { token: admin, body: { title } });
    assert.equal(edit.status, 200, edit.text);
    const t0 = Date.now();
    const seen = await Promise.all(direct.map(async (c) => {
      for (;;) {
        const r = await c('GET', `/v1/courses/${id}`);
        if (r.body.title === title) return Date.now() - t0;
        if (Date.now() - t0 > 5000) return Infinity;
        await new Promise((res) => setTimeout(res, 25));
      }
    }));
    console.log(`[instances] catalog edit seen after ${seen.map((ms) => `${ms} ms`).join(', ')} (bound: 2000 ms)`);
    assert.ok(seen.every((ms) => ms <= 2000), `seen after ${seen.join(', ')} ms`);
  });
});
