import { defineMessages } from '../lib/i18n.js';

const en = {
  missingKey: 'Furrow: add your publishable key to <furrow-provider publishable-key="…">.',
};

/** Every key of the catalog below; every `locales/provider.<locale>.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** `<furrow-provider>` strings: English inline, the other locales loaded on demand. */
export const providerMessages = defineMessages(en, (locale) => import(`./locales/provider.${locale}.js`));
