import type { User } from '@furrow/schema';
import { CACHED_OPERATIONS, DEFAULTS, OUTBOX_OPERATIONS } from './constants.js';
import type { DeviceTokenStore } from './device-token.js';
import type { FurrowClient } from './client-types.js';
import { Emitter, type FurrowEvents } from './emitter.js';
import { FurrowError } from './errors/furrow-error.js';
import { isTransient } from './errors/to-furrow-error.js';
import type { OfflineRuntime } from './offline/runtime.js';
import type { OutboxEntry } from './offline/store.js';
import { validateOptions, type FurrowOptions } from './options.js';
import { pagePromise } from './pagination.js';
import { METHODS, ROUTE_TABLE, type OperationId } from './route-table.js';
import { send, type Exchange, type TransportConfig } from './transport.js';
import type { RequestOptions } from './types.js';

// Where an operation lives on the client when its id prefix is not the resource name.
const NEST: Record<string, string> = {
  me: 'auth.me',
  embedTokens: 'auth.embedTokens',
  quizQuestions: 'quizzes.questions',
  attempts: 'quizzes.attempts',
  audit: 'admin.audit',
  answers: 'questions.answers',
  slots: 'bookings.slots',
};
const RENAME: Record<string, string> = { 'badges.list': 'rewards.allBadges' };

/**
 * The dotted client path of an operation id (`'me.retrieve'` → `'auth.me.retrieve'`).
 *
 * @example
 * ```ts
 * clientPath('slots.list'); // 'bookings.slots.list'
 * ```
 */
export function clientPath(op: OperationId): string {
  const i = op.lastIndexOf('.');
  const prefix = op.slice(0, i);
  return RENAME[op] ?? (NEST[prefix] ?? prefix) + op.slice(i);
}

// crypto.randomUUID needs a secure context; partner pages on plain http still get a random key.
const uuid = (): string =>
  globalThis.crypto.randomUUID?.() ??
  [...globalThis.crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

function qs(q: object | undefined): string {
  const e = Object.entries(q ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1)); // stable cache keys
  return e.length ? '?' + new URLSearchParams(e.map(([k, v]) => [k, String(v)])) : '';
}

// Per-resource order for the outbox: progress writes of one lesson never overtake each other;
// new questions are independent rows, so they need no order and replay in parallel.
const orderKey = (op: OperationId, id: string | undefined, idem: string): string =>
  op.startsWith('progress.') ? `progress:${id}` : op === 'questions.create' ? idem : `${op}:${id ?? ''}`;

function markStale<T>(value: T, at: number): T {
  if (typeof value === 'object' && value !== null) {
    Object.defineProperties(value, { stale: { value: true }, cachedAt: { value: at } });
  }
  return value;
}

/**
 * Creates a Furrow client. See {@link FurrowOptions}; unknown options throw.
 *
 * - Auth: the publishable key goes on every call; a token (`setToken`, `auth.login`,
 *   `auth.signup`, `auth.confirmPasswordReset`) is kept in memory only and sent as
 *   `Authorization: Bearer`. The device token a sign-in returns is kept in `deviceStore`
 *   (IndexedDB with `offline`, else `localStorage`) and sent as `X-Furrow-Device` on
 *   `auth.login` only, so other people's wrong guesses never throttle this device.
 * - Lists return a {@link PagePromise}: `await` it for one page, `for await` it for all items.
 * - `offline: true`: catalog pages and course outlines are cached, downloaded lessons are kept;
 *   reads fall back to the cache on network failure and are marked `stale`. Progress, lesson
 *   completion, quiz submissions, reviews, questions and booking requests go to the outbox
 *   first; when a send fails transiently the promise rejects with an error whose `queued` is
 *   true — the write is safe and will be replayed. IndexedDB in browsers, memory in Node.
 *
 * @example
 * ```ts
 * import { createFurrow } from '@furrow/sdk';
 * const client = createFurrow({ baseUrl: 'http://127.0.0.1:4000', publishableKey: 'pk_test_furrow_demo', offline: true });
 * client.onAuthChange(({ user }) => console.log('signed in as', user?.name));
 * await client.auth.signup({ email: 'asha@example.in', password: 'correct horse', name: 'Asha' });
 * for await (const course of client.courses.list({ price: 'free' })) console.log(course.title);
 * ```
 */
