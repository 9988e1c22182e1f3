import { DEFAULTS } from '../constants.js';
import type { Emitter, FurrowEvents } from '../emitter.js';
import type { FurrowError } from '../errors/furrow-error.js';
import { isFurrowError } from '../errors/is-furrow-error.js';
import { FurrowNetworkError } from '../errors/network-error.js';
import { isTransient } from '../errors/to-furrow-error.js';
import type { OfflineStore, OutboxEntry } from './store.js';

type Waiter = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = 'sent' | 'failed' | FurrowError;

/**
 * The outbox of writes that must not be lost, replayed in order per resource key with the
 * same idempotency key every time. An entry is deleted only after a 2xx; a 4xx keeps it as
 * `failed` (event `write:failed`, then {@link Outbox.discard} or {@link Outbox.retry}); 5xx,
 * 401, timeouts and network errors keep it pending and schedule another round with capped,
 * jittered backoff. Entries survive reloads because they live in the store.
 *
 * @example
 * ```ts
 * client.on('write:failed', ({ entry, error }) => console.warn(entry.op, error.code));
 * await client.outbox.flush();
 * console.log(await client.outbox.list());
 * ```
 */
export class Outbox {
  private chain: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private halted: FurrowError | undefined;
  private closed = false;
  private readonly counts: Promise<{ size: number; failed: number }>;
  private readonly waiters = new Map<string, Waiter>();
  private readonly online = () => this.kick();

  /** @internal Built by `createFurrow`. */
  constructor(
    private readonly store: Promise<OfflineStore>,
    private readonly sendEntry: (e: OutboxEntry) => Promise<unknown>,
    private readonly events: Emitter<FurrowEvents>,
    private readonly lockName: string,
  ) {
    globalThis.addEventListener?.('online', this.online);
    // Read the counts before any write of ours (store operations run in order), and replay
    // what a previous page (or process) left behind.
    const all = store.then((s) => s.all());
    this.counts = all.then((a) => ({ size: a.length, failed: a.filter((e) => e.state === 'failed').length }));
    void all.then((a) => a.length && this.kick(), () => {});
  }

  /** @internal Persists a write, starts a round, and settles when this write is sent or queued. */
  async submit(entry: OutboxEntry): Promise<unknown> {
    const e = await (await this.store).add(entry);
    await this.count(1, 0);
    // Known to be cut off (offline, rate-limited, signed out): answer "queued" at once and
    // leave the next try to the timer, `online` or `setToken`, not to every new write.
    if (this.halted) throw Object.assign(this.halted, { queued: true });
    const done = new Promise((resolve, reject) => this.waiters.set(e.id, { resolve, reject }));
    this.kick();
    return done;
  }

  /** Every entry, pending and failed, in insertion order. */
  async list(): Promise<OutboxEntry[]> {
    return (await this.store).all();
  }

  /** Number of entries (pending and failed). */
  async size(): Promise<number> {
    return (await this.list()).length;
  }

  /** Deletes an entry (by idempotency key `id`) for good. Returns whether it existed. */
  async discard(id: string): Promise<boolean> {
    const s = await this.store;
    const e = (await s.all()).find((x) => x.id === id);
    if (!e) return false;
    await s.remove(e.seq!);
    await this.count(-1, e.state === 'failed' ? -1 : 0);
    return true;
  }

  /** Makes a failed entry pending again (after the learner fixed the cause) and replays it. */
  async retry(id: string): Promise<void> {
    const s = await this.store;
    const e = (await s.all()).find((x) => x.id === id && x.state === 'failed');
    if (!e) return;
    await s.update({ ...e, state: 'pending' });
    await this.count(0, -1);
    this.kick();
  }

  /** Runs replay rounds now; resolves when they end (sent, or stopped until the next try). */
  flush(): Promise<void> {
    this.kick();
    return this.chain ?? Promise.resolve();
  }

  /** @internal Starts a round, or asks the running one to go again. */
  kick(): void {
    if (this.closed) return;
    this.halted = undefined;
    if (this.chain) return void (this.again = true);
    clearTimeout(this.timer);
    const loop = async (): Promise<void> => {
      try {
        do {
          this.again = false;
          const lock = (globalThis.navigator as Navigator | undefined)?.locks;
          // One tab replays at a time; others skip (their entries are the same rows).
          if (lock) await lock.request(this.lockName, { ifAvailable: true }, (l) => (l ? this.round() : this.schedule(false, 0)));
          else await this.round();
        } while (this.again && !this.closed);
      } catch {
        // A closed database mid-round: the next page load replays.
      } finally {
        // Cleared in the same step as the last `again` check, so a kick is never lost.
        this.chain = undefined;
      }
    };
    this.chain = loop();
  }

