/**
 * The authorization matrix, generated from the route table: every endpoint × every kind of
 * caller × {an object of set A, of set B, of set C}. Sets A and B live on the demo site: a
 * course of instructor A with objects of learner 1, and the same for instructor B and learner
 * 2. Set C lives on a second site, made by that site's instructor and learner; a third site is
 * what the operator's site routes act on. The callers are the demo site's (anonymous, learners,
 * instructors, admin, secret key, a wrong origin, a revoked session, a deleted user), the
 * operator, and the second site's (its key alone, a learner, an instructor, an admin token, its
 * secret key).
 *
 * What each cell expects follows from the route's `access` and `scope` alone (see `expected()`),
 * and across sites from one rule (`crossSite()`): another site's objects do not exist for the
 * caller, so every cell that names one is refused, and a refused write leaves the object's row
 * exactly as it was. A route added to the table is covered without editing this file, and a
 * route the matrix does not reach fails it. Every learner-facing response is then scanned for
 * things a learner must never see, and every answer to the second site for the demo site's ids.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routes, type RouteSpec } from '@furrow/schema';
import { createTestSite, dbKinds, startTestServer, type TestServer, type TestResponse } from '../helpers.js';
import { notify } from '../../src/shared-sql/notifications.js';
import { issueCertificate } from '../../src/modules/certificates.js';
import { deadJob, deletedUserToken, principal, revokedToken, type Principal } from './support.js';
import { makeOperator, operatorToken } from '../sites/support.js';

type Home = 'anonymous' | 'learner1' | 'learner2' | 'instructorA' | 'instructorB' | 'admin' | 'operator' | 'secret' | 'wrongOrigin' | 'revoked' | 'deleted';
/** The second site's callers. */
type Away = 'siteB_key' | 'siteB_learner' | 'siteB_instructor' | 'siteB_admin' | 'siteB_secret';
type Who = Home | Away;
const HOME: Home[] = ['anonymous', 'learner1', 'learner2', 'instructorA', 'instructorB', 'admin', 'operator', 'secret', 'wrongOrigin', 'revoked', 'deleted'];
const AWAY: Away[] = ['siteB_key', 'siteB_learner', 'siteB_instructor', 'siteB_admin', 'siteB_secret'];
const WHO: Who[] = [...HOME, ...AWAY];
type SetName = 'A' | 'B' | 'C';
/** Which site a set's objects belong to. */
const SITE_OF: Record<SetName, 'demo' | 'siteB'> = { A: 'demo', B: 'demo', C: 'siteB' };

/** On its own site, a second-site caller is what the demo caller is on set A. */
const AS_HOME: Record<Away, Home> = { siteB_key: 'anonymous', siteB_learner: 'learner1', siteB_instructor: 'instructorA', siteB_admin: 'admin', siteB_secret: 'secret' };

/**
 * Fixture kinds that are shared content in sets A and B (the demo catalogue is the operator's:
 * on every site). Set C has its own of each, owned by the second site.
 */
const SHARED_IN_DEMO = new Set(['product', 'roadmap', 'article', 'video']);

/** Public by id on every site by design: a certificate is verified by anyone who holds its link (a bank). */
const PUBLIC_EVERYWHERE = new Set(['certificates.verify', 'certificates.html']);

/** Body fields that name a set's objects: a route whose body does is object-bound too. */
const BODY_BOUND = new Set(['courses.reorder', 'groups.addMember', 'products.create', 'checkout.create', 'bookings.create', 'attempts.grade']);

/** The table and volatile columns of each fixture kind, to prove a refused write changed nothing. */
const ROW_OF: Record<string, { table: string; skip?: string[] }> = {
  course: { table: 'courses', skip: ['view_count', 'updated_at'] }, section: { table: 'sections' }, lesson: { table: 'lessons' },
  quiz: { table: 'quizzes' }, quizQuestion: { table: 'quiz_questions' }, material: { table: 'course_materials' },
  enrollment: { table: 'enrollments', skip: ['last_accessed_at'] }, attempt: { table: 'quiz_attempts' }, booking: { table: 'bookings' },
  slot: { table: 'availability_slots' }, group: { table: 'learner_groups' }, product: { table: 'products' },
  purchase: { table: 'purchases' }, checkout: { table: 'checkout_sessions' }, notification: { table: 'notifications' },
  question: { table: 'lesson_questions' }, user: { table: 'users', skip: ['last_active_at', 'updated_at'] },
  roadmap: { table: 'learning_roadmaps', skip: ['view_count'] }, site: { table: 'partner_sites' },
};

/** Objects of one set. */
type Objects = Record<string, string>;

/** Routes left out of the matrix, and why. */
const SKIP: Record<string, string> = {
  'auth.logout': 'ends the caller\'s own session; covered by the revoked-session column',
  'auth.logoutAll': 'ends every session of the caller; covered by the revoked-session column',
  'webhooks.stripe': 'no key at all: the signature is the authorization (checkout-stripe tests, crash test)',
};

