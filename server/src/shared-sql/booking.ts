import type { AvailabilitySlot, Booking, NotificationType } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { mailOf, type Services } from '../core/services.js';
import { iso, isoNN } from '../core/time.js';
import { notify } from './notifications.js';
import { moneyFromRow } from '../core/money.js';

/** Row of `availability_slots` joined with its instructor. */
export interface SlotRow {
  id: string; instructor_id: string; course_id: string | null; starts_at: Date; ends_at: Date; price_amount: number;
  currency: string; notes: string | null; is_booked: boolean; deleted_at: Date | null; created_at: Date; updated_at: Date;
  instructor_name: string; instructor_image_url: string | null; instructor_time_zone: string;
  /** The instructor's site: a slot is bookable on that site only. */
  instructor_site_id: string | null;
}

/** Select of a slot with its instructor. */
export const SLOT_SELECT = `SELECT sl.*, u.name AS instructor_name, u.image_url AS instructor_image_url, u.time_zone AS instructor_time_zone,
    u.site_id AS instructor_site_id
  FROM availability_slots sl JOIN users u ON u.id = sl.instructor_id`;

/** Maps a slot row to the API shape. */
export function toSlot(r: SlotRow): AvailabilitySlot {
  return {
    id: r.id, instructorId: r.instructor_id, instructor: { id: r.instructor_id, name: r.instructor_name, imageUrl: r.instructor_image_url },
    courseId: r.course_id, startsAt: isoNN(r.starts_at), endsAt: isoNN(r.ends_at),
    durationMinutes: Math.max(1, Math.round((r.ends_at.getTime() - r.starts_at.getTime()) / 60_000)),
    instructorTimeZone: r.instructor_time_zone, isBooked: r.is_booked, price: moneyFromRow(r.price_amount, r.currency),
    notes: r.notes, createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** Row of `bookings` joined with both participants. */
export interface BookingRow {
  id: string; slot_id: string; course_id: string | null; student_id: string; instructor_id: string; status: Booking['status'];
  amount: number; currency: string; starts_at: Date; ends_at: Date; student_notes: string | null; instructor_notes: string | null;
  payment_required: boolean; cancelled_by: Booking['cancelledBy']; cancellation_reason: string | null;
  refund_outcome: Booking['refundOutcome']; reminded_at: Date | null; created_at: Date; updated_at: Date;
  confirmed_at: Date | null; cancelled_at: Date | null; completed_at: Date | null;
  student_name: string; student_email: string | null; student_time_zone: string; student_locale: string; student_site_id: string | null;
  instructor_name: string; instructor_email: string | null; instructor_time_zone: string; instructor_locale: string;
  hold_from: Date;
}

/**
 * How long a booking that needs payment holds its slot, counted from the booking or from its
 * latest checkout attempt (a learner who comes back to pay gets a fresh window).
 */
export const PAYMENT_HOLD_MINUTES = 30;

/** Select of a booking with both participants (alias `b`), and when its payment hold started. */
export const BOOKING_SELECT = `SELECT b.*, s.name AS student_name, s.email AS student_email, s.time_zone AS student_time_zone, s.locale AS student_locale, s.site_id AS student_site_id,
    i.name AS instructor_name, i.email AS instructor_email, i.time_zone AS instructor_time_zone, i.locale AS instructor_locale,
    GREATEST(b.created_at, (SELECT max(cs.created_at) FROM checkout_sessions cs WHERE cs.booking_id = b.id)) AS hold_from
  FROM bookings b JOIN users s ON s.id = b.student_id JOIN users i ON i.id = b.instructor_id`;

/** Maps a booking row to the API shape. */
export function toBooking(r: BookingRow): Booking {
  return {
    id: r.id, slotId: r.slot_id, courseId: r.course_id, studentId: r.student_id, instructorId: r.instructor_id,
    student: { id: r.student_id, name: r.student_name }, instructor: { id: r.instructor_id, name: r.instructor_name },
    status: r.status, amount: moneyFromRow(r.amount, r.currency), startsAt: isoNN(r.starts_at), endsAt: isoNN(r.ends_at),
    studentTimeZone: r.student_time_zone, instructorTimeZone: r.instructor_time_zone, studentNotes: r.student_notes,
    instructorNotes: r.instructor_notes, paymentRequired: r.payment_required, cancelledBy: r.cancelled_by,
    cancellationReason: r.cancellation_reason, refundOutcome: r.refund_outcome, createdAt: isoNN(r.created_at),
    updatedAt: isoNN(r.updated_at), confirmedAt: iso(r.confirmed_at), cancelledAt: iso(r.cancelled_at),
    paymentDueBy: r.status === 'pending' && r.payment_required ? isoNN(new Date(new Date(r.hold_from).getTime() + PAYMENT_HOLD_MINUTES * 60_000)) : null,
  };
}

/** Loads a booking with its participants (optionally locking the booking row). */
export async function findBooking(q: Queryable, id: string, lock = false): Promise<BookingRow | null> {
  const r = await q.query<BookingRow>(`${BOOKING_SELECT} WHERE b.id = $1${lock ? ' FOR UPDATE OF b' : ''}`, [id]);
  return r.rows[0] ?? null;
}

/** "Tue, 3 Jun 2026, 10:00 am – 11:00 am IST" in the reader's zone. */
export function formatSessionTime(startsAt: Date, endsAt: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-IN', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(startsAt);
  const time = (d: Date, zone: boolean) => new Intl.DateTimeFormat('en-IN', { timeZone, hour: 'numeric', minute: '2-digit', ...(zone ? { timeZoneName: 'short' } : {}) }).format(d);
  return `${day}, ${time(startsAt, false)} – ${time(endsAt, true)} (${timeZone})`;
}

/** What each side is told about a booking event. */
export interface BookingMessage {
  type: NotificationType;
  /** Builds the title and text for one reader, given the other party's name and the session time in the reader's zone. */
  text(role: 'student' | 'instructor', other: string, when: string): { title: string; message: string };
}

/**
 * Tells both the learner and the instructor, in the caller's transaction: an in-app
 * notification each and an email each (outbox), times shown in each reader's own zone.
 */
export async function notifyParticipants(q: Queryable, services: Services, b: BookingRow, msg: BookingMessage): Promise<void> {
  const queueMail = mailOf(services);
  const sides = [
    { role: 'student' as const, userId: b.student_id, email: b.student_email, zone: b.student_time_zone, other: b.instructor_name },
    { role: 'instructor' as const, userId: b.instructor_id, email: b.instructor_email, zone: b.instructor_time_zone, other: b.student_name },
  ];
  for (const side of sides) {
    const { title, message } = msg.text(side.role, side.other, formatSessionTime(b.starts_at, b.ends_at, side.zone));
    const notificationId = await notify(q, {
      userId: side.userId, type: msg.type, title, message, relatedEntityType: 'booking', relatedEntityId: b.id,
      metadata: { startsAt: isoNN(b.starts_at), timeZone: side.zone },
    });
    if (side.email) await queueMail(q, { to: side.email, subject: title, text: `${message}\n\n— Furrow`, kind: msg.type, notificationId });
  }
}

/** Messages for each booking event, named once. */
export const BOOKING_MESSAGES = {
  requested: {
    type: 'booking_requested',
    text: (role, other, when) => role === 'student'
      ? { title: 'Booking received — payment needed', message: `Your session with ${other} on ${when} is held for you. Complete the payment to confirm it.` }
      : { title: 'New booking request', message: `${other} booked your session on ${when}. It is confirmed once paid.` },
  },
  confirmed: {
    type: 'booking_confirmed',
    text: (role, other, when) => ({ title: 'Session confirmed', message: role === 'student' ? `Your session with ${other} on ${when} is confirmed.` : `Your session with ${other} on ${when} is confirmed.` }),
  },
  reminder: {
    type: 'booking_reminder',
    text: (_role, other, when) => ({ title: 'Reminder: session within 24 hours', message: `Your session with ${other} is on ${when}.` }),
  },
} satisfies Record<string, BookingMessage>;

/** The cancellation message, stating who cancelled, why and what happens to the money. */
export function cancelledMessage(by: string, reason: string, refund: Booking['refundOutcome']): BookingMessage {
  const money = refund === 'full_refund' ? ' The payment is refunded in full.' : refund === 'no_refund' ? ' Under the cancellation rule no refund is due.' : '';
  return {
    type: 'booking_cancelled',
    text: (_role, other, when) => ({ title: 'Session cancelled', message: `The session with ${other} on ${when} was cancelled by the ${by}. Reason: ${reason}.${money}` }),
  };
}
