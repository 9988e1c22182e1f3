// The elements issue's "Done when": a learner uses the plain HTML page (one provider, all six
// elements, the CDN loader) in Hindi, by keyboard alone. After the page loads, the learner only
// presses keys (Tab, Shift+Tab, Enter, Space, arrows) and types; the test reads the page to know
// where focus is and what it shows, and asks the API (as the page's own script could) which
// course card to aim for, but never clicks and never calls focus().
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildCdn, launchBrowser, startDemoServer, waitFor, watchedPage } from './helpers.mjs';

const STEP = 60_000; // the machine is slow: generous per-step timeouts
const DEVANAGARI = /[\u0900-\u097F]/;

let server;
let browser;
let page;

before(async () => {
  buildCdn();
  server = await startDemoServer();
  browser = await launchBrowser();
  page = await watchedPage(browser);
  page.setDefaultTimeout(STEP);
  await page.setViewport({ width: 1280, height: 900 });
  await page.evaluateOnNewDocument(() => {
    window.__furrowEvents = [];
    for (const name of ['furrow-course-select', 'furrow-lesson-complete', 'furrow-lesson-change', 'furrow-quiz-submit', 'furrow-quiz-complete',
      'furrow-badge-select', 'furrow-checkout-complete', 'furrow-booking-confirm', 'furrow-booking-cancel']) {
      document.addEventListener(name, (e) => window.__furrowEvents.push({ type: e.type, ...Object.fromEntries(Object.keys(e).map((k) => [k, e[k]])) }), true);
    }
  });
}, { timeout: 240_000 });

after(async () => {
  await page?.close();
  await browser?.close();
  await server?.stop();
});

const waitEvent = (type, what = type, extra = {}) =>
  waitFor(page, (t, x) => window.__furrowEvents.some((e) => e.type === t && Object.entries(x).every(([k, v]) => e[k] === v)), { what, timeout: STEP }, type, extra);

/**
 * What has focus, deep through shadow roots: its host element's tag (null in the page itself),
 * whether it matches `target` ({ host, selector, text, topLevelHost }), and how its focus shows.
 */
function focused(target) {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  if (!a || a === document.body) return { hit: false, desc: 'body' };
  const root = a.getRootNode();
  const host = root instanceof ShadowRoot ? root.host : null;
  const cs = getComputedStyle(a);
  const desc = `${host ? `${host.localName} >> ` : ''}${a.localName}${a.id ? `#${a.id}` : ''}${a.getAttribute('part') ? `[part=${a.getAttribute('part')}]` : ''} "${(a.textContent || a.value || '').trim().slice(0, 40)}"`;
  let hit = !!target && (host?.localName ?? null) === (target.host ?? null) && a.matches(target.selector) && (!target.text || a.textContent.includes(target.text));
  // The page-level element, not one nested in another element's shadow root (the player nests a quiz and a checkout).
  if (hit && host && target.topLevel) hit = host.getRootNode() === document;
  return { hit, desc, focusVisible: a.matches(':focus-visible'), outline: `${cs.outlineStyle} ${cs.outlineWidth}`, outlineStyle: cs.outlineStyle, boxShadow: cs.boxShadow };
}

/** Presses Tab (or Shift+Tab) until `target` has focus; asserts its focus is visible. */
async function tabTo(target, { back = false, max = 150, what = target.selector } = {}) {
  const seen = [];
  for (let i = 0; i <= max; i++) {
    const f = await page.evaluate(focused, target);
    if (f.hit) {
      if (process.env.FURROW_KEYS_DEBUG) console.log(`  ${what}: ${i} ${back ? 'Shift+Tab' : 'Tab'} → ${f.desc} (outline ${f.outline})`);
      assert.ok(f.focusVisible, `${what}: focus is :focus-visible (${f.desc})`);
      assert.ok(f.outlineStyle !== 'none' || (f.boxShadow && f.boxShadow !== 'none'), `${what}: focus ring is drawn (${f.desc}: outline ${f.outline}, box-shadow ${f.boxShadow})`);
      return f;
    }
    seen.push(f.desc);
    if (back) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
    } else {
      await page.keyboard.press('Tab');
    }
  }
  throw new Error(`could not Tab to ${what} in ${max} presses; focus went through:\n${seen.slice(-40).join('\n')}`);
}

/** The element's shadow text (or the page's text with no host). */
const shadowText = (host) => page.evaluate((h) => document.querySelector(h)?.shadowRoot?.textContent ?? '', host);

