import type { Currency } from '@furrow/schema';
import type { Queryable } from '../../db/types.js';
import type { Ctx } from '../../core/context.js';
import { mailOf, type Services } from '../../core/services.js';
import { audit } from '../../shared-sql/audit.js';
import { grantAccess, revokeAccess } from '../../shared-sql/access.js';
import { notify } from '../../shared-sql/notifications.js';
import { BOOKING_MESSAGES, findBooking, notifyParticipants } from '../../shared-sql/booking.js';
import type { ProductSnapshot, PurchaseRow } from '../../shared-sql/commerce.js';
import { newId } from '../../core/ids.js';
import { paymentsOf, type PaymentMethodName } from '../../core/payments.js';
import { formatMoney } from '../../core/money.js';

/** Row of `checkout_sessions`. */
export interface CheckoutRow {
  id: string; provider: 'stripe' | 'sandbox'; test_mode: boolean; user_id: string; kind: 'product' | 'booking';
  product_id: string | null; booking_id: string | null; product_snapshot: ProductSnapshot | null; amount: number;
  discount_amount: number; currency: Currency; status: 'open' | 'complete' | 'expired'; url: string | null; success_url: string;
  cancel_url: string; payment_intent_id: string | null; sandbox_token: string | null; created_at: Date; completed_at: Date | null;
}

/** How a payment was confirmed. */
export interface PaidInfo {
  paymentIntentId: string | null;
  paymentMethod: PaymentMethodName | null;
  /** Where the confirmation came from (`stripe:evt_…`, `sandbox`, `return_page`), for the audit log. */
  source: string;
}

type Actor = Pick<Ctx, 'auth' | 'ip' | 'userAgent'> | null;

async function tellUser(q: Queryable, services: Services, userId: string, type: 'payment_succeeded' | 'payment_refunded', title: string, message: string, entity: { type: string; id: string }) {
  const notificationId = await notify(q, { userId, type, title, message, relatedEntityType: entity.type, relatedEntityId: entity.id });
  const u = await q.query<{ email: string | null }>(`SELECT email FROM users WHERE id = $1`, [userId]);
  const email = u.rows[0]?.email;
  if (email) await mailOf(services)(q, { to: email, subject: title, text: `${message}\n\n— Furrow`, kind: type, notificationId });
}

/**
 * Applies a paid checkout exactly once, in the caller's transaction: the session row is locked
 * and flipped to `complete` first, so a webhook, the sandbox page and the return page racing
 * on one session fulfil it once. Products become a purchase with access to every course;
 * bookings become confirmed. A refund that arrived before this completion is applied now.
 */
export async function completeCheckout(q: Queryable, services: Services, sessionId: string, paid: PaidInfo): Promise<'completed' | 'already' | 'unknown'> {
  const r = await q.query<CheckoutRow>(`SELECT * FROM checkout_sessions WHERE id = $1 FOR UPDATE`, [sessionId]);
  const s = r.rows[0];
  if (!s) return 'unknown';
  if (s.status === 'complete') return 'already';
  const intent = paid.paymentIntentId ?? s.payment_intent_id;
  await q.query(`UPDATE checkout_sessions SET status = 'complete', completed_at = now(), payment_intent_id = $2 WHERE id = $1`, [s.id, intent]);
  if (s.kind === 'product') await fulfilProduct(q, services, s, { ...paid, paymentIntentId: intent });
  else await fulfilBooking(q, services, s, { ...paid, paymentIntentId: intent });
  const early = await q.query<{ refund_id: string | null; amount: number | null }>(
    `DELETE FROM early_refunds WHERE key = ANY($1::text[]) RETURNING refund_id, amount`, [[s.id, intent].filter(Boolean)]);
  if (early.rows.length) {
    const e = early.rows[0];
    await applyProviderRefund(q, services, { paymentIntentId: intent, sessionId: s.id, refundId: e.refund_id, amount: e.amount, source: `${paid.source}:early_refund` });
  }
  return 'completed';
}

