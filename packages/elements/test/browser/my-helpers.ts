/**
 * Helpers shared by the badge-shelf, checkout and booking-picker tests: msw, demo sign-ins,
 * course completion through the real API, and paying on the sandbox's TEST MODE page.
 */
import { setupWorker, type SetupWorker } from 'msw/browser';
import { api, server } from './helpers.js';

let worker: SetupWorker | null = null;

/** Starts (once per page) msw's service worker; unhandled requests go to the network. */
export async function msw(): Promise<SetupWorker> {
  if (!worker) {
    worker = setupWorker();
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  }
  return worker;
}

/** The server URL of an API path (for msw handlers). */
export const url = (path: string) => `${server.baseUrl}${path}`;

/** The demo accounts (server/src/seed/demo.ts). */
export const DEMO = {
  admin: { email: 'admin@furrow.demo', password: 'furrow-admin-demo' },
  sunita: { email: 'sunita@furrow.demo', password: 'furrow-teach-demo' },
  rajesh: { email: 'rajesh@furrow.demo', password: 'furrow-teach-demo' },
} as const;

/** Signs a demo account in; returns its token and user. */
export async function login(who: keyof typeof DEMO): Promise<{ token: string; user: { id: string; name: string } }> {
  return api('POST', '/v1/auth/login', { body: DEMO[who] });
}

interface CourseLite { id: string; title: string; isFree: boolean; price: { amount: number }; instructor: { id: string } }

/** Every published demo course. */
export async function courses(): Promise<CourseLite[]> {
  return (await api<{ data: CourseLite[] }>('GET', '/v1/courses?limit=100')).data;
}

/**
 * A free, published course this test owns (one section, three public text lessons), created as
 * the demo instructor. All test files share one demo server and earlier suites add, re-price and
 * hide courses, so "the first free course" of the catalog is not a fixture a test can rely on.
 */
export async function ownFreeCourse(title = 'Test course'): Promise<{ id: string; lessonIds: string[] }> {
  const token = (await login('sunita')).token;
  const course = await api<{ id: string }>('POST', '/v1/courses', {
    token, body: { title: `${title} ${Math.random().toString(36).slice(2, 8)}`, description: 'Created by a browser test.', category: 'soil-health', level: 'beginner', languages: ['en'], price: { amount: 0, currency: 'INR' } },
  });
  const section = await api<{ id: string }>('POST', `/v1/courses/${course.id}/sections`, { token, body: { title: 'Basics', status: 'public' } });
  const lessonIds: string[] = [];
  for (const t of ['What soil is', 'Taking a sample', 'Reading the report']) {
    lessonIds.push((await api<{ id: string }>('POST', `/v1/sections/${section.id}/lessons`, { token, body: { title: t, contentType: 'text', status: 'public', body: `${t}: notes for the field.` } })).id);
  }
  await api('PATCH', `/v1/courses/${course.id}`, { token, body: { status: 'published' } });
  return { id: course.id, lessonIds };
}

/**
 * Completes a free course for a learner the way the learner would: enrol, pass each lesson's
 * quiz (answers read from the answer key with the admin's token) and complete every lesson.
 */
export async function completeCourse(courseId: string, token: string): Promise<void> {
  const admin = (await login('admin')).token;
  await api('POST', `/v1/courses/${courseId}/enroll`, { token }).catch(() => {});
  const course = await api<{ sections: { lessons: { id: string; quizId: string | null }[] }[] }>('GET', `/v1/courses/${courseId}`, { token });
  for (const lesson of course.sections.flatMap((s) => s.lessons)) {
    if (lesson.quizId) {
      const quiz = await api<{ questions: { id: string; options: { id: string; isCorrect: boolean }[]; acceptedAnswers: string[] }[] }>('GET', `/v1/quizzes/${lesson.quizId}/edit`, { token: admin });
      const attempt = await api<{ id: string }>('POST', `/v1/quizzes/${lesson.quizId}/attempts`, { token });
      const answers = quiz.questions.map((q) => ({ questionId: q.id, optionId: q.options.find((o) => o.isCorrect)?.id, text: q.acceptedAnswers[0] }));
      await api('POST', `/v1/attempts/${attempt.id}/submit`, { token, body: { answers } });
    }
    await api('POST', `/v1/lessons/${lesson.id}/complete`, { token });
  }
}

/**
 * Presses Pay (or Cancel) on the sandbox's hosted TEST MODE page of a checkout session, through
 * the test runner (the page refuses frames and cross-origin posts); returns the URL the page
 * sends the learner back to.
 */
export async function sandbox(sessionUrl: string, action: 'pay' | 'cancel' = 'pay'): Promise<string> {
  const r = await fetch(`/__furrow-sandbox?action=${action}&url=${encodeURIComponent(sessionUrl)}`);
  const body = (await r.json()) as { status: number; location: string | null };
  if (body.status !== 303 || !body.location) throw new Error(`sandbox ${action}: ${JSON.stringify(body)}`);
  return body.location;
}

/** Puts the page's address to `href` (same origin), as if the browser had been sent there. */
export function landOn(href: string): void {
  const u = new URL(href);
  history.replaceState(null, '', u.pathname + u.search + u.hash);
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
