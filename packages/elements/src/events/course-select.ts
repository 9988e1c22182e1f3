import { EVENTS } from '../lib/constants.js';

/**
 * A learner chose a course in the catalog (click or Enter on a card). Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * catalog.addEventListener('furrow-course-select', (e) => player.courseId = e.courseId);
 * ```
 */
export class FurrowCourseSelectEvent extends Event {
  static readonly eventName = EVENTS.courseSelect;
  /** The chosen course. */
  readonly courseId: string;

  constructor(init: { courseId: string }) {
    super(EVENTS.courseSelect, { bubbles: true, composed: true });
    this.courseId = init.courseId;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-course-select': FurrowCourseSelectEvent;
  }
  interface DocumentEventMap {
    'furrow-course-select': FurrowCourseSelectEvent;
  }
  interface WindowEventMap {
    'furrow-course-select': FurrowCourseSelectEvent;
  }
}
