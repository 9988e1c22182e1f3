// What a deployment sees: the router serves its own CDN build (latest and pinned by version) and
// demo media, under its mount path too; the client IP comes from X-Forwarded-For only behind a
// trusted proxy; and every HTML page carries a CSP fitted to it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import express from 'express';
import { createFurrowRouter, type FurrowRouter } from '../../src/router.js';
import { createFurrowServer } from '../../src/standalone.js';
import { installedCdn } from '../../src/http/assets.js';
import { seedDemo } from '../../src/seed/index.js';
import { createTestDb, quietLogger, startTestServer, type TestServer } from '../helpers.js';
import type { Db } from '../../src/db/types.js';

const cdn = installedCdn();
const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = async (server: Server) => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
};

/** The first demo lesson with a self-hosted video, and that video's URL as the API gives it. */
async function videoLesson(base: string): Promise<{ lessonId: string; courseId: string; video: string }> {
  const get = async (path: string) => (await fetch(base + path, { headers: { 'x-furrow-key': 'pk_test_furrow_demo' } })).json() as Promise<any>;
  for (const c of (await get('/v1/courses?limit=50&price=free')).data) {
    const course = await get(`/v1/courses/${c.id}`);
    for (const l of course.sections.flatMap((s: { lessons: { id: string }[] }) => s.lessons)) {
      const lesson = await get(`/v1/lessons/${l.id}`);
      if (lesson.video?.provider === 'self_hosted') return { lessonId: l.id, courseId: c.id, video: lesson.video.url };
    }
  }
  throw new Error('no demo lesson with a self-hosted video');
}

describe('the CDN build and demo media, served by the router', { skip: cdn ? false : 'the CDN build is not built' }, () => {
  let s: TestServer;
  before(async () => (s = await startTestServer('pglite')));
  after(() => s.close());

  test('/cdn/furrow.js follows releases (short cache); /cdn/v/<version>/furrow.js is the same bytes, immutable', async () => {
    const latest = await fetch(`${s.url}/cdn/furrow.js`);
    assert.equal(latest.status, 200);
    assert.equal(latest.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(latest.headers.get('access-control-allow-origin'), '*');
    const pinned = await fetch(`${s.url}/cdn/v/${cdn!.version}/furrow.js`);
    assert.equal(pinned.status, 200);
    assert.equal(pinned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const body = Buffer.from(await pinned.arrayBuffer());
    assert.deepEqual(Buffer.from(await latest.arrayBuffer()), body);
    // The published SRI hash is the hash of the pinned bytes.
    const sri = readFileSync(join(cdn!.dir, 'furrow.js.sri'), 'utf8').trim();
    assert.equal(sri, `sha384-${createHash('sha384').update(body).digest('base64')}`);
  });

  test('the pinned loader\'s chunks load under the pinned path; other versions are 404', async () => {
    const manifest = JSON.parse(readFileSync(join(cdn!.dir, 'manifest.json'), 'utf8')) as { elements: Record<string, { files: string[] }> };
    const chunk = Object.values(manifest.elements)[0].files[0];
    const r = await fetch(`${s.url}/cdn/v/${cdn!.version}/${chunk}`);
    assert.equal(r.status, 200, chunk);
    assert.match(r.headers.get('cache-control')!, /immutable/);
    assert.equal((await fetch(`${s.url}/cdn/v/0.0.0-nope/furrow.js`)).status, 404);
    assert.equal((await fetch(`${s.url}/cdn/v/${cdn!.version}/../../package.json`)).status, 404);
  });

  test('demo media URLs are relative to the server, and served from /media', async () => {
    const { video } = await videoLesson(s.url);
    assert.match(video, /^media\//);
    const r = await fetch(new URL(video, `${s.url}/`));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('content-type')!, /video\/webm/);
  });
});

describe('mounted under /lms in Express', { skip: cdn ? false : 'the CDN build is not built' }, () => {
  let server: Server;
  let router: FurrowRouter;
  let base: string;
  let drop: () => Promise<void>;
  before(async () => {
    let db: Db;
    ({ db, drop } = await createTestDb('pglite'));
    const app = express();
    server = createServer(app);
    base = await listen(server);
    router = createFurrowRouter({ database: { db }, logger: quietLogger(), publicUrl: `${base}/lms` });
    await router.ready;
    await seedDemo(db);
    app.use('/lms', router);
  });
  after(async () => {
    await close(server);
    await router.close();
    await drop();
  });

  test('the CDN, pinned CDN and media are served under the mount, not at the root', async () => {
    assert.equal((await fetch(`${base}/lms/cdn/furrow.js`)).status, 200);
    assert.equal((await fetch(`${base}/lms/cdn/v/${cdn!.version}/furrow.js`)).status, 200);
    assert.equal((await fetch(`${base}/cdn/furrow.js`)).status, 404);
    const { video } = await videoLesson(`${base}/lms`);
    assert.equal((await fetch(new URL(video, `${base}/lms/`))).status, 200);
  });

  test('embed pages and oEmbed point under the mount, and everything they name answers', async () => {
    const { lessonId } = await videoLesson(`${base}/lms`);
    const link = `${base}/lms/embed/lessons/${lessonId}?key=pk_test_furrow_demo`;
    const o = await fetch(`${base}/lms/oembed?url=${encodeURIComponent(link)}&format=json`);
    assert.equal(o.status, 200);
    const { html } = (await o.json()) as { html: string };
    const urls = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    assert.deepEqual(urls, [link, `${base}/lms/embed.js`]);
    const page = await (await fetch(link)).text();
    const loader = /<script type="module" src="([^"]+)"/.exec(page)![1];
    assert.equal(loader, `${base}/lms/cdn/furrow.js`);
    assert.match(page, new RegExp(`base-url="${base}/lms"`));
    for (const u of [...urls, loader]) assert.equal((await fetch(u)).status, 200, u);
  });
});

