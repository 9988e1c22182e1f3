import { defineMessages } from '../lib/i18n.js';

const en = {
  outline: 'Course outline',
  completed: 'Completed',
  locked: 'Locked',
  current: 'Now showing',
  previous: 'Previous lesson',
  next: 'Next lesson',
  markComplete: 'Mark as complete',
  markedComplete: 'Lesson completed',
  progress: '{percent}% of the course done',
  'type:video': 'Video',
  'type:text': 'Reading',
  'type:quiz': 'Quiz',
  'type:assignment': 'Assignment',
  'lock:sign_in': 'Sign in to open this lesson.',
  'lock:enroll': 'Enrol in this course (free) to open this lesson.',
  'lock:purchase': 'Buy this course to open this lesson.',
  enroll: 'Enrol for free',
  playVideo: 'Play video: {title}',
  playOn: 'Plays from {site}. Nothing loads until you press play.',
  showVideo: 'Show video',
  lowData: 'Data saver is on: the video loads only when you ask.',
  videoTitle: 'Video: {title}',
  download: 'Download for offline',
  downloadAsk: 'Save {lessons} lessons ({size}) on this device?',
  downloadAskOne: 'Save {lessons} lesson ({size}) on this device?',
  downloadNoSpace: 'Not enough space on this device for {size}.',
  downloadYes: 'Download',
  cancel: 'Cancel',
  downloading: 'Downloading… {done} of {total}',
  downloaded: 'Saved for offline: {lessons} lessons.',
  downloadedOne: 'Saved for offline: {lessons} lesson.',
  queuedComplete: 'Saved on this device; it will be sent when you are online.',
  noVideo: 'Your browser cannot play this video.',
};

/** Every key of the catalog below; every `locales/lesson-player.<locale>.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings of `<furrow-lesson-player>`: English inline, the other locales loaded on demand. */
export const playerMessages = defineMessages(en, (locale) => import(`./locales/lesson-player.${locale}.js`));
