import type { Level, Roadmap, RoadmapProgress } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { iso, isoNN } from '../core/time.js';
import { recordFact } from './rewards.js';

/** Row shape of `learning_roadmaps`. */
export interface RoadmapRow {
  id: string; title: string; description: string; goal: string; difficulty: string; estimated_hours: number | null;
  icon_emoji: string | null; icon_url: string | null; is_published: boolean; view_count: number; created_by: string | null;
  created_at: Date; updated_at: Date; site_id: string | null;
}

/** Row shape of `roadmap_milestones`. */
export interface MilestoneRow {
  id: string; roadmap_id: string; position: number; title: string; description: string | null; course_id: string | null;
}

/** Maps a roadmap and its milestones (already in order). */
export function toRoadmap(r: RoadmapRow, milestones: MilestoneRow[]): Roadmap {
  return {
    id: r.id, title: r.title, description: r.description, goal: r.goal, difficulty: r.difficulty as Level,
    estimatedHours: r.estimated_hours, iconEmoji: r.icon_emoji, iconUrl: r.icon_url, isPublished: r.is_published,
    viewCount: r.view_count, shared: r.site_id === null,
    milestones: milestones.map((m) => ({ id: m.id, order: m.position, title: m.title, description: m.description, courseId: m.course_id })),
    createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** Loads the milestones of several roadmaps, grouped by roadmap id, in order. */
export async function milestonesOf(q: Queryable, roadmapIds: string[]): Promise<Map<string, MilestoneRow[]>> {
  const by = new Map<string, MilestoneRow[]>(roadmapIds.map((id) => [id, []]));
  if (!roadmapIds.length) return by;
  const r = await q.query<MilestoneRow>(
    `SELECT id, roadmap_id, position, title, description, course_id FROM roadmap_milestones
     WHERE roadmap_id = ANY($1::uuid[]) ORDER BY roadmap_id, position`,
    [roadmapIds],
  );
  for (const m of r.rows) by.get(m.roadmap_id)!.push(m);
  return by;
}

/**
 * Recomputes a learner's progress on a roadmap from their course completions (the reward ledger
 * and completed enrollments, so a course finished before the roadmap was opened — or before it
 * existed — counts) and stores it. Milestones without a linked course are signposts: they are
 * shown but not tracked. Records `milestone_completed`/`roadmap_completed` facts for badges.
 * The caller holds `lockLearner`.
 */
export async function syncRoadmapProgress(q: Queryable, userId: string, roadmapId: string, at: Date): Promise<RoadmapProgress> {
  const ms = await q.query<{ id: string; done: boolean }>(
    `SELECT m.id, (m.course_id::text IN (
        SELECT subject_id FROM reward_events WHERE user_id = $2 AND kind = 'course_completed'
        UNION SELECT course_id::text FROM enrollments WHERE user_id = $2 AND status = 'completed')) AS done
     FROM roadmap_milestones m WHERE m.roadmap_id = $1 AND m.course_id IS NOT NULL ORDER BY m.position`,
    [roadmapId, userId],
  );
  const total = ms.rows.length;
  const done = ms.rows.filter((m) => m.done);
  const complete = total > 0 && done.length === total;
  const percent = total ? Math.floor((done.length * 100) / total) : 0;
  for (const m of done) await recordFact(q, userId, 'milestone_completed', m.id, at);
  if (complete) await recordFact(q, userId, 'roadmap_completed', roadmapId, at);
  const r = await q.query<{ started_at: Date; completed_at: Date | null }>(
    `INSERT INTO user_roadmap_progress (user_id, roadmap_id, progress_percent, completed_milestones, started_at, completed_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN $5::timestamptz END, now())
     ON CONFLICT (user_id, roadmap_id) DO UPDATE SET progress_percent = EXCLUDED.progress_percent,
       completed_milestones = EXCLUDED.completed_milestones,
       completed_at = CASE WHEN $6::boolean THEN COALESCE(user_roadmap_progress.completed_at, $5::timestamptz) END,
       updated_at = now()
     RETURNING started_at, completed_at`,
    [userId, roadmapId, percent, done.length, at, complete],
  );
  return {
    roadmapId, userId, progressPercent: percent, completedMilestones: done.length, totalMilestones: total,
    completedMilestoneIds: done.map((m) => m.id), startedAt: isoNN(r.rows[0].started_at), completedAt: iso(r.rows[0].completed_at),
  };
}

/** Syncs every roadmap that links a course (after the learner completed it). */
export async function syncRoadmapsForCourse(q: Queryable, userId: string, courseId: string, at: Date): Promise<void> {
  const r = await q.query<{ roadmap_id: string }>(
    `SELECT DISTINCT roadmap_id FROM roadmap_milestones WHERE course_id = $1`, [courseId]);
  for (const { roadmap_id } of r.rows) await syncRoadmapProgress(q, userId, roadmap_id, at);
}
