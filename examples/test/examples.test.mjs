// End to end, as a new user would: start the demo server, open each example in Chromium, do its
// main flow, and check that no console error or failed request happened on the way.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildCdn, launchBrowser, root, startDemoServer, waitFor, watchedPage } from './helpers.mjs';

let server;
let browser;

before(async () => {
  buildCdn();
  server = await startDemoServer();
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Records every furrow-* event that reaches the document, across the page's life. */
async function recordEvents(page) {
  await page.evaluateOnNewDocument(() => {
    window.__furrowEvents = [];
    for (const name of ['furrow-course-select', 'furrow-lesson-complete', 'furrow-lesson-change', 'furrow-quiz-submit', 'furrow-quiz-complete',
      'furrow-badge-select', 'furrow-checkout-complete', 'furrow-booking-confirm', 'furrow-booking-cancel']) {
      document.addEventListener(name, (e) => window.__furrowEvents.push({ type: e.type, ...Object.fromEntries(Object.keys(e).map((k) => [k, e[k]])) }), true);
    }
  });
}
const events = (page, type) => page.evaluate((t) => window.__furrowEvents.filter((e) => e.type === t), type);

/** Clicks the first element matching `selector` inside `host`'s shadow root (optionally with text). */
async function clickInShadow(page, host, selector, text) {
  await waitFor(page, (h, s, t) => [...(document.querySelector(h)?.shadowRoot?.querySelectorAll(s) ?? [])].some((el) => !t || el.textContent.includes(t)), { what: `${host} ${selector}${text ? ` "${text}"` : ''}` }, host, selector, text ?? '');
  await page.evaluate((h, s, t) => [...document.querySelector(h).shadowRoot.querySelectorAll(s)].find((el) => !t || el.textContent.includes(t)).click(), host, selector, text ?? '');
}

/** Moves the booking picker week by week (up to six) until it shows a slot whose text matches `pattern`. */
async function weekWithSlot(page, pattern) {
  for (let week = 0; week < 6; week++) {
    const found = await page.waitForFunction((re) => [...(document.querySelector('furrow-booking-picker').shadowRoot?.querySelectorAll('[part~="slot"]') ?? [])].some((b) => new RegExp(re).test(b.textContent)), { timeout: 3000 }, pattern).then(() => true, () => false);
    if (found) return;
    await page.evaluate(() => {
      const buttons = [...document.querySelector('furrow-booking-picker').shadowRoot.querySelectorAll('[part~="toolbar"] button')];
      (buttons.find((b) => /next/i.test(b.getAttribute('aria-label') ?? b.textContent)) ?? buttons.at(-1))?.click();
    });
  }
}

test('index page lists every example and links the docs', async () => {
  const page = await watchedPage(browser);
  await page.goto(`${server.url}/`, { waitUntil: 'networkidle0' });
  const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
  for (const href of ['/script-tag/', '/npm-app/', '/cms-plugin/', '/docs/']) assert.ok(links.includes(href), `links ${href}`);
  assert.deepEqual(page.problems(), []);
  await page.close();
});

describe('script-tag: the co-operative site', () => {
  let page;
  before(async () => {
    page = await watchedPage(browser);
    await recordEvents(page);
    await page.goto(`${server.url}/script-tag/`, { waitUntil: 'networkidle0' });
  });
  after(() => page?.close());

  test('the booking picker stays out of sight until a course names its instructor', async () => {
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('furrow-booking-picker')).display), 'none');
    assert.match(await page.$eval('#expert-hint', (e) => e.textContent), /Choose a course/);
  });

  test('only one script tag brings Furrow in', async () => {
    const scripts = await page.$$eval('script[src]', (s) => s.map((x) => x.getAttribute('src')));
    assert.deepEqual(scripts.filter((s) => s.includes('cdn')), ['/cdn/furrow.js']);
  });

  test('sign in with the demo learner; the header shows points', async () => {
    await waitFor(page, () => !!document.querySelector('furrow-provider')?.client, { what: 'the provider' });
    await page.click('#signin button[type=submit]');
    await waitFor(page, () => !document.querySelector('#points').hidden, { what: 'points in the header' });
    assert.match(await page.$eval('#who-name', (e) => e.textContent), /Asha/);
    // What the learner sees: the name and points, no more sign-in form.
    assert.equal(await page.$eval('#signin', (e) => getComputedStyle(e).display), 'none');
    assert.notEqual(await page.$eval('#who', (e) => getComputedStyle(e).display), 'none');
  });

  test('browse: the catalog lists courses; choosing one opens the lesson player', async () => {
    await clickInShadow(page, 'furrow-course-catalog', '[part~="card"]:not([part~="skeleton"])');
    await waitFor(page, () => window.__furrowEvents.some((e) => e.type === 'furrow-course-select'), { what: 'furrow-course-select' });
    await waitFor(page, () => !document.querySelector('#learn').hidden, { what: 'the learn section' });
    await waitFor(page, () => customElements.get('furrow-lesson-player') && document.querySelector('furrow-lesson-player').shadowRoot?.textContent.trim().length > 0, { what: 'the lesson player' });
  });

  test('quiz: answer and submit; furrow-quiz-complete updates the header', async () => {
    // Pick a course with a quiz through the API the page itself uses, then answer every question.
    await waitFor(page, () => !!customElements.get('furrow-quiz'), { what: '<furrow-quiz> to be defined' });
    const quizId = await page.evaluate(async () => {
      const client = document.querySelector('furrow-provider').client;
      for await (const c of client.courses.list({ price: 'free' })) {
        const course = await client.courses.retrieve(c.id);
        const l = course.sections.flatMap((s) => s.lessons).find((x) => x.quizId);
        if (!l) continue;
        // What the learner's "Enrol" click in the player does; quizzes are for enrolled learners.
        await client.enrollments.create(course.id).catch((e) => { if (e.code !== 'already_enrolled') throw e; });
        return l.quizId;
      }
      return null;
    });
    assert.ok(quizId, 'the demo data has a quiz in a free course');
    await page.evaluate((id) => { document.querySelector('#quiz-box').hidden = false; document.querySelector('furrow-quiz').setAttribute('quiz-id', id); }, quizId);
    await clickInShadow(page, 'furrow-quiz', '[part~="intro"] button');
    for (let i = 0; i < 30; i++) {
      const done = await page.evaluate(() => !!document.querySelector('furrow-quiz').shadowRoot.querySelector('[part~="result"]'));
      if (done) break;
      await page.evaluate(() => {
        const root = document.querySelector('furrow-quiz').shadowRoot;
        const option = root.querySelector('[part~="question"] input[type=radio], [part~="question"] input[type=checkbox]');
        if (option && !root.querySelector('[part~="question"] input:checked')) option.click();
        const answer = root.querySelector('[part~="answer"]');
        if (answer && !answer.value) { answer.value = 'Compost and crop rotation'; answer.dispatchEvent(new Event('input', { bubbles: true })); }
        const buttons = [...root.querySelectorAll('[part~="nav"] button')].filter((b) => !b.disabled);
        (buttons.find((b) => /submit|finish/i.test(b.textContent)) ?? buttons.at(-1))?.click();
      });
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitFor(page, () => window.__furrowEvents.some((e) => e.type === 'furrow-quiz-complete'), { what: 'furrow-quiz-complete' });
    assert.equal((await events(page, 'furrow-quiz-submit')).length >= 1, true);
  });

  test('badges: the shelf shows the learner\'s badges', async () => {
    await waitFor(page, () => !!document.querySelector('furrow-badge-shelf')?.shadowRoot?.querySelector('[part~="badge"], [part~="empty"]'), { what: 'the badge shelf' });
  });

  test('sandbox purchase: checkout a paid course in TEST MODE', async () => {
    await waitFor(page, () => !!customElements.get('furrow-checkout'), { what: '<furrow-checkout> to be defined' });
    const courseId = await page.evaluate(async () => (await document.querySelector('furrow-provider').client.courses.list({ price: 'paid', limit: 1 })).data[0].id);
    await page.evaluate((id) => { document.querySelector('#buy-box').hidden = false; document.querySelector('furrow-checkout').setAttribute('course-id', id); }, courseId);
    const toSandbox = page.waitForNavigation({ waitUntil: 'networkidle0', timeout: 30_000 });
    await clickInShadow(page, 'furrow-checkout', 'button[part~="button"]');
    // The TEST MODE badge is shown before the redirect, so nobody mistakes it for a real payment.
    await waitFor(page, () => !!document.querySelector('furrow-checkout').shadowRoot?.querySelector('[part~="test-mode"]'), { what: 'the TEST MODE badge' });
    await toSandbox;
    assert.match(page.url(), /\/sandbox\/checkout\//);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button.pay')]);
    assert.match(page.url(), /\/script-tag\//, 'back on the co-op site');
    await waitFor(page, () => window.__furrowEvents.some((e) => e.type === 'furrow-checkout-complete' && e.status === 'paid'), { what: 'furrow-checkout-complete (paid)', timeout: 30_000 });
  });

  test('booking: pick a slot with the instructor and confirm', async () => {
    if (!new URL(page.url()).pathname.startsWith('/script-tag/')) await page.goto(`${server.url}/script-tag/`, { waitUntil: 'networkidle0' });
    await waitFor(page, () => !!customElements.get('furrow-booking-picker'), { what: '<furrow-booking-picker> to be defined' });
    const instructorId = await page.evaluate(async () => {
      const client = document.querySelector('furrow-provider').client;
      const { data } = await client.bookings.slots.list({ limit: 1 });
      return data[0]?.instructorId ?? null;
    });
    assert.ok(instructorId, 'the demo data has open slots');
    await page.evaluate((id) => document.querySelector('furrow-booking-picker').setAttribute('instructor-id', id), instructorId);
    // The picker shows one week; the learner moves forward to the first week with an open slot.
    await weekWithSlot(page, '');
    await clickInShadow(page, 'furrow-booking-picker', '[part~="slot"]');
    await clickInShadow(page, 'furrow-booking-picker', '[part~="panel"] [part~="button"]');
    await waitFor(page, () => window.__furrowEvents.some((e) => e.type === 'furrow-booking-confirm'), { what: 'furrow-booking-confirm' });
  });

  test('paid call: book, pay in the sandbox, come back — the picker confirms the payment', async () => {
    // A fresh visit (the learner stays signed in for the tab): the last test's booking may still
    // be on its way to a payment page.
    await page.goto(`${server.url}/script-tag/`, { waitUntil: 'networkidle0' });
    await waitFor(page, () => !document.querySelector('#who').hidden, { what: 'still signed in' });
    const slot = await page.evaluate(async () => {
      const client = document.querySelector('furrow-provider').client;
      const { data } = await client.bookings.slots.list({ limit: 100 });
      const s = data.find((x) => x.price.amount > 0);
      return s && { instructorId: s.instructorId, courseId: s.courseId };
    });
    assert.ok(slot, 'the demo data has a paid slot');
    // Choosing the slot's course (as a click on its card does) puts the instructor's picker on the page.
    await page.evaluate((courseId) => {
      const e = new Event('furrow-course-select', { bubbles: true, composed: true });
      e.courseId = courseId;
      document.querySelector('furrow-course-catalog').dispatchEvent(e);
    }, slot.courseId);
    await waitFor(page, (id) => document.querySelector('furrow-booking-picker').getAttribute('instructor-id') === id, { what: 'the picker for the course instructor' }, slot.instructorId);
    await weekWithSlot(page, '[₹$]');
    await page.evaluate(() => [...document.querySelector('furrow-booking-picker').shadowRoot.querySelectorAll('[part~="slot"]')].find((b) => /[₹$]/.test(b.textContent)).click());

    const toSandbox = page.waitForNavigation({ waitUntil: 'networkidle0', timeout: 30_000 });
    await clickInShadow(page, 'furrow-booking-picker', '[part~="panel"] [part~="button"]');
    await toSandbox;
    assert.match(page.url(), /\/sandbox\/checkout\//);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button.pay')]);
    assert.match(page.url(), /\/script-tag\//, 'back on the co-op site (the return parameters are cleaned from the address once handled)');
    // The page reopens that instructor's picker from the return link; it confirms and says so.
    await waitFor(page, () => /Payment received/.test(document.querySelector('furrow-booking-picker')?.shadowRoot?.textContent ?? ''), { what: 'the picker confirming the payment', timeout: 30_000 });
    await waitFor(page, () => window.__furrowEvents.some((e) => e.type === 'furrow-booking-confirm' && e.status === 'confirmed'), { what: 'furrow-booking-confirm (confirmed)' });
  });

  test('no console errors and no failed requests during the whole flow', () => {
    assert.deepEqual(page.problems(), []);
  });
});

describe('npm-app: the SDK alone', () => {
  test('Node: cli.mjs lists courses, enrols and saves progress', () => {
    const r = spawnSync(process.execPath, ['--conditions=furrow-src', '--import', 'tsx', 'examples/npm-app/cli.mjs', '--base-url', server.url, '--json'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    assert.ok(out.courses.length > 0);
    assert.ok(out.progress.lessonsCompleted >= 1);
    assert.ok(out.progress.lessons.some((l) => l.lessonId === out.completedLesson && l.completedAt), 'the lesson is completed on the server');
  });

  test('browser: the bundled page lists courses, signs in, enrols and saves progress', async () => {
    const page = await watchedPage(browser);
    await page.goto(`${server.url}/npm-app/`, { waitUntil: 'networkidle0' });
    const scripts = await page.$$eval('script[src]', (s) => s.map((x) => x.getAttribute('src')));
    assert.deepEqual(scripts, ['./dist/app.js'], 'no CDN, no elements');
    await page.waitForSelector('#courses li button');
    await page.click('#login');
    await page.waitForFunction(() => /Signed in as/.test(document.querySelector('#status').textContent));
    await page.click('#courses li button');
    await page.waitForFunction(() => /Saved: .* complete/.test(document.querySelector('#status').textContent));
    assert.equal(await page.evaluate(() => customElements.get('furrow-provider')), undefined);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});

describe('cms-plugin: oEmbed and the iframe embed', () => {
  test('a pasted lesson link becomes a player in an iframe that resizes to its content', async () => {
    const page = await watchedPage(browser);
    await page.goto(`${server.url}/cms-plugin/`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#frame iframe[data-furrow-embed]');
    const oembed = JSON.parse(await page.$eval('#oembed', (e) => e.textContent));
    assert.equal(oembed.type, 'rich');
    const frame = await (await page.$('#frame iframe')).contentFrame();
    await frame.waitForFunction(() => customElements.get('furrow-lesson-player') && document.querySelector('furrow-lesson-player').shadowRoot?.textContent.trim().length > 0, { timeout: 20_000 });
    // The page reported its height: the iframe's style height was set by /embed.js.
    await page.waitForFunction(() => /px$/.test(document.querySelector('#frame iframe').style.height), { timeout: 10_000 });
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
});
