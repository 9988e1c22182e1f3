import { http, HttpResponse, passthrough } from 'msw';
import '../../src/lesson-player/lesson-player.js';
import type { FurrowLessonPlayer } from '../../src/lesson-player/lesson-player.component.js';
import type { FurrowLessonChangeEvent } from '../../src/events/lesson-change.js';
import type { FurrowLessonCompleteEvent } from '../../src/events/lesson-complete.js';
import { $, $$, api, assert, audit, cleanup, equal, fixture, newLearner, providerOf, record, server, text, waitFor, withProvider } from './helpers.js';
import { deleteDb, msw } from './learning-msw.js';

const url = (p: string) => `${server.baseUrl}${p}`;

async function courseByQuery(q: string): Promise<{ id: string; lessons: { id: string; title: string; contentType: string }[] }> {
  const { data } = await api('GET', `/v1/courses?q=${encodeURIComponent(q)}`);
  const c = await api('GET', `/v1/courses/${data[0].id}`);
  return { id: c.id, lessons: c.sections.flatMap((s: { lessons: unknown[] }) => s.lessons) };
}

async function mount(courseId: string, attrs = '', providerAttrs = ''): Promise<FurrowLessonPlayer> {
  const p = await fixture(withProvider(`<furrow-lesson-player course-id="${courseId}" ${attrs}></furrow-lesson-player>`, `locale="en" ${providerAttrs}`));
  const el = p.querySelector('furrow-lesson-player') as FurrowLessonPlayer;
  await waitFor(() => $(el, '#lesson-h') || $(el, '[part="error"]'), 'lesson shown');
  return el;
}

const outlineButton = (el: Element, title: string) => $$(el, '[part="outline-lesson"]').find((b) => b.textContent!.includes(title)) as HTMLButtonElement;
const button = (el: Element, label: string) => $$(el, 'button').find((b) => b.textContent!.trim().includes(label)) as HTMLButtonElement | undefined;