export function createFurrow(options: FurrowOptions): FurrowClient {
  const o = validateOptions(options);
  const retry = typeof o.retry === 'number' ? { limit: o.retry } : o.retry;
  let token = o.token ?? null;
  let user: string | undefined;
  const events = new Emitter<FurrowEvents>();
  const cfg: TransportConfig = {
    baseUrl: o.baseUrl.replace(/\/+$/, ''),
    publishableKey: o.publishableKey,
    token: () => token,
    fetch: o.fetch,
    timeout: o.timeout ?? DEFAULTS.timeout,
    retry: {
      limit: retry?.limit ?? DEFAULTS.retryLimit,
      backoffLimit: retry?.backoffLimit ?? DEFAULTS.backoffLimit,
      maxRetryAfter: retry?.maxRetryAfter ?? DEFAULTS.maxRetryAfter,
    },
    locale: o.locale,
  };
  const dbName = (typeof o.offline === 'object' && o.offline.dbName) || DEFAULTS.dbName;
  const sendEntry = (e: OutboxEntry) =>
    // Someone else's write waits until its own user signs in again.
    e.user && user && e.user !== user
      ? Promise.reject(new FurrowError(`Queued ${e.op} belongs to another user`, { code: 'unauthenticated', status: 401 }))
      : send(cfg, { method: e.method, path: e.path, flags: ROUTE_TABLE[e.op].split(' ')[1] ?? '', json: e.body, idempotencyKey: e.id, retry: false });
  // Loaded on demand: sites that never go offline do not download idb and the outbox.
  const off: Promise<OfflineRuntime> | undefined =
    o.offline ? import('./offline/runtime.js').then((m) => m.startOffline(dbName, sendEntry, events)) : undefined;
  off?.catch(() => {}); // surfaced by the calls that need it
  // The device token: read once, before the first sign-in; storage that fails leaves it in memory.
  const dk = 'furrow:device:' + cfg.baseUrl;
  const devices: DeviceTokenStore = o.deviceStore ?? {
    get: async () => (off ? ((await (await off).store.get(dk))?.value as string) : localStorage.getItem(dk)),
    set: async (t) => void (off ? await (await off).store.put({ key: dk, value: t, at: Date.now() }) : localStorage.setItem(dk, t)),
  };
  // Read once, before the first sign-in; storage that fails (Node, blocked) leaves it in memory.
  let device = (async () => devices.get())().catch(() => null);

  function read(op: OperationId, x: Exchange): Promise<unknown> {
    // Without the offline store the request leaves now, inside the caller's call — not a
    // microtask later, after whatever the caller does next (an element's first render).
    return off ? readThrough(op, x, off) : send(cfg, x);
  }

  async function readThrough(op: OperationId, x: Exchange, runtime: Promise<OfflineRuntime>): Promise<unknown> {
    const s = (await runtime).store;
    if (!s) return send(cfg, x);
    try {
      const value = await send(cfg, x);
      const prev = await s.get(x.path).catch(() => undefined);
      if (prev || (CACHED_OPERATIONS as readonly string[]).includes(op)) {
        await s.put({ key: x.path, value, at: Date.now(), pin: prev?.pin }).catch(() => {});
      }
      return value;
    } catch (e) {
      const rec = isTransient(e) ? await s.get(x.path).catch(() => undefined) : undefined;
      if (!rec) throw e;
      return markStale(rec.value, rec.at);
    }
  }

  function invoke(op: OperationId, args: unknown[]): unknown {
    const [spec, flags = ''] = ROUTE_TABLE[op].split(' ');
    const method = METHODS[spec[0] as keyof typeof METHODS];
    const template = '/v1' + spec.slice(1);
    let i = 0;
    let id: string | undefined;
    let path = template;
    const names = template.match(/:\w+/g);
    if (names) {
      const a = args[i++];
      const params = (names.length === 1 ? { id: a } : a) as Record<string, unknown> | undefined;
      path = template.replace(/:(\w+)/g, (_, n: string) => {
        const v = params?.[n];
        if (typeof v !== 'string' || !v) throw new TypeError(`${clientPath(op)}: "${n}" must be a non-empty string`);
        return encodeURIComponent(v);
      });
      id = params?.id as string;
    }
    let body: unknown;
    let raw: BodyInit | undefined;
    let query: object | undefined;
    if (flags.includes('r')) [raw, query] = [args[i++] as BodyInit, args[i++] as object];
    else if (flags.includes('b')) body = args[i++];
    else if (flags.includes('q')) query = args[i++] as object;
    const opts = (args[i] ?? {}) as RequestOptions;
    // The server orders progress writes by this, so a late replay never rewinds a video.
    if (op === 'progress.update') body = { clientTimestamp: new Date().toISOString(), ...(body as object) };
    const idem = flags.includes('i') ? (opts.idempotencyKey ?? uuid()) : opts.idempotencyKey;
    const x: Exchange = { method, path: path + qs(query), flags, json: body, raw, idempotencyKey: idem, options: opts };
    if (method === 'GET') {
      return flags.includes('p')
        ? // The first page starts at the caller's own `cursor` ("load more" with a saved nextCursor).
          pagePromise((cursor) => read(op, { ...x, path: path + qs({ ...query, cursor: cursor ?? (query as { cursor?: string } | undefined)?.cursor }) }) as never)
        : read(op, x);
    }
    if (off && (OUTBOX_OPERATIONS as readonly string[]).includes(op)) {
      const key = idem ?? uuid();
      const entry: OutboxEntry = { id: key, op, method, path: x.path, body, key: orderKey(op, id, key), createdAt: Date.now(), attempts: 0, state: 'pending', user };
      return off.then((r) => r.outbox.submit(entry));
    }
    return send(cfg, x);
  }

  const setToken = (t: string | null, u?: User): void => {
    token = t;
    user = u?.id;
    events.emit('auth', { token: t, user: u });
    void off?.then((r) => r.outbox.kick());
  };

  // The resource tree, built from the route table so every operation is reachable.
  const tree: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
  const bind = (op: OperationId, fn: (...a: any[]) => unknown) => Object.assign(fn, { operationId: op }); // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const op of Object.keys(ROUTE_TABLE) as OperationId[]) {
    const parts = clientPath(op).split('.');
    const leaf = parts.pop()!;
    let node = tree;
    for (const p of parts) node = node[p] ??= {};
    node[leaf] = bind(op, (...a) => invoke(op, a));
  }
  for (const op of ['auth.login', 'auth.signup', 'auth.confirmPasswordReset'] as const) {
    tree.auth[op.slice(5)] = bind(op, async (...a) => {
      cfg.device = op === 'auth.login' ? await device : null;
      const sent = invoke(op, a); // its request has left with the header; no other call gets it
      cfg.device = null;
      const s = (await sent) as { token: string; user: User; deviceToken?: string };
      const t = s.deviceToken;
      if (t) device = (async () => (await devices.set(t), t))().catch(() => t);
      setToken(s.token, s.user);
      return s;
    });
  }
  for (const op of ['auth.logout', 'auth.logoutAll'] as const) {
    tree.auth[op.slice(5)] = bind(op, async (...a) => {
      try {
        return await invoke(op, a);
      } finally {
        setToken(null); // forget locally even if the server could not be told
      }
    });
  }
  const downloads = () => import('./offline/downloads.js');
  Object.assign(tree.lessons, {
    downloadSize: async (courseId: string, opts?: RequestOptions) =>
      (await downloads()).planDownload((await invoke('courses.retrieve', [courseId, opts])) as never),
    async download(courseId: string, opts?: { signal?: AbortSignal; onProgress?: (d: number, t: number) => void }) {
      const s = (await off)?.store;
      if (!s) throw new FurrowError('lessons.download needs createFurrow({ offline: true })', { code: 'offline_disabled' });
      const course = await send(cfg, { method: 'GET', path: `/v1/courses/${encodeURIComponent(courseId)}`, flags: '', options: opts });
      const lesson = (lessonId: string) => send(cfg, { method: 'GET', path: `/v1/lessons/${encodeURIComponent(lessonId)}`, flags: '', options: opts });
      return (await downloads()).downloadCourse(s, course as never, lesson as never, opts);
    },
    removeDownload: async (courseId: string) => (await off)?.store.unpin(courseId),
  });
  const ob = async () => (await off)?.outbox;
  return Object.assign(tree, {
    outbox: {
      list: async () => (await (await ob())?.list()) ?? [],
      size: async () => (await (await ob())?.size()) ?? 0,
      discard: async (id: string) => !!(await (await ob())?.discard(id)),
      retry: async (id: string) => (await ob())?.retry(id),
      flush: async () => (await ob())?.flush(),
    },
    setToken: (t: string | null) => setToken(t),
    getToken: () => token,
    onAuthChange: (fn: (e: FurrowEvents['auth']) => void) => events.on('auth', fn),
    on: events.on.bind(events),
    close() {
      void off?.then((r) => (r.outbox.close(), r.store.close()), () => {});
    },
  }) as unknown as FurrowClient;
}
