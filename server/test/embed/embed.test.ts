import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, expectError, type TestServer } from '../helpers.js';

let s: TestServer;
let lessonId: string;
let courseId: string;
let privateLessonId: string | null = null;

before(async () => {
  s = await startTestServer('pglite');
  const courses = await s.request('GET', '/v1/courses?limit=1');
  courseId = courses.body.data[0].id;
  const r = await s.db.query<{ id: string }>(
    `SELECT l.id FROM lessons l JOIN sections x ON x.id = l.section_id WHERE l.course_id = $1 AND l.status <> 'private' AND x.status <> 'private' ORDER BY x.position, l.position LIMIT 1`, [courseId]);
  lessonId = r.rows[0].id;
  const p = await s.db.query<{ id: string }>(`SELECT id FROM lessons WHERE status = 'private' LIMIT 1`);
  privateLessonId = p.rows[0]?.id ?? null;
});
after(() => s.close());

const oembed = (url: string, extra = '') => s.request('GET', `/oembed?url=${encodeURIComponent(url)}&format=json${extra}`, { key: null });
const embedUrl = (kind: string, id: string, key = s.publishableKey) => `${s.url}/embed/${kind}/${id}?key=${key}`;

test('oEmbed: a lesson URL of this server answers type rich with an iframe to the embed page', async () => {
  const r = await oembed(embedUrl('lessons', lessonId));
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type')!, /application\/json/);
  assert.equal(r.body.version, '1.0');
  assert.equal(r.body.type, 'rich');
  assert.equal(r.body.provider_name, 'Furrow');
  assert.equal(typeof r.body.title, 'string');
  assert.equal(r.body.width, 640);
  assert.match(r.body.html, /^<iframe src="[^"]+\/embed\/lessons\/[^"]+\?key=pk_test_furrow_demo" width="640" height="\d+"/);
  assert.ok(r.body.html.includes(`/embed/lessons/${lessonId}`));
  // What makes the iframe resize comes with it.
  assert.ok(r.body.html.endsWith(`<script src="${s.url}/embed.js" async></script>`), r.body.html);
});

test('oEmbed: course URLs too; maxwidth and maxheight shrink the frame, never grow it', async () => {
  const r = await oembed(embedUrl('courses', courseId), '&maxwidth=400&maxheight=300');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.width, 400);
  assert.equal(r.body.height, 300);
  assert.match(r.body.html, /width="400" height="300"/);
  const big = await oembed(embedUrl('courses', courseId), '&maxwidth=5000');
  assert.equal(big.body.width, 640);
});

test('oEmbed: foreign, unknown and malformed URLs are refused in the Furrow error shape', async () => {
  expectError(await oembed('https://evil.example/embed/lessons/x?key=pk_test_furrow_demo'), 404, 'not_found');
  expectError(await oembed(`${s.url}/v1/courses/${courseId}`), 404, 'not_found');
  expectError(await oembed(embedUrl('lessons', 'les_does_not_exist')), 404, 'not_found');
  expectError(await oembed('not a url'), 400, 'validation_failed');
  expectError(await s.request('GET', '/oembed?format=json', { key: null }), 400, 'validation_failed');
  expectError(await oembed(embedUrl('lessons', lessonId), '&maxwidth=wide'), 400, 'validation_failed');
  expectError(await oembed(`${s.url}/embed/lessons/${lessonId}`), 400, 'missing_publishable_key');
  expectError(await oembed(embedUrl('lessons', lessonId, 'pk_unknown')), 404, 'invalid_key');
  const xml = await s.request('GET', `/oembed?url=${encodeURIComponent(embedUrl('lessons', lessonId))}&format=xml`, { key: null });
  expectError(xml, 501);
});

test('oEmbed and embed page: private lessons are not embeddable', async () => {
  if (!privateLessonId) {
    const r = await s.db.query<{ id: string }>(`UPDATE lessons SET status = 'private' WHERE id = (SELECT id FROM lessons WHERE id <> $1 LIMIT 1) RETURNING id`, [lessonId]);
    privateLessonId = r.rows[0].id;
  }
  expectError(await oembed(embedUrl('lessons', privateLessonId)), 404, 'not_found');
  assert.equal((await s.request('GET', `/embed/lessons/${privateLessonId}?key=${s.publishableKey}`, { key: null })).status, 404);
});

