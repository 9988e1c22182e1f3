import { html, type TemplateResult } from 'lit';
import type { Locale } from '@furrow/schema';
import { intlLocale, LOCALES } from '../../lib/i18n.js';

type T = (key: string) => string;

/** The filters a learner can set, with their option values (the schema's enums). */
export const FILTERS = {
  category: ['crop-management', 'irrigation', 'pest-control', 'soil-health', 'equipment', 'weather'],
  level: ['beginner', 'intermediate', 'advanced'],
  language: LOCALES,
  price: ['free', 'paid'],
} as const;

/**
 * Sort orders offered (the schema's `CourseSort`). "Best match" is the empty value: the server
 * then ranks by relevance when there is a search and by newest otherwise.
 */
export const SORTS = ['newest', 'rating', 'popular', 'price_asc', 'price_desc'] as const;

export type FilterName = keyof typeof FILTERS | 'sort';

const PREFIX: Record<FilterName, string> = { category: 'cat:', level: 'level:', language: 'lang:', price: '', sort: 'sort:' };
const ALL: Record<FilterName, string> = { category: 'allCategories', level: 'allLevels', language: 'allLanguages', price: 'allPrices', sort: 'sort:relevance' };

/**
 * An option's label. A language the catalog has no `lang:<code>` string for yet (a locale just
 * added to the list) is named by the browser (`Intl.DisplayNames`) in the UI language.
 */
function label(name: FilterName, v: string, t: T, locale: Locale): string {
  const key = PREFIX[name] + v;
  const text = t(key);
  if (name !== 'language' || text !== key) return text;
  return new Intl.DisplayNames([intlLocale(locale)], { type: 'language', fallback: 'code' }).of(v) ?? v;
}

/** One labelled `<select>`; `change` reports the new value ('' = any). */
export function renderSelect(name: FilterName, value: string, t: T, locale: Locale, change: (name: FilterName, value: string) => void): TemplateResult {
  const values: readonly string[] = name === 'sort' ? SORTS : FILTERS[name];
  const id = `f-${name}`;
  return html`<span class="field" part="field">
    <label for=${id}>${t(name)}</label>
    <select id=${id} part="select" .value=${value} @change=${(e: Event) => change(name, (e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${!value}>${t(ALL[name])}</option>
      ${values.map((v) => html`<option value=${v} ?selected=${v === value}>${label(name, v, t, locale)}</option>`)}
    </select>
  </span>`;
}
