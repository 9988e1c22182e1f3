import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Booking, CheckoutSession } from '@furrow/schema';
import { isFurrowError, type FurrowClient } from '@furrow/sdk';
import { returnUrls, TEST_MODE_REDIRECT_MS } from '../../lib/checkout-return.js';

/** A message shown above the week. */
export interface Notice {
  kind: 'ok' | 'warning' | 'error';
  text: string;
}

/** The state the picker's writes change, which the picker renders. */
export interface BookingState {
  /** A write is under way (buttons are disabled). */
  readonly busy: boolean;
  /** The outcome message above the week. */
  readonly notice: Notice | null;
  /** The server runs the sandbox payment provider. */
  readonly testMode: boolean;
  /** The payment page, once checkout has started (a link in case the redirect is blocked). */
  readonly redirectUrl: string;
  /** The booking whose cancel form is open. */
  readonly cancelling: string | null;
  /** The open cancel form was sent without a reason. */
  readonly reasonError: boolean;
}

/**
 * What the picker's writes need from the picker — and nothing else: no protected members, no
 * public `@state()` fields. The picker builds it as an object literal (as the lesson player
 * builds its `ContentHost`).
 */
export interface BookingActionsHost {
  /** The provider's SDK client (undefined until a provider is found). */
  client(): FurrowClient | undefined;
  /** Translates one of the picker's keys. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** The error text a learner sees. */
  describe(err: unknown): string;
  /** A session's time in the viewer's zone. */
  when(b: { startsAt: string; endsAt: string }): string;
  /** Reloads the open slots of the shown week; with `bookings`, the learner's bookings too. */
  reload(bookings: boolean): Promise<unknown>;
  /** Closes the booking panel (the slot was booked, or someone else took it). */
  unselect(): void;
  /** The learner booked: fire `furrow-booking-confirm` (user action only). */
  confirmed(b: Booking): void;
  /** The learner cancelled: fire `furrow-booking-cancel`. */
  cancelled(b: Booking, reason: string): void;
  /** Leaves the page for the payment page. */
  navigate(url: string): void;
}

/**
 * The picker's writes — book, pay, handle the return from payment, cancel — as a Lit reactive
 * controller: it owns the state they change (busy, the notice, TEST MODE, the payment link, the
 * cancel form) and asks its element to re-render when that changes.
 *
 * @example
 * ```ts
 * private readonly actions = new BookingActions(this, { client: () => this.furrow?.client, t: (k, v) => this.t(k, v), … });
 * html`<button ?disabled=${this.actions.state.busy} @click=${() => this.actions.book(slot, notes)}>…</button>`;
 * ```
 */
export class BookingActions implements ReactiveController {
  #state: BookingState = { busy: false, notice: null, testMode: false, redirectUrl: '', cancelling: null, reasonError: false };
  #connected = false;

  constructor(
    private readonly element: ReactiveControllerHost,
    private readonly host: BookingActionsHost,
  ) {
    element.addController(this);
  }

  /** The picker is on the page. */
  hostConnected(): void {
    this.#connected = true;
  }

  /** A picker taken off the page while checkout starts must not send the page away. */
  hostDisconnected(): void {
    this.#connected = false;
  }

  /** What the picker renders from; changed only by the controller's methods. */
  get state(): BookingState {
    return this.#state;
  }

  /** Opens the cancel form of one booking (or closes it with `null`). */
  openCancel(bookingId: string | null): void {
    this.set({ cancelling: bookingId, reasonError: false });
  }

  /** Clears the outcome message (a new slot was chosen). */
  clearNotice(): void {
    this.set({ notice: null });
  }

  private set(changes: Partial<BookingState>): void {
    this.#state = { ...this.#state, ...changes };
    this.element.requestUpdate();
  }

  private get client(): FurrowClient {
    return this.host.client()!;
  }

  private say(kind: Notice['kind'], key: string, vars?: Record<string, string | number>): void {
    this.set({ notice: { kind, text: this.host.t(key, vars) } });
  }

  private fail(err: unknown): void {
    this.set({ notice: { kind: 'error', text: this.host.describe(err) } });
  }

  /** Books a slot; a paid one continues to payment. */
  async book(slot: { id: string }, notes: string): Promise<void> {
    if (this.#state.busy) return;
    this.set({ busy: true, notice: null });
    try {
      const b = await this.client.bookings.create({ slotId: slot.id, notes: notes.trim() || undefined });
      this.host.unselect();
      this.host.confirmed(b);
      if (b.paymentRequired && b.status === 'pending') {
        await this.pay(b);
        return;
      }
      this.say('ok', 'booked', { name: b.instructor.name, time: this.host.when(b) });
      await this.host.reload(true);
    } catch (err) {
      const code = isFurrowError(err) ? err.code : '';
      if ((err as { queued?: boolean }).queued) this.say('warning', 'queued');
      else if (code === 'slot_taken') {
        this.host.unselect();
        this.say('error', 'slotTaken');
        await this.host.reload(false);
      } else if (code === 'booking_overlap') this.say('error', 'overlap');
      else this.fail(err);
    } finally {
      this.set({ busy: false });
    }
  }

  /** Starts checkout for a booking waiting for payment and goes to the payment page. */
  async pay(b: Booking): Promise<void> {
    this.set({ busy: true });
    try {
      const s = await this.client.checkout.create({ bookingId: b.id, ...returnUrls(`booking:${b.id}`) });
      this.set({ testMode: s.testMode });
      if (!s.url) return void (await this.host.reload(true));
      this.say('warning', 'redirecting');
      this.set({ redirectUrl: s.url });
      // In TEST MODE the badge stays in view for a moment before leaving the page.
      if (s.testMode) await new Promise((r) => setTimeout(r, TEST_MODE_REDIRECT_MS));
      if (this.#connected) this.host.navigate(s.url);
    } catch (err) {
      this.fail(err);
    } finally {
      this.set({ busy: false });
    }
  }

  /** Back from the payment page: confirm, report and refresh. */
  async returned(bookingId: string, status: 'success' | 'cancel', settle: () => Promise<CheckoutSession>): Promise<void> {
    if (status === 'cancel') {
      this.say('warning', 'payCancelled');
      return;
    }
    this.say('warning', 'confirming');
    try {
      const s = await settle();
      this.set({ testMode: s.testMode });
      if (s.status === 'complete') {
        const b = await this.client.bookings.retrieve(bookingId);
        this.say('ok', 'paid', { name: b.instructor.name, time: this.host.when(b) });
        this.host.confirmed(b);
      } else this.say(s.status === 'expired' ? 'error' : 'warning', s.status === 'expired' ? 'payFailed' : 'pendingPay');
    } catch (err) {
      this.fail(err);
    }
    await this.host.reload(true);
  }

  /** Cancels one of the learner's bookings; the reason is required. */
  async cancel(b: Booking, input: HTMLInputElement): Promise<void> {
    const reason = input.value.trim();
    if (!reason) {
      this.set({ reasonError: true });
      input.focus();
      return;
    }
    if (this.#state.busy) return;
    this.set({ busy: true, reasonError: false });
    try {
      const done = await this.client.bookings.cancel(b.id, { reason });
      this.set({ cancelling: null });
      this.say('ok', `refund_${done.refundOutcome ?? 'none_due'}`);
      this.host.cancelled(b, reason);
      await this.host.reload(true);
    } catch (err) {
      this.fail(err);
    } finally {
      this.set({ busy: false });
    }
  }
}
