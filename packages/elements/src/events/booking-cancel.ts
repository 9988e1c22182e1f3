import { EVENTS } from '../lib/constants.js';

/**
 * A learner cancelled a booking. Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * picker.addEventListener('furrow-booking-cancel', (e) => console.log(e.reason));
 * ```
 */
export class FurrowBookingCancelEvent extends Event {
  static readonly eventName = EVENTS.bookingCancel;
  /** The booking. */
  readonly bookingId: string;
  /** Why. */
  readonly reason: string;

  constructor(init: { bookingId: string; reason: string }) {
    super(EVENTS.bookingCancel, { bubbles: true, composed: true });
    this.bookingId = init.bookingId;
    this.reason = init.reason;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-booking-cancel': FurrowBookingCancelEvent;
  }
  interface DocumentEventMap {
    'furrow-booking-cancel': FurrowBookingCancelEvent;
  }
  interface WindowEventMap {
    'furrow-booking-cancel': FurrowBookingCancelEvent;
  }
}
