import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AvailabilitySlot, Booking } from '@furrow/schema';
import { FurrowElement } from '../lib/furrow-element.js';
import { tokens } from '../lib/styles.js';
import { formatDateTime, formatMoney } from '../lib/format.js';
import { clearReturn, handledSessions, readReturn, settle } from '../lib/checkout-return.js';
import { dayKey, mondayOf, addDays, browserTimeZone, isTimeZone, startOfDay } from '../lib/time-zone.js';
import { FurrowBookingCancelEvent } from '../events/booking-cancel.js';
import { FurrowBookingConfirmEvent } from '../events/booking-confirm.js';
import { bookingPickerMessages } from './booking-picker.messages.js';
import { styles } from './booking-picker.styles.js';
import { dayLabel, groupWeek, sessionTime, timeRange, zoneLabel, zoneOptions } from './internal/week.js';
import { BookingActions } from './internal/actions.js';
import { renderBookings } from './internal/bookings-view.js';

/**
 * A week of an instructor's open one-to-one slots in the viewer's time zone (switchable), with
 * booking, payment through checkout when the slot has a price, the learner's upcoming bookings
 * and cancellation with a reason. On narrow screens the week becomes a list of days.
 *
 * @summary Book a one-to-one session with an instructor.
 *
 * @slot sign-in - Shown with the sign-in hint when nobody is signed in.
 *
 * @fires {FurrowBookingConfirmEvent} furrow-booking-confirm - The learner booked a slot: `confirmed` (free, or after returning from payment) or `pending` (waiting for payment, just before going to pay).
 * @fires {FurrowBookingCancelEvent} furrow-booking-cancel - The learner cancelled one of their bookings (with the reason).
 *
 * @csspart base - The wrapper.
 * @csspart toolbar - Week navigation and time zone select.
 * @csspart week - The week grid (a day list on narrow screens).
 * @csspart day - One day.
 * @csspart slot - One open slot button.
 * @csspart panel - The booking panel of the chosen slot.
 * @csspart button - Primary buttons.
 * @csspart test-mode - The TEST MODE badge.
 * @csspart status - Outcome messages.
 * @csspart bookings - The learner's upcoming bookings.
 * @csspart pay-by - Under a booking waiting for payment: when its slot is released if unpaid.
 * @csspart error - Error and sign-in notices.
 *
 * @cssprop --furrow-color-primary - Buttons, chosen slot (default `#1f6f3f`).
 * @cssprop --furrow-color-on-primary - Text on primary (default `#ffffff`).
 * @cssprop --furrow-color-surface - Days, panels (default `#ffffff`).
 * @cssprop --furrow-color-text - Text (default `#1b1f1c`).
 * @cssprop --furrow-color-muted - Notes, empty days (default `#4d5750`).
 * @cssprop --furrow-color-border - Borders (default `#c9d1cb`).
 * @cssprop --furrow-color-success - Confirmed (default `#1f6f3f`).
 * @cssprop --furrow-color-danger - Errors (default `#a4161a`).
 * @cssprop --furrow-color-warning - TEST MODE, pending (default `#8a5a00`).
 * @cssprop --furrow-radius - Corner radius (default `8px`).
 * @cssprop --furrow-space - Spacing unit (default `8px`).
 * @cssprop --furrow-focus-ring - Focus outline (default `3px solid #f0a500`).
 *
 * @example
 * ```html
 * <furrow-provider publishable-key="pk_test_furrow_demo" token="…" locale="hi">
 *   <furrow-booking-picker instructor-id="5d0c…"></furrow-booking-picker>
 * </furrow-provider>
 * ```
 */
export class FurrowBookingPicker extends FurrowElement {
  static override styles = [tokens, styles];

  protected readonly messages = bookingPickerMessages;

  /** The instructor whose slots to show. Required. */
  @property({ attribute: 'instructor-id', reflect: true }) instructorId = '';

  /** Only slots for this course. */
  @property({ attribute: 'course-id', reflect: true }) courseId = '';

  /** The viewer's IANA time zone (default: the signed-in user's, else the browser's). The select changes it. */
  @property({ attribute: 'time-zone' }) timeZone = '';

  @state() private week = '';
  @state() private slots: AvailabilitySlot[] = [];
  @state() private status: 'loading' | 'ready' | 'error' = 'loading';
  @state() private error: unknown = null;
  @state() private selected: AvailabilitySlot | null = null;
  @state() private bookings: Booking[] | null = null;
  @state() private instructorZone: string | null = null;

  /** Booking, payment and cancellation (a controller: it owns the state those change). */
  private readonly actions = new BookingActions(this, {
    client: () => this.furrow?.client,
    t: (key, vars) => this.t(key, vars),
    describe: (err) => this.errorMessage(err),
    when: (b) => this.when(b),
    reload: (bookings) => (bookings ? Promise.all([this.loadWeek(), this.loadBookings()]) : this.loadWeek()),
    unselect: () => void (this.selected = null),
    confirmed: (b) => this.dispatchEvent(new FurrowBookingConfirmEvent({ bookingId: b.id, slotId: b.slotId, status: b.status === 'confirmed' ? 'confirmed' : 'pending' })),
    cancelled: (b, reason) => this.dispatchEvent(new FurrowBookingCancelEvent({ bookingId: b.id, reason })),
    navigate: (url) => this.navigate(url),
  });
  private loadedFor = '';

