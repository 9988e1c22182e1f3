/**
 * `@furrow/sdk/offline` — the building blocks of offline mode (outbox, stores, downloads), for
 * tests and custom runtimes. `createFurrow({ offline: true })` loads them itself with
 * `import()`; they live behind their own entry so that importing `@furrow/sdk` never pulls
 * `idb` and the outbox into a page that stays online (a bundler splitting on `import()` would
 * otherwise see a static edge from the main entry and load the chunk eagerly).
 *
 * @packageDocumentation
 */
export { Outbox } from './lib/offline/outbox.js';
export { MemoryStore } from './lib/offline/store.js';
export type { OfflineStore, OutboxEntry, CacheRecord } from './lib/offline/store.js';
export { openIdbStore, DB_VERSION } from './lib/offline/idb-store.js';
export type { FurrowDB } from './lib/offline/idb-store.js';
export { planDownload, downloadCourse } from './lib/offline/downloads.js';
export type { DownloadPlan, DownloadResult, DownloadOptions } from './lib/offline/downloads.js';
