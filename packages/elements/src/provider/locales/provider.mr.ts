import type { Strings } from '../provider.messages.js';

/** Marathi: `<furrow-provider>` strings (a separate chunk, loaded only for `mr`). */
export default {
  missingKey: 'Furrow: <furrow-provider publishable-key="…"> मध्ये तुमची publishable key जोडा.',
} satisfies Strings;
