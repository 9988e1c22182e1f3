import type { Currency } from '@furrow/schema';
import type { Services } from './services.js';

/** Payment methods Furrow records (seed 001). */
export type PaymentMethodName = 'card' | 'upi' | 'netbanking' | 'wallet';

/** What to charge for, as the provider needs it. */
export interface CreateSessionInput {
  /** Our checkout session's purpose, shown to the payer. */
  description: string;
  userId: string;
  email: string | null;
  amount: number;
  currency: Currency;
  successUrl: string;
  cancelUrl: string;
  /** Copied to the provider session (and its payment) so their dashboards link back to us. */
  metadata: Record<string, string>;
  /** Sent to the provider so a retried create makes one session, not two. */
  idempotencyKey: string;
}

/** A provider checkout session as we keep it. */
export interface ProviderSession {
  id: string;
  url: string;
  paymentIntentId: string | null;
  /** Sandbox only: the secret its payment form must carry. */
  sandboxToken?: string;
}

/** A provider's view of a session (for the return page, when a webhook is late). */
export interface ProviderSessionState {
  paid: boolean;
  paymentIntentId: string | null;
  paymentMethod: PaymentMethodName | null;
}

/**
 * One interface over Stripe and the offline TEST MODE sandbox, so checkout, refunds and
 * fulfilment run the same code whichever is configured.
 */
export interface PaymentProvider {
  readonly name: 'stripe' | 'sandbox';
  readonly testMode: boolean;
  createSession(input: CreateSessionInput): Promise<ProviderSession>;
  retrieveSession(id: string): Promise<ProviderSessionState | null>;
  /** Refunds a payment in full; idempotent per `idempotencyKey`. */
  refund(input: { paymentIntentId: string | null; amount: number; idempotencyKey: string; reason?: string }): Promise<{ id: string }>;
}

/**
 * The configured provider (installed by the checkout module's `init` as `services.payments`).
 *
 * @example
 * ```ts
 * const provider = paymentsOf(ctx.services);
 * ```
 */
export function paymentsOf(services: Services): PaymentProvider {
  const p = services.payments;
  if (!p) throw new Error('Payments are not initialised (commerce module not registered)');
  return p;
}
