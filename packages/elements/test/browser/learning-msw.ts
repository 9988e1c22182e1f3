// msw for the catalog, lesson-player and quiz tests: one worker per page, unhandled requests
// go to the real server.
import { setupWorker, type SetupWorker } from 'msw/browser';

let worker: SetupWorker | undefined;

/** Starts (once per page) msw's service worker. */
export async function msw(): Promise<SetupWorker> {
  if (!worker) {
    worker = setupWorker();
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  }
  return worker;
}

/** Deletes an IndexedDB database (the provider's offline cache) for a fresh state. */
export function deleteDb(name = 'furrow'): Promise<void> {
  return new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
}