/** Refusals that mean "not past authorization" (a 401 for a wrong password is an answer, not a refusal). */
const AUTH_REFUSALS = new Set([
  '401 missing_publishable_key', '401 invalid_key', '401 unauthenticated', '401 session_revoked', '403 forbidden', '403 origin_not_allowed',
]);

/** Routes that destroy their object: each cell gets a fresh one. */
const DESTRUCTIVE = new Set(['courses.archive', 'sections.delete', 'lessons.delete', 'quizQuestions.delete', 'materials.delete', 'slots.delete', 'enrollments.drop', 'bookings.cancel', 'sites.delete']);

/** Which fixture a path's `:id` names. */
function kindOf(path: string): string {
  const parts = path.split('/');
  // `/v1/admin/<what>/:id`: the object is named by the segment after `admin`.
  const seg = parts[2] === 'admin' && parts[3] ? parts[3] : parts[2];
  const map: Record<string, string> = {
    courses: 'course', sections: 'section', lessons: 'lesson', materials: 'material', enrollments: 'enrollment', quizzes: 'quiz',
    'quiz-questions': 'quizQuestion', attempts: 'attempt', certificates: 'certificate', roadmaps: 'roadmap', notifications: 'notification',
    questions: 'question', groups: 'group', products: 'product', checkout: 'checkout', purchases: 'purchase', slots: 'slot', bookings: 'booking',
    users: 'user', admin: 'user', articles: 'article', videos: 'video', jobs: 'job', sites: 'site',
  };
  return map[seg] ?? seg;
}

/** Kinds that are public parents: a `self` route under them acts on the caller's own record. */
const PARENT_KINDS = new Set(['course', 'lesson', 'quiz', 'roadmap']);

interface Expect { allow: boolean; status?: number[] }

/** The rule: what a cell must answer, from `access`, `scope` and who owns the object. */
function expected(id: string, route: RouteSpec, who: Home, set: 'A' | 'B'): Expect {
  const refuse = (...status: number[]) => ({ allow: false, status });
  if (who === 'wrongOrigin') return refuse(403);
  if (route.access === 'signature') return { allow: true };
  const user = ['learner1', 'learner2', 'instructorA', 'instructorB', 'admin', 'operator'].includes(who);
  const role = who.startsWith('learner') ? 'student' : who.startsWith('instructor') ? 'instructor' : who === 'admin' ? 'admin' : who === 'operator' ? 'operator' : null;
  switch (route.access) {
    case 'public': break;
    case 'secret': if (who !== 'secret') return refuse(who === 'anonymous' || who === 'revoked' || who === 'deleted' ? 403 : 403); break;
    case 'admin': if (who === 'secret') break; if (!user) return refuse(401); if (role !== 'admin') return refuse(403); break;
    case 'user': if (!user) return refuse(401); break;
    case 'instructor': if (!user) return refuse(401); if (role === 'student' || role === 'operator') return refuse(403); break;
    // The operator's session alone; a site's secret key is refused (403), as is every site user.
    case 'operator': if (who === 'secret') return refuse(403); if (!user) return refuse(401); if (role !== 'operator') return refuse(403); return { allow: true };
  }
  // Documented refinements of the table's rules, each asserted as precisely as the rule allows:
  // - materials.download is public in the table (a plain link), but the file is for enrolled
  //   learners: callers without a valid session get 401, signed-in strangers 403 not_enrolled.
  if (id === 'materials.download' && !user) return refuse(401);
  // - attempts.retrieve: the course's instructor and admins read learners' attempts to grade them.
  if (id === 'attempts.retrieve' && (who === 'admin' || (set === 'A' ? who === 'instructorA' : who === 'instructorB'))) return { allow: true };
  // - admins may read any checkout session (support); learners only their own.
  if (id === 'checkout.retrieve' && who === 'admin') return { allow: true };
  const hasId = route.path.includes(':id');
  const kind = kindOf(route.path);
  const mine = (set === 'A' && (who === 'learner1' || who === 'instructorA')) || (set === 'B' && (who === 'learner2' || who === 'instructorB'));
  const learnerOfSet = (set === 'A' && who === 'learner1') || (set === 'B' && who === 'learner2');
  const instructorOfSet = (set === 'A' && who === 'instructorA') || (set === 'B' && who === 'instructorB');
  switch (route.scope) {
    case 'any': return { allow: true };
    case 'self':
      if (!hasId || PARENT_KINDS.has(kind)) return { allow: true };
      return learnerOfSet ? { allow: true } : refuse(404);
    case 'course-instructor':
      if (!hasId) return { allow: true };
      // scope.ts: 404 for what the caller cannot see; 403 for a published course they do not
      // teach (its id is public anyway, so nothing can be probed). The fixtures are published.
      return instructorOfSet || who === 'admin' || who === 'secret' ? { allow: true } : refuse(403, 404);
    case 'participant':
      if (!hasId) return { allow: true };
      return mine || who === 'admin' ? { allow: true } : refuse(404);
    case 'owner':
      if (id === 'groups.members') return mine || who === 'admin' ? { allow: true } : refuse(404);
      return instructorOfSet || who === 'admin' ? { allow: true } : refuse(404);
  }
  return { allow: true };
}

