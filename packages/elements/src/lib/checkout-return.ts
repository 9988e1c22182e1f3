import type { CheckoutSession } from '@furrow/schema';
import type { FurrowClient } from '@furrow/sdk';

/**
 * The round trip through a hosted payment page (Stripe Checkout or the TEST MODE sandbox): the
 * element passes return URLs that carry `furrow_checkout=success|cancel`, the session id and a
 * reference to what was bought, and reads them back when the page loads again.
 */

/** Query parameter names put on the return URLs. */
export const RETURN_PARAMS = {
  status: 'furrow_checkout',
  session: 'session_id',
  ref: 'furrow_ref',
} as const;

/** Stripe's (and the sandbox's) placeholder for the session id in return URLs. */
const SESSION_PLACEHOLDER = '{CHECKOUT_SESSION_ID}';

/** What a return from a payment page says. */
export interface CheckoutReturn {
  status: 'success' | 'cancel';
  sessionId: string;
  /** What the checkout was for, as given to {@link returnUrls} (`course:…`, `booking:…`). */
  ref: string;
}

function clean(href: string): URL {
  const url = new URL(href);
  for (const p of Object.values(RETURN_PARAMS)) url.searchParams.delete(p);
  return url;
}

/**
 * Success and cancel URLs back to this page for `ref`.
 *
 * @example
 * ```ts
 * const { successUrl, cancelUrl } = returnUrls('course:' + courseId);
 * ```
 */
export function returnUrls(ref: string, href = location.href): { successUrl: string; cancelUrl: string } {
  const make = (status: 'success' | 'cancel') => {
    const url = clean(href);
    url.hash = '';
    url.searchParams.set(RETURN_PARAMS.status, status);
    url.searchParams.set(RETURN_PARAMS.ref, ref);
    // The placeholder stays readable: the provider substitutes it (encoded or not).
    return `${url.href}&${RETURN_PARAMS.session}=${SESSION_PLACEHOLDER}`;
  };
  return { successUrl: make('success'), cancelUrl: make('cancel') };
}

/** The return this page was loaded with, if it is for `ref` (or, with `prefix`, any ref starting with it). */
export function readReturn(ref: string, href = location.href, prefix = false): CheckoutReturn | null {
  const q = new URL(href).searchParams;
  const status = q.get(RETURN_PARAMS.status);
  const sessionId = q.get(RETURN_PARAMS.session);
  const got = q.get(RETURN_PARAMS.ref) ?? '';
  if ((status !== 'success' && status !== 'cancel') || !sessionId || !(prefix ? got.startsWith(ref) : got === ref)) return null;
  if (sessionId === SESSION_PLACEHOLDER) return null;
  return { status, sessionId, ref: got };
}

/** Removes the return parameters from the address bar, so a reload does not handle them twice. */
export function clearReturn(): void {
  const url = clean(location.href);
  if (url.href !== location.href) history.replaceState(history.state, '', url.href);
}

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
