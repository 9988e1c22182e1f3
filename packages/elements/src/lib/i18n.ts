import type { Locale } from '@furrow/schema';

/** The locales every element ships strings for. */
export const LOCALES = ['en', 'hi', 'mr'] as const satisfies readonly Locale[];

/**
 * A message catalog: English is the source; Hindi and Marathi must have every key (the type
 * enforces it, and a test checks every element's catalog at run time too).
 */
export type Catalog<K extends string> = { en: Record<K, string>; hi: Record<K, string>; mr: Record<K, string> };

/**
 * Defines a catalog with its keys checked across locales.
 *
 * @example
 * ```ts
 * export const messages = defineMessages({
 *   en: { search: 'Search courses' },
 *   hi: { search: 'कोर्स खोजें' },
 *   mr: { search: 'कोर्स शोधा' },
 * });
 * ```
 */
export function defineMessages<K extends string>(catalog: { en: Record<K, string>; hi: Record<NoInfer<K>, string>; mr: Record<NoInfer<K>, string> }): Catalog<K> {
  return catalog;
}

/** Normalises a BCP-47 tag (`hi-IN`, `mr`, `en-GB`) to a supported locale, English otherwise. */
export function toLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : 'en';
}

/**
 * Looks up `key` in `catalog` for `locale` and fills `{name}` placeholders.
 *
 * @example
 * ```ts
 * translate(messages, 'hi', 'lessons', { count: 4 });
 * ```
 */
export function translate<K extends string>(catalog: Catalog<K>, locale: Locale, key: K, vars?: Record<string, string | number>): string {
  const text = catalog[locale]?.[key] ?? catalog.en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** The Intl locale for a Furrow locale: Indian English, Hindi and Marathi as used in India. */
export function intlLocale(locale: Locale): string {
  return `${locale}-IN`;
}
