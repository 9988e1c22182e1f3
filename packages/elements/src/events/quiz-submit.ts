import { EVENTS } from '../lib/constants.js';

/**
 * A learner submitted a quiz attempt. Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * quiz.addEventListener('furrow-quiz-submit', (e) => e.queued && showQueued());
 * ```
 */
export class FurrowQuizSubmitEvent extends Event {
  static readonly eventName = EVENTS.quizSubmit;
  /** The quiz. */
  readonly quizId: string;
  /** The attempt that was submitted. */
  readonly attemptId: string;
  /** True when offline: the submission waits in the outbox and the result comes later. */
  readonly queued: boolean;

  constructor(init: { quizId: string; attemptId: string; queued: boolean }) {
    super(EVENTS.quizSubmit, { bubbles: true, composed: true });
    this.quizId = init.quizId;
    this.attemptId = init.attemptId;
    this.queued = init.queued;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-quiz-submit': FurrowQuizSubmitEvent;
  }
  interface DocumentEventMap {
    'furrow-quiz-submit': FurrowQuizSubmitEvent;
  }
  interface WindowEventMap {
    'furrow-quiz-submit': FurrowQuizSubmitEvent;
  }
}
