import { ERROR_CODES, type Booking } from '@furrow/schema';
import { defineHandlers, type Ctx } from '../core/context.js';
import { HttpError, badField, conflict, notFound } from '../core/errors.js';
import { UNIQUE_VIOLATION, sqlState, type Queryable } from '../db/types.js';
import type { Services } from '../core/services.js';
import { audit } from '../shared-sql/audit.js';
import {
  BOOKING_MESSAGES, BOOKING_SELECT, PAYMENT_HOLD_MINUTES, SLOT_SELECT, cancelledMessage, findBooking, notifyParticipants, toBooking, toSlot,
  type BookingRow, type SlotRow,
} from '../shared-sql/booking.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { newId } from '../core/ids.js';
import { refundBookingPayment } from './payments/fulfil.js';
import { PROVIDER_ERROR } from './checkout.js';
import { defineModule } from './module.js';
import { sameSite, siteIdOf } from '../core/tenancy.js';
import { canAuthor } from '../shared-sql/courses.js';

/** Booking rules, named in one place (documented in the API reference). */
export const BOOKING_RULES = {
  /**
   * A learner who cancels a paid session at least this many hours before it starts gets a full
   * refund; later, none. When the instructor (or an admin) cancels, the learner is always
   * refunded in full.
   */
  fullRefundHoursBefore: 24,
  /** Longest slot an instructor may publish. */
  maxSlotMinutes: 8 * 60,
  /** How far ahead a slot may start. */
  maxDaysAhead: 365,
  /**
   * A booking that needs payment holds its slot this long after the booking or its latest
   * checkout attempt; then the system cancels it and the slot is free again.
   */
  paymentHoldMinutes: PAYMENT_HOLD_MINUTES,
  /** Reminders go out for confirmed sessions starting within this many hours. */
  reminderHoursBefore: 24,
  /** How often reminders are sent and unpaid holds released (each a scheduled job, run on one instance). */
  reminderPollMs: 60_000,
} as const;

/** Error code: the learner already has a session overlapping this one. */
export const BOOKING_OVERLAP = 'booking_overlap';

const LIVE = `('pending', 'confirmed')`;
const HOUR = 3_600_000;

/** The learner, the instructor, or an admin of the learner's site. */
const isParticipant = (ctx: Pick<Ctx, 'auth'>, b: BookingRow) => {
  const u = ctx.auth.user!;
  return u.id === b.student_id || u.id === b.instructor_id || (u.role === 'admin' && sameSite(ctx.auth, b.student_site_id));
};

async function loadSlot(q: Queryable, id: string): Promise<SlotRow | null> {
  return (await q.query<SlotRow>(`${SLOT_SELECT} WHERE sl.id = $1`, [id])).rows[0] ?? null;
}

