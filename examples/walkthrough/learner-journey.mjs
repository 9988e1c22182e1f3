#!/usr/bin/env node
/**
 * One learner's journey through a running Furrow demo server, with nothing but fetch:
 * enrol → watch (position saved, then resumed) → quiz (fail, retry, pass) → course complete →
 * certificate verifiable → badges, points, streak, review, question, upvote, answer.
 *
 *   node examples/walkthrough/learner-journey.mjs http://localhost:8787 sk_test_…
 *   FURROW_URL=… FURROW_SECRET_KEY=… node examples/walkthrough/learner-journey.mjs
 *
 * The secret key is printed by `furrow-server start --demo` (kept across restarts in <data-dir>/demo-secret-key).
 * Community and rewards routes come from another part of the server; when they answer 501 the
 * script says so and carries on.
 */

const PUBLISHABLE_KEY = 'pk_test_furrow_demo';
const COURSE_TITLE = 'Soil Testing Basics for Smallholders';

/** A failed step: names the call and what the server said. */
export class JourneyError extends Error {}

function client(baseUrl, publishableKey) {
  return async function call(method, path, { token, secret, body, allow = [] } = {}) {
    const headers = { 'x-furrow-key': secret ?? publishableKey };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl.replace(/\/$/, '') + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* HTML pages */ }
    if (!res.ok && !allow.includes(res.status)) {
      throw new JourneyError(`${method} ${path} → ${res.status}: ${json?.error?.message ?? text.slice(0, 200)}`);
    }
    return { status: res.status, body: json, text, headers: res.headers };
  };
}

/**
 * Runs the journey and returns what happened at each step. Throws {@link JourneyError} when a
 * learning-engine step fails; community and rewards steps that are not implemented (501) are
 * reported in `pending` instead.
 */
