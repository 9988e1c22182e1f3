/**
 * The locales Furrow speaks: the one list. The schema's `Locale` enum, the elements' string
 * catalogs, their message tests and the docs all derive from it. Adding a locale means adding
 * its message files (one per element catalog, see `docs/i18n.md`) and one entry here.
 *
 * This module imports nothing, so that a browser bundle can read the list without zod.
 *
 * @example
 * ```ts
 * import { LOCALES } from '@furrow/schema';
 * LOCALES.includes('mr'); // true
 * ```
 */
export const LOCALES = ['en', 'hi', 'mr'] as const;

/**
 * The locale every string is written in first and falls back to: English, which ships inline
 * with each element while the other locales are loaded on demand.
 *
 * @example
 * ```ts
 * import { SOURCE_LOCALE } from '@furrow/schema';
 * const fallback = SOURCE_LOCALE; // 'en'
 * ```
 */
export const SOURCE_LOCALE = 'en' satisfies (typeof LOCALES)[number];
