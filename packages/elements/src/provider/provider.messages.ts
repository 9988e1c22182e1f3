import { defineMessages } from '../lib/i18n.js';

/** `<furrow-provider>` strings. */
export const providerMessages = defineMessages({
  en: { missingKey: 'Furrow: add your publishable key to <furrow-provider publishable-key="…">.' },
  hi: { missingKey: 'Furrow: <furrow-provider publishable-key="…"> में अपनी publishable key जोड़ें।' },
  mr: { missingKey: 'Furrow: <furrow-provider publishable-key="…"> मध्ये तुमची publishable key जोडा.' },
});
