#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createFurrowServer, findRepoRoot, type StaticMount } from './standalone.js';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import { lockDataDir } from './db/lock.js';
import { migrate } from './db/migrate.js';
import { seedDemo, demoSeeders } from './seed/index.js';
import type { Db } from './db/types.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { operatorCommand } from './commands/operator.js';
import { sitesCommand } from './commands/sites.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { announceServer } from './commands/target.js';

const USAGE = `Usage: furrow-server <command> [options]

Commands:
  start        Run the server (migrations run first)
  migrate      Apply database migrations and exit
  seed-demo    Load the demo catalogue (idempotent) and print the demo keys
  operator create --email E [--name N]     Create the operator (prints a one-time password)
  operator reset-password --email E        Give the operator a new one-time password
  sites …      Partner sites and their keys: create, update, list, show, add-origin, remove-origin,
               rotate-key, suspend, resume, delete ("furrow-server sites" for details)
  backup --out FILE                        A consistent backup of the PGlite data directory
  restore --from FILE [--force]            Restore one into --data-dir (server stopped)

Options:
  --port N         Port to listen on (default 8787; 0 picks a free one)
  --host H         Interface to bind (default 127.0.0.1)
  --data-dir DIR   PGlite data directory (default ./.furrow-data); ignored when DATABASE_URL is set
  --demo           With start: load demo data if missing and print the demo keys
  --public-url URL The URL partners reach this server at (default http://HOST:PORT)
  --ready-json     With start: print one JSON line {"event":"ready",...} when listening
  --static P=DIR   Also serve DIR under URL prefix P (repeatable; adds to the defaults: the CDN
                   build at /cdn, demo media at /media and, in a checkout, examples at / and docs)
  --trust-proxy    Behind a reverse proxy: take the client IP (rate limits) from X-Forwarded-For
                   and TLS from X-Forwarded-Proto (also FURROW_TRUST_PROXY=1)
  --write-rate-limit N|off       Writes per minute per user (or IP when anonymous), per instance (default 6000)
  --site-write-rate-limit N|off  Writes per minute per partner site, per instance (default 30000)
  --url URL, --email E, --token T  sites/backup through a running server as the operator
                   (password from FURROW_OPERATOR_PASSWORD; token also from FURROW_OPERATOR_TOKEN)
  --json           sites/operator: print JSON
  -h, --help       Show this help

Environment: DATABASE_URL (PostgreSQL), STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE, SMTP_URL, FURROW_PUBLIC_URL,
FURROW_OPERATOR_PASSWORD, FURROW_OPERATOR_TOKEN, FURROW_TRUST_PROXY.`;

