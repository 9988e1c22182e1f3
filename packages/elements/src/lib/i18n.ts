import { LOCALES, SOURCE_LOCALE, type Locale } from '@furrow/schema';

/**
 * The locales every element ships strings for: schema's one list, re-exported so that hosts
 * importing the elements need not import the schema. `LOCALES[0]` is English, the source.
 *
 * @example
 * ```ts
 * import { LOCALES } from '@furrow/elements';
 * select.append(...LOCALES.map((l) => new Option(l, l)));
 * ```
 */
export { LOCALES };

/** The locales whose strings live in their own chunk: every locale but English. */
export type LazyLocale = Exclude<Locale, typeof SOURCE_LOCALE>;

/**
 * Loads one locale's strings of one catalog. Written once per catalog, whatever the number of
 * locales, as a template-literal `import()` of the catalog's `locales/` folder:
 * `(locale) => import(\`./locales/x.${locale}.js\`)`. Bundlers split each file into its own
 * chunk (the CDN build and the benchmarks expand it to one `import()` per file that exists,
 * see `scripts/lib/locale-imports.mjs`).
 */
export type LocaleLoader<K extends string> = (locale: LazyLocale) => Promise<{ default: Record<K, string> }>;

/**
 * A message catalog. English is the source and ships inline (it is also the fallback); every
 * other locale is a separate module, fetched with `import()` the first time an element needs
 * it, so a page downloads one language, not all of them. Each locale file declares
 * `satisfies Strings` (every key, nothing else), and a test checks every locale of
 * {@link LOCALES} at run time too.
 */
export type Catalog<K extends string> = {
  readonly en: Record<K, string>;
  readonly load: LocaleLoader<K>;
} & {
  /** Set once the locale's chunk has arrived. */
  [L in LazyLocale]?: Record<K, string>;
};

/**
 * Defines a catalog from its English strings and the loader of the other locales (one
 * `import()` for all of them: adding a locale adds a file, not a line here).
 *
 * @example
 * ```ts
 * const en = { search: 'Search courses' };
 * export type Strings = Record<keyof typeof en, string>;
 * // locales/catalog.hi.ts: export default { search: 'कोर्स खोजें' } satisfies Strings;
 * export const messages = defineMessages(en, (locale) => import(`./locales/catalog.${locale}.js`));
 * ```
 */
export function defineMessages<K extends string>(en: Record<K, string>, load: LocaleLoader<NoInfer<K>>): Catalog<K> {
  return { en, load } as Catalog<K>;
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
  if (locale === SOURCE_LOCALE || catalog[locale]) return undefined;
  const pending = loading.get(catalog) ?? {};
  loading.set(catalog, pending);
  // `new Promise` so that a loader that throws (a locale without a file) settles like a
  // failed fetch: English stays in use.
  return (pending[locale] ??= new Promise<{ default: Record<string, string> }>((ok) => ok(catalog.load(locale))).then(
    (m) => void (catalog[locale] = m.default),
    () => void delete pending[locale],
  ));
}

/** Normalises a BCP-47 tag (`hi-IN`, `mr`, `en-GB`) to a supported locale, English otherwise. */
export function toLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : SOURCE_LOCALE;
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
  const text = (locale !== SOURCE_LOCALE && catalog[locale]?.[key]) || catalog.en[key] || key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** The Intl locale for a Furrow locale: the language as used in India (`hi` → `hi-IN`). */
export function intlLocale(locale: Locale): string {
  return `${locale}-IN`;
}
