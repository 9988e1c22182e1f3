// The README's mount, end to end in Chromium: Furrow mounted under /lms in an Express app on one
// origin; a partner page on another origin that embeds a lesson the way a CMS does — it fetches
// the oEmbed answer on its server and puts the `html` in its page. The lesson renders, the iframe
// resizes to it, and nothing is asked of the Furrow origin outside /lms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import express from 'express';
import { createFurrowRouter, seedDemo } from '@furrow/server';
import { buildCdn, launchBrowser, waitFor, watchedPage } from './helpers.mjs';

const listen = (server) => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server.address().port)));
let furrow;
let router;
let partner;
let browser;
let furrowUrl;
let partnerUrl;
let lesson;
/** Every path the Furrow origin was asked for, as the host app saw it (before the mount). */
const asked = [];

before(async () => {
  buildCdn();
  const app = express();
  app.use((req, _res, next) => {
    asked.push(req.originalUrl);
    next();
  });
  app.get('/', (_req, res) => void res.send('the co-operative\'s own home page'));
  // A slow embed page: embed.js (async, small) runs while the iframe is still about:blank, the
  // moment a message to it would log an origin warning.
  app.use('/lms/embed/lessons', (_req, _res, next) => void setTimeout(next, 1000));
  furrow = createServer(app);
  furrowUrl = `http://127.0.0.1:${await listen(furrow)}`;
  router = createFurrowRouter({ database: { memory: true }, publicUrl: `${furrowUrl}/lms`, logger: { info() {}, warn() {}, error: console.error } });
  const { db } = await router.ready;
  await seedDemo(db);
  app.use('/lms', router);
  lesson = await findVideoLesson(`${furrowUrl}/lms`);

  // The partner's CMS: another origin (localhost, not 127.0.0.1), allowed by the demo key.
  partner = createServer(async (req, res) => {
    if (req.url !== '/lesson') return void res.writeHead(404).end();
    const link = `${furrowUrl}/lms/embed/lessons/${lesson.id}?key=pk_test_furrow_demo`;
    const o = await (await fetch(`${furrowUrl}/lms/oembed?url=${encodeURIComponent(link)}&format=json&maxwidth=600`)).json();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Co-op lesson</title></head>
<body><main><h1>This week's lesson</h1><div id="embed">${o.html}</div></main></body></html>`);
  });
  partnerUrl = `http://localhost:${await listen(partner)}`;
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  for (const s of [partner, furrow]) {
    s?.closeAllConnections();
    await new Promise((ok) => (s ? s.close(ok) : ok()));
  }
  await router?.close();
});

/** A demo lesson with a self-hosted video (its media come from the mount too). */
async function findVideoLesson(base) {
  const get = async (path) => (await fetch(base + path, { headers: { 'x-furrow-key': 'pk_test_furrow_demo' } })).json();
  for (const c of (await get('/v1/courses?limit=50&price=free')).data) {
    const course = await get(`/v1/courses/${c.id}`);
    for (const l of course.sections.flatMap((s) => s.lessons)) {
      const full = await get(`/v1/lessons/${l.id}`);
      if (full.video?.provider === 'self_hosted') return full;
    }
  }
  throw new Error('no free demo lesson with a self-hosted video');
}

test('a partner page embeds a lesson through the oEmbed html of a server mounted under /lms', { timeout: 120_000 }, async () => {
  const page = await watchedPage(browser);
  // Chromium reports a message sent to a frame not yet loaded as a warning, not an error.
  const warnings = [];
  page.on('console', (m) => m.type() === 'warn' && warnings.push(m.text()));
  await page.goto(`${partnerUrl}/lesson`, { waitUntil: 'load' });
  const frameOf = () => page.frames().find((f) => f.url().includes('/lms/embed/lessons/'));
  await waitFor(page, () => document.querySelector('iframe[data-furrow-embed]') !== null, { what: 'the oEmbed iframe' });
  const started = Date.now();
  while (!frameOf() && Date.now() - started < 20_000) await new Promise((r) => page.once('framenavigated', r));
  const frame = frameOf();
  assert.ok(frame, 'the embed page loads in the iframe');

  // The lesson renders inside the frame: the player shows the lesson's title and its video.
  await frame.waitForFunction((title) => {
    const root = document.querySelector('furrow-lesson-player')?.shadowRoot;
    return !!root && root.textContent.includes(title) && !!root.querySelector('video');
  }, { timeout: 30_000 }, lesson.title);
  const videoSrc = await frame.evaluate(() => document.querySelector('furrow-lesson-player').shadowRoot.querySelector('video').currentSrc || document.querySelector('furrow-lesson-player').shadowRoot.querySelector('video source, video').getAttribute('src'));
  assert.ok(videoSrc.startsWith(`${furrowUrl}/lms/media/`), `the demo video comes from the mount: ${videoSrc}`);

  // The iframe resizes to the page inside it (embed.js, from the oEmbed html, applies its reports).
  await waitFor(page, () => /^\d+px$/.test(document.querySelector('iframe[data-furrow-embed]').style.height), { what: 'embed.js to size the iframe' });
  const inner = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  await waitFor(page, (h) => document.querySelector('iframe[data-furrow-embed]').style.height === `${h}px`, { what: `the iframe height to follow its content (${inner}px)` }, inner);
  assert.notEqual(inner, 560, 'the height is the content\'s, not the oEmbed default');

  // Nothing outside /lms on the Furrow origin — asked by the browser or seen by the host app.
  const furrowRequests = page.requests.filter((u) => u.startsWith(furrowUrl + '/'));
  assert.ok(furrowRequests.some((u) => u.includes('/lms/cdn/')) && furrowRequests.some((u) => u.includes('/lms/v1/')), furrowRequests.join('\n'));
  assert.deepEqual(furrowRequests.filter((u) => !new URL(u).pathname.startsWith('/lms/')), []);
  assert.deepEqual(asked.filter((p) => !p.startsWith('/lms/')), []);
  // No console error (CSP violations and postMessage origin warnings included), no failed request.
  assert.deepEqual(page.problems(), []);
  assert.deepEqual(warnings.filter((w) => /postMessage/.test(w)), [], 'embed.js posts to a frame only after it loaded');
  await page.close();
});
