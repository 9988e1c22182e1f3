import { EVENTS } from '../lib/constants.js';

/**
 * A learner completed a lesson in the player. Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * player.addEventListener('furrow-lesson-complete', (e) => bar.value = e.progressPercent);
 * ```
 */
export class FurrowLessonCompleteEvent extends Event {
  static readonly eventName = EVENTS.lessonComplete;
  /** The lesson. */
  readonly lessonId: string;
  /** Its course. */
  readonly courseId: string;
  /** Course progress after it. */
  readonly progressPercent: number;

  constructor(init: { lessonId: string; courseId: string; progressPercent: number }) {
    super(EVENTS.lessonComplete, { bubbles: true, composed: true });
    this.lessonId = init.lessonId;
    this.courseId = init.courseId;
    this.progressPercent = init.progressPercent;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-lesson-complete': FurrowLessonCompleteEvent;
  }
  interface DocumentEventMap {
    'furrow-lesson-complete': FurrowLessonCompleteEvent;
  }
  interface WindowEventMap {
    'furrow-lesson-complete': FurrowLessonCompleteEvent;
  }
}
