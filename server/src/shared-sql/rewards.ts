import { BadgeRule, type Badge, type BadgeProgress } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { newId } from '../core/ids.js';
import { isoNN, localDate } from '../core/time.js';
import { notify } from './notifications.js';

/** SQL: badge `b` exists on the site of user `$1` (shared badges, or that site's own). */
const BADGE_ON_USERS_SITE = `(b.site_id IS NULL OR b.site_id = (SELECT site_id FROM users WHERE id = $1))`;

/** Points paid per reason. Badge points come from each badge row. */
export const POINTS = {
  lesson_completed: 10,
  quiz_passed: 20,
  course_completed: 100,
  review_posted: 5,
  streak_bonus: 25,
} as const;

/** A streak bonus is paid each time a run of active days reaches a multiple of this length. */
export const STREAK_BONUS_EVERY_DAYS = 7;

/** Learning facts recorded once per learner and subject in `reward_events`. */
export type FactKind =
  | 'lesson_completed' | 'quiz_passed' | 'course_completed' | 'enrolled' | 'review_posted'
  | 'milestone_completed' | 'roadmap_completed';

const KNOWN_RULES = new Set<string>(BadgeRule.options);

/** Row shape of `badges`. */
export interface BadgeRow {
  id: string; name: string; description: string; icon_emoji: string | null; icon_url: string | null;
  category: Badge['category']; rule: string; threshold: number; points: number; created_at: Date;
}

/** Whether this server knows how to evaluate a badge rule (unknown rules are stored but ignored). */
export function isKnownRule(rule: string): rule is BadgeRule {
  return KNOWN_RULES.has(rule);
}

/** Maps a badge row (callers filter out unknown rules first). */
export function toBadge(r: BadgeRow): Badge {
  return {
    id: r.id, name: r.name, description: r.description, iconEmoji: r.icon_emoji, iconUrl: r.icon_url,
    category: r.category, rule: r.rule as BadgeRule, threshold: r.threshold, points: r.points, createdAt: isoNN(r.created_at),
  };
}

/**
 * Creates the learner's stats row if needed and locks it until the transaction ends. Every reward
 * write for a learner starts here, so two transactions rewarding the same learner run one after
 * the other and the second one counts what the first committed.
 */
export async function lockLearner(q: Queryable, userId: string): Promise<void> {
  await q.query(
    `INSERT INTO user_learning_stats (user_id) VALUES ($1)
     ON CONFLICT (user_id) DO UPDATE SET updated_at = now()`,
    [userId],
  );
}

/** Records a learning fact once; true when it is new. */
export async function recordFact(q: Queryable, userId: string, kind: FactKind, subjectId: string, at: Date): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO reward_events (user_id, kind, subject_id, occurred_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [userId, kind, subjectId, at],
  );
  return r.rows.length > 0;
}

