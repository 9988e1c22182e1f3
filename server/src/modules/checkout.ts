import type Stripe from 'stripe';
import { ERROR_CODES, type CheckoutSession } from '@furrow/schema';
import { defineHandlers, type Ctx } from '../core/context.js';
import { HttpError, conflict, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import type { Services } from '../core/services.js';
import { audit } from '../shared-sql/audit.js';
import { canAuthor, findCourse } from '../shared-sql/courses.js';
import { grantAccess } from '../shared-sql/access.js';
import { PRODUCT_SELECT, findProduct, snapshotProduct, type ProductRow } from '../shared-sql/commerce.js';
import { findBooking, formatSessionTime } from '../shared-sql/booking.js';
import { salePrice } from '../shared-sql/courses.js';
import { newId } from '../core/ids.js';
import { applyProviderRefund, completeCheckout, type CheckoutRow } from './payments/fulfil.js';
import { createSandboxProvider, sandboxRoutes } from './payments/sandbox.js';
import { createStripeProvider, type StripeProvider } from './payments/stripe.js';
import { paymentsOf, type CreateSessionInput, type PaymentProvider } from '../core/payments.js';
import { defineModule } from './module.js';
import { adminsContent, onSite, onSiteSql, sameSite, siteIdOf, type Who } from '../core/tenancy.js';

/** Whether the buyer `userId` is a user of the caller's site (admins read their own site's checkouts). */
async function buyerOnSite(q: Queryable, userId: string, who: Who): Promise<boolean> {
  const r = await q.query<{ site_id: string | null }>(`SELECT site_id FROM users WHERE id = $1`, [userId]);
  return sameSite(who, r.rows[0]?.site_id ?? null);
}

/** Error code: the payment provider failed or refused. */
export const PROVIDER_ERROR = 'payment_provider_error';

function toSession(s: CheckoutRow): CheckoutSession {
  const enrolled = s.status === 'complete' && s.amount === 0;
  return {
    id: s.id, kind: enrolled ? 'enrolled' : 'redirect', url: enrolled ? null : s.url, provider: s.provider, testMode: s.test_mode,
    amount: { amount: s.amount, currency: s.currency }, status: s.status,
  };
}

/** Calls the provider, turning its failures into a clear 502 (the idempotency key is released). */
async function viaProvider<T>(services: Services, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    (services.options.logger ?? console).error(`[furrow] payment provider (${what}):`, err);
    throw new HttpError(502, PROVIDER_ERROR, `The payment provider could not ${what}; nothing was charged, try again`);
  }
}

type Body = { successUrl: string; cancelUrl: string };

