import { EVENTS } from '../lib/constants.js';

/**
 * A submitted attempt has its result. Bubbles and is composed, so a host page can listen on any ancestor. Fired on user
 * action only, never on programmatic changes.
 *
 * @example
 * ```ts
 * quiz.addEventListener('furrow-quiz-complete', (e) => e.passed && celebrate());
 * ```
 */
export class FurrowQuizCompleteEvent extends Event {
  static readonly eventName = EVENTS.quizComplete;
  /** The quiz. */
  readonly quizId: string;
  /** The graded attempt. */
  readonly attemptId: string;
  /** Whether it passed (null while an essay waits for grading). */
  readonly passed: boolean | null;
  /** Points earned. */
  readonly score: number | null;
  /** Score in percent. */
  readonly percentage: number | null;

  constructor(init: { quizId: string; attemptId: string; passed: boolean | null; score: number | null; percentage: number | null }) {
    super(EVENTS.quizComplete, { bubbles: true, composed: true });
    this.quizId = init.quizId;
    this.attemptId = init.attemptId;
    this.passed = init.passed;
    this.score = init.score;
    this.percentage = init.percentage;
  }
}

declare global {
  // Furrow events bubble and are composed, so they reach document and window too.
  interface HTMLElementEventMap {
    'furrow-quiz-complete': FurrowQuizCompleteEvent;
  }
  interface DocumentEventMap {
    'furrow-quiz-complete': FurrowQuizCompleteEvent;
  }
  interface WindowEventMap {
    'furrow-quiz-complete': FurrowQuizCompleteEvent;
  }
}
