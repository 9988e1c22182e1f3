/**
 * XSS: known payloads written through the real API into every user-writable text (course,
 * section, lesson and quiz text by an instructor whose own name is a payload; product names;
 * slot notes; a learner's name, question, answer and review) and rendered by every element
 * that shows them, in Chromium. Each payload sets `window.__xss` if it ever runs; after
 * rendering, nothing has, and no shadow root holds an event-handler attribute, a script, a
 * `javascript:` link or an `srcdoc` frame.
 */
import '../../src/course-catalog/course-catalog.js';
import '../../src/lesson-player/lesson-player.js';
import '../../src/quiz/quiz.js';
import '../../src/badge-shelf/badge-shelf.js';
import '../../src/checkout/checkout.js';
import '../../src/booking-picker/booking-picker.js';
import { api, assert, cleanup, fixture, partner, server, waitFor, withProvider } from './helpers.js';
import { XSS_PAYLOADS } from '../../../../server/test/hardening/xss-corpus.js';

const PAYLOADS = XSS_PAYLOADS;

/** Payloads packed into strings of at most `max` characters (short fields get several items). */
function packs(max: number, prefix = ''): string[] {
  const out: string[] = [];
  let cur = prefix;
  for (const p of PAYLOADS) {
    if ((cur + ' ' + p).length > max && cur !== prefix) {
      out.push(cur);
      cur = prefix;
    }
    cur = `${cur} ${p}`.slice(0, max);
  }
  out.push(cur);
  return out;
}
const ALL = PAYLOADS.join('\n\n');

declare global {
  interface Window { __xss?: unknown }
}

/** Every element under `root`, shadow roots included. */
function deepElements(root: ParentNode, out: Element[] = []): Element[] {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    out.push(el);
    if (el.shadowRoot) deepElements(el.shadowRoot, out);
  }
  return out;
}

function assertInert(host: Element, where: string): void {
  const problems: string[] = [];
  for (const el of deepElements(host)) {
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) problems.push(`${el.tagName.toLowerCase()}[${a.name}]`);
      if ((a.name === 'href' || a.name === 'src' || a.name === 'action' || a.name === 'formaction' || a.name === 'xlink:href') && /^\s*(javascript|data|vbscript):/i.test(a.value.replace(/[\u0000-\u001f]/g, ''))) problems.push(`${el.tagName.toLowerCase()}[${a.name}=${a.value.slice(0, 40)}]`);
      if (a.name === 'srcdoc') problems.push(`${el.tagName.toLowerCase()}[srcdoc]`);
    }
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' || tag === 'iframe' || tag === 'object' || tag === 'embed') problems.push(`<${tag}>`);
  }
  assert(problems.length === 0, `${where}: ${problems.join(', ')}`);
  assert(window.__xss === undefined, `${where}: a payload ran (window.__xss = ${String(window.__xss)})`);
}

interface Seeded {
  learner: string;
  courseIds: string[];
  lessonId: string;
  quizId: string;
  productId: string;
  instructorId: string;
}

let seeded: Promise<Seeded> | null = null;

/** Writes the payloads through the API, once per run. */
function seed(): Promise<Seeded> {
  seeded ??= (async () => {
    const mint = (externalId: string, name: string, role: string) =>
      partner<{ token: string; user: { id: string } }>('POST', '/v1/embed-tokens', { externalId, name, role, email: `${externalId}@example.org` });
    const run = Math.random().toString(36).slice(2, 8);
    const teacher = await mint(`xss-teacher-${run}`, packs(200)[0], 'instructor');
    const t = teacher.token;
    const courseIds: string[] = [];
    let lessonId = '';
    let quizId = '';
    const titles = packs(200, 'XSS');
    for (const [i, title] of titles.entries()) {
      const c = await api<{ id: string }>('POST', '/v1/courses', { token: t, body: { title, description: ALL.slice(0, 20_000), category: 'pest-control', level: 'beginner', languages: ['en', 'hi', 'mr'], thumbnailEmoji: '🌾' } });
      courseIds.push(c.id);
      const sec = await api<{ id: string }>('POST', `/v1/courses/${c.id}/sections`, { token: t, body: { title: packs(200)[i % packs(200).length] } });
      const l = await api<{ id: string }>('POST', `/v1/sections/${sec.id}/lessons`, { token: t, body: { title: packs(200)[(i + 1) % packs(200).length], description: ALL.slice(0, 5000), contentType: 'text', status: 'public', body: ALL } });
      if (i === 0) {
        lessonId = l.id;
        const q = await api<{ id: string }>('POST', `/v1/courses/${c.id}/quizzes`, { token: t, body: { title: packs(200)[0], description: ALL.slice(0, 5000), showCorrectAnswers: true } });
        quizId = q.id;
        const opts = packs(1000).slice(0, 4);
        await api('POST', `/v1/quizzes/${q.id}/questions`, { token: t, body: { type: 'multiple_choice', text: ALL.slice(0, 5000), explanation: ALL.slice(0, 5000), options: [{ text: opts[0], isCorrect: true }, ...opts.slice(1).map((x) => ({ text: x, isCorrect: false })), { text: 'Plain', isCorrect: false }] } });
      }
      await api('PATCH', `/v1/courses/${c.id}`, { token: t, body: { status: 'published' } });
    }
    const learner = await mint(`xss-learner-${run}`, packs(200)[1] ?? packs(200)[0], 'student');
    await api('POST', `/v1/courses/${courseIds[0]}/enroll`, { token: learner.token });
    const question = await api<{ id: string }>('POST', `/v1/lessons/${lessonId}/questions`, { token: learner.token, body: { body: ALL.slice(0, 5000) } });
    await api('POST', `/v1/questions/${question.id}/answers`, { token: t, body: { body: ALL } });
    await api('POST', `/v1/courses/${courseIds[0]}/reviews`, { token: learner.token, body: { rating: 3, review: ALL.slice(0, 5000) } });
    // Completing the lesson earns a certificate titled with the payloads (the badge shelf lists it).
    await api('POST', `/v1/lessons/${lessonId}/complete`, { token: learner.token }).catch(() => null);
    const admin = (await api<{ token: string }>('POST', '/v1/auth/login', { body: { email: 'admin@furrow.demo', password: 'furrow-admin-demo' } })).token;
    const product = await api<{ id: string }>('POST', '/v1/products', { token: admin, body: { name: packs(200)[0], description: ALL.slice(0, 5000), price: { amount: 4900, currency: 'INR' }, courseIds: [courseIds[1] ?? courseIds[0]], status: 'public' } });
    for (let i = 0; i < 3; i++) {
      const start = new Date(Date.now() + (48 + i * 3) * 3_600_000);
      start.setUTCMinutes(0, 0, 0);
      await api('POST', '/v1/slots', { token: t, body: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1_800_000).toISOString(), notes: ALL.slice(0, 2000), courseId: courseIds[0] } });
    }
    return { learner: learner.token, courseIds, lessonId, quizId, productId: product.id, instructorId: teacher.user.id };
  })();
  return seeded;
}

