import type { SeedContext } from './demo.js';
import { newId } from '../core/ids.js';
import { applyRating } from '../modules/community.js';
import { onRewardEvent } from '../modules/rewards.js';
import { refreshPriority } from '../modules/questions.js';

/** Demo badges: every rule a learner meets in the first week, with names in English and Hindi. */
export const DEMO_BADGES = [
  { key: 'first-lesson', name: 'First Step / पहला कदम', emoji: '🌱', category: 'achievement', rule: 'lessons_completed', threshold: 1, points: 10,
    description: 'Completed your first lesson.' },
  { key: 'first-course', name: 'First Harvest / पहली फसल', emoji: '🌾', category: 'completion', rule: 'courses_completed', threshold: 1, points: 50,
    description: 'Completed your first course.' },
  { key: 'three-quizzes', name: 'Sharp Mind / तेज़ दिमाग', emoji: '🧠', category: 'achievement', rule: 'quizzes_passed', threshold: 3, points: 30,
    description: 'Passed three quizzes.' },
  { key: 'streak-3', name: 'Three-Day Streak / तीन दिन लगातार', emoji: '🔥', category: 'streak', rule: 'consecutive_days', threshold: 3, points: 15,
    description: 'Learned three days in a row.' },
  { key: 'streak-7', name: 'Weekly Farmer / सात दिन लगातार', emoji: '☀️', category: 'streak', rule: 'consecutive_days', threshold: 7, points: 40,
    description: 'Learned seven days in a row.' },
  { key: 'points-100', name: 'Century / सौ अंक', emoji: '💯', category: 'milestone', rule: 'points_earned', threshold: 100, points: 0,
    description: 'Earned 100 points.' },
  { key: 'milestones-2', name: 'On the Path / राह पर', emoji: '🚩', category: 'milestone', rule: 'milestones_completed', threshold: 2, points: 20,
    description: 'Reached two roadmap milestones.' },
  { key: 'roadmap-1', name: 'Roadmap Finisher / मार्ग पूरा', emoji: '🗺️', category: 'special', rule: 'roadmaps_completed', threshold: 1, points: 100,
    description: 'Finished a whole learning roadmap.' },
] as const;

/** The demo roadmap's milestones, in order, by demo course key. */
const IRRIGATION_MILESTONES = [
  { course: 'drip-irrigation', title: 'Drip basics / ड्रिप की बुनियाद', description: 'Lay out a drip system and size its emitters.' },
  { course: 'sugarcane-water', title: 'Water for sugarcane / गन्ने का पानी', description: 'Schedule irrigation for a thirsty cash crop.' },
  { course: 'solar-pump', title: 'Power it with the sun / सौर पंप', description: 'Choose and size a solar pump for your well.' },
  { course: 'monsoon-forecast', title: 'Irrigate by the forecast / मौसम के साथ सिंचाई', description: 'Skip watering when rain is coming.' },
] as const;

/** Demo learners who reviewed courses (embed-style users of the demo site, no password). */
const REVIEWERS = [
  { ext: 'demo-ramesh', name: 'Ramesh Pawar', reviews: [
    { course: 'soil-testing', rating: 5, text: 'The V-cut method was new to me. My soil card finally makes sense.' },
    { course: 'monsoon-forecast', rating: 4, text: 'ब्लॉक-स्तरीय पूर्वानुमान बहुत काम का है। और उदाहरण चाहिए।' },
  ] },
  { ext: 'demo-kavita', name: 'Kavita Deshmukh', reviews: [
    { course: 'kharif-sowing', rating: 5, text: 'खूप उपयुक्त माहिती. बियाणे निवडीचा भाग सर्वात आवडला.' },
    { course: 'soil-testing', rating: 4, text: null },
  ] },
] as const;

/**
 * Seeds badges, the "Master Smart Irrigation" roadmap, a few reviews and a lesson question with
 * an instructor's answer, so the badge shelf, roadmap and Q&A are not empty in the demo.
 *
 * @example
 * ```ts
 * export const demoSeeders: Seeder[] = [rewardsSeeder];
 * ```
 */