async function insertSession(q: Queryable, row: Omit<CheckoutRow, 'created_at' | 'completed_at' | 'status'>): Promise<void> {
  await q.query(
    `INSERT INTO checkout_sessions (id, provider, test_mode, user_id, kind, product_id, booking_id, product_snapshot, amount, discount_amount,
       currency, url, success_url, cancel_url, payment_intent_id, sandbox_token)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [row.id, row.provider, row.test_mode, row.user_id, row.kind, row.product_id, row.booking_id, row.product_snapshot ? JSON.stringify(row.product_snapshot) : null,
      row.amount, row.discount_amount, row.currency, row.url, row.success_url, row.cancel_url, row.payment_intent_id, row.sandbox_token],
  );
}

async function startProductCheckout(ctx: Ctx, product: ProductRow, body: Body): Promise<CheckoutSession> {
  const { db } = ctx.services;
  const user = ctx.auth.user!;
  const provider = paymentsOf(ctx.services);
  const owned = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1 AND course_id = ANY($2::uuid[]) AND is_active`, [user.id, product.course_ids]);
  if (owned.rows[0].n >= product.course_ids.length) {
    throw conflict(ERROR_CODES.alreadyEnrolled, 'You already have access to every course in this product');
  }
  const snapshot = await snapshotProduct(db, product);
  const sale = salePrice(product.price_amount, product.discount_percent);
  const base = {
    provider: provider.name, test_mode: provider.testMode, user_id: user.id, kind: 'product' as const, product_id: product.id, booking_id: null,
    product_snapshot: snapshot, amount: sale, discount_amount: product.price_amount - sale, currency: product.currency as CheckoutRow['currency'],
    success_url: body.successUrl, cancel_url: body.cancelUrl,
  };
  if (sale === 0) {
    // Free: no provider involved; the same fulfilment path records a zero purchase and grants access.
    const id = `free_${newId()}`;
    return db.tx(async (q) => {
      await insertSession(q, { ...base, id, url: null, payment_intent_id: null, sandbox_token: null });
      await completeCheckout(q, ctx.services, id, { paymentIntentId: null, paymentMethod: null, source: 'free' });
      await audit(q, ctx, { entityName: 'checkout_session', entityId: id, action: 'create', newValues: { productId: product.id, amount: 0 } });
      return toSession({ ...base, id, url: null, payment_intent_id: null, sandbox_token: null, status: 'complete', created_at: new Date(), completed_at: new Date() });
    });
  }
  const session = await createProviderSession(ctx, provider, {
    description: product.name, userId: user.id, email: user.email, amount: sale, currency: base.currency,
    successUrl: body.successUrl, cancelUrl: body.cancelUrl, metadata: { furrowUserId: user.id, furrowProductId: product.id },
  });
  const row = { ...base, id: session.id, url: session.url, payment_intent_id: session.paymentIntentId, sandbox_token: session.sandboxToken ?? null };
  await db.tx(async (q) => {
    await insertSession(q, row);
    await audit(q, ctx, { entityName: 'checkout_session', entityId: session.id, action: 'create', newValues: { productId: product.id, amount: sale, currency: base.currency, provider: provider.name } });
  });
  return toSession({ ...row, status: 'open', created_at: new Date(), completed_at: null });
}

function createProviderSession(ctx: Ctx, provider: PaymentProvider, input: Omit<CreateSessionInput, 'idempotencyKey'>) {
  // The provider sees one key per client key, so a retry after a crash reuses its session.
  const idempotencyKey = `furrow-checkout-${ctx.auth.user!.id}-${ctx.idempotencyKey ?? newId()}`;
  return viaProvider(ctx.services, 'start checkout', () => provider.createSession({ ...input, idempotencyKey }));
}

async function startBookingCheckout(ctx: Ctx, bookingId: string, body: Body): Promise<CheckoutSession> {
  const user = ctx.auth.user!;
  const provider = paymentsOf(ctx.services);
  const b = await findBooking(ctx.services.db, bookingId);
  if (!b || b.student_id !== user.id) throw notFound('Booking');
  if (b.status !== 'pending' || !b.payment_required) throw conflict(ERROR_CODES.conflict, `This booking is ${b.status} and does not wait for payment`);
  const session = await createProviderSession(ctx, provider, {
    description: `Session with ${b.instructor_name}, ${formatSessionTime(b.starts_at, b.ends_at, b.student_time_zone)}`,
    userId: user.id, email: user.email, amount: b.amount, currency: b.currency as CheckoutRow['currency'],
    successUrl: body.successUrl, cancelUrl: body.cancelUrl, metadata: { furrowUserId: user.id, furrowBookingId: b.id },
  });
  const row = {
    id: session.id, provider: provider.name, test_mode: provider.testMode, user_id: user.id, kind: 'booking' as const, product_id: null,
    booking_id: b.id, product_snapshot: null, amount: b.amount, discount_amount: 0, currency: b.currency as CheckoutRow['currency'],
    url: session.url, success_url: body.successUrl, cancel_url: body.cancelUrl, payment_intent_id: session.paymentIntentId,
    sandbox_token: session.sandboxToken ?? null,
  };
  const stillPending = await ctx.services.db.tx(async (q) => {
    // The session is recorded whatever happens (a payment on it must find its booking, to be
    // refunded if need be), but a booking released or cancelled meanwhile gets no open page.
    const current = await findBooking(q, b.id, true);
    await insertSession(q, row);
    await audit(q, ctx, { entityName: 'checkout_session', entityId: session.id, action: 'create', newValues: { bookingId: b.id, amount: b.amount, currency: b.currency, provider: provider.name } });
    if (current?.status === 'pending') return true;
    await q.query(`UPDATE checkout_sessions SET status = 'expired' WHERE id = $1`, [session.id]);
    return false;
  });
  if (!stillPending) throw conflict(ERROR_CODES.conflict, 'This booking no longer waits for payment');
  return toSession({ ...row, status: 'open', created_at: new Date(), completed_at: null });
}