  /** Sends the browser to the payment page (a seam for tests and hosts with their own routing). */
  navigate(url: string): void {
    location.assign(url);
  }

  /** The zone times are shown in. */
  private get zone(): string {
    if (isTimeZone(this.timeZone)) return this.timeZone;
    const mine = this.furrow?.user?.timeZone;
    return isTimeZone(mine) ? mine : browserTimeZone();
  }

  private get signedIn(): boolean {
    return Boolean(this.furrow?.client.getToken());
  }

  /** A moment (day and time) in the viewer's zone. */
  private at(iso: string): string {
    return formatDateTime(iso, this.effectiveLocale, { dateStyle: 'medium', timeStyle: 'short', timeZone: this.zone });
  }

  /** A session's time in the viewer's zone. */
  private when(b: { startsAt: string; endsAt: string }): string {
    return sessionTime(b.startsAt, b.endsAt, this.effectiveLocale, this.zone);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.furrow || !this.instructorId) return;
    if (!this.week) this.week = mondayOf(dayKey(Date.now(), this.zone));
    const key = `${this.instructorId}|${this.courseId}|${this.furrow.client.getToken() ?? ''}|${this.furrow.user?.id ?? ''}`;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      void this.start();
    }
  }

  private async start(): Promise<void> {
    const back = readReturn('booking:', location.href, true);
    if (back && !handledSessions.has(back.sessionId) && this.signedIn) {
      handledSessions.add(back.sessionId);
      clearReturn();
      void this.actions.returned(back.ref.slice('booking:'.length), back.status, () => settle(this.furrow!.client, back.sessionId));
    }
    await Promise.all([this.loadWeek(), this.loadBookings()]);
  }

  /** Loads the open slots of the shown week. */
  private async loadWeek(): Promise<void> {
    const client = this.furrow?.client;
    if (!client) return;
    this.status = 'loading';
    const [week, zone] = [this.week, this.zone];
    try {
      const slots: AvailabilitySlot[] = [];
      const query = { instructorId: this.instructorId, courseId: this.courseId || undefined, from: new Date(startOfDay(week, zone)).toISOString(), to: new Date(startOfDay(addDays(week, 7), zone)).toISOString(), limit: 100 };
      for await (const s of client.bookings.slots.list(query)) slots.push(s);
      if (week !== this.week || zone !== this.zone) return;
      this.slots = slots;
      this.instructorZone ??= slots[0]?.instructorTimeZone ?? null;
      this.status = 'ready';
    } catch (err) {
      this.error = err;
      this.status = 'error';
    }
  }

  /** Loads the learner's upcoming bookings (signed in only). */
  private async loadBookings(): Promise<void> {
    const client = this.furrow?.client;
    if (!client || !this.signedIn) return void (this.bookings = null);
    try {
      this.bookings = (await client.bookings.list({ upcoming: 'true', limit: 50 })).data.filter((b) => b.studentId === this.furrow?.user?.id || !this.furrow?.user);
    } catch {
      this.bookings ??= [];
    }
  }

  private go(weeks: number): void {
    this.week = addDays(this.week, weeks * 7);
    this.selected = null;
    void this.loadWeek();
  }

  private setZone(e: Event): void {
    this.timeZone = (e.target as HTMLSelectElement).value;
    this.week = mondayOf(dayKey(Date.now(), this.timeZone) > this.week ? dayKey(Date.now(), this.timeZone) : this.week);
    void this.loadWeek();
  }

  private async choose(slot: AvailabilitySlot): Promise<void> {
    this.selected = slot;
    this.actions.clearNotice();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#panel-h')?.focus();
  }

  protected override render(): TemplateResult {
    if (!this.furrow) return this.renderNoProvider();
    if (!this.instructorId) return html`<p class="notice error" part="error" role="alert">${this.t('missingId')}</p>`;
    const l = this.effectiveLocale;
    const thisWeek = mondayOf(dayKey(Date.now(), this.zone));
    const { notice, redirectUrl, testMode } = this.actions.state;
    return html`<section part="base" aria-labelledby="h">
      <h2 id="h">${this.t('heading')}</h2>
      ${testMode ? html`<p class="test-mode" part="test-mode"><strong>${this.t('testMode')}</strong> ${this.t('testModeNote')}</p>` : nothing}
      <div class="live" aria-live="polite">${notice ? html`<p class="notice ${notice.kind}" part="status" role=${notice.kind === 'error' ? 'alert' : 'status'}>${notice.text}</p>` : nothing}
        ${redirectUrl ? html`<a class="btn" part="button" href=${redirectUrl}>${this.t('continue')}</a>` : nothing}</div>
      <div class="toolbar" part="toolbar">
        <button class="btn secondary" ?disabled=${this.week <= thisWeek} @click=${() => this.go(-1)}>‹ ${this.t('prevWeek')}</button>
        <p class="week-label" aria-live="polite">${this.t('weekOf', { date: dayLabel(this.week, l) })}</p>
        <button class="btn secondary" @click=${() => this.go(1)}>${this.t('nextWeek')} ›</button>
        <label class="tz">${this.t('timeZone')}
          <select @change=${this.setZone}>${zoneOptions(this.zone, this.instructorZone).map((z) => html`<option value=${z} ?selected=${z === this.zone}>
            ${z === this.instructorZone ? this.t('tzInstructor', { zone: zoneLabel(z, l) }) : zoneLabel(z, l)}</option>`)}</select></label>
      </div>
      ${this.renderWeek()}
      ${this.selected ? this.renderPanel(this.selected) : nothing}
      ${this.signedIn && this.bookings ? renderBookings(this.bookings, this.actions, { t: (k, v) => this.t(k, v), when: (b) => this.when(b), at: (iso) => this.at(iso), locale: l }) : nothing}
    </section>`;
  }

  private renderWeek(): TemplateResult {
    if (this.status === 'error') {
      return html`<div class="notice error" part="error" role="alert"><p>${this.errorMessage(this.error)}</p><button class="btn" @click=${() => this.loadWeek()}>${this.t('retry')}</button></div>`;
    }
    const l = this.effectiveLocale;
    const days = groupWeek(this.slots, this.week, this.zone);
    const loading = this.status === 'loading';
    const none = !loading && days.every((d) => !d.slots.length);
    return html`${none ? html`<p class="notice">${this.t('noSlotsWeek')}</p>` : nothing}
      <div class="week ${loading ? 'loading' : ''}" part="week" aria-busy=${loading ? 'true' : 'false'}>
        ${loading ? html`<span class="visually-hidden" role="status">${this.t('loading')}</span>` : nothing}
        ${days.map((d) => html`<div class="day ${d.slots.length ? '' : 'empty'}" part="day" role="group" aria-labelledby="d${d.key}">
          <h3 id="d${d.key}">${dayLabel(d.key, l)}</h3>
          ${loading ? html`<div class="bone"></div>` : d.slots.length ? html`<ul>${d.slots.map((s) => html`<li>
            <button class="slot ${this.selected?.id === s.id ? 'chosen' : ''}" part="slot" aria-pressed=${this.selected?.id === s.id ? 'true' : 'false'} @click=${() => this.choose(s)}>
<span class="visually-hidden">${dayLabel(d.key, l)}, </span><span class="time">${timeRange(s.startsAt, s.endsAt, l, this.zone)}</span><span class="visually-hidden">, </span><span
                class="price">${s.price.amount ? formatMoney(s.price, l) : this.t('free')}</span>${s.notes ? html`<span class="visually-hidden">, </span><span class="notes">${s.notes}</span>` : nothing}</button></li>`)}</ul>` : html`<p class="muted">${this.t('noSlotsDay')}</p>`}
        </div>`)}
      </div>`;
  }

  private renderPanel(s: AvailabilitySlot): TemplateResult {
    const l = this.effectiveLocale;
    const paid = s.price.amount > 0;
    return html`<div class="panel" part="panel" role="region" aria-labelledby="panel-h">
      <h3 id="panel-h" tabindex="-1">${this.t('bookHeading')}</h3>
      <p class="strong">${this.when(s)}</p>
      <p>${this.t('with', { name: s.instructor.name })} · ${paid ? formatMoney(s.price, l) : this.t('free')}</p>
      ${s.instructorTimeZone !== this.zone ? html`<p class="muted">${this.t('instructorTime', { time: timeRange(s.startsAt, s.endsAt, l, s.instructorTimeZone), zone: s.instructorTimeZone })}</p>` : nothing}
      ${s.notes ? html`<p class="muted">${s.notes}</p>` : nothing}
      ${this.signedIn
        ? html`<label for="notes">${this.t('notesLabel')}</label><textarea id="notes" rows="2" maxlength="2000"></textarea>
          <div class="row"><button class="btn" part="button" ?disabled=${this.actions.state.busy} @click=${() => this.actions.book(s, (this.renderRoot.querySelector('#notes') as HTMLTextAreaElement).value)}>
            ${this.actions.state.busy ? this.t('working') : paid ? this.t('bookAndPay', { price: formatMoney(s.price, l) }) : this.t('book')}</button>
          <button class="btn secondary" @click=${() => (this.selected = null)}>${this.t('back')}</button></div>`
        : html`<div class="notice" part="error"><p>${this.t('signInHint')}</p><slot name="sign-in"></slot></div>`}
    </div>`;
  }
}