  /** @internal Stops timers and listeners; pending promises reject as queued. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    globalThis.removeEventListener?.('online', this.online);
    this.rejectWaiters(new FurrowNetworkError('Furrow client closed; the write stays queued', {}));
  }

  private async count(dSize: number, dFailed: number): Promise<void> {
    const c = await this.counts;
    c.size += dSize;
    c.failed += dFailed;
    this.events.emit('outbox', { ...c });
  }

  private async round(): Promise<void> {
    const s = await this.store;
    const pending = (await s.all()).filter((e) => e.state === 'pending');
    if (!pending.length) return;
    if ((globalThis.navigator as Navigator | undefined)?.onLine === false) {
      // Known offline: spend no requests; the `online` event starts the next round.
      this.again = false;
      this.halted = Object.assign(new FurrowNetworkError('Offline; writes stay queued', {}), { queued: true });
      return this.rejectWaiters(this.halted);
    }
    this.events.emit('sync:start', { pending: pending.length });
    const groups = new Map<string, OutboxEntry[]>();
    for (const e of pending) groups.set(e.key, [...(groups.get(e.key) ?? []), e]);
    const queues = [...groups.values()];
    let sent = 0;
    let failed = 0;
    let halt: FurrowError | undefined;
    let soft: FurrowError | undefined;
    let netFails = 0;
    const worker = async () => {
      for (let q; !halt && !this.closed && (q = queues.shift()); ) {
        for (const e of q) {
          if (halt || this.closed) break;
          const r = await this.sendOne(s, e);
          if (r === 'sent') [sent, netFails] = [sent + 1, 0];
          else if (r === 'failed') failed++;
          else {
            // No valid token, rate-limited, or no connection (three network failures in a row,
            // so one dropped packet on a flaky link does not stall everything): every other
            // send would fail the same way, so stop the round rather than burn the learner's data.
            if (r.status === 401 || r.status === 429 || (r.status === 0 && ++netFails >= 3)) halt = r;
            else soft = r;
            break; // keep this resource's order: later writes wait behind the failed one
          }
        }
      }
    };
    await Promise.all(Array.from({ length: DEFAULTS.outboxConcurrency }, worker));
    const left = pending.length - sent - failed;
    const error = halt ?? soft;
    if (error) {
      error.queued = true;
      if (halt) [this.again, this.halted] = [false, halt]; // the next try is the timer's (or `online`'s)
      // A halt means nothing gets through now: every waiting write (also those queued during
      // this round) learns it is queued at once instead of hanging until the next round.
      this.rejectWaiters(error, halt ? undefined : pending.map((e) => e.id));
      this.events.emit('sync:fail', { error, pending: left });
      this.schedule(sent > 0, (error as { retryAfter?: number }).retryAfter ?? 0);
    } else this.failures = 0;
    this.events.emit('sync:finish', { sent, failed, pending: left });
  }

  private async sendOne(s: OfflineStore, e: OutboxEntry): Promise<Outcome> {
    let res: unknown;
    try {
      res = await this.sendEntry(e);
    } catch (err) {
      const fe = isFurrowError(err) ? err : new FurrowNetworkError(String(err), {});
      const next: OutboxEntry = { ...e, attempts: e.attempts + 1, error: fe.toJSON() };
      if (fe.status === 401 || isTransient(fe)) {
        await s.update(next);
        fe.queued = true;
        this.settle(e.id, fe);
        return fe;
      }
      await s.update({ ...next, state: 'failed' });
      await this.count(0, 1);
      this.events.emit('write:failed', { entry: { ...next, state: 'failed' }, error: fe });
      this.settle(e.id, fe);
      return 'failed';
    }
    await s.remove(e.seq!); // only now: the server has it
    await this.count(-1, 0);
    this.settle(e.id, undefined, res);
    return 'sent';
  }

  private settle(id: string, error?: unknown, value?: unknown): void {
    const w = this.waiters.get(id);
    this.waiters.delete(id);
    if (error) w?.reject(error);
    else w?.resolve(value);
  }

  private rejectWaiters(error: FurrowError, ids: Iterable<string> = [...this.waiters.keys()]): void {
    for (const id of ids) this.settle(id, error);
  }

  private schedule(progressed: boolean, retryAfter: number): void {
    this.failures = progressed ? 1 : this.failures + 1;
    const base = Math.min(DEFAULTS.outboxBackoffMax, DEFAULTS.outboxBackoffBase * 2 ** (this.failures - 1));
    const delay = Math.max(retryAfter, base * (0.5 + Math.random() / 2));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), delay);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