/** A free course no product sells: enrol directly, recorded as a completed zero checkout. */
async function enrolFree(ctx: Ctx, courseId: string, body: Body): Promise<CheckoutSession> {
  const user = ctx.auth.user!;
  const provider = paymentsOf(ctx.services);
  const id = `free_${newId()}`;
  return ctx.services.db.tx(async (q) => {
    const r = await grantAccess(q, ctx.services, { userId: user.id, courseId, accessType: 'free', actor: ctx });
    if (!r.started) throw conflict(ERROR_CODES.alreadyEnrolled, 'You are already enrolled in this course');
    await q.query(
      `INSERT INTO checkout_sessions (id, provider, test_mode, user_id, kind, amount, currency, status, success_url, cancel_url, completed_at)
       VALUES ($1, $2, $3, $4, 'product', 0, (SELECT currency FROM courses WHERE id = $5), 'complete', $6, $7, now())`,
      [id, provider.name, provider.testMode, user.id, courseId, body.successUrl, body.cancelUrl]);
    await audit(q, ctx, { entityName: 'checkout_session', entityId: id, action: 'create', newValues: { courseId, amount: 0, enrollmentId: r.enrollmentId } });
    const s = await q.query<CheckoutRow>(`SELECT * FROM checkout_sessions WHERE id = $1`, [id]);
    return toSession(s.rows[0]);
  });
}

const handlers = defineHandlers({
  'checkout.create': async (ctx) => {
    const b = ctx.body;
    if (b.bookingId) return startBookingCheckout(ctx, b.bookingId, b);
    const siteId = siteIdOf(ctx.auth);
    if (b.productId) {
      // Another site's product does not exist here; a private one is for its admins.
      const p = await findProduct(ctx.services.db, b.productId);
      if (!p || !onSite(p.site_id, siteId) || (p.status !== 'public' && !adminsContent(ctx.auth, p.site_id))) throw notFound('Product');
      return startProductCheckout(ctx, p, b);
    }
    const course = await findCourse(ctx.services.db, b.courseId!);
    if (!course || !onSite(course.site_id, siteId) || (course.status !== 'published' && !canAuthor(ctx.auth, course))) throw notFound('Course');
    // The cheapest public product on this site that contains the course (all share its currency).
    const r = await ctx.services.db.query<ProductRow>(
      `${PRODUCT_SELECT} WHERE p.status = 'public' AND ${onSiteSql('p', '$2')} AND EXISTS (SELECT 1 FROM course_products cp WHERE cp.product_id = p.id AND cp.course_id = $1)
       ORDER BY round(p.price_amount * (100 - p.discount_percent) / 100.0), p.id LIMIT 1`, [course.id, siteId]);
    if (r.rows[0]) return startProductCheckout(ctx, r.rows[0], b);
    if (course.price_amount === 0) return enrolFree(ctx, course.id, b);
    throw notFound('Product for this course');
  },

  'checkout.retrieve': async (ctx) => {
    const { db } = ctx.services;
    const user = ctx.auth.user!;
    const load = async () => (await db.query<CheckoutRow>(`SELECT * FROM checkout_sessions WHERE id = $1`, [ctx.params.id])).rows[0];
    let s = await load();
    if (!s || (s.user_id !== user.id && !(user.role === 'admin' && await buyerOnSite(db, s.user_id, ctx.auth)))) throw notFound('Checkout session');
    const provider = paymentsOf(ctx.services);
    if (s.status === 'open' && s.provider === 'stripe' && provider.name === 'stripe') {
      // The learner may come back before the webhook: ask Stripe and fulfil through the same path.
      const state = await provider.retrieveSession(s.id).catch(() => null);
      if (state?.paid) {
        await db.tx((q) => completeCheckout(q, ctx.services, s!.id, { paymentIntentId: state.paymentIntentId, paymentMethod: state.paymentMethod, source: 'return_page' }));
        s = await load();
      }
    }
    return toSession(s!);
  },

  'webhooks.stripe': async (ctx) => {
    const provider = paymentsOf(ctx.services);
    const sig = ctx.req.headers['stripe-signature'];
    const bad = (why: string) => new HttpError(400, ERROR_CODES.webhookSignature, `Webhook signature invalid: ${why}`);
    if (provider.name !== 'stripe') throw bad('Stripe is not configured on this server');
    if (typeof sig !== 'string' || !sig) throw bad('missing Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = (provider as StripeProvider).verifyWebhook(ctx.rawBody ?? Buffer.alloc(0), sig, ctx.services.now());
    } catch (err) {
      throw bad((err as Error).message.split('\n')[0].slice(0, 200));
    }
    await ctx.services.db.tx(async (q) => {
      // Insert first: a redelivered event id stops here, in every instance.
      const fresh = await q.query(`INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`, [event.id, event.type]);
      if (!fresh.rows.length) return;
      await handleEvent(q, ctx.services, event);
    });
    return { received: true as const };
  },
});

