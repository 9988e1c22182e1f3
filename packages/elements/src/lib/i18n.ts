import type { Locale } from '@furrow/schema';

/** The locales every element ships strings for. */
export const LOCALES = ['en', 'hi', 'mr'] as const satisfies readonly Locale[];

/** The locales whose strings live in their own chunk. */
export type LazyLocale = Exclude<Locale, 'en'>;

/** Loads one locale's strings: `() => import('./locales/x.hi.js')`. */
export type LocaleLoader<K extends string> = () => Promise<{ default: Record<K, string> }>;

/**
 * A message catalog. English is the source and ships inline (it is also the fallback); Hindi
 * and Marathi are separate modules, fetched with `import()` the first time an element needs
 * them, so a page downloads one language, not three. The types make every translation carry
 * every key, and a test checks it at run time too.
 */
export interface Catalog<K extends string> {
  readonly en: Record<K, string>;
  /** Set once the locale's chunk has arrived. */
  hi?: Record<K, string>;
  mr?: Record<K, string>;
  readonly load: Record<LazyLocale, LocaleLoader<K>>;
}

/**
 * Defines a catalog from its English strings and the loaders of the other locales.
 *
 * @example
 * ```ts
 * const en = { search: 'Search courses' };
 * export type Strings = Record<keyof typeof en, string>;
 * export const messages = defineMessages(en, {
 *   hi: () => import('./locales/catalog.hi.js'), // export default { search: 'कोर्स खोजें' } satisfies Strings;
 *   mr: () => import('./locales/catalog.mr.js'),
 * });
 * ```
 */
export function defineMessages<K extends string>(en: Record<K, string>, load: Record<LazyLocale, LocaleLoader<NoInfer<K>>>): Catalog<K> {
  return { en, load };
}

const loading = new WeakMap<Catalog<string>, Partial<Record<LazyLocale, Promise<void>>>>();

/**
 * Makes `locale`'s strings of `catalog` available. Returns `undefined` when they already are
 * (English always), else a promise that settles when the chunk has arrived — or failed to
 * (offline): then English stays in use and the next call tries again.
 *
 * @example
 * ```ts
 * await loadLocale(messages, 'hi');
 * translate(messages, 'hi', 'search'); // 'कोर्स खोजें'
 * ```
 */
export function loadLocale(catalog: Catalog<string>, locale: Locale): Promise<void> | undefined {
  if (locale === 'en' || catalog[locale]) return undefined;
  const pending = loading.get(catalog) ?? {};
  loading.set(catalog, pending);
  return (pending[locale] ??= catalog.load[locale]().then(
    (m) => void (catalog[locale] = m.default),
    () => void delete pending[locale],
  ));
}

/** Normalises a BCP-47 tag (`hi-IN`, `mr`, `en-GB`) to a supported locale, English otherwise. */
export function toLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : 'en';
}

/**
 * Looks up `key` in `catalog` for `locale` (English until that locale's chunk has loaded) and
 * fills `{name}` placeholders.
 *
 * @example
 * ```ts
 * translate(messages, 'hi', 'lessons', { count: 4 });
 * ```
 */
export function translate<K extends string>(catalog: Catalog<K>, locale: Locale, key: K, vars?: Record<string, string | number>): string {
  const text = (locale !== 'en' && catalog[locale]?.[key]) || catalog.en[key] || key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** The Intl locale for a Furrow locale: Indian English, Hindi and Marathi as used in India. */
export function intlLocale(locale: Locale): string {
  return `${locale}-IN`;
}
