import { EVENTS } from '../lib/constants.js';

/**
 * Checkout finished: paid, enrolled for free, or cancelled by the learner. Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * checkout.addEventListener('furrow-checkout-complete', (e) => e.status !== 'cancelled' && reload());
 * ```
 */
export class FurrowCheckoutCompleteEvent extends Event {
  static readonly eventName = EVENTS.checkoutComplete;
  /** How checkout ended. */
  readonly status: 'paid' | 'enrolled' | 'cancelled';
  /** Courses the learner can now open. */
  readonly courseIds: string[];
  /** The checkout session, when payment was involved. */
  readonly sessionId: string | null;

  constructor(init: { status: 'paid' | 'enrolled' | 'cancelled'; courseIds: string[]; sessionId: string | null }) {
    super(EVENTS.checkoutComplete, { bubbles: true, composed: true });
    this.status = init.status;
    this.courseIds = init.courseIds;
    this.sessionId = init.sessionId;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-checkout-complete': FurrowCheckoutCompleteEvent;
  }
  interface DocumentEventMap {
    'furrow-checkout-complete': FurrowCheckoutCompleteEvent;
  }
  interface WindowEventMap {
    'furrow-checkout-complete': FurrowCheckoutCompleteEvent;
  }
}
