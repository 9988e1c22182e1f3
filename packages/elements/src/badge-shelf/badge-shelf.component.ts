import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { BadgeProgress, Certificate } from '@furrow/schema';
import { FurrowElement } from '../lib/furrow-element.js';
import { tokens } from '../lib/styles.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { safeUrl } from '../lib/safe-url.js';
import { FurrowBadgeSelectEvent } from '../events/badge-select.js';
import { badgeShelfMessages } from './badge-shelf.messages.js';
import { styles } from './badge-shelf.styles.js';
import { loadShelf, type ShelfData } from './internal/load.js';

type Status = 'loading' | 'ready' | 'error' | 'signed-out';

/**
 * The signed-in learner's achievements: earned badges, locked ones with progress towards them,
 * points with their breakdown, the daily streak and certificates with a verification link.
 * Signed out, it shows a sign-in hint (and whatever the host puts in the `sign-in` slot).
 *
 * @summary Badges, points, streak and certificates of the signed-in learner.
 *
 * @slot sign-in - Shown with the sign-in hint when nobody is signed in (e.g. the host's login link).
 *
 * @fires {FurrowBadgeSelectEvent} furrow-badge-select - The learner opened a badge (click, Enter or Space).
 *
 * @csspart base - The wrapper.
 * @csspart summary - The points, streak and stats tiles.
 * @csspart stat - One tile.
 * @csspart breakdown - The points breakdown list.
 * @csspart badges - The badge list.
 * @csspart badge - One badge button.
 * @csspart badge-earned - An earned badge button (with `badge`).
 * @csspart badge-locked - A locked badge button (with `badge`).
 * @csspart badge-detail - The opened badge's description.
 * @csspart progress - A locked badge's progress bar.
 * @csspart certificates - The certificate list.
 * @csspart verify-link - A certificate's verification link.
 * @csspart empty - The no-badges-yet encouragement.
 * @csspart error - Error and sign-in notices.
 *
 * @cssprop --furrow-color-primary - Buttons, links, progress (default `#1f6f3f`).
 * @cssprop --furrow-color-success - Earned badges (default `#1f6f3f`).
 * @cssprop --furrow-color-surface - Cards (default `#ffffff`).
 * @cssprop --furrow-color-text - Text (default `#1b1f1c`).
 * @cssprop --furrow-color-muted - Secondary text (default `#4d5750`).
 * @cssprop --furrow-color-border - Borders (default `#c9d1cb`).
 * @cssprop --furrow-color-danger - Errors (default `#a4161a`).
 * @cssprop --furrow-color-warning - Offline notice (default `#8a5a00`).
 * @cssprop --furrow-radius - Corner radius (default `8px`).
 * @cssprop --furrow-space - Spacing unit (default `8px`).
 * @cssprop --furrow-focus-ring - Focus outline (default `3px solid #f0a500`).
 *
 * @example
 * ```html
 * <furrow-provider publishable-key="pk_test_furrow_demo" token="…">
 *   <furrow-badge-shelf></furrow-badge-shelf>
 * </furrow-provider>
 * ```
 */
export class FurrowBadgeShelf extends FurrowElement {
  static override styles = [tokens, styles];

  protected readonly messages = badgeShelfMessages;

  @state() private status: Status = 'loading';
  @state() private data: ShelfData | null = null;
  @state() private error: unknown = null;
  @state() private open: string | null = null;

