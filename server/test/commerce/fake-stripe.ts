/**
 * A local fake of the Stripe API for tests: the real `stripe` SDK talks to it over HTTP
 * (`host`/`port`/`protocol`), and it answers with objects shaped like the fixtures in
 * fixtures/stripe-objects.json (Stripe's published fixtures, MIT, see fixtures/README.md). It implements only what Furrow calls and counts
 * every call. It does NOT honour Idempotency-Key, so a test that counts creates measures
 * Furrow's own idempotency.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const FIXTURES_PATH = process.env.FURROW_STRIPE_FIXTURES ?? new URL('./fixtures/stripe-objects.json', import.meta.url).pathname;

/** The fixture objects (cloned per use). */
export const fixtures = JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')) as Record<string, Record<string, any>>;

/** A clone of a fixture object with overrides. */
export function fixture(kind: string, overrides: Record<string, unknown>): Record<string, any> {
  return { ...structuredClone(fixtures[kind]), ...overrides };
}

/** Parses Stripe's form encoding (`a[b][0][c]=v`) into nested objects. */
export function parseStripeForm(body: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: any = out;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) node[p] = value;
      else node = node[p] ??= /^\d+$/.test(parts[i + 1]) ? [] : {};
    });
  }
  return out;
}

/** One recorded call. */
export interface FakeCall {
  method: string;
  path: string;
  body: Record<string, any>;
  idempotencyKey: string | null;
}

/** A running fake Stripe. */
export interface FakeStripe {
  host: string;
  port: number;
  calls: FakeCall[];
  sessions: Map<string, Record<string, any>>;
  /** When set, every API call answers 500 (after the SDK's retries, the caller sees a failure). */
  failing: boolean;
  count(method: string, path: string): number;
  /** Marks a session paid (as if the learner paid on Stripe) and returns it. */
  pay(sessionId: string): Record<string, any>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the fake on a free port.
 *
 * @example
 * ```ts
 * const fake = await startFakeStripe();
 * const stripe = new Stripe('sk_test_x', { host: fake.host, port: fake.port, protocol: 'http' });
 * ```
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const calls: FakeCall[] = [];
  const sessions = new Map<string, Record<string, any>>();
  const state = { failing: false };
  const server: Server = createServer(async (req, res) => {
    const raw = await read(req);
    const path = (req.url ?? '').split('?')[0];
    const body = parseStripeForm(raw);
    const key = req.headers['idempotency-key'];
    calls.push({ method: req.method ?? '', path, body, idempotencyKey: typeof key === 'string' ? key : null });
    const send = (status: number, obj: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(obj));
    };
    if (state.failing) return send(500, { error: { type: 'api_error', message: 'fake outage' } });
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const sid = id('cs');
      const item = body.line_items?.[0]?.price_data ?? {};
      const s = fixture('checkout.session', {
        id: sid, url: `https://checkout.stripe.test/c/pay/${sid}`, status: 'open', payment_status: 'unpaid', payment_intent: null,
        amount_total: Number(item.unit_amount), amount_subtotal: Number(item.unit_amount), currency: item.currency,
        metadata: body.metadata ?? {}, success_url: body.success_url, cancel_url: body.cancel_url,
        client_reference_id: body.client_reference_id ?? null, customer_email: body.customer_email ?? null, created: Math.floor(Date.now() / 1000),
      });
      sessions.set(sid, s);
      return send(200, s);
    }
    const m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const s = sessions.get(decodeURIComponent(m[1]));
      return s ? send(200, s) : send(404, { error: { type: 'invalid_request_error', message: 'No such checkout.session' } });
    }
    if (req.method === 'POST' && path === '/v1/refunds') {
      const r = fixture('refund', {
        id: id('re'), amount: Number(body.amount), payment_intent: body.payment_intent ?? null, status: 'succeeded',
        metadata: body.metadata ?? {}, reason: body.reason ?? null, created: Math.floor(Date.now() / 1000),
      });
      return send(200, r);
    }
    send(404, { error: { type: 'invalid_request_error', message: `fake Stripe does not implement ${req.method} ${path}` } });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    calls,
    sessions,
    get failing() { return state.failing; },
    set failing(v: boolean) { state.failing = v; },
    count: (method, path) => calls.filter((c) => c.method === method && c.path === path).length,
    pay(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`fake Stripe: no session ${sessionId}`);
      Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: s.payment_intent ?? id('pi') });
      return s;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
