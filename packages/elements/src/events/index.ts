/** Every Furrow DOM event class. */
export { FurrowCourseSelectEvent } from './course-select.js';
export { FurrowQuizSubmitEvent } from './quiz-submit.js';
export { FurrowQuizCompleteEvent } from './quiz-complete.js';
export { FurrowBadgeSelectEvent } from './badge-select.js';
export { FurrowCheckoutCompleteEvent } from './checkout-complete.js';
export { FurrowBookingConfirmEvent } from './booking-confirm.js';
export { FurrowBookingCancelEvent } from './booking-cancel.js';
export { FurrowLessonCompleteEvent } from './lesson-complete.js';
export { FurrowLessonChangeEvent } from './lesson-change.js';
