// Bundled to ../dist/app.js by `npm run build` (esbuild): a plain page driven by @furrow/sdk.
import { createFurrow, isFurrowError } from '@furrow/sdk';

const client = createFurrow({ baseUrl: location.origin, publishableKey: 'pk_test_furrow_demo' });
const $ = (s) => document.querySelector(s);
const status = (text) => ($('#status').textContent = text);

async function showCourses() {
  const language = $('#language').value || undefined;
  const page = await client.courses.list({ price: 'free', limit: 12, ...(language ? { language } : {}) });
  const list = $('#courses');
  list.replaceChildren();
  for (const c of page.data) {
    const li = document.createElement('li');
    const title = document.createElement('span');
    title.textContent = `${c.thumbnailEmoji ?? '•'} ${c.title}`;
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.textContent = 'Enrol and start';
    btn.dataset.courseId = c.id;
    btn.addEventListener('click', () => start(c.id).catch(report));
    li.append(title, btn);
    list.append(li);
  }
  status(`${page.data.length} free ${page.data.length === 1 ? 'course' : 'courses'}`);
}

async function start(courseId) {
  if (!client.getToken()) return status('Sign in first');
  // Enrol unless already enrolled (course progress says so).
  if (!(await client.progress.course(courseId)).enrollment) await client.enrollments.create(courseId);
  const course = await client.courses.retrieve(courseId);
  const lesson = course.sections.flatMap((s) => s.lessons)[0];
  await client.progress.update(lesson.id, { videoPercent: 100, timeSpentDeltaSeconds: 60 });
  await client.progress.complete(lesson.id);
  const p = await client.progress.course(courseId);
  status(`Saved: "${lesson.title}" done — ${course.title} is ${p.progressPercent}% complete`);
}

function report(err) {
  status(isFurrowError(err) ? `${err.message} (${err.code})` : String(err));
}

$('#login').addEventListener('click', async () => {
  try {
    const s = await client.auth.login({ email: 'learner@furrow.demo', password: 'furrow-learn-demo' });
    status(`Signed in as ${s.user.name}`);
    $('#login').disabled = true;
  } catch (err) {
    report(err);
  }
});
$('#language').addEventListener('change', () => showCourses().catch(report));
showCourses().catch(report);