async function createBooking(ctx: Ctx, slotId: string, notes: string | null): Promise<Booking> {
  const user = ctx.auth.user!;
  const now = ctx.services.now();
  return ctx.services.db.tx(async (q) => {
    const sl = await loadSlot(q, slotId);
    // Another site's instructor's slot does not exist here.
    if (!sl || sl.deleted_at || !sameSite(ctx.auth, sl.instructor_site_id)) throw notFound('Slot');
    if (sl.instructor_id === user.id) throw badField(['body', 'slotId'], 'You cannot book your own slot');
    if (sl.starts_at <= now) throw badField(['body', 'slotId'], 'This slot has already started');
    // Lock both people in id order: every booking touching either of them queues here, so the
    // overlap checks below see each other's writes, and two bookings never deadlock.
    await q.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[user.id, sl.instructor_id]]);
    // Exactly one winner per slot: only the first conditional update finds it free.
    const took = await q.query(`UPDATE availability_slots SET is_booked = true, updated_at = now() WHERE id = $1 AND NOT is_booked AND deleted_at IS NULL RETURNING id`, [sl.id]);
    if (!took.rows[0]) throw conflict(ERROR_CODES.slotTaken, 'This slot was just booked by someone else');
    const overlap = (who: string) => q.query(
      `SELECT 1 FROM bookings WHERE (student_id = $1 OR instructor_id = $1) AND status IN ${LIVE} AND starts_at < $3 AND ends_at > $2 LIMIT 1`,
      [who, sl.starts_at, sl.ends_at]);
    if ((await overlap(user.id)).rows.length) throw conflict(BOOKING_OVERLAP, 'You already have a session at this time');
    // Overlapping slots cannot be published, but older or imported ones might exist: the
    // instructor still holds one session at a time.
    if ((await overlap(sl.instructor_id)).rows.length) throw conflict(ERROR_CODES.slotTaken, 'The instructor is already booked at this time');
    const id = newId();
    const paid = sl.price_amount > 0;
    await q.query(
      `INSERT INTO bookings (id, slot_id, course_id, student_id, instructor_id, status, amount, currency, starts_at, ends_at, student_notes, payment_required, confirmed_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [id, sl.id, sl.course_id, user.id, sl.instructor_id, paid ? 'pending' : 'confirmed', sl.price_amount, sl.currency, sl.starts_at, sl.ends_at, notes, paid, paid ? null : now]);
    const b = (await findBooking(q, id))!;
    await audit(q, ctx, { entityName: 'booking', entityId: id, action: 'create', newValues: { slotId: sl.id, status: b.status, amount: sl.price_amount, currency: sl.currency } });
    await notifyParticipants(q, ctx.services, b, paid ? BOOKING_MESSAGES.requested : BOOKING_MESSAGES.confirmed);
    return toBooking(b);
  }).catch((err) => {
    // The partial unique index is the last line: a live booking already holds the slot.
    if (sqlState(err) === UNIQUE_VIOLATION) throw conflict(ERROR_CODES.slotTaken, 'This slot was just booked by someone else');
    throw err;
  });
}

function refundOutcome(b: BookingRow, by: NonNullable<Booking['cancelledBy']>, now: Date): NonNullable<Booking['refundOutcome']> {
  if (b.status !== 'confirmed' || !b.payment_required) return 'none_due';
  if (by !== 'student') return 'full_refund';
  return b.starts_at.getTime() - now.getTime() >= BOOKING_RULES.fullRefundHoursBefore * HOUR ? 'full_refund' : 'no_refund';
}

const handlers = defineHandlers({
  'slots.list': async (ctx) => {
    const qy = ctx.query;
    const after = decodeCursor(qy.cursor, ['string', 'string']) as [string, string] | null;
    const r = await ctx.services.db.query<SlotRow>(
      `${SLOT_SELECT} WHERE sl.deleted_at IS NULL AND ($1 OR NOT sl.is_booked) AND sl.starts_at > $2
         AND ($3::timestamptz IS NULL OR sl.starts_at >= $3::timestamptz) AND ($4::timestamptz IS NULL OR sl.starts_at < $4::timestamptz)
         AND ($5::uuid IS NULL OR sl.instructor_id = $5::uuid) AND ($6::uuid IS NULL OR sl.course_id IS NULL OR sl.course_id = $6::uuid)
         AND ($7::timestamptz IS NULL OR (sl.starts_at, sl.id) > ($7::timestamptz, $8::uuid)) AND u.site_id = $10::uuid
       ORDER BY sl.starts_at, sl.id LIMIT $9`,
      [qy.includeBooked === 'true', ctx.services.now(), qy.from ?? null, qy.to ?? null, qy.instructorId ?? null, qy.courseId ?? null,
        after?.[0] ?? null, after?.[1] ?? null, qy.limit + 1, siteIdOf(ctx.auth)]);
    const rows = r.rows.slice(0, qy.limit);
    const last = rows[rows.length - 1];
    return { data: rows.map(toSlot), nextCursor: r.rows.length > qy.limit && last ? encodeCursor([last.starts_at.toISOString(), last.id]) : null };
  },

  'slots.create': async (ctx) => {
    const b = ctx.body;
    const user = ctx.auth.user!;
    const now = ctx.services.now();
    const start = new Date(b.startsAt);
    const end = new Date(b.endsAt);
    if (start <= now) throw badField(['body', 'startsAt'], 'Must be in the future');
    if (start.getTime() > now.getTime() + BOOKING_RULES.maxDaysAhead * 24 * HOUR) throw badField(['body', 'startsAt'], `At most ${BOOKING_RULES.maxDaysAhead} days ahead`);
    if (end <= start) throw badField(['body', 'endsAt'], 'Must be after startsAt');
    if (end.getTime() - start.getTime() > BOOKING_RULES.maxSlotMinutes * 60_000) throw badField(['body', 'endsAt'], `A slot lasts at most ${BOOKING_RULES.maxSlotMinutes} minutes`);
    const price = b.price ?? { amount: 0, currency: 'INR' as const };
    return ctx.services.db.tx(async (q) => {
      if (b.courseId) {
        const c = await q.query<{ instructor_id: string; site_id: string | null }>(`SELECT instructor_id, site_id FROM courses WHERE id = $1`, [b.courseId]);
        if (!c.rows[0] || !canAuthor(ctx.auth, c.rows[0])) throw badField(['body', 'courseId'], 'Not one of your courses');
      }
      // The instructor's row is the lock for their calendar: concurrent creates queue, so the
      // overlap check cannot miss a slot being inserted next to it.
      await q.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [user.id]);
      const clash = await q.query(
        `SELECT id FROM availability_slots WHERE instructor_id = $1 AND deleted_at IS NULL AND starts_at < $3 AND ends_at > $2 LIMIT 1`, [user.id, start, end]);
      if (clash.rows.length) throw conflict(ERROR_CODES.slotOverlap, 'This overlaps another of your slots');
      const id = newId();
      await q.query(
        `INSERT INTO availability_slots (id, instructor_id, course_id, starts_at, ends_at, price_amount, currency, notes) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [id, user.id, b.courseId ?? null, start, end, price.amount, price.currency, b.notes ?? null]);
      const slot = toSlot((await loadSlot(q, id))!);
      await audit(q, ctx, { entityName: 'availability_slot', entityId: id, action: 'create', newValues: slot });
      return slot;
    });
  },

  'slots.delete': async (ctx) => {
    const user = ctx.auth.user!;
    return ctx.services.db.tx(async (q) => {
      const sl = await loadSlot(q, ctx.params.id);
      if (!sl || sl.deleted_at || (sl.instructor_id !== user.id && !(user.role === 'admin' && sameSite(ctx.auth, sl.instructor_site_id)))) throw notFound('Slot');
      const r = await q.query(`UPDATE availability_slots SET deleted_at = now(), updated_at = now() WHERE id = $1 AND NOT is_booked AND deleted_at IS NULL RETURNING id`, [sl.id]);
      if (!r.rows[0]) throw conflict(ERROR_CODES.slotTaken, 'This slot is booked; cancel the booking first');
      await audit(q, ctx, { entityName: 'availability_slot', entityId: sl.id, action: 'delete', oldValues: toSlot(sl) });
      return { ok: true as const };
    });
  },

  'bookings.create': async (ctx) => createBooking(ctx, ctx.body.slotId, ctx.body.notes ?? null),

  'bookings.list': async (ctx) => {
    const upcoming = ctx.query.upcoming === 'true';
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']) as [string, string] | null;
    const dir = upcoming ? 'ASC' : 'DESC';
    const r = await ctx.services.db.query<BookingRow>(
      `${BOOKING_SELECT} WHERE (b.student_id = $1 OR b.instructor_id = $1)
         AND (NOT $2 OR (b.starts_at > $3 AND b.status IN ${LIVE}))
         AND ($4::timestamptz IS NULL OR (b.starts_at, b.id) ${upcoming ? '>' : '<'} ($4::timestamptz, $5::uuid))
       ORDER BY b.starts_at ${dir}, b.id ${dir} LIMIT $6`,
      [ctx.auth.user!.id, upcoming, ctx.services.now(), after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1]);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return { data: rows.map(toBooking), nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.starts_at.toISOString(), last.id]) : null };
  },

  'bookings.retrieve': async (ctx) => {
    const b = await findBooking(ctx.services.db, ctx.params.id);
    if (!b || !isParticipant(ctx, b)) throw notFound('Booking');
    return toBooking(b);
  },

  'bookings.cancel': async (ctx) => {
    const user = ctx.auth.user!;
    const now = ctx.services.now();
    return ctx.services.db.tx(async (q) => {
      const b = await findBooking(q, ctx.params.id, true);
      if (!b || !isParticipant(ctx, b)) throw notFound('Booking');
      if (b.status !== 'pending' && b.status !== 'confirmed') throw conflict(ERROR_CODES.conflict, `A ${b.status} booking cannot be cancelled`);
      const by = user.id === b.student_id ? 'student' : user.id === b.instructor_id ? 'instructor' : 'admin';
      const outcome = refundOutcome(b, by, now);
      if (outcome === 'full_refund') {
        try {
          await refundBookingPayment(q, ctx.services, b.id, `Cancelled by the ${by}`);
        } catch (err) {
          (ctx.services.options.logger ?? console).error('[furrow] booking refund failed:', err);
          throw new HttpError(502, PROVIDER_ERROR, 'The payment provider could not refund this booking; nothing changed, try again');
        }
      }
      await q.query(
        `UPDATE bookings SET status = 'cancelled', cancelled_by = $2, cancellation_reason = $3, refund_outcome = $4, cancelled_at = now(), updated_at = now() WHERE id = $1`,
        [b.id, by, ctx.body.reason, outcome]);
      // The time is free again for others (if it is still ahead); open payment pages stop working.
      if (b.starts_at > now) await q.query(`UPDATE availability_slots SET is_booked = false, updated_at = now() WHERE id = $1`, [b.slot_id]);
      await q.query(`UPDATE checkout_sessions SET status = 'expired' WHERE booking_id = $1 AND status = 'open'`, [b.id]);
      await audit(q, ctx, { entityName: 'booking', entityId: b.id, action: 'cancel', oldValues: { status: b.status }, newValues: { status: 'cancelled', cancelledBy: by, reason: ctx.body.reason, refundOutcome: outcome } });
      await notifyParticipants(q, ctx.services, b, cancelledMessage(by === 'student' ? 'learner' : by, ctx.body.reason, outcome));
      return toBooking((await findBooking(q, b.id))!);
    });
  },

  'bookings.complete': async (ctx) => {
    const user = ctx.auth.user!;
    return ctx.services.db.tx(async (q) => {
      const b = await findBooking(q, ctx.params.id, true);
      if (!b || (b.instructor_id !== user.id && !(user.role === 'admin' && sameSite(ctx.auth, b.student_site_id)))) throw notFound('Booking');
      if (b.status !== 'confirmed') throw conflict(ERROR_CODES.conflict, `Only a confirmed booking can be completed; this one is ${b.status}`);
      if (b.starts_at > ctx.services.now()) throw conflict(ERROR_CODES.conflict, 'The session has not started yet');
      await q.query(`UPDATE bookings SET status = 'completed', completed_at = now(), updated_at = now() WHERE id = $1`, [b.id]);
      await audit(q, ctx, { entityName: 'booking', entityId: b.id, action: 'update', oldValues: { status: 'confirmed' }, newValues: { status: 'completed' } });
      return toBooking((await findBooking(q, b.id))!);
    });
  },
});