export async function runJourney({ baseUrl, secretKey, publishableKey = PUBLISHABLE_KEY, log = console.log }) {
  const call = client(baseUrl, publishableKey);
  const out = { pending: [] };
  const id = `journey-${Date.now().toString(36)}`;

  const signIn = async (externalId, name) =>
    (await call('POST', '/v1/embed-tokens', { secret: secretKey, body: { externalId, name, email: `${externalId}@example.org` } })).body;
  const me = await signIn(id, 'Kavita Shinde');
  const token = me.token;
  log(`1. signed in as ${me.user.name} (${me.user.id}) through the partner's SSO`);

  const list = await call('GET', `/v1/courses?q=${encodeURIComponent('soil testing')}`);
  const course = list.body.data.find((c) => c.title === COURSE_TITLE);
  if (!course) throw new JourneyError(`demo course "${COURSE_TITLE}" not found; start the server with --demo`);
  const enrol = await call('POST', `/v1/courses/${course.id}/enroll`, { token, allow: [409] });
  log(`2. enrolled in "${course.title}" → ${enrol.status === 409 ? 'already enrolled' : enrol.body.status}`);
  out.enrollment = enrol.body;

  const detail = (await call('GET', `/v1/courses/${course.id}`, { token })).body;
  const lessons = detail.sections.flatMap((s) => s.lessons);
  const video = lessons.find((l) => l.contentType === 'video');
  await call('PUT', `/v1/lessons/${video.id}/progress`, { token, body: { videoPositionSeconds: 21, videoPercent: 35, timeSpentDeltaSeconds: 21, clientTimestamp: new Date(Date.now() - 5000).toISOString() } });
  await call('PUT', `/v1/lessons/${video.id}/progress`, { token, body: { videoPositionSeconds: 42, videoPercent: 70, timeSpentDeltaSeconds: 21, clientTimestamp: new Date().toISOString() } });
  const resume = (await call('GET', `/v1/courses/${course.id}/progress`, { token })).body;
  const at = resume.lessons.find((l) => l.lessonId === resume.resumeLessonId);
  log(`3. watched "${video.title}" to 0:42; another device resumes "${lessons.find((l) => l.id === resume.resumeLessonId)?.title}" at ${at?.videoPositionSeconds}s`);
  out.resume = { lessonId: resume.resumeLessonId, position: at?.videoPositionSeconds };

  for (const l of lessons.filter((x) => x.contentType !== 'quiz')) await call('POST', `/v1/lessons/${l.id}/complete`, { token });
  const afterLessons = (await call('GET', `/v1/courses/${course.id}/progress`, { token })).body;
  log(`4. finished the non-quiz lessons: ${afterLessons.progressPercent}% (${afterLessons.lessonsCompleted}/${afterLessons.lessonsTotal})`);

  const quizLesson = lessons.find((l) => l.contentType === 'quiz');
  const quiz = (await call('GET', `/v1/quizzes/${quizLesson.quizId}`, { token })).body;
  const first = (await call('POST', `/v1/quizzes/${quiz.id}/attempts`, { token })).body;
  // A hurried first try: the first option everywhere, "not sure" for short answers.
  const hurried = quiz.questions.map((q) => (q.options.length ? { questionId: q.id, optionId: q.options[0].id } : { questionId: q.id, text: 'not sure' }));
  const failed = (await call('POST', `/v1/attempts/${first.id}/submit`, { token, body: { answers: hurried } })).body;
  log(`5. quiz attempt ${failed.attemptNumber}: ${failed.score}/${failed.maxScore} (${failed.percentage}%) → ${failed.passed ? 'passed' : 'not passed'}`);
  // Learn from the feedback the quiz shows after submission.
  const learnt = failed.answers.map((a) => (a.correctOptionIds?.length ? { questionId: a.questionId, optionId: a.correctOptionIds[0] } : { questionId: a.questionId, text: a.acceptedAnswers?.[0] ?? '' }));
  const second = (await call('POST', `/v1/quizzes/${quiz.id}/attempts`, { token })).body;
  const passed = (await call('POST', `/v1/attempts/${second.id}/submit`, { token, body: { answers: learnt } })).body;
  log(`6. quiz attempt ${passed.attemptNumber}: ${passed.score}/${passed.maxScore} (${passed.percentage}%) → ${passed.passed ? 'passed' : 'not passed'}`);
  out.quiz = { first: failed.passed, second: passed.passed };

  const done = (await call('GET', `/v1/courses/${course.id}/progress`, { token })).body;
  log(`7. course ${done.enrollment.status} at ${done.progressPercent}%`);
  out.completed = done.enrollment.status === 'completed';

  const certs = (await call('GET', '/v1/me/certificates', { token })).body.data;
  const cert = certs.find((c) => c.courseId === course.id);
  if (!cert) throw new JourneyError('no certificate after completing the course');
  const verified = (await call('GET', `/v1/certificates/${cert.id}/verify`)).body;
  const page = await call('GET', `/v1/certificates/${cert.id}/html`);
  log(`8. certificate ${cert.id}: verify says valid=${verified.valid} for ${verified.recipientName}, "${verified.courseTitle}"; printable page ${page.status} (${page.headers.get('content-type')})`);
  out.certificate = { id: cert.id, valid: verified.valid, htmlStatus: page.status };

  // Rewards and community: another engineer's routes. 501 means "not built yet".
  const optional = async (label, method, path, opts, show) => {
    const r = await call(method, path, { ...opts, allow: [501] });
    if (r.status === 501) {
      out.pending.push(label);
      log(`   ${label}: not implemented on this server yet (501)`);
      return null;
    }
    log(`   ${label}: ${show(r.body)}`);
    return r.body;
  };
  log('9. rewards and community');
  out.badges = await optional('badges', 'GET', '/v1/me/badges', { token }, (b) => `${b.data.filter((x) => x.earned).map((x) => x.name).join(', ') || 'none yet'}`);
  out.points = await optional('points', 'GET', '/v1/me/points', { token }, (b) => `${b.total} points ${JSON.stringify(b.breakdown)}`);
  out.streak = await optional('streak', 'GET', '/v1/me/streak', { token }, (b) => `${b.current} day(s), longest ${b.longest}`);
  out.review = await optional('review', 'POST', `/v1/courses/${course.id}/reviews`, { token, body: { rating: 5, review: 'Clear and practical. I sampled my plot the same day.' } }, (b) => `${b.rating}★ posted`);
  const question = await optional('question', 'POST', `/v1/lessons/${video.id}/questions`, { token, body: { body: 'Should I sample before or after the first rain?' } }, (b) => `asked (${b.id})`);
  out.question = question;
  if (question) {
    const friend = await signIn(`${id}-friend`, 'Sunil Pawar');
    out.upvote = await optional('upvote', 'POST', `/v1/questions/${question.id}/upvote`, { token: friend.token }, (b) => `${b.upvoteCount} upvote(s)`);
    out.answer = await optional('answer', 'POST', `/v1/questions/${question.id}/answers`, { token: friend.token, body: { body: 'After harvest and before the rains, when the soil is workable.' } }, (b) => `answered (${b.id})`);
  }
  return out;
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('learner-journey.mjs');
if (isMain) {
  const baseUrl = process.argv[2] ?? process.env.FURROW_URL ?? 'http://localhost:8787';
  const secretKey = process.argv[3] ?? process.env.FURROW_SECRET_KEY;
  if (!secretKey) {
    console.error('usage: node examples/walkthrough/learner-journey.mjs <server-url> <secret-key>   (or FURROW_URL / FURROW_SECRET_KEY)');
    process.exit(2);
  }
  runJourney({ baseUrl, secretKey, publishableKey: process.env.FURROW_PUBLISHABLE_KEY ?? PUBLISHABLE_KEY }).then(
    (r) => {
      if (r.pending.length) console.log(`\nNot yet implemented on this server: ${r.pending.join(', ')}`);
      console.log('\nJourney complete.');
    },
    (err) => {
      console.error(`\nJourney failed: ${err.message}`);
      process.exit(1);
    },
  );
}
