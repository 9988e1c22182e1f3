import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CacheRecord, OfflineStore, OutboxEntry } from './store.js';

/**
 * The IndexedDB schema. Bump {@link DB_VERSION} and add a step to `upgrade` for every change;
 * never edit an old step, because learners' phones hold databases of every past version.
 */
export interface FurrowDB extends DBSchema {
  cache: { key: string; value: CacheRecord; indexes: { 'by-pin': string } };
  outbox: { key: number; value: OutboxEntry };
}

/** Current schema version. v1: cache + outbox; v2: cache index by pin (downloads). */
export const DB_VERSION = 2;

/**
 * Opens (and migrates) the offline database.
 *
 * @example
 * ```ts
 * const store = await openIdbStore('furrow');
 * ```
 */
export async function openIdbStore(name: string): Promise<OfflineStore> {
  const db: IDBPDatabase<FurrowDB> = await openDB<FurrowDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('cache', { keyPath: 'key' });
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      }
      if (oldVersion < 2) tx.objectStore('cache').createIndex('by-pin', 'pin');
    },
    // Another tab upgrading must not be blocked by us: close and let it proceed.
    blocking() {
      db.close();
    },
  });
  return {
    get: (key) => db.get('cache', key),
    put: async (record) => void (await db.put('cache', record)),
    async unpin(pin) {
      const tx = db.transaction('cache', 'readwrite');
      for (const key of await tx.store.index('by-pin').getAllKeys(pin)) void tx.store.delete(key);
      await tx.done;
    },
    async add(entry) {
      const { seq: _drop, ...rest } = entry;
      return { ...rest, seq: await db.add('outbox', rest as OutboxEntry) };
    },
    all: () => db.getAll('outbox'),
    async update(entry) {
      // Only rewrite an entry that still exists: a discard may have raced a send.
      const tx = db.transaction('outbox', 'readwrite');
      if (entry.seq !== undefined && (await tx.store.getKey(entry.seq)) !== undefined) await tx.store.put(entry);
      await tx.done;
    },
    remove: (seq) => db.delete('outbox', seq),
    close: () => db.close(),
  };
}
