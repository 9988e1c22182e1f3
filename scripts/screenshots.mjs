#!/usr/bin/env node
// Screenshots of Furrow elements in en and hi, light and dark tokens, against the demo server:
//   node scripts/screenshots.mjs [element …]
// Writes docs/screenshots/<name>-<locale>-<theme>.png (element-sized clip, 1x, 390 px wide
// phone viewport for narrow elements). Add an element by adding an entry to SHOTS.
import { build } from 'esbuild';
import { esbuildAsShipped } from './lib/as-shipped.mjs';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { startFurrowServer } from './wtr-furrow-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = `${root}docs/screenshots`;

const DARK = `--furrow-color-primary:#7fd19b;--furrow-color-on-primary:#0d1f14;--furrow-color-surface:#1d2320;--furrow-color-background:#121714;--furrow-color-text:#e8efe9;--furrow-color-muted:#b5c2b9;--furrow-color-border:#3c4a41;--furrow-color-danger:#ff8a80;--furrow-color-success:#7fd19b;--furrow-color-warning:#ffd180;`;

async function api(env, method, path, { token, body, key } = {}) {
  const r = await fetch(env.baseUrl + path, {
    method,
    headers: { 'x-furrow-key': key ?? env.publishableKey, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * Each shot: the element's markup (given demo ids and a signed-in token), the viewport width,
 * and what to wait for / do before the capture (runs in the page).
 */
const SHOTS = {
  'course-catalog': {
    width: 1024,
    markup: () => '<furrow-course-catalog page-size="6"></furrow-course-catalog>',
    ready: "el.shadowRoot.querySelectorAll('button[part~=card]').length >= 6",
  },
  'lesson-player': {
    width: 1024,
    markup: (d) => `<furrow-lesson-player course-id="${d.soil}" lesson-id="${d.textLesson}"></furrow-lesson-player>`,
    ready: "el.shadowRoot.querySelector('[part=body] h3')",
    token: true,
  },
  quiz: {
    width: 390,
    markup: (d) => `<furrow-quiz quiz-id="${d.quiz}"></furrow-quiz>`,
    ready: "el.shadowRoot.querySelector('[part=question]')",
    token: true,
    before: "[...el.shadowRoot.querySelectorAll('button')].find((b) => b.textContent.trim().length && !b.disabled)?.click()",
  },
  'badge-shelf': {
    width: 1024,
    markup: () => '<furrow-badge-shelf></furrow-badge-shelf>',
    ready: "el.shadowRoot.querySelector('[part=summary]')",
    token: true,
    // Some progress: the soil course's lessons without a quiz (points, a badge, a streak).
    async setup(env, token, d) {
      const course = await api(env, 'GET', `/v1/courses/${d.soil}`, { token });
      for (const l of course.sections.flatMap((s) => s.lessons).filter((l) => !l.quizId)) await api(env, 'POST', `/v1/lessons/${l.id}/complete`, { token }).catch(() => {});
    },
  },
  checkout: {
    width: 390,
    markup: (d) => `<furrow-checkout course-id="${d.paid}"></furrow-checkout>`,
    ready: "el.shadowRoot.querySelector('[part=button]')",
    token: true,
  },
  'booking-picker': {
    width: 1024,
    markup: (d) => `<furrow-booking-picker instructor-id="${d.instructor}" time-zone="Asia/Kolkata"></furrow-booking-picker>`,
    ready: "el.shadowRoot.querySelector('[part=slot]') && el.shadowRoot.querySelector('[part=bookings]')",
    token: true,
    before: "el.shadowRoot.querySelectorAll('.toolbar button')[1].click()",
  },
};

/** Ids the commerce shots need: a paid course with a discount, an instructor with open slots this week. */
async function commerceDemo(env, d) {
  const all = await api(env, 'GET', '/v1/courses?limit=100');
  d.paid = all.data.find((c) => c.title.startsWith('Making Vermicompost'))?.id ?? all.data.find((c) => !c.isFree).id;
  const sunita = await api(env, 'POST', '/v1/auth/login', { body: { email: 'sunita@furrow.demo', password: 'furrow-teach-demo' } });
  d.instructor = sunita.user.id;
  const week = await api(env, 'GET', `/v1/slots?instructorId=${d.instructor}&to=${new Date(Date.now() + 7 * 86_400_000).toISOString()}`);
  if (week.data.length < 3) {
    // No seeded office hours: publish a few (IST mornings and evenings over the next days).
    for (const [day, hour, price, notes] of [[1, 10, 0, 'Free soil test Q&A'], [2, 17, 19900, 'गांडूळ खत प्रकल्पाची मदत'], [3, 11, 29900, 'ड्रिप सिंचाई सलाह'], [5, 9, 0, 'खरीप पेरणी सल्ला']]) {
      const start = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + day, hour, 0) - 330 * 60_000);
      await api(env, 'POST', '/v1/slots', { token: sunita.token, body: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(), price: { amount: price, currency: 'INR' }, notes } }).catch(() => {});
    }
  }
}

const wanted = process.argv.slice(2).filter((a) => SHOTS[a]);
const names = wanted.length ? wanted : Object.keys(SHOTS);

const furrow = await startFurrowServer();
const env = furrow.env;
const http = createServer();
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  // Demo ids: the free soil-testing course, its text lesson and its quiz.
  const list = await api(env, 'GET', '/v1/courses?q=Soil%20Testing');
  const course = await api(env, 'GET', `/v1/courses/${list.data[0].id}`);
  const lessons = course.sections.flatMap((s) => s.lessons);
  const demo = { soil: course.id, textLesson: lessons.find((l) => l.contentType === 'text').id, quiz: lessons.find((l) => l.contentType === 'quiz').quizId };
  if (names.some((n) => n === 'checkout' || n === 'booking-picker')) await commerceDemo(env, demo);

  const bundles = {};
  for (const name of names) {
    const r = await build({
      stdin: { contents: `import './provider/provider.ts'; import './${name}/${name}.ts';`, resolveDir: `${root}packages/elements/src`, loader: 'ts' },
      bundle: true, format: 'esm', write: false, conditions: ['furrow-src'], platform: 'browser', logLevel: 'silent', tsconfig: `${root}tsconfig.base.json`, plugins: [esbuildAsShipped()],
    });
    bundles[name] = r.outputFiles[0].text;
  }
  http.on('request', (req, res) => {
    const u = new URL(req.url, 'http://x');
    const name = u.searchParams.get('el');
    if (!SHOTS[name]) return res.writeHead(404).end(); // favicon and the like
    if (u.pathname === '/el.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(bundles[name]);
    }
    const dark = u.searchParams.get('theme') === 'dark';
    const provider = `publishable-key="${env.publishableKey}" base-url="${env.baseUrl}" locale="${u.searchParams.get('locale')}" ${u.searchParams.get('token') ? `token="${u.searchParams.get('token')}"` : ''}`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>body{margin:0;padding:16px;${dark ? `background:#121714;${DARK}` : 'background:#f4f6f4;'}}</style>
<script type="module" src="/el.js?el=${name}"></script></head>
<body><furrow-provider ${provider}><div id="host">${SHOTS[name].markup(demo)}</div></furrow-provider></body></html>`);
  });
  await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${http.address().port}/`;
  mkdirSync(out, { recursive: true });

  for (const name of names) {
    const shot = SHOTS[name];
    let token = '';
    if (shot.token) {
      const t = await api(env, 'POST', '/v1/embed-tokens', { key: furrow.secretKey, body: { externalId: `shot-${name}-${Date.now()}`, name: 'Asha Patil', email: `shot-${name}-${Date.now()}@example.org` } });
      token = t.token;
      await api(env, 'POST', `/v1/courses/${demo.soil}/enroll`, { token });
      await shot.setup?.(env, token, demo);
    }
    for (const locale of ['en', 'hi']) {
      for (const theme of ['light', 'dark']) {
        const page = await browser.newPage();
        await page.setViewport({ width: shot.width, height: 900, deviceScaleFactor: 1 });
        await page.goto(`${base}?el=${name}&locale=${locale}&theme=${theme}&token=${token}`);
        const tag = `furrow-${name}`;
        if (shot.before) {
          await page.waitForFunction(`(() => { const el = document.querySelector('${tag}'); return el && el.shadowRoot && [...el.shadowRoot.querySelectorAll('button')].length; })()`, { timeout: 30_000 });
          await page.evaluate(`(() => { const el = document.querySelector('${tag}'); ${shot.before}; })()`);
        }
        await page.waitForFunction(`(() => { const el = document.querySelector('${tag}'); return el && el.shadowRoot && (${shot.ready}); })()`, { timeout: 30_000 });
        await new Promise((r) => setTimeout(r, 300)); // fonts and images settle
        const el = await page.$(tag);
        const file = `${out}/${name}-${locale}-${theme}.png`;
        await el.screenshot({ path: file });
        console.log('wrote', file.slice(root.length));
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  http.close();
  await furrow.stop();
}