async function fulfilProduct(q: Queryable, services: Services, s: CheckoutRow, paid: PaidInfo): Promise<void> {
  const snap = s.product_snapshot!;
  const ins = await q.query<PurchaseRow>(
    `INSERT INTO purchases (id, user_id, product_id, product_snapshot, amount_paid, discount_amount, currency, provider, provider_session_id,
       payment_intent_id, payment_method, status)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'succeeded') ON CONFLICT (provider_session_id) DO NOTHING RETURNING *`,
    [newId(), s.user_id, s.product_id, JSON.stringify(snap), s.amount, s.discount_amount, s.currency, s.provider, s.id, paid.paymentIntentId, paid.paymentMethod],
  );
  const p = ins.rows[0];
  if (!p) return;
  for (const share of snap.shares) {
    await q.query(`INSERT INTO purchase_courses (purchase_id, course_id, instructor_id, amount, currency) VALUES ($1,$2,$3,$4,$5)`,
      [p.id, share.courseId, share.instructorId, share.amount, s.currency]);
    await grantAccess(q, services, {
      userId: s.user_id, courseId: share.courseId, accessType: s.amount > 0 ? 'paid' : 'free',
      amountPaid: { amount: share.amount, currency: s.currency }, purchaseId: p.id,
    });
  }
  await audit(q, null, { entityName: 'purchase', entityId: p.id, action: 'create', newValues: { productId: s.product_id, amount: s.amount, currency: s.currency, sessionId: s.id }, metadata: { source: paid.source, userId: s.user_id }, subjectUserId: s.user_id });
  if (s.amount > 0) {
    await tellUser(q, services, s.user_id, 'payment_succeeded', 'Payment received',
      `We received ${formatMoney(s.amount, s.currency)} for "${snap.name}". Your courses are unlocked.${s.test_mode ? ' (TEST MODE — no real money moved.)' : ''}`, { type: 'purchase', id: p.id });
  }
}

async function fulfilBooking(q: Queryable, services: Services, s: CheckoutRow, paid: PaidInfo): Promise<void> {
  const paymentId = newId();
  const ins = await q.query<{ id: string }>(
    `INSERT INTO payments (id, user_id, booking_id, amount, currency, status, provider, provider_transaction_id, provider_payment_intent_id, payment_method, processed_at)
     VALUES ($1,$2,$3,$4,$5,'succeeded',$6,$7,$8,$9, now()) ON CONFLICT (provider_transaction_id) DO NOTHING RETURNING id`,
    [paymentId, s.user_id, s.booking_id, s.amount, s.currency, s.provider, s.id, paid.paymentIntentId, paid.paymentMethod],
  );
  if (!ins.rows[0]) return;
  await audit(q, null, { entityName: 'payment', entityId: paymentId, action: 'create', newValues: { bookingId: s.booking_id, amount: s.amount, currency: s.currency }, metadata: { source: paid.source }, subjectUserId: s.user_id });
  const b = await findBooking(q, s.booking_id!, true);
  if (b && b.status === 'pending') {
    await q.query(`UPDATE bookings SET status = 'confirmed', confirmed_at = now(), updated_at = now() WHERE id = $1`, [b.id]);
    await audit(q, null, { entityName: 'booking', entityId: b.id, action: 'update', oldValues: { status: 'pending' }, newValues: { status: 'confirmed' }, metadata: { source: paid.source, paymentId }, subjectUserId: s.user_id });
    await notifyParticipants(q, services, b, BOOKING_MESSAGES.confirmed);
    return;
  }
  // Paid after the booking was cancelled (a stale payment page): the money goes straight back.
  await refundBookingPayment(q, services, s.booking_id!, 'Booking was cancelled before payment completed');
}

/**
 * Refunds a booking's successful payment through its provider and records it. The provider
 * call carries an idempotency key per payment, so a retried transaction refunds once.
 *
 * @returns whether a payment was refunded.
 */
export async function refundBookingPayment(q: Queryable, services: Services, bookingId: string, reason: string): Promise<boolean> {
  const r = await q.query<{ id: string; user_id: string; amount: number; currency: string; provider_payment_intent_id: string | null }>(
    `SELECT id, user_id, amount, currency, provider_payment_intent_id FROM payments WHERE booking_id = $1 AND status = 'succeeded' FOR UPDATE`, [bookingId]);
  let any = false;
  for (const pay of r.rows) {
    const refund = pay.amount > 0
      ? await paymentsOf(services).refund({ paymentIntentId: pay.provider_payment_intent_id, amount: pay.amount, idempotencyKey: `furrow-refund-payment-${pay.id}`, reason })
      : { id: null };
    await q.query(`UPDATE payments SET status = 'refunded', refund_amount = amount, refund_id = $2, refunded_at = now() WHERE id = $1`, [pay.id, refund.id]);
    await audit(q, null, { entityName: 'payment', entityId: pay.id, action: 'refund', newValues: { status: 'refunded', refundId: refund.id }, metadata: { reason, bookingId }, subjectUserId: pay.user_id });
    await tellUser(q, services, pay.user_id, 'payment_refunded', 'Payment refunded',
      `${formatMoney(pay.amount, pay.currency)} for your session is being refunded. ${reason}.`, { type: 'booking', id: bookingId });
    any = true;
  }
  return any;
}

