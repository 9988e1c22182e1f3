import { html, nothing, type TemplateResult } from 'lit';
import type { Booking, Locale } from '@furrow/schema';
import { formatMoney } from '../../lib/format.js';
import type { BookingActions } from './actions.js';

/** What the list of bookings needs to render from the picker. */
export interface BookingsViewHost {
  /** Translates one of the picker's keys. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** A session's time in the viewer's zone. */
  when(b: Booking): string;
  /** A moment in the viewer's zone. */
  at(iso: string): string;
  /** The locale in effect (money is formatted for it). */
  locale: Locale;
}

function row(h: BookingsViewHost, a: BookingActions, b: Booking): TemplateResult {
  const { busy, cancelling, reasonError } = a.state;
  const open = cancelling === b.id;
  const pending = b.status === 'pending';
  return html`<li class="booking">
    <p class="strong">${h.when(b)}</p>
    <p>${h.t('with', { name: b.instructor.name })} · <span class="status ${b.status}">${h.t(pending ? 'statusPending' : 'statusConfirmed')}</span>
      ${b.amount.amount ? html` · ${formatMoney(b.amount, h.locale)}` : nothing}</p>
    ${pending && b.paymentDueBy ? html`<p class="muted" part="pay-by">${h.t('payBy', { time: h.at(b.paymentDueBy) })}</p>` : nothing}
    <div class="row">
      ${pending && b.paymentRequired ? html`<button class="btn" part="button" ?disabled=${busy} @click=${() => a.pay(b)}>${h.t('payNow')}</button>` : nothing}
      <button class="btn secondary" aria-expanded=${open ? 'true' : 'false'} aria-controls="c-${b.id}"
        @click=${() => a.openCancel(open ? null : b.id)}>${h.t('cancelBooking')}</button>
    </div>
    <form id="c-${b.id}" class="cancel" ?hidden=${!open} novalidate
      @submit=${(e: Event) => { e.preventDefault(); void a.cancel(b, (e.target as HTMLFormElement).querySelector('input')!); }}>
      <label for="r-${b.id}">${h.t('reasonLabel')}</label>
      <input id="r-${b.id}" name="reason" required maxlength="1000" autocomplete="off"
        aria-invalid=${open && reasonError ? 'true' : 'false'} aria-describedby=${open && reasonError ? `e-${b.id}` : nothing} />
      ${open && reasonError ? html`<p id="e-${b.id}" class="field-error" role="alert">${h.t('reasonRequired')}</p>` : nothing}
      <div class="row"><button class="btn danger" type="submit" ?disabled=${busy}>${busy ? h.t('working') : h.t('confirmCancel')}</button>
        <button class="btn secondary" type="button" @click=${() => a.openCancel(null)}>${h.t('keep')}</button></div>
    </form>
  </li>`;
}

/** "My upcoming bookings" with pay and cancel (signed-in learners only). */
export function renderBookings(bookings: Booking[], actions: BookingActions, h: BookingsViewHost): TemplateResult {
  return html`<section class="mine" part="bookings" aria-labelledby="mb">
    <h3 id="mb">${h.t('myBookings')}</h3>
    ${bookings.length ? html`<ul>${bookings.map((b) => row(h, actions, b))}</ul>` : html`<p class="muted">${h.t('noBookings')}</p>`}
  </section>`;
}
