// Shared setup for the SDK's browser tests.
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createFurrow, type FurrowClient, type FurrowOptions } from '@furrow/sdk';

/** What web-test-runner.config.mjs serves at `/__furrow-env.js`. */
export interface FurrowTestEnv {
  baseUrl: string;
  publishableKey: string;
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

/** Calls the demo server directly (fixture setup, not what the SDK under test does). */
async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  if (!env) throw new Error(`Furrow server not available: ${envError}`);
  const r = await fetch(env.baseUrl + path, {
    method,
    headers: {
      'x-furrow-key': env.publishableKey,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`fixture ${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text) as T;
}

let instructor: Promise<string> | undefined;

/**
 * A free, published course that this test owns, created through the API as the demo
 * instructor: one section, a preview lesson (open to anyone) and two public lessons (open once
 * enrolled). Files share one demo server and earlier suites unpublish, re-price and hide demo
 * courses, so picking "the first free course" of the demo catalog is not something a test can
 * rely on. Returned as `c` sees it (locks depend on the viewer).
 */
export async function freeCourse(c: FurrowClient) {
  instructor ??= api<{ token: string }>('POST', '/v1/auth/login', { email: 'sunita@furrow.demo', password: 'furrow-teach-demo' }).then((s) => s.token);
  const token = await instructor;
  const tag = crypto.randomUUID().slice(0, 8);
  const course = await api<{ id: string }>('POST', '/v1/courses', {
    title: `SDK test course ${tag}`, description: 'A course the SDK browser tests create for themselves.',
    category: 'soil-health', level: 'beginner', languages: ['en'], price: { amount: 0, currency: 'INR' },
  }, token);
  const section = await api<{ id: string }>('POST', `/v1/courses/${course.id}/sections`, { title: 'Basics', status: 'public' }, token);
  const lessons: Array<['preview' | 'public', string]> = [['preview', 'What soil is'], ['public', 'Taking a sample'], ['public', 'Reading the report']];
  for (const [status, title] of lessons) {
    await api('POST', `/v1/sections/${section.id}/lessons`, { title, contentType: 'text', status, body: `${title}: notes for the field.` }, token);
  }
  await api('PATCH', `/v1/courses/${course.id}`, { status: 'published' }, token);
  return c.courses.retrieve(course.id);
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