/**
 * The cross-site rule: a caller of one site naming another site's object. Operator routes act on
 * global objects (sites, jobs) and keep their own rule; so do certificates (public everywhere)
 * and the demo's shared content, which every site reads but only the operator's own site edits.
 * Everything else that names the object is refused — 404 for what does not exist here, 401/403
 * where the caller's credentials already fail, 400 where a body field names a foreign object.
 */
function crossSite(id: string, route: RouteSpec, who: Who, set: SetName): Expect | null {
  const away = (AWAY as string[]).includes(who);
  // The operator signs in through the demo site's key here: the second site's content is foreign to it too.
  const foreign = away ? SITE_OF[set] === 'demo' : SITE_OF[set] === 'siteB';
  if (!foreign) return null;
  if (route.access === 'operator' || route.access === 'signature' || PUBLIC_EVERYWHERE.has(id)) return null;
  const kind = kindOf(route.path);
  const bound = route.path.includes(':id') || BODY_BOUND.has(id);
  if (!bound) return null;
  if (SHARED_IN_DEMO.has(kind) && SITE_OF[set] === 'demo' && route.path.includes(':id')) {
    if (route.method === 'GET') return null;
    return { allow: false, status: [401, 403, 404] };
  }
  return { allow: false, status: [400, 401, 403, 404] };
}

/** The caller and set the single-site rule should judge a cell as (second-site callers at home on set C). */
function ruleFor(who: Who, set: SetName): { who: Home; set: 'A' | 'B' } {
  if ((AWAY as string[]).includes(who)) return { who: AS_HOME[who as Away], set: 'A' };
  return { who: who as Home, set: set === 'C' ? 'A' : set };
}

const urls = { successUrl: 'https://coop.example.org/ok', cancelUrl: 'https://coop.example.org/cancel' };

