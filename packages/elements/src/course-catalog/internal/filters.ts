import { html, type TemplateResult } from 'lit';

type T = (key: string) => string;

/** The filters a learner can set, with their option values (the schema's enums). */
export const FILTERS = {
  category: ['crop-management', 'irrigation', 'pest-control', 'soil-health', 'equipment', 'weather'],
  level: ['beginner', 'intermediate', 'advanced'],
  language: ['en', 'hi', 'mr'],
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

/** One labelled `<select>`; `change` reports the new value ('' = any). */
export function renderSelect(name: FilterName, value: string, t: T, change: (name: FilterName, value: string) => void): TemplateResult {
  const values: readonly string[] = name === 'sort' ? SORTS : FILTERS[name];
  const id = `f-${name}`;
  return html`<span class="field" part="field">
    <label for=${id}>${t(name)}</label>
    <select id=${id} part="select" .value=${value} @change=${(e: Event) => change(name, (e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${!value}>${t(ALL[name])}</option>
      ${values.map((v) => html`<option value=${v} ?selected=${v === value}>${t(PREFIX[name] + v)}</option>`)}
    </select>
  </span>`;
}
