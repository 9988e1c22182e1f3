import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isFurrowError } from '@furrow/sdk';
import { FurrowElement } from '../lib/furrow-element.js';
import { tokens } from '../lib/styles.js';
import { formatDateTime, formatMoney, formatNumber } from '../lib/format.js';
import { clearReturn, handledSessions, readReturn, returnUrls, settle, TEST_MODE_REDIRECT_MS } from '../lib/checkout-return.js';
import { FurrowCheckoutCompleteEvent } from '../events/checkout-complete.js';
import { checkoutMessages } from './checkout.messages.js';
import { styles } from './checkout.styles.js';
import { loadOffer, NotForSaleError, type Offer } from './internal/offer.js';

type Outcome = 'paid' | 'enrolled' | 'cancelled' | 'pending' | 'failed' | 'confirming' | 'redirecting' | null;

/**
 * Buy a product — or the cheapest public product containing a course — or enrol in a free
 * course. Paid checkout goes to the payment page the server hands out (Stripe, or the TEST MODE
 * sandbox, clearly marked), and comes back to this page, where the element confirms the payment,
 * refreshes access and reports the outcome once.
 *
 * @summary Price, discount and a buy (or enrol) button for a product or course.
 *
 * @slot sign-in - Shown with the sign-in hint when nobody is signed in.
 *
 * @fires {FurrowCheckoutCompleteEvent} furrow-checkout-complete - Checkout ended by the learner: `paid` (after returning from payment), `enrolled` (free) or `cancelled` (returned from the payment page without paying).
 *
 * @csspart base - The card.
 * @csspart name - The product or course name.
 * @csspart price - The price block.
 * @csspart original-price - The struck-through price before discount.
 * @csspart sale-price - The price to pay.
 * @csspart discount - The discount badge.
 * @csspart button - The buy or enrol button.
 * @csspart test-mode - The TEST MODE badge.
 * @csspart status - Outcome messages (paid, enrolled, cancelled, owned).
 * @csspart error - Error and sign-in notices.
 *
 * @cssprop --furrow-color-primary - Button (default `#1f6f3f`).
 * @cssprop --furrow-color-on-primary - Button text (default `#ffffff`).
 * @cssprop --furrow-color-surface - Card (default `#ffffff`).
 * @cssprop --furrow-color-text - Text (default `#1b1f1c`).
 * @cssprop --furrow-color-muted - Struck price, notes (default `#4d5750`).
 * @cssprop --furrow-color-border - Card border (default `#c9d1cb`).
 * @cssprop --furrow-color-success - Owned, paid (default `#1f6f3f`).
 * @cssprop --furrow-color-danger - Errors, discount (default `#a4161a`).
 * @cssprop --furrow-color-warning - TEST MODE badge (default `#8a5a00`).
 * @cssprop --furrow-radius - Corner radius (default `8px`).
 * @cssprop --furrow-space - Spacing unit (default `8px`).
 * @cssprop --furrow-focus-ring - Focus outline (default `3px solid #f0a500`).
 *
 * @example
 * ```html
 * <furrow-provider publishable-key="pk_test_furrow_demo" token="…">
 *   <furrow-checkout course-id="0b6f2d1e-1c2a-4c7e-9a57-6f0f3c2d9b10"></furrow-checkout>
 * </furrow-provider>
 * ```
 */
export class FurrowCheckout extends FurrowElement {
  static override styles = [tokens, styles];

  protected readonly messages = checkoutMessages;

  /** The product to sell. */
  @property({ attribute: 'product-id', reflect: true }) productId = '';

  /** A course: the element sells the cheapest public product containing it, or enrols for free. Ignored when `product-id` is set. */
  @property({ attribute: 'course-id', reflect: true }) courseId = '';

  @state() private offer: Offer | null = null;
  @state() private status: 'loading' | 'ready' | 'error' = 'loading';
  @state() private error: unknown = null;
  @state() private outcome: Outcome = null;
  @state() private actionError = '';
  @state() private busy = false;
  @state() private testMode = false;
  @state() private redirectUrl = '';

  private loadedFor = '';
  private abort: AbortController | null = null;
  private pendingSession = '';