for (const kind of dbKinds().slice(0, 1)) {
  describe(`authorization matrix (${kind})`, () => {
    let server: TestServer;
    const p = {} as Record<'learner1' | 'learner2' | 'instructorA' | 'instructorB' | 'admin' | 'operator' | 'revoked' | 'deleted' | 'siteB_learner' | 'siteB_instructor' | 'siteB_admin', Principal>;
    /** The second site's keys. */
    let siteB: { siteId: string; publishableKey: string; secretKey: string };
    const awayResponses: { who: Who; route: string; text: string; sent: string }[] = [];
    const homeListResponses: { who: Who; route: string; text: string }[] = [];
    const sets = {} as Record<SetName, Objects>;
    const learnerResponses: { who: Who; route: string; text: string }[] = [];
    let hour = 200;
    let cells = 0;

    async function ok<T = any>(r: Promise<TestResponse<T>>, what: string): Promise<T> {
      const x = await r;
      assert.ok(x.status < 300, `${what}: ${x.status} ${x.text}`);
      return x.body;
    }

    const slotWindow = () => {
      const start = new Date(Date.now() + (hour += 2) * 3_600_000);
      start.setUTCMinutes(0, 0, 0);
      return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString() };
    };

    /** A fresh object of `kind` in `set` (for destructive routes). */
    async function fresh(kindName: string, set: SetName): Promise<string> {
      const o = sets[set];
      const t = set === 'A' ? p.instructorA.token : set === 'B' ? p.instructorB.token : p.siteB_instructor.token;
      const l = set === 'A' ? p.learner1.token : set === 'B' ? p.learner2.token : p.siteB_learner.token;
      const s = keyed(set === 'C' ? siteB.publishableKey : server.publishableKey);
      switch (kindName) {
        case 'course': return (await ok(s.request('POST', '/v1/courses', { token: t, body: { title: `Fresh ${set}`, description: 'x', category: 'irrigation', level: 'beginner', languages: ['en'] } }), 'course')).id;
        case 'section': return (await ok(s.request('POST', `/v1/courses/${o.course}/sections`, { token: t, body: { title: 'Fresh section' } }), 'section')).id;
        case 'lesson': return (await ok(s.request('POST', `/v1/sections/${o.section}/lessons`, { token: t, body: { title: 'Fresh lesson', contentType: 'text', status: 'private', body: 'x' } }), 'lesson')).id;
        case 'quizQuestion': return (await ok(s.request('POST', `/v1/quizzes/${o.quiz}/questions`, { token: t, body: { type: 'true_false', text: 'Fresh?', options: [{ text: 'True', isCorrect: true }, { text: 'False', isCorrect: false }] } }), 'question')).id;
        case 'material': return (await ok(s.request('POST', `/v1/courses/${o.course}/materials?fileName=fresh.txt&title=Fresh`, { token: t, rawBody: 'fresh', headers: { 'content-type': 'text/plain' } }), 'material')).id;
        case 'slot': return (await ok(s.request('POST', '/v1/slots', { token: t, body: slotWindow() }), 'slot')).id;
        case 'site': return (await createTestSite(server.db, { name: `Fresh site ${set}`, origins: ['https://fresh.example'] })).siteId;
        case 'enrollment': {
          const c = await fresh('course', set);
          const sec = (await ok(s.request('POST', `/v1/courses/${c}/sections`, { token: t, body: { title: 'S' } }), 'sec')).id;
          await ok(s.request('POST', `/v1/sections/${sec}/lessons`, { token: t, body: { title: 'L', contentType: 'text', status: 'public', body: 'x' } }), 'lesson');
          await ok(s.request('PATCH', `/v1/courses/${c}`, { token: t, body: { status: 'published' } }), 'publish');
          return (await ok(s.request('POST', `/v1/courses/${c}/enroll`, { token: l }), 'enroll')).id;
        }
        case 'booking': {
          const slot = await fresh('slot', set);
          return (await ok(s.request('POST', '/v1/bookings', { token: l, body: { slotId: slot } }), 'booking')).id;
        }
      }
      throw new Error(`no factory for ${kindName}`);
    }

    /** The test server, with requests carrying `key` unless they say otherwise. */
    function keyed(key: string): Pick<TestServer, 'request'> {
      return { request: (method, path, opts = {}) => server.request(method, path, { key, ...opts }) };
    }

    async function buildSet(set: SetName, instructor: Principal, learner: Principal, admin: Principal): Promise<Objects> {
      const s = keyed(set === 'C' ? siteB.publishableKey : server.publishableKey);
      const t = instructor.token;
      const o: Objects = {};
      o.course = (await ok(s.request('POST', '/v1/courses', { token: t, body: { title: `Matrix course ${set}`, description: 'Matrix', category: 'soil-health', level: 'beginner', languages: ['en', 'hi'] } }), 'course')).id;
      o.section = (await ok(s.request('POST', `/v1/courses/${o.course}/sections`, { token: t, body: { title: 'Part one' } }), 'section')).id;
      o.lesson = (await ok(s.request('POST', `/v1/sections/${o.section}/lessons`, { token: t, body: { title: 'Lesson one', contentType: 'text', status: 'public', body: 'Soil pH.' } }), 'lesson')).id;
      o.quiz = (await ok(s.request('POST', `/v1/courses/${o.course}/quizzes`, { token: t, body: { title: 'Quiz', lessonId: null, showCorrectAnswers: false } }), 'quiz')).id;
      const q = await ok(s.request('POST', `/v1/quizzes/${o.quiz}/questions`, { token: t, body: { type: 'multiple_choice', text: 'Best pH for rice?', options: [{ text: 'SECRET-RIGHT-6.5', isCorrect: true }, { text: '3', isCorrect: false }] } }), 'question');
      o.quizQuestion = q.id;
      o.correctOptionId = q.options.find((x: { isCorrect: boolean }) => x.isCorrect).id;
      o.material = (await ok(s.request('POST', `/v1/courses/${o.course}/materials?fileName=notes.txt&title=Notes`, { token: t, rawBody: 'notes', headers: { 'content-type': 'text/plain' } }), 'material')).id;
      await ok(s.request('PATCH', `/v1/courses/${o.course}`, { token: t, body: { status: 'published' } }), 'publish');
      o.enrollment = (await ok(s.request('POST', `/v1/courses/${o.course}/enroll`, { token: learner.token }), 'enroll')).id;
      await ok(s.request('PUT', `/v1/lessons/${o.lesson}/progress`, { token: learner.token, body: { timeSpentDeltaSeconds: 30 } }), 'progress');
      o.attempt = (await ok(s.request('POST', `/v1/quizzes/${o.quiz}/attempts`, { token: learner.token }), 'attempt')).id;
      o.review = (await ok(s.request('POST', `/v1/courses/${o.course}/reviews`, { token: learner.token, body: { rating: 4, review: 'Useful' } }), 'review')).id;
      o.question = (await ok(s.request('POST', `/v1/lessons/${o.lesson}/questions`, { token: learner.token, body: { body: 'How often to test soil?' } }), 'question')).id;
      o.slot = (await ok(s.request('POST', '/v1/slots', { token: t, body: slotWindow() }), 'slot')).id;
      const bookedSlot = (await ok(s.request('POST', '/v1/slots', { token: t, body: slotWindow() }), 'slot')).id;
      o.booking = (await ok(s.request('POST', '/v1/bookings', { token: learner.token, body: { slotId: bookedSlot } }), 'booking')).id;
      o.group = (await ok(s.request('POST', '/v1/groups', { token: t, body: { name: `Cohort ${set}`, type: 'cohort', courseId: o.course } }), 'group')).id;
      await ok(s.request('POST', `/v1/groups/${o.group}/members`, { token: t, body: { userId: learner.userId } }), 'member');
      o.notification = await server.db.tx((q) => notify(q, { userId: learner.userId, type: 'system', title: `For ${set}`, message: 'Hello' }));
      // A paid demo course bought through the sandbox: checkout session and purchase.
      const paid = await server.db.query<{ id: string }>(`SELECT id FROM courses WHERE price_amount > 0 AND status = 'published' AND site_id IS NULL ORDER BY title LIMIT 1`);
      const cs = await ok(s.request('POST', '/v1/checkout/sessions', { token: learner.token, body: { courseId: paid.rows[0].id, ...urls } }), 'checkout');
      o.checkout = cs.id;
      const page = await (await fetch(cs.url)).text();
      const formToken = /name="token" value="([^"]*)"/.exec(page)?.[1] ?? '';
      const pay = await fetch(`${cs.url}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: formToken, method: 'upi' }) });
      assert.equal(pay.status, 303, await pay.text());
      o.purchase = (await server.db.query<{ id: string }>(`SELECT id FROM purchases WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`, [learner.userId])).rows[0].id;
      o.user = learner.userId;
      // Sites and jobs are the operator's, on no site: the third site is what its routes act on.
      o.site = (await createTestSite(server.db, { name: `Matrix site ${set}`, origins: [`https://${set.toLowerCase()}.matrix.example`] })).siteId;
      o.job = await deadJob(server.db, 'matrix.fixture', { set });
      // The learner's certificate for the course, as a completion issues it.
      o.certificate = await server.db.tx((q) => issueCertificate(q, server.services, learner.userId, o.course));
      if (set !== 'C') {
        // The demo catalogue's shared content.
        o.product = (await server.db.query<{ id: string }>(`SELECT id FROM products WHERE site_id IS NULL ORDER BY id LIMIT 1`)).rows[0].id;
        o.roadmap = (await server.db.query<{ id: string }>(`SELECT id FROM learning_roadmaps WHERE site_id IS NULL ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
        o.article = (await server.db.query<{ id: string }>(`SELECT id FROM articles WHERE site_id IS NULL ORDER BY id LIMIT 1`)).rows[0].id;
        o.video = (await server.db.query<{ id: string }>(`SELECT id FROM videos WHERE site_id IS NULL ORDER BY id LIMIT 1`)).rows[0].id;
        return o;
      }
      // The second site's own product, roadmap, article and video.
      o.product = (await ok(s.request('POST', '/v1/products', { token: admin.token, body: { name: 'Site B bundle', description: 'x', price: { amount: 100, currency: 'INR' }, courseIds: [o.course], status: 'public' } }), 'product')).id;
      o.roadmap = (await ok(s.request('POST', '/v1/roadmaps', { token: t, body: { title: 'Site B path', description: 'x', goal: 'x', difficulty: 'beginner', isPublished: true, milestones: [{ title: 'One', courseId: o.course }] } }), 'roadmap')).id;
      o.article = (await ok(s.request('POST', '/v1/articles', { token: t, body: { title: 'Site B article', excerpt: 'x', content: 'x', category: 'weather', languages: ['en'] } }), 'article')).id;
      o.video = (await ok(s.request('POST', '/v1/videos', { token: t, body: { title: 'Site B video', category: 'weather', languages: ['en'], source: { provider: 'self_hosted', url: 'https://example.org/b.mp4' } } }), 'video')).id;
      return o;
    }

    /** A valid body for a route, aimed at set `o` (so refusals come from authorization, not validation). */
    function bodyFor(id: string, o: Objects, other: Principal): { body?: unknown; raw?: string; type?: string; query?: string } {
      switch (id) {
        case 'auth.signup': return { body: { email: `m${Math.random().toString(36).slice(2, 8)}@example.org`, password: 'correct horse battery', name: 'Matrix' } };
        case 'auth.login': return { body: { email: 'nobody@example.org', password: 'wrong password here' } };
        case 'auth.confirmEmail': return { body: { token: 'x'.repeat(30) } };
        case 'auth.requestPasswordReset': return { body: { email: 'nobody@example.org' } };
        case 'auth.confirmPasswordReset': return { body: { token: 'x'.repeat(30), password: 'matrix new password' } };
        case 'me.update': return { body: { locale: 'hi' } };
        case 'embedTokens.create': return { body: { externalId: `m-${Math.random().toString(36).slice(2)}`, name: 'Matrix' } };
        case 'admin.users.update': return { body: { name: 'Renamed by matrix' } };
        case 'courses.create': return { body: { title: 'Matrix new', description: 'x', category: 'weather', level: 'beginner', languages: ['en'] } };
        case 'courses.update': return { body: { description: 'Edited by the matrix' } };
        case 'courses.reorder': return { body: { sections: [{ id: o.section, lessonIds: [o.lesson] }] } };
        case 'sections.create': return { body: { title: 'Another section', status: 'private' } };
        case 'sections.update': return { body: { title: 'Renamed section' } };
        case 'lessons.create': return { body: { title: 'Another lesson', contentType: 'text', status: 'private', body: 'x' } };
        case 'lessons.update': return { body: { description: 'Edited' } };
        case 'articles.create': return { body: { title: 'Matrix article', excerpt: 'x', content: 'x', category: 'weather', languages: ['en'] } };
        case 'videos.create': return { body: { title: 'Matrix video', category: 'weather', languages: ['en'], source: { provider: 'html5', url: 'https://example.org/v.mp4' } } };
        case 'materials.upload': return { raw: 'matrix notes', type: 'text/plain', query: "fileName=matrix.txt&title=Matrix" };
        case 'progress.update': return { body: { timeSpentDeltaSeconds: 5 } };
        case 'progress.flag': return { body: { status: 'flagged' } };
        case 'quizzes.create': return { body: { title: 'Another quiz' } };
        case 'quizzes.update': return { body: { description: 'Edited' } };
        case 'quizQuestions.create': return { body: { type: 'true_false', text: 'Another?', options: [{ text: 'True', isCorrect: true }, { text: 'False', isCorrect: false }] } };
        case 'quizQuestions.update': return { body: { points: 2 } };
        case 'attempts.submit': return { body: { answers: [] } };
        case 'attempts.grade': return { body: { grades: [{ questionId: o.quizQuestion, pointsEarned: 1 }] } };
        case 'roadmaps.create': return { body: { title: 'Matrix roadmap', goal: 'x', milestones: [] } };
        case 'reviews.create': return { body: { rating: 5, review: 'Matrix review' } };
        case 'questions.create': return { body: { body: 'A matrix question?' } };
        case 'answers.create': return { body: { body: 'A matrix answer' } };
        case 'groups.create': return { body: { name: 'Matrix group', type: 'study_group' } };
        case 'groups.addMember': return { body: { userId: other.userId } };
        case 'products.create': return { body: { name: 'Matrix product', description: 'x', price: { amount: 100, currency: 'INR' }, courseIds: [o.course] } };
        case 'products.update': return { body: { description: 'Edited' } };
        case 'checkout.create': return { body: { courseId: o.course, ...urls } };
        case 'purchases.refund': return { body: { reason: 'matrix' } };
        case 'slots.create': return { body: (() => { const w = new Date(Date.now() + (hour += 2) * 3_600_000); w.setUTCMinutes(0, 0, 0); return { startsAt: w.toISOString(), endsAt: new Date(w.getTime() + 1_800_000).toISOString() }; })() };
        case 'bookings.create': return { body: { slotId: o.slot } };
        case 'bookings.cancel': return { body: { reason: 'matrix' } };
        case 'operator.login': return { body: { email: 'nobody@example.org', password: 'wrong password here' } };
        case 'sites.create': return { body: { name: 'Matrix new site', allowedOrigins: ['https://new.matrix.example'] } };
        case 'sites.update': return { body: { name: 'Renamed by the matrix', addOrigins: ['https://more.matrix.example'] } };
        case 'sites.rotateKey': return { body: { kind: 'publishable', expireOldInSeconds: 3600 } };
        case 'sites.createAdmin': return { body: { email: `admin-${Math.random().toString(36).slice(2, 8)}@matrix.example` } };
        default: return {};
      }
    }

    function headersOf(who: Who): { key: string | null; token: string | null; headers: Record<string, string> } {
      switch (who) {
        case 'anonymous': return { key: server.publishableKey, token: null, headers: {} };
        case 'secret': return { key: server.secretKey, token: null, headers: {} };
        case 'wrongOrigin': return { key: server.publishableKey, token: p.learner1.token, headers: { origin: 'https://evil.example' } };
        case 'siteB_key': return { key: siteB.publishableKey, token: null, headers: {} };
        case 'siteB_secret': return { key: siteB.secretKey, token: null, headers: {} };
        case 'siteB_learner': case 'siteB_instructor': case 'siteB_admin': return { key: siteB.publishableKey, token: p[who].token, headers: {} };
        default: return { key: server.publishableKey, token: p[who].token, headers: {} };
      }
    }

    /** The stored row of a fixture, volatile counters left out, to compare before and after a refused write. */
    async function rowOf(kindName: string, id: string): Promise<string | null> {
      const spec = ROW_OF[kindName];
      if (!spec || !id) return null;
      const r = await server.db.query<{ j: Record<string, unknown> }>(`SELECT to_jsonb(t) AS j FROM ${spec.table} t WHERE id = $1`, [id]);
      const row = r.rows[0]?.j;
      if (!row) return 'gone';
      for (const k of spec.skip ?? []) delete row[k];
      return JSON.stringify(row);
    }

    before(async () => {
      server = await startTestServer(kind, { writeRateLimitPerMinute: false });
      const s = server;
      const adminToken = await s.login('admin');
      p.admin = { token: adminToken, userId: (await s.request('GET', '/v1/me', { token: adminToken })).body.id, email: s.accounts.admin.email };
      p.learner1 = await principal(s, 'student', 'learner1');
      p.learner2 = await principal(s, 'student', 'learner2');
      p.instructorA = await principal(s, 'instructor', 'instructorA');
      p.instructorB = await principal(s, 'instructor', 'instructorB');
      p.revoked = await revokedToken(s);
      p.deleted = await deletedUserToken(s, adminToken);
      const op = await makeOperator(s.db);
      p.operator = { token: await operatorToken(s.url, op), userId: '', email: op.email };
      // The second site: its own learner, instructor and admin (the operator let its key mint admins).
      siteB = await createTestSite(s.db, { name: 'Matrix second site', origins: ['https://b.matrix.example'], maxEmbedRole: 'admin' });
      const viaB = { ...s, secretKey: siteB.secretKey } as TestServer;
      p.siteB_learner = await principal(viaB, 'student', 'siteB_learner');
      p.siteB_instructor = await principal(viaB, 'instructor', 'siteB_instructor');
      p.siteB_admin = await principal(viaB, 'admin', 'siteB_admin');
      sets.A = await buildSet('A', p.instructorA, p.learner1, p.admin);
      sets.B = await buildSet('B', p.instructorB, p.learner2, p.admin);
      sets.C = await buildSet('C', p.siteB_instructor, p.siteB_learner, p.siteB_admin);
    });
    after(() => server.close());

    /** The learner who owns a set's objects, and another learner on the same site. */
    const ownerOf = (set: SetName) => (set === 'A' ? p.learner1 : set === 'B' ? p.learner2 : p.siteB_learner);
    const otherOf = (set: SetName) => (set === 'A' ? p.learner2 : set === 'B' ? p.learner1 : p.siteB_learner);

    /** One cell: builds the request, sends it, judges it; returns a failure line or null. */
    async function cell(id: string, route: RouteSpec, who: Who, set: SetName): Promise<string | null> {
      const o = sets[set];
      const rule = ruleFor(who, set);
      const exp = crossSite(id, route, who, set) ?? expected(id, route, rule.who, rule.set);
      const kindName = kindOf(route.path);
      let objectId = o[kindName] ?? '';
      if (route.path.includes(':id') && !objectId) return `${id}: no fixture of kind "${kindName}" in set ${set} — give the matrix one`;
      if (DESTRUCTIVE.has(id)) objectId = await fresh(kindName, set);
      let path = route.path.replace(':userId', o.user).replace(':id', objectId);
      const b = bodyFor(id, o, otherOf(set));
      if (b.query) path += `?${b.query}`;
      if (id === 'attempts.submit' && exp.allow) {
        // Submitting ends the attempt: give the owner a fresh one.
        const key = set === 'C' ? siteB.publishableKey : server.publishableKey;
        path = route.path.replace(':id', (await ok(server.request('POST', `/v1/quizzes/${o.quiz}/attempts`, { key, token: ownerOf(set).token }), 'attempt')).id);
      }
      const write = route.method !== 'GET' && !exp.allow;
      const before = write ? await rowOf(kindName, objectId) : null;
      const h = headersOf(who);
      const r = await server.request(route.method, path, {
        key: h.key, token: h.token, headers: { ...h.headers, ...(b.type ? { 'content-type': b.type } : {}) },
        ...(b.raw !== undefined ? { rawBody: b.raw } : b.body !== undefined ? { body: b.body } : {}),
      });
      cells++;
      const line = `${id} ${route.method} ${path}`;
      if (who === 'learner1' || who === 'learner2' || who === 'anonymous' || who === 'revoked' || who === 'deleted') learnerResponses.push({ who, route: line, text: r.text });
      if ((AWAY as string[]).includes(who)) awayResponses.push({ who, route: line, text: r.text, sent: JSON.stringify(b.body ?? '') });
      else if (set === 'C' && route.method === 'GET') homeListResponses.push({ who, route: line, text: r.text });
      const code = r.body?.error?.code as string | undefined;
      let good: boolean;
      if (exp.allow) {
        // Allowed: past authorization. Business refusals (409 conflict, 403 "enrol first",
        // 400 for a state the fixture is in) are fine; 401, 403 forbidden and 404 are not.
        good = !AUTH_REFUSALS.has(`${r.status} ${code}`) && !(r.status === 404 && code === 'not_found') && r.status < 500;
      } else {
        good = exp.status!.includes(r.status);
      }
      if (!good) return `${line} as ${who} on set ${set}: expected ${exp.allow ? 'allowed' : exp.status!.join('/')}, got ${r.status} ${r.text.slice(0, 160)}`;
      if (write && before !== null) {
        const afterRow = await rowOf(kindName, objectId);
        if (afterRow !== before) return `${line} as ${who} on set ${set}: refused (${r.status}) but the ${kindName} changed`;
      }
      return null;
    }

    it('every cell answers as the route table says, on three sites', async () => {
      const failures: string[] = [];
      const table = Object.entries(routes) as [string, RouteSpec][];
      for (const id of Object.keys(SKIP)) assert.ok(id in routes, `SKIP names ${id}, which is not in the route table`);
      // Destructive routes last, so the shared fixtures stay intact for everything else.
      table.sort(([a], [b]) => Number(DESTRUCTIVE.has(a)) - Number(DESTRUCTIVE.has(b)));
      const perRoute = new Map<string, number>();
      let crossCells = 0;
      for (const [id, route] of table) {
        if (SKIP[id]) continue;
        for (const set of ['A', 'B', 'C'] as SetName[]) {
          for (const who of WHO) {
            const before = cells;
            const f = await cell(id, route, who, set);
            if (f) failures.push(f);
            perRoute.set(id, (perRoute.get(id) ?? 0) + cells - before);
            if (crossSite(id, route, who, set)) crossCells++;
          }
        }
      }
      // Every route of the table is in the matrix: a route with no cell fails it.
      const missing = table.map(([id]) => id).filter((id) => !SKIP[id] && !perRoute.get(id));
      assert.deepEqual(missing, [], `routes the matrix did not reach: ${missing.join(', ')}`);
      console.log(`[authz] ${cells} cells (${Object.keys(routes).length - Object.keys(SKIP).length} routes × ${WHO.length} callers × 3 object sets on 3 sites), ${crossCells} cross-site, ${failures.length} wrong`);
      assert.equal(failures.length, 0, `${failures.length} cells wrong:\n${failures.slice(0, 80).map((f) => f.slice(0, 260)).join('\n')}`);
    });

    it('no answer to one site carries another site\'s private objects', () => {
      const demoIds = (['A', 'B'] as SetName[]).flatMap((set) => ['course', 'section', 'lesson', 'quiz', 'enrollment', 'attempt', 'review', 'question', 'slot', 'booking', 'group', 'notification', 'checkout', 'purchase', 'user']
        .map((k) => ({ k: `${k} of set ${set}`, id: sets[set][k] })));
      const siteBIds = ['course', 'section', 'lesson', 'quiz', 'enrollment', 'attempt', 'review', 'question', 'slot', 'booking', 'group', 'notification', 'checkout', 'purchase', 'user', 'product', 'roadmap', 'article', 'video']
        .map((k) => ({ k: `${k} of set C`, id: sets.C[k] }));
      const problems: string[] = [];
      // The path and the body carry the ids asked for (an error may name them back); only ids the caller did not send count.
      for (const r of awayResponses) for (const x of demoIds) if (x.id && r.text.includes(x.id) && !r.route.includes(x.id) && !r.sent.includes(x.id)) problems.push(`${x.k} in ${r.route} (${r.who})`);
      for (const r of homeListResponses) for (const x of siteBIds) if (x.id && r.text.includes(x.id) && !r.route.includes(x.id)) problems.push(`${x.k} in ${r.route} (${r.who})`);
      assert.ok(awayResponses.length > 100 && homeListResponses.length > 50);
      assert.deepEqual([...new Set(problems)].slice(0, 40), []);
    });

    it('no learner-facing response carries answer keys, password hashes, secret keys, others\' tokens or emails', () => {
      assert.ok(learnerResponses.length > 100);
      const problems: string[] = [];
      const secrets = [server.secretKey, siteB.secretKey, p.admin.token, p.operator.token, p.instructorA.token, p.instructorB.token, sets.A.correctOptionId, sets.B.correctOptionId, 'SECRET-RIGHT-6.5'];
      for (const r of learnerResponses) {
        // The option's text is shown to learners (it is one of the choices); only whether it is right is secret.
        const scrubbed = r.text.split('SECRET-RIGHT-6.5').join('');
        const own = r.who === 'learner1' ? p.learner1 : r.who === 'learner2' ? p.learner2 : null;
        const others = [p.learner1, p.learner2, p.instructorA, p.instructorB].filter((x) => x !== own);
        // The API description names every field; it holds no data.
        if (r.route.startsWith('system.openapi')) continue;
        // After submission a learner learns whether each of their own answers was right
        // (`answers[].isCorrect`); which option is right stays hidden unless the quiz shows it.
        const graded = r.route.startsWith('attempts.');
        if (!graded && /"isCorrect"/.test(r.text)) problems.push(`isCorrect in ${r.route} (${r.who})`);
        if (/"acceptedAnswers"/.test(r.text)) problems.push(`acceptedAnswers in ${r.route} (${r.who})`);
        if (/"correctOptionIds?"/.test(r.text)) problems.push(`correct option ids in ${r.route} (${r.who})`);
        if (/scrypt\$|argon2|\$2[aby]\$/.test(r.text)) problems.push(`password hash in ${r.route} (${r.who})`);
        if (/sk_(test|live)_/.test(r.text)) problems.push(`secret key in ${r.route} (${r.who})`);
        for (const x of secrets.slice(0, 6)) if (r.text.includes(x)) problems.push(`another user's token or key in ${r.route} (${r.who})`);
        for (const o of others) {
          if (r.text.includes(o.token)) problems.push(`token of ${o.email} in ${r.route} (${r.who})`);
          if (r.text.includes(o.email)) problems.push(`email ${o.email} in ${r.route} (${r.who})`);
        }
        // Another learner's private objects never show up in a learner's (or a stranger's) answers.
        const foreign = r.who === 'learner1' ? ['B'] : r.who === 'learner2' ? ['A'] : ['A', 'B'];
        for (const set of foreign as SetName[]) {
          for (const k of ['enrollment', 'attempt', 'notification', 'checkout', 'purchase', 'booking']) {
            if (r.text.includes(sets[set][k])) problems.push(`${k} of set ${set} in ${r.route} (${r.who})`);
          }
        }
        // A correct option id may appear only once the attempt is submitted (showCorrectAnswers is off here: never).
        for (const cid of [sets.A.correctOptionId, sets.B.correctOptionId]) {
          if (scrubbed.includes(cid) && /"options"/.test(r.text) && /"isCorrect"|"correct"/.test(r.text)) problems.push(`correct option marked in ${r.route} (${r.who})`);
        }
      }
      assert.deepEqual([...new Set(problems)], []);
    });
  });
}
