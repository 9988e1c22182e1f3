/**
 * `@furrow/elements` — Furrow's web components. Importing this entry defines every element;
 * import `@furrow/elements/<name>` to define one.
 *
 * @packageDocumentation
 * @module @furrow/elements
 */
export { FurrowProvider } from './provider/provider.js';
export { FurrowBadgeShelf } from './badge-shelf/badge-shelf.js';
export { FurrowCheckout } from './checkout/checkout.js';
export { FurrowBookingPicker } from './booking-picker/booking-picker.js';
export { FurrowCourseCatalog } from './course-catalog/course-catalog.js';
export { FurrowLessonPlayer } from './lesson-player/lesson-player.js';
export { FurrowQuiz } from './quiz/quiz.js';
export { renderMarkdown, escapeHtml } from './lib/markdown.js';
export { FurrowElement, warnOnce } from './lib/furrow-element.js';
export { furrowContext, type FurrowContextValue } from './lib/context.js';
export { defineMessages, loadLocale, translate, toLocale, intlLocale, LOCALES, type Catalog, type LazyLocale, type LocaleLoader } from './lib/i18n.js';
export { formatMoney, formatNumber, formatDateTime, formatMinutes } from './lib/format.js';
export { tokens } from './lib/styles.js';
export { EVENTS, TAGS, ELEMENT_DEFAULTS, WARNINGS } from './lib/constants.js';
export * from './events/index.js';
