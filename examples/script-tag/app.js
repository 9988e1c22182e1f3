// The co-operative's own script. Furrow does the learning; this page only listens to Furrow's
// DOM events (they bubble out of the elements) to keep its own header and sections in step.
import { load } from '/cdn/furrow.js';

const $ = (selector) => document.querySelector(selector);
const provider = $('furrow-provider');
const player = $('furrow-lesson-player');
const quiz = $('furrow-quiz');
const checkout = $('furrow-checkout');
const booking = $('furrow-booking-picker');

function toast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 3500);
}

// Language: the co-op's switch (also `?lang=hi` in the address) sets `locale` on the provider,
// which every Furrow element inside follows, and `lang` on the page. Set before the provider is
// defined, so its client asks for that language from the start.
const LANGS = ['en', 'hi', 'mr'];
function setLang(lang, { remember = false } = {}) {
  if (!LANGS.includes(lang)) lang = 'en';
  document.documentElement.lang = lang;
  provider.setAttribute('locale', lang);
  $('#lang').value = lang;
  const url = new URL(location.href);
  if (remember && url.searchParams.get('lang') !== lang) {
    url.searchParams.set('lang', lang);
    history.replaceState(history.state, '', url.href);
  }
}
setLang(new URLSearchParams(location.search).get('lang') ?? document.documentElement.lang);
$('#lang').addEventListener('change', (e) => setLang(e.target.value, { remember: true }));

// The provider holds the SDK client; it exists once the provider element is defined.
await load('furrow-provider');
const client = provider.client;

async function refreshPoints() {
  const el = $('#points');
  if (!client.getToken()) return void (el.hidden = true);
  try {
    const { total } = await client.rewards.points();
    const b = el.querySelector('b');
    if (b.textContent !== String(total)) {
      b.textContent = String(total);
      el.classList.remove('bump');
      void el.offsetWidth; // restart the animation
      el.classList.add('bump');
    }
    el.hidden = false;
  } catch {
    /* offline or signed out: keep the last number */
  }
}

function showUser(user) {
  $('#signin').hidden = !!user;
  $('#who').hidden = !user;
  $('#who-name').textContent = user ? user.name : '';
  if (user) refreshPoints();
  else $('#points').hidden = true;
}

// The co-op keeps the learner signed in across the payment page's redirect and reloads, for this
// tab only. (Furrow itself keeps tokens in memory; where to persist one is the host's choice.)
const SESSION_KEY = 'coop-furrow-session';
const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
if (saved && !client.getToken()) client.setToken(saved.token);

client.onAuthChange(({ user, token }) => {
  if (token) sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, name: user?.name ?? saved?.name ?? 'Signed in' }));
  else sessionStorage.removeItem(SESSION_KEY);
  showUser(token ? user ?? { name: saved?.name ?? 'Signed in' } : null);
});

$('#signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  try {
    const session = await client.auth.login({ email: form.get('email'), password: form.get('password') });
    showUser(session.user);
    toast(`Welcome, ${session.user.name}`);
  } catch (err) {
    toast(err.message ?? 'Could not sign in');
  }
});
$('#signout').addEventListener('click', async () => {
  await client.auth.logout().catch(() => {});
  showUser(null);
});

// Browse → learn: the catalog says which course was chosen; the page decides where it goes.
provider.addEventListener('furrow-course-select', (e) => openCourse(e.courseId));

async function openCourse(courseId) {
  const course = await client.courses.retrieve(courseId);
  $('#learn').hidden = false;
  $('#course-title').textContent = `${course.thumbnailEmoji ?? ''} ${course.title}`.trim();
  player.setAttribute('course-id', course.id);
  player.removeAttribute('lesson-id');
  const lessons = (course.sections ?? []).flatMap((s) => s.lessons ?? []);
  const quizLesson = lessons.find((l) => l.quizId);
  $('#quiz-box').hidden = !quizLesson;
  if (quizLesson) quiz.setAttribute('quiz-id', quizLesson.quizId);
  const paid = course.price && course.price.amount > 0;
  $('#buy-box').hidden = !paid;
  if (paid) checkout.setAttribute('course-id', course.id);
  const instructorId = course.instructor?.id ?? course.instructorId;
  if (instructorId) showExpert(instructorId, course.id, course.instructor?.name);
  $('#learn').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

// The booking picker shows once it knows the instructor (style.css hides it until then).
function showExpert(instructorId, courseId, name) {
  booking.setAttribute('instructor-id', instructorId);
  if (courseId) booking.setAttribute('course-id', courseId);
  else booking.removeAttribute('course-id');
  $('#expert-hint').textContent = `Calls with ${name ?? 'the instructor'}:`;
}

// Back from paying for a call: show that instructor's picker, which confirms the payment.
async function openBooking(bookingId) {
  try {
    const b = await client.bookings.retrieve(bookingId);
    showExpert(b.instructorId, b.courseId, b.instructor.name);
    $('#expert').scrollIntoView({ block: 'start' });
  } catch {
    /* signed out or not this learner's booking: nothing to confirm here */
  }
}

// Back from the payment page: reopen the course that was being bought, so its
// <furrow-checkout> (which matches the return by `furrow_ref`) can confirm the payment.
const returnRef = new URLSearchParams(location.search).get('furrow_ref') ?? '';
if (returnRef.startsWith('course:')) void openCourse(returnRef.slice('course:'.length));
if (returnRef.startsWith('booking:')) void openBooking(returnRef.slice('booking:'.length));

provider.addEventListener('furrow-lesson-complete', () => refreshPoints());
provider.addEventListener('furrow-quiz-complete', (e) => {
  toast(e.passed ? `Quiz passed — ${e.percentage ?? ''}%` : e.passed === false ? 'Not yet — have another go' : 'Submitted for grading');
  refreshPoints();
});
provider.addEventListener('furrow-badge-select', (e) => toast(e.earned ? 'You earned this badge' : 'Keep going to earn this badge'));
provider.addEventListener('furrow-checkout-complete', (e) => {
  if (e.status === 'cancelled') return toast('Payment cancelled');
  toast('Payment received — the course is yours');
  $('#buy-box').hidden = true;
  refreshPoints();
});
provider.addEventListener('furrow-booking-confirm', (e) => toast(e.status === 'confirmed' ? 'Call booked — see you then' : 'Request sent to the instructor'));
provider.addEventListener('furrow-booking-cancel', () => toast('Call cancelled'));

showUser(client.getToken() ? { name: saved?.name ?? 'Signed in' } : null);
