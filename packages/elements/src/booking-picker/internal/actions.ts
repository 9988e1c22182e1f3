import type { AvailabilitySlot, Booking, CheckoutSession } from '@furrow/schema';
import { isFurrowError } from '@furrow/sdk';
import { returnUrls, TEST_MODE_REDIRECT_MS } from '../../lib/checkout-return.js';
import { FurrowBookingCancelEvent } from '../../events/booking-cancel.js';
import type { FurrowBookingPicker } from '../booking-picker.component.js';

/** A message shown above the week. */
export interface Notice {
  kind: 'ok' | 'warning' | 'error';
  text: string;
}

/** The picker's writes: book, pay, handle the return from payment, cancel. */
export class BookingActions {
  constructor(private readonly host: FurrowBookingPicker) {}

  private get client() {
    return this.host['furrow']!.client;
  }

  private say(kind: Notice['kind'], key: string, vars?: Record<string, string | number>): void {
    this.host.notice = { kind, text: this.host.tr(key, vars) };
  }

  private refresh(): Promise<unknown> {
    return Promise.all([this.host.loadWeek(), this.host.loadBookings()]);
  }

  /** Books a slot; a paid one continues to payment. */
  async book(slot: AvailabilitySlot, notes: string): Promise<void> {
    const h = this.host;
    if (h.busy) return;
    h.busy = true;
    h.notice = null;
    try {
      const b = await this.client.bookings.create({ slotId: slot.id, notes: notes.trim() || undefined });
      h.selected = null;
      h.confirmed(b);
      if (b.paymentRequired && b.status === 'pending') {
        await this.pay(b);
        return;
      }
      this.say('ok', 'booked', { name: b.instructor.name, time: h.when(b) });
      await this.refresh();
    } catch (err) {
      const code = isFurrowError(err) ? err.code : '';
      if ((err as { queued?: boolean }).queued) this.say('warning', 'queued');
      else if (code === 'slot_taken') {
        h.selected = null;
        this.say('error', 'slotTaken');
        await h.loadWeek();
      } else if (code === 'booking_overlap') this.say('error', 'overlap');
      else h.notice = { kind: 'error', text: h.describe(err) };
    } finally {
      h.busy = false;
    }
  }

  /** Starts checkout for a booking waiting for payment and goes to the payment page. */
  async pay(b: Booking): Promise<void> {
    const h = this.host;
    h.busy = true;
    try {
      const s = await this.client.checkout.create({ bookingId: b.id, ...returnUrls(`booking:${b.id}`) });
      h.testMode = s.testMode;
      if (!s.url) return void (await this.refresh());
      this.say('warning', 'redirecting');
      h.redirectUrl = s.url;
      // In TEST MODE the badge stays in view for a moment before leaving the page.
      if (s.testMode) await new Promise((r) => setTimeout(r, TEST_MODE_REDIRECT_MS));
      if (h.isConnected) h.navigate(s.url);
    } catch (err) {
      h.notice = { kind: 'error', text: h.describe(err) };
    } finally {
      h.busy = false;
    }
  }

  /** Back from the payment page: confirm, report and refresh. */
  async returned(bookingId: string, status: 'success' | 'cancel', settle: () => Promise<CheckoutSession>): Promise<void> {
    const h = this.host;
    if (status === 'cancel') {
      this.say('warning', 'payCancelled');
      return;
    }
    this.say('warning', 'confirming');
    try {
      const s = await settle();
      h.testMode = s.testMode;
      if (s.status === 'complete') {
        const b = await this.client.bookings.retrieve(bookingId);
        this.say('ok', 'paid', { name: b.instructor.name, time: h.when(b) });
        h.confirmed(b);
      } else this.say(s.status === 'expired' ? 'error' : 'warning', s.status === 'expired' ? 'payFailed' : 'pendingPay');
    } catch (err) {
      h.notice = { kind: 'error', text: h.describe(err) };
    }
    await this.refresh();
  }

  /** Cancels one of the learner's bookings; the reason is required. */
  async cancel(b: Booking, input: HTMLInputElement): Promise<void> {
    const h = this.host;
    const reason = input.value.trim();
    if (!reason) {
      h.reasonError = true;
      input.focus();
      return;
    }
    if (h.busy) return;
    h.busy = true;
    h.reasonError = false;
    try {
      const done = await this.client.bookings.cancel(b.id, { reason });
      h.cancelling = null;
      this.say('ok', `refund_${done.refundOutcome ?? 'none_due'}`);
      h.dispatchEvent(new FurrowBookingCancelEvent({ bookingId: b.id, reason }));
      await this.refresh();
    } catch (err) {
      h.notice = { kind: 'error', text: h.describe(err) };
    } finally {
      h.busy = false;
    }
  }
}
