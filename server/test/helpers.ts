/**
 * Test helpers for the server: databases (PGlite always, PostgreSQL when
 * FURROW_TEST_DATABASE_URL is set), a running server per test file, and a small HTTP client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { wrapPglite } from '../src/db/pglite.js';
import { openPostgres } from '../src/db/postgres.js';
import { migrate } from '../src/db/migrate.js';
import type { Db } from '../src/db/types.js';
import { createFurrowRouter, type FurrowRouter } from '../src/router.js';
import type { FurrowServerOptions } from '../src/core/config.js';
import { seedDemo, demoSeeders, DEMO_ACCOUNTS } from '../src/seed/index.js';
import type { Services } from '../src/core/services.js';
import { insertSite, newSiteKey } from '../src/shared-sql/sites.js';

/** Database kinds available in this run. */
export type DbKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when FURROW_TEST_DATABASE_URL is set. */
export function dbKinds(): DbKind[] {
  return process.env.FURROW_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

let template: Promise<PGlite> | null = null;

/** A migrated PGlite template, created once per process and cloned per test (initdb is slow). */
function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const t = await PGlite.create();
    await migrate(wrapPglite(t));
    return t;
  })();
  return template;
}

/** A fresh, migrated database of the given kind; `drop()` removes it. `url` (PostgreSQL) lets other processes open it. */
export async function createTestDb(kind: DbKind): Promise<{ db: Db; drop: () => Promise<void>; url?: string }> {
  if (kind === 'pglite') {
    const clone = (await (await pgliteTemplate()).clone()) as PGlite;
    const db = wrapPglite(clone);
    return { db, drop: () => db.close() };
  }
  const base = process.env.FURROW_TEST_DATABASE_URL!;
  const name = `furrow_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 30 });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Options of a request made by {@link TestServer.request}. */
export interface RequestOptions {
  key?: string | null;
  token?: string | null;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** A response as tests see it. */
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A running server on a fresh database. */
export interface TestServer {
  url: string;
  db: Db;
  kind: DbKind;
  router: FurrowRouter;
  services: Services;
  publishableKey: string;
  secretKey: string;
  accounts: typeof DEMO_ACCOUNTS;
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<TestResponse<T>>;
  /** Signs in a demo account and returns its token. */
  login(account: keyof typeof DEMO_ACCOUNTS): Promise<string>;
  /** Creates a learner through an embed token and returns `{ token, userId }`. */
  newLearner(externalId?: string, extra?: Record<string, unknown>): Promise<{ token: string; userId: string }>;
  close(): Promise<void>;
}

/**
 * Starts a server on a fresh database with the demo data loaded.
 *
 * @example
 * ```ts
 * const s = await startTestServer('pglite');
 * const r = await s.request('GET', '/v1/courses');
 * ```
 */
export async function startTestServer(kind: DbKind, options: Partial<FurrowServerOptions> & { demo?: boolean } = {}): Promise<TestServer> {
  const { db, drop } = await createTestDb(kind);
  // Uploads go to a temporary folder, never into the checkout.
  const uploadsDir = mkdtempSync(join(tmpdir(), 'furrow-test-uploads-'));
  const router = createFurrowRouter({ database: { db }, uploadsDir, catalogPollMs: 200, writeRateLimitPerMinute: false, siteWriteRateLimitPerMinute: false, exposeConfirmationTokens: true, ...options, logger: options.logger ?? quietLogger() });
  const services = await router.ready;
  const demo = options.demo === false ? null : await seedDemo(db, demoSeeders);
  const server: Server = createServer((req, res) => router(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  services.publicUrl = url;
  const publishableKey = demo?.publishableKey ?? 'pk_none';
  const secretKey = demo?.secretKey ?? 'sk_none';

  const request = async <T>(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse<T>> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const key = opts.key === undefined ? publishableKey : opts.key;
    if (key) headers['x-furrow-key'] = key;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Buffer | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  const s: TestServer = {
    url, db, kind, router, services, publishableKey, secretKey, accounts: DEMO_ACCOUNTS, request,
    async login(account) {
      const a = DEMO_ACCOUNTS[account];
      const r = await request<{ token: string }>('POST', '/v1/auth/login', { body: { email: a.email, password: a.password } });
      if (r.status !== 200) throw new Error(`login ${account}: ${r.status} ${r.text}`);
      return r.body.token;
    },
    async newLearner(externalId = `learner-${randomBytes(4).toString('hex')}`, extra = {}) {
      const r = await request<{ token: string; user: { id: string } }>('POST', '/v1/embed-tokens', {
        key: secretKey, body: { externalId, name: `Learner ${externalId}`, email: `${externalId}@example.org`, ...extra },
      });
      if (r.status !== 201) throw new Error(`embed token: ${r.status} ${r.text}`);
      return { token: r.body.token, userId: r.body.user.id };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await router.close();
      await drop();
      rmSync(uploadsDir, { recursive: true, force: true });
    },
  };
  return s;
}

/**
 * A partner site with a publishable and a secret key, inserted directly (as the operator API
 * and the CLI do it, through `insertSite`).
 *
 * @example
 * ```ts
 * const other = await createTestSite(s.db, { name: 'Other co-op', origins: ['https://other.example'] });
 * ```
 */
export async function createTestSite(
  db: Db,
  opts: { name?: string; origins?: string[]; publishableKey?: string; secretKey?: string; maxEmbedRole?: 'student' | 'instructor' | 'admin'; sharesContent?: boolean } = {},
): Promise<{ siteId: string; publishableKey: string; secretKey: string }> {
  const secretKey = opts.secretKey ?? newSiteKey('secret', 'test');
  const r = await db.tx((q) => insertSite(q, {
    name: opts.name ?? 'Test co-op', allowedOrigins: opts.origins ?? [], publishableKey: opts.publishableKey ?? newSiteKey('publishable', 'test'), secretKey,
    maxEmbedRole: opts.maxEmbedRole, sharesContent: opts.sharesContent,
  }));
  return { siteId: r.siteId, publishableKey: r.publishableKey, secretKey };
}

/** A logger that keeps test output clean but still shows server errors when FURROW_TEST_LOG is set. */
export function quietLogger(): Pick<Console, 'info' | 'warn' | 'error'> {
  const loud = !!process.env.FURROW_TEST_LOG;
  return { info: loud ? console.info : () => {}, warn: loud ? console.warn : () => {}, error: loud ? console.error : () => {} };
}

/** Asserts the error shape and returns the error. */
export function expectError(r: TestResponse, status: number, code?: string): { code: string; message: string; details?: { path: (string | number)[] }[]; requestId: string } {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
  const e = r.body?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || typeof e.requestId !== 'string') {
    throw new Error(`not the error shape: ${r.text}`);
  }
  if (code && e.code !== code) throw new Error(`expected code ${code}, got ${e.code}: ${e.message}`);
  return e;
}
