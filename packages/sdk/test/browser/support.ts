// Shared setup for the SDK's browser tests.
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createFurrow, isFurrowError, type FurrowClient, type FurrowOptions } from '@furrow/sdk';

/** What web-test-runner.config.mjs serves at `/__furrow-env.js`. */
export interface FurrowTestEnv {
  baseUrl: string;
  publishableKey: string;
  secretKey: string;
}
// A variable specifier: TypeScript cannot type an absolute-path module, the browser can load it.
const ENV_URL: string = '/__furrow-env.js';
const loaded = (await import(ENV_URL)) as { env: FurrowTestEnv | null; envError: string | null };
/** The real server started by the test runner, or null (see `envError`). */
export const env = loaded.env;
export const envError = loaded.envError;

let worker: SetupWorker | undefined;

/** Starts (once per page) msw's service worker; unhandled requests go to the network. */
export async function msw(): Promise<SetupWorker> {
  if (!worker) {
    worker = setupWorker();
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  }
  return worker;
}

/** A client against the real server started by the test runner. */
export function client(options: Partial<FurrowOptions> = {}): FurrowClient {
  if (!env) throw new Error(`Furrow server not available: ${envError}`);
  return createFurrow({ baseUrl: env.baseUrl, publishableKey: env.publishableKey, ...options });
}

/** Signs a fresh learner up; returns the session. */
export async function signup(c: FurrowClient) {
  const email = `learner-${crypto.randomUUID()}@example.in`;
  return c.auth.signup({ email, password: 'correct horse battery', name: 'Asha Patil' });
}

/** True when the server does not implement the route yet (built in parallel); the test skips. */
export const notImplemented = (e: unknown): boolean =>
  isFurrowError(e) && (e.status === 501 || e.code === 'not_implemented' || e.code === 'route_not_found');

/** A free, published course with at least one lesson, from the demo catalog. */
export async function freeCourse(c: FurrowClient) {
  for await (const course of c.courses.list({ price: 'free', limit: 50 })) {
    if (course.lessonCount > 0) return c.courses.retrieve(course.id);
  }
  throw new Error('the demo catalog has no free course with lessons');
}

/** Deletes an IndexedDB database (fresh state per test). */
export function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error);
    r.onblocked = () => resolve();
  });
}
