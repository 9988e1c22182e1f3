/**
 * Headers and limits on every route family (one route per tag of the table): security headers,
 * the CORS allowlist, frame-ancestors, HSTS behind TLS (trusted proxy and a real node:https
 * server with a self-signed certificate), body size limits, write rate limits, oversized
 * request heads. And the server-rendered HTML pages (certificate, sandbox checkout, embeds)
 * with XSS payloads in every text they show: escaped, and their CSP allows no inline script.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createHttps } from 'node:https';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { routes, type RouteSpec } from '@furrow/schema';
import { dbKinds, expectError, startTestServer, type TestServer } from '../helpers.js';
import { isErrorShape, send } from './storm.js';
import { XSS_PAYLOADS } from './xss-corpus.js';
import { makeOperator, operatorToken } from '../sites/support.js';

const table = Object.entries(routes) as [string, RouteSpec][];
/** One GET and one write per tag: the route families. */
function families(): { tag: string; read?: [string, RouteSpec]; write?: [string, RouteSpec] }[] {
  const out = new Map<string, { tag: string; read?: [string, RouteSpec]; write?: [string, RouteSpec] }>();
  for (const e of table) {
    const f = out.get(e[1].tag) ?? { tag: e[1].tag };
    if (e[1].method === 'GET') f.read ??= e;
    else if (e[1].body) f.write ??= e;
    out.set(e[1].tag, f);
  }
  return [...out.values()];
}
const fill = (path: string) => path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');