/** Pays points once per (reason, source); true when paid now. */
export async function awardPoints(q: Queryable, userId: string, reason: string, points: number, sourceId: string, at: Date): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO points_ledger (id, user_id, reason, points, source_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id, reason, source_id) DO NOTHING RETURNING 1`,
    [newId(), userId, reason, points, sourceId, at],
  );
  if (!r.rows.length) return false;
  await q.query(`UPDATE user_learning_stats SET total_points = total_points + $2 WHERE user_id = $1`, [userId, points]);
  return true;
}

/** A run of consecutive active days. Dates are `YYYY-MM-DD` in the learner's time zone. */
export interface DayRun { start: string; end: string; length: number }

/** Runs of consecutive active days, latest first (gaps-and-islands over `user_activity_days`). */
export async function activityRuns(q: Queryable, userId: string): Promise<DayRun[]> {
  // Dates leave SQL as text: drivers would turn `date` into a Date at local midnight.
  const r = await q.query<{ start: string; end: string; length: number }>(
    `WITH d AS (SELECT day, day - (row_number() OVER (ORDER BY day))::int AS grp FROM user_activity_days WHERE user_id = $1)
     SELECT min(day)::text AS start, max(day)::text AS "end", count(*)::int AS length FROM d GROUP BY grp ORDER BY max(day) DESC`,
    [userId],
  );
  return r.rows;
}

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(day: string, n: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Current and longest streak from the runs. The current streak is the latest run if it ends
 * today or yesterday (today is not over yet, so yesterday's streak is still alive).
 */
export function streakFromRuns(runs: DayRun[], today: string): { current: number; longest: number; lastActiveDate: string | null } {
  const latest = runs[0];
  const alive = !!latest && (latest.end >= today || latest.end === addDays(today, -1));
  return {
    current: alive ? latest.length : 0,
    longest: runs.reduce((m, r) => Math.max(m, r.length), 0),
    lastActiveDate: latest?.end ?? null,
  };
}

/** The learner's time zone, falling back to UTC if the stored name is unknown to the runtime. */
export async function timeZoneOf(q: Queryable, userId: string): Promise<string> {
  const r = await q.query<{ time_zone: string }>(`SELECT time_zone FROM users WHERE id = $1`, [userId]);
  const tz = r.rows[0]?.time_zone ?? 'UTC';
  try {
    localDate(new Date(0), tz);
    return tz;
  } catch {
    return 'UTC';
  }
}

/**
 * Records learning activity at `at` on the learner's local calendar day, updates the stored
 * streak and pays a streak bonus when a run reaches a multiple of {@link STREAK_BONUS_EVERY_DAYS}.
 * The caller holds {@link lockLearner}.
 */
export async function recordActivity(q: Queryable, userId: string, at: Date): Promise<void> {
  const day = localDate(at, await timeZoneOf(q, userId));
  const inserted = await q.query(
    `INSERT INTO user_activity_days (user_id, day, first_at) VALUES ($1, $2::date, $3) ON CONFLICT DO NOTHING RETURNING 1`,
    [userId, day, at],
  );
  await q.query(
    `UPDATE user_learning_stats SET last_activity_at = GREATEST(COALESCE(last_activity_at, $2), $2) WHERE user_id = $1`,
    [userId, at],
  );
  if (!inserted.rows.length) return;
  const runs = await activityRuns(q, userId);
  const run = runs.find((r) => r.start <= day && day <= r.end)!;
  const longest = runs.reduce((m, r) => Math.max(m, r.length), 0);
  await q.query(
    `UPDATE user_learning_stats SET current_streak_days = $2, longest_streak_days = $3, last_active_date = $4::date WHERE user_id = $1`,
    [userId, runs[0].length, longest, runs[0].end],
  );
  // The day just added may have joined two runs; pay for each multiple the merged run now covers.
  for (let n = STREAK_BONUS_EVERY_DAYS; n <= run.length; n += STREAK_BONUS_EVERY_DAYS) {
    await awardPoints(q, userId, 'streak_bonus', POINTS.streak_bonus, `${run.start}+${n}`, at);
  }
}

/** Per-rule progress values for a learner. */
export type RuleProgress = Record<BadgeRule, number>;

/** Computes every rule's progress (courses also count when only the enrollment says completed). */
export async function ruleProgress(q: Queryable, userId: string): Promise<RuleProgress> {
  const r = await q.query<RuleProgress>(
    `SELECT
       (SELECT count(*)::int FROM (
          SELECT subject_id FROM reward_events WHERE user_id = $1 AND kind = 'course_completed'
          UNION SELECT course_id::text FROM enrollments WHERE user_id = $1 AND status = 'completed') c) AS courses_completed,
       (SELECT count(*)::int FROM reward_events WHERE user_id = $1 AND kind = 'quiz_passed') AS quizzes_passed,
       (SELECT count(*)::int FROM reward_events WHERE user_id = $1 AND kind = 'lesson_completed') AS lessons_completed,
       (SELECT count(*)::int FROM reward_events WHERE user_id = $1 AND kind = 'milestone_completed') AS milestones_completed,
       (SELECT count(*)::int FROM reward_events WHERE user_id = $1 AND kind = 'roadmap_completed') AS roadmaps_completed,
       COALESCE((SELECT sum(points)::int FROM points_ledger WHERE user_id = $1), 0) AS points_earned,
       COALESCE((SELECT longest_streak_days FROM user_learning_stats WHERE user_id = $1), 0) AS consecutive_days`,
    [userId],
  );
  return r.rows[0];
}

/**
 * Awards every badge the learner now qualifies for. Exactly once per badge even when two
 * transactions race: the `user_badges` primary key decides, and points and the notification
 * follow only when this transaction inserted the row. Loops because a badge's points can unlock
 * a `points_earned` badge. The caller holds {@link lockLearner}.
 *
 * @returns the badges awarded now.
 */
export async function evaluateBadges(q: Queryable, userId: string, at: Date): Promise<BadgeRow[]> {
  const awarded: BadgeRow[] = [];
  for (let round = 0; round < 20; round++) {
    const progress = await ruleProgress(q, userId);
    const open = await q.query<BadgeRow>(
      `SELECT b.* FROM badges b WHERE NOT EXISTS (SELECT 1 FROM user_badges ub WHERE ub.user_id = $1 AND ub.badge_id = b.id)
         AND ${BADGE_ON_USERS_SITE}
       ORDER BY b.threshold, b.name`,
      [userId],
    );
    let changed = false;
    for (const b of open.rows) {
      if (!isKnownRule(b.rule) || progress[b.rule] < b.threshold) continue;
      const ins = await q.query(
        `INSERT INTO user_badges (user_id, badge_id, earned_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [userId, b.id, at],
      );
      if (!ins.rows.length) continue;
      changed = true;
      awarded.push(b);
      if (b.points > 0) await awardPoints(q, userId, 'badge_earned', b.points, b.id, at);
      await notify(q, {
        userId, type: 'badge_earned', title: `Badge earned: ${b.name}`,
        message: `${b.icon_emoji ? `${b.icon_emoji} ` : ''}${b.description}`,
        relatedEntityType: 'badge', relatedEntityId: b.id, metadata: { badgeId: b.id, points: b.points, rule: b.rule },
      });
    }
    if (!changed) break;
  }
  await refreshStats(q, userId);
  return awarded;
}