export async function rewardsSeeder(ctx: SeedContext): Promise<void> {
  const { q, now, users } = ctx;
  const course = (key: string): string => {
    const id = ctx.courses.get(key);
    if (!id) throw new Error(`demo-rewards: unknown demo course ${key}`);
    return id;
  };

  for (const b of DEMO_BADGES) {
    await q.query(
      `INSERT INTO badges (id, name, description, icon_emoji, category, rule, threshold, points) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (name) DO NOTHING`,
      [newId(), b.name, b.description, b.emoji, b.category, b.rule, b.threshold, b.points]);
  }

  const roadmapId = newId();
  await q.query(
    `INSERT INTO learning_roadmaps (id, title, description, goal, difficulty, estimated_hours, icon_emoji, is_published, created_by)
     VALUES ($1, $2, $3, $4, 'intermediate', $5, '💧', true, $6)`,
    [roadmapId, 'Master Smart Irrigation / स्मार्ट सिंचाई',
      'Four courses that take you from a first drip line to a solar-powered, forecast-driven irrigation plan.',
      'Use less water and power for the same harvest: drip, crop water needs, solar pumping and weather forecasts.',
      12, users.rajesh]);
  for (const [i, m] of IRRIGATION_MILESTONES.entries()) {
    await q.query(
      `INSERT INTO roadmap_milestones (id, roadmap_id, position, title, description, course_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [newId(), roadmapId, i, m.title, m.description, course(m.course)]);
  }

  const reviewerIds: string[] = [];
  for (const [i, r] of REVIEWERS.entries()) {
    const userId = newId();
    reviewerIds.push(userId);
    await q.query(
      `INSERT INTO users (id, site_id, external_id, name, role, time_zone, locale) VALUES ($1, $2, $3, $4, 'student', 'Asia/Kolkata', 'hi')`,
      [userId, ctx.siteId, r.ext, r.name]);
    for (const [j, rv] of r.reviews.entries()) {
      const courseId = course(rv.course);
      const at = new Date(now.getTime() - (i * 3 + j + 1) * 86_400_000);
      // Reviews are for enrolled learners only, so the reviewers are enrolled (free courses).
      await q.query(
        `INSERT INTO enrollments (id, user_id, course_id, access_type, status, enrolled_at) VALUES ($1, $2, $3, 'free', 'in_progress', $4)
         ON CONFLICT (user_id, course_id) DO NOTHING`,
        [newId(), userId, courseId, new Date(at.getTime() - 7 * 86_400_000)]);
      await q.query(
        `INSERT INTO course_reviews (id, course_id, user_id, rating, review, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [newId(), courseId, userId, rv.rating, rv.text, at]);
      await applyRating(q, courseId, rv.rating, null);
    }
  }

  // Drip irrigation's first lesson is a preview, so any signed-in learner may ask and read.
  const lesson = ctx.lessons.get('drip-irrigation')?.[0];
  if (!lesson) throw new Error('demo-rewards: drip-irrigation has no lessons');
  const asked = newId();
  await q.query(
    `INSERT INTO lesson_questions (id, lesson_id, course_id, user_id, body, answer_count, upvote_count, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 1, 1, $6, $6)`,
    [asked, lesson.id, course('drip-irrigation'), reviewerIds[0],
      'मेरे खेत में पानी खारा है। क्या ड्रिप के ड्रिपर जल्दी बंद हो जाएंगे? (My well water is salty — will the drippers clog quickly?)',
      new Date(now.getTime() - 2 * 86_400_000)]);
  await q.query(`INSERT INTO question_upvotes (question_id, user_id) VALUES ($1, $2)`, [asked, reviewerIds[1]]);
  await q.query(
    `INSERT INTO question_answers (id, question_id, user_id, body, is_instructor_answer, created_at) VALUES ($1, $2, $3, $4, true, $5)`,
    [newId(), asked, users.rajesh,
      'हाँ, खारे पानी में जोखिम ज़्यादा है। डिस्क फ़िल्टर लगाइए और हर 15 दिन में एसिड ट्रीटमेंट कीजिए — अगले पाठ में विधि है। (Yes: fit a disc filter and acid-flush every 15 days; the next lesson shows how.)',
      new Date(now.getTime() - 86_400_000)]);
  const open = newId();
  await q.query(
    `INSERT INTO lesson_questions (id, lesson_id, course_id, user_id, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
    [open, lesson.id, course('drip-irrigation'), reviewerIds[1], 'How far apart should laterals be for tomato on black soil?',
      new Date(now.getTime() - 3_600_000)]);
  for (const id of [asked, open]) await refreshPriority(q, id);

  await replayLearnerRewards(ctx);
}

/**
 * Earlier seed steps wrote the demo learner's enrollments and lesson progress straight into their
 * tables, without domain events; replaying them as events gives the learner the points, streak
 * and badges a real session would have earned. Lesson progress is read only if its table exists.
 */
async function replayLearnerRewards(ctx: SeedContext): Promise<void> {
  const { q, users } = ctx;
  const userId = users.learner;
  const services = { now: () => ctx.now };
  const enrolled = await q.query<{ course_id: string; access_type: string }>(
    `SELECT course_id, access_type FROM enrollments WHERE user_id = $1`, [userId]);
  for (const e of enrolled.rows) await onRewardEvent(q, { type: 'enrolled', userId, courseId: e.course_id, accessType: e.access_type }, services);
  const hasProgress = await q.query<{ t: string | null }>(`SELECT to_regclass('lesson_progress')::text AS t`);
  if (!hasProgress.rows[0].t) return;
  const done = await q.query<{ course_id: string; lesson_id: string; at: Date }>(
    `SELECT course_id, lesson_id, COALESCE(completed_at, updated_at) AS at FROM lesson_progress
     WHERE user_id = $1 AND status = 'completed' ORDER BY at`, [userId]);
  for (const d of done.rows) {
    await onRewardEvent(q, { type: 'lesson_completed', userId, courseId: d.course_id, lessonId: d.lesson_id }, { now: () => d.at });
  }
  // Learning yesterday and today: a two-day streak to keep alive.
  for (const daysAgo of [1, 0]) {
    await onRewardEvent(q, { type: 'activity', userId, at: new Date(ctx.now.getTime() - daysAgo * 86_400_000) }, services);
  }
}
