import { ERROR_CODES, type Group, type Review } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { HttpError, badField, forbidden, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import type { AuthUser } from '../core/context.js';
import { emit } from '../core/events.js';
import { audit } from '../shared-sql/audit.js';
import { courseVisible, findCourse, viewerOf } from '../shared-sql/courses.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { newId } from '../core/ids.js';
import { isoNN } from '../core/time.js';
import { defineModule } from './module.js';
import { onSiteSql, siteIdOf } from '../core/tenancy.js';

interface ReviewRow {
  id: string; course_id: string; user_id: string; rating: number; review: string | null; created_at: Date; updated_at: Date;
  user_name: string; user_image_url: string | null;
}

const REVIEW_SELECT = `SELECT r.*, u.name AS user_name, u.image_url AS user_image_url FROM course_reviews r JOIN users u ON u.id = r.user_id`;

function toReview(r: ReviewRow): Review {
  return {
    id: r.id, courseId: r.course_id, user: { id: r.user_id, name: r.user_name, imageUrl: r.user_image_url },
    rating: r.rating, review: r.review, createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/**
 * Folds one rating into the course's stored average under the course row lock. Incremental, not
 * recomputed from `course_reviews`, because courses carry ratings imported from before Furrow held
 * their reviews (seed 001 `rating`); the locked UPDATE reads the latest row, so it stays exact.
 *
 * @param previous the learner's earlier rating when the review replaces one, else null.
 */
export async function applyRating(q: Queryable, courseId: string, rating: number, previous: number | null): Promise<void> {
  if (previous === null) {
    await q.query(
      `UPDATE courses SET rating_avg = LEAST(5, GREATEST(0, (rating_avg * rating_count + $2) / (rating_count + 1))),
         rating_count = rating_count + 1, updated_at = now() WHERE id = $1`,
      [courseId, rating]);
  } else if (previous !== rating) {
    await q.query(
      `UPDATE courses SET rating_avg = CASE WHEN rating_count > 0
           THEN LEAST(5, GREATEST(0, rating_avg + ($2::float8 - $3) / rating_count)) ELSE $2 END, updated_at = now()
       WHERE id = $1`,
      [courseId, rating, previous]);
  }
}

interface GroupRow {
  id: string; name: string; type: Group['type']; course_id: string | null; owner_id: string; member_count: number;
  created_at: Date; updated_at: Date;
}

function toGroup(r: GroupRow): Group {
  return {
    id: r.id, name: r.name, type: r.type, courseId: r.course_id, ownerId: r.owner_id, memberCount: r.member_count,
    createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

interface MemberRow { group_id: string; user_id: string; role: 'member' | 'leader'; joined_at: Date; name: string; image_url: string | null }

function toMember(r: MemberRow) {
  return { groupId: r.group_id, user: { id: r.user_id, name: r.name, imageUrl: r.image_url }, role: r.role, joinedAt: isoNN(r.joined_at) };
}

/** The caller's standing in a group: owner (or admin), member, or nobody (404). */
async function groupStanding(q: Queryable, groupId: string, user: AuthUser): Promise<{ group: GroupRow; manage: boolean }> {
  const r = await q.query<GroupRow & { is_member: boolean; owner_site_id: string | null }>(
    `SELECT g.*, EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = $2) AS is_member, o.site_id AS owner_site_id
     FROM learner_groups g JOIN users o ON o.id = g.owner_id WHERE g.id = $1`,
    [groupId, user.id]);
  const g = r.rows[0];
  // Groups are their owner's site's: an admin of another site does not see them.
  const manage = !!g && (g.owner_id === user.id || (user.role === 'admin' && g.owner_site_id === user.siteId));
  if (!g || (!manage && !g.is_member)) throw notFound('Group');
  return { group: g, manage };
}

const handlers = defineHandlers({
  'reviews.list': async (ctx) => {
    const db = ctx.services.db;
    const course = await findCourse(db, ctx.params.id);
    if (!course || !courseVisible(course, await viewerOf(db, ctx.auth, course))) throw notFound('Course');
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']);
    const r = await db.query<ReviewRow>(
      `${REVIEW_SELECT} WHERE r.course_id = $1 AND ($2::timestamptz IS NULL OR (r.updated_at, r.id) < ($2::timestamptz, $3::uuid))
       ORDER BY r.updated_at DESC, r.id DESC LIMIT $4`,
      [course.id, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1]);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return {
      data: rows.map(toReview),
      nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.updated_at.toISOString(), last.id]) : null,
    };
  },

  'reviews.create': async (ctx) => {
    const user = ctx.auth.user!;
    const { rating } = ctx.body;
    const text = ctx.body.review ? ctx.body.review : null;
    const result = await ctx.services.db.tx(async (q) => {
      const course = await findCourse(q, ctx.params.id);
      if (!course || !courseVisible(course, await viewerOf(q, ctx.auth, course))) throw notFound('Course');
      const e = await q.query<{ is_active: boolean; status: string }>(
        `SELECT is_active, status FROM enrollments WHERE user_id = $1 AND course_id = $2`, [user.id, course.id]);
      const enr = e.rows[0];
      if (!enr || (!enr.is_active && enr.status !== 'completed')) {
        throw new HttpError(403, ERROR_CODES.notEnrolled, 'Enrol in this course before reviewing it');
      }
      // The course row lock serialises review writes per course, so the previous rating read
      // below is the one the aggregate already holds (two first reviews cannot both count as new).
      await q.query(`SELECT 1 FROM courses WHERE id = $1 FOR UPDATE`, [course.id]);
      const prev = await q.query<{ rating: number; review: string | null }>(
        `SELECT rating, review FROM course_reviews WHERE course_id = $1 AND user_id = $2`, [course.id, user.id]);
      const old = prev.rows[0] ?? null;
      const now = ctx.services.now();
      const r = await q.query<{ id: string }>(
        `INSERT INTO course_reviews (id, course_id, user_id, rating, review, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (course_id, user_id) DO UPDATE SET rating = EXCLUDED.rating, review = EXCLUDED.review, updated_at = EXCLUDED.updated_at
         RETURNING id`,
        [newId(), course.id, user.id, rating, text, now]);
      await applyRating(q, course.id, rating, old?.rating ?? null);
      await emit(q, { type: 'review_posted', userId: user.id, courseId: course.id }, ctx.services);
      await ctx.services.catalog.bump(q);
      await audit(q, ctx, {
        entityName: 'review', entityId: r.rows[0].id, action: old ? 'update' : 'create',
        oldValues: old ?? undefined, newValues: { courseId: course.id, rating, review: text },
      });
      const row = await q.query<ReviewRow>(`${REVIEW_SELECT} WHERE r.id = $1`, [r.rows[0].id]);
      return toReview(row.rows[0]);
    });
    ctx.services.catalog.invalidate();
    return result;
  },

  'groups.list': async (ctx) => {
    const user = ctx.auth.user!;
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']);
    const r = await ctx.services.db.query<GroupRow>(
      `SELECT g.* FROM learner_groups g
       WHERE (g.owner_id = $1 OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = $1))
         AND ($2::timestamptz IS NULL OR (g.created_at, g.id) < ($2::timestamptz, $3::uuid))
       ORDER BY g.created_at DESC, g.id DESC LIMIT $4`,
      [user.id, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1]);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return {
      data: rows.map(toGroup),
      nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
    };
  },

  'groups.create': async (ctx) => {
    const b = ctx.body;
    const user = ctx.auth.user!;
    return ctx.services.db.tx(async (q) => {
      if (b.courseId) {
        const c = await q.query<{ ok: boolean }>(
          `SELECT (status = 'published' OR instructor_id = $2 OR $3::boolean) AS ok FROM courses WHERE id = $1 AND ${onSiteSql('', '$4')}`,
          [b.courseId, user.id, user.role === 'admin', siteIdOf(ctx.auth)]);
        if (!c.rows[0]?.ok) throw badField(['body', 'courseId'], 'Unknown course');
      }
      const id = newId();
      const r = await q.query<GroupRow>(
        `INSERT INTO learner_groups (id, name, type, course_id, owner_id) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [id, b.name, b.type, b.courseId ?? null, user.id]);
      await audit(q, ctx, { entityName: 'group', entityId: id, action: 'create', newValues: b });
      return toGroup(r.rows[0]);
    });
  },

  'groups.members': async (ctx) => {
    const db = ctx.services.db;
    const { group } = await groupStanding(db, ctx.params.id, ctx.auth.user!);
    const r = await db.query<MemberRow>(
      `SELECT m.*, u.name, u.image_url FROM group_members m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ORDER BY (m.role = 'leader') DESC, m.joined_at, u.id`,
      [group.id]);
    return { data: r.rows.map(toMember) };
  },

  'groups.addMember': async (ctx) => {
    const b = ctx.body;
    return ctx.services.db.tx(async (q) => {
      const { group, manage } = await groupStanding(q, ctx.params.id, ctx.auth.user!);
      if (!manage) throw forbidden('Only the group owner may add members');
      // Members come from the group's own site.
      const u = await q.query(`SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL AND site_id = $2::uuid`, [b.userId, siteIdOf(ctx.auth)]);
      if (!u.rows.length) throw badField(['body', 'userId'], 'Unknown user');
      const ins = await q.query(
        `INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [group.id, b.userId, b.role ?? 'member']);
      if (ins.rows.length) {
        await q.query(`UPDATE learner_groups SET member_count = member_count + 1, updated_at = now() WHERE id = $1`, [group.id]);
      } else if (b.role) {
        // Adding an existing member again is a retry or a role change, never a second membership.
        await q.query(`UPDATE group_members SET role = $3 WHERE group_id = $1 AND user_id = $2`, [group.id, b.userId, b.role]);
      }
      await audit(q, ctx, { entityName: 'group_member', entityId: `${group.id}:${b.userId}`, action: ins.rows.length ? 'create' : 'update', newValues: b });
      const r = await q.query<MemberRow>(
        `SELECT m.*, u.name, u.image_url FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 AND m.user_id = $2`,
        [group.id, b.userId]);
      return toMember(r.rows[0]);
    });
  },
});

/** Course reviews and learner groups. */
export const communityModule = defineModule({ name: 'community', handlers });
