import { z } from 'zod';
import { Id, Money, Timestamp } from './primitives.js';
import { PublicUser } from './users.js';

/** An instructor's open time (seed 002 `AvailabilitySlot`). Times are UTC. */
export const AvailabilitySlot = z.object({
  id: Id,
  instructorId: Id,
  instructor: PublicUser.pick({ id: true, name: true, imageUrl: true }),
  courseId: Id.nullable(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  durationMinutes: z.int().min(1),
  /** The instructor's zone, so clients can show both. */
  instructorTimeZone: z.string(),
  isBooked: z.boolean(),
  price: Money,
  notes: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Slot. */
export type AvailabilitySlot = z.infer<typeof AvailabilitySlot>;

/** `POST /v1/slots` body. Must start in the future and end after it starts. */
export const CreateSlotRequest = z.object({
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  price: Money.optional(),
  notes: z.string().max(2000).optional(),
  courseId: Id.nullable().optional(),
});

/**
 * `GET /v1/slots` query. `courseId` keeps the slots tied to that course plus the instructor's
 * general slots (no course): those are open to learners of any course.
 */
export const SlotListQuery = z.object({
  instructorId: Id.optional(),
  courseId: Id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  includeBooked: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** Booking lifecycle (seed 002 `BookingStatus`). */
export const BookingStatus = z.enum(['pending', 'confirmed', 'completed', 'cancelled']);
/** Booking status. */
export type BookingStatus = z.infer<typeof BookingStatus>;

/** A booking of a slot; visible to its instructor and that learner only. */
export const Booking = z.object({
  id: Id,
  slotId: Id,
  courseId: Id.nullable(),
  studentId: Id,
  instructorId: Id,
  student: PublicUser.pick({ id: true, name: true }),
  instructor: PublicUser.pick({ id: true, name: true }),
  status: BookingStatus,
  amount: Money,
  startsAt: Timestamp,
  endsAt: Timestamp,
  studentTimeZone: z.string(),
  instructorTimeZone: z.string(),
  studentNotes: z.string().nullable(),
  instructorNotes: z.string().nullable(),
  paymentRequired: z.boolean(),
  cancelledBy: z.enum(['student', 'instructor', 'admin', 'system']).nullable(),
  cancellationReason: z.string().nullable(),
  /** What the cancellation means for money, e.g. "full_refund", "no_refund". */
  refundOutcome: z.enum(['none_due', 'full_refund', 'no_refund']).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  confirmedAt: Timestamp.nullable(),
  cancelledAt: Timestamp.nullable(),
  /**
   * For a booking that waits for payment: when the slot is released if no payment has arrived
   * (30 minutes after the booking or after its latest checkout attempt, whichever is later).
   * The booking is then cancelled by the system; a payment that lands later is refunded. Null
   * for every other booking.
   */
  paymentDueBy: Timestamp.nullable(),
});
/** Booking. */
export type Booking = z.infer<typeof Booking>;

/** `POST /v1/bookings` body. */
export const CreateBookingRequest = z.object({
  slotId: Id,
  notes: z.string().max(2000).optional(),
});

/** `POST /v1/bookings/{id}/cancel` body. */
export const CancelBookingRequest = z.object({ reason: z.string().trim().min(1).max(1000) });
