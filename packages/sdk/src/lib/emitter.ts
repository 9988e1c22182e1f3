import type { User } from '@furrow/schema';
import type { FurrowError } from './errors/furrow-error.js';
import type { OutboxEntry } from './offline/store.js';

/**
 * Events of a client and their payloads.
 *
 * @example
 * ```ts
 * client.on('outbox', ({ size, failed }) => badge.textContent = String(size));
 * ```
 */
export interface FurrowEvents {
  /** The token changed (login, signup, logout, `setToken`). */
  auth: { token: string | null; user?: User };
  /** An outbox replay round started. */
  'sync:start': { pending: number };
  /** A replay round ended; `pending` writes are still waiting. */
  'sync:finish': { sent: number; failed: number; pending: number };
  /** A replay round stopped on a transient error (offline, 5xx, 401); it will try again. */
  'sync:fail': { error: FurrowError; pending: number };
  /** The outbox changed size. `failed` counts writes the server refused for good. */
  outbox: { size: number; failed: number };
  /** The server refused a queued write for good (4xx): it is kept for `outbox.discard`/`retry`. */
  'write:failed': { entry: OutboxEntry; error: FurrowError };
}

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/**
 * A tiny typed event emitter (no DOM `EventTarget`, so it works the same in Node).
 *
 * @example
 * ```ts
 * const events = new Emitter<FurrowEvents>();
 * const off = events.on('auth', ({ token }) => console.log(token));
 * off();
 * ```
 */
export class Emitter<E extends object> {
  private readonly map = new Map<keyof E, Set<(p: never) => void>>();

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof E>(name: K, fn: (payload: E[K]) => void): Unsubscribe {
    const set = this.map.get(name) ?? new Set();
    this.map.set(name, set.add(fn));
    return () => void set.delete(fn);
  }

  /** Calls every listener; one throwing listener does not stop the others. */
  emit<K extends keyof E>(name: K, payload: E[K]): void {
    for (const fn of this.map.get(name) ?? []) {
      try {
        (fn as (p: E[K]) => void)(payload);
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  }
}
