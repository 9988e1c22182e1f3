import { EVENTS } from '../lib/constants.js';

/**
 * The learner moved to another lesson (outline, previous or next). Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * player.addEventListener('furrow-lesson-change', (e) => history.replaceState(null, '', '#' + e.lessonId));
 * ```
 */
export class FurrowLessonChangeEvent extends Event {
  static readonly eventName = EVENTS.lessonChange;
  /** The lesson now shown. */
  readonly lessonId: string;
  /** Its course. */
  readonly courseId: string;

  constructor(init: { lessonId: string; courseId: string }) {
    super(EVENTS.lessonChange, { bubbles: true, composed: true });
    this.lessonId = init.lessonId;
    this.courseId = init.courseId;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-lesson-change': FurrowLessonChangeEvent;
  }
  interface DocumentEventMap {
    'furrow-lesson-change': FurrowLessonChangeEvent;
  }
  interface WindowEventMap {
    'furrow-lesson-change': FurrowLessonChangeEvent;
  }
}
