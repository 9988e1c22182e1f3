import { z } from 'zod';
import { defineRoute } from '../lib/route.js';
import { ERROR_CODES } from '../lib/errors.js';
import { IdParams, Ok, page, PageQuery } from '../lib/primitives.js';
import {
  AvailabilitySlot, Booking, CancelBookingRequest, CreateBookingRequest, CreateSlotRequest, SlotListQuery,
} from '../lib/booking.js';

/** Instructor availability and bookings. */
export const bookingRoutes = {
  'slots.list': defineRoute({
    method: 'GET', path: '/v1/slots', tag: 'booking', access: 'public', scope: 'any',
    summary: 'Open slots (UTC), filter by instructor, course and range', query: SlotListQuery,
    response: page(AvailabilitySlot),
  }),
  'slots.create': defineRoute({
    method: 'POST', path: '/v1/slots', tag: 'booking', access: 'instructor', scope: 'any',
    summary: 'Publish an availability slot (no overlaps)', body: CreateSlotRequest, response: AvailabilitySlot,
    status: 201, idempotent: true,
    errors: { 409: [ERROR_CODES.slotOverlap] },
  }),
  'slots.delete': defineRoute({
    method: 'DELETE', path: '/v1/slots/:id', tag: 'booking', access: 'instructor', scope: 'owner',
    summary: 'Withdraw an unbooked slot', params: IdParams, response: Ok,
    errors: { 409: [ERROR_CODES.slotTaken] },
  }),
  'bookings.create': defineRoute({
    method: 'POST', path: '/v1/bookings', tag: 'booking', access: 'user', scope: 'self',
    summary: 'Book a slot; exactly one learner wins a slot', body: CreateBookingRequest, response: Booking,
    status: 201, idempotent: true,
    errors: { 409: [ERROR_CODES.slotTaken, ERROR_CODES.conflict] },
  }),
  'bookings.list': defineRoute({
    method: 'GET', path: '/v1/bookings', tag: 'booking', access: 'user', scope: 'participant',
    summary: "The caller's bookings (as learner or instructor)",
    query: PageQuery.extend({ upcoming: z.enum(['true', 'false']).optional() }), response: page(Booking),
  }),
  'bookings.retrieve': defineRoute({
    method: 'GET', path: '/v1/bookings/:id', tag: 'booking', access: 'user', scope: 'participant',
    summary: 'A booking (its learner and instructor only)', params: IdParams, response: Booking,
  }),
  'bookings.cancel': defineRoute({
    method: 'POST', path: '/v1/bookings/:id/cancel', tag: 'booking', access: 'user', scope: 'participant',
    summary: 'Cancel with a reason; the refund rule is applied and stated', params: IdParams,
    body: CancelBookingRequest, response: Booking,
  }),
  'bookings.complete': defineRoute({
    method: 'POST', path: '/v1/bookings/:id/complete', tag: 'booking', access: 'instructor',
    scope: 'participant', summary: 'Mark a confirmed session as held', params: IdParams, response: Booking,
  }),
} as const;