for (const kind of dbKinds().slice(0, 1)) {
  describe(`headers and limits (${kind})`, () => {
    let s: TestServer;
    let admin: string;
    let operator: string;
    before(async () => {
      s = await startTestServer(kind, { writeRateLimitPerMinute: false, bodyLimitBytes: 64 * 1024, trustProxy: true });
      admin = await s.login('admin');
      operator = await operatorToken(s.url, await makeOperator(s.db));
    });
    after(() => s.close());
    /** A fresh client address per set-up call, so set-up does not spend the anonymous write budget. */
    const fresh = () => ({ 'x-forwarded-for': `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });

    it('every route family answers with nosniff, no-referrer, a CSP with frame-ancestors none and no-store', async () => {
      let checked = 0;
      for (const f of families()) {
        for (const e of [f.read, f.write]) {
          if (!e) continue;
          const r = await s.request(e[1].method, fill(e[1].path), { token: admin, body: e[1].body ? {} : undefined });
          assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${e[0]}`);
          assert.equal(r.headers.get('referrer-policy'), 'no-referrer', `${e[0]}`);
          if (!e[1].produces) {
            assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, `${e[0]} ${r.status}`);
            assert.match(r.headers.get('cache-control') ?? '', /no-store|no-cache/, `${e[0]}`);
          }
          assert.match(r.headers.get('x-request-id') ?? '', /^[\w.-]+$/);
          assert.equal(r.headers.get('strict-transport-security'), null, 'no HSTS over plain HTTP');
          checked++;
        }
      }
      console.log(`[headers] ${checked} routes over ${families().length} families`);
    });

    it('CORS: allowed origins get a grant, others get 403 and none; preflights too; the request id is echoed only when well-formed', async () => {
      for (const f of families()) {
        const e = f.read ?? f.write!;
        const path = fill(e[1].path);
        const ok = await s.request(e[1].method, path, { token: admin, headers: { origin: 'http://localhost:5173' }, body: e[1].body ? {} : undefined });
        if (e[1].access !== 'signature') assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:5173', e[0]);
        for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null', 'http://127.0.0.1.evil.example:80']) {
          const bad = await s.request(e[1].method, path, { token: admin, headers: { origin }, body: e[1].body ? {} : undefined });
          assert.equal(bad.headers.get('access-control-allow-origin'), null, `${e[0]} ${origin}`);
          if (e[1].access !== 'signature') expectError(bad, 403, 'origin_not_allowed');
        }
        const pre = await fetch(s.url + path, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': e[1].method } });
        assert.equal(pre.status, 403);
        assert.equal(pre.headers.get('access-control-allow-origin'), null);
        const good = await fetch(s.url + path, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': e[1].method } });
        assert.equal(good.status, 204);
        assert.equal(good.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
      }
      const weird = await s.request('GET', '/v1/courses?limit=1', { headers: { 'x-request-id': '<script>' } });
      assert.notEqual(weird.headers.get('x-request-id'), '<script>');
    });

    it('the secret key is refused from a browser, from any origin, allowed ones too: 403 secret_key_in_browser and no CORS grant', async () => {
      for (const origin of ['https://evil.example', 'http://localhost:5173', 'http://127.0.0.1:8080']) {
        const r = await s.request('GET', '/v1/admin/users', { key: s.secretKey, headers: { origin } });
        expectError(r, 403, 'secret_key_in_browser');
        assert.equal(r.headers.get('access-control-allow-origin'), null, origin);
      }
      // From a server (no Origin; Node's fetch adds only `Sec-Fetch-Mode: cors`) it works.
      assert.equal((await s.request('GET', '/v1/admin/users', { key: s.secretKey })).status, 200);
    });

    it('body size limit on every JSON write (413 in the error shape), raw uploads and the webhook too', async () => {
      const big = JSON.stringify({ title: 'x'.repeat(70 * 1024) });
      let n = 0;
      for (const [id, route] of table) {
        if (!route.body) continue;
        const r = await send(s.url, { method: route.method, path: fill(route.path), headers: { ...fresh(), 'content-type': 'application/json', 'x-furrow-key': route.access === 'secret' ? s.secretKey : s.publishableKey, authorization: `Bearer ${route.access === 'operator' ? operator : admin}` }, body: Buffer.from(big) });
        assert.equal(r.status, 413, `${id}: ${r.status} ${r.body.slice(0, 200)}`);
        assert.ok(isErrorShape(r.body), id);
        n++;
      }
      const teacher = (await s.request('POST', '/v1/auth/login', { headers: fresh(), body: { email: s.accounts.sunita.email, password: s.accounts.sunita.password } })).body.token;
      const course = (await s.request('GET', '/v1/courses?limit=1')).body.data[0].id;
      const upload = await send(s.url, { method: 'POST', path: `/v1/courses/${course}/materials?fileName=a.txt&title=A`, headers: { ...fresh(), 'content-type': 'text/plain', 'x-furrow-key': s.publishableKey, authorization: `Bearer ${teacher}` }, body: Buffer.alloc(26 * 1024 * 1024, 'a') });
      assert.equal(upload.status, 413, upload.body.slice(0, 200));
      const hook = await send(s.url, { method: 'POST', path: '/v1/webhooks/stripe', headers: { ...fresh(), 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' }, body: Buffer.alloc(600 * 1024, 'a') });
      assert.equal(hook.status, 413);
      console.log(`[limits] 413 on ${n} JSON write routes, the material upload and the webhook`);
      assert.equal((await s.request('GET', '/healthz', { key: null })).status, 200);
    });

    it('write rate limit applies to every route family, per user; 429 with Retry-After in the error shape', async () => {
      const main = s;
      s = await startTestServer(kind, { writeRateLimitPerMinute: 5, trustProxy: true });
      try {
        // Admin tokens from the secret key need the site to allow them (the demo caps at instructor).
        await s.db.query(`UPDATE partner_sites SET max_embed_role = 'admin'`);
        s.services.sites.invalidate();
        await rateLimits();
      } finally {
        await s.close();
        s = main;
      }
    });

    async function rateLimits() {
      let n = 0;
      for (const f of families()) {
        if (!f.write) continue;
        const [id, route] = f.write;
        const made = await s.request('POST', '/v1/embed-tokens', { key: s.secretKey, headers: fresh(), body: { externalId: `rl-${f.tag}-${Date.now()}`, name: 'Rate', role: 'admin' } });
        const who = { token: made.body.token as string };
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) {
          const r = await s.request(route.method, fill(route.path), { token: who.token, key: route.access === 'secret' ? s.secretKey : undefined, body: {}, headers: fresh() });
          statuses.push(r.status);
          if (i === 5) {
            expectError(r, 429, 'rate_limited');
            assert.ok(Number(r.headers.get('retry-after')) > 0, id);
          }
        }
        assert.ok(statuses.slice(0, 5).every((x) => x !== 429), `${id}: ${statuses}`);
        n++;
      }
      // Anonymous writes are limited per IP.
      const anon: number[] = [];
      for (let i = 0; i < 7; i++) anon.push((await s.request('POST', '/v1/auth/login', { headers: { 'x-forwarded-for': '203.0.113.9' }, body: { email: `nobody${i}@example.org`, password: 'wrong password' } })).status);
      assert.equal(anon.at(-1), 429);
      console.log(`[limits] write rate limit checked on ${n} families; anonymous: ${anon.join(',')}`);
    }

    it('a request head over 16 KiB is refused by Node (431) and the server keeps serving', async () => {
      const r = await send(s.url, { method: 'GET', path: '/v1/courses', headers: { 'x-furrow-key': s.publishableKey, authorization: `Bearer ${'a'.repeat(20_000)}` }, body: null }).catch((e) => ({ status: -1, body: String(e), headers: {} }));
      assert.ok(r.status === 431 || r.status === -1, String(r.status));
      assert.equal((await s.request('GET', '/healthz', { key: null })).status, 200);
    });
  });

  describe(`HSTS behind TLS (${kind})`, () => {
    it('only with trustProxy and X-Forwarded-Proto: https', async () => {
      const behind = await startTestServer(kind, { trustProxy: true, demo: false });
      const plain = await startTestServer(kind, { demo: false });
      try {
        const a = await behind.request('GET', '/healthz', { key: null, headers: { 'x-forwarded-proto': 'https' } });
        assert.match(a.headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/);
        assert.equal((await behind.request('GET', '/healthz', { key: null })).headers.get('strict-transport-security'), null);
        assert.equal((await plain.request('GET', '/healthz', { key: null, headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security'), null, 'an untrusted X-Forwarded-Proto is ignored');
      } finally {
        await behind.close();
        await plain.close();
      }
    });

    it('on a real node:https server with a self-signed certificate', async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'furrow-tls-'));
      try {
        try {
          execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
        } catch {
          t.skip('openssl is not available');
          return;
        }
        const s = await startTestServer(kind, { demo: false });
        const tls = createHttps({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => s.router(req, res));
        await new Promise<void>((ok) => tls.listen(0, '127.0.0.1', ok));
        try {
          const port = (tls.address() as AddressInfo).port;
          const headers = await new Promise<Record<string, unknown>>((ok, fail) => {
            httpsRequest({ host: '127.0.0.1', port, path: '/healthz', ca: readFileSync(join(dir, 'cert.pem')), rejectUnauthorized: false }, (res) => { res.resume(); ok(res.headers); }).on('error', fail).end();
          });
          assert.match(String(headers['strict-transport-security']), /max-age=\d{7,}; includeSubDomains/);
        } finally {
          tls.closeAllConnections();
          await new Promise<void>((ok) => tls.close(() => ok()));
          await s.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe(`server-rendered HTML escapes what users wrote (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind);
    });
    after(() => s.close());

    /** No payload appears verbatim; no inline script runs without the page's nonce; no event handler attribute is added. */
    function assertEscaped(html: string, csp: string | null, where: string) {
      for (const p of XSS_PAYLOADS) {
        if (/[<>"']/.test(p)) assert.equal(html.includes(p), false, `${where}: payload unescaped: ${p}`);
      }
      assert.doesNotMatch(html, /<(img|svg|iframe|details|body|input|math)\b[^>]*\bon\w+=/i, `${where}: event handler attribute`);
      assert.doesNotMatch(html, /href="\s*javascript:/i, `${where}: javascript: link`);
      const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
      for (const tag of scripts) assert.ok(/nonce=|src=/.test(tag), `${where}: inline script without nonce: ${tag}`);
      assert.ok(csp && !/unsafe-inline[^;]*;?\s*$/.test(csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? ''), `${where}: CSP allows inline script: ${csp}`);
    }

    it('certificates, sandbox checkout and embed pages with payloads in titles, descriptions, names and notes', async () => {
      const teacher = await s.login('sunita');
      const adminToken = await s.login('admin');
      let pages = 0;
      for (const [i, p] of XSS_PAYLOADS.entries()) {
        const title = `C${i} ${p}`.slice(0, 200);
        const c = await s.request('POST', '/v1/courses', { token: teacher, body: { title, description: `D ${p}`, category: 'soil-health', level: 'beginner', languages: ['en'], price: { amount: 1000, currency: 'INR' } } });
        assert.equal(c.status, 201, c.text);
        const sec = await s.request('POST', `/v1/courses/${c.body.id}/sections`, { token: teacher, body: { title: `S ${p}`.slice(0, 200) } });
        const l = await s.request('POST', `/v1/sections/${sec.body.id}/lessons`, { token: teacher, body: { title: `L ${p}`.slice(0, 200), contentType: 'text', status: 'public', body: p } });
        assert.equal((await s.request('PATCH', `/v1/courses/${c.body.id}`, { token: teacher, body: { status: 'published' } })).status, 200);
        // Embed pages of the course and the lesson.
        for (const path of [`/embed/courses/${c.body.id}?key=${s.publishableKey}`, `/embed/lessons/${l.body.id}?key=${s.publishableKey}&locale=hi`]) {
          const r = await fetch(s.url + path);
          assert.equal(r.status, 200, path);
          assertEscaped(await r.text(), r.headers.get('content-security-policy'), path);
          assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' http:\/\/localhost:\* http:\/\/127\.0\.0\.1:\*;/);
          pages++;
        }
        // The sandbox checkout page shows the product (named with the payload) and the learner's name.
        const prod = await s.request('POST', '/v1/products', { token: adminToken, body: { name: `P ${p}`.slice(0, 200), description: `PD ${p}`, price: { amount: 1000, currency: 'INR' }, courseIds: [c.body.id], status: 'public' } });
        assert.equal(prod.status, 201, prod.text);
        const learner = await s.newLearner(undefined, { name: `N ${p}`.slice(0, 200) });
        const cs = await s.request('POST', '/v1/checkout/sessions', { token: learner.token, body: { productId: prod.body.id, successUrl: 'https://coop.example.org/ok', cancelUrl: 'https://coop.example.org/no' } });
        assert.equal(cs.status, 201, cs.text);
        const page = await fetch(cs.body.url);
        const html = await page.text();
        assert.equal(page.status, 200);
        assertEscaped(html, page.headers.get('content-security-policy'), 'sandbox page');
        assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
        assert.equal(page.headers.get('x-frame-options'), 'DENY');
        pages++;
        // Certificate of a free copy of the course, to a learner named with the payload.
        const free = await s.request('POST', '/v1/courses', { token: adminToken, body: { title, description: 'x', category: 'soil-health', level: 'beginner', languages: ['en'], instructorId: c.body.instructor?.id ?? undefined } });
        const fsec = await s.request('POST', `/v1/courses/${free.body.id}/sections`, { token: adminToken, body: { title: 'S' } });
        const fl = await s.request('POST', `/v1/sections/${fsec.body.id}/lessons`, { token: adminToken, body: { title: 'L', contentType: 'text', status: 'public', body: 'x' } });
        assert.equal((await s.request('PATCH', `/v1/courses/${free.body.id}`, { token: adminToken, body: { status: 'published' } })).status, 200);
        await s.request('POST', `/v1/courses/${free.body.id}/enroll`, { token: learner.token });
        await s.request('POST', `/v1/lessons/${fl.body.id}/complete`, { token: learner.token });
        const certs = await s.request('GET', '/v1/me/certificates', { token: learner.token });
        assert.equal(certs.body.data.length, 1, certs.text);
        const cert = await fetch(`${s.url}/v1/certificates/${certs.body.data[0].id}/html`, { headers: { 'x-furrow-key': s.publishableKey } });
        assert.equal(cert.status, 200);
        assertEscaped(await cert.text(), cert.headers.get('content-security-policy'), 'certificate');
        pages++;
      }
      // An oEmbed answer carries the title as JSON (escaped by JSON), and its html is an iframe and
      // this server's own embed.js (which resizes it) — no other script, no handler.
      const any = (await s.request('GET', '/v1/courses?limit=1&sort=newest')).body.data[0];
      const embedUrl = `${s.url}/embed/courses/${any.id}?key=${s.publishableKey}`;
      const o = await fetch(`${s.url}/oembed?url=${encodeURIComponent(embedUrl)}&format=json`);
      if (o.status === 200) {
        const j = await o.json() as { html: string };
        const script = `<script src="${s.url}/embed.js" async></script>`;
        assert.ok(j.html.endsWith(script), j.html);
        const iframe = j.html.slice(0, -script.length);
        assert.match(iframe, /^<iframe [^>]*><\/iframe>$/);
        assert.doesNotMatch(iframe, /on\w+=|<script/i);
      }
      console.log(`[xss] ${XSS_PAYLOADS.length} payloads × pages: ${pages} server-rendered pages checked`);
    });
  });
}