describe('<furrow-lesson-player>', () => {
  let soil: Awaited<ReturnType<typeof courseByQuery>>;
  before(async () => {
    await msw();
    soil = await courseByQuery('Soil Testing');
  });
  afterEach(async () => {
    (await msw()).resetHandlers();
    cleanup();
  });

  it('anonymous: outline with locks, the preview video with captions, locked lessons explain why', async () => {
    const el = await mount(soil.id);
    equal($(el, '#lesson-h')!.textContent, 'Why test your soil?');
    equal($$(el, '[part="outline-lesson"]').length, soil.lessons.length);
    assert(text(el).includes('Taking a sample') && text(el).includes('Reading the results'), 'section titles');
    const video = await waitFor(() => $(el, 'video') as HTMLVideoElement, 'video');
    assert(video.src.startsWith(server.baseUrl + '/media/soil-sampling.webm'), video.src);
    equal(video.getAttribute('preload'), 'metadata');
    const tracks = Array.from(video.querySelectorAll('track'));
    equal(tracks.length, 2);
    equal(tracks[0].kind, 'subtitles');
    equal(tracks[0].srclang, 'en');
    assert(tracks[0].default && !tracks[1].default, 'English captions on by default for locale en');
    await waitFor(() => video.readyState >= 1, 'video metadata loads from the demo server');
    await waitFor(() => tracks[0].readyState === 2, 'English captions load (CORS)');
    await audit(el);
    outlineButton(el, 'The V-cut sampling method').click();
    await waitFor(() => $(el, '[part="locked"]'), 'locked notice');
    assert(/Sign in to open this lesson|Enrol in this course/.test(text(el)), text(el));
    assert(outlineButton(el, 'The V-cut').textContent!.includes('Locked'), 'lock announced in the outline');
    await audit(el);
  });

  it('signed in but not enrolled: a preview lesson offers the free enrolment, not "mark complete"', async () => {
    const learner = await newLearner('Preview Viewer');
    const el = await mount(soil.id, '', `token="${learner.token}"`);
    await waitFor(() => $(el, '[part="enroll"]'), 'enrol button on the preview lesson');
    assert(!$(el, '[part="complete"]'), 'no mark-complete before enrolling');
    await audit(el);
    ($(el, '[part="enroll"]') as HTMLButtonElement).click();
    await waitFor(() => $(el, '[part="complete"]'), 'mark complete once enrolled');
    assert(!$(el, '[part="enroll"]'), 'enrol button gone');
  });

  it('signed in: resumes the video, reports progress, completes at the end, ticks the outline', async () => {
    const { token } = await newLearner('Player Learner');
    await api('POST', `/v1/courses/${soil.id}/enroll`, { token });
    const first = soil.lessons[0];
    await api('PUT', `/v1/lessons/${first.id}/progress`, { token, body: { videoPositionSeconds: 2.5, clientTimestamp: new Date().toISOString() } });
    const reports: Record<string, number>[] = [];
    (await msw()).use(http.put(url('/v1/lessons/:id/progress'), async ({ request }) => (reports.push((await request.clone().json()) as Record<string, number>), passthrough())));
    const completes = record<FurrowLessonCompleteEvent>(document, 'furrow-lesson-complete');
    const el = await mount(soil.id, `lesson-id="${first.id}"`, `token="${token}"`);
    const video = await waitFor(() => $(el, 'video') as HTMLVideoElement, 'video');
    await waitFor(() => Math.abs(video.currentTime - 2.5) < 0.3, `resumed at 2.5 s (now ${video.currentTime})`);
    video.muted = true;
    await video.play();
    await new Promise((r) => setTimeout(r, 600));
    video.pause();
    await waitFor(() => reports.some((b) => typeof b.videoPositionSeconds === 'number' && b.videoPositionSeconds > 2.5), `progress on pause: ${JSON.stringify(reports)}`);
    const r = reports.at(-1)!;
    assert(typeof r.clientTimestamp === 'string', 'clientTimestamp set by the SDK');
    assert(r.videoPercent > 50, JSON.stringify(r));
    // Play to the end: the lesson completes by itself.
    await video.play();
    await waitFor(() => completes.length === 1, 'complete event at video end', 10_000);
    equal(completes[0].lessonId, first.id);
    assert(completes[0].progressPercent > 0, String(completes[0].progressPercent));
    await waitFor(() => outlineButton(el, 'Why test your soil?').textContent!.includes('Completed'), 'tick in outline');
    const progress = await api('GET', `/v1/courses/${soil.id}/progress`, { token });
    equal(progress.lessons.find((p: { lessonId: string }) => p.lessonId === first.id).status, 'completed');
    await audit(el);
  });

  it('text lessons render safe markdown; previous/next fire furrow-lesson-change only on user action', async () => {
    const { token } = await newLearner();
    await api('POST', `/v1/courses/${soil.id}/enroll`, { token });
    const changes = record<FurrowLessonChangeEvent>(document, 'furrow-lesson-change');
    const el = await mount(soil.id, `lesson-id="${soil.lessons[0].id}"`, `token="${token}"`);
    el.lessonId = soil.lessons[1].id; // programmatic: no event
    await waitFor(() => $(el, '[part="body"] h3'), 'markdown heading');
    equal(changes.length, 0);
    equal($(el, '[part="body"] h3')!.textContent, 'The V-cut method');
    equal($(el, '[part="body"] strong')!.textContent, 'V-shaped');
    equal($$(el, '[part="body"] ol li').length, 4);
    assert($(el, '[part="body"] blockquote'), 'blockquote');
    await audit(el);
    button(el, 'Next lesson')!.click();
    await waitFor(() => $(el, '#lesson-h')!.textContent === 'Reading a Soil Health Card', 'next lesson');
    equal(changes.length, 1);
    equal(changes[0].lessonId, soil.lessons[2].id);
    equal(el.shadowRoot!.activeElement?.id, 'lesson-h', 'focus moves to the lesson heading');
    // YouTube: nothing from YouTube until the learner presses play.
    equal($(el, 'iframe'), null);
    const poster = $(el, '[part="poster"]') as HTMLButtonElement;
    assert(poster.textContent!.includes('Play video'), poster.textContent!);
    await audit(el);
    poster.click();
    const frame = await waitFor(() => $(el, 'iframe') as HTMLIFrameElement, 'iframe after play');
    assert(frame.src.startsWith('https://www.youtube-nocookie.com/embed/a1b2c3d4e5f?autoplay=1'), frame.src);
    button(el, 'Previous lesson')!.click();
    await waitFor(() => changes.length === 2, 'second change');
    // Assignment: body plus mark complete.
    outlineButton(el, 'Sample your own field').click();
    await waitFor(() => text(el).includes('Take a composite sample'), 'assignment body');
    const completes = record<FurrowLessonCompleteEvent>(document, 'furrow-lesson-complete');
    (button(el, 'Mark as complete') as HTMLButtonElement).click();
    await waitFor(() => completes.length === 1, 'complete event');
    equal(button(el, 'Mark as complete'), undefined);
    // Quiz lesson renders <furrow-quiz>.
    outlineButton(el, 'Check your understanding').click();
    const quiz = await waitFor(() => $(el, 'furrow-quiz'), 'quiz element');
    assert(quiz.getAttribute('quiz-id'), 'quiz-id set');
  });

  it('low-data: text first, no preload, video only on request', async () => {
    const el = await mount(soil.id, 'low-data');
    equal($(el, 'video'), null, 'no video element yet');
    assert(text(el).includes('Data saver is on'), text(el));
    await audit(el);
    button(el, 'Show video')!.click();
    const video = await waitFor(() => $(el, 'video') as HTMLVideoElement, 'video on request');
    equal(video.getAttribute('preload'), 'none');
    equal(video.autoplay, false);
  });

  it('paid course: a purchase lock offers <furrow-checkout>', async () => {
    const { token } = await newLearner();
    const drip = await courseByQuery('ड्रिप');
    const el = await mount(drip.id, `lesson-id="${drip.lessons[1].id}" locale="hi"`, `token="${token}"`);
    await waitFor(() => $(el, '[part="locked"]'), 'locked');
    assert(text(el).includes('यह कोर्स ख़रीदें'), text(el));
    const checkout = $(el, 'furrow-checkout');
    assert(checkout, 'checkout element rendered');
    equal(checkout!.getAttribute('course-id'), drip.id);
    // The player defines it (this page imports no checkout of its own), and it renders.
    await waitFor(() => customElements.get('furrow-checkout') && checkout!.shadowRoot?.textContent?.trim(), '<furrow-checkout> defined and rendered');
    await audit(el);
  });

  it('download for offline: size first, then download', async () => {
    await deleteDb();
    const { token } = await newLearner();
    await api('POST', `/v1/courses/${soil.id}/enroll`, { token });
    const el = await mount(soil.id, '', `token="${token}" offline`);
    button(el, 'Download for offline')!.click();
    await waitFor(() => text(el).includes('Save 5 lessons'), `size shown: ${text(el)}`);
    assert(/\(\d+(\.\d)? kB\)/.test(text(el)), text(el));
    await audit(el);
    button(el, 'Download')!.click();
    await waitFor(() => text(el).includes('Saved for offline: 5 lessons'), 'downloaded');
  });

  it('an error state has a retry', async () => {
    (await msw()).use(http.get(url('/v1/courses/:id'), () => HttpResponse.json({ error: { code: 'internal_error', message: 'x', requestId: 'r' } }, { status: 500 })));
    const el = await mount(soil.id);
    await waitFor(() => $(el, '[part="error"]'), 'error');
    await audit(el);
    (await msw()).resetHandlers();
    button(el, 'Try again')!.click();
    await waitFor(() => $(el, '#lesson-h'), 'loaded after retry');
  });

  it('offline: time spent on leaving a lesson waits in the outbox and is sent later', async () => {
    await deleteDb();
    const { token } = await newLearner();
    await api('POST', `/v1/courses/${soil.id}/enroll`, { token });
    const textLesson = soil.lessons[1];
    const el = await mount(soil.id, `lesson-id="${textLesson.id}"`, `token="${token}" offline`);
    (await msw()).use(http.put(url('/v1/lessons/:id/progress'), () => HttpResponse.error()));
    await new Promise((r) => setTimeout(r, 1600));
    outlineButton(el, 'Why test your soil?').click(); // leaving the lesson reports it
    const client = providerOf(el).client!;
    await waitFor(async () => (await client.outbox.size()) > 0, 'queued in the outbox');
    (await msw()).resetHandlers();
    await client.outbox.flush();
    await waitFor(async () => {
      const p = await api('GET', `/v1/courses/${soil.id}/progress`, { token });
      return p.lessons.find((l: { lessonId: string; timeSpentSeconds: number }) => l.lessonId === textLesson.id)?.timeSpentSeconds >= 1;
    }, 'time spent on the server');
  });
});
