// The CDN loader on its own, against small fixture elements (so it is tested whatever state the
// real elements are in) and against the real build: it loads only the chunks of the elements on
// the page, defines late-added tags, and resolves chunk URLs against its own URL (any origin).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCdn, launchBrowser, root, startDemoServer, waitFor, watchedPage } from './helpers.mjs';

let work;
let server;
let browser;
let manifest;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'furrow-loader-'));
  const cdn = join(work, 'cdn');
  execFileSync(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', 'rollup.config.mjs', '--silent'], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, FURROW_ELEMENTS_SRC: join(root, 'examples/test/fixtures/elements/src'), FURROW_CDN_OUT: cdn },
  });
  manifest = JSON.parse(readFileSync(join(cdn, 'manifest.json'), 'utf8'));
  const pages = join(work, 'pages');
  mkdirSync(pages);
  const page = (body) => `<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="/fixture-cdn/furrow.js"></script></head><body>${body}</body></html>`;
  writeFileSync(join(pages, 'hello.html'), page('<furrow-provider><furrow-hello></furrow-hello></furrow-provider>'));
  writeFileSync(join(pages, 'none.html'), page('<p>No Furrow elements here.</p>'));
  writeFileSync(join(pages, 'bare.html'), '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><p>A partner page elsewhere.</p></body></html>');
  writeFileSync(join(pages, 'late.html'), page('<furrow-provider id="p"></furrow-provider><button id="add" onclick="document.getElementById(\'p\').append(document.createElement(\'furrow-goodbye\'))">add</button>'));
  buildCdn();
  server = await startDemoServer({ staticMounts: [`/fixture-cdn=${cdn}`, `/pages=${pages}`, `/cdn=${join(root, "packages/elements/dist/cdn")}`, `/=${join(root, "examples")}`] });
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const cdnRequests = (page) => page.requests.filter((u) => u.includes('/fixture-cdn/')).map((u) => new URL(u).pathname.replace('/fixture-cdn/', '')).sort();

test('a page with one element loads the loader, that element\'s chunk and what it imports — nothing else', async () => {
  const page = await watchedPage(browser);
  await page.goto(`${server.url}/pages/hello.html`, { waitUntil: 'networkidle0' });
  await waitFor(page, () => /hello: connected/.test(document.querySelector('furrow-hello')?.shadowRoot?.textContent ?? ''), { what: 'furrow-hello to render with the provider' });
  const expected = new Set(['furrow.js', ...manifest.elements['furrow-hello'].files, ...manifest.elements['furrow-provider'].files]);
  assert.deepEqual(cdnRequests(page), [...expected].sort());
  assert.ok(!cdnRequests(page).includes(manifest.elements['furrow-goodbye'].entry), 'goodbye is not loaded');
  assert.deepEqual(page.problems(), []);
  await page.close();
});

test('a page with no Furrow element loads only the loader', async () => {
  const page = await watchedPage(browser);
  await page.goto(`${server.url}/pages/none.html`, { waitUntil: 'networkidle0' });
  assert.deepEqual(cdnRequests(page), ['furrow.js']);
  await page.close();
});

test('a tag added later is loaded and defined when it appears', async () => {
  const page = await watchedPage(browser);
  await page.goto(`${server.url}/pages/late.html`, { waitUntil: 'networkidle0' });
  assert.ok(!cdnRequests(page).includes(manifest.elements['furrow-goodbye'].entry));
  await page.click('#add');
  await waitFor(page, () => /goodbye: connected/.test(document.querySelector('furrow-goodbye')?.shadowRoot?.textContent ?? ''), { what: 'furrow-goodbye to render' });
  assert.deepEqual(page.problems(), []);
  await page.close();
});

test('works from another origin: chunk URLs resolve against the loader\'s own URL', async () => {
  const page = await watchedPage(browser);
  // localhost and 127.0.0.1 are different origins; the page is on one, the CDN on the other.
  const other = server.url.replace('127.0.0.1', 'localhost');
  await page.goto(`${other}/pages/bare.html`, { waitUntil: 'networkidle0' });
  await page.evaluate((cdn) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.type = 'module';
    s.src = `${cdn}/fixture-cdn/furrow.js?cross`;
    s.onload = resolve;
    s.onerror = reject;
    document.head.append(s);
    const p = document.createElement('furrow-provider');
    p.append(document.createElement('furrow-hello'));
    document.body.append(p);
  }), server.url);
  await waitFor(page, () => /hello: connected/.test(document.querySelector('furrow-hello')?.shadowRoot?.textContent ?? ''), { what: 'cross-origin furrow-hello' });
  const chunkHosts = new Set(page.requests.filter((u) => u.includes('/chunks/')).map((u) => new URL(u).host));
  assert.deepEqual([...chunkHosts], [new URL(server.url).host]);
  assert.deepEqual(page.problems(), []);
  await page.close();
});

