/**
 * Browser test helpers for elements: mount HTML, wait for a condition, audit with axe-core,
 * sign in a fresh learner against the real demo server.
 */
// @ts-expect-error served by the test runner (see web-test-runner.config.mjs)
import { env } from '/__furrow-env.js';
import type { LitElement } from 'lit';
import '../../src/provider/provider.js';
import type { FurrowProvider } from '../../src/provider/provider.component.js';

/** The running demo server: `{ baseUrl, publishableKey }` (the secret key stays in Node: see {@link partner}). */
export const server = env as { baseUrl: string; publishableKey: string };

/** Fails the test with `message` unless `cond` holds. */
export function assert(cond: unknown, message = 'assertion failed'): asserts cond {
  if (!cond) throw new Error(message);
}

/** Strict equality with a readable message. */
export function equal<T>(actual: T, expected: T, message = ''): void {
  if (actual !== expected) throw new Error(`${message ? message + ': ' : ''}expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const mounted: HTMLElement[] = [];

/** Mounts markup in the document and returns its first element. Cleaned up by {@link cleanup}. */
export async function fixture<T extends HTMLElement>(markup: string): Promise<T> {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  mounted.push(host);
  const el = host.firstElementChild as T;
  await (el as unknown as LitElement).updateComplete;
  return el;
}

/** Removes everything {@link fixture} mounted. Call in `afterEach`. */
export function cleanup(): void {
  for (const m of mounted.splice(0)) m.remove();
}

/** Waits until `fn` returns a truthy value (polling), or fails after `timeout` ms. */
export async function waitFor<T>(fn: () => T | Promise<T>, message = 'condition', timeout = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${message}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A provider markup for the demo server around `inner`. */
export function withProvider(inner: string, attrs = ''): string {
  return `<furrow-provider publishable-key="${server.publishableKey}" base-url="${server.baseUrl}" ${attrs}>${inner}</furrow-provider>`;
}

/**
 * Calls the Furrow server with the secret key, the way a partner page does: through its own
 * server (the test runner's `/__furrow-partner/`, which adds the key in Node). Furrow refuses a
 * secret key sent from a browser.
 */
export async function partner<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`/__furrow-partner${path}`, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`partner ${method} ${path}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Signs in a new learner (an embed token minted by the partner's server) and returns its token and id. */
export async function newLearner(name = 'Test Learner'): Promise<{ token: string; userId: string }> {
  const externalId = `wtr-${Math.random().toString(36).slice(2)}`;
  const body = await partner<{ token: string; user: { id: string } }>('POST', '/v1/embed-tokens', { externalId, name, email: `${externalId}@example.org` });
  return { token: body.token, userId: body.user.id };
}

/** Calls the demo server directly (setup and assertions, not what the element does). */
export async function api<T = any>(method: string, path: string, opts: { token?: string; body?: unknown; key?: string } = {}): Promise<T> {
  const r = await fetch(server.baseUrl + path, {
    method,
    headers: {
      'x-furrow-key': opts.key ?? server.publishableKey,
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

let axeLoaded: Promise<void> | null = null;

/**
 * Runs an axe-core audit (WCAG 2.x A/AA rules) on `el`, shadow roots included, and fails with
 * every violation listed.
 */
export async function audit(el: Element): Promise<void> {
  axeLoaded ??= new Promise<void>((ok, fail) => {
    const s = document.createElement('script');
    s.src = '/node_modules/axe-core/axe.min.js';
    s.onload = () => ok();
    s.onerror = () => fail(new Error('could not load axe-core'));
    document.head.append(s);
  });
  await axeLoaded;
  const axe = (window as unknown as { axe: { run(ctx: Element, opts: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown; failureSummary?: string }[] }[] }> } }).axe;
  const result = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, rules: { region: { enabled: false } } });
  if (result.violations.length) {
    const lines = result.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n  ')}`);
    throw new Error(`axe found ${result.violations.length} violation(s):\n${lines.join('\n')}`);
  }
}

/** The provider around `el`. */
export function providerOf(el: Element): FurrowProvider {
  return el.closest('furrow-provider') as FurrowProvider;
}

/** Shadow-root query shorthand. */
export function $(el: Element, selector: string): HTMLElement | null {
  return (el.shadowRoot?.querySelector(selector) as HTMLElement | null) ?? null;
}

/** All matches in the shadow root. */
export function $$(el: Element, selector: string): HTMLElement[] {
  return Array.from(el.shadowRoot?.querySelectorAll(selector) ?? []) as HTMLElement[];
}

/** Visible text of an element's shadow root (collapsed whitespace). */
export function text(el: Element): string {
  return (el.shadowRoot?.textContent ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Records events of `type` on `target`. */
export function record<E extends Event>(target: EventTarget, type: string): E[] {
  const seen: E[] = [];
  target.addEventListener(type, (e) => seen.push(e as E));
  return seen;
}
