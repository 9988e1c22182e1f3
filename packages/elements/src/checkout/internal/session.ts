import type { CheckoutSession } from '@furrow/schema';
import type { FurrowClient } from '@furrow/sdk';

/** How long the TEST MODE badge stays in view before the redirect (ms). */
export const TEST_MODE_REDIRECT_MS = 1500;
/** After returning with success, how often and how many times to ask whether payment completed. */
export const CONFIRM_POLL_MS = 1500;
export const CONFIRM_POLL_TRIES = 4;

/**
 * Asks the server about a returned session until it is no longer open (a Stripe webhook may be a
 * moment late; the server also asks Stripe itself).
 */
export async function settle(client: FurrowClient, sessionId: string, signal?: AbortSignal): Promise<CheckoutSession> {
  let s = await client.checkout.retrieve(sessionId, { signal });
  for (let i = 1; s.status === 'open' && i < CONFIRM_POLL_TRIES; i++) {
    await new Promise((r) => setTimeout(r, CONFIRM_POLL_MS));
    if (signal?.aborted) break;
    s = await client.checkout.retrieve(sessionId, { signal });
  }
  return s;
}

/** Sessions already handled on this page, so two elements (or a reconnect) never report one twice. */
export const handledSessions = new Set<string>();