describe('keyboard only, in Hindi: the co-operative site with all six elements', () => {
  let freeCourse;
  let paidCourse;

  test('the page opens in Hindi with ?lang=hi (the language switch shows हिन्दी)', { timeout: STEP * 2 }, async () => {
    await page.goto(`${server.url}/script-tag/?lang=hi`, { waitUntil: 'networkidle0', timeout: STEP });
    await waitFor(page, () => /कोर्स खोजें/.test(document.querySelector('furrow-course-catalog')?.shadowRoot?.textContent ?? ''), { what: 'the catalog in Hindi', timeout: STEP });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'hi');
    assert.equal(await page.$eval('#lang', (s) => s.value), 'hi');
    assert.equal(await page.$eval('furrow-provider', (p) => p.getAttribute('locale')), 'hi');
    // The search field's label and the buttons are in Devanagari.
    const label = await page.evaluate(() => {
      const root = document.querySelector('furrow-course-catalog').shadowRoot;
      const input = root.querySelector('input[type=search], [part~="search"] input');
      return (input?.labels?.[0]?.textContent ?? input?.getAttribute('aria-label') ?? '') + ' ' + (input?.placeholder ?? '');
    });
    assert.match(label, DEVANAGARI, `search label in Hindi: ${label}`);
    const buttons = await page.evaluate(() => [...document.querySelector('furrow-course-catalog').shadowRoot.querySelectorAll('button:not([part~="card"])')].map((b) => b.textContent.trim()).filter(Boolean));
    assert.ok(buttons.length === 0 || buttons.some((b) => DEVANAGARI.test(b)), `catalog buttons in Hindi: ${buttons.join(' | ')}`);
  });

  test('sign in by keyboard: Tab into the form, type, Enter', { timeout: STEP * 2 }, async () => {
    await waitFor(page, () => !!document.querySelector('furrow-provider')?.client, { what: 'the provider', timeout: STEP });
    await tabTo({ selector: '#signin input[name=email]' }, { what: 'the email field' });
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.type('learner@furrow.demo');
    await page.keyboard.press('Tab');
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.type('furrow-learn-demo');
    await page.keyboard.press('Enter');
    await waitFor(page, () => !document.querySelector('#points').hidden, { what: 'points in the header', timeout: STEP });
    assert.match(await page.$eval('#who-name', (e) => e.textContent), /Asha/);
  });

  test('browse: Tab to a course card, Enter; the lesson player opens in Hindi', { timeout: STEP * 4 }, async () => {
    await waitFor(page, () => document.querySelector('furrow-course-catalog').shadowRoot.querySelectorAll('[part~="card"][data-course-id]').length > 0, { what: 'course cards', timeout: STEP });
    // Which of the listed courses are free with a quiz, and paid (what the learner would read on the cards).
    ({ freeCourse, paidCourse } = await page.evaluate(async () => {
      const client = document.querySelector('furrow-provider').client;
      const ids = [...document.querySelector('furrow-course-catalog').shadowRoot.querySelectorAll('[part~="card"][data-course-id]')].map((c) => c.dataset.courseId);
      let free = null;
      let paid = null;
      const slots = await client.bookings.slots.list({ limit: 100 });
      const withSlots = new Set(slots.data.map((s) => s.instructorId));
      for (const id of ids) {
        const c = await client.courses.retrieve(id);
        const lessons = (c.sections ?? []).flatMap((s) => s.lessons ?? []);
        const isPaid = c.price && c.price.amount > 0;
        const instructorId = c.instructor?.id ?? c.instructorId;
        if (!isPaid && !free && lessons.length >= 2 && lessons.some((l) => l.quizId)) free = id;
        if (isPaid && !paid && withSlots.has(instructorId)) paid = id;
        if (free && paid) break;
      }
      return { freeCourse: free, paidCourse: paid };
    }));
    assert.ok(freeCourse, 'the catalog lists a free course with a quiz');
    assert.ok(paidCourse, 'the catalog lists a paid course whose instructor has open slots');

    await tabTo({ host: 'furrow-course-catalog', selector: `[part~="card"][data-course-id="${freeCourse}"]` }, { what: 'the free course card', max: 250 });
    await page.keyboard.press('Enter');
    await waitEvent('furrow-course-select', 'furrow-course-select', { courseId: freeCourse });
    await waitFor(page, () => !document.querySelector('#learn').hidden, { what: 'the learn section', timeout: STEP });
    await waitFor(page, () => customElements.get('furrow-lesson-player') && !!document.querySelector('furrow-lesson-player').shadowRoot?.querySelector('[part~="lesson-title"]'), { what: 'the lesson player', timeout: STEP });
    assert.match(await shadowText('furrow-lesson-player'), DEVANAGARI, 'the player speaks Hindi');
  });

  test('lessons: next lesson, enrol where asked, mark complete, previous lesson — by keyboard', { timeout: STEP * 8 }, async () => {
    const title = () => page.evaluate(() => document.querySelector('furrow-lesson-player').shadowRoot.querySelector('[part~="lesson-title"]')?.textContent.trim());
    const locked = () => page.evaluate(() => !!document.querySelector('furrow-lesson-player').shadowRoot.querySelector('[part~="locked"] button'));
    const first = await title();
    // Forward with "अगला पाठ" (next lesson) until a lesson asks the learner to enrol (free courses
    // open their first lessons as previews), then enrol with "मुफ़्त नामांकन करें".
    let moves = 0;
    for (let i = 0; i < 6 && !(await locked()); i++) {
      const here = await title();
      const hasNext = await page.evaluate(() => [...document.querySelector('furrow-lesson-player').shadowRoot.querySelectorAll('[part~="nav"] button')].some((b) => b.textContent.includes('अगला पाठ')));
      if (!hasNext) break;
      await tabTo({ host: 'furrow-lesson-player', selector: '[part~="nav"] button', text: 'अगला पाठ' }, { what: 'the next-lesson button' });
      await page.keyboard.press('Enter');
      await waitFor(page, (t) => document.querySelector('furrow-lesson-player').shadowRoot.querySelector('[part~="lesson-title"]')?.textContent.trim() !== t, { what: 'the next lesson', timeout: STEP }, here);
      moves++;
      await waitFor(page, (n) => window.__furrowEvents.filter((e) => e.type === 'furrow-lesson-change').length >= n, { what: `furrow-lesson-change #${moves}`, timeout: STEP }, moves);
    }
    assert.ok(moves >= 1, 'moved to the next lesson');
    if (await locked()) {
      await tabTo({ host: 'furrow-lesson-player', selector: '[part~="locked"] button', text: 'नामांकन' }, { what: 'the enrol button', back: true });
      await page.keyboard.press('Enter');
      await waitFor(page, () => !document.querySelector('furrow-lesson-player').shadowRoot.querySelector('[part~="locked"]') && !!document.querySelector('furrow-lesson-player').shadowRoot.querySelector('[part~="lesson-title"]'), { what: 'the lesson unlocked', timeout: STEP });
    }
    // Enrolled: mark this lesson complete.
    await waitFor(page, () => !!document.querySelector('furrow-lesson-player').shadowRoot.querySelector('[part~="complete"]'), { what: '"mark complete"', timeout: STEP });
    await tabTo({ host: 'furrow-lesson-player', selector: '[part~="complete"]', text: 'पूरा हुआ' }, { what: '"mark complete"', back: true });
    await page.keyboard.press('Enter');
    await waitEvent('furrow-lesson-complete');

    // And back with "पिछला पाठ" (previous lesson).
    const here = await title();
    await tabTo({ host: 'furrow-lesson-player', selector: '[part~="nav"] button', text: 'पिछला पाठ' }, { what: 'the previous-lesson button' });
    await page.keyboard.press('Enter');
    await waitFor(page, (t) => document.querySelector('furrow-lesson-player').shadowRoot.querySelector('[part~="lesson-title"]')?.textContent.trim() !== t, { what: 'the previous lesson', timeout: STEP }, here);
    await waitFor(page, (n) => window.__furrowEvents.filter((e) => e.type === 'furrow-lesson-change').length > n, { what: 'furrow-lesson-change (previous)', timeout: STEP }, moves);
    if (moves === 1) assert.equal(await title(), first);
  });

  test('quiz: start, choose with Space and arrows, submit with Enter; the result shows', { timeout: STEP * 8 }, async () => {
    await waitFor(page, () => !document.querySelector('#quiz-box').hidden && !!document.querySelector('furrow-quiz').shadowRoot?.querySelector('[part~="intro"] button'), { what: 'the quiz intro', timeout: STEP });
    assert.match(await shadowText('furrow-quiz'), /प्रश्नोत्तरी शुरू करें/);
    await tabTo({ host: 'furrow-quiz', selector: '[part~="intro"] button', topLevel: true }, { what: 'the start-quiz button', max: 250 });
    await page.keyboard.press('Enter');
    const quizState = () => page.evaluate(() => {
      const root = document.querySelector('furrow-quiz').shadowRoot;
      const q = root.querySelector('[part~="question"]');
      return {
        result: !!root.querySelector('[part~="result-heading"]'),
        question: q?.dataset.questionId ?? null,
        radios: q ? q.querySelectorAll('input[type=radio]').length : 0,
        text: q ? !!q.querySelector('[part~="answer"]') : false,
      };
    });
    await waitFor(page, () => !!document.querySelector('furrow-quiz').shadowRoot.querySelector('[part~="question"]'), { what: 'the first question', timeout: STEP });
    for (let i = 0; i < 30; i++) {
      const s = await quizState();
      if (s.result) break;
      if (!s.question) {
        await new Promise((r) => setTimeout(r, 300));
        continue;
      }
      if (s.radios) {
        await tabTo({ host: 'furrow-quiz', selector: '[part~="question"] input[type=radio]', topLevel: true }, { what: 'an answer option' });
        await page.keyboard.press('Space');
        if (s.radios > 1) {
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('ArrowUp');
        }
        assert.ok(await page.evaluate(() => !!document.querySelector('furrow-quiz').shadowRoot.querySelector('[part~="question"] input:checked')), 'Space and the arrows chose an option');
      } else if (s.text) {
        await tabTo({ host: 'furrow-quiz', selector: '[part~="answer"]', topLevel: true }, { what: 'the answer field' });
        await page.keyboard.type('खाद और फसल चक्र');
      }
      await tabTo({ host: 'furrow-quiz', selector: '[part~="nav"] button.btn:not(.secondary)', topLevel: true }, { what: 'next / submit' });
      const last = await page.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a.type === 'submit';
      });
      await page.keyboard.press(last ? 'Enter' : 'Space');
      await waitFor(page, (q) => {
        const root = document.querySelector('furrow-quiz').shadowRoot;
        return !!root.querySelector('[part~="result-heading"]') || (root.querySelector('[part~="question"]')?.dataset.questionId ?? q) !== q;
      }, { what: 'the next question or the result', timeout: STEP }, s.question);
    }
    await waitEvent('furrow-quiz-submit');
    await waitEvent('furrow-quiz-complete');
    const heading = await page.evaluate(() => document.querySelector('furrow-quiz').shadowRoot.querySelector('[part~="result-heading"]')?.textContent.trim());
    assert.match(heading, /प्रश्नोत्तरी का परिणाम/, `result heading in Hindi: ${heading}`);
    // The result heading takes focus, so a screen reader reads it and Tab goes on from there.
    assert.equal(await page.evaluate(() => document.querySelector('furrow-quiz').shadowRoot.activeElement?.getAttribute('part')), 'result-heading');
  });

  test('badges: Tab to the shelf, Enter opens a badge', { timeout: STEP * 3 }, async () => {
    await waitFor(page, () => !!document.querySelector('furrow-badge-shelf')?.shadowRoot?.querySelector('button[part~="badge"]'), { what: 'badges on the shelf', timeout: STEP });
    assert.match(await shadowText('furrow-badge-shelf'), DEVANAGARI, 'the shelf speaks Hindi');
    const f = await tabTo({ host: 'furrow-badge-shelf', selector: 'button[part~="badge"]' }, { what: 'a badge', max: 250 });
    await page.keyboard.press('Enter');
    await waitEvent('furrow-badge-select');
    const open = await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      const detail = a.getRootNode().getElementById(a.getAttribute('aria-controls'));
      return { expanded: a.getAttribute('aria-expanded'), shown: !!detail && !detail.hidden };
    });
    assert.deepEqual(open, { expanded: 'true', shown: true }, `the badge's details open (${f.desc})`);
  });

  test('checkout: choose a paid course, Enter on buy, Tab to "Pay" on the TEST MODE page, Enter', { timeout: STEP * 8 }, async () => {
    await tabTo({ host: 'furrow-course-catalog', selector: `[part~="card"][data-course-id="${paidCourse}"]` }, { what: 'the paid course card', back: true, max: 400 });
    await page.keyboard.press('Enter');
    await waitEvent('furrow-course-select', 'furrow-course-select (paid course)', { courseId: paidCourse });
    await waitFor(page, () => !document.querySelector('#buy-box').hidden && !!document.querySelector('furrow-checkout').shadowRoot?.querySelector('button[part~="button"]'), { what: 'the buy button', timeout: STEP });
    assert.match(await shadowText('furrow-checkout'), DEVANAGARI, 'checkout speaks Hindi');
    await tabTo({ host: 'furrow-checkout', selector: 'button[part~="button"]', topLevel: true }, { what: 'the buy button', max: 300 });
    const toSandbox = page.waitForNavigation({ waitUntil: 'networkidle0', timeout: STEP });
    await page.keyboard.press('Enter');
    await waitFor(page, () => !!document.querySelector('furrow-checkout')?.shadowRoot?.querySelector('[part~="test-mode"]'), { what: 'the TEST MODE badge', timeout: STEP }).catch(() => {
      /* the redirect may already have happened */
    });
    await toSandbox;
    assert.match(page.url(), /\/sandbox\/checkout\//);
    assert.match(await page.evaluate(() => document.body.textContent), /TEST MODE/i);
    await tabTo({ selector: 'button.pay' }, { what: 'the sandbox "Pay" button', max: 60 });
    const back = page.waitForNavigation({ waitUntil: 'networkidle0', timeout: STEP });
    await page.keyboard.press('Enter');
    await back;
    assert.match(page.url(), /\/script-tag\//, 'back on the co-op site');
    assert.match(page.url(), /lang=hi/, 'still in Hindi');
    await waitEvent('furrow-checkout-complete', 'furrow-checkout-complete (paid)', { status: 'paid' });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'hi');
  });

  test('booking: Tab to a slot, Enter, confirm by keyboard', { timeout: STEP * 8 }, async () => {
    await waitFor(page, () => customElements.get('furrow-booking-picker') && document.querySelector('furrow-booking-picker').hasAttribute('instructor-id'), { what: 'the booking picker with the course instructor', timeout: STEP });
    await waitFor(page, () => !!document.querySelector('furrow-booking-picker').shadowRoot?.querySelector('[part~="toolbar"] button'), { what: 'the picker toolbar', timeout: STEP });
    assert.match(await shadowText('furrow-booking-picker'), DEVANAGARI, 'the picker speaks Hindi');
    // The picker shows one week; the learner moves on with "next week" to the first week with a slot.
    for (let week = 0; week < 8; week++) {
      const found = await page.waitForFunction(() => !!document.querySelector('furrow-booking-picker').shadowRoot.querySelector('[part~="slot"]'), { timeout: 5000 }).then(() => true, () => false);
      if (found) break;
      await tabTo({ host: 'furrow-booking-picker', selector: '[part~="toolbar"] button:last-of-type' }, { what: 'the next-week button', max: 300 });
      await page.keyboard.press('Enter');
    }
    await tabTo({ host: 'furrow-booking-picker', selector: 'button[part~="slot"]' }, { what: 'a free slot', max: 300 });
    await page.keyboard.press('Enter');
    await waitFor(page, () => !!document.querySelector('furrow-booking-picker').shadowRoot.querySelector('[part~="panel"] button[part~="button"]'), { what: 'the booking panel', timeout: STEP });
    await tabTo({ host: 'furrow-booking-picker', selector: '[part~="panel"] button[part~="button"]' }, { what: 'the confirm button', max: 60 });
    await page.keyboard.press('Enter');
    await waitEvent('furrow-booking-confirm');
  });

  test('the language switch works by keyboard too: English and back to हिन्दी with the arrow keys', { timeout: STEP * 3 }, async () => {
    assert.equal(await page.$eval('#lang', (s) => s.labels[0]?.textContent.trim()), 'Language / भाषा');
    await tabTo({ selector: '#lang' }, { what: 'the language switch', back: true, max: 400 });
    await page.keyboard.press('ArrowUp');
    await waitFor(page, () => document.documentElement.lang === 'en' && /Search courses/.test(document.querySelector('furrow-course-catalog').shadowRoot.textContent), { what: 'the page in English', timeout: STEP });
    assert.match(page.url(), /lang=en/);
    await page.keyboard.press('ArrowDown');
    await waitFor(page, () => document.documentElement.lang === 'hi' && /कोर्स खोजें/.test(document.querySelector('furrow-course-catalog').shadowRoot.textContent), { what: 'the page in Hindi again', timeout: STEP });
    assert.match(page.url(), /lang=hi/);
  });

  test('no console errors and no failed requests on the way', () => {
    assert.deepEqual(page.problems(), []);
  });
});
