import { adminsContent, contentSite, onSiteSql, siteIdOf, type Who } from '../core/tenancy.js';
import { defineHandlers } from '../core/context.js';
import { badField, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import { audit } from '../shared-sql/audit.js';
import { evaluateBadges, lockLearner } from '../shared-sql/rewards.js';
import { milestonesOf, syncRoadmapProgress, toRoadmap, type RoadmapRow } from '../shared-sql/roadmaps.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { newId } from '../core/ids.js';
import { defineModule } from './module.js';

/**
 * Published roadmaps are public on their site (shared ones everywhere); drafts only to their
 * creator and the admins of their site (404 to others).
 */
async function findVisibleRoadmap(q: Queryable, id: string, who: Who): Promise<RoadmapRow> {
  const r = await q.query<RoadmapRow>(`SELECT * FROM learning_roadmaps WHERE id = $1 AND ${onSiteSql('', '$2')}`, [id, siteIdOf(who)]);
  const row = r.rows[0];
  if (!row) throw notFound('Roadmap');
  const user = who.user;
  if (!row.is_published && !(user && (user.id === row.created_by || (user.role === 'admin' && adminsContent(who, row.site_id))))) throw notFound('Roadmap');
  return row;
}

const handlers = defineHandlers({
  'roadmaps.list': async (ctx) => {
    const db = ctx.services.db;
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']);
    const r = await db.query<RoadmapRow>(
      `SELECT * FROM learning_roadmaps WHERE is_published AND ${onSiteSql('', '$4')}
         AND ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1, siteIdOf(ctx.auth)],
    );
    const rows = r.rows.slice(0, ctx.query.limit);
    const ms = await milestonesOf(db, rows.map((x) => x.id));
    const last = rows[rows.length - 1];
    return {
      data: rows.map((x) => toRoadmap(x, ms.get(x.id)!)),
      nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
    };
  },

  'roadmaps.retrieve': async (ctx) => {
    const db = ctx.services.db;
    let row = await findVisibleRoadmap(db, ctx.params.id, ctx.auth);
    if (row.is_published) {
      const r = await db.query<RoadmapRow>(`UPDATE learning_roadmaps SET view_count = view_count + 1 WHERE id = $1 RETURNING *`, [row.id]);
      row = r.rows[0] ?? row;
    }
    const ms = await milestonesOf(db, [row.id]);
    return toRoadmap(row, ms.get(row.id)!);
  },

  'roadmaps.create': async (ctx) => {
    const b = ctx.body;
    const user = ctx.auth.user!;
    return ctx.services.db.tx(async (q) => {
      const siteId = contentSite(ctx.auth, b.shared);
      // A milestone may link a published course of this site (a shared roadmap: a shared course),
      // or a draft the caller may author.
      for (const [i, m] of b.milestones.entries()) {
        if (!m.courseId) continue;
        const c = await q.query<{ ok: boolean }>(
          `SELECT (status = 'published' OR instructor_id = $2 OR $3::boolean) AS ok FROM courses
            WHERE id = $1 AND (site_id IS NULL OR site_id = $4::uuid) AND ($4::uuid IS NOT NULL OR site_id IS NULL)`,
          [m.courseId, user.id, user.role === 'admin', siteId]);
        if (!c.rows[0]?.ok) throw badField(['body', 'milestones', i, 'courseId'], 'Unknown course');
      }
      const id = newId();
      const r = await q.query<RoadmapRow>(
        `INSERT INTO learning_roadmaps (id, title, description, goal, difficulty, estimated_hours, icon_emoji, is_published, created_by, site_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [id, b.title, b.description, b.goal, b.difficulty, b.estimatedHours ?? null, b.iconEmoji ?? null, b.isPublished ?? false, user.id, siteId],
      );
      for (const [i, m] of b.milestones.entries()) {
        await q.query(
          `INSERT INTO roadmap_milestones (id, roadmap_id, position, title, description, course_id) VALUES ($1, $2, $3, $4, $5, $6)`,
          [newId(), id, i, m.title, m.description ?? null, m.courseId ?? null]);
      }
      await audit(q, ctx, { entityName: 'roadmap', entityId: id, action: 'create', newValues: b });
      const ms = await milestonesOf(q, [id]);
      return toRoadmap(r.rows[0], ms.get(id)!);
    });
  },

  'roadmaps.progress': async (ctx) => {
    const user = ctx.auth.user!;
    const row = await findVisibleRoadmap(ctx.services.db, ctx.params.id, ctx.auth);
    // Reading progress reconciles it: a course finished before the roadmap existed (or before this
    // learner opened it) counts now, and a roadmap finished that way still earns its badge.
    return ctx.services.db.tx(async (q) => {
      const at = ctx.services.now();
      await lockLearner(q, user.id);
      const progress = await syncRoadmapProgress(q, user.id, row.id, at);
      await evaluateBadges(q, user.id, at);
      return progress;
    });
  },
});

/** Learning roadmaps and each learner's progress along them. */
export const roadmapsModule = defineModule({ name: 'roadmaps', handlers });