/**
 * Sends due reminders (confirmed sessions starting within 24 h, not yet reminded). The
 * conditional update on `reminded_at` claims each booking for one instance only.
 *
 * @returns how many bookings were reminded.
 */
export async function runReminders(services: Services): Promise<number> {
  const now = services.now();
  return services.db.tx(async (q) => {
    const r = await q.query<{ id: string }>(
      `UPDATE bookings SET reminded_at = $1 WHERE id IN (
         SELECT id FROM bookings WHERE status = 'confirmed' AND reminded_at IS NULL AND starts_at > $1
            AND starts_at <= $1::timestamptz + make_interval(hours => $2) ORDER BY starts_at LIMIT 100 FOR UPDATE SKIP LOCKED)
         AND reminded_at IS NULL RETURNING id`,
      [now, BOOKING_RULES.reminderHoursBefore]);
    for (const { id } of r.rows) {
      const b = (await findBooking(q, id))!;
      await notifyParticipants(q, services, b, BOOKING_MESSAGES.reminder);
      await audit(q, null, { entityName: 'booking', entityId: id, action: 'update', newValues: { remindedAt: now.toISOString() }, metadata: { source: 'reminder_job' }, subjectUserId: b.student_id });
    }
    return r.rows.length;
  });
}

const HOLD_REASON = 'Payment was not completed in time';