  private loadedFor = '';
  private abort: AbortController | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    this.loadedFor = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.furrow?.client;
    if (!client) return;
    // Reload when the client or the signed-in person changes, not on every context push.
    const key = `${client.getToken() ?? ''}|${this.furrow?.user?.id ?? ''}`;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      void this.load();
    }
  }

  /** Fetches everything again (the retry button calls this). */
  async load(): Promise<void> {
    const client = this.furrow?.client;
    this.abort?.abort();
    if (!client) return;
    if (!client.getToken()) {
      this.status = 'signed-out';
      return;
    }
    const ac = (this.abort = new AbortController());
    this.status = 'loading';
    try {
      const data = await loadShelf(client, ac.signal);
      if (ac.signal.aborted) return;
      this.data = data;
      this.status = 'ready';
    } catch (err) {
      if (ac.signal.aborted) return;
      this.error = err;
      this.status = (err as { status?: number }).status === 401 ? 'signed-out' : 'error';
    }
  }

  private fmtDate(iso: string): string {
    return formatDateTime(iso, this.effectiveLocale, { dateStyle: 'medium' });
  }

  private days(n: number): string {
    return this.t('days', { count: n });
  }

  private progressText(b: BadgeProgress): string {
    const key = `unit_${b.rule}` in this.messages.en ? `unit_${b.rule}` : 'unit_other';
    const l = this.effectiveLocale;
    return this.t(key, { n: formatNumber(Math.min(b.progress, b.threshold), l), total: formatNumber(b.threshold, l) });
  }

  private toggle(b: BadgeProgress): void {
    const opening = this.open !== b.id;
    this.open = opening ? b.id : null;
    if (opening) this.dispatchEvent(new FurrowBadgeSelectEvent({ badgeId: b.id, earned: b.earned }));
  }

  protected override render(): TemplateResult {
    if (!this.furrow) return this.renderNoProvider();
    const body =
      this.status === 'signed-out' ? html`<div class="notice" part="error" role="status"><p>${this.t('signInHint')}</p><slot name="sign-in"></slot></div>`
        : this.status === 'error' ? html`<div class="notice error" part="error" role="alert"><p>${this.errorMessage(this.error)}</p>
            <button class="btn" @click=${() => this.load()}>${this.t('retry')}</button></div>`
          : this.status === 'loading' || !this.data ? this.renderSkeleton()
            : this.renderShelf(this.data);
    return html`<section part="base" aria-labelledby="h" aria-busy=${this.status === 'loading' ? 'true' : 'false'}>
      <h2 id="h">${this.t('heading')}</h2>
      <div aria-live="polite">${body}</div>
    </section>`;
  }

  private renderSkeleton(): TemplateResult {
    return html`<div class="skeleton" role="status"><span class="visually-hidden">${this.t('loading')}</span>
      <div class="summary">${[1, 2, 3, 4].map(() => html`<div class="stat bone"></div>`)}</div>
      <div class="badges">${[1, 2, 3, 4].map(() => html`<div class="bone card"></div>`)}</div></div>`;
  }

  private renderShelf(d: ShelfData): TemplateResult {
    const l = this.effectiveLocale;
    const earned = d.badges.filter((b) => b.earned).length;
    const breakdown = Object.entries(d.points.breakdown).filter(([, v]) => v !== 0);
    return html`
      ${d.cachedAt !== null ? html`<p class="notice warning">${this.t('offlineCached', { date: formatDateTime(new Date(d.cachedAt).toISOString(), l) })}</p>` : nothing}
      <dl class="summary" part="summary">
        <div class="stat" part="stat"><dt>${this.t('points')}</dt><dd class="big">${formatNumber(d.points.total, l)}</dd></div>
        <div class="stat" part="stat"><dt>${this.t('streakCurrent')}</dt><dd class="big">${this.days(d.streak.current)}</dd></div>
        <div class="stat" part="stat"><dt>${this.t('streakLongest')}</dt><dd class="big">${this.days(d.streak.longest)}</dd></div>
        <div class="stat" part="stat"><dt>${this.t('coursesCompleted')}</dt><dd class="big">${formatNumber(d.stats.coursesCompleted, l)}</dd></div>
        <div class="stat" part="stat"><dt>${this.t('hoursLearned')}</dt><dd class="big">${formatNumber(d.stats.learningHours, l, { maximumFractionDigits: 1 })}</dd></div>
      </dl>
      <h3>${this.t('pointsBreakdown')}</h3>
      ${breakdown.length
        ? html`<dl class="breakdown" part="breakdown">${breakdown.map(([reason, v]) => html`<div>
            <dt>${this.t(`reason_${reason}` in this.messages.en ? `reason_${reason}` : 'reason_other')}</dt><dd>${formatNumber(v, l)}</dd></div>`)}</dl>`
        : html`<p class="muted">${this.t('noPoints')}</p>`}
      <h3>${this.t('badges')} <span class="muted count">${this.t('badgesEarned', { earned: formatNumber(earned, l), total: formatNumber(d.badges.length, l) })}</span></h3>
      ${earned === 0 ? html`<div class="empty" part="empty"><span aria-hidden="true" class="empty-icon">🌱</span><div><p class="strong">${this.t('emptyTitle')}</p><p>${this.t('emptyBody')}</p></div></div>` : nothing}
      <ul class="badges" part="badges">${d.badges.map((b) => this.renderBadge(b))}</ul>
      <h3>${this.t('certificates')}</h3>
      ${d.certificates.length
        ? html`<ul class="certs" part="certificates">${d.certificates.map((c) => this.renderCertificate(c))}</ul>`
        : html`<p class="muted">${this.t('noCertificates')}</p>`}`;
  }

  private renderBadge(b: BadgeProgress): TemplateResult {
    const open = this.open === b.id;
    const detail = `d-${b.id}`;
    const pct = Math.round((Math.min(b.progress, b.threshold) / b.threshold) * 100);
    return html`<li class="badge ${b.earned ? 'earned' : 'locked'}">
      <button type="button" part="badge ${b.earned ? 'badge-earned' : 'badge-locked'}" aria-expanded=${open ? 'true' : 'false'} aria-controls=${detail} @click=${() => this.toggle(b)}>
        <span class="icon" aria-hidden="true">${b.iconUrl ? html`<img src=${b.iconUrl} alt="" width="40" height="40" loading="lazy" />` : (b.iconEmoji ?? '🏅')}</span>
        <span class="name">${b.name}</span>
        <span class="state">${b.earned && b.earnedAt ? this.t('earnedOn', { date: this.fmtDate(b.earnedAt) }) : this.t('locked')}</span>
      </button>
      ${b.earned ? nothing : html`<div class="bar" part="progress" role="progressbar" aria-label=${this.t('progressLabel', { name: b.name })}
          aria-valuemin="0" aria-valuenow=${Math.min(b.progress, b.threshold)} aria-valuemax=${b.threshold} aria-valuetext=${this.progressText(b)}>
          <span style="width:${pct}%"></span></div>
        <span class="progress-text" aria-hidden="true">${this.progressText(b)}</span>`}
      <div id=${detail} class="detail" part="badge-detail" ?hidden=${!open}>
        <p>${b.description}</p><p class="muted">${this.t('badgePoints', { points: formatNumber(b.points, this.effectiveLocale) })}</p>
      </div>
    </li>`;
  }

  private renderCertificate(c: Certificate): TemplateResult {
    return html`<li class="cert"><span aria-hidden="true" class="icon">📜</span><div>
      <p class="strong">${c.courseTitle}</p><p class="muted">${this.t('issuedOn', { date: this.fmtDate(c.issuedAt) })}</p>
      <a part="verify-link" href=${ifDefined(safeUrl(c.verifyUrl, this.furrow?.baseUrl))} target="_blank" rel="noopener noreferrer">${this.t('verify')}<span class="visually-hidden"> — ${c.courseTitle} ${this.t('newTab')}</span></a>
    </div></li>`;
  }
}