test('real build: loader ≤ 2 KB gzipped, SRI published and correct, every element folder has a chunk', () => {
  const cdn = join(root, 'packages/elements/dist/cdn');
  const loader = readFileSync(join(cdn, 'furrow.js'));
  assert.ok(gzipSync(loader, { level: 9 }).length <= 2048, `loader is ${gzipSync(loader).length} B gz`);
  const sri = readFileSync(join(cdn, 'furrow.js.sri'), 'utf8').trim();
  assert.equal(sri, `sha384-${createHash('sha384').update(loader).digest('base64')}`);
  const real = JSON.parse(readFileSync(join(cdn, 'manifest.json'), 'utf8'));
  assert.equal(real.loader.integrity, sri);
  for (const [file, c] of Object.entries(real.chunks)) assert.equal(c.integrity, `sha384-${createHash('sha384').update(readFileSync(join(cdn, file))).digest('base64')}`);
  for (const tag of ['furrow-provider', 'furrow-course-catalog', 'furrow-lesson-player', 'furrow-quiz', 'furrow-badge-shelf', 'furrow-checkout', 'furrow-booking-picker']) {
    assert.ok(real.elements[tag], `${tag} is in the CDN build`);
  }
});

test('real build: the script-tag example loads exactly the chunks of the elements on its page', async () => {
  const page = await watchedPage(browser);
  await page.goto(`${server.url}/script-tag/`, { waitUntil: 'networkidle0' });
  const real = JSON.parse(readFileSync(join(root, 'packages/elements/dist/cdn/manifest.json'), 'utf8'));
  const tags = await page.evaluate(() => [...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('furrow-')))]);
  const expected = new Set(['furrow.js', ...tags.flatMap((t) => real.elements[t]?.files ?? [])]);
  const got = page.requests.filter((u) => new URL(u).pathname.startsWith('/cdn/')).map((u) => new URL(u).pathname.slice(5));
  const dynamic = new Set(Object.entries(real.chunks).filter(([, c]) => !c.isEntry).map(([f]) => f));
  // Lazily imported helpers (offline store, downloads) may follow; nothing of an element not on the page may.
  for (const f of got) assert.ok(expected.has(f) || dynamic.has(f), `${f} was not needed`);
  for (const f of expected) assert.ok(got.includes(f), `${f} was not loaded`);
  await page.close();
});

test('real build: the demo server sends the CDN files precompressed (br, gzip) and the bytes still match their SRI', async () => {
  const real = JSON.parse(readFileSync(join(root, 'packages/elements/dist/cdn/manifest.json'), 'utf8'));
  const core = Object.keys(real.chunks).sort((a, b) => real.chunks[b].bytes - real.chunks[a].bytes)[0];
  for (const file of ['furrow.js', core]) {
    const integrity = file === 'furrow.js' ? real.loader.integrity : real.chunks[file].integrity;
    const sha = (buf) => `sha384-${createHash('sha384').update(buf).digest('base64')}`;
    for (const [accept, encoding, decode] of [['gzip, deflate, br', 'br', brotliDecompressSync], ['gzip', 'gzip', gunzipSync], ['identity', undefined, (b) => b]]) {
      const r = await new Promise((resolve, reject) => {
        import('node:http').then(({ get }) => get(`${server.url}/cdn/${file}`, { headers: { 'accept-encoding': accept } }, (res) => {
          const parts = [];
          res.on('data', (c) => parts.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) })).on('error', reject);
        }).on('error', reject));
      });
      assert.equal(r.headers['content-encoding'], encoding, `${file} with Accept-Encoding: ${accept}`);
      assert.match(String(r.headers.vary), /Accept-Encoding/);
      assert.match(String(r.headers['content-type']), /javascript/);
      assert.equal(sha(decode(r.body)), integrity, `${file} (${accept}) decodes to the published bytes`);
      if (encoding) assert.ok(r.body.length < real.chunks[file]?.bytes / 2 || file === 'furrow.js', `${file} is smaller on the wire`);
    }
  }
});