  /** Sends the browser to the payment page (a seam for tests and hosts with their own routing). */
  navigate(url: string): void {
    location.assign(url);
  }

  private get ref(): string {
    return this.productId ? `product:${this.productId}` : `course:${this.courseId}`;
  }

  private get signedIn(): boolean {
    return Boolean(this.furrow?.client.getToken());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    this.loadedFor = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.furrow) return;
    const key = `${this.ref}|${this.furrow.client.getToken() ?? ''}`;
    if (key !== this.loadedFor && (this.productId || this.courseId)) {
      this.loadedFor = key;
      void this.start();
    }
  }

  private async start(): Promise<void> {
    const back = readReturn(this.ref);
    if (!back || handledSessions.has(back.sessionId) || !this.signedIn) return this.load();
    handledSessions.add(back.sessionId);
    clearReturn();
    this.pendingSession = back.sessionId;
    if (back.status === 'cancel') {
      await this.load();
      this.outcome = 'cancelled';
      this.fire('cancelled', back.sessionId);
      return;
    }
    this.outcome = 'confirming';
    await this.confirm();
  }

  /** Confirms a returned payment, refreshes access and reports it (also the "Check again" button). */
  private async confirm(): Promise<void> {
    const client = this.furrow!.client;
    try {
      const s = await settle(client, this.pendingSession);
      this.testMode = s.testMode;
      await this.load();
      if (s.status === 'complete') {
        this.outcome = 'paid';
        this.fire('paid', s.id);
      } else {
        this.outcome = s.status === 'open' ? 'pending' : 'failed';
        if (s.status === 'expired') this.fire('cancelled', s.id);
      }
    } catch (err) {
      this.outcome = 'pending';
      this.actionError = this.errorMessage(err);
      if (this.status === 'loading') await this.load();
    }
  }

  /** Loads the product (or course) and whether the learner already has it. */
  async load(): Promise<void> {
    const client = this.furrow?.client;
    if (!client) return;
    this.abort?.abort();
    const ac = (this.abort = new AbortController());
    this.status = 'loading';
    try {
      const offer = await loadOffer(client, { productId: this.productId || undefined, courseId: this.courseId || undefined }, this.signedIn, ac.signal);
      if (ac.signal.aborted) return;
      this.offer = offer;
      this.status = 'ready';
    } catch (err) {
      if (ac.signal.aborted) return;
      this.error = err;
      this.status = 'error';
    }
  }

  private fire(status: 'paid' | 'enrolled' | 'cancelled', sessionId: string | null): void {
    this.dispatchEvent(new FurrowCheckoutCompleteEvent({ status, courseIds: this.offer?.courseIds ?? [], sessionId }));
  }

  private async act(): Promise<void> {
    const offer = this.offer;
    const client = this.furrow?.client;
    if (!offer || !client || this.busy) return;
    this.busy = true;
    this.actionError = '';
    try {
      if (!offer.product) {
        await client.enrollments.create(offer.course!.id);
        await this.load();
        this.outcome = 'enrolled';
        this.fire('enrolled', null);
        return;
      }
      const session = await client.checkout.create({ productId: offer.product.id, ...returnUrls(this.ref) });
      this.testMode = session.testMode;
      if (session.kind === 'enrolled' || !session.url) {
        await this.load();
        this.outcome = 'enrolled';
        this.fire('enrolled', session.id);
        return;
      }
      this.outcome = 'redirecting';
      this.redirectUrl = session.url;
      // In TEST MODE the badge stays in view for a moment so nobody mistakes it for a real payment.
      if (session.testMode) await new Promise((r) => setTimeout(r, TEST_MODE_REDIRECT_MS));
      if (this.isConnected) this.navigate(session.url);
    } catch (err) {
      if (isFurrowError(err) && err.status === 409) {
        this.actionError = this.t('alreadyOwned');
        await this.load();
      } else this.actionError = this.errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    if (!this.furrow) return this.renderNoProvider();
    if (!this.productId && !this.courseId) return html`<p class="notice error" part="error" role="alert">${this.t('missingId')}</p>`;
    if (this.status === 'error') {
      const msg = this.error instanceof NotForSaleError ? this.t('notForSale') : this.errorMessage(this.error);
      return html`<div class="card" part="base"><div class="notice error" part="error" role="alert"><p>${msg}</p>
        <button class="btn" part="button" @click=${() => this.load()}>${this.t('retry')}</button></div></div>`;
    }
    const o = this.offer;
    if (this.status === 'loading' && !o) {
      return html`<div class="card skeleton" part="base" aria-busy="true" role="status"><span class="visually-hidden">${this.t('loading')}</span>
        <div class="bone title"></div><div class="bone line"></div><div class="bone price"></div><div class="bone button"></div></div>`;
    }
    return html`<div class="card" part="base" aria-busy=${this.status === 'loading' ? 'true' : 'false'}>
      ${this.testMode ? html`<p class="test-mode" part="test-mode"><strong>${this.t('testMode')}</strong> <span>${this.t('testModeNote')}</span></p>` : nothing}
      ${o!.cachedAt !== null ? html`<p class="notice warning">${this.t('offlineCached', { date: formatDateTime(new Date(o!.cachedAt).toISOString(), this.effectiveLocale) })}</p>` : nothing}
      <h2 class="name" part="name" id="name">${o!.name}</h2>
      ${o!.product && o!.courseIds.length > 1 ? html`<p class="muted">${this.t('includes', { count: formatNumber(o!.courseIds.length, this.effectiveLocale) })}</p>` : nothing}
      ${this.renderPrice(o!)}
      <div aria-live="polite" class="live">${this.renderStatus(o!)}</div>
      ${this.renderAction(o!)}
    </div>`;
  }

  private renderPrice(o: Offer): TemplateResult {
    const l = this.effectiveLocale;
    if (o.sale.amount === 0) return html`<p class="price" part="price" id="price"><span class="sale" part="sale-price">${this.t('free')}</span></p>`;
    const discounted = o.discountPercent > 0 && o.price.amount > o.sale.amount;
    return html`<p class="price" part="price" id="price">
      ${discounted ? html`<s part="original-price"><span class="visually-hidden">${this.t('originalPrice')}: </span>${formatMoney(o.price, l)}</s>` : nothing}
      <span class="sale" part="sale-price">${discounted ? html`<span class="visually-hidden">${this.t('salePrice')}: </span>` : html`<span class="visually-hidden">${this.t('price')}: </span>`}${formatMoney(o.sale, l)}</span>
      <span class="currency">${o.sale.currency}</span>
      ${discounted ? html`<span class="discount" part="discount">${this.t('discount', { percent: formatNumber(o.discountPercent, l) })}</span>` : nothing}
    </p>`;
  }

  private renderStatus(o: Offer): TemplateResult | typeof nothing {
    const out = this.outcome;
    const msg = out === 'redirecting' ? this.t('redirecting') : out === 'confirming' ? this.t('confirming') : out ? this.t(out) : '';
    return html`${msg ? html`<p class="notice ${out === 'failed' ? 'error' : out === 'cancelled' || out === 'pending' ? 'warning' : 'ok'}" part="status" role="status">${msg}</p>` : nothing}
      ${o.owned && out !== 'paid' && out !== 'enrolled' ? html`<p class="notice ok" part="status" role="status">${this.t('owned')}</p>` : nothing}
      ${this.actionError ? html`<p class="notice error" part="error" role="alert">${this.actionError}</p>` : nothing}`;
  }

  private renderAction(o: Offer): TemplateResult | typeof nothing {
    if (o.owned) return nothing;
    if (!this.signedIn) return html`<div class="notice" part="error"><p>${this.t('signInHint')}</p><slot name="sign-in"></slot></div>`;
    if (this.outcome === 'redirecting') return html`<a class="btn" part="button" href=${this.redirectUrl}>${this.t('continue')}</a>`;
    if (this.outcome === 'pending') return html`<button class="btn" part="button" @click=${() => this.confirm()}>${this.t('checkAgain')}</button>`;
    const free = o.sale.amount === 0;
    const label = free ? this.t('enrol') : this.t('buy');
    return html`<button class="btn" part="button" ?disabled=${this.busy || this.outcome === 'confirming'} aria-describedby="name price" @click=${() => this.act()}>
      ${this.busy ? this.t('working') : label}</button>`;
  }
}
