import type { Emitter, FurrowEvents } from '../emitter.js';
import { Outbox } from './outbox.js';
import { MemoryStore, type OfflineStore, type OutboxEntry } from './store.js';

/** The offline machinery of one client: its store and its outbox. */
export interface OfflineRuntime {
  store: OfflineStore;
  outbox: Outbox;
}

/**
 * Opens the offline store (IndexedDB in browsers, memory where there is none) and starts the
 * outbox. Loaded with `import()` by `createFurrow` only when `offline` is on, so sites that
 * never go offline do not download `idb` and the outbox.
 *
 * @example
 * ```ts
 * const { store, outbox } = await startOffline('furrow', sendEntry, events);
 * ```
 */
export async function startOffline(
  dbName: string,
  sendEntry: (e: OutboxEntry) => Promise<unknown>,
  events: Emitter<FurrowEvents>,
): Promise<OfflineRuntime> {
  const store =
    typeof indexedDB === 'undefined' ? new MemoryStore() : await (await import('./idb-store.js')).openIdbStore(dbName);
  return { store, outbox: new Outbox(Promise.resolve(store), sendEntry, events, `furrow-outbox:${dbName}`) };
}