const idOf = (v: string | { id: string } | null | undefined): string | null => (typeof v === 'string' ? v : v?.id ?? null);

async function handleEvent(q: Queryable, services: Services, event: Stripe.Event): Promise<void> {
  const source = `stripe:${event.id}`;
  switch (event.type as string) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const s = event.data.object as Stripe.Checkout.Session;
      if (s.payment_status === 'paid' || s.payment_status === 'no_payment_required') {
        await completeCheckout(q, services, s.id, { paymentIntentId: idOf(s.payment_intent), paymentMethod: null, source });
      }
      return;
    }
    case 'checkout.session.expired': {
      const s = event.data.object as Stripe.Checkout.Session;
      await q.query(`UPDATE checkout_sessions SET status = 'expired' WHERE id = $1 AND status = 'open'`, [s.id]);
      return;
    }
    case 'charge.refunded': {
      const c = event.data.object as Stripe.Charge;
      // Partial refunds leave access in place; only a fully refunded charge ends it.
      if (c.refunded) await applyProviderRefund(q, services, { paymentIntentId: idOf(c.payment_intent), refundId: c.refunds?.data[0]?.id ?? null, source });
      return;
    }
    case 'refund.created':
    case 'refund.updated': {
      const r = event.data.object as Stripe.Refund;
      if (r.status === 'succeeded' || r.status === 'pending') {
        await applyProviderRefund(q, services, { paymentIntentId: idOf(r.payment_intent), refundId: r.id, amount: r.amount, source });
      }
      return;
    }
    default:
      return; // acknowledged and recorded; nothing to do
  }
}

/** Starts the configured payment provider: Stripe with a key, otherwise the TEST MODE sandbox. */
function initPayments(services: Services): void {
  const stripe = services.options.stripe;
  if (stripe) services.payments = createStripeProvider(stripe);
  else {
    services.payments = createSandboxProvider(services);
    (services.options.logger ?? console).info('[furrow] payments: no Stripe key configured — using the offline sandbox (TEST MODE)');
  }
}

/** Checkout (Stripe or sandbox), the Stripe webhook and the sandbox's hosted payment page. */
export const checkoutModule = defineModule({
  name: 'checkout',
  handlers,
  extraRoutes: sandboxRoutes,
  init: async (services) => initPayments(services),
});