test('mounted without publicUrl, the router says so once in the log (and never trusts Host)', async () => {
  const { db, drop } = await createTestDb('pglite');
  const warnings: string[] = [];
  const router = createFurrowRouter({ database: { db }, logger: { ...quietLogger(), warn: (m: string) => void warnings.push(m) } });
  await router.ready;
  const app = express();
  app.use('/furrow', router);
  const server = createServer(app);
  const base = await listen(server);
  try {
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${base}/furrow/oembed?url=${encodeURIComponent(`${base}/furrow/embed/lessons/x?key=pk_x`)}`, { headers: { host: 'evil.example' } });
      assert.equal(r.status, 404, 'oEmbed answers only for URLs under publicUrl');
    }
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /mounted at \/furrow without publicUrl/);
    assert.doesNotMatch(warnings[0], /evil\.example/);
  } finally {
    await close(server);
    await router.close();
    await drop();
  }
});

describe('the client IP of rate limits', () => {
  const writes = async (trustProxy: boolean, forwardedFor: string[]) => {
    const { db, drop } = await createTestDb('pglite');
    const router = createFurrowRouter({ database: { db }, logger: quietLogger(), trustProxy, writeRateLimitPerMinute: 2 });
    await router.ready;
    await seedDemo(db);
    const server = createServer((req, res) => router(req, res));
    const url = await listen(server);
    try {
      const statuses = [];
      for (const ip of forwardedFor) {
        const r = await fetch(`${url}/v1/auth/confirm-email`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-furrow-key': 'pk_test_furrow_demo', 'x-forwarded-for': ip }, body: '{"token":"x"}' });
        statuses.push(r.status);
      }
      return statuses;
    } finally {
      await close(server);
      await router.close();
      await drop();
    }
  };

  test('behind a trusted proxy, each X-Forwarded-For client has its own budget', async () => {
    const st = await writes(true, ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2, 10.0.0.1', '203.0.113.3']);
    assert.equal(st[2], 429, `third write from one client is limited: ${st}`);
    assert.ok(st[3] !== 429 && st[4] !== 429, `other clients are not: ${st}`);
  });

  test('untrusted, X-Forwarded-For is ignored: a client cannot pick a fresh IP per request', async () => {
    const st = await writes(false, ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']);
    assert.deepEqual(st.map((x) => x === 429), [false, false, true, true], String(st));
  });
});

describe('a CSP on every HTML page, fitted to it', () => {
  let s: TestServer;
  let site: Server;
  let siteUrl: string;
  let dir: string;
  let router: FurrowRouter;
  const inline = 'console.log("docs theme")';
  before(async () => {
    s = await startTestServer('pglite');
    dir = mkdtempSync(join(tmpdir(), 'furrow-csp-'));
    mkdirSync(join(dir, 'site', 'script-tag'), { recursive: true });
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>Home</title><p>home</p>');
    writeFileSync(join(dir, 'site', 'script-tag', 'index.html'), '<!doctype html><script type="module" src="/cdn/furrow.js"></script><p>tag</p>');
    const docs = `<!doctype html><script>${inline}</script><script src="assets/main.js"></script>`;
    writeFileSync(join(dir, 'docs', 'index.html'), docs);
    // The docs build writes precompressed copies, which sirv prefers: they get the page's CSP.
    writeFileSync(join(dir, 'docs', 'index.html.br'), brotliCompressSync(docs));
    ({ server: site, router } = createFurrowServer({ database: { memory: true }, logger: quietLogger(), static: [{ prefix: '/', dir: join(dir, 'site'), csp: true }, { prefix: '/docs', dir: join(dir, 'docs'), csp: true }, { prefix: '/mine', dir: join(dir, 'site') }] }));
    siteUrl = await listen(site);
  });
  after(async () => {
    await close(site);
    await router.close();
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cspOf = async (url: string, headers: Record<string, string> = {}) => {
    const r = await fetch(url, { headers });
    assert.equal(r.status, 200, url);
    if (headers['accept-encoding'] === 'br') assert.equal(r.headers.get('content-encoding'), 'br', 'the precompressed copy was sent');
    assert.match(r.headers.get('content-type')!, /text\/html/, url);
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, `${url} has a CSP`);
    return csp;
  };

  test('static pages (/, /script-tag/, /docs/): scripts from here and their own inline scripts by hash', async () => {
    for (const path of ['/', '/script-tag/', '/docs/']) {
      const csp = await cspOf(siteUrl + path);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /frame-ancestors 'self'/);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    }
    const docs = await cspOf(`${siteUrl}/docs/`, { 'accept-encoding': 'br' });
    const hash = createHash('sha256').update(inline).digest('base64');
    assert.match(docs, new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`));
    assert.doesNotMatch(await cspOf(`${siteUrl}/`), /sha256-/, 'a page with no inline script allows none');
    // A folder of the operator's own (`--static`) is theirs to fit a CSP to.
    const mine = await fetch(`${siteUrl}/mine/`);
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('content-security-policy'), null);
  });

  test('embed pages: no default sources, the loader and one nonce, frame-ancestors from the site', async () => {
    const { lessonId } = await videoLesson(s.url);
    const csp = await cspOf(`${s.url}/embed/lessons/${lessonId}?key=${s.publishableKey}`);
    assert.match(csp, /; default-src 'none';/);
    assert.match(csp, /script-src 'nonce-[^']+' http:\/\/127\.0\.0\.1:\d+ 'self'/);
    assert.match(csp, /frame-src https:\/\/www\.youtube-nocookie\.com https:\/\/player\.vimeo\.com/);
    assert.match(csp, /^frame-ancestors 'self' http:\/\/localhost:\* http:\/\/127\.0\.0\.1:\*;/);
  });

  test('the certificate page: nothing but its inline style, framed by nobody', async () => {
    const user = (await s.db.query<{ id: string }>(`SELECT id FROM users LIMIT 1`)).rows[0].id;
    const course = (await s.db.query<{ id: string }>(`SELECT id FROM courses LIMIT 1`)).rows[0].id;
    const id = randomUUID();
    await s.db.query(`INSERT INTO certificates (id, user_id, course_id, recipient_name, course_title) VALUES ($1, $2, $3, 'Asha', 'Soil')`, [id, user, course]);
    const csp = await cspOf(`${s.url}/v1/certificates/${id}/html`, { 'x-furrow-key': s.publishableKey });
    assert.equal(csp, "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });

  test('the sandbox checkout page: no script, forms only here, framed by nobody', async () => {
    const { token } = await s.newLearner();
    const admin = await s.login('admin');
    const course = (await s.db.query<{ id: string }>(`SELECT id FROM courses WHERE price_amount > 0 AND status = 'published' LIMIT 1`)).rows[0].id;
    const product = await s.request('POST', '/v1/products', { token: admin, body: { name: 'CSP bundle', description: '', price: { amount: 100, currency: 'INR' }, status: 'public', courseIds: [course] } });
    const c = await s.request<{ url: string }>('POST', '/v1/checkout/sessions', { token, body: { productId: product.body.id, successUrl: 'http://localhost:5173/ok', cancelUrl: 'http://localhost:5173/no' } });
    assert.equal(c.status, 201, c.text);
    const csp = await cspOf(c.body.url);
    assert.match(csp, /^default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);
    assert.match(csp, /frame-ancestors 'none'/);
  });

  test('the 404 page: nothing at all', async () => {
    const r = await fetch(`${siteUrl}/nothing-here`);
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  });
});
