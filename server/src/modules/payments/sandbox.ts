import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraRoute } from '../../core/context.js';
import { readBody } from '../../http/body.js';
import type { Services } from '../../core/services.js';
import { completeCheckout, type CheckoutRow } from './fulfil.js';
import { paymentsOf, type PaymentMethodName, type PaymentProvider } from '../../core/payments.js';
import { escapeHtml, sendNotFoundPage } from '../../core/html.js';
import { formatMoney } from '../../core/money.js';

/** Largest form the sandbox page posts. */
const FORM_LIMIT_BYTES = 4096;
const METHODS: readonly PaymentMethodName[] = ['card', 'upi', 'netbanking', 'wallet'];
const METHOD_LABELS: Record<PaymentMethodName, string> = { card: 'Card', upi: 'UPI', netbanking: 'Net banking', wallet: 'Wallet' };

const rand = (bytes: number) => randomBytes(bytes).toString('base64url');

/**
 * The offline TEST MODE provider: sessions are paid on a page this server hosts, and payment
 * runs the same fulfilment code as a Stripe webhook. No money moves.
 *
 * @example
 * ```ts
 * services.payments = createSandboxProvider(services);
 * ```
 */
export function createSandboxProvider(services: Services): PaymentProvider {
  return {
    name: 'sandbox',
    testMode: true,
    async createSession() {
      const id = `cs_sandbox_${rand(18)}`;
      return { id, url: `${services.publicUrl}/sandbox/checkout/${id}`, paymentIntentId: `pi_sandbox_${rand(12)}`, sandboxToken: rand(24) };
    },
    // The database row is the sandbox's only state.
    async retrieveSession() {
      return null;
    },
    async refund() {
      return { id: `re_sandbox_${rand(12)}` };
    },
  };
}

function origins(...urls: string[]): string {
  const set = new Set<string>();
  for (const u of urls) {
    try {
      set.add(new URL(u).origin);
    } catch {
      /* not a URL: no origin to allow */
    }
  }
  return [...set].join(' ');
}

