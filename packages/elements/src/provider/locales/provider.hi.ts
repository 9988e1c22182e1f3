import type { Strings } from '../provider.messages.js';

/** Hindi: `<furrow-provider>` strings (a separate chunk, loaded only for `hi`). */
export default {
  missingKey: 'Furrow: <furrow-provider publishable-key="…"> में अपनी publishable key जोड़ें।',
} satisfies Strings;
