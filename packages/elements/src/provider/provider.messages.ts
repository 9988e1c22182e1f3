import { defineMessages } from '../lib/i18n.js';

const en = {
  missingKey: 'Furrow: add your publishable key to <furrow-provider publishable-key="…">.',
};

/** Every key of the catalog below; `locales/provider.hi.ts` and `.mr.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** `<furrow-provider>` strings: English inline, Hindi and Marathi loaded on demand. */
export const providerMessages = defineMessages(en, {
  hi: () => import('./locales/provider.hi.js'),
  mr: () => import('./locales/provider.mr.js'),
});