function sendHtml(res: ServerResponse, status: number, html: string, nonce: string, formTargets: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // No script at all; the one style block carries a nonce; forms post only here, and the
  // redirect after them only to the session's own return URLs.
  res.setHeader('Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self' ${formTargets}; frame-ancestors 'none'; base-uri 'none'`);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
  // The API default is no-referrer, under which browsers send `Origin: null` with this page's
  // own form POST; same-origin keeps the Origin header for the same-origin check below.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.end(html);
}

function redirect(res: ServerResponse, to: string): void {
  res.statusCode = 303;
  res.setHeader('Location', to);
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

/** Stripe-style `{CHECKOUT_SESSION_ID}` placeholder, so return pages work the same with both providers. */
function returnUrl(url: string, sessionId: string): string {
  return url.replace(/\{CHECKOUT_SESSION_ID\}|%7BCHECKOUT_SESSION_ID%7D/g, encodeURIComponent(sessionId));
}

function page(title: string, nonce: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${escapeHtml(title)} — TEST MODE</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f2;color:#1d2a12}
.banner{background:#b3261e;color:#fff;font-weight:700;text-align:center;padding:.6rem;letter-spacing:.05em}
main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:.75rem;box-shadow:0 1px 4px #0002}
.amount{font-size:2rem;font-weight:700;margin:.5rem 0}fieldset{border:1px solid #ccd;border-radius:.5rem;margin:1rem 0}
button{font:inherit;padding:.7rem 1.2rem;border-radius:.5rem;border:0;cursor:pointer;width:100%;margin-top:.5rem}
.pay{background:#2e6b1f;color:#fff}.cancel{background:#e7e7e0;color:#1d2a12}.note{color:#555;font-size:.9rem}</style></head>
<body><div class="banner" role="alert">TEST MODE · परीक्षण मोड — no real payment is made</div><main>${body}</main></body></html>`;
}

async function loadSession(services: Services, id: string | undefined): Promise<CheckoutRow | null> {
  if (!id || id.length > 200 || paymentsOf(services).name !== 'sandbox') return null;
  const r = await services.db.query<CheckoutRow>(`SELECT * FROM checkout_sessions WHERE id = $1 AND provider = 'sandbox'`, [id]);
  return r.rows[0] ?? null;
}

function tokenMatches(expected: string | null, given: string | null): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A browser form from another site carries its Origin; only this server's own page may post. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  // A page served before the Referrer-Policy fix (or a privacy setting) may still send "null";
  // the browser's own Sec-Fetch-Site then says whether the POST came from this origin.
  if (origin === 'null') return req.headers['sec-fetch-site'] === 'same-origin';
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const notFoundPage = (res: ServerResponse) => sendNotFoundPage(res, { title: 'Test payment not found' });

async function showPage(req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, services: Services): Promise<void> {
  const s = await loadSession(services, params.id);
  if (!s) return notFoundPage(res);
  const nonce = rand(12);
  const amount = formatMoney(s.amount, s.currency);
  const what = s.kind === 'product' ? s.product_snapshot?.name ?? 'Furrow purchase' : 'One-to-one session with an instructor';
  const targets = origins(s.success_url, s.cancel_url);
  if (s.status !== 'open') {
    const link = s.status === 'complete' ? returnUrl(s.success_url, s.id) : returnUrl(s.cancel_url, s.id);
    return sendHtml(res, 200, page('Test payment', nonce, `<h1>${s.status === 'complete' ? 'Already paid' : 'Cancelled'}</h1>
<p>${escapeHtml(what)}</p><p><a href="${escapeHtml(link)}">Return to the site</a></p>`), nonce, targets);
  }
  const token = escapeHtml(s.sandbox_token ?? '');
  const methods = METHODS.map((m, i) => `<label><input type="radio" name="method" value="${m}"${i === 0 ? ' checked' : ''}> ${METHOD_LABELS[m]}</label><br>`).join('');
  sendHtml(res, 200, page('Test payment', nonce, `<h1>Test payment</h1>
<p>${escapeHtml(what)}</p><p class="amount">${escapeHtml(amount)}</p>
<form method="post" action="${escapeHtml(s.id)}/pay"><input type="hidden" name="token" value="${token}">
<fieldset><legend>Payment method (simulated)</legend>${methods}</fieldset>
<button class="pay" type="submit">Pay ${escapeHtml(amount)} (test)</button></form>
<form method="post" action="${escapeHtml(s.id)}/cancel"><input type="hidden" name="token" value="${token}">
<button class="cancel" type="submit">Cancel</button></form>
<p class="note">This is Furrow's offline sandbox. Paying here unlocks the purchase exactly as a real payment would, but no money moves.</p>`), nonce, targets);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const raw = await readBody(req, FORM_LIMIT_BYTES);
  return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(raw.toString('utf8')) : new URLSearchParams();
}

function refuse(res: ServerResponse, status: number, title: string, text: string): void {
  const nonce = rand(12);
  sendHtml(res, status, page(title, nonce, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`), nonce, '');
}

async function act(action: 'pay' | 'cancel', req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, services: Services): Promise<void> {
  const form = await readForm(req);
  const s = await loadSession(services, params.id);
  if (!s) return notFoundPage(res);
  if (!sameOrigin(req) || !tokenMatches(s.sandbox_token, form.get('token'))) {
    return refuse(res, 403, 'Not allowed', 'This payment can only be made from its own test payment page.');
  }
  if (action === 'cancel') {
    await services.db.query(`UPDATE checkout_sessions SET status = 'expired' WHERE id = $1 AND status = 'open'`, [s.id]);
    return redirect(res, returnUrl(s.cancel_url, s.id));
  }
  const method = METHODS.find((m) => m === form.get('method')) ?? 'card';
  const outcome = await services.db.tx(async (q) => {
    if (s.kind === 'booking') {
      // A stale page must not take money for a booking that no longer waits for it.
      const b = await q.query<{ status: string }>(`SELECT status FROM bookings WHERE id = $1`, [s.booking_id]);
      if (b.rows[0]?.status !== 'pending') {
        await q.query(`UPDATE checkout_sessions SET status = 'expired' WHERE id = $1 AND status = 'open'`, [s.id]);
        return 'gone' as const;
      }
    }
    const st = await q.query<{ status: string }>(`SELECT status FROM checkout_sessions WHERE id = $1 FOR UPDATE`, [s.id]);
    if (st.rows[0]?.status === 'expired') return 'gone' as const;
    return completeCheckout(q, services, s.id, { paymentIntentId: s.payment_intent_id, paymentMethod: method, source: 'sandbox' });
  });
  if (outcome === 'gone') return refuse(res, 409, 'No longer payable', 'This checkout was cancelled or its booking is no longer waiting for payment.');
  redirect(res, returnUrl(s.success_url, s.id));
}

/** The sandbox's hosted pages: `GET /sandbox/checkout/:id` and its Pay and Cancel forms. */
export const sandboxRoutes: ExtraRoute[] = [
  { method: 'GET', path: '/sandbox/checkout/:id', handle: (req, res, params, services) => showPage(req, res, params, services) },
  { method: 'POST', path: '/sandbox/checkout/:id/pay', handle: (req, res, params, services) => act('pay', req, res, params, services) },
  { method: 'POST', path: '/sandbox/checkout/:id/cancel', handle: (req, res, params, services) => act('cancel', req, res, params, services) },
];
