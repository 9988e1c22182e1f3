import type { Money } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import type { Services } from '../services.js';
import { emit } from '../events.js';
import { newId } from '../util/ids.js';
import { audit } from './audit.js';

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
}

/** Input of {@link revokeAccess}. */
export interface RevokeAccessInput {
  userId: string;
  courseId: string;
  /** Why access ended (refund, admin action, …); kept in the audit log. */
  reason: string;
}

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
    const re = await q.query<{ id: string }>(
      `UPDATE enrollments SET is_active = true, status = CASE WHEN status = 'dropped' THEN 'enrolled' ELSE status END,
         access_type = $3, amount_paid = $4, amount_currency = $5, purchase_id = $6, updated_at = now()
       WHERE user_id = $1 AND course_id = $2 AND is_active = false RETURNING id`,
      [userId, courseId, accessType, amount, currency, purchaseId],
    );
    enrollmentId = re.rows[0]?.id;
    started = !!enrollmentId;
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
    return { enrollmentId, started: false };
  }
  await q.query(`UPDATE courses SET enrolled_count = enrolled_count + 1 WHERE id = $1`, [courseId]);
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
  const r = await q.query<{ id: string }>(
    `UPDATE enrollments SET is_active = false, updated_at = now() WHERE user_id = $1 AND course_id = $2 AND is_active = true RETURNING id`,
    [input.userId, input.courseId],
  );
  const row = r.rows[0];
  if (!row) return false;
  await q.query(`UPDATE courses SET enrolled_count = GREATEST(enrolled_count - 1, 0) WHERE id = $1`, [input.courseId]);
  await audit(q, null, {
    entityName: 'enrollment', entityId: row.id, action: 'update',
    oldValues: { isActive: true }, newValues: { isActive: false }, metadata: { reason: input.reason, userId: input.userId, courseId: input.courseId },
  });
  await emit(q, { type: 'access_revoked', userId: input.userId, courseId: input.courseId }, services);
  return true;
}
