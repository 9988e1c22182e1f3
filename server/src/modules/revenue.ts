import type { Currency, Revenue } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { onSite, siteIdOf } from '../core/tenancy.js';

/**
 * The platform's share of every sale, in basis points (2000 = 20 %). An instructor's
 * `earnedAmount` is the net (sales minus refunds) less this fee, rounded to the minor unit.
 */
export const PLATFORM_FEE_BASIS_POINTS = 2000;

/** The instructor's share of a net amount after the platform fee. */
export function instructorShare(net: number): number {
  return net - Math.round((net * PLATFORM_FEE_BASIS_POINTS) / 10_000);
}

const PERIODS = { month: { unit: 'month', format: 'YYYY-MM' }, day: { unit: 'day', format: 'YYYY-MM-DD' } } as const;

interface RevenueRow {
  course_id: string; instructor_id: string; currency: string; period: string; gross: string | number; refunded: string | number;
  purchases: string | number; refunds: string | number; students: string | number;
}

/**
 * `revenue.list`: per course, currency and period (UTC), from purchases (counted when made)
 * and refunds (counted when refunded, so a past month's figures never change). Each course
 * gets its pro-rata share of bundle sales (see `purchase_courses`). Instructors see their own
 * courses; admins see all. Sales count on the buyer's site only: each site sees its own revenue.
 */
export const revenueHandlers = defineHandlers({
  'revenue.list': async (ctx) => {
    const { db } = ctx.services;
    const user = ctx.auth.user!;
    const admin = user.role === 'admin';
    const q = ctx.query;
    if (!admin && q.instructorId && q.instructorId !== user.id) throw notFound('Instructor');
    const siteId = siteIdOf(ctx.auth);
    if (q.courseId) {
      const c = await db.query<{ instructor_id: string; site_id: string | null }>(`SELECT instructor_id, site_id FROM courses WHERE id = $1`, [q.courseId]);
      const course = c.rows[0];
      if (!course || !onSite(course.site_id, siteId) || (!admin && course.instructor_id !== user.id)) throw notFound('Course');
    }
    const instructor = admin ? q.instructorId ?? null : user.id;
    const g = PERIODS[q.granularity ?? 'month'];
    const r = await db.query<RevenueRow>(
      `WITH events AS (
         SELECT pc.course_id, pc.instructor_id, pc.currency, p.created_at AS at, pc.amount AS gross, 0 AS refunded, 1 AS is_purchase, 0 AS is_refund, p.user_id
           FROM purchase_courses pc JOIN purchases p ON p.id = pc.purchase_id JOIN users b ON b.id = p.user_id WHERE b.site_id = $5::uuid
         UNION ALL
         SELECT pc.course_id, pc.instructor_id, pc.currency, p.refunded_at, 0, pc.amount, 0, 1, NULL
           FROM purchase_courses pc JOIN purchases p ON p.id = pc.purchase_id JOIN users b ON b.id = p.user_id
          WHERE p.refunded_at IS NOT NULL AND b.site_id = $5::uuid
       )
       SELECT course_id, instructor_id, currency, to_char(date_trunc('${g.unit}', at AT TIME ZONE 'UTC'), '${g.format}') AS period,
              sum(gross)::bigint AS gross, sum(refunded)::bigint AS refunded, sum(is_purchase)::bigint AS purchases,
              sum(is_refund)::bigint AS refunds, count(DISTINCT user_id)::bigint AS students
         FROM events
        WHERE ($1::uuid IS NULL OR instructor_id = $1::uuid) AND ($2::uuid IS NULL OR course_id = $2::uuid)
          AND ($3::date IS NULL OR at >= ($3::date)::timestamp AT TIME ZONE 'UTC')
          AND ($4::date IS NULL OR at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC')
        GROUP BY course_id, instructor_id, currency, period
        ORDER BY period, course_id, currency`,
      [instructor, q.courseId ?? null, q.from ?? null, q.to ?? null, siteId]);
    const data: Revenue[] = r.rows.map((x) => {
      const gross = Number(x.gross);
      const refunded = Number(x.refunded);
      const net = gross - refunded;
      return {
        courseId: x.course_id, instructorId: x.instructor_id, period: x.period, currency: x.currency as Currency, grossAmount: gross,
        refundedAmount: refunded, netAmount: net, earnedAmount: instructorShare(net), purchases: Number(x.purchases),
        refunds: Number(x.refunds), studentEnrollments: Number(x.students),
      };
    });
    return { data };
  },
});
