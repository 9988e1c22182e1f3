import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CourseListQuery, CourseSummary } from '@furrow/schema';
import { FurrowElement } from '../lib/furrow-element.js';
import type { FurrowContextValue } from '../lib/context.js';
import { ELEMENT_DEFAULTS } from '../lib/constants.js';
import { formatDateTime, warmFormats } from '../lib/format.js';
import { tokens } from '../lib/styles.js';
import { FurrowCourseSelectEvent } from '../events/course-select.js';
import { catalogMessages } from './course-catalog.messages.js';
import { styles } from './course-catalog.styles.js';
import { renderCard, renderSkeleton } from './internal/card.js';
import { renderSelect, type FilterName } from './internal/filters.js';

/** How long typing must pause before the search is sent (ms). */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The course catalog: search (sent to the server, which searches Hindi, Marathi and English),
 * filters, sort and "show more" paging. Each course is a card — a real button, so a click,
 * Enter or Space selects it.
 *
 * @summary Searchable, filterable course catalog.
 *
 * @fires {FurrowCourseSelectEvent} furrow-course-select - A learner chose a course (`courseId`).
 *
 * @csspart search - The search form.
 * @csspart search-input - The search text field.
 * @csspart filters - The row of filters.
 * @csspart field - One label + select pair.
 * @csspart select - A filter or sort `<select>`.
 * @csspart list - The grid of cards.
 * @csspart card - A course card (a `<button>`); skeleton cards also carry `skeleton`.
 * @csspart thumbnail - The emoji or image at the top of a card.
 * @csspart title - The course title.
 * @csspart meta - Level, duration, lessons, rating, learners and price.
 * @csspart rating - The star rating.
 * @csspart price - The price line.
 * @csspart price-original - The struck-through original price.
 * @csspart price-sale - The price after discount.
 * @csspart discount - The "20% off" badge.
 * @csspart load-more - The "show more" button.
 * @csspart empty - The no-results message.
 * @csspart error - Error message with retry.
 * @csspart offline - The notice shown when cards come from the offline copy.
 *
 * @cssprop [--furrow-color-primary=#1f6f3f] - Buttons, focus, sale price.
 * @cssprop [--furrow-color-on-primary=#ffffff] - Text on primary buttons.
 * @cssprop [--furrow-color-surface=#ffffff] - Card background.
 * @cssprop [--furrow-color-text=#1b1f1c] - Text.
 * @cssprop [--furrow-color-muted=#4d5750] - Secondary text, struck price.
 * @cssprop [--furrow-color-border=#c9d1cb] - Card and field borders.
 * @cssprop [--furrow-color-danger=#a4161a] - Errors.
 * @cssprop [--furrow-color-warning=#8a5a00] - Offline notice, discount badge.
 * @cssprop [--furrow-radius=8px] - Corner radius.
 * @cssprop [--furrow-space=8px] - Spacing unit.
 * @cssprop [--furrow-font-family=system-ui, 'Noto Sans', 'Noto Sans Devanagari', sans-serif] - Text.
 * @cssprop [--furrow-focus-ring=3px solid #f0a500] - Focus outline.
 *
 * @example
 * ```html
 * <furrow-provider publishable-key="pk_test_furrow_demo" locale="hi">
 *   <furrow-course-catalog language="hi" sort="popular"></furrow-course-catalog>
 * </furrow-provider>
 * <script type="module">
 *   document.addEventListener('furrow-course-select', (e) => location.assign(`/course/${e.courseId}`));
 * </script>
 * ```
 */
export class FurrowCourseCatalog extends FurrowElement {
  static override styles = [tokens, styles];

  /** The search text (sent to the server as `q`). */
  @property() query = '';
  /** Only this category (`irrigation`, `soil-health`, …); empty for all. */
  @property() category = '';
  /** Only this level (`beginner`, `intermediate`, `advanced`); empty for all. */
  @property() level = '';
  /** Only courses taught in this language (a code of `LOCALES` such as `mr`); empty for all. */
  @property() language = '';
  /** `free`, `paid`, or empty for both. */
  @property() price = '';
  /**
   * Sort order: `newest`, `rating`, `popular`, `price_asc`, `price_desc`, or empty (default) for
   * best match — relevance while searching, newest otherwise.
   */
  @property() sort = '';
  /** Courses per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize: number = ELEMENT_DEFAULTS.catalogPageSize;

  protected readonly messages = catalogMessages;

  @state() private courses: CourseSummary[] = [];
  @state() private status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private loadingMore = false;
  @state() private nextCursor: string | null = null;
  @state() private staleAt: number | null = null;
  @state() private error: unknown = null;

  private seq = 0;
  private abort?: AbortController;
  private debounce?: ReturnType<typeof setTimeout>;
  private readonly online = () => this.status === 'error' && this.reload();

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.online);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.online);
    clearTimeout(this.debounce);
    this.abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const keys = ['query', 'category', 'level', 'language', 'price', 'sort', 'pageSize'] as const;
    const all = changed as PropertyValues;
    const clientChanged = all.has('furrow') && (all.get('furrow') as FurrowContextValue | undefined)?.client !== this.furrow?.client;
    if (this.furrow && (clientChanged || keys.some((k) => changed.has(k)))) this.reload();
  }

  private buildQuery(cursor?: string): CourseListQuery {
    const q: Record<string, unknown> = { limit: this.pageSize, cursor, q: this.query.trim() || undefined, sort: this.sort || undefined };
    for (const k of ['category', 'level', 'language', 'price'] as const) if (this[k]) q[k] = this[k];
    return q as CourseListQuery;
  }

  /** Loads the first page again with the current search and filters. */
  reload(): void {
    clearTimeout(this.debounce);
    this.courses = [];
    this.nextCursor = null;
    this.status = 'loading';
    void this.fetchPage();
  }

  private async fetchPage(cursor?: string): Promise<void> {
    const client = this.furrow?.client;
    if (!client) return;
    this.abort?.abort();
    const ac = (this.abort = new AbortController());
    const seq = ++this.seq;
    if (cursor) this.loadingMore = true;
    try {
      const pending = client.courses.list(this.buildQuery(cursor), { signal: ac.signal });
      if (!cursor) warmFormats(this.effectiveLocale);
      const page = await pending;
      if (seq !== this.seq) return;
      this.courses = cursor ? [...this.courses, ...page.data] : page.data;
      this.nextCursor = page.nextCursor;
      this.staleAt = page.stale ? (page.cachedAt ?? Date.now()) : null;
      this.status = 'ready';
    } catch (err) {
      if (seq !== this.seq || ac.signal.aborted) return;
      if (cursor) this.error = err;
      else [this.status, this.error] = ['error', err];
    } finally {
      if (seq === this.seq) this.loadingMore = false;
    }
  }

  private loadMore(): void {
    this.error = null;
    if (this.nextCursor) void this.fetchPage(this.nextCursor);
  }

  private onSearchInput(e: Event): void {
    const value = (e.target as HTMLInputElement).value;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => (this.query = value), SEARCH_DEBOUNCE_MS);
  }

  private onSearchSubmit(e: Event): void {
    e.preventDefault();
    const value = (this.renderRoot.querySelector('input') as HTMLInputElement).value;
    clearTimeout(this.debounce);
    if (value === this.query) this.reload();
    else this.query = value;
  }

  private setFilter(name: FilterName, value: string): void {
    this[name] = value;
  }

  private clearFilters(): void {
    Object.assign(this, { query: '', category: '', level: '', language: '', price: '' });
    const input = this.renderRoot.querySelector('input');
    if (input) input.value = '';
  }

  private select(courseId: string): void {
    this.dispatchEvent(new FurrowCourseSelectEvent({ courseId }));
  }

  protected override render() {
    if (!this.furrow) return this.renderNoProvider();
    const t = this.t.bind(this);
    const locale = this.effectiveLocale;
    const ready = this.status === 'ready';
    return html`
      <form role="search" part="search" class="search" @submit=${this.onSearchSubmit}>
        <label for="q">${t('search')}</label>
        <input id="q" type="search" part="search-input" enterkeyhint="search" autocomplete="off" aria-describedby="q-hint" .value=${this.query} @input=${this.onSearchInput} />
        <span id="q-hint" class="hint">${t('searchHint')}</span>
      </form>
      <div class="filters" part="filters" role="group" aria-label=${t('filters')}>
        ${(['category', 'level', 'language', 'price', 'sort'] as const).map((n) => renderSelect(n, this[n], t, locale, (name, v) => this.setFilter(name, v)))}
      </div>
      ${this.staleAt !== null
        ? html`<p class="notice warning" part="offline" role="status">${t('offlineCached', { date: formatDateTime(new Date(this.staleAt).toISOString(), locale) })}</p>`
        : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${ready ? (this.courses.length ? t('results', { count: this.courses.length }) : t('noResults')) : ''}</p>
      ${this.status === 'error'
        ? html`<div class="notice error" part="error" role="alert"><p>${this.errorMessage(this.error)}</p><button type="button" class="btn" @click=${() => this.reload()}>${t('retry')}</button></div>`
        : nothing}
      ${ready && !this.courses.length
        ? html`<div class="empty" part="empty"><p>${t('noResults')}</p><button type="button" class="btn secondary" @click=${this.clearFilters}>${t('clearFilters')}</button></div>`
        : nothing}
      <ul class="grid" part="list" aria-label=${t('courses')} aria-busy=${this.status === 'loading' || this.loadingMore ? 'true' : 'false'}>
        ${this.status === 'loading' || this.status === 'idle'
          ? renderSkeleton(Math.min(this.pageSize, 6))
          : this.courses.map((c) => renderCard(c, locale, t, (id) => this.select(id)))}
      </ul>
      ${this.error && ready ? html`<p class="notice error" role="alert">${this.errorMessage(this.error)}</p>` : nothing}
      ${ready && this.nextCursor
        ? html`<div class="more"><button type="button" class="btn secondary" part="load-more" ?disabled=${this.loadingMore} @click=${this.loadMore}>${this.loadingMore ? t('loadingMore') : t('loadMore')}</button></div>`
        : nothing}
    `;
  }
}
