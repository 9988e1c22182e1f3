import Stripe from 'stripe';
import type { StripeOptions } from '../../core/config.js';
import type { CreateSessionInput, PaymentProvider, ProviderSession, ProviderSessionState } from '../../core/payments.js';

/**
 * How far a webhook's signed timestamp may be from our clock, in either direction: older signed
 * payloads are replays, and one dated in the future is a payload signed ahead to be replayed
 * later (Stripe's own check refuses only the old ones).
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Network settings for calls to Stripe. */
const STRIPE_CLIENT = { maxNetworkRetries: 2, timeoutMs: 20_000 } as const;

/** A Stripe-backed provider plus webhook verification. */
export interface StripeProvider extends PaymentProvider {
  readonly name: 'stripe';
  /**
   * Verifies the signature on the raw body and parses the event; throws when it does not verify
   * or when its timestamp is more than {@link WEBHOOK_TOLERANCE_SECONDS} from `now`, either way.
   */
  verifyWebhook(rawBody: Buffer, signature: string, now?: Date): Stripe.Event;
}

/**
 * Creates the Stripe provider from server options. The secret key stays on the server; the
 * browser only ever sees the Checkout URL.
 *
 * @example
 * ```ts
 * const stripe = createStripeProvider({ secretKey: 'sk_test_…', webhookSecret: 'whsec_…' });
 * ```
 */
export function createStripeProvider(opts: StripeOptions): StripeProvider {
  const stripe = new Stripe(opts.secretKey, {
    maxNetworkRetries: STRIPE_CLIENT.maxNetworkRetries,
    timeout: STRIPE_CLIENT.timeoutMs,
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.protocol ? { protocol: opts.protocol } : {}),
    appInfo: { name: 'Furrow' },
  });
  return {
    name: 'stripe',
    testMode: opts.secretKey.startsWith('sk_test_'),
    async createSession(input: CreateSessionInput): Promise<ProviderSession> {
      const s = await stripe.checkout.sessions.create({
        mode: 'payment',
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        client_reference_id: input.userId,
        ...(input.email ? { customer_email: input.email } : {}),
        line_items: [{
          quantity: 1,
          price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amount, product_data: { name: input.description.slice(0, 250) } },
        }],
        metadata: input.metadata,
        payment_intent_data: { metadata: input.metadata },
      }, { idempotencyKey: input.idempotencyKey });
      if (!s.url) throw new Error(`Stripe returned checkout session ${s.id} without a URL`);
      return { id: s.id, url: s.url, paymentIntentId: typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent?.id ?? null };
    },
    async retrieveSession(id: string): Promise<ProviderSessionState | null> {
      const s = await stripe.checkout.sessions.retrieve(id);
      return {
        paid: s.status === 'complete' && (s.payment_status === 'paid' || s.payment_status === 'no_payment_required'),
        paymentIntentId: typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent?.id ?? null,
        paymentMethod: null,
      };
    },
    async refund(input) {
      if (!input.paymentIntentId) throw new Error('This Stripe payment has no payment intent to refund');
      const r = await stripe.refunds.create(
        { payment_intent: input.paymentIntentId, amount: input.amount, reason: 'requested_by_customer', metadata: input.reason ? { reason: input.reason.slice(0, 500) } : {} },
        { idempotencyKey: input.idempotencyKey },
      );
      return { id: r.id };
    },
    verifyWebhook(rawBody: Buffer, signature: string, now: Date = new Date()): Stripe.Event {
      const event = stripe.webhooks.constructEvent(rawBody, signature, opts.webhookSecret, WEBHOOK_TOLERANCE_SECONDS, undefined, now.getTime());
      // The signature verified, so its `t=` is the one that was signed.
      const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
      if (!(Math.abs(now.getTime() / 1000 - signedAt) <= WEBHOOK_TOLERANCE_SECONDS)) throw new Error('Timestamp outside the tolerance zone (in the future)');
      return event;
    },
  };
}
