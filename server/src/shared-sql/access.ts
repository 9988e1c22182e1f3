import type { Enrollment, EnrollmentStatus, Money } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import type { Ctx } from '../core/context.js';
import type { Services } from '../core/services.js';
import { emit } from '../core/events.js';
import { newId } from '../core/ids.js';
import { iso, isoNN } from '../core/time.js';
import { audit } from './audit.js';
import { moneyFromRow } from '../core/money.js';

/** How a learner came to have a course (seed 001 `enrollment_type`). */
export type AccessType = 'free' | 'paid' | 'promotional' | 'gifted';

/** Input of {@link grantAccess}. */
export interface GrantAccessInput {
  userId: string;
  courseId: string;
  accessType: AccessType;
  /** What the learner paid for this course (its share of a bundle). */
  amountPaid?: Money;
  purchaseId?: string;
  /** Who asked, for the audit row (a handler's `ctx`); omitted for webhooks and jobs. */
  actor?: AccessActor;
}

/** Input of {@link revokeAccess}. */
export interface RevokeAccessInput {
  userId: string;
  courseId: string;
  /** Why access ended (refund, admin action, …); kept on the enrollment and in the audit log. */
  reason: string;
  actor?: AccessActor;
}

/** Who caused an access change, for the audit row. */
export type AccessActor = Pick<Ctx, 'auth' | 'ip' | 'userAgent'> | null;

/** Row shape of `enrollments` (0001 plus `revoked_at`/`revoke_reason` from 0002). */
export interface EnrollmentRow {
  id: string; user_id: string; course_id: string; access_type: AccessType; status: EnrollmentStatus; is_active: boolean;
  progress_percent: number; lessons_completed: number; amount_paid: number | null; amount_currency: string | null;
  purchase_id: string | null; certificate_id: string | null; enrolled_at: Date; completed_at: Date | null;
  last_accessed_at: Date | null; updated_at: Date; revoked_at: Date | null; revoke_reason: string | null;
}

/** Maps an enrollment row to the API shape. */
export function toEnrollment(r: EnrollmentRow): Enrollment {
  return {
    id: r.id, userId: r.user_id, courseId: r.course_id, accessType: r.access_type, status: r.status, isActive: r.is_active,
    progressPercent: r.progress_percent, lessonsCompleted: r.lessons_completed,
    amountPaid: r.amount_paid === null ? null : moneyFromRow(r.amount_paid, r.amount_currency ?? 'INR'),
    enrolledAt: isoNN(r.enrolled_at), completedAt: iso(r.completed_at), lastAccessedAt: iso(r.last_accessed_at),
    certificateId: r.certificate_id, updatedAt: isoNN(r.updated_at),
  };
}

/** Loads a learner's enrollment in a course (any state). */
export async function findEnrollment(q: Queryable, userId: string, courseId: string): Promise<EnrollmentRow | null> {
  const r = await q.query<EnrollmentRow>(`SELECT * FROM enrollments WHERE user_id = $1 AND course_id = $2`, [userId, courseId]);
  return r.rows[0] ?? null;
}

/**
 * The status an enrollment returns to when it becomes active again: completed stays completed,
 * a learner with progress is in progress, otherwise enrolled.
 */
const REACTIVATED_STATUS = `CASE WHEN completed_at IS NOT NULL THEN 'completed'
  WHEN EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.user_id = enrollments.user_id AND lp.course_id = enrollments.course_id) THEN 'in_progress'
  ELSE 'enrolled' END`;

/**
 * Gives a learner access to a course in the caller's transaction: creates the enrollment or
 * re-activates it. `courses.enrolled_count` moves and `enrolled` is emitted only when access
 * actually starts, so calling it twice (a replayed webhook) counts once. An already active
 * enrollment is upgraded in place (a free learner who buys keeps their progress).
 *
 * The enrolled count is display data, so this does not bump the catalog cache version: a
 * per-enrollment bump would empty the anonymous cache on every sale.
 *
 * @returns the enrollment id and whether access started with this call.
 *
 * @example
 * ```ts
 * await grantAccess(q, services, { userId, courseId, accessType: 'paid', amountPaid: { amount: 39920, currency: 'INR' }, purchaseId });
 * ```
 */