/**
 * Marks a purchase refunded and ends access to its courses, except courses the learner still
 * holds through another purchase that stands. No-op when already refunded.
 *
 * @returns whether this call refunded it.
 */
export async function markPurchaseRefunded(q: Queryable, services: Services, p: PurchaseRow, opts: { refundId: string | null; reason: string; actor: Actor; source: string }): Promise<boolean> {
  const r = await q.query<PurchaseRow>(
    `UPDATE purchases SET status = 'refunded', refunded_at = now(), refund_id = COALESCE($2, refund_id), updated_at = now()
      WHERE id = $1 AND status <> 'refunded' RETURNING *`, [p.id, opts.refundId]);
  if (!r.rows[0]) return false;
  for (const courseId of p.product_snapshot.courseIds) {
    const other = await q.query(
      `SELECT 1 FROM purchase_courses pc JOIN purchases o ON o.id = pc.purchase_id
        WHERE o.user_id = $1 AND pc.course_id = $2 AND o.id <> $3 AND o.status = 'succeeded' LIMIT 1`, [p.user_id, courseId, p.id]);
    if (!other.rows.length) await revokeAccess(q, services, { userId: p.user_id, courseId, reason: `refund of purchase ${p.id}: ${opts.reason}`, actor: opts.actor });
  }
  await audit(q, opts.actor, { entityName: 'purchase', entityId: p.id, action: 'refund', oldValues: { status: p.status }, newValues: { status: 'refunded', refundId: opts.refundId }, metadata: { reason: opts.reason, source: opts.source } });
  await tellUser(q, services, p.user_id, 'payment_refunded', 'Purchase refunded',
    `Your purchase of "${p.product_snapshot.name}" (${formatMoney(p.amount_paid, p.currency)}) was refunded; access to its courses has ended.`, { type: 'purchase', id: p.id });
  return true;
}

/**
 * A refund reported by the provider (webhook). Applies to the purchase or booking payment it
 * belongs to; when neither exists yet (the refund overtook the completion), it is parked in
 * `early_refunds` and applied by {@link completeCheckout}.
 */
export async function applyProviderRefund(
  q: Queryable, services: Services,
  ref: { paymentIntentId: string | null; sessionId?: string | null; refundId: string | null; amount?: number | null; source: string },
): Promise<void> {
  const { paymentIntentId: pi, sessionId } = ref;
  const amount = ref.amount ?? null;
  const purchases = await q.query<PurchaseRow>(
    `SELECT * FROM purchases WHERE (payment_intent_id = $1 AND $1 IS NOT NULL) OR (provider_session_id = $2 AND $2 IS NOT NULL) FOR UPDATE`, [pi, sessionId ?? null]);
  // A partial refund (less than what was paid) leaves access in place.
  for (const p of purchases.rows) {
    if (amount !== null && amount < p.amount_paid) continue;
    await markPurchaseRefunded(q, services, p, { refundId: ref.refundId, reason: 'refunded at the payment provider', actor: null, source: ref.source });
  }
  const payments = await q.query<{ id: string }>(
    `UPDATE payments SET status = 'refunded', refund_amount = amount, refund_id = COALESCE($2, refund_id), refunded_at = COALESCE(refunded_at, now())
      WHERE provider_payment_intent_id = $1 AND $1 IS NOT NULL AND status = 'succeeded' AND ($3::int IS NULL OR $3::int >= amount) RETURNING id`, [pi, ref.refundId, amount]);
  for (const pay of payments.rows) await audit(q, null, { entityName: 'payment', entityId: pay.id, action: 'refund', newValues: { status: 'refunded' }, metadata: { source: ref.source } });
  const known = purchases.rows.length || (await q.query(`SELECT 1 FROM payments WHERE provider_payment_intent_id = $1 AND $1 IS NOT NULL`, [pi])).rows.length;
  if (!known) {
    for (const key of [pi, sessionId].filter((k): k is string => !!k)) {
      await q.query(`INSERT INTO early_refunds (key, refund_id, amount) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`, [key, ref.refundId, amount]);
    }
  }
}
