import { defineMessages } from '../lib/i18n.js';

const en = {
  heading: 'Book a session with an instructor',
  timeZone: 'Time zone',
  tzInstructor: "{zone} (instructor's)",
  prevWeek: 'Previous week',
  nextWeek: 'Next week',
  weekOf: 'Week of {date}',
  noSlotsDay: 'No open times',
  noSlotsWeek: 'No open times this week. Try the next week.',
  bookHeading: 'Book this session',
  with: 'With {name}',
  instructorTime: 'For the instructor: {time} ({zone})',
  notesLabel: 'Message for the instructor (optional)',
  book: 'Book',
  bookAndPay: 'Book and pay {price}',
  back: 'Choose another time',
  signInHint: 'Sign in to book a session.',
  booked: 'Booked! Your session with {name} is on {time}.',
  pendingPay: 'Your booking is waiting for payment.',
  payBy: 'Pay by {time}, or this time is released for other farmers.',
  paid: 'Payment received. Your session with {name} on {time} is confirmed.',
  payCancelled: 'Payment cancelled. Your booking is waiting for payment: pay or cancel it below.',
  payFailed: 'This payment did not go through. You have not been charged.',
  confirming: 'Confirming your payment…',
  slotTaken: 'Sorry, someone else just booked this time. The open times have been refreshed.',
  overlap: 'You already have a session at this time.',
  queued: 'You are offline: your booking request is saved and will be sent when you are back online.',
  testMode: 'TEST MODE',
  testModeNote: 'Test mode: a practice payment, no real money is taken.',
  redirecting: 'Taking you to the secure payment page…',
  continue: 'Continue to payment',
  myBookings: 'My upcoming bookings',
  noBookings: 'You have no upcoming sessions.',
  statusConfirmed: 'Confirmed',
  statusPending: 'Waiting for payment',
  payNow: 'Pay now',
  cancelBooking: 'Cancel booking',
  reasonLabel: 'Why are you cancelling? (required)',
  reasonRequired: 'Please tell the instructor why you are cancelling.',
  confirmCancel: 'Confirm cancellation',
  keep: 'Keep booking',
  refund_none_due: 'Booking cancelled. No payment was due.',
  refund_full_refund: 'Booking cancelled. You will get a full refund.',
  refund_no_refund: 'Booking cancelled. It was less than 24 hours before the session, so there is no refund.',
  working: 'Please wait…',
  missingId: 'Set an instructor-id on <furrow-booking-picker>.',
};

/** Every key of the catalog below; `locales/booking-picker.hi.ts` and `.mr.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings of `<furrow-booking-picker>`: English inline, Hindi and Marathi loaded on demand. */
export const bookingPickerMessages = defineMessages(en, {
  hi: () => import('./locales/booking-picker.hi.js'),
  mr: () => import('./locales/booking-picker.mr.js'),
});
