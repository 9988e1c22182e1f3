import { html, nothing, type TemplateResult } from 'lit';
import type { Booking } from '@furrow/schema';
import { formatMoney } from '../../lib/format.js';
import type { FurrowBookingPicker } from '../booking-picker.component.js';

function row(h: FurrowBookingPicker, b: Booking): TemplateResult {
  const open = h.cancelling === b.id;
  const pending = b.status === 'pending';
  const l = h.effectiveLocale;
  return html`<li class="booking">
    <p class="strong">${h.when(b)}</p>
    <p>${h.tr('with', { name: b.instructor.name })} · <span class="status ${b.status}">${h.tr(pending ? 'statusPending' : 'statusConfirmed')}</span>
      ${b.amount.amount ? html` · ${formatMoney(b.amount, l)}` : nothing}</p>
    ${pending && b.paymentDueBy ? html`<p class="muted" part="pay-by">${h.tr('payBy', { time: h.at(b.paymentDueBy) })}</p>` : nothing}
    <div class="row">
      ${pending && b.paymentRequired ? html`<button class="btn" part="button" ?disabled=${h.busy} @click=${() => h['actions'].pay(b)}>${h.tr('payNow')}</button>` : nothing}
      <button class="btn secondary" aria-expanded=${open ? 'true' : 'false'} aria-controls="c-${b.id}"
        @click=${() => { h.cancelling = open ? null : b.id; h.reasonError = false; }}>${h.tr('cancelBooking')}</button>
    </div>
    <form id="c-${b.id}" class="cancel" ?hidden=${!open} novalidate
      @submit=${(e: Event) => { e.preventDefault(); void h['actions'].cancel(b, (e.target as HTMLFormElement).querySelector('input')!); }}>
      <label for="r-${b.id}">${h.tr('reasonLabel')}</label>
      <input id="r-${b.id}" name="reason" required maxlength="1000" autocomplete="off"
        aria-invalid=${open && h.reasonError ? 'true' : 'false'} aria-describedby=${open && h.reasonError ? `e-${b.id}` : nothing} />
      ${open && h.reasonError ? html`<p id="e-${b.id}" class="field-error" role="alert">${h.tr('reasonRequired')}</p>` : nothing}
      <div class="row"><button class="btn danger" type="submit" ?disabled=${h.busy}>${h.busy ? h.tr('working') : h.tr('confirmCancel')}</button>
        <button class="btn secondary" type="button" @click=${() => (h.cancelling = null)}>${h.tr('keep')}</button></div>
    </form>
  </li>`;
}

/** "My upcoming bookings" with pay and cancel (signed-in learners only). */
export function renderBookings(h: FurrowBookingPicker): TemplateResult | typeof nothing {
  if (!h.signedIn || h.bookings === null) return nothing;
  return html`<section class="mine" part="bookings" aria-labelledby="mb">
    <h3 id="mb">${h.tr('myBookings')}</h3>
    ${h.bookings.length ? html`<ul>${h.bookings.map((b) => row(h, b))}</ul>` : html`<p class="muted">${h.tr('noBookings')}</p>`}
  </section>`;
}
