import { EVENTS } from '../lib/constants.js';

/**
 * A learner opened a badge on the shelf. Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * shelf.addEventListener('furrow-badge-select', (e) => console.log(e.badgeId));
 * ```
 */
export class FurrowBadgeSelectEvent extends Event {
  static readonly eventName = EVENTS.badgeSelect;
  /** The badge. */
  readonly badgeId: string;
  /** Whether the learner has it. */
  readonly earned: boolean;

  constructor(init: { badgeId: string; earned: boolean }) {
    super(EVENTS.badgeSelect, { bubbles: true, composed: true });
    this.badgeId = init.badgeId;
    this.earned = init.earned;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-badge-select': FurrowBadgeSelectEvent;
  }
  interface DocumentEventMap {
    'furrow-badge-select': FurrowBadgeSelectEvent;
  }
  interface WindowEventMap {
    'furrow-badge-select': FurrowBadgeSelectEvent;
  }
}
