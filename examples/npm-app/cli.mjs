#!/usr/bin/env node
// A Node app that uses @furrow/sdk only — no elements, no browser: list courses, enrol, save
// progress. Run it against `npm start`:
//
//   node examples/npm-app/cli.mjs                         # demo learner (email + password)
//   FURROW_SECRET_KEY=sk_test_… node examples/npm-app/cli.mjs --sso   # your own user, via an embed token
//
// Options: --base-url URL (default http://127.0.0.1:8787), --language en|hi|mr, --json.
import { parseArgs } from 'node:util';
import { createFurrow, FurrowHttpError } from '@furrow/sdk';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string', default: process.env.FURROW_URL ?? 'http://127.0.0.1:8787' },
    language: { type: 'string', default: 'en' },
    sso: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const baseUrl = values['base-url'];
const say = values.json ? () => {} : (...a) => console.log(...a);

const client = createFurrow({ baseUrl, publishableKey: process.env.FURROW_PUBLISHABLE_KEY ?? 'pk_test_furrow_demo' });

// 1. Sign in: the demo learner, or (server to server) a token for the partner's own user.
if (values.sso) {
  const secretKey = process.env.FURROW_SECRET_KEY;
  if (!secretKey) throw new Error('--sso needs FURROW_SECRET_KEY (printed by `npm start`)');
  const admin = createFurrow({ baseUrl, publishableKey: secretKey });
  const session = await admin.auth.embedTokens.create({ externalId: 'coop-member-42', name: 'Ganesh Pawar', email: 'ganesh@coop.example' });
  client.setToken(session.token);
  say(`Signed in as ${session.user.name} (embed token, ${session.expiresAt})`);
} else {
  const session = await client.auth.login({ email: 'learner@furrow.demo', password: 'furrow-learn-demo' });
  say(`Signed in as ${session.user.name}`);
}

// 2. Browse: free courses in the chosen language (async iteration walks every page).
const courses = [];
for await (const c of client.courses.list({ language: values.language, price: 'free', limit: 5 })) courses.push(c);
say(`\n${courses.length} free ${courses.length === 1 ? 'course' : 'courses'} in "${values.language}":`);
for (const c of courses) say(`  ${c.thumbnailEmoji ?? '•'} ${c.title} — ${c.level}, ${c.durationMinutes} min`);
if (!courses.length) process.exit(0);

// 3. Enrol (enrolling twice is a 409 we can ignore).
const course = await client.courses.retrieve(courses[0].id);
try {
  await client.enrollments.create(course.id);
  say(`\nEnrolled in "${course.title}"`);
} catch (err) {
  if (!(err instanceof FurrowHttpError && err.code === 'already_enrolled')) throw err;
  say(`\nAlready enrolled in "${course.title}"`);
}

// 4. Learn: report progress on the first lesson, then complete it.
const lesson = course.sections.flatMap((s) => s.lessons)[0];
await client.progress.update(lesson.id, { videoPercent: 50, timeSpentDeltaSeconds: 120 });
await client.progress.complete(lesson.id);
const progress = await client.progress.course(course.id);
say(`Completed "${lesson.title}" — course progress ${progress.progressPercent}% (${progress.lessonsCompleted}/${progress.lessonsTotal} lessons)`);
const points = await client.rewards.points();
say(`Points: ${points.total}`);

if (values.json) console.log(JSON.stringify({ courses: courses.map((c) => c.id), enrolledCourse: course.id, completedLesson: lesson.id, progress, points: points.total }));
