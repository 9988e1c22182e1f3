import { defineHandlers } from '../core/context.js';
import type { Queryable } from '../db/types.js';
import { onDomainEvent, type DomainEvent } from '../core/events.js';
import type { Services } from '../core/services.js';
import {
  POINTS, activityRuns, awardPoints, badgeShelf, evaluateBadges, isKnownRule, lockLearner, recordActivity, recordFact,
  ruleProgress, streakFromRuns, timeZoneOf, toBadge, type BadgeRow, type FactKind,
} from '../shared-sql/rewards.js';
import { syncRoadmapsForCourse } from '../shared-sql/roadmaps.js';
import { localDate } from '../core/time.js';
import { defineModule } from './module.js';
import { onSiteSql, siteIdOf } from '../core/tenancy.js';

/** How each event becomes a fact: its kind, subject, points and whether it counts as learning activity. */
function factOf(e: DomainEvent): { kind: FactKind; subject: string; points: number; activity: boolean } | null {
  switch (e.type) {
    case 'lesson_completed': return { kind: 'lesson_completed', subject: e.lessonId, points: POINTS.lesson_completed, activity: true };
    case 'quiz_passed': return { kind: 'quiz_passed', subject: e.quizId, points: POINTS.quiz_passed, activity: true };
    // An essay graded as passing is a passed quiz; the quiz id dedupes it against quiz_passed.
    case 'quiz_graded': return e.passed ? { kind: 'quiz_passed', subject: e.quizId, points: POINTS.quiz_passed, activity: false } : null;
    case 'course_completed': return { kind: 'course_completed', subject: e.courseId, points: POINTS.course_completed, activity: true };
    case 'enrolled': return { kind: 'enrolled', subject: e.courseId, points: 0, activity: false };
    case 'review_posted': return { kind: 'review_posted', subject: e.courseId, points: POINTS.review_posted, activity: false };
    default: return null;
  }
}

/**
 * The reward listener: turns domain events into facts, points, streak days, roadmap progress and
 * badges, in the event's transaction. Repeated events are harmless (every write is keyed).
 */
export async function onRewardEvent(q: Queryable, e: DomainEvent, services: Pick<Services, 'now'>): Promise<void> {
  if (e.type === 'question_answered' || e.type === 'access_revoked') return;
  const fact = factOf(e);
  if (!fact && e.type !== 'activity') return;
  const userId = e.userId;
  const at = e.type === 'activity' ? e.at : services.now();
  await lockLearner(q, userId);
  if (fact) {
    const isNew = await recordFact(q, userId, fact.kind, fact.subject, at);
    if (isNew && fact.points > 0) await awardPoints(q, userId, fact.kind, fact.points, fact.subject, at);
  }
  if (e.type === 'activity' || fact?.activity) await recordActivity(q, userId, at);
  if (e.type === 'course_completed') await syncRoadmapsForCourse(q, userId, e.courseId, at);
  await evaluateBadges(q, userId, at);
}

onDomainEvent(onRewardEvent);

const handlers = defineHandlers({
  'badges.list': async (ctx) => {
    const r = await ctx.services.db.query<BadgeRow>(`SELECT * FROM badges b WHERE ${onSiteSql('b', '$1')} ORDER BY category, threshold, name`, [siteIdOf(ctx.auth)]);
    return { data: r.rows.filter((b) => isKnownRule(b.rule)).map(toBadge) };
  },

  'rewards.badges': async (ctx) => ({ data: await badgeShelf(ctx.services.db, ctx.auth.user!.id) }),

  'rewards.points': async (ctx) => {
    const userId = ctx.auth.user!.id;
    const db = ctx.services.db;
    const [by, spent] = await Promise.all([
      db.query<{ reason: string; points: number }>(
        `SELECT reason, sum(points)::int AS points FROM points_ledger WHERE user_id = $1 GROUP BY reason ORDER BY reason`, [userId]),
      db.query<{ credits_spent: number }>(`SELECT credits_spent FROM user_learning_stats WHERE user_id = $1`, [userId]),
    ]);
    const breakdown = Object.fromEntries(by.rows.map((r) => [r.reason, r.points]));
    const total = by.rows.reduce((n, r) => n + r.points, 0);
    // Credits are the spendable part of the points: what was earned less what a promotion redeemed.
    return { userId, total, breakdown, credits: Math.max(0, total - (spent.rows[0]?.credits_spent ?? 0)) };
  },

  'rewards.streak': async (ctx) => {
    const userId = ctx.auth.user!.id;
    const db = ctx.services.db;
    const timeZone = await timeZoneOf(db, userId);
    const s = streakFromRuns(await activityRuns(db, userId), localDate(ctx.services.now(), timeZone));
    return { current: s.current, longest: s.longest, lastActiveDate: s.lastActiveDate, timeZone };
  },

  'rewards.stats': async (ctx) => {
    const userId = ctx.auth.user!.id;
    const db = ctx.services.db;
    const timeZone = await timeZoneOf(db, userId);
    const [progress, runs, counts, hours] = await Promise.all([
      ruleProgress(db, userId),
      activityRuns(db, userId),
      db.query<{ enrolled: number; badges: number; last_activity_at: Date | null }>(
        `SELECT (SELECT count(*)::int FROM (
                  SELECT subject_id FROM reward_events WHERE user_id = $1 AND kind = 'enrolled'
                  UNION SELECT course_id::text FROM enrollments WHERE user_id = $1) e) AS enrolled,
                (SELECT count(*)::int FROM user_badges WHERE user_id = $1) AS badges,
                (SELECT last_activity_at FROM user_learning_stats WHERE user_id = $1) AS last_activity_at`,
        [userId]),
      learningSeconds(db, userId),
    ]);
    const streak = streakFromRuns(runs, localDate(ctx.services.now(), timeZone));
    const c = counts.rows[0];
    return {
      coursesEnrolled: c.enrolled, coursesCompleted: progress.courses_completed,
      learningHours: Math.round((hours / 3600) * 100) / 100, badgesEarned: c.badges, points: progress.points_earned,
      currentStreak: streak.current, longestStreak: streak.longest,
      lastActivityAt: c.last_activity_at ? new Date(c.last_activity_at).toISOString() : null,
    };
  },
});

/**
 * Seconds of learning: the time the lesson player reported (`lesson_progress.time_spent_seconds`,
 * when the progress module's table exists), or — when that is less, e.g. text lessons read
 * offline — the nominal duration of the lessons the learner completed.
 */
async function learningSeconds(db: Queryable, userId: string): Promise<number> {
  const nominal = await db.query<{ s: number }>(
    `SELECT COALESCE(sum(l.duration_minutes * 60), 0)::int AS s FROM reward_events r JOIN lessons l ON l.id::text = r.subject_id
     WHERE r.user_id = $1 AND r.kind = 'lesson_completed'`,
    [userId]);
  const has = await db.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'lesson_progress'
       AND column_name IN ('time_spent_seconds', 'user_id') HAVING count(*) = 2`);
  let reported = 0;
  if (has.rows.length) {
    const r = await db.query<{ s: number }>(
      `SELECT COALESCE(sum(time_spent_seconds), 0)::int AS s FROM lesson_progress WHERE user_id = $1`, [userId]);
    reported = r.rows[0].s;
  }
  return Math.max(reported, nominal.rows[0].s);
}

/** Badges, points, streaks and learning stats; also the listener that awards them. */
export const rewardsModule = defineModule({ name: 'rewards', handlers });