test('embed page: player through the CDN loader, oEmbed discovery, frame-ancestors from the key allowlist', async () => {
  const r = await s.request('GET', `/embed/lessons/${lessonId}?key=${s.publishableKey}`, { key: null });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type')!, /text\/html/);
  const csp = r.headers.get('content-security-policy')!;
  assert.match(csp, /frame-ancestors 'self' http:\/\/localhost:\* http:\/\/127\.0\.0\.1:\*(;|$)/);
  assert.match(csp, /script-src 'nonce-[^']+'/);
  assert.ok(!/frame-ancestors 'none'/.test(csp));
  assert.ok(r.text.includes(`<script type="module" src="${s.url}/cdn/furrow.js"></script>`));
  assert.ok(r.text.includes(`<furrow-lesson-player course-id="${courseId}" lesson-id="${lessonId}">`));
  assert.ok(r.text.includes(`<furrow-provider publishable-key="pk_test_furrow_demo" base-url="${s.url}"`));
  const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(r.text);
  assert.ok(link, 'oEmbed discovery link');
  const discovered = await fetch(link![1].replace(/&amp;/g, '&'));
  assert.equal(discovered.status, 200);
  assert.equal((await discovered.json()).type, 'rich');
  // The inline script carries the page's nonce.
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  assert.ok(r.text.includes(`<script type="module" nonce="${nonce}">`));
});

test('embed page: course embeds show the course in the player; locale is passed through only when known', async () => {
  const r = await s.request('GET', `/embed/courses/${courseId}?key=${s.publishableKey}&locale=hi`, { key: null });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.text.includes(`<furrow-lesson-player course-id="${courseId}"></furrow-lesson-player>`));
  assert.match(r.text, /<html lang="hi">/);
  const odd = await s.request('GET', `/embed/courses/${courseId}?key=${s.publishableKey}&locale="><script>`, { key: null });
  assert.match(odd.text, /<html lang="en">/);
});

test('embed page: resize messages go only to an allowed parent origin', async () => {
  const r = await s.request('GET', `/embed/lessons/${lessonId}?key=${s.publishableKey}`, { key: null });
  assert.ok(r.text.includes('"allowed":["http://localhost:*","http://127.0.0.1:*"]'));
  assert.ok(r.text.includes("window.parent.postMessage({ type: cfg.messages.resize, height }, parentOrigin)"));
  assert.ok(!r.text.includes("postMessage({ type: cfg.messages.resize, height }, '*')"));
});

test('embed page: missing, secret or unknown keys and unknown lessons are HTML error pages', async () => {
  const noKey = await s.request('GET', `/embed/lessons/${lessonId}`, { key: null });
  assert.equal(noKey.status, 400);
  assert.match(noKey.headers.get('content-type')!, /text\/html/);
  assert.match(noKey.text, /publishable key/);
  const secret = await s.request('GET', `/embed/lessons/${lessonId}?key=${s.secretKey}`, { key: null });
  assert.equal(secret.status, 400);
  assert.ok(!secret.text.includes(s.secretKey), 'the secret key is never echoed');
  assert.equal((await s.request('GET', `/embed/lessons/${lessonId}?key=pk_nope`, { key: null })).status, 404);
  const missing = await s.request('GET', `/embed/lessons/les_missing?key=${s.publishableKey}`, { key: null });
  assert.equal(missing.status, 404);
  assert.match(missing.text, /Lesson not found/);
});

test('everything a course author writes is HTML-escaped in embed pages and oEmbed', async () => {
  const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
  await s.db.query(`UPDATE lessons SET title = $2, description = $2 WHERE id = $1`, [lessonId, evil]);
  try {
    const page = await s.request('GET', `/embed/lessons/${lessonId}?key=${s.publishableKey}`, { key: null });
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('<script>alert(1)'), 'no raw script from the title');
    assert.ok(!page.text.includes('<img src=x'), 'no raw img from the title');
    assert.ok(page.text.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    const o = await oembed(embedUrl('lessons', lessonId));
    assert.equal(o.body.title, evil, 'JSON title is the plain text');
    assert.ok(!o.body.html.includes('<script>'), 'the iframe html has no raw script');
    assert.ok(o.body.html.includes('title="&quot;&gt;&lt;script&gt;'));
  } finally {
    await s.db.query(`UPDATE lessons SET title = 'Restored', description = NULL WHERE id = $1`, [lessonId]);
  }
});

test('embed.js: the parent-side resize helper is served cross-origin', async () => {
  const r = await s.request('GET', '/embed.js', { key: null });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type')!, /javascript/);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.match(r.text, /furrow:resize/);
  assert.match(r.text, /e\.origin !== origin/);
  // Asks a frame for its height only from the frame's own load event (never an about:blank window).
  assert.match(r.text, /addEventListener\('load', \(e\) => \{ if \(ours\(e\.target\)\) hello\(e\.target\)/);
  assert.doesNotMatch(r.text, /\n {2}hello\(\);/);
});