/** Rewrites the learner's summary counters from the ledgers (caller holds {@link lockLearner}). */
export async function refreshStats(q: Queryable, userId: string): Promise<void> {
  await q.query(
    `UPDATE user_learning_stats SET
       total_courses_enrolled = (SELECT count(*)::int FROM (
         SELECT subject_id FROM reward_events WHERE user_id = $1 AND kind = 'enrolled'
         UNION SELECT course_id::text FROM enrollments WHERE user_id = $1) e),
       total_courses_completed = (SELECT count(*)::int FROM (
         SELECT subject_id FROM reward_events WHERE user_id = $1 AND kind = 'course_completed'
         UNION SELECT course_id::text FROM enrollments WHERE user_id = $1 AND status = 'completed') c),
       total_lessons_completed = (SELECT count(*)::int FROM reward_events WHERE user_id = $1 AND kind = 'lesson_completed'),
       total_quizzes_passed = (SELECT count(*)::int FROM reward_events WHERE user_id = $1 AND kind = 'quiz_passed'),
       total_badges_earned = (SELECT count(*)::int FROM user_badges WHERE user_id = $1),
       total_points = COALESCE((SELECT sum(points)::int FROM points_ledger WHERE user_id = $1), 0),
       updated_at = now()
     WHERE user_id = $1`,
    [userId],
  );
}

/** Every badge with known rules and the learner's standing on it (earned, or locked with progress). */
export async function badgeShelf(q: Queryable, userId: string): Promise<BadgeProgress[]> {
  const [badges, progress] = await Promise.all([
    q.query<BadgeRow & { earned_at: Date | null }>(
      `SELECT b.*, ub.earned_at FROM badges b LEFT JOIN user_badges ub ON ub.badge_id = b.id AND ub.user_id = $1
       WHERE ${BADGE_ON_USERS_SITE}
       ORDER BY (ub.earned_at IS NULL), ub.earned_at DESC, b.category, b.threshold, b.name`,
      [userId],
    ),
    ruleProgress(q, userId),
  ]);
  return badges.rows.filter((b) => isKnownRule(b.rule)).map((b) => ({
    ...toBadge(b),
    earned: b.earned_at !== null,
    earnedAt: b.earned_at ? isoNN(b.earned_at) : null,
    progress: b.earned_at !== null ? b.threshold : Math.min(Math.max(progress[b.rule as BadgeRule], 0), b.threshold),
  }));
}
