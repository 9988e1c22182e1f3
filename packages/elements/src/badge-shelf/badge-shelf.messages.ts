import { defineMessages } from '../lib/i18n.js';

const en = {
  heading: 'My achievements',
  signInHint: 'Sign in to see your badges, points and certificates.',
  points: 'Points',
  pointsBreakdown: 'How you earned your points',
  noPoints: 'No points yet — complete a lesson to earn some.',
  streakCurrent: 'Current streak',
  streakLongest: 'Longest streak',
  days: '{count} days',
  daysOne: '{count} day',
  coursesCompleted: 'Courses completed',
  hoursLearned: 'Hours learned',
  badges: 'Badges',
  badgesEarned: '{earned} of {total} earned',
  emptyTitle: 'No badges yet',
  emptyBody: 'Finish your first lesson to earn your first badge. Every small step counts!',
  earnedOn: 'Earned {date}',
  locked: 'Locked',
  badgePoints: '+{points} points',
  progressLabel: 'Progress towards {name}',
  unit_courses_completed: '{n} of {total} courses',
  unit_quizzes_passed: '{n} of {total} quizzes',
  unit_consecutive_days: '{n} of {total} days in a row',
  unit_milestones_completed: '{n} of {total} milestones',
  unit_points_earned: '{n} of {total} points',
  unit_lessons_completed: '{n} of {total} lessons',
  unit_roadmaps_completed: '{n} of {total} roadmaps',
  unit_other: '{n} of {total}',
  reason_lesson_completed: 'Lessons completed',
  reason_quiz_passed: 'Quizzes passed',
  reason_course_completed: 'Courses completed',
  reason_badge_earned: 'Badges earned',
  reason_streak_bonus: 'Streak bonus',
  reason_review_posted: 'Reviews written',
  reason_answer_accepted: 'Answers accepted',
  reason_adjustment: 'Adjustments',
  reason_other: 'Other',
  certificates: 'Certificates',
  noCertificates: 'Complete a course to get your first certificate.',
  issuedOn: 'Issued {date}',
  verify: 'Verify certificate',
  newTab: '(opens in a new tab)',
};

/** Every key of the catalog below; every `locales/badge-shelf.<locale>.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings of `<furrow-badge-shelf>`: English inline, the other locales loaded on demand. */
export const badgeShelfMessages = defineMessages(en, (locale) => import(`./locales/badge-shelf.${locale}.js`));
