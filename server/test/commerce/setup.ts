/** Shared set-up for commerce and booking tests: servers with the fake Stripe, signing, demo lookups, mail capture. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { SMTPServer } from 'smtp-server';
import { startTestServer, type DbKind, type TestServer } from '../helpers.js';
import type { FurrowServerOptions } from '../../src/core/config.js';
import { fixture, startFakeStripe, type FakeStripe } from './fake-stripe.js';

/** Webhook secret the test servers are configured with. */
export const WEBHOOK_SECRET = 'whsec_test_furrow_commerce';
/** Stripe key the test servers use (a test-mode key, so sessions say `testMode: true`). */
export const STRIPE_KEY = 'sk_test_furrow_fake';

// Only used to sign payloads; it never makes a request.
const signer = new Stripe('sk_test_signer_only');

/** A test server wired to a fresh fake Stripe. */
export interface StripeTestServer extends TestServer {
  fake: FakeStripe;
}

/**
 * Starts a test server whose Stripe is the local fake.
 *
 * @example
 * ```ts
 * const s = await startStripeServer('pglite');
 * ```
 */
export async function startStripeServer(kind: DbKind, extra: Partial<FurrowServerOptions> = {}): Promise<StripeTestServer> {
  const fake = await startFakeStripe();
  const s = await startTestServer(kind, {
    stripe: { secretKey: STRIPE_KEY, webhookSecret: WEBHOOK_SECRET, host: fake.host, port: fake.port, protocol: 'http' },
    ...extra,
  });
  const close = s.close.bind(s);
  return Object.assign(s, { fake, close: async () => { await close(); await fake.close(); } });
}

/** A Stripe `event` (fixture shape) wrapping `object`. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_test_${randomBytes(10).toString('hex')}`): Record<string, any> {
  return fixture('event', { id, type, data: { object }, created: Math.floor(Date.now() / 1000), api_version: '2025-01-27.acacia' });
}

/** A fully refunded charge for a payment intent. */
export function refundedCharge(paymentIntent: string, amount: number): Record<string, any> {
  const refund = fixture('refund', { id: `re_test_${randomBytes(8).toString('hex')}`, amount, payment_intent: paymentIntent, status: 'succeeded' });
  return fixture('charge', {
    id: `ch_test_${randomBytes(8).toString('hex')}`, amount, amount_captured: amount, amount_refunded: amount, refunded: true,
    payment_intent: paymentIntent, refunds: { object: 'list', data: [refund], has_more: false, url: '/v1/refunds' },
  });
}

/** Posts a webhook signed with `secret` (default: the server's), optionally at another time or with a tampered body. */
export async function sendWebhook(s: TestServer, event: Record<string, unknown>, opts: { secret?: string; timestamp?: number; tamper?: boolean; noSignature?: boolean } = {}) {
  const payload = JSON.stringify(event);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp });
  const body = opts.tamper ? payload.replace('"livemode":false', '"livemode":true') : payload;
  return s.request('POST', '/v1/webhooks/stripe', {
    key: null, rawBody: body, headers: { 'content-type': 'application/json', ...(opts.noSignature ? {} : { 'stripe-signature': header }) },
  });
}

/** Demo course id by (part of) its title. */
export async function courseId(s: TestServer, titlePart: string): Promise<string> {
  const r = await s.db.query<{ id: string }>(`SELECT id FROM courses WHERE title LIKE $1 ORDER BY title LIMIT 1`, [`%${titlePart}%`]);
  if (!r.rows[0]) throw new Error(`no demo course like ${titlePart}`);
  return r.rows[0].id;
}

/** A lesson of the course that is locked unless the learner has access (public, not preview). */
export async function lockedLesson(s: TestServer, course: string): Promise<string> {
  const r = await s.db.query<{ id: string }>(
    `SELECT l.id FROM lessons l JOIN sections x ON x.id = l.section_id WHERE l.course_id = $1 AND l.status = 'public' AND x.status = 'public' ORDER BY x.position, l.position LIMIT 1`, [course]);
  if (!r.rows[0]) throw new Error('no public lesson');
  return r.rows[0].id;
}

/** The product the demo sells a single course through. */
export async function productOf(s: TestServer, course: string): Promise<{ id: string; price_amount: number; discount_percent: number; currency: string }> {
  const r = await s.db.query<{ id: string; price_amount: number; discount_percent: number; currency: string }>(
    `SELECT p.id, p.price_amount, p.discount_percent, p.currency FROM products p WHERE (SELECT count(*) FROM course_products c WHERE c.product_id = p.id) = 1
       AND EXISTS (SELECT 1 FROM course_products c WHERE c.product_id = p.id AND c.course_id = $1)`, [course]);
  return r.rows[0];
}

/** Whether a lesson's content is visible to this token. */
export async function lessonOpen(s: TestServer, lessonId: string, token: string): Promise<boolean> {
  const r = await s.request('GET', `/v1/lessons/${lessonId}`, { token });
  if (r.status !== 200) throw new Error(`lesson ${r.status} ${r.text}`);
  return r.body.locked === false && (r.body.body !== null || r.body.video !== null);
}

/** A captured email. */
export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server capturing mail, for `options.smtp`. */
export async function startSmtpCapture(): Promise<{ port: number; mails: CapturedMail[]; waitFor(pred: (m: CapturedMail) => boolean, ms?: number): Promise<CapturedMail>; close(): Promise<void> }> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port, mails,
    async waitFor(pred, ms = 8000) {
      const end = Date.now() + ms;
      for (;;) {
        const m = mails.find(pred);
        if (m) return m;
        if (Date.now() > end) throw new Error(`no matching mail within ${ms} ms; got: ${mails.map((x) => `${x.to.join(',')}: ${/^Subject: (.*)$/m.exec(x.raw)?.[1]}`).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Polls until `fn` returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A slot window `hours` from now, `minutes` long, as ISO strings. */
export function window(hoursFromNow: number, minutes = 60): { startsAt: string; endsAt: string } {
  const start = new Date(Date.now() + hoursFromNow * 3_600_000);
  start.setUTCSeconds(0, 0);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + minutes * 60_000).toISOString() };
}
