import type { FurrowErrorJSON } from '../errors/furrow-error.js';
import type { OperationId } from '../route-table.js';

/**
 * A write waiting in the outbox. It carries everything needed to send it after a reload,
 * including the idempotency key, so a replay is never counted twice by the server.
 */
export interface OutboxEntry {
  /** Insertion order, assigned by the store; replay follows it per `key`. */
  seq?: number;
  /** The idempotency key the write is sent with, every time. */
  id: string;
  op: OperationId;
  method: string;
  /** Path and query, relative to `baseUrl`. */
  path: string;
  body?: unknown;
  /** Writes with the same key are sent one by one in order (e.g. `progress:<lessonId>`). */
  key: string;
  createdAt: number;
  attempts: number;
  /** `failed`: the server refused it for good (4xx); it waits for `discard` or `retry`. */
  state: 'pending' | 'failed';
  /** The signed-in user when the write was made, if known: never replayed as someone else. */
  user?: string;
  error?: FurrowErrorJSON;
}

/** A cached read. `pin` marks downloaded lessons (by course id) so they are kept. */
export interface CacheRecord {
  key: string;
  value: unknown;
  at: number;
  pin?: string;
}

/**
 * Storage behind the offline cache and the outbox: IndexedDB in browsers, memory in Node.
 *
 * @example
 * ```ts
 * const store: OfflineStore = new MemoryStore();
 * await store.add({ id: crypto.randomUUID(), op: 'progress.complete', method: 'POST', path, key, createdAt: Date.now(), attempts: 0, state: 'pending' });
 * ```
 */
export interface OfflineStore {
  get(key: string): Promise<CacheRecord | undefined>;
  put(record: CacheRecord): Promise<void>;
  /** Deletes every cache record pinned under `pin`. */
  unpin(pin: string): Promise<void>;
  /** Adds an outbox entry and returns it with its `seq`. */
  add(entry: OutboxEntry): Promise<OutboxEntry>;
  /** Every outbox entry in `seq` order. */
  all(): Promise<OutboxEntry[]>;
  update(entry: OutboxEntry): Promise<void>;
  remove(seq: number): Promise<void>;
  close(): void;
}

/**
 * In-memory {@link OfflineStore}: what Node gets with `offline: true`, and what tests use.
 * Nothing survives the process, which is the honest behaviour without a disk store.
 *
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.put({ key: '/v1/courses', value: page, at: Date.now() });
 * ```
 */
export class MemoryStore implements OfflineStore {
  private readonly cache = new Map<string, CacheRecord>();
  private readonly queue = new Map<number, OutboxEntry>();
  private seq = 0;

  async get(key: string) {
    // A copy, like IndexedDB gives: callers may mark what they read (stale) without harm.
    const r = this.cache.get(key);
    return r && structuredClone(r);
  }
  async put(record: CacheRecord) {
    this.cache.set(record.key, structuredClone(record));
  }
  async unpin(pin: string) {
    for (const [k, r] of this.cache) if (r.pin === pin) this.cache.delete(k);
  }
  async add(entry: OutboxEntry) {
    const e = { ...structuredClone(entry), seq: ++this.seq };
    this.queue.set(e.seq, e);
    return e;
  }
  async all() {
    return [...this.queue.values()].map((e) => structuredClone(e));
  }
  async update(entry: OutboxEntry) {
    if (entry.seq !== undefined && this.queue.has(entry.seq)) this.queue.set(entry.seq, structuredClone(entry));
  }
  async remove(seq: number) {
    this.queue.delete(seq);
  }
  close() {}
}