export async function grantAccess(q: Queryable, services: Services, input: GrantAccessInput): Promise<{ enrollmentId: string; started: boolean }> {
  const { userId, courseId, accessType } = input;
  const amount = input.amountPaid?.amount ?? null;
  const currency = input.amountPaid?.currency ?? null;
  const purchaseId = input.purchaseId ?? null;
  // Insert first: concurrent grants for one (user, course) meet at the unique key, and only the
  // transaction whose insert or re-activation changed a row counts the enrollment.
  const ins = await q.query<{ id: string }>(
    `INSERT INTO enrollments (id, user_id, course_id, access_type, is_active, amount_paid, amount_currency, purchase_id)
     VALUES ($1, $2, $3, $4, true, $5, $6, $7) ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id`,
    [newId(), userId, courseId, accessType, amount, currency, purchaseId],
  );
  let enrollmentId = ins.rows[0]?.id;
  let started = !!enrollmentId;
  if (!started) {
    const re = await q.query<{ id: string; completed: boolean }>(
      `UPDATE enrollments SET is_active = true, status = ${REACTIVATED_STATUS}, revoked_at = NULL, revoke_reason = NULL,
         access_type = $3, amount_paid = $4, amount_currency = $5, purchase_id = $6, updated_at = now()
       WHERE user_id = $1 AND course_id = $2 AND is_active = false RETURNING id, completed_at IS NOT NULL AS completed`,
      [userId, courseId, accessType, amount, currency, purchaseId],
    );
    enrollmentId = re.rows[0]?.id;
    started = !!enrollmentId;
    if (re.rows[0]?.completed) {
      // A completed learner coming back counts as completed again, and gets the certificate back.
      await q.query(`UPDATE courses SET completed_count = completed_count + 1 WHERE id = $1`, [courseId]);
      await q.query(`UPDATE certificates SET revoked_at = NULL WHERE user_id = $1 AND course_id = $2 AND revoked_at IS NOT NULL`, [userId, courseId]);
    }
  }
  if (!started) {
    // Already active: a paid grant still records what was paid and by which purchase.
    const up = await q.query<{ id: string }>(
      `UPDATE enrollments SET access_type = CASE WHEN $3 = 'paid' THEN 'paid' ELSE access_type END,
         amount_paid = COALESCE($4, amount_paid), amount_currency = COALESCE($5, amount_currency),
         purchase_id = COALESCE($6, purchase_id), updated_at = now()
       WHERE user_id = $1 AND course_id = $2 RETURNING id`,
      [userId, courseId, accessType, amount, currency, purchaseId],
    );
    enrollmentId = up.rows[0].id;
    await audit(q, input.actor ?? null, { entityName: 'enrollment', entityId: enrollmentId, action: 'update', newValues: { accessType, amountPaid: input.amountPaid ?? null, purchaseId }, metadata: { userId, courseId } });
    return { enrollmentId, started: false };
  }
  await q.query(`UPDATE courses SET enrolled_count = enrolled_count + 1 WHERE id = $1`, [courseId]);
  await audit(q, input.actor ?? null, {
    entityName: 'enrollment', entityId: enrollmentId!, action: ins.rows[0] ? 'create' : 'update',
    newValues: { isActive: true, accessType, amountPaid: input.amountPaid ?? null, purchaseId }, metadata: { userId, courseId },
  });
  await emit(q, { type: 'enrolled', userId, courseId, accessType }, services);
  return { enrollmentId: enrollmentId!, started: true };
}

/**
 * Ends a learner's access to a course in the caller's transaction (refund, admin action). The
 * enrollment and its progress stay, inactive, so access can come back. Counts and the
 * `access_revoked` event happen only when access was active.
 *
 * @returns whether access was active and has now ended.
 *
 * @example
 * ```ts
 * await revokeAccess(q, services, { userId, courseId, reason: 'refund' });
 * ```
 */
export async function revokeAccess(q: Queryable, services: Services, input: RevokeAccessInput): Promise<boolean> {
  // Lock first: grants, drops and refunds of one enrollment apply one at a time.
  const before = (await q.query<EnrollmentRow>(
    `SELECT * FROM enrollments WHERE user_id = $1 AND course_id = $2 FOR UPDATE`, [input.userId, input.courseId])).rows[0];
  if (!before || (!before.is_active && before.revoked_at)) return false;
  // revoked_at tells a refund apart from a drop: a dropped learner may come back without paying,
  // a refunded one needs new access.
  await q.query(
    `UPDATE enrollments SET is_active = false, revoked_at = now(), revoke_reason = $2, updated_at = now() WHERE id = $1`,
    [before.id, input.reason],
  );
  // A certificate stops verifying while the access it rests on is revoked.
  await q.query(`UPDATE certificates SET revoked_at = now() WHERE user_id = $1 AND course_id = $2 AND revoked_at IS NULL`, [input.userId, input.courseId]);
  const row = { id: before.id };
  if (!before.is_active) {
    await audit(q, input.actor ?? null, { entityName: 'enrollment', entityId: before.id, action: 'update', oldValues: { revoked: false }, newValues: { revoked: true }, metadata: { reason: input.reason }, subjectUserId: input.userId });
    return false;
  }
  await q.query(
    `UPDATE courses SET enrolled_count = GREATEST(enrolled_count - 1, 0), completed_count = GREATEST(completed_count - $2, 0) WHERE id = $1`,
    [input.courseId, before.completed_at ? 1 : 0],
  );
  await audit(q, input.actor ?? null, {
    entityName: 'enrollment', entityId: row.id, action: 'update',
    oldValues: { isActive: true }, newValues: { isActive: false }, metadata: { reason: input.reason, userId: input.userId, courseId: input.courseId },
  });
  await emit(q, { type: 'access_revoked', userId: input.userId, courseId: input.courseId }, services);
  return true;
}