/**
 * Releases the slots of bookings whose payment did not arrive within the hold
 * (`BOOKING_RULES.paymentHoldMinutes` after the booking or its latest checkout attempt): the
 * system cancels each, the slot is free again, open payment pages stop working, both people
 * are told. A payment that still lands later is refunded by fulfilment (as for any cancelled
 * booking). `SKIP LOCKED`: instances release different bookings, and a booking being paid
 * (fulfilment holds its row) is left for the next round, when it is confirmed.
 *
 * @returns how many bookings were released.
 */
export async function releaseUnpaidBookings(services: Services): Promise<number> {
  const now = services.now();
  const cutoff = new Date(now.getTime() - BOOKING_RULES.paymentHoldMinutes * 60_000);
  return services.db.tx(async (q) => {
    const r = await q.query<{ id: string }>(
      `SELECT b.id FROM bookings b
        WHERE b.status = 'pending' AND b.payment_required AND b.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM checkout_sessions cs WHERE cs.booking_id = b.id AND cs.created_at >= $1)
        ORDER BY b.created_at LIMIT 100 FOR UPDATE OF b SKIP LOCKED`,
      [cutoff]);
    for (const { id } of r.rows) {
      const b = (await findBooking(q, id))!;
      await q.query(
        `UPDATE bookings SET status = 'cancelled', cancelled_by = 'system', cancellation_reason = $2, refund_outcome = 'none_due', cancelled_at = now(), updated_at = now() WHERE id = $1`,
        [id, HOLD_REASON]);
      if (b.starts_at > now) await q.query(`UPDATE availability_slots SET is_booked = false, updated_at = now() WHERE id = $1`, [b.slot_id]);
      await q.query(`UPDATE checkout_sessions SET status = 'expired' WHERE booking_id = $1 AND status = 'open'`, [id]);
      await audit(q, null, { entityName: 'booking', entityId: id, action: 'cancel', oldValues: { status: 'pending' }, newValues: { status: 'cancelled', cancelledBy: 'system', reason: HOLD_REASON, refundOutcome: 'none_due' }, metadata: { source: 'payment_hold' }, subjectUserId: b.student_id });
      await notifyParticipants(q, services, b, cancelledMessage('system', HOLD_REASON, 'none_due'));
    }
    return r.rows.length;
  });
}

/** Job kinds of this module (each runs every `BOOKING_RULES.reminderPollMs` on one instance). */
export const BOOKING_JOBS = { reminders: 'booking.reminders', releaseUnpaid: 'booking.release-unpaid' } as const;

/** Instructor availability, bookings, their reminders and payment holds. */
export const bookingModule = defineModule({
  name: 'booking',
  handlers,
  init: async (services) => {
    services.jobs.register(BOOKING_JOBS.reminders, async () => { await runReminders(services); });
    services.jobs.register(BOOKING_JOBS.releaseUnpaid, async () => { await releaseUnpaidBookings(services); });
    services.jobs.schedule(BOOKING_JOBS.reminders, { everyMs: BOOKING_RULES.reminderPollMs });
    services.jobs.schedule(BOOKING_JOBS.releaseUnpaid, { everyMs: BOOKING_RULES.reminderPollMs });
  },
});
