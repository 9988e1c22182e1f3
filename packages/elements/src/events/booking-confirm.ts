import { EVENTS } from '../lib/constants.js';

/**
 * A learner booked a slot. Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * picker.addEventListener('furrow-booking-confirm', (e) => toast('Booked!'));
 * ```
 */
export class FurrowBookingConfirmEvent extends Event {
  static readonly eventName = EVENTS.bookingConfirm;
  /** The booking. */
  readonly bookingId: string;
  /** The booked slot. */
  readonly slotId: string;
  /** Confirmed, or pending payment. */
  readonly status: 'pending' | 'confirmed';

  constructor(init: { bookingId: string; slotId: string; status: 'pending' | 'confirmed' }) {
    super(EVENTS.bookingConfirm, { bubbles: true, composed: true });
    this.bookingId = init.bookingId;
    this.slotId = init.slotId;
    this.status = init.status;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-booking-confirm': FurrowBookingConfirmEvent;
  }
  interface DocumentEventMap {
    'furrow-booking-confirm': FurrowBookingConfirmEvent;
  }
  interface WindowEventMap {
    'furrow-booking-confirm': FurrowBookingConfirmEvent;
  }
}
