import { bypass, http, HttpResponse } from 'msw';
import '../../src/quiz/quiz.js';
import type { FurrowQuiz } from '../../src/quiz/quiz.component.js';
import type { FurrowQuizCompleteEvent } from '../../src/events/quiz-complete.js';
import type { FurrowQuizSubmitEvent } from '../../src/events/quiz-submit.js';
import { $, $$, api, assert, audit, cleanup, equal, fixture, newLearner, providerOf, record, server, text, waitFor, withProvider } from './helpers.js';
import { deleteDb, msw } from './learning-msw.js';

const url = (p: string) => `${server.baseUrl}${p}`;

/** The soil-testing course (free) and its quiz lesson. */
async function soilQuiz(): Promise<{ courseId: string; quizId: string }> {
  const { data } = await api('GET', '/v1/courses?q=Soil%20Testing');
  const course = await api('GET', `/v1/courses/${data[0].id}`);
  const lesson = course.sections.flatMap((s: any) => s.lessons).find((l: any) => l.contentType === 'quiz');
  return { courseId: course.id, quizId: lesson.quizId };
}

async function mount(quizId: string, attrs = '', providerAttrs = ''): Promise<FurrowQuiz> {
  const p = await fixture(withProvider(`<furrow-quiz quiz-id="${quizId}" ${attrs}></furrow-quiz>`, `locale="en" ${providerAttrs}`));
  return p.querySelector('furrow-quiz') as FurrowQuiz;
}

async function learner(courseId: string): Promise<string> {
  const { token } = await newLearner('Quiz Taker');
  await api('POST', `/v1/courses/${courseId}/enroll`, { token });
  return token;
}

const button = (el: Element, label: string) => $$(el, 'button').find((b) => b.textContent!.trim() === label) as HTMLButtonElement | undefined;

/** Answers the visible question correctly-ish by type. */
function answerVisible(el: Element): void {
  for (const q of $$(el, '[part="question"]')) {
    const radio = q.querySelector('input[type="radio"]') as HTMLInputElement | null;
    if (radio) {
      radio.click();
      continue;
    }
    const field = q.querySelector('input[type="text"], textarea') as HTMLInputElement;
    field.value = q.textContent!.includes('cut') ? 'V-cut' : '10';
    field.dispatchEvent(new Event('input'));
  }
}

