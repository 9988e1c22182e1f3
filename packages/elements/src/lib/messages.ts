import { defineMessages } from '../lib/i18n.js';

const en = {
  noProvider: 'Furrow is not set up on this page: place this inside <furrow-provider>.',
  loading: 'Loading…',
  retry: 'Try again',
  errorGeneric: 'Something went wrong. Please try again.',
  errorOffline: 'You seem to be offline. We will keep trying.',
  errorSignIn: 'Please sign in to continue.',
  errorNotFound: 'We could not find this.',
  errorNotEnrolled: 'Enrol in this course first: then you can open this.',
  errorForbidden: 'Your account cannot open this.',
  offlineCached: 'Offline: showing what was saved on {date}.',
  free: 'Free',
  close: 'Close',
  signIn: 'Sign in',
};

/** Every key of the catalog below; every `locales/common.<locale>.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings shared by every element: English inline, the other locales loaded on demand. */
export const common = defineMessages(en, (locale) => import(`./locales/common.${locale}.js`));
