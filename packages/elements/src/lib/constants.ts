/**
 * Names used across Furrow elements, in one place (media-chrome style): tag names, event names
 * and defaults. Hosts can import these instead of repeating strings.
 *
 * @example
 * ```ts
 * import { EVENTS } from '@furrow/elements';
 * catalog.addEventListener(EVENTS.courseSelect, (e) => open(e.courseId));
 * ```
 */
export const EVENTS = {
  courseSelect: 'furrow-course-select',
  quizSubmit: 'furrow-quiz-submit',
  quizComplete: 'furrow-quiz-complete',
  badgeSelect: 'furrow-badge-select',
  checkoutComplete: 'furrow-checkout-complete',
  bookingConfirm: 'furrow-booking-confirm',
  bookingCancel: 'furrow-booking-cancel',
  lessonComplete: 'furrow-lesson-complete',
  lessonChange: 'furrow-lesson-change',
} as const;

/** Tag names of every Furrow element. */
export const TAGS = {
  provider: 'furrow-provider',
  courseCatalog: 'furrow-course-catalog',
  lessonPlayer: 'furrow-lesson-player',
  quiz: 'furrow-quiz',
  badgeShelf: 'furrow-badge-shelf',
  checkout: 'furrow-checkout',
  bookingPicker: 'furrow-booking-picker',
} as const;

/** Defaults shared by the elements. */
export const ELEMENT_DEFAULTS = {
  locale: 'en',
  /** How often the player reports video position (ms). */
  progressReportMs: 15_000,
  catalogPageSize: 12,
} as const;

/** Warning codes printed once to the console (`[furrow] FURROW_…`). */
export const WARNINGS = {
  noProvider: 'FURROW_NO_PROVIDER',
  missingAttribute: 'FURROW_MISSING_ATTRIBUTE',
} as const;