describe('<furrow-quiz>', () => {
  let soil: { courseId: string; quizId: string };
  before(async () => {
    await msw();
    soil = await soilQuiz();
  });
  afterEach(async () => {
    (await msw()).resetHandlers();
    cleanup();
  });

  it('asks an anonymous visitor to sign in', async () => {
    const el = await mount(soil.quizId);
    await waitFor(() => text(el).includes('Sign in to take this quiz'), 'sign-in hint');
    assert(text(el).includes('Check your understanding'), text(el));
    assert(text(el).includes('5 questions') && text(el).includes('Pass mark: 70%'), text(el));
    equal(button(el, 'Start quiz'), undefined, 'no start button');
    await audit(el);
  });

  it('a signed-in learner who has not enrolled is told to enrol, not that something went wrong', async () => {
    const { token } = await newLearner('Not Enrolled');
    const el = await mount(soil.quizId, '', `token="${token}"`);
    await waitFor(() => button(el, 'Start quiz'), 'start button');
    button(el, 'Start quiz')!.click();
    await waitFor(() => $(el, '[part="error"]'), 'a notice');
    assert(text(el).includes('Enrol in this course first'), text(el));
    assert(!text(el).includes('Something went wrong'), text(el));
    await audit(el);
  });

  it('one question at a time: keyboard flow, submit, result with explanations, events once', async () => {
    const token = await learner(soil.courseId);
    const el = await mount(soil.quizId, '', `token="${token}"`);
    const submits = record<FurrowQuizSubmitEvent>(document, 'furrow-quiz-submit');
    const completes = record<FurrowQuizCompleteEvent>(document, 'furrow-quiz-complete');
    (await waitFor(() => button(el, 'Start quiz'), 'start button')).click();
    await waitFor(() => $(el, '[part="question"]'), 'first question');
    assert(text(el).includes('Question 1 of 5'), text(el));
    equal(el.shadowRoot!.activeElement?.id.endsWith('-l'), true, 'focus on the question');
    await audit(el);
    for (let i = 1; i <= 5; i++) {
      await waitFor(() => text(el).includes(`Question ${i} of 5`), `question ${i}`);
      equal($$(el, '[part="question"]').length, 1, 'one question shown');
      answerVisible(el);
      await el.updateComplete;
      if (i < 5) {
        // Enter in a field or radio goes to the next question.
        const field = $(el, '[part="question"] input') as HTMLInputElement;
        field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      }
    }
    const radiogroup = $$(el, 'fieldset');
    for (const f of radiogroup) assert(f.querySelector('legend'), 'radio groups have a legend');
    (await waitFor(() => button(el, 'Submit answers'), 'submit')).click();
    await waitFor(() => $(el, '[part~="result"]'), 'result');
    assert(/Score: \d of 5 \(\d+%\)/.test(text(el)), text(el));
    assert(text(el).includes('Why: Field crops feed from the top 15 cm'), 'explanation shown (the quiz allows it)');
    equal(submits.length, 1);
    equal(submits[0].queued, false);
    equal(completes.length, 1);
    equal(completes[0].quizId, soil.quizId);
    assert(typeof completes[0].percentage === 'number');
    equal(el.shadowRoot!.activeElement?.id, 'result-h', 'focus moves to the result');
    assert(button(el, 'Try the quiz again'), 'retry while attempts remain');
    await audit(el);
    const attempts = await api('GET', `/v1/quizzes/${soil.quizId}/attempts`, { token });
    equal(attempts.data.length, 1, 'one attempt on the server');
  });

  it('mode="all" shows every question and submits them together', async () => {
    const token = await learner(soil.courseId);
    const el = await mount(soil.quizId, 'mode="all"', `token="${token}"`);
    (await waitFor(() => button(el, 'Start quiz'), 'start')).click();
    await waitFor(() => $$(el, '[part="question"]').length === 5, 'five questions');
    answerVisible(el);
    await audit(el);
    button(el, 'Submit answers')!.click();
    await waitFor(() => $(el, '[part~="result"]'), 'result');
    assert(text(el).includes('Passed') || text(el).includes('Not passed yet'), text(el));
  });

  it('timed: shows the server deadline, announces the last minute and submits at zero', async () => {
    const token = await learner(soil.courseId);
    let deadlineMs = 61_000;
    (await msw()).use(
      http.post(url('/v1/quizzes/:id/attempts'), async ({ request }) => {
        const body = await (await fetch(bypass(request))).json();
        return HttpResponse.json({ ...body, deadline: new Date(Date.now() + deadlineMs).toISOString() }, { status: 201 });
      }),
    );
    const el = await mount(soil.quizId, '', `token="${token}"`);
    (await waitFor(() => button(el, 'Start quiz'), 'start')).click();
    const timer = await waitFor(() => $(el, '[role="timer"]'), 'timer');
    assert(/^1:0\d$|^0:59$/.test(timer.textContent!.trim()), timer.textContent!);
    await waitFor(() => text(el).includes('One minute left'), 'one-minute announcement', 5000);
    await audit(el);
    cleanup();
    // A second attempt that ends in 2 s is submitted by the timer.
    deadlineMs = 2_000;
    (await msw()).use(
      http.get(url('/v1/quizzes/:id/attempts'), async ({ request }) => {
        const body = await (await fetch(bypass(request))).json();
        const data = body.data.map((a: { status: string }) => (a.status === 'in_progress' ? { ...a, deadline: new Date(Date.now() + deadlineMs).toISOString() } : a));
        return HttpResponse.json({ data });
      }),
    );
    const el2 = await mount(soil.quizId, '', `token="${token}"`);
    const submits = record<FurrowQuizSubmitEvent>(document, 'furrow-quiz-submit');
    await waitFor(() => $(el2, '[role="timer"]'), 'timer (resumed attempt)');
    await waitFor(() => $(el2, '[part~="result"]'), 'auto-submitted result', 8000);
    equal(submits.length, 1);
  });

  it('offline: the submission waits in the outbox, then the result appears after sync', async () => {
    await deleteDb();
    const token = await learner(soil.courseId);
    const el = await mount(soil.quizId, 'mode="all"', `token="${token}" offline`);
    const submits = record<FurrowQuizSubmitEvent>(document, 'furrow-quiz-submit');
    const completes = record<FurrowQuizCompleteEvent>(document, 'furrow-quiz-complete');
    (await waitFor(() => button(el, 'Start quiz'), 'start')).click();
    await waitFor(() => $$(el, '[part="question"]').length === 5, 'questions');
    answerVisible(el);
    (await msw()).use(http.post(url('/v1/attempts/:id/submit'), () => HttpResponse.error()));
    button(el, 'Submit answers')!.click();
    await waitFor(() => $(el, '[part="queued"]'), 'queued notice');
    assert(text(el).includes('will be sent when you are back online'), text(el));
    equal(submits.length, 1);
    equal(submits[0].queued, true);
    equal(completes.length, 0);
    await audit(el);
    (await msw()).resetHandlers();
    await providerOf(el).client!.outbox.flush();
    await waitFor(() => $(el, '[part~="result"]'), 'result after sync', 15_000);
    equal(completes.length, 1);
    equal(submits.length, 1, 'no second submit event');
  });

  it('renders true/false and essay questions (mocked quiz) in Hindi', async () => {
    const quizId = '00000000-0000-4000-8000-000000000001';
    const q1 = '00000000-0000-4000-8000-0000000000a1';
    const q2 = '00000000-0000-4000-8000-0000000000a2';
    const now = new Date().toISOString();
    const quiz = { id: quizId, courseId: quizId, lessonId: null, title: 'चिंतन', description: null, passingScore: 50, timeLimitMinutes: null, shuffleQuestions: false, showCorrectAnswers: false, maxAttempts: 1, isRequired: false, order: 0, questionCount: 2, totalPoints: 5, createdAt: now, updatedAt: now, questions: [
      { id: q1, type: 'true_false', text: 'मिट्टी की जाँच हर साल करें।', options: [{ id: 'a', text: 'सही' }, { id: 'b', text: 'ग़लत' }], points: 1, order: 0, difficulty: 'easy' },
      { id: q2, type: 'essay', text: '<b>अपने खेत</b> का वर्णन करें।', options: [], points: 4, order: 1, difficulty: 'medium' },
    ] };
    const attempt = { id: quizId, quizId, userId: quizId, attemptNumber: 1, status: 'in_progress', startedAt: now, deadline: null, submittedAt: null, submittedLate: false, score: null, maxScore: 5, percentage: null, passed: null, timeSpentSeconds: null, questionOrder: [q1, q2], answers: [], attemptsRemaining: 0 };
    (await msw()).use(
      http.get(url(`/v1/quizzes/${quizId}`), () => HttpResponse.json(quiz)),
      http.get(url(`/v1/quizzes/${quizId}/attempts`), () => HttpResponse.json({ data: [attempt] })),
      http.post(url(`/v1/attempts/${quizId}/submit`), () => HttpResponse.json({ ...attempt, status: 'pending_review', submittedAt: now, answers: [{ questionId: q1, optionId: 'a', text: null, isCorrect: true, pointsEarned: 1, feedback: null }, { questionId: q2, optionId: null, text: 'x', isCorrect: null, pointsEarned: null, feedback: null }] })),
    );
    const { token } = await newLearner();
    const p = await fixture(withProvider(`<furrow-quiz quiz-id="${quizId}" mode="all"></furrow-quiz>`, `locale="hi" token="${token}"`));
    const el = p.querySelector('furrow-quiz') as FurrowQuiz;
    await waitFor(() => $(el, 'textarea'), 'essay (resumed open attempt)');
    assert(text(el).includes('<b>अपने खेत</b>'), 'question text rendered as text, not HTML');
    equal($(el, '[part="question-text"] b'), null);
    equal($$(el, 'input[type="radio"]').length, 2);
    await audit(el);
    ($$(el, 'input[type="radio"]')[0]).click();
    const ta = $(el, 'textarea') as HTMLTextAreaElement;
    ta.value = 'मेरा खेत दो एकड़ का है।';
    ta.dispatchEvent(new Event('input'));
    (await waitFor(() => button(el, 'उत्तर भेजें'), 'submit (hi)')).click();
    await waitFor(() => text(el).includes('प्रशिक्षक लिखित उत्तरों को जाँचेंगे'), 'pending review');
    assert(text(el).includes('कोई प्रयास नहीं बचा'), 'no attempts left');
    await audit(el);
  });

  it('shows an error with retry when the quiz cannot load', async () => {
    (await msw()).use(http.get(url('/v1/quizzes/:id'), () => HttpResponse.json({ error: { code: 'internal_error', message: 'x', requestId: 'r' } }, { status: 500 })));
    const el = await mount(soil.quizId);
    await waitFor(() => $(el, '[part="error"]'), 'error');
    await audit(el);
    (await msw()).resetHandlers();
    button(el, 'Try again')!.click();
    await waitFor(() => text(el).includes('Check your understanding'), 'loaded after retry');
  });
});
