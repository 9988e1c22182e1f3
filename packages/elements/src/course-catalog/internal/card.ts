import { html, nothing, type TemplateResult } from 'lit';
import type { CourseSummary, Locale } from '@furrow/schema';
import { formatMinutes, formatMoney, formatNumber } from '../../lib/format.js';

type T = (key: string, vars?: Record<string, string | number>) => string;

/** The price line: free, a plain price, or the original struck through next to the sale price. */
export function renderPrice(c: CourseSummary, locale: Locale, t: T): TemplateResult {
  if (c.isFree || c.salePrice.amount === 0) return html`<span class="price sale" part="price">${t('free')}</span>`;
  if (!c.discountPercent || c.salePrice.amount >= c.price.amount) {
    return html`<span class="price sale" part="price">${formatMoney(c.price, locale)}</span>`;
  }
  // <s> is not announced by screen readers, so the hidden words say which price is which.
  return html`<span class="price" part="price">
    <s part="price-original"><span class="visually-hidden">${t('originalPrice')}: </span>${formatMoney(c.price, locale)}</s>
    <span class="sale" part="price-sale"><span class="visually-hidden">${t('salePrice')}: </span>${formatMoney(c.salePrice, locale)}</span>
    <span class="badge" part="discount">${t('discount', { percent: formatNumber(c.discountPercent, locale) })}</span>
  </span>`;
}

/** One course card: a real button, so Enter and Space work and it is in the tab order. */
export function renderCard(c: CourseSummary, locale: Locale, t: T, select: (id: string) => void): TemplateResult {
  const id = `c-${c.id}`;
  const rating = formatNumber(c.rating, locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return html`<li class="cell">
    <button type="button" class="card" part="card" data-course-id=${c.id} @click=${() => select(c.id)}>
      <span class="thumb" part="thumbnail" aria-hidden="true">${c.thumbnailUrl
        ? html`<img src=${c.thumbnailUrl} alt="" loading="lazy" decoding="async" width="320" height="180" />`
        : (c.thumbnailEmoji ?? '📘')}</span>
      <span class="body">
        <span class="title" part="title" id=${id}>${c.title}</span>
        <span class="meta" part="meta" id=${`${id}-d`}>
          <span class="level">${t(`level:${c.level}`)}</span>
          <span>${formatMinutes(c.durationMinutes, locale)}</span>
          <span>${t('lessons', { count: c.lessonCount })}</span>
          ${c.ratingCount
            ? html`<span class="rating" part="rating"><span aria-hidden="true">★ ${rating} (${formatNumber(c.ratingCount, locale)})</span><span class="visually-hidden">${t('ratingLabel', { rating, count: c.ratingCount })}</span></span>`
            : nothing}
          <span>${t('learners', { count: formatNumber(c.enrolledCount, locale, { notation: 'compact' }), n: c.enrolledCount })}</span>
          ${renderPrice(c, locale, t)}
        </span>
      </span>
    </button>
  </li>`;
}

/** A placeholder of the card's exact size, shown while the first page loads. */
export function renderSkeleton(n: number): TemplateResult[] {
  return Array.from({ length: n }, () => html`<li class="cell" aria-hidden="true"><span class="card skeleton" part="card skeleton"><span class="thumb"></span><span class="body"><span class="bar"></span><span class="bar short"></span></span></span></li>`);
}