async function openDb(dataDir: string): Promise<{ db: Db; release: () => void }> {
  if (process.env.DATABASE_URL) return { db: await openPostgres(process.env.DATABASE_URL), release: () => {} };
  const release = lockDataDir(dataDir);
  try {
    return { db: await openPglite(dataDir), release };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * What a checkout serves besides the router (which serves its own CDN build and demo media,
 * installed or not): the examples at `/` and the docs site at `/docs`.
 */
function defaultStatic(): StaticMount[] {
  const root = findRepoRoot(fileURLToPath(new URL('.', import.meta.url)));
  if (!root) return [];
  return [
    { prefix: '/', dir: resolve(root, 'examples'), csp: true },
    { prefix: '/docs', dir: resolve(root, 'docs/site'), csp: true },
  ];
}

/**
 * `--static P=DIR` mounts added to the defaults; one given for a default's prefix replaces it.
 * They get no CSP: the server cannot tell from a page what a folder of yours loads.
 */
function staticMounts(given: string[] | undefined): StaticMount[] {
  const extra = (given ?? []).map((s) => {
    const i = s.indexOf('=');
    if (i < 1) throw new Error(`--static expects PREFIX=DIR, got ${s}`);
    return { prefix: s.slice(0, i), dir: resolve(s.slice(i + 1)) };
  });
  const norm = (p: string) => p.replace(/\/$/, '') || '/';
  return [...defaultStatic().filter((d) => !extra.some((e) => norm(e.prefix) === norm(d.prefix))), ...extra];
}

/** `--trust-proxy`, else `FURROW_TRUST_PROXY` (1/true/yes). */
function trustProxyOf(flag: boolean | undefined, env: string | undefined): boolean {
  if (flag) return true;
  return /^(1|true|yes|on)$/i.test(env ?? '');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' },
      'public-url': { type: 'string' }, 'ready-json': { type: 'boolean' }, static: { type: 'string', multiple: true }, 'write-rate-limit': { type: 'string' },
      'site-write-rate-limit': { type: 'string' }, 'trust-proxy': { type: 'boolean' },
      // operator, sites, backup, restore
      email: { type: 'string' }, name: { type: 'string' }, origin: { type: 'string', multiple: true }, 'admin-email': { type: 'string' },
      'admin-name': { type: 'string' }, locale: { type: 'string' }, currency: { type: 'string' }, kind: { type: 'string' },
      'max-embed-role': { type: 'string' }, 'shares-content': { type: 'string' },
      'expire-old-in': { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' },
      out: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    process.exit(command || values.help ? 0 : 1);
  }
  const dataDir = resolve(values['data-dir'] ?? '.furrow-data');

  if (command === 'operator') return operatorCommand(dataDir, positionals[1], values);
  if (command === 'sites') return sitesCommand(dataDir, positionals.slice(1), values);
  if (command === 'backup') return backupCommand(dataDir, values);
  if (command === 'restore') return restoreCommand(dataDir, values);
  if (command === 'migrate' || command === 'seed-demo') {
    const { db, release } = await openDb(dataDir);
    try {
      const applied = await migrate(db);
      console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
      if (command === 'seed-demo') printDemo(await seedDemoKeepingKey(db, dataDir));
    } finally {
      await db.close();
      release();
    }
    return;
  }
  if (command !== 'start') {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    process.exit(1);
  }

  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const host = values.host ?? '127.0.0.1';
  const mounts = staticMounts(values.static);
  // STRIPE_API_BASE points the Stripe client elsewhere (stripe-mock, a test double).
  const stripeBase = process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE) : null;
  const stripe = process.env.STRIPE_SECRET_KEY
    ? {
        secretKey: process.env.STRIPE_SECRET_KEY, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? '',
        ...(stripeBase ? { host: stripeBase.hostname, port: Number(stripeBase.port || (stripeBase.protocol === 'http:' ? 80 : 443)), protocol: stripeBase.protocol === 'http:' ? ('http' as const) : ('https' as const) } : {}),
      }
    : undefined;
  const smtpUrl = process.env.SMTP_URL ? new URL(process.env.SMTP_URL) : null;
  const { server, router } = createFurrowServer({
    database: process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir },
    static: mounts,
    stripe,
    smtp: smtpUrl ? { host: smtpUrl.hostname, port: Number(smtpUrl.port || 587), secure: smtpUrl.protocol === 'smtps:', auth: smtpUrl.username ? { user: decodeURIComponent(smtpUrl.username), pass: decodeURIComponent(smtpUrl.password) } : undefined } : undefined,
    mailDir: resolve(dataDir, 'mail'),
    exposeConfirmationTokens: values.demo === true,
    writeRateLimitPerMinute: parseRateLimit(values['write-rate-limit'], '--write-rate-limit'),
    siteWriteRateLimitPerMinute: parseRateLimit(values['site-write-rate-limit'], '--site-write-rate-limit'),
    trustProxy: trustProxyOf(values['trust-proxy'], process.env.FURROW_TRUST_PROXY),
  });
  let services;
  try {
    services = await router.ready;
  } catch (err) {
    console.error(`furrow-server: ${(err as Error).message}`);
    process.exit(1);
  }
  let demo = null;
  if (values.demo) demo = await seedDemoKeepingKey(services.db, dataDir);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const addr = server.address() as AddressInfo;
  const url = values['public-url'] ?? process.env.FURROW_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  services.publicUrl = url.replace(/\/$/, '');
  // Tells `furrow-server sites …` and `backup`, run beside this server, where to reach it.
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const unannounce = services.db.kind === 'pglite' ? announceServer(dataDir, `http://${local.includes(':') ? `[${local}]` : local}:${addr.port}`) : () => {};
  if (values['ready-json']) {
    console.log(JSON.stringify({ event: 'ready', url: services.publicUrl, publishableKey: demo?.publishableKey ?? null, secretKey: demo?.secretKey ?? null, database: services.db.kind }));
  } else {
    console.log(`\n  Furrow is running at ${services.publicUrl}/\n`);
    console.log(`  Storage: ${services.db.kind === 'pglite' ? `PGlite in ${dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
    if (demo) printDemo(demo);
    console.log('  Press Ctrl+C to stop.\n');
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    unannounce();
    server.close();
    server.closeAllConnections();
    await router.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function parseRateLimit(v: string | undefined, flag: string): number | false | undefined {
  if (v === undefined) return undefined;
  if (v === 'off') return false;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive whole number or "off", got ${v}`);
  return n;
}

/**
 * Seeds the demo and keeps its secret key stable across restarts: the key is kept in
 * `<data-dir>/demo-secret-key` (readable by this user only) and reused while it works.
 */
async function seedDemoKeepingKey(db: Db, dataDir: string): Promise<Awaited<ReturnType<typeof seedDemo>>> {
  const file = resolve(dataDir, 'demo-secret-key');
  let saved: string | null = null;
  try {
    saved = readFileSync(file, 'utf8').trim();
  } catch {
    /* first run */
  }
  const demo = await seedDemo(db, demoSeeders, { secretKey: saved });
  if (demo.secretKey !== saved) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, demo.secretKey + '\n', { mode: 0o600 });
  }
  return demo;
}

function printDemo(d: Awaited<ReturnType<typeof seedDemo>>): void {
  console.log(`  Demo data: ${d.seeded ? 'loaded' : 'already present'}`);
  console.log(`  Publishable key: ${d.publishableKey}   (allowed from http://localhost:* and http://127.0.0.1:*)`);
  console.log(`  Secret key:      ${d.secretKey}   (server-to-server only; kept across restarts in <data-dir>/demo-secret-key)`);
  console.log(`  Demo accounts:   learner ${d.accounts.learner.email} / ${d.accounts.learner.password}` +
    `, instructor ${d.accounts.sunita.email} / ${d.accounts.sunita.password}, admin ${d.accounts.admin.email} / ${d.accounts.admin.password}`);
}

main().catch((err) => {
  console.error(`furrow-server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