/** Mounts `inner` in a provider signed in as the payload learner and waits until `ready` holds. */
async function render(inner: string, ready: (host: Element) => boolean, s: Seeded): Promise<Element> {
  const p = await fixture(withProvider(inner, `token="${s.learner}" locale="en"`));
  const host = p.firstElementChild!;
  try {
    await waitFor(() => ready(host), `${host.tagName.toLowerCase()} rendered`, 15_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}; it shows: ${shadowText(host).replace(/\s+/g, ' ').slice(0, 300)}`, { cause: err });
  }
  // Give anything that would fire (onerror of a broken image, onload, ontoggle, autofocus) time to.
  await new Promise((r) => setTimeout(r, 400));
  return host;
}

const shadowText = (el: Element): string => deepElements(el).map((x) => (x.shadowRoot ? x.shadowRoot.textContent ?? '' : '')).join(' ') + (el.shadowRoot?.textContent ?? '');

describe('XSS payloads in every user-writable text, rendered by every element', () => {
  before(async function () {
    // No demo server means the run is broken: fail, never skip.
    assert(server, 'the demo server did not start (see /__furrow-env.js envError)');
    delete window.__xss;
    await seed();
  });
  afterEach(() => {
    cleanup();
    assert(window.__xss === undefined, `a payload ran (window.__xss = ${String(window.__xss)})`);
  });

  it('<furrow-course-catalog> with payload titles, descriptions and instructor names', async () => {
    const s = await seed();
    const el = await render('<furrow-course-catalog query="XSS" page-size="50"></furrow-course-catalog>', (h) => shadowText(h).includes('window.__xss'), s);
    assertInert(el, 'course catalog');
  });

  it('<furrow-lesson-player> with a payload lesson body (markdown), outline, questions and answers', async () => {
    const s = await seed();
    const el = await render(`<furrow-lesson-player course-id="${s.courseIds[0]}" lesson-id="${s.lessonId}"></furrow-lesson-player>`, (h) => shadowText(h).includes('window.__xss'), s);
    assertInert(el, 'lesson player');
    // Open every tab or disclosure the player offers (Q&A, notes), then check again.
    for (const b of deepElements(el).filter((x) => x.tagName === 'BUTTON' && /question|q&a|discussion|ask/i.test(x.textContent ?? '')) as HTMLElement[]) b.click();
    await new Promise((r) => setTimeout(r, 600));
    assertInert(el, 'lesson player after opening questions');
  });

  it('<furrow-quiz> with payload question text, options and explanation (before and after submitting)', async () => {
    const s = await seed();
    const el = await render(`<furrow-quiz quiz-id="${s.quizId}" mode="all"></furrow-quiz>`, (h) => shadowText(h).includes('window.__xss'), s);
    assertInert(el, 'quiz');
    const radios = deepElements(el).filter((x) => x instanceof HTMLInputElement && x.type === 'radio') as HTMLInputElement[];
    if (radios[0]) radios[0].click();
    const submit = deepElements(el).find((x) => x.tagName === 'BUTTON' && /submit|finish/i.test(x.textContent ?? '')) as HTMLElement | undefined;
    submit?.click();
    await new Promise((r) => setTimeout(r, 1200));
    assertInert(el, 'quiz after submitting');
  });

  it('<furrow-badge-shelf> with a payload certificate course title', async () => {
    const s = await seed();
    const el = await render('<furrow-badge-shelf></furrow-badge-shelf>', (h) => shadowText(h).trim().length > 20, s);
    await new Promise((r) => setTimeout(r, 500));
    assertInert(el, 'badge shelf');
  });

  it('<furrow-checkout> with a payload product name and description', async () => {
    const s = await seed();
    const el = await render(`<furrow-checkout product-id="${s.productId}"></furrow-checkout>`, (h) => shadowText(h).includes('window.__xss'), s);
    assertInert(el, 'checkout');
  });

  it('<furrow-booking-picker> with payload slot notes and instructor name', async () => {
    const s = await seed();
    const el = await render(`<furrow-booking-picker instructor-id="${s.instructorId}" time-zone="Asia/Kolkata"></furrow-booking-picker>`, (h) => shadowText(h).trim().length > 20, s);
    await new Promise((r) => setTimeout(r, 500));
    assertInert(el, 'booking picker');
  });
});
